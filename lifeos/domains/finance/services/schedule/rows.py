"""Schedule rows: create, change, delete, list; the rule read from a row's columns.

Every write recomputes the stored base projection and enqueues its events in the same
transaction (`projection.recompute_base`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from lifeos.domains.finance.errors import InvalidScheduleRow
from lifeos.domains.finance.events import ScheduleRowCreated, ScheduleRowDeleted, ScheduleRowUpdated
from lifeos.domains.finance.models import (
    Account,
    MoneyScheduleMatch,
    MoneyScheduleRow,
    MoneyScheduleScenarioRow,
)
from lifeos.domains.finance.services.schedule import recurrence as rec
from lifeos.domains.finance.services.schedule.common import (
    RULE_FIELDS,
    account_of,
    check_rule,
    get_row,
    rule_of,
)
from lifeos.domains.finance.services.schedule.projection import recompute_base
from lifeos.platform.pagination import Page, cursor_int, decode_cursor, paginate
from lifeos.platform.uow import UnitOfWork

ROW_FIELDS = ("account_id", "event_date", "amount", "memo", "amount_tolerance", "match_window_days")


def _values_of(row: MoneyScheduleRow) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(row, name) for name in ROW_FIELDS}
    for api_name, column in RULE_FIELDS.items():
        values[api_name] = getattr(row, column)
    values["weekdays"] = list(rec.parse_weekdays(row.weekdays))
    return values


def _apply(row: MoneyScheduleRow, values: dict[str, Any]) -> list[str]:
    changed = []
    for name in ROW_FIELDS:
        if name in values and getattr(row, name) != values[name]:
            setattr(row, name, values[name])
            changed.append(name)
    for api_name, column in RULE_FIELDS.items():
        if api_name not in values:
            continue
        value = values[api_name]
        if api_name == "weekdays":
            value = rec.format_weekdays(value)
        if getattr(row, column) != value:
            setattr(row, column, value)
            changed.append(api_name)
    return changed


def _validate(session: Session, user_id: int, values: dict[str, Any], account_changed: bool) -> None:
    errors: list[dict[str, str]] = []
    check_rule(values, errors)
    if errors:
        raise InvalidScheduleRow("Some fields do not fit together.", errors=errors)
    if account_changed:
        account_of(session, user_id, int(values["account_id"]))


def create_row(uow: UnitOfWork, user_id: int, today: date, values: dict[str, Any]) -> MoneyScheduleRow:
    """Insert a row (values use the API names), recompute, emit; the caller's uow commits."""

    def work() -> MoneyScheduleRow:
        session = uow.session
        _validate(session, user_id, values, account_changed=True)
        row = MoneyScheduleRow(user_id=user_id)
        _apply(row, {"memo": None, **values})
        session.add(row)
        session.flush()
        uow.emit(
            ScheduleRowCreated(
                row_id=row.id,
                user_id=user_id,
                account_id=row.account_id,
                event_date=row.event_date,
                amount=row.amount,
                recurrence=row.recurrence,
            ),
            user_id,
        )
        recompute_base(session, user_id, today, uow.emit)
        return row

    return uow.run(work)


def update_row(
    uow: UnitOfWork, user_id: int, row_id: int, today: date, changes: dict[str, Any]
) -> MoneyScheduleRow:
    """Apply `changes` (API names; only the fields sent) and check the whole row again."""

    def work() -> MoneyScheduleRow:
        session = uow.session
        row = get_row(session, user_id, row_id)
        merged = {**_values_of(row), **changes}
        if "recurrence" in changes and changes["recurrence"] != row.recurrence:
            # A new kind of rule starts clean: fields of the old kind do not carry over.
            for name in ("weekdays", "day_of_month", "month_week"):
                merged.setdefault(name, None)
                if name not in changes:
                    merged[name] = None
        _validate(session, user_id, merged, account_changed="account_id" in changes)
        changed = _apply(row, merged)
        if changed:
            session.flush()
            uow.emit(
                ScheduleRowUpdated(
                    row_id=row.id, user_id=user_id, account_id=row.account_id, fields=tuple(changed)
                ),
                user_id,
            )
            recompute_base(session, user_id, today, uow.emit)
        return row

    return uow.run(work)


def delete_row(uow: UnitOfWork, user_id: int, row_id: int, today: date) -> None:
    """Delete the row with its matches and the scenario ops that name it."""

    def work() -> None:
        session = uow.session
        row = get_row(session, user_id, row_id)
        session.execute(delete(MoneyScheduleMatch).where(MoneyScheduleMatch.row_id == row.id))
        session.execute(
            delete(MoneyScheduleScenarioRow).where(
                MoneyScheduleScenarioRow.user_id == user_id, MoneyScheduleScenarioRow.base_row_id == row.id
            )
        )
        uow.emit(ScheduleRowDeleted(row_id=row.id, user_id=user_id, account_id=row.account_id), user_id)
        session.delete(row)
        session.flush()
        recompute_base(session, user_id, today, uow.emit)

    uow.run(work)


def list_rows(
    session: Session, user_id: int, *, account_id: int | None, limit: int, cursor: str | None
) -> Page[MoneyScheduleRow]:
    """The user's rows by id (oldest first), optionally of one account."""
    stmt = select(MoneyScheduleRow).where(MoneyScheduleRow.user_id == user_id)
    if account_id is not None:
        stmt = stmt.where(MoneyScheduleRow.account_id == account_id)
    key = decode_cursor("schedule_rows", cursor, 1)
    if key is not None:
        stmt = stmt.where(MoneyScheduleRow.id > cursor_int(key[0]))
    rows = list(session.scalars(stmt.order_by(MoneyScheduleRow.id).limit(limit + 1)))
    return paginate(rows, limit, "schedule_rows", lambda r: [r.id])


@dataclass
class RowView:
    """A row as the API shows it: its columns, a reading of its rule, next and last dates."""

    id: int
    account_id: int
    account_name: str | None
    event_date: date
    amount: Decimal
    memo: str | None
    recurrence: str
    every: int
    weekdays: list[int]
    day_of_month: int | None
    month_week: int | None
    until: date | None
    count: int | None
    weekend_rule: str
    amount_tolerance: Decimal
    match_window_days: int
    description: str
    next_date: date | None
    last_date: date | None
    created_at: datetime | None
    updated_at: datetime | None


def view_rows(session: Session, user_id: int, rows: list[MoneyScheduleRow], today: date) -> list[RowView]:
    ids = {r.account_id for r in rows}
    names = dict(
        session.execute(
            select(Account.id, Account.name).where(Account.user_id == user_id, Account.id.in_(ids))
        )
        .tuples()
        .all()
    )
    out = []
    for row in rows:
        rule = rule_of(row, row.event_date)
        upcoming = next(iter(rec.occurrences(rule, date(rec.MAX_YEAR, 12, 29), since=today)), None)
        out.append(
            RowView(
                id=row.id,
                account_id=row.account_id,
                account_name=names.get(row.account_id),
                event_date=row.event_date,
                amount=row.amount,
                memo=row.memo,
                recurrence=rule.recurrence,
                every=rule.every,
                weekdays=list(rule.weekdays),
                day_of_month=row.day_of_month,
                month_week=row.month_week,
                until=row.until_date,
                count=row.occurrence_count,
                weekend_rule=rule.weekend_rule,
                amount_tolerance=row.amount_tolerance,
                match_window_days=row.match_window_days,
                description=rec.describe(rule),
                next_date=upcoming.date if upcoming else None,
                last_date=rec.last_occurrence(rule),
                created_at=row.created_at,
                updated_at=row.updated_at,
            )
        )
    return out
