"""Operator views of the outbox: queue status and retrying dead messages (CLI and admin API)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from lifeos.platform.database import utcnow
from lifeos.platform.outbox.models import DEAD, PENDING, STATUSES, OutboxMessage

# Core table, not the mapped class: the worker's statements need no ORM machinery.
T = OutboxMessage.metadata.tables[OutboxMessage.__tablename__]  # the Table (`__table__` is typed FromClause)


def queue_status(session: Session, *, now: datetime | None = None) -> dict[str, Any]:
    """Counts per status (all four, zeros included) and the oldest pending message's age."""
    counts = dict.fromkeys(STATUSES, 0)
    for status, n in session.execute(select(T.c.status, func.count()).group_by(T.c.status)):
        counts[status] = int(n)
    oldest = session.scalar(select(func.min(T.c.created_at)).where(T.c.status == PENDING))
    age = None
    if oldest is not None:
        age = round(max(((now or utcnow()) - oldest).total_seconds(), 0.0), 3)
    return {"counts": counts, "oldest_pending_age_seconds": age}


def retry_dead(session: Session, ids: Iterable[int] | None = None, *, now: datetime | None = None) -> int:
    """Put dead messages (all, or only `ids`) back to pending with attempts reset; caller commits.

    `last_error` is kept as a record of why it died until the next attempt overwrites it.
    """
    stmt = update(T).where(T.c.status == DEAD)
    if ids is not None:
        id_list = sorted({int(i) for i in ids})
        if not id_list:
            return 0
        stmt = stmt.where(T.c.id.in_(id_list))
    # An UPDATE without RETURNING yields a CursorResult (Session.execute is typed Result).
    result = cast(
        CursorResult[Any],
        session.execute(
            stmt.values(
                status=PENDING, attempts=0, available_at=now or utcnow(), locked_until=None, locked_by=None
            )
        ),
    )
    return int(result.rowcount or 0)
