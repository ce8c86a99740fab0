"""Journal entries over HTTP: posting rules, idempotency, reversal, listing, transactions."""

from __future__ import annotations

import pytest

from lifeos.domains.finance.models import Account, LedgerEntry, LedgerLine, Transaction
from lifeos.platform.outbox.models import OutboxMessage
from tests.api.finance_support import API, account, count, entry, fields
from tests.support.problems import assert_problem


@pytest.fixture
def user(user_factory):  # type: ignore[no-untyped-def]
    return user_factory()


@pytest.fixture
def headers(user, auth_headers):  # type: ignore[no-untyped-def]
    return auth_headers(user)


@pytest.fixture
def accts(client, headers):  # type: ignore[no-untyped-def]
    return {
        "bank": account(client, headers, "Bank", "asset", "bank"),
        "food": account(client, headers, "Food", "expense", "groceries"),
        "salary": account(client, headers, "Salary", "income", "salary"),
    }


def test_post_balanced_entry_via_guide_path(client, session, user, headers, accts):
    body = {
        "date": "2025-03-01",
        "description": "Groceries",
        "lines": [
            {"account_id": accts["food"], "debit": "12.34", "memo": "veg"},
            {"account_id": accts["bank"], "credit": 12.34},
        ],
    }
    resp = client.post("/finance/journal", json=body, headers=headers)
    assert resp.status_code == 201, resp.get_json()
    data = resp.get_json()
    assert data["date"] == "2025-03-01" and data["totals"] == {"debit": "12.34", "credit": "12.34"}
    assert [(ln["account_id"], ln["debit"], ln["credit"]) for ln in data["lines"]] == [
        (accts["food"], "12.34", None),
        (accts["bank"], None, "12.34"),
    ]
    assert data["lines"][0]["account_name"] == "Food"
    got = client.get(f"{API}/journal/{data['id']}", headers=headers).get_json()
    assert got == data
    food = session.get(Account, accts["food"])
    assert food.use_count == 1 and food.last_used_at is not None
    assert count(session, OutboxMessage, event_type="finance.journal.posted", user_id=user.id) == 1


BAD_LINES = [
    ([("food", "debit", "10.00"), ("bank", "credit", "9.99")], "finance.unbalanced_entry", "lines"),
    ([("food", "debit", "10.00")], "finance.invalid_entry", "lines"),
    ([("food", "debit", "0"), ("bank", "credit", "0")], "request.validation_failed", "lines[0].debit"),
    (
        [("food", "debit", "-5.00"), ("bank", "credit", "-5.00")],
        "request.validation_failed",
        "lines[0].debit",
    ),
    (
        [("food", "debit", "1.005"), ("bank", "credit", "1.005")],
        "request.validation_failed",
        "lines[1].credit",
    ),
    ([("food", "debit", "NaN"), ("bank", "credit", "NaN")], "request.validation_failed", "lines[0].debit"),
    ([("food", "debit", "Infinity"), ("bank", "credit", "1")], "request.validation_failed", "lines[0].debit"),
    (
        [("food", "debit", "1000000000000000.01"), ("bank", "credit", "1000000000000000.01")],
        "request.validation_failed",
        "lines[0].debit",
    ),
]


@pytest.mark.parametrize(("lines", "code", "field"), BAD_LINES)
def test_invalid_entries_are_422_and_write_nothing(client, session, user, headers, accts, lines, code, field):
    before = (
        count(session, LedgerEntry, user_id=user.id),
        count(session, LedgerLine, user_id=user.id),
        count(session, OutboxMessage, event_type="finance.journal.posted"),
    )
    resp = entry(client, headers, "2025-03-01", *[(accts[a], side, amt) for a, side, amt in lines])
    body = assert_problem(resp, 422, code)
    assert field in fields(body)
    after = (
        count(session, LedgerEntry, user_id=user.id),
        count(session, LedgerLine, user_id=user.id),
        count(session, OutboxMessage, event_type="finance.journal.posted"),
    )
    assert after == before
    assert session.get(Account, accts["food"]).use_count == 0


