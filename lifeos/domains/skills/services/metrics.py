"""Skill metrics: the `skill_metric` rollups, recomputed from the sessions, and read with their freshness.

One row per skill and name (`models.METRIC_NAMES`). A recompute always derives every row from
the skill's sessions as they are now — never increments — so running it twice, or for a
message delivered twice or out of order, leaves the same rows (only `recorded_at` moves).

What the rows hold:

| name | value | value_at |
|---|---|---|
| `total_minutes` | sum of durations | null |
| `session_count` | number of sessions | null |
| `last_practiced` | 0 | the latest `practiced_at` (null when none) |
| `streak_days` | run of consecutive practised local days ending at the last one | that day |
| `minutes_7d`, `minutes_30d` | minutes in the 7 / 30 local days ending on the as-of date | the as-of date |

(Days in `value_at` are stored as their midnight.)

The first four are stable: they change only when sessions change. The last two depend on
today: they are stored for the date they were computed for (the user's today at recompute
time, in `value_at`), and `read_metrics` recomputes them from the sessions when that date is
not today. The streak shown is the stored run when the last practised day is today or
yesterday, else 0. Local days are in the user's time zone at recompute time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lifeos.domains.skills.models import PracticeSession, Skill, SkillMetric
from lifeos.domains.skills.services.common import day_start, local_day, shift
from lifeos.domains.skills.services.skills import get_skill
from lifeos.platform.auth.models import User
from lifeos.platform.clock import today_in
from lifeos.platform.database import utcnow
from lifeos.platform.outbox.models import PENDING, SENDING, OutboxMessage

# The events after which a skill's rollup is recomputed (see subscribers.py).
METRIC_EVENTS = (
    "skills.skill.created",
    "skills.practice.logged",
    "skills.practice.updated",
    "skills.practice.deleted",
)


@dataclass(frozen=True)
class Freshness:
    computed_at: datetime | None
    pending_changes: int
    up_to_date: bool


@dataclass(frozen=True)
class SkillMetrics:
    skill_id: int
    as_of: date
    total_minutes: int
    session_count: int
    last_practiced_at: datetime | None
    last_practiced_on: date | None
    streak_days: int
    minutes_7d: int
    minutes_30d: int
    freshness: Freshness


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min)


def user_zone(session: Session, user_id: int) -> str | None:
    """The user's IANA zone name (None = UTC)."""
    return session.scalar(select(User.timezone).where(User.id == user_id))


def window_minutes(session: Session, skill_id: int, today: date, days: int, zone_name: str | None) -> int:
    """Minutes practised in the `days` local days ending on `today` (inclusive)."""
    P = PracticeSession
    total = session.scalar(
        select(func.coalesce(func.sum(P.duration_minutes), 0)).where(
            P.skill_id == skill_id,
            P.practiced_at >= day_start(shift(today, 1 - days), zone_name),
            P.practiced_at < day_start(shift(today, 1), zone_name),
        )
    )
    return int(total or 0)


def run_ending_at(days_desc: Iterable[date]) -> int:
    """Length of the run of consecutive days ending at the first (latest) of `days_desc`."""
    run, expected = 0, None
    for day in days_desc:
        if expected is None or day == expected:
            run += 1
            expected = shift(day, -1)
        elif day > expected:
            continue  # the same day again
        else:
            break
    return run


def _last_run(session: Session, skill_id: int, zone_name: str | None) -> tuple[int, date | None]:
    """(run of consecutive local days ending at the last practised day, that day)."""
    P = PracticeSession
    instants = session.scalars(
        select(P.practiced_at).where(P.skill_id == skill_id).order_by(P.practiced_at.desc())
    )
    days = (local_day(at, zone_name) for at in instants)
    first = next(days, None)
    if first is None:
        return 0, None

    def chain() -> Iterable[date]:
        yield first
        yield from days

    return run_ending_at(chain()), first


def compute_values(
    session: Session, skill_id: int, zone_name: str | None, today: date
) -> dict[str, tuple[Decimal, datetime | None]]:
    """Every metric row's (value, value_at) for the skill, derived from its sessions."""
    P = PracticeSession
    total, count, last = session.execute(
        select(
            func.coalesce(func.sum(P.duration_minutes), 0), func.count(P.id), func.max(P.practiced_at)
        ).where(P.skill_id == skill_id)
    ).one()
    run, last_day = _last_run(session, skill_id, zone_name)
    return {
        "total_minutes": (Decimal(int(total or 0)), None),
        "session_count": (Decimal(int(count or 0)), None),
        "last_practiced": (Decimal(0), last),
        "streak_days": (Decimal(run), _midnight(last_day) if last_day else None),
        "minutes_7d": (Decimal(window_minutes(session, skill_id, today, 7, zone_name)), _midnight(today)),
        "minutes_30d": (Decimal(window_minutes(session, skill_id, today, 30, zone_name)), _midnight(today)),
    }


