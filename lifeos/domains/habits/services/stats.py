"""Stats of a habit and the today list: load the day rows, apply the pure rules (`rules`).

The stats of a habit are one indexed Core query (by habit id) reading only the columns the
rules need, then the rules over a flat day timeline in memory: 10 years of daily logs stay in
milliseconds (bench/habit_stats.py). The today list reads the last RECENT_DAYS days of every
due habit in one query, and a habit's whole history only when its run spans all of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, timedelta, tzinfo
from decimal import Decimal
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from lifeos.domains.habits.models import (
    AT_MOST,
    KIND_NUMERIC,
    SCHEDULE_WEEKDAYS,
    SCHEDULE_WEEKLY,
    Habit,
    HabitLog,
)
from lifeos.domains.habits.services import rules
from lifeos.domains.habits.services.habits import get_habit

Record = rules.Record
_LOG = cast(Table, HabitLog.__table__)
# The today list reads this many recent days (from a Monday); a run that is unbroken over all of
# them is followed back through the habit's whole history.
RECENT_DAYS = 400


def goal_of(habit: Habit) -> rules.Goal:
    numeric = habit.kind == KIND_NUMERIC
    return rules.Goal(
        numeric=numeric,
        target=habit.target_value if numeric else None,
        direction=rules.AT_MOST if habit.target_direction == AT_MOST else rules.AT_LEAST,
    )


def schedule_of(habit: Habit) -> rules.Schedule:
    if habit.schedule_type == SCHEDULE_WEEKLY:
        return rules.Schedule(rules.TIMES_PER_WEEK, per_week=habit.target_count or 1)
    if habit.schedule_type == SCHEDULE_WEEKDAYS:
        days = frozenset(d for d in (habit.schedule_days or []) if isinstance(d, int) and 1 <= d <= 7)
        return rules.Schedule(rules.WEEKDAYS, weekdays=days or frozenset(range(1, 8)))
    return rules.Schedule(rules.DAILY)


def created_on(habit: Habit, zone: tzinfo) -> date:
    """The day the habit was created, in the user's time zone."""
    return habit.created_at.replace(tzinfo=UTC).astimezone(zone).date()


def habit_records(session: Session, user_id: int, habit_id: int) -> Sequence[Record]:
    """The habit's (day, value, is_skip) rows, fetched in one go (no per-row work here)."""
    stmt = select(_LOG.c.logged_date, _LOG.c.value, _LOG.c.is_skip).where(
        _LOG.c.user_id == user_id, _LOG.c.habit_id == habit_id
    )
    return session.execute(stmt).tuples().all()


def day_records(
    session: Session, user_id: int, habit_ids: list[int], *, since: date | None = None
) -> dict[int, list[Record]]:
    """Habit id → its (day, value, is_skip) rows from `since` on, for several habits at once."""
    out: dict[int, list[Record]] = defaultdict(list)
    if not habit_ids:
        return out
    stmt = select(_LOG.c.habit_id, _LOG.c.logged_date, _LOG.c.value, _LOG.c.is_skip).where(
        _LOG.c.user_id == user_id, _LOG.c.habit_id.in_(habit_ids)
    )
    if since is not None:
        stmt = stmt.where(_LOG.c.logged_date >= since)
    for habit_id, day, value, is_skip in session.execute(stmt).tuples().all():
        out[habit_id].append((day, value, is_skip))
    return out


@dataclass(frozen=True)
class HabitStats:
    habit_id: int
    as_of: date
    streak_unit: str
    current_streak: int
    longest_streak: int
    strength: float
    completion: list[rules.Rate]
    total_done: int
    total_skipped: int
    first_date: date | None
    last_done_date: date | None
    done_today: bool
    due_today: bool


def stats_of(habit: Habit, records: Sequence[Record], today: date, zone: tzinfo) -> HabitStats:
    """The stats of a habit from its day records (pure: no database)."""
    schedule = schedule_of(habit)
    line = rules.timeline(records, goal_of(habit), schedule, today)
    first = min((r[0] for r in records), default=None)
    created = created_on(habit, zone)
    summary = rules.summarize(line, schedule, created if first is None else min(first, created))
    return HabitStats(
        habit_id=habit.id,
        as_of=today,
        streak_unit=summary.streaks.unit,
        current_streak=summary.streaks.current,
        longest_streak=summary.streaks.longest,
        strength=summary.strength,
        completion=summary.rates,
        total_done=summary.total_done,
        total_skipped=summary.total_skipped,
        first_date=summary.first_date,
        last_done_date=summary.last_done_date,
        done_today=line.state[line.last] == rules.DONE,
        due_today=bool(habit.is_active and not habit.is_paused and rules.is_due(line, schedule)),
    )


def habit_stats(session: Session, user_id: int, habit_id: int, today: date, zone: tzinfo) -> HabitStats:
    """Streaks, strength and completion rates of one habit as of `today` (the user's date)."""
    habit = get_habit(session, user_id, habit_id)
    return stats_of(habit, habit_records(session, user_id, habit.id), today, zone)


@dataclass(frozen=True)
class TodayItem:
    habit: Habit
    done: bool
    skipped: bool
    value: Decimal | None
    note: str | None
    streak_unit: str
    current_streak: int
    streak_if_done: int
    week_done: int | None
    week_target: int | None


@dataclass(frozen=True)
class TodayBoard:
    date: date
    items: list[TodayItem]


def today_board(session: Session, user_id: int, today: date) -> TodayBoard:
    """The active, unpaused habits due today, whether each is done, and what ticking would do."""
    habits = list(
        session.scalars(
            select(Habit)
            .where(Habit.user_id == user_id, Habit.is_active.is_(True), Habit.is_paused.is_(False))
            .order_by(Habit.name, Habit.id)
        )
    )
    since = rules.week_start(today - timedelta(days=RECENT_DAYS))
    records = day_records(session, user_id, [h.id for h in habits], since=since)
    today_rows = select(HabitLog.habit_id, HabitLog.value, HabitLog.note).where(
        HabitLog.user_id == user_id, HabitLog.logged_date == today
    )
    logged = {habit_id: (value, note) for habit_id, value, note in session.execute(today_rows).tuples()}
    items = []
    for habit in habits:
        schedule = schedule_of(habit)
        window = (today - since).days + 1
        line = rules.timeline(records.get(habit.id, []), goal_of(habit), schedule, today, min_days=window)
        if not rules.is_due(line, schedule):
            continue
        if rules.unbroken(line, schedule):  # the run may go back further: read it all
            full = habit_records(session, user_id, habit.id)
            line = rules.timeline(full, goal_of(habit), schedule, today, min_days=window)
        state = line.state[line.last]
        value, note = logged.get(habit.id, (None, None))
        now = rules.timeline_streaks(line, schedule)
        weekly = schedule.kind == rules.TIMES_PER_WEEK
        items.append(
            TodayItem(
                habit=habit,
                done=state == rules.DONE,
                skipped=state == rules.SKIPPED,
                value=None if state == rules.SKIPPED else value,
                note=note,
                streak_unit=now.unit,
                current_streak=now.current,
                streak_if_done=rules.timeline_streaks(line.ticked(), schedule).current,
                week_done=rules.week_done(line) if weekly else None,
                week_target=schedule.per_period if weekly else None,
            )
        )
    return TodayBoard(today, items)
