"""Today: one answer across the domains, in the user's zone, read-only.

Every section comes from the owning domain's services (finance trial balance, the habits today
board, projects due tasks, relationships reconnect/birthdays, journal timeline and on-this-day);
"on this day" for workouts and practice sessions reads the two tables directly with one query
each (the domains offer no such list). Each section is a bounded number of indexed queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from lifeos.domains.finance.services import reports as finance_reports
from lifeos.domains.habits.services import stats as habits_stats
from lifeos.domains.health.models import Workout
from lifeos.domains.journal.services import entries as journal_entries
from lifeos.domains.projects.models import Project, Task
from lifeos.domains.projects.services import common as projects_common
from lifeos.domains.projects.services import tasks as projects_tasks
from lifeos.domains.projects.services.common import TaskView
from lifeos.domains.relationships.schemas import BirthdayItem, ReconnectItem
from lifeos.domains.relationships.services import lists as relationships_lists
from lifeos.domains.skills.models import PracticeSession, Skill
from lifeos.domains.skills.services.common import day_start

CASH_SUBTYPES = ("cash", "bank")
TASKS_LIMIT = 10
RECONNECT_LIMIT = 5
BIRTHDAYS_WITHIN = 7
BIRTHDAYS_LIMIT = 20
ON_THIS_DAY_LIMIT = 3
MOOD_MIN = -5


@dataclass(frozen=True)
class Cash:
    balance: Decimal
    accounts: int
    forecast: None = None


@dataclass(frozen=True)
class HabitDue:
    habit_id: int
    name: str
    done: bool
    skipped: bool
    current_streak: int
    streak_unit: str


@dataclass(frozen=True)
class TasksDue:
    total: int
    items: list[TaskView]


@dataclass(frozen=True)
class Mood:
    value: int
    date: date


@dataclass(frozen=True)
class JournalMemory:
    id: int
    title: str | None
    entry_date: date
    mood: int | None
    years_ago: int


@dataclass(frozen=True)
class WorkoutMemory:
    id: int
    date: date
    workout_type: str | None
    duration_minutes: int
    years_ago: int


@dataclass(frozen=True)
class PracticeMemory:
    id: int
    skill_id: int
    skill_name: str
    date: date
    duration_minutes: int
    years_ago: int


@dataclass(frozen=True)
class OnThisDay:
    journal: list[JournalMemory]
    workouts: list[WorkoutMemory]
    practice: list[PracticeMemory]


@dataclass(frozen=True)
class Today:
    date: date
    timezone: str
    cash: Cash
    habits: list[HabitDue]
    tasks: TasksDue
    reconnect: list[ReconnectItem]
    birthdays: list[BirthdayItem]
    mood: Mood | None
    on_this_day: OnThisDay


def cash_position(session: Session, user_id: int, today: date) -> Cash:
    """The summed balance, through today, of the user's cash and bank asset accounts."""
    report = finance_reports.trial_balance(session, user_id, as_of=today, hide_zero=False)
    rows = [
        row
        for group in report.groups
        for row in group.rows
        if row.account_type == "asset" and (row.subtype or "").lower() in CASH_SUBTYPES
    ]
    return Cash(sum((row.balance for row in rows), start=Decimal("0.00")), len(rows))


def habits_due(session: Session, user_id: int, today: date) -> list[HabitDue]:
    board = habits_stats.today_board(session, user_id, today)
    return [
        HabitDue(i.habit.id, i.habit.name, i.done, i.skipped, i.current_streak, i.streak_unit)
        for i in board.items
    ]


def tasks_due(session: Session, user_id: int, today: date) -> TasksDue:
    """Open tasks due today or overdue (archived projects left out): the first ten and the count."""
    due = projects_tasks.due_tasks(session, user_id, today, 0, limit=TASKS_LIMIT, cursor=None)
    total = len(due.items)
    if due.next_cursor is not None:  # more than the page: count them (same filter as due_tasks)
        total = (
            session.scalar(
                select(func.count())
                .select_from(Task)
                .join(Project, Project.id == Task.project_id)
                .where(
                    Task.user_id == user_id,
                    Project.user_id == user_id,
                    Project.status != "archived",
                    projects_common.open_clause(),
                    Task.due_date.is_not(None),
                    Task.due_date <= today,
                )
            )
            or 0
        )
    return TasksDue(total, due.items)


