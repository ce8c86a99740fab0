"""Shared by the cash-flow schedule tests (no tests here): a frozen clock, a funded bank, shortcuts."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from typing import Any

import pytest

from tests.api.finance_support import API, account, entry

SCHEDULE = f"{API}/schedule"
# A Wednesday; the user's zone is UTC unless a test says otherwise.
TODAY = date(2027, 3, 10)
NOW = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)


def freeze(monkeypatch: pytest.MonkeyPatch, instant: datetime = NOW) -> None:
    class Frozen(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> Frozen:  # type: ignore[override]
            return cls.fromtimestamp(instant.timestamp(), tz)

    monkeypatch.setattr("lifeos.platform.clock.datetime", Frozen)


def funded_bank(client: Any, headers: dict[str, str], amount: str = "1000.00", on: str = "2027-03-01") -> int:
    """A bank account holding `amount` (opening balance posted on `on`)."""
    bank = account(client, headers, "Bank", "asset", "bank")
    equity = account(client, headers, "Opening", "equity", "opening_balance")
    resp = entry(client, headers, on, (bank, "debit", amount), (equity, "credit", amount))
    assert resp.status_code == 201, resp.get_json()
    return bank


def make_row(client: Any, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    resp = client.post(f"{SCHEDULE}/rows", json=body, headers=headers)
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()  # type: ignore[no-any-return]


def projection(client: Any, headers: dict[str, str], query: str = "days=60") -> dict[str, Any]:
    resp = client.get(f"{SCHEDULE}/projection?{query}", headers=headers)
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()  # type: ignore[no-any-return]


def balances(body: dict[str, Any]) -> dict[str, str]:
    return {d["date"]: d["balance"] for d in body["series"]}
