"""The outbox worker against SQLite and PostgreSQL: claim, deliver, back off, die, retry, reclaim."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lifeos.extensions import db
from lifeos.platform.database import utcnow
from lifeos.platform.events import Event, register, unregister
from lifeos.platform.outbox.enqueue import enqueue
from lifeos.platform.outbox.models import DEAD, PENDING, SENDING, SENT, OutboxMessage
from lifeos.platform.outbox.service import queue_status, retry_dead
from lifeos.platform.outbox.worker import WorkerSettings, claim_batch, deliver_batch, process_batch
from lifeos.platform.subscribers import Delivered, subscribe, unsubscribe
from lifeos.platform.uow import UnitOfWork

T = OutboxMessage.__table__
HAPPENED = "testing.outbox.happened"
FOLLOWED = "testing.outbox.followed"


@dataclass(frozen=True)
class Happened(Event):
    """Test-only event."""

    name = HAPPENED
    seq: int


@dataclass(frozen=True)
class FollowedUp(Event):
    """Test-only event a subscriber emits in reaction to Happened."""

    name = FOLLOWED
    seq: int


@pytest.fixture(autouse=True)
def test_events() -> Iterator[None]:
    register(Happened)
    register(FollowedUp)
    yield
    for name in (HAPPENED, FOLLOWED):
        unsubscribe(name)
        unregister(name)


@pytest.fixture
def session(app: Flask) -> Session:
    return db.session  # type: ignore[return-value]


def settings(**overrides: Any) -> WorkerSettings:
    values: dict[str, Any] = {
        "batch_size": 50,
        "lease_seconds": 30.0,
        "max_attempts": 5,
        "backoff_base_seconds": 1.0,
        "backoff_max_seconds": 3.0,
        "backoff_jitter": 0.0,
        "poll_seconds": 0.01,
    }
    values.update(overrides)
    return WorkerSettings(**values)


def emit(session: Session, *seqs: int, user_id: int | None = None) -> list[int]:
    messages = [enqueue(session, Happened(seq=seq), user_id) for seq in seqs]
    session.commit()
    return [m.id for m in messages]


def row(session: Session, message_id: int) -> Any:
    return session.execute(select(T).where(T.c.id == message_id)).one()


def count(session: Session, *where: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(T).where(*where)) or 0)


def test_committed_unit_of_work_writes_exactly_one_row(session: Session) -> None:
    with UnitOfWork(session) as uow:
        uow.emit(Happened(seq=1), user_id=None)
        uow.commit()
    assert count(session, T.c.event_type == HAPPENED) == 1


def test_rolled_back_unit_of_work_writes_nothing(session: Session) -> None:
    with pytest.raises(RuntimeError), UnitOfWork(session) as uow:
        uow.emit(Happened(seq=1), user_id=None)
        uow.flush()
        raise RuntimeError("the change failed")
    assert count(session, T.c.event_type == HAPPENED) == 0


def test_worker_delivers_and_marks_sent(session: Session) -> None:
    seen: list[Delivered] = []
    subscribe(HAPPENED)(seen.append)
    ids = emit(session, 1, 2, 3)

    result = process_batch(session, worker_id="w1", settings=settings())

    assert (result.claimed, result.sent, result.retried, result.dead) == (3, 3, 0, 0)
    assert [m.id for m in seen] == ids
    assert [m.payload for m in seen] == [{"seq": 1}, {"seq": 2}, {"seq": 3}]
    assert {(m.event_type, m.version, m.user_id, m.attempt) for m in seen} == {(HAPPENED, 1, None, 1)}
    for message_id in ids:
        stored = row(session, message_id)
        assert stored.status == SENT
        assert stored.sent_at is not None
        assert stored.locked_until is None and stored.locked_by is None
        assert stored.attempts == 1
    assert process_batch(session, worker_id="w1", settings=settings()).claimed == 0  # nothing twice


def test_messages_without_subscribers_are_simply_sent(session: Session) -> None:
    [message_id] = emit(session, 1)
    assert process_batch(session, worker_id="w1", settings=settings()).sent == 1
    assert row(session, message_id).status == SENT


def test_batches_follow_id_order_and_size(session: Session) -> None:
    ids = emit(session, *range(7))
    first = claim_batch(session, worker_id="w1", limit=3, lease_seconds=30)
    second = claim_batch(session, worker_id="w2", limit=3, lease_seconds=30)
    assert [c.id for c in first] == ids[:3]
    assert [c.id for c in second] == ids[3:6]  # a second claimer never gets the first one's rows
    assert {row(session, i).locked_by for i in ids[:3]} == {"w1"}
    assert {row(session, i).status for i in ids[:6]} == {SENDING}
    assert row(session, ids[6]).status == PENDING


def test_failing_subscriber_backs_off_then_dies_and_retry_dead_revives(session: Session) -> None:
    calls: list[int] = []

    @subscribe(HAPPENED)
    def broken(message: Delivered) -> None:
        calls.append(message.attempt)
        raise ConnectionError("smtp://mailer:hunter2@mail.example down; token=abc123")

    [message_id] = emit(session, 1)
    opts = settings(max_attempts=5)
    clock = utcnow()
    delays = []
    for attempt in range(1, 6):
        claimed = claim_batch(session, worker_id="w1", limit=10, lease_seconds=30, now=clock)
        assert [c.id for c in claimed] == [message_id]
        deliver_batch(session, claimed, worker_id="w1", settings=opts, now=lambda at=clock: at)
        stored = row(session, message_id)
        assert stored.attempts == attempt
        assert "ConnectionError" in stored.last_error
        assert "hunter2" not in stored.last_error and "abc123" not in stored.last_error
        if attempt < 5:
            assert stored.status == PENDING
            delay = (stored.available_at - clock).total_seconds()
            delays.append(delay)
            # Not due a moment before its time...
            early = claim_batch(
                session,
                worker_id="w1",
                limit=10,
                lease_seconds=30,
                now=stored.available_at - timedelta(milliseconds=1),
            )
            assert early == []
            clock = stored.available_at
    assert delays == [1.0, 2.0, 3.0, 3.0]  # base·2^(n-1), capped at 3
    assert calls == [1, 2, 3, 4, 5]
    stored = row(session, message_id)
    assert stored.status == DEAD
    assert stored.last_error.startswith("ConnectionError")
    assert (
        claim_batch(session, worker_id="w1", limit=10, lease_seconds=30, now=clock + timedelta(days=1)) == []
    )

    status = queue_status(session)
    assert status["counts"][DEAD] == 1

    assert retry_dead(session, [message_id + 1000]) == 0
    assert retry_dead(session) == 1
    session.commit()
    revived = row(session, message_id)
    assert (revived.status, revived.attempts) == (PENDING, 0)
    unsubscribe(HAPPENED)
    assert process_batch(session, worker_id="w1", settings=opts).sent == 1
    assert row(session, message_id).status == SENT


def test_a_failure_rolls_back_only_that_messages_writes(session: Session) -> None:
    """Handlers write through the worker's session: kept on success, undone on failure."""

    @subscribe(HAPPENED)
    def follow_up(message: Delivered) -> None:
        assert message.session is not None
        enqueue(message.session, FollowedUp(seq=message.payload["seq"]), message.user_id)
        message.session.flush()
        if message.payload["seq"] == 2:
            raise ValueError("seq 2 is poison")

    ids = emit(session, 1, 2, 3)
    result = process_batch(session, worker_id="w1", settings=settings())
    assert (result.sent, result.retried) == (2, 1)
    assert [row(session, i).status for i in ids] == [SENT, PENDING, SENT]
    followed = session.execute(
        select(T.c.payload).where(T.c.event_type == FOLLOWED).order_by(T.c.id)
    ).scalars()
    assert list(followed) == [{"seq": 1}, {"seq": 3}]


