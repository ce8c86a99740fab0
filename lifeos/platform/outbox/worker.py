"""The outbox worker: claim a batch, deliver it to subscribers, record the outcome.

One batch is two steps:

1. **Claim** — one statement marks up to n due messages `sending` with a lease
   (`locked_until`, `locked_by`), counts the attempt, returns them, and commits. PostgreSQL:
   `WITH claimable AS MATERIALIZED (SELECT id … ORDER BY id LIMIT n FOR UPDATE SKIP LOCKED)
   UPDATE … FROM claimable … RETURNING …`; `SKIP LOCKED` lets any number of workers claim side
   by side without waiting on or double-claiming each other's rows. SQLite has no row locks:
   `UPDATE … WHERE id IN (SELECT … LIMIT n) AND <due> RETURNING …` takes the database write
   lock, so two workers still cannot claim the same row. A message whose lease has run out
   (its worker died) is due again and is reclaimed.
2. **Deliver**, in transactions of at most `DELIVERY_CHUNK` savepoints — lock the claimed rows
   still ours (PostgreSQL `FOR UPDATE`, so nobody can reclaim them while we work; on SQLite by
   renewing the lease, which takes the write lock; the lease is renewed on PostgreSQL too once
   half of it is gone), run each message's handlers inside a SAVEPOINT, then mark every success
   `sent` in one UPDATE and each failure `pending` with a capped exponential backoff, or `dead`
   after the last attempt; commit. A handler's own database writes commit atomically with its
   message's `sent` mark.

A crash anywhere loses nothing: an uncommitted claim leaves the rows `pending`; an uncommitted
delivery leaves them `sending` until the lease expires, then another worker (or this one after
a restart) delivers them again. Delivery is therefore at-least-once.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, event, or_, select, text, update
from sqlalchemy.orm import Session

from lifeos.platform.database import utcnow
from lifeos.platform.outbox.models import DEAD, PENDING, SENDING, SENT, OutboxMessage
from lifeos.platform.redaction import redact
from lifeos.platform.subscribers import Delivered, subscribers_for

log = logging.getLogger(__name__)

# Core table, not the mapped class: the worker's statements need no ORM machinery.
T = OutboxMessage.metadata.tables[OutboxMessage.__tablename__]  # the Table (`__table__` is typed FromClause)
LAST_ERROR_MAX_CHARS = 2000
# SAVEPOINTs per delivery transaction. Each message whose handlers touch the database runs in
# its own SAVEPOINT, and PostgreSQL slows down for every session once a transaction has more
# than 64 subtransactions (PGPROC_MAX_CACHED_SUBXIDS), so a batch is delivered in as many
# transactions as it takes to stay below that. Handlers that never touch the database cost none.
DELIVERY_CHUNK = 50


@dataclass(frozen=True)
class WorkerSettings:
    """Knobs of the worker; `from_config` reads the OUTBOX_* settings."""

    batch_size: int = 200
    lease_seconds: float = 60.0
    max_attempts: int = 8
    backoff_base_seconds: float = 2.0
    backoff_max_seconds: float = 3600.0
    backoff_jitter: float = 0.1  # a delay is shortened by up to this fraction, at random
    poll_seconds: float = 1.0

    @classmethod
    def from_config(cls, config: Mapping[str, Any], **overrides: Any) -> WorkerSettings:
        """Build settings from a Flask config; `None` overrides are ignored."""
        values: dict[str, Any] = {
            "batch_size": int(config.get("OUTBOX_BATCH_SIZE", cls.batch_size)),
            "lease_seconds": float(config.get("OUTBOX_LEASE_SECONDS", cls.lease_seconds)),
            "max_attempts": int(config.get("OUTBOX_MAX_ATTEMPTS", cls.max_attempts)),
            "backoff_base_seconds": float(
                config.get("OUTBOX_BACKOFF_BASE_SECONDS", cls.backoff_base_seconds)
            ),
            "backoff_max_seconds": float(config.get("OUTBOX_BACKOFF_MAX_SECONDS", cls.backoff_max_seconds)),
            "backoff_jitter": float(config.get("OUTBOX_BACKOFF_JITTER", cls.backoff_jitter)),
            "poll_seconds": float(config.get("OUTBOX_POLL_SECONDS", cls.poll_seconds)),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)
        if settings.batch_size < 1 or settings.max_attempts < 1 or settings.lease_seconds <= 0:
            raise ValueError("outbox batch size, max attempts and lease must be positive")
        if not 0 <= settings.backoff_jitter < 0.5:
            # Below one half, jitter can never make a later retry wait less than an earlier one.
            raise ValueError("OUTBOX_BACKOFF_JITTER must be in [0, 0.5)")
        return settings


@dataclass(frozen=True)
class Claimed:
    """A message this worker has claimed (attempts already counts this delivery)."""

    id: int
    user_id: int | None
    event_type: str
    version: int
    payload: dict[str, Any]
    attempts: int
    created_at: datetime | None


@dataclass
class BatchResult:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    dead: int = 0
    lost: int = 0  # claimed, but the lease was taken over before delivery started

    def add(self, other: BatchResult) -> None:
        self.claimed += other.claimed
        self.sent += other.sent
        self.retried += other.retried
        self.dead += other.dead
        self.lost += other.lost


def default_worker_id() -> str:
    """host:pid:random — unique per process, readable in `locked_by`."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[:128]


