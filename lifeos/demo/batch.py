"""One transaction for the whole demo: the services' own `uow.run(work)` calls nest in it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session, scoped_session

from lifeos.platform.uow import BUSY_ATTEMPTS, UnitOfWork

R = TypeVar("R")


class OneTransaction(UnitOfWork):
    """A unit of work whose inner `run` calls just run their work.

    Each service write is `uow.run(work)`, which commits; thousands of demo rows would be
    thousands of commits (fsyncs). The outermost `run` owns the transaction (BEGIN IMMEDIATE and
    the busy retry on SQLite, the commit with every collected event), so the demo is all or
    nothing and takes seconds.
    """

    def __init__(self, session: Session | scoped_session[Session]) -> None:
        super().__init__(session)
        self._depth = 0

    def run(self, work: Callable[[], R], attempts: int = BUSY_ATTEMPTS) -> R:
        if self._depth:
            return work()
        self._depth += 1
        try:
            return super().run(work, attempts)
        finally:
            self._depth -= 1
