"""Write events into platform_outbox inside the caller's transaction."""

from __future__ import annotations

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
