"""Chart of accounts over HTTP: types, inline creation, CRUD, scoping (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from lifeos.domains.finance.models import Account
from lifeos.platform.outbox.models import OutboxMessage
from tests.api.finance_support import API, account, count, entry, fields
from tests.support.problems import assert_problem


@pytest.fixture
def user(user_factory):  # type: ignore[no-untyped-def]
    return user_factory()


@pytest.fixture
def headers(user, auth_headers):  # type: ignore[no-untyped-def]
    return auth_headers(user)


@pytest.mark.parametrize("prefix", [API, "/finance"])
def test_types_and_subtypes_need_no_auth(client, prefix):
    types = client.get(f"{prefix}/accounts/types").get_json()["items"]
    assert [t["code"] for t in types] == ["asset", "liability", "equity", "income", "expense"]
    by_code = {t["code"]: t for t in types}
    assert [s["code"] for s in by_code["asset"]["subtypes"]] == [
        "cash",
        "bank",
        "investment",
        "property",
        "receivable",
        "other",
    ]
    assert (
        by_code["liability"]["normal_balance"] == "credit" and by_code["expense"]["normal_balance"] == "debit"
    )
    resp = client.get(f"{prefix}/accounts/subtypes/expense")
    assert resp.status_code == 200
    assert [s["code"] for s in resp.get_json()["subtypes"]] == [
        "groceries",
        "utilities",
        "rent",
        "transportation",
        "entertainment",
        "other",
    ]
    assert_problem(client.get(f"{prefix}/accounts/subtypes/dragons"), 404, "finance.unknown_account_type")


def test_inline_create_then_existing(client, session, user, headers):
    body = {"name": "My Savings", "account_type": "asset", "account_subtype": "bank"}
    first = client.post("/finance/accounts/inline", json=body, headers=headers)
    assert first.status_code == 201
    data = first.get_json()
    assert data["created"] is True
    assert data["account"]["name"] == "My Savings"
    assert data["account"]["normalized_name"] == "my savings"
    again = client.post(
        f"{API}/accounts/inline",
        headers=headers,
        json={"name": "  my   SAVINGS ", "account_type": "asset", "account_subtype": "bank"},
    )
    assert again.status_code == 200
    assert again.get_json() == {"account": data["account"], "created": False} or (
        again.get_json()["account"]["id"] == data["account"]["id"] and again.get_json()["created"] is False
    )
    assert count(session, Account, user_id=user.id) == 1
    events = count(session, OutboxMessage, event_type="finance.account.created", user_id=user.id)
    assert events == 1


def test_inline_type_clash_is_409_with_existing(client, session, user, headers):
    account(client, headers, "Visa", "liability", "credit_card")
    resp = client.post(
        f"{API}/accounts/inline",
        headers=headers,
        json={"name": "visa", "account_type": "asset", "account_subtype": "bank"},
    )
    body = assert_problem(resp, 409, "finance.account_type_conflict")
    assert body["account"]["name"] == "Visa" and body["account"]["account_type"] == "liability"
    assert count(session, Account, user_id=user.id) == 1


@pytest.mark.parametrize(
    ("payload", "bad"),
    [
        ({"name": "X", "account_type": "assets", "account_subtype": "bank"}, {"account_type"}),
        ({"name": "X", "account_type": "asset", "account_subtype": "salary"}, {"account_subtype"}),
        ({"name": "   ", "account_type": "asset", "account_subtype": "bank"}, {"name"}),
        ({"name": "", "account_type": "asset", "account_subtype": "bank"}, {"name"}),
        ({"name": "n" * 300, "account_type": "asset", "account_subtype": "bank"}, {"name"}),
        ({"name": "Ok", "account_type": "income", "account_subtype": "groceries"}, {"account_subtype"}),
    ],
)
def test_inline_invalid_is_422_and_writes_nothing(client, session, user, headers, payload, bad):
    before = count(session, Account, user_id=user.id)
    body = assert_problem(
        client.post(f"{API}/accounts/inline", json=payload, headers=headers), 422, "finance.invalid_account"
    )
    assert bad <= fields(body)
    assert count(session, Account, user_id=user.id) == before
    assert count(session, OutboxMessage, user_id=user.id) == 0


def test_inline_rejects_unknown_fields_and_wrong_types(client, session, user, headers):
    resp = client.post(
        f"{API}/accounts/inline",
        headers=headers,
        json={"name": "A", "account_type": "asset", "account_subtype": "bank", "admin": True},
    )
    assert_problem(resp, 422, "request.validation_failed")
    resp = client.post(f"{API}/accounts/inline", headers=headers, json={"name": 5, "account_type": "asset"})
    assert_problem(resp, 422)
    resp = client.post(
        f"{API}/accounts/inline", headers=headers, data="{not json", content_type="application/json"
    )
    assert resp.status_code == 400
    assert count(session, Account, user_id=user.id) == 0


def test_crud_rename_subtype_deactivate_reactivate(client, session, user, headers):
    created = client.post(
        f"{API}/accounts",
        headers=headers,
        json={"name": "Checking", "account_type": "asset", "account_subtype": "bank"},
    )
    assert created.status_code == 201
    acc_id = created.get_json()["id"]
    dup = client.post(
        f"{API}/accounts",
        headers=headers,
        json={"name": "checking", "account_type": "asset", "account_subtype": "cash"},
    )
    assert_problem(dup, 409, "finance.account_name_taken")

    renamed = client.patch(f"{API}/accounts/{acc_id}", headers=headers, json={"name": "Main  Checking"})
    assert renamed.status_code == 200
    assert renamed.get_json()["normalized_name"] == "main checking"
    other = account(client, headers, "Wallet", "asset", "cash")
    assert_problem(
        client.patch(f"{API}/accounts/{other}", headers=headers, json={"name": "MAIN checking"}),
        409,
        "finance.account_name_taken",
    )
    assert_problem(
        client.patch(f"{API}/accounts/{acc_id}", headers=headers, json={"account_subtype": "salary"}),
        422,
        "finance.invalid_account",
    )
    assert (
        client.patch(
            f"{API}/accounts/{acc_id}", headers=headers, json={"account_subtype": "investment"}
        ).get_json()["account_subtype"]
        == "investment"
    )

    off = client.post(f"{API}/accounts/{acc_id}/deactivate", headers=headers)
    assert off.status_code == 200 and off.get_json()["is_active"] is False
    hits = client.get(f"{API}/accounts/search?q=main", headers=headers).get_json()["items"]
    assert acc_id not in [h["id"] for h in hits]
    # The name is free again while the old account is inactive; reactivation then clashes.
    new_id = account(client, headers, "Main Checking", "asset", "bank")
    assert new_id != acc_id
    assert_problem(
        client.post(f"{API}/accounts/{acc_id}/reactivate", headers=headers), 409, "finance.account_name_taken"
    )
    client.post(f"{API}/accounts/{new_id}/deactivate", headers=headers)
    assert client.post(f"{API}/accounts/{acc_id}/reactivate", headers=headers).get_json()["is_active"] is True


def test_type_change_only_without_postings(client, user, headers):
    cash = account(client, headers, "Cash", "asset", "cash")
    food = account(client, headers, "Food", "expense", "groceries")
    spare = account(client, headers, "Spare", "asset", "other")
    moved = client.patch(
        f"{API}/accounts/{spare}",
        headers=headers,
        json={"account_type": "expense", "account_subtype": "other"},
    )
    assert moved.status_code == 200 and moved.get_json()["account_type"] == "expense"
    assert (
        entry(client, headers, "2025-01-02", (food, "debit", "5.00"), (cash, "credit", "5.00")).status_code
        == 201
    )
    assert_problem(
        client.patch(f"{API}/accounts/{cash}", headers=headers, json={"account_type": "expense"}),
        409,
        "finance.account_has_postings",
    )


def test_list_paginates_with_cursor(client, user, headers):
    for i in range(7):
        account(client, headers, f"Acct {i:02d}", "asset", "bank")
    seen, cursor = [], None
    while True:
        url = f"{API}/accounts?limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(url, headers=headers).get_json()
        assert len(page["items"]) <= 3
        seen += [a["name"] for a in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [f"Acct {i:02d}" for i in range(7)]
    assert_problem(client.get(f"{API}/accounts?limit=101", headers=headers), 422)
    assert_problem(
        client.get(f"{API}/accounts?cursor=garbage", headers=headers), 422, "request.invalid_cursor"
    )
    only_exp = client.get(f"{API}/accounts?type=expense", headers=headers).get_json()["items"]
    assert only_exp == []


def test_other_users_accounts_are_404(client, user_factory, auth_headers, headers):
    mine = account(client, headers, "Mine", "asset", "bank")
    intruder = auth_headers(user_factory())
    assert_problem(client.get(f"{API}/accounts/{mine}", headers=intruder), 404)
    assert_problem(client.patch(f"{API}/accounts/{mine}", headers=intruder, json={"name": "Hacked"}), 404)
    assert_problem(client.post(f"{API}/accounts/{mine}/deactivate", headers=intruder), 404)
    assert_problem(client.get(f"{API}/accounts/{mine}/ledger", headers=intruder), 404)
    assert client.get(f"{API}/accounts", headers=intruder).get_json()["items"] == []
