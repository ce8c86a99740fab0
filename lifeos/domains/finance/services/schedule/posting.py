"""What a posting does to the schedule (the `finance.journal.posted` subscriber's work)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from lifeos.domains.finance.models import MoneyScheduleRow
from lifeos.domains.finance.services.schedule.common import user_today
from lifeos.domains.finance.services.schedule.projection import default_accounts, recompute_base
from lifeos.platform.events import Event
from lifeos.platform.outbox.enqueue import enqueue
from lifeos.platform.outbox.models import PENDING, SENDING, OutboxMessage

POSTED = "finance.journal.posted"


def later_posting_pending(session: Session, user_id: int, message_id: int) -> bool:
    """Whether a later posting of the user still waits for delivery.

    That message is committed (we can see it), so its own recompute runs after this moment and
    sees this posting too: a CSV import of 10,000 rows recomputes once, not 10,000 times.
    """
    return (
        session.scalar(
            select(OutboxMessage.id)
            .where(
                OutboxMessage.user_id == user_id,
                OutboxMessage.event_type == POSTED,
                OutboxMessage.status.in_((PENDING, SENDING)),
                OutboxMessage.id > message_id,
            )
            .limit(1)
        )
        is not None
    )


def refresh_after_posting(
    session: Session, user_id: int, account_ids: list[int], message_id: int | None = None
) -> bool:
    """Recompute when the posting touches a projected account or one with rows; never commits.

    A user without schedule rows has nothing to project (and no work is done for them).
    Events go straight to the outbox on `session`: the worker commits them with its mark.
    """
    touched = set(account_ids)
    with_rows = set(
        session.scalars(
            select(MoneyScheduleRow.account_id).where(MoneyScheduleRow.user_id == user_id).distinct()
        )
    )
    if not with_rows or not touched & (with_rows | set(default_accounts(session, user_id))):
        return False
    if message_id is not None and later_posting_pending(session, user_id, message_id):
        return False

    def emit(event: Event, uid: int | None) -> None:
        enqueue(session, event, uid)

    recompute_base(session, user_id, user_today(session, user_id), emit)
    return True