def recompute_skill_metrics(session: Session, skill_id: int, *, now: datetime | None = None) -> bool:
    """Rewrite the skill's metric rows from its sessions (idempotent); False if the skill is gone.

    Runs inside the caller's transaction (the outbox worker's, or the rebuild's); never commits.
    """
    skill = session.get(Skill, skill_id)
    if skill is None:
        return False
    zone_name = user_zone(session, skill.user_id)
    values = compute_values(session, skill_id, zone_name, today_in(zone_name, now))
    moment = utcnow()
    existing = {
        m.name: m for m in session.scalars(select(SkillMetric).where(SkillMetric.skill_id == skill_id))
    }
    for name, (value, value_at) in values.items():
        row = existing.get(name)
        if row is None:
            row = SkillMetric(skill_id=skill_id, user_id=skill.user_id, name=name)
            session.add(row)
        row.user_id = skill.user_id
        row.value = value
        row.value_at = value_at
        row.recorded_at = moment
    session.flush()
    return True


def rebuild_all(session: Session, *, user_id: int | None = None, now: datetime | None = None) -> int:
    """Recompute every skill's rollup (of one user, or of all); returns how many skills. No commit."""
    stmt = select(Skill.id).order_by(Skill.id)
    if user_id is not None:
        stmt = stmt.where(Skill.user_id == user_id)
    ids = list(session.scalars(stmt))
    for skill_id in ids:
        recompute_skill_metrics(session, skill_id, now=now)
    return len(ids)


def pending_changes(session: Session, user_id: int, skill_id: int) -> int:
    """Undelivered outbox messages (pending or being delivered) that would change this skill's rollup."""
    payloads = session.scalars(
        select(OutboxMessage.payload).where(
            OutboxMessage.user_id == user_id,
            OutboxMessage.status.in_((PENDING, SENDING)),
            OutboxMessage.event_type.in_(METRIC_EVENTS),
        )
    )
    return sum(1 for p in payloads if isinstance(p, dict) and p.get("skill_id") == skill_id)


def read_metrics(
    session: Session, user_id: int, skill_id: int, zone_name: str | None, *, now: datetime | None = None
) -> SkillMetrics:
    """The skill's rollup for today in the user's zone, with how fresh it is (404 for another's skill)."""
    skill = get_skill(session, user_id, skill_id)
    today = today_in(zone_name, now)
    rows = {m.name: m for m in session.scalars(select(SkillMetric).where(SkillMetric.skill_id == skill.id))}

    def value(name: str) -> int:
        row = rows.get(name)
        return int(row.value) if row is not None else 0

    last_row = rows.get("last_practiced")
    last_at = last_row.value_at if last_row is not None else None
    last_on = local_day(last_at, zone_name) if last_at is not None else None
    streak_row = rows.get("streak_days")
    run_end = streak_row.value_at.date() if streak_row is not None and streak_row.value_at else None
    streak = 0
    if run_end is not None and shift(today, -1) <= run_end <= today:
        streak = value("streak_days")

    def windowed(name: str, days: int) -> int:
        row = rows.get(name)
        if row is not None and row.value_at is not None and row.value_at.date() == today:
            return int(row.value)
        return window_minutes(session, skill.id, today, days, zone_name)

    computed_at = min((m.recorded_at for m in rows.values()), default=None)
    pending = pending_changes(session, user_id, skill.id)
    complete = all(
        name in rows for name in ("total_minutes", "session_count", "last_practiced", "streak_days")
    )
    return SkillMetrics(
        skill_id=skill.id,
        as_of=today,
        total_minutes=value("total_minutes"),
        session_count=value("session_count"),
        last_practiced_at=last_at,
        last_practiced_on=last_on,
        streak_days=streak,
        minutes_7d=windowed("minutes_7d", 7),
        minutes_30d=windowed("minutes_30d", 30),
        freshness=Freshness(
            computed_at=computed_at if complete else None,
            pending_changes=pending,
            up_to_date=complete and pending == 0,
        ),
    )
