"""Helpers shared by the finance tests (HTTP shortcuts and row counts).

`assert_problem` lives in tests/support/problems.py (every domain uses it).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

API = "/api/v1/finance"


def fields(body: dict[str, Any]) -> set[str]:
    return {e["field"] for e in body.get("errors", [])}


def account(
    client: Any, headers: dict[str, str], name: str, account_type: str = "asset", subtype: str | None = None
) -> int:
    """Create (or fetch) an account inline and return its id."""
    subtype = (
        subtype
        or {
            "asset": "bank",
            "liability": "credit_card",
            "equity": "opening_balance",
            "income": "salary",
            "expense": "groceries",
        }[account_type]
    )
    resp = client.post(
        f"{API}/accounts/inline",
        json={"name": name, "account_type": account_type, "account_subtype": subtype},
        headers=headers,
    )
    assert resp.status_code in (200, 201), resp.get_json()
    return resp.get_json()["account"]["id"]


def entry(
    client: Any, headers: dict[str, str], on: str, *lines: tuple[int, str, str], description: str = "test"
) -> Any:
    """Post an entry; each line is (account_id, 'debit'|'credit', amount)."""
    body = {
        "date": on,
        "description": description,
        "lines": [{"account_id": a, side: amount} for a, side, amount in lines],
    }
    return client.post(f"{API}/journal", json=body, headers=headers)


def count(session: Any, model: Any, **where: Any) -> int:
    stmt = select(func.count()).select_from(model)
    for key, value in where.items():
        stmt = stmt.where(getattr(model, key) == value)
    session.expire_all()
    return int(session.scalar(stmt) or 0)
