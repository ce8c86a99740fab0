"""What the schedule services share: reading a rule from columns, the user's account, emitting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lifeos.domains.finance.errors import AccountNotFound, InvalidScheduleRow, ScheduleRowNotFound
from lifeos.domains.finance.models import Account, MoneyScheduleRow
from lifeos.domains.finance.models.schedule import RuleColumns
from lifeos.domains.finance.services.schedule import recurrence as rec
from lifeos.platform.auth.models import User
from lifeos.platform.clock import today_in
from lifeos.platform.events import Event

# Collects an event in the caller's transaction: a UnitOfWork's emit, or the outbox enqueue
# of a subscriber's session.
Emit = Callable[[Event, int | None], None]

# Cash-like asset subtypes: the default accounts of a projection (legacy charts say checking
# or savings where the current list says bank).
CASH_SUBTYPES = ("cash", "bank", "checking", "savings")

# Request field → column (the API says `every`, `until`, `count`).
RULE_FIELDS = {
    "recurrence": "recurrence",
    "every": "repeat_every",
    "weekdays": "weekdays",
    "day_of_month": "day_of_month",
    "month_week": "month_week",
    "until": "until_date",
    "count": "occurrence_count",
    "weekend_rule": "weekend_rule",
}


def rule_of(columns: RuleColumns, start: date) -> rec.Rule:
    """The recurrence rule stored in a row's (or a scenario row's) columns."""
    return rec.Rule(
        start=start,
        recurrence=columns.recurrence or rec.ONCE,
        every=columns.repeat_every or 1,
        weekdays=rec.parse_weekdays(columns.weekdays),
        day_of_month=columns.day_of_month,
        month_week=columns.month_week,
        until=columns.until_date,
        count=columns.occurrence_count,
        weekend_rule=columns.weekend_rule or rec.KEEP,
    )


def check_rule(values: dict[str, Any], errors: list[dict[str, str]], prefix: str = "") -> None:
    """Rules across the rule's fields (API names in `values`); appends field errors."""
    kind = values.get("recurrence") or rec.ONCE
    weekdays = values.get("weekdays") or []
    start: date | None = values.get("event_date")
    until: date | None = values.get("until")

    def bad(name: str, message: str) -> None:
        errors.append({"field": prefix + name, "message": message})

    if weekdays and kind not in (rec.WEEKLY, rec.MONTHLY_WEEKDAY):
        bad("weekdays", "only for weekly or monthly_weekday rows")
    if kind == rec.MONTHLY_WEEKDAY and len(set(weekdays)) > 1:
        bad("weekdays", "a monthly_weekday row names one weekday")
    if values.get("day_of_month") is not None and kind != rec.MONTHLY_DAY:
        bad("day_of_month", "only for monthly_day rows")
    if values.get("month_week") is not None and kind != rec.MONTHLY_WEEKDAY:
        bad("month_week", "only for monthly_weekday rows")
    if kind == rec.ONCE and (until is not None or values.get("count") is not None):
        bad("until" if until is not None else "count", "a one-off row has no end")
    if kind == rec.ONCE and (values.get("every") or 1) != 1:
        bad("every", "a one-off row does not repeat")
    if until is not None and values.get("count") is not None:
        bad("count", "give an end date or a count, not both")
    if until is not None and start is not None and until < start:
        bad("until", "must not be before event_date")
    fifth_week = start is not None and (start.day - 1) // 7 + 1 == 5
    if kind == rec.MONTHLY_WEEKDAY and fifth_week and values.get("month_week") is None:
        bad("month_week", "say 5 or -1 (last) for a start in the month's 5th week")


def account_of(session: Session, user_id: int, account_id: int, field_name: str = "account_id") -> Account:
    """The user's active account, 404 when missing (or another user's), 422 when inactive."""
    account = session.scalar(select(Account).where(Account.user_id == user_id, Account.id == account_id))
    if account is None:
        raise AccountNotFound(
            f"Account {account_id} not found.", errors=[{"field": field_name, "message": "no such account"}]
        )
    if not account.is_active:
        raise InvalidScheduleRow(
            "The account is inactive.", errors=[{"field": field_name, "message": "account is inactive"}]
        )
    return account


def user_today(session: Session, user_id: int) -> date:
    """Today in the user's zone (for work outside a request: the subscriber)."""
    return today_in(session.scalar(select(User.timezone).where(User.id == user_id)))


def get_row(session: Session, user_id: int, row_id: int) -> MoneyScheduleRow:
    row = session.scalar(
        select(MoneyScheduleRow).where(MoneyScheduleRow.user_id == user_id, MoneyScheduleRow.id == row_id)
    )
    if row is None:
        raise ScheduleRowNotFound(f"Schedule row {row_id} not found.")
    return row


# pg_advisory_xact_lock(namespace, key): this namespace is the user's schedule.
SCHEDULE_LOCK_NAMESPACE = 8_004_001


def lock_schedule(session: Session, user_id: int) -> None:
    """Serialize the user's schedule writers (recompute, matching) until the transaction ends.

    Two recomputes at once would each delete the stored days and insert their own; on
    PostgreSQL the second would then hit the unique (user, day) index. SQLite writers are
    serialized already (BEGIN IMMEDIATE).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(SCHEDULE_LOCK_NAMESPACE, user_id)))