def latest_mood(session: Session, user_id: int, today: date) -> Mood | None:
    """The mood of the newest entry dated today or earlier that has one."""
    page = journal_entries.list_entries(session, user_id, date_to=today, mood_min=MOOD_MIN, limit=1)
    entry = page.items[0].entry if page.items else None
    if entry is None or entry.mood_int is None:
        return None
    return Mood(entry.mood_int, entry.entry_date)


def _earlier_days(first: date | None, today: date) -> list[date]:
    """The same month/day as `today` in each year from `first`'s up to last year."""
    if first is None or first.year >= today.year:
        return []
    return [d for year in range(first.year, today.year) for d in journal_entries.same_day_in(year, today)]


def journal_memories(session: Session, user_id: int, today: date) -> list[JournalMemory]:
    page = journal_entries.on_this_day(session, user_id, today, limit=ON_THIS_DAY_LIMIT)
    return [
        JournalMemory(d.entry.id, d.entry.title, d.entry.entry_date, d.entry.mood_int, d.years_ago)
        for d in page.items
    ]


def workout_memories(session: Session, user_id: int, today: date) -> list[WorkoutMemory]:
    first = session.scalar(select(func.min(Workout.date)).where(Workout.user_id == user_id))
    days = _earlier_days(first, today)
    if not days:
        return []
    rows = session.scalars(
        select(Workout)
        .where(Workout.user_id == user_id, Workout.date.in_(days))
        .order_by(Workout.date.desc(), Workout.id.desc())
        .limit(ON_THIS_DAY_LIMIT)
    )
    return [
        WorkoutMemory(w.id, w.date, w.workout_type, int(w.duration_minutes or 0), today.year - w.date.year)
        for w in rows
    ]


def practice_memories(
    session: Session, user_id: int, today: date, zone_name: str | None
) -> list[PracticeMemory]:
    """Practice sessions on this month/day (a calendar day in the user's zone) in earlier years."""
    P = PracticeSession
    first_at = session.scalar(select(func.min(P.practiced_at)).where(P.user_id == user_id))
    if first_at is None:
        return []
    first = (first_at - timedelta(days=1)).date()  # the zone may put it a day earlier
    days = _earlier_days(first, today)
    if not days:
        return []
    ranges = [
        and_(P.practiced_at >= day_start(d, zone_name), P.practiced_at < _day_end(d, zone_name)) for d in days
    ]
    rows = session.execute(
        select(P, Skill.name)
        .join(Skill, Skill.id == P.skill_id)
        .where(P.user_id == user_id, Skill.user_id == user_id, or_(*ranges))
        .order_by(P.practiced_at.desc(), P.id.desc())
        .limit(ON_THIS_DAY_LIMIT)
    ).tuples()
    out = []
    for practice, skill_name in rows:
        on = _local_date(practice.practiced_at, days, zone_name)
        out.append(
            PracticeMemory(
                practice.id,
                practice.skill_id,
                skill_name,
                on,
                int(practice.duration_minutes or 0),
                today.year - on.year,
            )
        )
    return out


def _day_end(day: date, zone_name: str | None) -> datetime:
    return day_start(day + timedelta(days=1), zone_name)


def _local_date(instant: datetime, days: list[date], zone_name: str | None) -> date:
    """Which of `days` (in the user's zone) the stored naive-UTC instant falls on."""
    for d in days:
        if day_start(d, zone_name) <= instant < _day_end(d, zone_name):
            return d
    return instant.date()


def today_view(session: Session, user_id: int, today: date, zone_name: str | None) -> Today:
    """The Today answer for one user on `today` (their date in their zone)."""
    return Today(
        date=today,
        timezone=zone_name or "UTC",
        cash=cash_position(session, user_id, today),
        habits=habits_due(session, user_id, today),
        tasks=tasks_due(session, user_id, today),
        reconnect=relationships_lists.reconnect(session, user_id, today, limit=RECONNECT_LIMIT).items,
        birthdays=relationships_lists.birthdays(
            session, user_id, today, BIRTHDAYS_WITHIN, limit=BIRTHDAYS_LIMIT
        ).items,
        mood=latest_mood(session, user_id, today),
        on_this_day=OnThisDay(
            journal=journal_memories(session, user_id, today),
            workouts=workout_memories(session, user_id, today),
            practice=practice_memories(session, user_id, today, zone_name),
        ),
    )
