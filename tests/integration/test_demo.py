"""`flask demo`: one seed, one data set; the books balance; every domain filled; the user's zone.

Two accounts filled with the same seed export the same document once ids, foreign keys (replaced
by the row they point at) and write stamps are set aside; another seed gives another document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from sqlalchemy import func, select

from lifeos.demo.growth import SKILLS
from lifeos.domains.finance.models import LedgerLine
from lifeos.domains.finance.services import reports
from lifeos.extensions import db
from lifeos.platform.auth.services import find_user_by_email
from lifeos.platform.clock import today_in
from lifeos.platform.export import export_user, exported_tables

# Written with "now" by the services (or by column defaults): differ between two runs.
STAMPS = {"created_at", "updated_at", "completed_at", "posted_at", "recorded_at", "last_used_at"}
TABLE_STAMPS = {"health_workout": {"performed_at"}, "health_nutrition_log": {"logged_at"}}
# Every domain's tables that the demo must fill.
FILLED = (
    "finance_account",
    "finance_journal_entry",
    "finance_journal_line",
    "finance_transaction",
    "finance_money_schedule_row",
    "finance_receivable_tracker",
    "finance_receivable_manual_entry",
    "habits_habit",
    "habits_habit_log",
    "health_biometric",
    "health_workout",
    "health_nutrition_log",
    "journal_entry",
    "skill",
    "skill_practice_session",
    "project",
    "project_task",
    "project_task_log",
    "relationships_person",
    "relationships_interaction",
)


def _demo(app: Flask, *args: str) -> Any:
    result = app.test_cli_runner().invoke(args=["demo", *args])
    db.session.remove()
    return result


def _fill(app: Flask, email: str, *args: str) -> int:
    result = _demo(app, "--email", email, *args)
    assert result.exit_code == 0, result.output
    user = find_user_by_email(db.session, email)
    assert user is not None
    return user.id


def normalise(document: dict[str, Any]) -> dict[str, Any]:
    """The tables with ids and stamps dropped and foreign keys replaced by the rows they point at."""
    by_name = {t.name: t for t in exported_tables()}
    rows_by_id = {name: {row["id"]: row for row in rows} for name, rows in document["tables"].items()}
    memo: dict[tuple[str, Any], dict[str, Any]] = {}

    def norm(table: str, row: dict[str, Any]) -> dict[str, Any]:
        key = (table, row["id"])
        if key not in memo:
            fks = {
                fk.parent.name: fk.column.table.name
                for fk in by_name[table].foreign_keys
                if fk.column.table.name in rows_by_id
            }
            skip = {"id"} | STAMPS | TABLE_STAMPS.get(table, set())
            memo[key] = {
                col: norm(fks[col], rows_by_id[fks[col]][value])
                if col in fks and value is not None
                else value
                for col, value in row.items()
                if col not in skip
            }
        return memo[key]

    return {name: [norm(name, r) for r in rows] for name, rows in document["tables"].items()}


def _export(user_id: int) -> dict[str, Any]:
    from lifeos.platform.auth.models import User

    user = db.session.get(User, user_id)
    assert user is not None
    return normalise(export_user(db.session, user))


def test_the_same_seed_gives_the_same_data_and_the_books_balance(app: Flask) -> None:
    started_on = today_in("Europe/Paris")
    first = _fill(app, "first@demo.example", "--seed", "7", "--days", "90", "--timezone", "Europe/Paris")
    second = _fill(app, "second@demo.example", "--seed", "7", "--days", "90", "--timezone", "Europe/Paris")
    other = _fill(app, "other@demo.example", "--seed", "8", "--days", "90", "--timezone", "Europe/Paris")
    if today_in("Europe/Paris") != started_on:
        pytest.skip("midnight passed in Paris between the fills: their dates differ")
    document = _export(first)
    for table in FILLED:
        assert document[table], f"the demo wrote no {table}"
    assert _export(second) == document
    assert _export(other) != document

    # A filled account is refused without --reset (nothing written); --reset refills it alike.
    refused = _demo(app, "--email", "first@demo.example", "--seed", "7", "--days", "90")
    assert refused.exit_code != 0 and "--reset" in refused.output
    assert _export(first) == document
    # Resetting an account other than the default demo one asks first; "no" leaves it alone.
    asked = app.test_cli_runner().invoke(
        args=["demo", "--email", "first@demo.example", "--seed", "8", "--reset"], input="n\n"
    )
    db.session.remove()
    assert asked.exit_code != 0 and "Delete ALL data of first@demo.example" in asked.output
    assert _export(first) == document
    assert _fill(app, "first@demo.example", "--seed", "7", "--days", "90", "--reset", "--yes") == first
    assert _export(first) == document

    # The trial balance balances and agrees with the journal lines, account by account.
    tb = reports.trial_balance(db.session, first, hide_zero=False)
    assert tb.balanced and tb.total_debit > 0
    lines = db.session.execute(
        select(LedgerLine.account_id, func.sum(LedgerLine.debit), func.sum(LedgerLine.credit))
        .where(LedgerLine.user_id == first)
        .group_by(LedgerLine.account_id)
    ).all()
    by_account = {a: (Decimal(d), Decimal(c)) for a, d, c in lines}
    for row in (row for group in tb.groups for row in group.rows):
        assert (row.debit, row.credit) == by_account.get(row.id, (Decimal(0), Decimal(0)))
    assert reports.balance_sheet(db.session, first).balanced


def _far_zone() -> str:
    """A zone whose date differs from UTC's right now (UTC+14 late in the UTC day, else UTC−11)."""
    for name in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
        if today_in(name) != today_in("UTC"):
            return name
    raise AssertionError("unreachable: one of them is always on another date")


