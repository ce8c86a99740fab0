"""Unit of work: one transaction; collected events go to the outbox in that transaction.

It rolls back unless `commit()` is called, so an exception anywhere leaves nothing behind.
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.orm import Session

from lifeos.platform.events import Event, ensure_registered
from lifeos.platform.outbox.enqueue import enqueue


class UnitOfWork:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._events: list[tuple[Event, int | None]] = []
        self._committed = False

    def __enter__(self) -> UnitOfWork:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self._committed:
            self.rollback()

    def emit(self, event: Event, user_id: int | None) -> None:
        """Collect an event; it is written to the outbox on commit."""
        ensure_registered(event)
        self._events.append((event, user_id))

    def flush(self) -> None:
        self.session.flush()

    def commit(self) -> None:
        """Write collected events to the outbox and commit, all in one transaction."""
        for event, user_id in self._events:
            enqueue(self.session, event, user_id)
        self._events.clear()
        self.session.commit()
        self._committed = True

    def rollback(self) -> None:
        self._events.clear()
        self.session.rollback()
