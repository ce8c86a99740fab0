"""Bank amounts: signs, decimal marks, thousands, and ambiguity that is flagged, never guessed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifeos.domains.finance.services.imports import amounts


@pytest.mark.parametrize(
    ("text", "mark", "expected"),
    [
        ("1.234,56", ",", "1234.56"),
        ("1.234,56", None, "1234.56"),
        ("1,234.56", None, "1234.56"),
        ("(12.50)", ".", "-12.50"),
        ("12.50-", ".", "-12.50"),
        ("\u221212.50", ".", "-12.50"),
        ("-12,50", ",", "-12.50"),
        ("+7", ".", "7.00"),
        ("1 234,5", ",", "1234.50"),
        ("1\u00a0234\u202f567,00", ",", "1234567.00"),
        ("1'234.00", ".", "1234.00"),
        ("EUR 12,50", ",", "12.50"),
        ("-$1,000.00", ".", "-1000.00"),
        ("12,50 €", ",", "12.50"),
        ("1.000", ",", "1000.00"),
        ("1.000", ".", "1.00"),
        ("0.5", None, "0.50"),
    ],
)
def test_amounts_parse(text: str, mark: amounts.Mark | None, expected: str) -> None:
    assert amounts.parse(text, mark) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "mark", "why"),
    [
        ("1.000", None, "ambiguous"),
        ("1,000", None, "ambiguous"),
        ("twelve", ".", "not a number"),
        ("12.345", ".", "more than 2 decimal places"),
        ("1,23,456.00", ".", "misplaced thousands"),
        ("(-12.50)", ".", "more than one minus"),
        ("12.", ".", "not a number"),
        ("1.234,56", ".", "decimal mark"),
        ("", ".", "not a number"),
    ],
)
def test_bad_amounts_say_why(text: str, mark: amounts.Mark | None, why: str) -> None:
    with pytest.raises(amounts.AmountError, match=why):
        amounts.parse(text, mark)


def test_the_file_decides_the_mark() -> None:
    assert amounts.decide_mark(["1.000", "12,50"]) == (",", [])
    assert amounts.decide_mark(["1.000", "2.000"]) == (None, [])
    assert amounts.decide_mark(["1.234,56", "7,00", "1,234.56"]) == (",", ["1,234.56"])
    assert amounts.decide_mark(["12", "-3"]) == (None, [])


def _write(value: Decimal, mark: str, grouped: bool, style: str) -> str:
    whole, _, cents = f"{abs(value):.2f}".partition(".")
    if grouped:
        sep = "." if mark == "," else ","
        whole = f"{int(whole):,}".replace(",", sep)
    text = f"{whole}{mark}{cents}"
    if value >= 0:
        return text
    return {"minus": f"-{text}", "unicode": f"\u2212{text}", "trailing": f"{text}-", "parens": f"({text})"}[
        style
    ]


@given(
    cents=st.integers(min_value=-(10**14), max_value=10**14).filter(lambda c: c != 0),
    mark=st.sampled_from([".", ","]),
    grouped=st.booleans(),
    style=st.sampled_from(["minus", "unicode", "trailing", "parens"]),
)
def test_any_written_amount_reads_back(cents: int, mark: amounts.Mark, grouped: bool, style: str) -> None:
    value = Decimal(cents) / 100
    text = _write(value, mark, grouped, style)
    assert amounts.parse(text, mark) == value
    # With the mark undecided it is never read as another number: right, or an error.
    try:
        assert amounts.parse(text, None) == value
    except amounts.AmountError as exc:
        assert "ambiguous" in str(exc)