def test_an_expired_lease_is_reclaimed_and_the_old_worker_cannot_finish(session: Session) -> None:
    seen: list[tuple[int, int]] = []
    subscribe(HAPPENED)(lambda m: seen.append((m.id, m.attempt)))
    [message_id] = emit(session, 1)
    start = utcnow()

    stale = claim_batch(session, worker_id="crashed", limit=10, lease_seconds=10, now=start)
    assert [c.id for c in stale] == [message_id]
    # Still leased: nobody else may take it.
    assert (
        claim_batch(session, worker_id="w2", limit=10, lease_seconds=10, now=start + timedelta(seconds=9))
        == []
    )
    reclaimed = claim_batch(
        session, worker_id="w2", limit=10, lease_seconds=10, now=start + timedelta(seconds=11)
    )
    assert [(c.id, c.attempts) for c in reclaimed] == [(message_id, 2)]

    # The first worker wakes up late: the message is no longer its to deliver.
    late = deliver_batch(session, stale, worker_id="crashed", settings=settings())
    assert (late.lost, late.sent) == (1, 0)
    assert seen == []
    assert row(session, message_id).status == SENDING

    done = deliver_batch(session, reclaimed, worker_id="w2", settings=settings())
    assert done.sent == 1
    assert seen == [(message_id, 2)]
    assert row(session, message_id).status == SENT


def test_a_message_whose_last_attempt_crashed_goes_dead(session: Session) -> None:
    [message_id] = emit(session, 1)
    opts = settings(max_attempts=2, lease_seconds=5)
    clock = utcnow()
    for _ in range(2):  # two workers die mid-delivery
        assert claim_batch(session, worker_id="w", limit=10, lease_seconds=5, now=clock)
        clock += timedelta(seconds=6)
    claimed = claim_batch(session, worker_id="w", limit=10, lease_seconds=5, now=clock)
    result = deliver_batch(session, claimed, worker_id="w", settings=opts)
    assert result.dead == 1
    stored = row(session, message_id)
    assert (stored.status, stored.attempts) == (DEAD, 2)
    assert "lease expired" in stored.last_error


