"""Practice sessions: log, change, delete, list (newest first).

Every change emits a `skills.practice.*` event in the same transaction; the skills subscriber
recomputes the skill's metrics from its sessions when the outbox delivers it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lifeos.domains.skills.errors import InvalidPeriod, SessionNotFound
from lifeos.domains.skills.events import PracticeDeleted, PracticeLogged, PracticeUpdated
from lifeos.domains.skills.models import PracticeSession
from lifeos.domains.skills.services.common import day_start, shift, valid_id
from lifeos.domains.skills.services.skills import get_skill
from lifeos.platform.database import utcnow
from lifeos.platform.pagination import Page, cursor_datetime, cursor_int, decode_cursor, paginate
from lifeos.platform.uow import UnitOfWork

FIELDS = ("duration_minutes", "practiced_at", "intensity", "notes")


@dataclass(frozen=True)
class SessionInput:
    duration_minutes: int
    practiced_at: datetime | None = None  # naive UTC; None = now
    intensity: int | None = None
    notes: str | None = None


def _aware(instant: datetime) -> datetime:
    return instant.replace(tzinfo=UTC)


def get_session(session: Session, user_id: int, session_id: int) -> PracticeSession:
    """The user's practice session, or 404."""
    found = None
    if valid_id(session_id):
        found = session.scalar(
            select(PracticeSession).where(
                PracticeSession.user_id == user_id, PracticeSession.id == session_id
            )
        )
    if found is None:
        raise SessionNotFound(f"Practice session {session_id} not found.")
    return found


def create_session(uow: UnitOfWork, user_id: int, skill_id: int, data: SessionInput) -> PracticeSession:
    """Log a practice session of the user's skill; emits `skills.practice.logged`."""
    session = uow.session

    def work() -> PracticeSession:
        skill = get_skill(session, user_id, skill_id)
        practice = PracticeSession(
            user_id=user_id,
            skill_id=skill.id,
            duration_minutes=data.duration_minutes,
            practiced_at=data.practiced_at or utcnow(),
            intensity=data.intensity,
            notes=data.notes,
        )
        session.add(practice)
        session.flush()
        uow.emit(
            PracticeLogged(
                session_id=practice.id,
                skill_id=skill.id,
                user_id=user_id,
                practiced_at=_aware(practice.practiced_at),
                duration_minutes=practice.duration_minutes,
                intensity=practice.intensity,
            ),
            user_id,
        )
        return practice

    return uow.run(work)


def update_session(
    uow: UnitOfWork, user_id: int, session_id: int, changes: Mapping[str, Any]
) -> PracticeSession:
    """Change the fields given (validated at the edge); emits `skills.practice.updated` if any."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown session fields {sorted(unknown)}")
    session = uow.session

    def work() -> PracticeSession:
        practice = get_session(session, user_id, session_id)
        if not changes:
            return practice
        for key, value in changes.items():
            setattr(practice, key, value)
        session.flush()
        uow.emit(
            PracticeUpdated(
                session_id=practice.id,
                skill_id=practice.skill_id,
                user_id=user_id,
                changed=tuple(sorted(changes)),
                practiced_at=_aware(practice.practiced_at),
                duration_minutes=practice.duration_minutes,
                intensity=practice.intensity,
            ),
            user_id,
        )
        return practice

    return uow.run(work)


def delete_session(uow: UnitOfWork, user_id: int, session_id: int) -> None:
    """Delete the practice session; emits `skills.practice.deleted`."""
    session = uow.session

    def work() -> None:
        practice = get_session(session, user_id, session_id)
        skill_id, at = practice.skill_id, practice.practiced_at
        session.delete(practice)
        session.flush()
        uow.emit(
            PracticeDeleted(
                session_id=session_id, skill_id=skill_id, user_id=user_id, practiced_at=_aware(at)
            ),
            user_id,
        )

    uow.run(work)


def list_sessions(
    session: Session,
    user_id: int,
    skill_id: int,
    *,
    zone_name: str | None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int,
    cursor: str | None = None,
) -> Page[PracticeSession]:
    """The skill's sessions, newest first, keyset-paginated on (practiced_at, id).

    `date_from`/`date_to` are inclusive calendar dates in the user's zone.
    """
    skill = get_skill(session, user_id, skill_id)
    if date_from is not None and date_to is not None and date_from > date_to:
        raise InvalidPeriod(
            "`from` must not be after `to`.", errors=[{"field": "from", "message": "must not be after `to`"}]
        )
    P = PracticeSession
    stmt = select(P).where(P.user_id == user_id, P.skill_id == skill.id)
    if date_from is not None:
        stmt = stmt.where(P.practiced_at >= day_start(date_from, zone_name))
    if date_to is not None:
        stmt = stmt.where(P.practiced_at < day_start(shift(date_to, 1), zone_name))
    key = decode_cursor("skills.sessions", cursor, 2)
    if key is not None:
        at, key_id = cursor_datetime(key[0]), cursor_int(key[1])
        if at.tzinfo is not None:
            at = at.astimezone(UTC).replace(tzinfo=None)
        stmt = stmt.where((P.practiced_at < at) | ((P.practiced_at == at) & (P.id < key_id)))
    stmt = stmt.order_by(P.practiced_at.desc(), P.id.desc()).limit(limit + 1)
    rows = list(session.scalars(stmt))
    return paginate(rows, limit, "skills.sessions", lambda p: [p.practiced_at.isoformat(), p.id])
