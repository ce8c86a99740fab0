"""A habit's days: log (upsert), skip, remove, list.

One row per habit per day (`ux_habits_habit_log_habit_date`); a skip is that day's row with
`is_skip` set. Writing a day is insert-first: `INSERT … ON CONFLICT DO NOTHING`, and when the
day already has a row, an UPDATE of it — never a check-then-insert, so concurrent writes of one
day leave one row. A log and a skip of the same day replace each other: the latest write wins.
Days after today (in the user's time zone) and before 1970 cannot be written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Row, Table, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from lifeos.domains.habits.errors import HabitInactive, InvalidDate, InvalidLog, LogNotFound
from lifeos.domains.habits.events import HabitLogged, HabitSkipped, HabitUnlogged
from lifeos.domains.habits.models import Habit, HabitLog
from lifeos.domains.habits.services.habits import get_habit
from lifeos.domains.habits.services.rules import Goal
from lifeos.domains.habits.services.stats import goal_of
from lifeos.platform.database import utcnow
from lifeos.platform.errors import Conflict
from lifeos.platform.pagination import Page, cursor_date, decode_cursor, paginate
from lifeos.platform.uow import UnitOfWork

MIN_DATE = date(1970, 1, 1)
_LOG = cast(Table, HabitLog.__table__)
_UPSERT_ATTEMPTS = 5


@dataclass(frozen=True)
class DayLog:
    """One day of a habit as the API shows it (`created`: this write inserted the row)."""

    habit_id: int
    date: date
    value: Decimal | None
    note: str | None
    skipped: bool
    done: bool
    completion: float
    created_at: datetime | None
    updated_at: datetime | None
    created: bool = False


def _day_log(row: Row[Any] | HabitLog, goal: Goal, created: bool = False) -> DayLog:
    skipped = bool(row.is_skip)
    return DayLog(
        habit_id=row.habit_id,
        date=row.logged_date,
        value=row.value,
        note=row.note,
        skipped=skipped,
        done=not skipped and goal.done(row.value),
        completion=0.0 if skipped else goal.completion(row.value),
        created_at=row.created_at,
        updated_at=row.updated_at,
        created=created,
    )


def check_day(day: date, today: date) -> None:
    """A day that can be written: not after today in the user's zone, not before 1970."""
    if day > today:
        raise InvalidDate(
            f"{day.isoformat()} is in the future (today is {today.isoformat()} in your time zone).",
            errors=[{"field": "date", "message": "must not be after today"}],
        )
    if day < MIN_DATE:
        raise InvalidDate(
            f"{day.isoformat()} is too far in the past.",
            errors=[{"field": "date", "message": f"must be on or after {MIN_DATE.isoformat()}"}],
        )


def _writable(session: Session, user_id: int, habit_id: int) -> Habit:
    """The user's active habit, locked against deletion while its day is written.

    PostgreSQL: the habit row FOR SHARE (day writes run side by side; a delete waits). SQLite:
    the unit of work already holds the write lock (BEGIN IMMEDIATE).
    """
    stmt = select(Habit).where(Habit.user_id == user_id, Habit.id == habit_id)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(read=True)
    habit = session.scalar(stmt)
    if habit is None:
        habit = get_habit(session, user_id, habit_id)  # raises the 404
    if not habit.is_active:
        raise HabitInactive(f"Habit {habit_id} is deactivated; reactivate it to log days.")
    return habit


def check_value(habit: Habit, value: Decimal | None) -> None:
    """Numeric habits need a value; yes/no habits take none, 1 (done) or 0 (not done)."""
    if goal_of(habit).numeric:
        if value is None:
            raise InvalidLog(
                "A numeric habit needs a value.",
                errors=[{"field": "value", "message": "required for a numeric habit"}],
            )
    elif value is not None and value not in (0, 1):
        raise InvalidLog(
            "A yes/no habit takes no value, 1 (done) or 0 (not done).",
            errors=[{"field": "value", "message": "must be 0 or 1 for a yes/no habit"}],
        )