def backoff_seconds(
    attempts: int,
    base: float,
    cap: float,
    jitter: float = 0.0,
    rand: Callable[[], float] = random.random,
) -> float:
    """Delay before retry number `attempts`: base·2^(attempts-1), capped, minus random jitter."""
    exponent = min(max(attempts, 1) - 1, 62)  # 2**62 is far past any cap; avoids overflow
    delay = min(base * (2.0**exponent), cap)
    return delay * (1.0 - jitter * rand())


# Spelled exactly as the predicate of the partial index ix_platform_outbox_undelivered_id (the
# claim scan walks it in id order on PostgreSQL); planners match such predicates term by term.
_UNDELIVERED = text("status IN ('pending', 'sending')")


def _due(now: datetime) -> Any:
    return and_(
        _UNDELIVERED,
        or_(
            and_(T.c.status == PENDING, T.c.available_at <= now),
            and_(T.c.status == SENDING, T.c.locked_until < now),
        ),
    )


def claim_batch(
    session: Session,
    *,
    worker_id: str,
    limit: int,
    lease_seconds: float,
    now: datetime | None = None,
) -> list[Claimed]:
    """Mark up to `limit` due messages `sending` for this worker and commit; return them by id."""
    now = now or utcnow()
    due = _due(now)
    candidates = select(T.c.id).where(due).order_by(T.c.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        # A materialized CTE runs the locking SELECT exactly once. Written as `id IN (subquery)`
        # PostgreSQL may rescan the subquery inside a join and claim more than `limit` rows.
        claimable = candidates.with_for_update(skip_locked=True).cte("claimable").prefix_with("MATERIALIZED")
        chosen = T.c.id == claimable.c.id
    else:
        chosen = T.c.id.in_(candidates.scalar_subquery())
    stmt = (
        update(T)
        # The repeated `due` guard is what makes the SQLite claim safe against a second worker.
        .where(chosen, due)
        .values(
            status=SENDING,
            attempts=T.c.attempts + 1,
            locked_until=now + timedelta(seconds=lease_seconds),
            locked_by=worker_id,
        )
        .returning(
            T.c.id, T.c.user_id, T.c.event_type, T.c.event_version, T.c.payload, T.c.attempts, T.c.created_at
        )
    )
    rows = session.execute(stmt).all()
    session.commit()
    claimed = [
        Claimed(
            id=row.id,
            user_id=row.user_id,
            event_type=row.event_type,
            version=row.event_version,
            payload=row.payload if isinstance(row.payload, dict) else {},
            attempts=row.attempts,
            created_at=row.created_at,
        )
        for row in rows
    ]
    claimed.sort(key=lambda c: c.id)
    return claimed


def deliver_batch(
    session: Session,
    claimed: Sequence[Claimed],
    *,
    worker_id: str,
    settings: WorkerSettings,
    now: Callable[[], datetime] = utcnow,
    rand: Callable[[], float] = random.random,
) -> BatchResult:
    """Deliver claimed messages to their subscribers and record each outcome; commits."""
    result = BatchResult(claimed=len(claimed))
    remaining = list(claimed)
    renewed_at = now()  # the claim has just set the lease
    while remaining:
        # A delivery transaction starts by holding every row still waiting: that drops rows that
        # are no longer ours (our lease ran out and another worker took them) and keeps the rest
        # ours until commit (PostgreSQL row locks, which a reclaiming worker's SKIP LOCKED passes
        # over; SQLite's write lock, taken before any handler reads). Once half the lease is
        # gone it is renewed, so a slow but live worker keeps the rows of its later transactions.
        started = now()
        renew = (started - renewed_at).total_seconds() > settings.lease_seconds / 2
        if renew:
            renewed_at = started
        ours = _hold(
            session,
            [c.id for c in remaining],
            worker_id=worker_id,
            settings=settings,
            now=started,
            renew=renew,
        )
        result.lost += sum(1 for c in remaining if c.id not in ours)
        remaining = [c for c in remaining if c.id in ours]
        done = _deliver_some(session, remaining, settings=settings, now=now, rand=rand, result=result)
        remaining = remaining[done:]
    return result


def _deliver_some(
    session: Session,
    claimed: Sequence[Claimed],
    *,
    settings: WorkerSettings,
    now: Callable[[], datetime],
    rand: Callable[[], float],
    result: BatchResult,
) -> int:
    """One delivery transaction: run handlers (a SAVEPOINT each), mark the outcomes, commit.

    Stops early, after `DELIVERY_CHUNK` savepoints, and returns how many messages it handled.
    """
    savepoints = _savepoint_counter(session)
    sent: list[int] = []
    failed: list[tuple[Claimed, str]] = []
    expired: list[Claimed] = []
    done = 0
    for message in claimed:
        if savepoints() >= DELIVERY_CHUNK:
            break
        done += 1
        if message.attempts > settings.max_attempts:
            # Claimed again after its last attempt's lease ran out: that worker died mid-delivery.
            expired.append(message)
            continue
        handlers = subscribers_for(message.event_type)
        if not handlers:
            sent.append(message.id)
            continue
        delivered = Delivered(
            id=message.id,
            event_type=message.event_type,
            version=message.version,
            user_id=message.user_id,
            payload=message.payload,
            attempt=message.attempts,
            created_at=message.created_at,
            session=session,
        )
        try:
            # SQLAlchemy emits the SAVEPOINT only if a handler touches the database.
            with session.begin_nested():
                for handler in handlers:
                    handler(delivered)
        except Exception as exc:  # noqa: BLE001 - any handler failure is recorded, not raised
            failed.append((message, safe_error(exc)))
        else:
            sent.append(message.id)

    finished = now()
    if sent:
        session.execute(
            update(T)
            .where(T.c.id.in_(sent))
            .values(status=SENT, sent_at=finished, locked_until=None, locked_by=None, last_error=None)
        )
        result.sent += len(sent)
    for message, error in failed:
        values: dict[str, Any] = {"last_error": error, "locked_until": None, "locked_by": None}
        if message.attempts >= settings.max_attempts:
            values["status"] = DEAD
            result.dead += 1
            log.warning(
                "outbox message dead",
                extra={
                    "outbox_id": message.id,
                    "event_type": message.event_type,
                    "attempts": message.attempts,
                },
            )
        else:
            delay = backoff_seconds(
                message.attempts,
                settings.backoff_base_seconds,
                settings.backoff_max_seconds,
                settings.backoff_jitter,
                rand,
            )
            values["status"] = PENDING
            values["available_at"] = finished + timedelta(seconds=delay)
            result.retried += 1
            log.info(
                "outbox delivery failed; retrying",
                extra={
                    "outbox_id": message.id,
                    "event_type": message.event_type,
                    "attempts": message.attempts,
                },
            )
        session.execute(update(T).where(T.c.id == message.id).values(**values))
    for message in expired:
        session.execute(
            update(T)
            .where(T.c.id == message.id)
            .values(
                status=DEAD,
                attempts=settings.max_attempts,
                locked_until=None,
                locked_by=None,
                last_error="lease expired during the last attempt: the worker stopped before finishing",
            )
        )
        result.dead += 1
        log.warning("outbox message dead (lease expired)", extra={"outbox_id": message.id})
    session.commit()
    return done


_SAVEPOINTS = "lifeos_outbox_savepoints"


def _savepoint_counter(session: Session) -> Callable[[], int]:
    """Count the SAVEPOINTs this session's transaction emits from now on."""
    connection = session.connection()
    engine = connection.engine
    if not event.contains(engine, "savepoint", _on_savepoint):
        event.listen(engine, "savepoint", _on_savepoint)
    info = connection.info
    info[_SAVEPOINTS] = 0
    return lambda: int(info.get(_SAVEPOINTS, 0))


def _on_savepoint(conn: Any, _name: Any) -> None:
    conn.info[_SAVEPOINTS] = conn.info.get(_SAVEPOINTS, 0) + 1


def _hold(
    session: Session, ids: list[int], *, worker_id: str, settings: WorkerSettings, now: datetime, renew: bool
) -> set[int]:
    """Lock the rows of `ids` that are still this worker's, renewing their lease if asked; return them.

    PostgreSQL: `SELECT … FOR UPDATE` writes no new row version (an UPDATE here would, on a full
    page, add an entry to every index of the table). SQLite: always the UPDATE, as the first
    statement of the transaction, so the write lock is taken before any handler reads.
    """
    mine = and_(T.c.id.in_(ids), T.c.status == SENDING, T.c.locked_by == worker_id)
    if not renew and session.get_bind().dialect.name == "postgresql":
        return set(session.scalars(select(T.c.id).where(mine).with_for_update()).all())
    return set(
        session.scalars(
            update(T)
            .where(mine)
            .values(locked_until=now + timedelta(seconds=settings.lease_seconds))
            .returning(T.c.id)
        ).all()
    )


def process_batch(
    session: Session, *, worker_id: str, settings: WorkerSettings, now: datetime | None = None
) -> BatchResult:
    """Claim one batch and deliver it."""
    claimed = claim_batch(
        session, worker_id=worker_id, limit=settings.batch_size, lease_seconds=settings.lease_seconds, now=now
    )
    return deliver_batch(session, claimed, worker_id=worker_id, settings=settings)


@dataclass
class OutboxWorker:
    """The polling loop around `process_batch`, with a graceful stop."""

    session: Session
    settings: WorkerSettings
    worker_id: str = field(default_factory=default_worker_id)

    def __post_init__(self) -> None:
        self._stop = threading.Event()

    def stop(self) -> None:
        """Ask the loop to finish the current batch and return."""
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def run_once(self) -> BatchResult:
        """Process one batch (starting from a clean transaction)."""
        self.session.rollback()
        try:
            return process_batch(self.session, worker_id=self.worker_id, settings=self.settings)
        except BaseException:
            self.session.rollback()
            raise

    def run(self, *, until_idle: bool = False) -> BatchResult:
        """Deliver until stopped (or, with `until_idle`, until nothing is due)."""
        total = BatchResult()
        failures = 0
        while not self._stop.is_set():
            try:
                batch = self.run_once()
            except Exception as exc:
                if until_idle:
                    raise
                failures += 1
                pause = min(self.settings.poll_seconds * 2 ** min(failures, 6), 30.0)
                log.error("outbox batch failed: %s; retrying in %.1fs", safe_error(exc), pause)
                self._stop.wait(pause)
                continue
            failures = 0
            total.add(batch)
            if batch.claimed:
                log.debug(
                    "outbox batch",
                    extra={
                        "claimed": batch.claimed,
                        "sent": batch.sent,
                        "retried": batch.retried,
                        "dead": batch.dead,
                    },
                )
            if batch.claimed == 0:
                if until_idle:
                    break
                self._stop.wait(self.settings.poll_seconds)
        return total


def safe_error(exc: BaseException) -> str:
    """`ExceptionType: message`, with credentials redacted and the length capped."""
    cls = type(exc)
    name = cls.__qualname__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"
    text = f"{name}: {exc}"
    text = redact(text)
    if len(text) > LAST_ERROR_MAX_CHARS:
        suffix = "… [truncated]"
        text = text[: LAST_ERROR_MAX_CHARS - len(suffix)] + suffix
    return text