def test_raw_json_numbers_never_go_through_float(client, session, user, headers, accts):
    # 0.1 + 0.2 is 0.30000000000000004 in floats; exact decimals balance.
    food, bank = accts["food"], accts["bank"]
    raw = (
        f'{{"date":"2025-03-01","lines":[{{"account_id":{food},"debit":0.1}},{{"account_id":{food},"debit":0.2}},'
        f'{{"account_id":{bank},"credit":0.3}}]}}'
    )
    resp = client.post(f"{API}/journal", data=raw, content_type="application/json", headers=headers)
    assert resp.status_code == 201, resp.get_json()
    three_dp = raw.replace("0.3}", "0.300000000000000001}")
    assert_problem(
        client.post(f"{API}/journal", data=three_dp, content_type="application/json", headers=headers), 422
    )
    nan = raw.replace("0.3}", "NaN}")  # not JSON (RFC 8259), so the body does not parse
    assert_problem(
        client.post(f"{API}/journal", data=nan, content_type="application/json", headers=headers),
        400,
        "request.malformed_json",
    )


def test_line_needs_exactly_one_side(client, headers, accts):
    body = {
        "date": "2025-03-01",
        "lines": [
            {"account_id": accts["food"], "debit": "1", "credit": "1"},
            {"account_id": accts["bank"], "credit": "1"},
        ],
    }
    assert "lines[0]" in fields(
        assert_problem(client.post(f"{API}/journal", json=body, headers=headers), 422)
    )
    body["lines"][0] = {"account_id": accts["food"]}
    assert_problem(client.post(f"{API}/journal", json=body, headers=headers), 422)
    body = {"date": "2025-02-30", "lines": []}
    assert "date" in fields(assert_problem(client.post(f"{API}/journal", json=body, headers=headers), 422))


def test_inactive_or_foreign_accounts_are_invalid(
    client, session, user, headers, accts, user_factory, auth_headers
):
    stranger = auth_headers(user_factory())
    theirs = account(client, stranger, "Their Bank", "asset", "bank")
    resp = entry(client, headers, "2025-03-01", (accts["food"], "debit", "5"), (theirs, "credit", "5"))
    body = assert_problem(resp, 422, "finance.invalid_account")
    assert fields(body) == {"lines[1].account_id"}
    client.post(f"{API}/accounts/{accts['bank']}/deactivate", headers=headers)
    resp = entry(client, headers, "2025-03-01", (accts["food"], "debit", "5"), (accts["bank"], "credit", "5"))
    assert fields(assert_problem(resp, 422, "finance.invalid_account")) == {"lines[1].account_id"}
    resp = entry(client, headers, "2025-03-01", (accts["food"], "debit", "5"), (999999, "credit", "5"))
    assert_problem(resp, 422, "finance.invalid_account")
    assert count(session, LedgerEntry, user_id=user.id) == 0


def test_idempotency_key_returns_first_entry(client, session, user, headers, accts):
    body = {
        "date": "2025-03-02",
        "description": "Rent",
        "lines": [
            {"account_id": accts["food"], "debit": "100.00"},
            {"account_id": accts["bank"], "credit": "100.00"},
        ],
    }
    keyed = {**headers, "Idempotency-Key": "abc-123"}
    first = client.post(f"{API}/journal", json=body, headers=keyed)
    second = client.post(f"{API}/journal", json=body, headers=keyed)
    assert first.status_code == 201 and second.status_code == 200
    assert second.get_json()["id"] == first.get_json()["id"]
    assert count(session, LedgerEntry, user_id=user.id) == 1
    changed = {**body, "description": "Other"}
    assert_problem(
        client.post(f"{API}/journal", json=changed, headers=keyed), 422, "finance.idempotency_key_reused"
    )
    assert count(session, LedgerEntry, user_id=user.id) == 1


def test_reverse_restores_balances_and_only_once(client, headers, accts):
    posted = entry(
        client, headers, "2025-03-03", (accts["food"], "debit", "40.00"), (accts["bank"], "credit", "40.00")
    )
    entry_id = posted.get_json()["id"]
    before = client.get(f"{API}/trial-balance?as_of=2025-03-02", headers=headers).get_json()
    rev = client.post(f"{API}/journal/{entry_id}/reverse", json={"date": "2025-03-04"}, headers=headers)
    assert rev.status_code == 201
    data = rev.get_json()
    assert data["reversal_of_id"] == entry_id and data["source"] == "reversal"
    assert [(ln["account_id"], ln["debit"], ln["credit"]) for ln in data["lines"]] == [
        (accts["food"], None, "40.00"),
        (accts["bank"], "40.00", None),
    ]
    after = client.get(f"{API}/trial-balance?hide_zero=false", headers=headers).get_json()
    balances = {a["id"]: a["balance"] for g in after["groups"] for a in g["accounts"]}
    old = {a["id"]: a["balance"] for g in before["groups"] for a in g["accounts"]}
    assert balances[accts["food"]] == old[accts["food"]] == "0.00"
    assert balances[accts["bank"]] == "0.00"
    assert_problem(
        client.post(f"{API}/journal/{entry_id}/reverse", json={}, headers=headers),
        409,
        "finance.entry_already_reversed",
    )
    assert_problem(
        client.post(f"{API}/journal/{data['id']}/reverse", json={}, headers=headers),
        409,
        "finance.entry_is_reversal",
    )


