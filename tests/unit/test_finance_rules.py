"""Pure finance rules: amounts, account validation, line checks, cursors, LIKE escaping."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lifeos.domains.finance.account_types import ACCOUNT_TYPES, normal_balance
from lifeos.domains.finance.errors import InvalidAccount, InvalidEntry, UnbalancedEntry
from lifeos.domains.finance.services.accounts import validate_account
from lifeos.domains.finance.services.entries import LineInput, check_lines
from lifeos.platform.database import like_escape
from lifeos.platform.money import parse_amount
from lifeos.platform.pagination import InvalidCursor, decode_cursor, encode_cursor


@pytest.mark.parametrize("good", ["12.34", "1", 5, Decimal("0.01"), "7.5", "+0.5", "1000000000000000"])
def test_parse_amount_accepts(good):
    assert parse_amount(good) == Decimal(str(good).strip()).quantize(Decimal("0.01"))


@pytest.mark.parametrize(
    "bad",
    [
        "0",
        0,
        "-1",
        "1.005",
        "NaN",
        "Infinity",
        "abc",
        "",
        1.5,
        True,
        None,
        "1000000000000000.01",
        Decimal("sNaN"),
        "1e2",  # an exponent is not how anyone writes an amount
        " 7.5 ",  # as written: spaces are not part of an amount
        "007.50",
        "1.500",
        "٣",  # digits in other scripts are not ASCII digits
        Decimal("1E+2"),
        "1.",
    ],
)
def test_parse_amount_rejects(bad):
    with pytest.raises(ValueError):
        parse_amount(bad)


def test_types_and_normal_balances():
    assert list(ACCOUNT_TYPES) == ["asset", "liability", "equity", "income", "expense"]
    assert [normal_balance(t) for t in ACCOUNT_TYPES] == ["debit", "credit", "credit", "credit", "debit"]
    assert ACCOUNT_TYPES["equity"].subtype_codes == (
        "contributed",
        "retained_earnings",
        "opening_balance",
        "other",
    )


def test_validate_account_collects_every_field():
    with pytest.raises(InvalidAccount) as exc:
        validate_account("  ", "cash", "bank")
    assert {e["field"] for e in exc.value.errors} == {"name", "account_type"}
    ok = validate_account("  My   Ｓavings ", "asset", "bank")
    assert (ok.name, ok.normalized_name) == ("My Ｓavings", "my savings")
    with pytest.raises(InvalidAccount):
        validate_account("x" * 256, "asset", "bank")


def test_check_lines():
    with pytest.raises(InvalidEntry):
        check_lines([LineInput(1, debit=Decimal("1"))])
    with pytest.raises(UnbalancedEntry) as exc:
        check_lines([LineInput(1, debit=Decimal("1.00")), LineInput(2, credit=Decimal("0.99"))])
    assert "lines[1].credit" in {e["field"] for e in exc.value.errors}
    with pytest.raises(InvalidEntry) as bad:
        check_lines(
            [LineInput(1, debit=Decimal("1"), credit=Decimal("1")), LineInput(2, credit=Decimal("-1"))]
        )
    assert {e["field"] for e in bad.value.errors} == {"lines[0]", "lines[1].credit"}
    lines = check_lines(
        [
            LineInput(1, debit=Decimal("0.10")),
            LineInput(1, debit=Decimal("0.20")),
            LineInput(2, credit=Decimal("0.30")),
        ]
    )
    assert sum(ln.debit for ln in lines) == Decimal("0.30")


def test_cursor_round_trip_and_tampering():
    cur = encode_cursor("journal", ["2025-01-01", 5])
    assert decode_cursor("journal", cur, 2) == ["2025-01-01", 5]
    for bad in ("###", encode_cursor("accounts", ["a", 1]), encode_cursor("journal", [1])):
        with pytest.raises(InvalidCursor):
            decode_cursor("journal", bad, 2)


def test_like_escape():
    assert like_escape("100%_a\\b") == "100\\%\\_a\\\\b"


@given(st.one_of(st.from_regex(r"[+-]?[0-9.]{0,22}", fullmatch=True), st.text(max_size=24)))
@settings(max_examples=400, deadline=None)
def test_the_documented_amount_pattern_is_exactly_what_is_accepted(text):
    """The OpenAPI pattern for amounts and parse_amount agree on every string."""
    import re

    from lifeos.platform.money import _POSITIVE_2DP

    documented = re.fullmatch(_POSITIVE_2DP, text) is not None
    try:
        parse_amount(text)
        accepted = True
    except ValueError:
        accepted = False
    assert documented == accepted, text
