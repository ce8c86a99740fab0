"""Property: the event-maintained skill metrics equal a rebuild from scratch.

A random sequence of practice-session creates, edits and deletes over two skills, with the
outbox worker delivering at random points and some already-sent messages delivered again
(reset to pending, so the real worker delivers them a second time, late and out of order),
leaves `skill_metric` exactly as `rebuild_all` recomputes it from the sessions — and the
stable rollups equal what a plain Python model of the sessions says.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from lifeos.domains.skills.models import SkillMetric
from lifeos.domains.skills.services import metrics, sessions, skills
from lifeos.extensions import db
from lifeos.platform.database import utcnow
from lifeos.platform.outbox.models import PENDING, SENT, OutboxMessage
from lifeos.platform.outbox.worker import WorkerSettings, process_batch
from lifeos.platform.uow import UnitOfWork

OPTS = WorkerSettings(backoff_jitter=0.0, poll_seconds=0.01)
Snapshot = dict[tuple[int, str], tuple[Decimal, datetime | None]]

hours_ago = st.integers(min_value=0, max_value=24 * 40)
minutes = st.integers(min_value=1, max_value=1440)
operation = st.one_of(
    st.tuples(st.just("create"), st.integers(0, 1), hours_ago, minutes),
    st.tuples(st.just("edit"), st.integers(0, 30), st.none() | hours_ago, st.none() | minutes),
    st.tuples(st.just("delete"), st.integers(0, 30)),
    st.tuples(st.just("deliver")),
    st.tuples(st.just("redeliver"), st.lists(st.integers(0, 30), max_size=4)),
)


def deliver(session: Any) -> None:
    while process_batch(session, worker_id="prop", settings=OPTS).claimed:
        pass


def redeliver(session: Any, user_id: int, picks: list[int]) -> None:
    """Put some already-delivered messages back to pending: the worker delivers them again."""
    sent = list(
        session.scalars(
            select(OutboxMessage.id)
            .where(OutboxMessage.user_id == user_id, OutboxMessage.status == SENT)
            .order_by(OutboxMessage.id)
        )
    )
    chosen = {sent[i % len(sent)] for i in picks} if sent else set()
    if chosen:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(chosen))
            .values(status=PENDING, available_at=utcnow() - timedelta(seconds=1), sent_at=None)
        )
        session.commit()


def snapshot(session: Any, skill_ids: list[int]) -> Snapshot:
    session.expire_all()
    rows = session.scalars(select(SkillMetric).where(SkillMetric.skill_id.in_(skill_ids)))
    return {(m.skill_id, m.name): (Decimal(m.value), m.value_at) for m in rows}


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    zone=st.sampled_from(["Pacific/Kiritimati", "America/Adak"]),
    ops=st.lists(operation, max_size=14),
    replay=st.lists(st.integers(0, 30), max_size=4),
)
def test_event_maintained_metrics_equal_a_rebuild(app, user_factory, zone, ops, replay) -> None:  # type: ignore[no-untyped-def]
    session = db.session
    user = user_factory(timezone=zone)
    session.commit()
    now = datetime.now(UTC).replace(tzinfo=None)
    skill_ids = [
        skills.create_skill(UnitOfWork(session), user.id, {"name": name}).id for name in ("Guitar", "Chess")
    ]
    model: dict[int, tuple[int, datetime, int]] = {}  # session id → (skill id, practiced_at, minutes)

    for op in ops:
        live = sorted(model)
        if op[0] == "create":
            _, which, hours, mins = op
            at = now - timedelta(hours=hours)
            data = sessions.SessionInput(duration_minutes=mins, practiced_at=at)
            made = sessions.create_session(UnitOfWork(session), user.id, skill_ids[which], data)
            model[made.id] = (skill_ids[which], at, mins)
        elif op[0] == "edit" and live:
            _, pick, hours, mins = op
            sid = live[pick % len(live)]
            changes: dict[str, Any] = {}
            if hours is not None:
                changes["practiced_at"] = now - timedelta(hours=hours)
            if mins is not None:
                changes["duration_minutes"] = mins
            sessions.update_session(UnitOfWork(session), user.id, sid, changes)
            skill_id, at, old = model[sid]
            model[sid] = (skill_id, changes.get("practiced_at", at), changes.get("duration_minutes", old))
        elif op[0] == "delete" and live:
            sid = live[op[1] % len(live)]
            sessions.delete_session(UnitOfWork(session), user.id, sid)
            del model[sid]
        elif op[0] == "deliver":
            deliver(session)
        elif op[0] == "redeliver":
            redeliver(session, user.id, op[1])

    deliver(session)
    redeliver(session, user.id, replay)  # late duplicates after everything else
    deliver(session)
    maintained = snapshot(session, skill_ids)

    metrics.rebuild_all(session, user_id=user.id)
    session.commit()
    rebuilt = snapshot(session, skill_ids)
    assert maintained == rebuilt

    for skill_id in skill_ids:
        mine = [(at, m) for s, at, m in model.values() if s == skill_id]
        assert maintained[(skill_id, "total_minutes")][0] == sum(m for _, m in mine)
        assert maintained[(skill_id, "session_count")][0] == len(mine)
        assert maintained[(skill_id, "last_practiced")][1] == max((at for at, _ in mine), default=None)