def _write_day(session: Session, habit: Habit, day: date, fields: dict[str, Any]) -> tuple[Row[Any], bool]:
    """Insert the day's row or, when it exists, replace its fields; (row, inserted)."""
    make = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    for _ in range(_UPSERT_ATTEMPTS):
        now = utcnow()
        inserted = session.execute(
            make(_LOG)
            .values(
                user_id=habit.user_id,
                habit_id=habit.id,
                logged_date=day,
                created_at=now,
                updated_at=now,
                **fields,
            )
            .on_conflict_do_nothing(index_elements=[_LOG.c.habit_id, _LOG.c.logged_date])
            .returning(*_LOG.c)
        ).first()
        if inserted is not None:
            return inserted, True
        updated = session.execute(
            update(_LOG)
            .where(_LOG.c.habit_id == habit.id, _LOG.c.logged_date == day, _LOG.c.user_id == habit.user_id)
            .values(updated_at=now, **fields)
            .returning(*_LOG.c)
        ).first()
        if updated is not None:
            return updated, False
        # The row was deleted between the two statements: insert again.
    raise Conflict("The day kept changing while it was being written; try again.")


def log_day(
    uow: UnitOfWork,
    user_id: int,
    habit_id: int,
    day: date,
    today: date,
    *,
    value: Decimal | None = None,
    note: str | None = None,
) -> DayLog:
    """Log a day (replacing that day's log or skip). Emits `habits.habit.logged`."""
    check_day(day, today)
    session = uow.session

    def work() -> DayLog:
        habit = _writable(session, user_id, habit_id)
        check_value(habit, value)
        row, created = _write_day(session, habit, day, {"value": value, "note": note, "is_skip": False})
        result = _day_log(row, goal_of(habit), created)
        uow.emit(
            HabitLogged(
                habit_id=habit.id,
                user_id=user_id,
                logged_date=day,
                value=result.value,
                done=result.done,
                created=created,
            ),
            user_id,
        )
        return result

    return uow.run(work)


def skip_day(
    uow: UnitOfWork, user_id: int, habit_id: int, day: date, today: date, *, note: str | None = None
) -> DayLog:
    """Mark a day skipped (replacing that day's log). Emits `habits.habit.skipped`."""
    check_day(day, today)
    session = uow.session

    def work() -> DayLog:
        habit = _writable(session, user_id, habit_id)
        row, created = _write_day(session, habit, day, {"value": None, "note": note, "is_skip": True})
        uow.emit(HabitSkipped(habit_id=habit.id, user_id=user_id, skipped_date=day, created=created), user_id)
        return _day_log(row, goal_of(habit), created)

    return uow.run(work)


def remove_day(uow: UnitOfWork, user_id: int, habit_id: int, day: date) -> None:
    """Remove the day's log or skip; 404 when the day has neither. Emits `habits.habit.unlogged`."""
    session = uow.session

    def work() -> None:
        habit = _writable(session, user_id, habit_id)
        was_skip = session.scalar(
            delete(HabitLog)
            .where(HabitLog.user_id == user_id, HabitLog.habit_id == habit.id, HabitLog.logged_date == day)
            .returning(HabitLog.is_skip)
        )
        if was_skip is None:
            raise LogNotFound(f"Habit {habit_id} has no log on {day.isoformat()}.")
        uow.emit(
            HabitUnlogged(habit_id=habit.id, user_id=user_id, logged_date=day, was_skip=bool(was_skip)),
            user_id,
        )

    uow.run(work)


def list_days(
    session: Session,
    user_id: int,
    habit_id: int,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int,
    cursor: str | None = None,
) -> Page[DayLog]:
    """The habit's logs and skips, newest first, keyset-paginated by date."""
    habit = get_habit(session, user_id, habit_id)
    stmt = select(*_LOG.c).where(_LOG.c.user_id == user_id, _LOG.c.habit_id == habit.id)
    if date_from is not None:
        stmt = stmt.where(_LOG.c.logged_date >= date_from)
    if date_to is not None:
        stmt = stmt.where(_LOG.c.logged_date <= date_to)
    key = decode_cursor("habit_logs", cursor, 1)
    if key is not None:
        stmt = stmt.where(_LOG.c.logged_date < cursor_date(key[0]))
    rows = session.execute(stmt.order_by(_LOG.c.logged_date.desc()).limit(limit + 1)).all()
    goal = goal_of(habit)
    return paginate([_day_log(r, goal) for r in rows], limit, "habit_logs", lambda d: [d.date.isoformat()])
