"""Unit of work: one transaction, the one owner of the commit.

Events collected during the work go to the outbox in the same transaction. It rolls back
unless `commit()` is called, so an exception anywhere leaves nothing behind. `run(work)` is
how services write: it runs the work, commits, and starts over when SQLite reports that
another connection holds the write lock.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType
from typing import TypeVar

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, scoped_session

from lifeos.platform.database import SQLITE_BEGIN_OPTION, is_busy
from lifeos.platform.events import Event, ensure_registered
from lifeos.platform.outbox.enqueue import enqueue_many

R = TypeVar("R")
BUSY_ATTEMPTS = 8


class UnitOfWork:
    def __init__(self, session: Session | scoped_session[Session]) -> None:
        # The session itself, not the thread-scoped proxy (which hides some of its methods).
        self.session: Session = session() if isinstance(session, scoped_session) else session
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
        enqueue_many(self.session, self._events)
        self._events.clear()
        self.session.commit()
        self._committed = True

    def rollback(self) -> None:
        self._events.clear()
        self.session.rollback()
        self._committed = False

    def _begin_write(self) -> None:
        """On SQLite, start the work in a transaction that holds the write lock from its start.

        A read transaction (say, the one that loaded the signed-in user) cannot become a write
        transaction once another connection has written: SQLite answers "database is locked"
        at once. So a read-only transaction is ended first, and the next one begins IMMEDIATE.
        """
        if self.session.get_bind().dialect.name != "sqlite":
            return
        if self.session.in_transaction():
            if self.session.new or self.session.dirty or self.session.deleted:
                return  # the caller has unflushed changes: leave its transaction alone
            self.session.commit()
        self.session.connection(execution_options={SQLITE_BEGIN_OPTION: "IMMEDIATE"})

    def run(self, work: Callable[[], R], attempts: int = BUSY_ATTEMPTS) -> R:
        """Run `work` and commit (unless the work committed); redo it all when SQLite is busy.

        `work` must be safe to run again from the start: everything it did is rolled back
        before the next attempt.
        """
        for attempt in range(attempts):
            self._committed = False
            try:
                self._begin_write()
                result = work()
                if not self._committed:
                    self.commit()
                return result
            except OperationalError as exc:
                if not is_busy(exc) or attempt == attempts - 1:
                    raise
                self.rollback()
                time.sleep(0.02 * (2**attempt))
        raise AssertionError("unreachable")


def current_session() -> Session:
    """The session of the current request or CLI command (Flask-SQLAlchemy's scope)."""
    from lifeos.extensions import db

    return db.session()


def unit_of_work() -> UnitOfWork:
    """A unit of work on the current session: `with unit_of_work() as uow: …`."""
    return UnitOfWork(current_session())