def test_entries_are_immutable(client, headers, accts):
    posted = entry(
        client, headers, "2025-03-03", (accts["food"], "debit", "1"), (accts["bank"], "credit", "1")
    )
    entry_id = posted.get_json()["id"]
    assert client.patch(f"{API}/journal/{entry_id}", json={}, headers=headers).status_code == 405
    assert client.delete(f"{API}/journal/{entry_id}", headers=headers).status_code == 405


def test_list_filters_and_pagination(client, headers, accts):
    for day in range(1, 8):
        entry(
            client,
            headers,
            f"2025-04-{day:02d}",
            (accts["food"], "debit", "1"),
            (accts["bank"], "credit", "1"),
            description=f"shop {day}",
        )
    entry(
        client,
        headers,
        "2025-04-10",
        (accts["bank"], "debit", "9"),
        (accts["salary"], "credit", "9"),
        description="pay day",
    )
    ids, cursor = [], None
    while True:
        page = client.get(
            f"{API}/journal?limit=3" + (f"&cursor={cursor}" if cursor else ""), headers=headers
        ).get_json()
        ids += [e["date"] for e in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert ids == sorted(ids, reverse=True) and len(ids) == 8
    ranged = client.get(f"{API}/journal?from=2025-04-02&to=2025-04-03", headers=headers).get_json()["items"]
    assert [e["date"] for e in ranged] == ["2025-04-03", "2025-04-02"]
    by_acct = client.get(f"{API}/journal?account_id={accts['salary']}", headers=headers).get_json()["items"]
    assert [e["description"] for e in by_acct] == ["pay day"]
    assert [
        e["description"] for e in client.get(f"{API}/journal?q=PAY", headers=headers).get_json()["items"]
    ] == ["pay day"]
    assert_problem(client.get(f"{API}/journal?from=April", headers=headers), 422)


def test_transactions_post_their_entry(client, session, user, headers, accts):
    resp = client.post(
        f"{API}/transactions",
        headers=headers,
        json={
            "date": "2025-05-01",
            "amount": "25.50",
            "description": "Market",
            "counterparty": "Farmer",
            "from_account_id": accts["bank"],
            "to_account_id": accts["food"],
            "external_id": "csv-1",
        },
    )
    assert resp.status_code == 201, resp.get_json()
    tx = resp.get_json()
    assert tx["amount"] == "25.50" and tx["date"] == "2025-05-01"
    posted = client.get(f"{API}/journal/{tx['journal_entry_id']}", headers=headers).get_json()
    assert [(ln["account_id"], ln["debit"], ln["credit"]) for ln in posted["lines"]] == [
        (accts["food"], "25.50", None),
        (accts["bank"], None, "25.50"),
    ]
    assert client.get(f"{API}/transactions/{tx['id']}", headers=headers).get_json() == tx
    assert [t["id"] for t in client.get(f"{API}/transactions", headers=headers).get_json()["items"]] == [
        tx["id"]
    ]
    dup = client.post(
        f"{API}/transactions",
        headers=headers,
        json={
            "date": "2025-05-01",
            "amount": "1",
            "from_account_id": accts["bank"],
            "to_account_id": accts["food"],
            "external_id": "csv-1",
        },
    )
    assert_problem(dup, 409, "finance.duplicate_transaction")
    bad = client.post(
        f"{API}/transactions",
        headers=headers,
        json={
            "date": "2025-05-01",
            "amount": "0.001",
            "from_account_id": accts["bank"],
            "to_account_id": accts["food"],
        },
    )
    assert_problem(bad, 422)
    same = client.post(
        f"{API}/transactions",
        headers=headers,
        json={
            "date": "2025-05-01",
            "amount": "3",
            "from_account_id": accts["bank"],
            "to_account_id": accts["bank"],
        },
    )
    assert_problem(same, 422, "finance.invalid_transaction")
    assert count(session, Transaction, user_id=user.id) == 1