def test_queue_status_counts_every_status(session: Session) -> None:
    base = queue_status(session)
    assert set(base["counts"]) == {PENDING, SENDING, SENT, DEAD}
    ids = emit(session, 1, 2, 3, 4)
    old = utcnow() - timedelta(minutes=5)
    session.execute(T.update().where(T.c.id == ids[0]).values(created_at=old))
    session.execute(T.update().where(T.c.id == ids[1]).values(status=SENT))
    session.execute(T.update().where(T.c.id == ids[2]).values(status=DEAD))
    session.flush()
    status = queue_status(session)
    assert status["counts"] == {
        PENDING: base["counts"][PENDING] + 2,
        SENDING: base["counts"][SENDING],
        SENT: base["counts"][SENT] + 1,
        DEAD: base["counts"][DEAD] + 1,
    }
    assert status["oldest_pending_age_seconds"] >= 300


def test_cli_run_status_and_retry_dead(app: Flask, session: Session) -> None:
    ids = emit(session, 1, 2)
    session.execute(T.update().where(T.c.id == ids[1]).values(status=DEAD, attempts=8, last_error="boom"))
    session.commit()
    runner = app.test_cli_runner()

    out = runner.invoke(args=["outbox", "status", "--json"])
    assert out.exit_code == 0, out.output
    assert '"dead": 1' in out.output

    out = runner.invoke(args=["outbox", "run", "--once", "--batch-size", "10", "--poll", "0.01"])
    assert out.exit_code == 0, out.output
    assert row(db.session, ids[0]).status == SENT

    out = runner.invoke(args=["outbox", "retry-dead", "--id", str(ids[1])])
    assert out.exit_code == 0, out.output
    assert "retried 1" in out.output
    assert row(db.session, ids[1]).status == PENDING

    out = runner.invoke(args=["outbox", "status"])
    assert "pending" in out.output and "oldest pending age" in out.output


def test_large_batches_are_delivered_in_chunks(session: Session) -> None:
    """More messages than one delivery transaction holds: every one is marked, failures isolated."""
    from lifeos.platform.outbox.worker import DELIVERY_CHUNK

    poison = DELIVERY_CHUNK + 3

    savepoints_in_transaction: list[int] = []

    @subscribe(HAPPENED)
    def follow_up(message: Delivered) -> None:
        assert message.session is not None
        enqueue(message.session, FollowedUp(seq=message.payload["seq"]), None)
        message.session.flush()
        savepoints_in_transaction.append(message.session.connection().info["lifeos_outbox_savepoints"])
        if message.payload["seq"] == poison:
            raise ValueError("poison")

    n = DELIVERY_CHUNK * 2 + 5
    ids = emit(session, *range(n))
    result = process_batch(session, worker_id="w1", settings=settings(batch_size=n))
    assert (result.claimed, result.sent, result.retried) == (n, n - 1, 1)
    statuses = dict(session.execute(select(T.c.id, T.c.status).where(T.c.id.in_(ids))).all())
    assert [statuses[i] for i in ids] == [PENDING if s == poison else SENT for s in range(n)]
    followed = session.execute(select(T.c.payload).where(T.c.event_type == FOLLOWED)).scalars()
    assert sorted(p["seq"] for p in followed) == [s for s in range(n) if s != poison]
    # Three delivery transactions (50 + 50 + 5 savepoints), never more than DELIVERY_CHUNK in one.
    assert max(savepoints_in_transaction) == DELIVERY_CHUNK
    assert savepoints_in_transaction.count(1) == 3


def test_a_slow_batch_keeps_its_lease(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each delivery takes 4 s of a 10 s lease: the worker renews it as it goes, losing nothing."""
    from lifeos.platform.outbox import worker

    monkeypatch.setattr(worker, "DELIVERY_CHUNK", 1)
    ids = emit(session, 1, 2, 3, 4)
    clock = [utcnow()]
    lease_left: dict[int, float] = {}

    @subscribe(HAPPENED)
    def slow(message: Delivered) -> None:
        assert message.session is not None
        clock[0] += timedelta(seconds=4)
        # Every claimed message not yet marked, this one and those still waiting, must be leased.
        leases = message.session.execute(
            select(T.c.locked_until).where(T.c.id.in_(ids), T.c.status == SENDING)
        ).scalars()
        lease_left[message.id] = min((until - clock[0]).total_seconds() for until in leases)

    claimed = claim_batch(session, worker_id="w1", limit=10, lease_seconds=10, now=clock[0])
    result = deliver_batch(
        session, claimed, worker_id="w1", settings=settings(lease_seconds=10), now=lambda: clock[0]
    )
    assert (result.sent, result.lost) == (4, 0)
    assert sorted(lease_left) == ids
    assert all(left > 0 for left in lease_left.values()), lease_left
