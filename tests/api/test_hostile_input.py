"""Hostile input gets a 4xx with a stable code and field details, and nothing is written.

Each case was a 500 (or a silent acceptance) before: ids past the INTEGER range, NUL
characters, deep nesting, end-of-calendar dates, forged cursors, bodies that are not JSON,
amounts with exponents. Every test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from lifeos.domains.finance.models import Account, LedgerEntry
from tests.api.finance_support import API, account, count, entry, fields
from tests.support.problems import assert_problem


@pytest.fixture
def headers(user_factory, auth_headers) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return auth_headers(user_factory())  # type: ignore[no-any-return]


def _cursor(kind: str, key: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps([kind, key]).encode()).decode().rstrip("=")


@pytest.mark.parametrize("account_id", ["2147483648", "9223372036854775808", "99999999999999999999999"])
def test_ids_past_the_integer_range_are_missing(client, headers, account_id: str) -> None:  # type: ignore[no-untyped-def]
    for path in (
        f"{API}/accounts/{account_id}",
        f"{API}/journal/{account_id}",
        f"{API}/transactions/{account_id}",
    ):
        assert_problem(client.get(path, headers=headers), 404, "request.not_found")
    assert_problem(client.post(f"{API}/accounts/{account_id}/deactivate", headers=headers), 404)
    patch = client.patch(f"{API}/accounts/{account_id}", json={"name": "x"}, headers=headers)
    assert_problem(patch, 404, "request.not_found")


def test_ids_past_the_range_in_queries_and_bodies_are_422(client, headers, session) -> None:  # type: ignore[no-untyped-def]
    body = assert_problem(client.get(f"{API}/journal?account_id=2147483648", headers=headers), 422)
    assert fields(body) == {"account_id"}
    bank = account(client, headers, "Bank")
    response = entry(client, headers, "2026-01-05", (2147483648, "debit", "1.00"), (bank, "credit", "1.00"))
    assert "lines[0].account_id" in fields(assert_problem(response, 422))
    huge = '{"date":"2026-01-05","lines":[{"account_id":1e309,"debit":"1.00"}]}'
    response = client.post(
        f"{API}/journal", data=huge, headers={**headers, "Content-Type": "application/json"}
    )
    assert_problem(response, 400, "request.malformed_json")
    assert count(session, LedgerEntry) == 0


def test_nul_characters_are_refused_everywhere(client, headers, session) -> None:  # type: ignore[no-untyped-def]
    body = {"name": "Sav\u0000ings", "account_type": "asset", "account_subtype": "bank"}
    problem = assert_problem(client.post(f"{API}/accounts", json=body, headers=headers), 422)
    assert fields(problem) == {"name"}
    assert_problem(client.get(f"{API}/accounts/search?q=%00", headers=headers), 422)
    bank = account(client, headers, "Bank")
    food = account(client, headers, "Food", "expense")
    nul_memo = {
        "date": "2026-01-05",
        "lines": [
            {"account_id": food, "debit": "1.00", "memo": "a\u0000b"},
            {"account_id": bank, "credit": "1.00"},
        ],
    }
    problem = assert_problem(client.post(f"{API}/journal", json=nul_memo, headers=headers), 422)
    assert fields(problem) == {"lines[0].memo"}
    # Without a token too: the login body is checked before anything touches the database.
    login = client.post("/api/v1/auth/login", json={"email": "a\u0000@x.io", "password": "x"})
    assert_problem(login, 422, "request.validation_failed")
    # A lone surrogate (valid JSON, not storable as UTF-8) is refused the same way.
    raw = '{"name": "Sav\\ud800ings", "account_type": "asset", "account_subtype": "bank"}'
    response = client.post(
        f"{API}/accounts", data=raw, headers={**headers, "Content-Type": "application/json"}
    )
    assert fields(assert_problem(response, 422)) == {"name"}
    assert count(session, Account) == 2 and count(session, LedgerEntry) == 0


def test_deep_nesting_is_a_400_also_on_login(client, headers) -> None:  # type: ignore[no-untyped-def]
    deep = "[" * 1000 + "]" * 1000
    for path, extra in ((f"{API}/journal", headers), ("/api/v1/auth/login", {})):
        raw = '{"date": "2026-01-05", "lines": ' + deep + "}"
        response = client.post(path, data=raw, headers={**extra, "Content-Type": "application/json"})
        assert_problem(response, 400, "request.malformed_json")


@pytest.mark.parametrize(
    "path",
    [
        "/trial-balance?as_of=9999-12-31",
        "/trial-balance?from=9999-12-02",
        "/reports/balance-sheet?as_of=9999-12-31",
        "/reports/income-statement?from=0001-01-01&to=9999-12-31",
        "/journal?from=9999-12-31",
    ],
)
def test_end_of_calendar_dates_are_422(client, headers, path: str) -> None:  # type: ignore[no-untyped-def]
    body = assert_problem(client.get(f"{API}{path}", headers=headers), 422, "request.validation_failed")
    assert body["errors"][0]["message"] == "must be between 1900-01-01 and 2999-12-31"


def test_ledger_end_of_calendar_and_forged_cursors(client, headers) -> None:  # type: ignore[no-untyped-def]
    bank = account(client, headers, "Bank")
    assert_problem(client.get(f"{API}/accounts/{bank}/ledger?to=9999-12-31", headers=headers), 422)
    forged = {
        "/accounts": _cursor("accounts", ["a", "x"]),
        "/journal": _cursor("journal", [1, "x"]),
        "/transactions": _cursor("transactions", ["2026-01-01T00:00:00", 2**40]),
        f"/accounts/{bank}/ledger": _cursor(f"ledger:{bank}:asc", ["9999-99-99", 1]),
    }
    for path, cursor in forged.items():
        response = client.get(f"{API}{path}?cursor={cursor}", headers=headers)
        assert fields(assert_problem(response, 422, "request.invalid_cursor")) == {"cursor"}, path


@pytest.mark.parametrize(
    ("content_type", "data"),
    [
        ("text/plain", '{"name": "X", "account_type": "asset"}'),
        ("application/x-www-form-urlencoded", "name=X&account_type=asset"),
        (
            "multipart/form-data; boundary=b",
            '--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nX\r\n--b--\r\n',
        ),
    ],
)
def test_a_body_that_is_not_json_is_415(client, headers, session, content_type: str, data: str) -> None:  # type: ignore[no-untyped-def]
    response = client.post(f"{API}/accounts", data=data, headers={**headers, "Content-Type": content_type})
    assert_problem(response, 415, "request.unsupported_media_type")
    assert count(session, Account) == 0


def test_amounts_are_plain_decimals(client, headers, session) -> None:  # type: ignore[no-untyped-def]
    bank = account(client, headers, "Bank")
    food = account(client, headers, "Food", "expense")
    problem = assert_problem(
        entry(client, headers, "2026-01-05", (food, "debit", "1e2"), (bank, "credit", "100")), 422
    )
    assert "lines[0].debit" in fields(problem)
    lines = f'[{{"account_id": {food}, "debit": 1e2}}, {{"account_id": {bank}, "credit": 100}}]'
    raw = '{"date": "2026-01-05", "lines": ' + lines + "}"
    response = client.post(
        f"{API}/journal", data=raw, headers={**headers, "Content-Type": "application/json"}
    )
    assert_problem(response, 400, "request.malformed_json")
    nan = raw.replace("1e2", "NaN")
    response = client.post(
        f"{API}/journal", data=nan, headers={**headers, "Content-Type": "application/json"}
    )
    assert_problem(response, 400, "request.malformed_json")
    assert count(session, LedgerEntry) == 0


def test_the_journal_list_names_each_lines_account(client, headers) -> None:  # type: ignore[no-untyped-def]
    bank = account(client, headers, "Bank")
    food = account(client, headers, "Food", "expense")
    assert (
        entry(client, headers, "2026-01-05", (food, "debit", "3.00"), (bank, "credit", "3.00")).status_code
        == 201
    )
    items = client.get(f"{API}/journal", headers=headers).get_json()["items"]
    assert [line["account_name"] for line in items[0]["lines"]] == ["Food", "Bank"]


def test_sql_parameters_never_reach_errors_or_logs(app) -> None:  # type: ignore[no-untyped-def]
    from lifeos.extensions import db

    assert db.engine.hide_parameters is True
