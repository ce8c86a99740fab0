"""Write events into platform_outbox inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import insert
from sqlalchemy.orm import Session

from lifeos.platform.events import Event, ensure_registered
from lifeos.platform.outbox.models import OutboxMessage


def enqueue(session: Session, event: Event, user_id: int | None) -> OutboxMessage:
    """Add the event to the session; it commits (or rolls back) with the change."""
    ensure_registered(event)
    message = OutboxMessage(
        user_id=user_id,
        event_type=event.name,
        event_version=event.version,
        payload=event.payload(),
    )
    session.add(message)
    return message


def enqueue_many(session: Session, events: Sequence[tuple[Event, int | None]]) -> None:
    """Write many events in one multi-row INSERT (in order, so ids follow the events): a unit of
    work that emits thousands (a CSV import) does not build an ORM object for each."""
    rows = []
    for event, user_id in events:
        ensure_registered(event)
        rows.append(
            {
                "user_id": user_id,
                "event_type": event.name,
                "event_version": event.version,
                "payload": event.payload(),
            }
        )
    if rows:
        session.execute(insert(OutboxMessage), rows)
