"""The finance.journal.posted subscriber: a posting on a projected account rematches and
recomputes the stored projection in the worker's transaction, with `recomputed` enqueued there."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from lifeos.domains.finance.models import MoneyScheduleDailyBalance, MoneyScheduleMatch
from lifeos.platform.outbox.models import OutboxMessage
from lifeos.platform.outbox.worker import WorkerSettings, process_batch
from tests.api.finance_support import account, count, entry
from tests.api.test_finance_schedule_support import freeze, funded_bank, make_row

OPTS = WorkerSettings(backoff_jitter=0.0, poll_seconds=0.01)


def _deliver(session: Any) -> None:
    while process_batch(session, worker_id="schedule-test", settings=OPTS).claimed:
        pass


def _stored(session: Any, user_id: int) -> dict[str, str]:
    session.expire_all()
    rows = session.scalars(
        select(MoneyScheduleDailyBalance).where(MoneyScheduleDailyBalance.user_id == user_id)
    )
    return {r.as_of.isoformat(): str(r.balance) for r in rows}


def test_a_posting_rematches_and_recomputes_in_the_worker(
    client, session, monkeypatch, user_factory, auth_headers
) -> None:  # type: ignore[no-untyped-def]
    freeze(monkeypatch)  # today = 2027-03-10
    user = user_factory()
    headers = auth_headers(user)
    bank = funded_bank(client, headers)
    salary = account(client, headers, "Salary", "income", "salary")
    row = make_row(client, headers, account_id=bank, event_date="2027-03-11", amount="2500.00")
    _deliver(session)
    recomputed = count(session, OutboxMessage, event_type="finance.schedule.recomputed", user_id=user.id)
    assert _stored(session, user.id)["2027-03-11"] == "3500.00"

    # Paid a day early: the worker matches it, and the stored projection no longer expects it.
    assert (
        entry(
            client, headers, "2027-03-10", (bank, "debit", "2500.00"), (salary, "credit", "2500.00")
        ).status_code
        == 201
    )
    _deliver(session)
    match = session.scalar(select(MoneyScheduleMatch).where(MoneyScheduleMatch.row_id == row["id"]))
    assert match is not None and match.status == "matched" and match.matched_by == "auto"
    assert (
        count(session, OutboxMessage, event_type="finance.schedule.recomputed", user_id=user.id)
        == recomputed + 1
    )
    assert count(session, OutboxMessage, event_type="finance.schedule.matched", user_id=user.id) == 1
    stored = _stored(session, user.id)
    assert stored["2027-03-10"] == "3500.00" and stored["2027-03-11"] == "3500.00"

    # Delivering again changes nothing (idempotent), and a posting elsewhere does no work.
    food = account(client, headers, "Food", "expense", "groceries")
    cash_free = account(client, headers, "Card", "liability", "credit_card")
    assert (
        entry(
            client, headers, "2027-03-10", (food, "debit", "5.00"), (cash_free, "credit", "5.00")
        ).status_code
        == 201
    )
    _deliver(session)
    assert (
        count(session, OutboxMessage, event_type="finance.schedule.recomputed", user_id=user.id)
        == recomputed + 1
    )
    assert _stored(session, user.id) == stored


def test_no_rows_no_work(client, session, monkeypatch, user_factory, auth_headers) -> None:  # type: ignore[no-untyped-def]
    freeze(monkeypatch)
    user = user_factory()
    headers = auth_headers(user)
    funded_bank(client, headers)
    _deliver(session)
    assert count(session, OutboxMessage, event_type="finance.schedule.recomputed", user_id=user.id) == 0
    assert _stored(session, user.id) == {}


def test_a_burst_of_postings_recomputes_once_and_sees_them_all(  # type: ignore[no-untyped-def]
    client, session, monkeypatch, user_factory, auth_headers
) -> None:
    freeze(monkeypatch)
    user = user_factory()
    headers = auth_headers(user)
    bank = funded_bank(client, headers)
    salary = account(client, headers, "Salary", "income", "salary")
    make_row(client, headers, account_id=bank, event_date="2027-04-01", amount="-10.00")
    _deliver(session)
    before = count(session, OutboxMessage, event_type="finance.schedule.recomputed", user_id=user.id)
    for amount in ("1.00", "2.00", "3.00"):
        posted = entry(client, headers, "2027-03-10", (bank, "debit", amount), (salary, "credit", amount))
        assert posted.status_code == 201
    _deliver(session)
    assert (
        count(session, OutboxMessage, event_type="finance.schedule.recomputed", user_id=user.id) == before + 1
    )
    assert _stored(session, user.id)["2027-03-10"] == "1006.00"