def test_the_demo_lives_in_the_user_zone_and_fills_today(
    app: Flask, user_factory: Callable[..., Any], auth_headers: Callable[[Any], dict[str, str]]
) -> None:
    zone = _far_zone()
    user = user_factory(email="zoned@demo.example", timezone=zone)  # an existing, empty account
    headers = auth_headers(user)
    user_id = user.id
    today = today_in(zone)
    assert _fill(app, "zoned@demo.example", "--seed", "3") == user_id
    if today_in(zone) != today:
        pytest.skip("midnight passed in the user's zone while the demo was written")
    document = _export(user_id)
    assert max(e["entry_date"] for e in document["journal_entry"]) == today.isoformat()
    assert max(b["date"] for b in document["health_biometric"]) == today.isoformat()
    # Practice happens at local hours: the stored UTC instants converted back land in the plan's.
    hours = {plan.given["name"]: plan.hour for plan in SKILLS}
    for practice in document["skill_practice_session"]:
        local = dt.datetime.fromisoformat(practice["practiced_at"]).replace(tzinfo=dt.UTC)
        low, high = hours[practice["skill_id"]["name"]]
        assert low <= local.astimezone(ZoneInfo(zone)).hour <= high

    body = app.test_client().get("/api/v1/today", headers=headers).get_json()
    assert body["date"] == today.isoformat() and body["timezone"] == zone
    assert Decimal(body["cash"]["balance"]) > 0 and body["cash"]["accounts"] == 3
    habits = body["habits"]
    assert any(h["done"] for h in habits) and any(not h["done"] for h in habits)
    assert max(h["current_streak"] for h in habits) >= 10
    assert body["tasks"]["total"] >= 3  # overdue and due today
    reconnect = [p["name"] for p in body["reconnect"]]
    assert reconnect[0] == "Jonas Weber" and "Priya Raman" in reconnect  # never contacted, then overdue
    assert "Aiko Tanaka" not in reconnect  # snoozed
    assert {"Helen Novak", "Rose Novak"} <= {b["name"] for b in body["birthdays"]}
    assert body["mood"] is not None and body["mood"]["date"] == today.isoformat()
    memories = body["on_this_day"]
    assert memories["journal"] and memories["workouts"] and memories["practice"]


@pytest.mark.parametrize(
    "args", [("--days", "0"), ("--days", "30", "--years", "1"), ("--timezone", "Mars/Base")]
)
def test_bad_options_write_nothing(app: Flask, args: tuple[str, ...]) -> None:
    result = _demo(app, "--email", "bad@demo.example", *args)
    assert result.exit_code != 0
    assert find_user_by_email(db.session, "bad@demo.example") is None


def test_the_default_demo_account_signs_in_with_the_documented_password(app: Flask) -> None:
    from lifeos.demo.generate import DEMO_EMAIL, DEMO_PASSWORD

    result = _demo(app, "--days", "20")
    assert result.exit_code == 0, result.output
    assert f"sign in as {DEMO_EMAIL} / {DEMO_PASSWORD}" in result.output
    login = app.test_client().post("/auth/login", json={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
    assert login.status_code == 200, login.get_json()
    # Its reset needs no confirmation (the default demo account is the demo's own).
    again = _demo(app, "--days", "20", "--reset", "--seed", "2")
    assert again.exit_code == 0, again.output
    assert "refilled" in again.output and DEMO_PASSWORD not in again.output


def test_a_demo_that_fails_half_way_writes_nothing(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    from lifeos.demo import generate
    from lifeos.platform.outbox.models import OutboxMessage

    def broken(demo: Any) -> None:
        raise RuntimeError("the journal part broke")

    monkeypatch.setattr(generate, "journal", broken)  # the last part: every other domain is written
    outbox_before = db.session.scalar(select(func.count()).select_from(OutboxMessage))
    result = _demo(app, "--email", "half@demo.example", "--days", "20")
    assert isinstance(result.exception, RuntimeError)
    assert find_user_by_email(db.session, "half@demo.example") is None
    assert db.session.scalar(select(func.count()).select_from(LedgerLine)) == 0
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == outbox_before
