"""`flask finance accounts merge`: postings move, the source stays (deactivated), totals follow."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Flask


def _account(client: Any, headers: dict[str, str], name: str, type_: str, subtype: str) -> int:
    response = client.post(
        "/api/v1/finance/accounts/inline",
        json={"name": name, "account_type": type_, "account_subtype": subtype},
        headers=headers,
    )
    assert response.status_code == 201, response.get_json()
    return int(response.get_json()["account"]["id"])


def _post(client: Any, headers: dict[str, str], debit: int, credit: int, amount: str) -> None:
    response = client.post(
        "/api/v1/finance/journal",
        json={
            "date": "2026-03-01",
            "lines": [{"account_id": debit, "debit": amount}, {"account_id": credit, "credit": amount}],
        },
        headers=headers,
    )
    assert response.status_code == 201, response.get_json()


def _merge(app: Flask, user_id: int, source: int, target: int) -> Any:
    args = ["finance", "accounts", "merge", "--user-id", str(user_id), "--from", str(source)]
    return app.test_cli_runner().invoke(args=[*args, "--into", str(target)])


def _rows(report: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {row["id"]: row for group in report["groups"] for row in group["accounts"]}


def test_merge_moves_postings_and_keeps_the_source(app: Flask, user_factory: Any, auth_headers: Any) -> None:
    from lifeos.domains.finance.models import Account, AccountDailyTotal
    from lifeos.extensions import db

    user = user_factory()
    headers = auth_headers(user)
    client = app.test_client()
    old = _account(client, headers, "Old Savings", "asset", "bank")
    new = _account(client, headers, "Savings", "asset", "bank")
    equity = _account(client, headers, "Opening", "equity", "opening_balance")
    _post(client, headers, old, equity, "10.50")
    _post(client, headers, new, equity, "4.25")
    before = client.get("/api/v1/finance/trial-balance", headers=headers).get_json()

    result = _merge(app, user.id, old, new)
    assert result.exit_code == 0, result.output
    assert f"merged account {old} 'Old Savings' into {new} 'Savings'" in result.output
    assert "moved 1 finance_journal_line.account_id" in result.output

    db.session.expire_all()
    source = db.session.get(Account, old)
    assert source is not None and source.is_active is False and source.name == "Old Savings"
    after = client.get("/api/v1/finance/trial-balance", headers=headers).get_json()
    assert after["balanced"] is True and after["totals"] == before["totals"]
    assert _rows(after)[new]["debit"] == "14.75"
    assert old not in _rows(after) or _rows(after)[old]["debit"] == "0.00"
    totals = db.session.execute(
        sa.select(AccountDailyTotal.account_id, AccountDailyTotal.debit).where(
            AccountDailyTotal.user_id == user.id, AccountDailyTotal.debit > 0
        )
    ).all()
    assert [(a, str(d)) for a, d in totals] == [(new, "14.75")]
    names = [
        i["name"]
        for i in client.get("/api/v1/finance/accounts/search?q=sav", headers=headers).get_json()["items"]
    ]
    assert names == ["Savings"]  # the deactivated source leaves search
    events = db.session.execute(
        sa.text("SELECT event_type FROM platform_outbox WHERE event_type = 'finance.accounts.merged'")
    ).all()
    assert len(events) == 1


def test_merge_refuses_what_it_cannot_merge(app: Flask, user_factory: Any, auth_headers: Any) -> None:
    alice, bob = user_factory(), user_factory()
    client = app.test_client()
    a_headers, b_headers = auth_headers(alice), auth_headers(bob)
    cash = _account(client, a_headers, "Cash", "asset", "cash")
    food = _account(client, a_headers, "Food", "expense", "groceries")
    bobs = _account(client, b_headers, "Cash", "asset", "cash")

    other_type = _merge(app, alice.id, food, cash)
    assert other_type.exit_code == 1 and "finance.account_type_conflict" in other_type.output
    itself = _merge(app, alice.id, cash, cash)
    assert itself.exit_code == 1 and "finance.account_state_conflict" in itself.output
    not_hers = _merge(app, alice.id, bobs, cash)
    assert not_hers.exit_code == 1 and "finance.account_not_found" in not_hers.output
