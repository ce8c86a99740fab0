"""Outbox workers as real OS processes (`flask outbox run`) on a committed database.

* two workers side by side deliver every message exactly once;
* a worker killed with SIGKILL mid-batch loses nothing: after its lease runs out a restarted
  worker delivers its messages, and a SIGTERM then stops that worker cleanly.

The subscriber (tests/integration/outbox_subscribers.py) writes one row per delivery in the
worker's transaction, so the table holds exactly the committed deliveries.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from lifeos.extensions import db
from lifeos.platform.outbox.enqueue import enqueue
from lifeos.platform.outbox.models import PENDING, SENDING, SENT, OutboxMessage

ROOT = Path(__file__).resolve().parents[2]
FLASK = str(Path(sys.executable).with_name("flask"))
T = OutboxMessage.__table__


@pytest.fixture
def subscribers(committed_app: Flask) -> Iterator[object]:
    from tests.integration import outbox_subscribers

    outbox_subscribers.install()
    with db.engine.begin() as conn:
        conn.execute(text(f"DROP TABLE IF EXISTS {outbox_subscribers.TABLE}"))
        conn.execute(
            text(f"CREATE TABLE {outbox_subscribers.TABLE} (message_id INTEGER NOT NULL, pid INTEGER)")
        )
    try:
        yield outbox_subscribers
    finally:
        outbox_subscribers.uninstall()
        db.session.remove()
        with db.engine.begin() as conn:
            conn.execute(text(f"DROP TABLE IF EXISTS {outbox_subscribers.TABLE}"))


def _emit(session: Session, module: object, n: int) -> list[int]:
    messages = [enqueue(session, module.Pinged(seq=i), None) for i in range(n)]  # type: ignore[attr-defined]
    session.commit()
    return [m.id for m in messages]


def _worker(app: Flask, tmp_path: Path, *args: str, sleep: float = 0.0) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "APP_ENV": "test",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "LIFEOS_EXTRA_SUBSCRIBERS": "tests.integration.outbox_subscribers",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "OUTBOX_TEST_LOG": str(tmp_path / "deliveries.log"),
        "OUTBOX_TEST_SLEEP": str(sleep),
    }
    return subprocess.Popen(
        [FLASK, "--app", "lifeos", "outbox", "run", "--poll", "0.1", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _delivered(module: object) -> Counter[int]:
    with db.engine.connect() as conn:
        rows = conn.execute(text(f"SELECT message_id FROM {module.TABLE}")).scalars()  # type: ignore[attr-defined]
        return Counter(rows)


def _log_lines(tmp_path: Path) -> list[tuple[int, int]]:
    path = tmp_path / "deliveries.log"
    if not path.exists():
        return []
    return [(int(p), int(m)) for p, m in (line.split() for line in path.read_text().splitlines() if line)]


def _count(*where: object) -> int:
    with db.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(T).where(*where)) or 0)


def _finish(proc: subprocess.Popen[bytes], timeout: float = 120) -> str:
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        pytest.fail(f"worker did not finish in {timeout}s:\n{out.decode(errors='replace')}")
    return out.decode(errors="replace")


def test_two_workers_deliver_every_message_exactly_once(
    committed_app: Flask, subscribers: object, tmp_path: Path, backend: str
) -> None:
    # A slightly slow handler keeps the queue busy long enough that both workers get a share.
    n, sleep = (2000, 0.002) if backend == "postgresql" else (600, 0.002)
    ids = _emit(db.session, subscribers, n)
    db.session.remove()

    workers = [
        _worker(committed_app, tmp_path, "--once", "--batch-size", "25", sleep=sleep) for _ in range(2)
    ]
    outputs = [_finish(w) for w in workers]
    for worker, output in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, output
        # No claim overlapped another: no worker found a claimed row taken over by the other.
        assert " lost=0 " in output, output

    delivered = _delivered(subscribers)
    assert sorted(delivered) == ids, "a message is missing"
    assert [m for m, c in delivered.items() if c > 1] == [], "a message was delivered twice"
    attempts = _log_lines(tmp_path)
    assert len(attempts) == n  # no handler ran twice, not even one whose work was rolled back
    by_pid = Counter(pid for pid, _ in attempts)
    if backend == "postgresql":
        # SKIP LOCKED lets both work side by side. (SQLite's busy-wait lets one worker re-take
        # the write lock again and again, so there a single worker may do everything.)
        assert len(by_pid) == 2, f"both workers should have delivered some messages: {by_pid}"
    assert _count(T.c.status == SENT) == n


def test_a_killed_worker_loses_nothing(
    committed_app: Flask, subscribers: object, tmp_path: Path, backend: str
) -> None:
    n = 30
    ids = _emit(db.session, subscribers, n)
    db.session.remove()

    victim = _worker(
        committed_app, tmp_path, "--batch-size", "10", "--lease", "2", "--worker-id", "victim", sleep=0.3
    )
    deadline = time.monotonic() + 60
    while not _log_lines(tmp_path):  # wait until it is inside a batch, mid-delivery
        assert victim.poll() is None, _finish(victim)
        assert time.monotonic() < deadline, "the worker never started delivering"
        time.sleep(0.05)
    time.sleep(0.5)
    victim.send_signal(signal.SIGKILL)
    victim.communicate(timeout=30)

    touched = {m for _, m in _log_lines(tmp_path)}
    assert touched, "the victim had started delivering"
    assert _delivered(subscribers) == Counter(), "its uncommitted deliveries were rolled back"
    with db.engine.connect() as conn:
        stuck = conn.execute(select(T.c.id, T.c.locked_by).where(T.c.status == SENDING)).all()
    assert {i for i, _ in stuck} >= touched and {w for _, w in stuck} == {"victim"}
    assert _count(T.c.status == PENDING) == n - len(stuck)

    # Restart: the victim's messages come back once its 2-second lease has run out.
    rescuer = _worker(committed_app, tmp_path, "--batch-size", "10", "--worker-id", "rescuer")
    deadline = time.monotonic() + 60
    while _count(T.c.status == SENT) < n:
        assert rescuer.poll() is None, _finish(rescuer)
        assert time.monotonic() < deadline, "the killed worker's messages were never delivered"
        time.sleep(0.1)
    rescuer.send_signal(signal.SIGTERM)
    output = _finish(rescuer, timeout=30)
    assert rescuer.returncode == 0, output
    assert "SIGTERM received" in output

    delivered = _delivered(subscribers)
    assert sorted(delivered) == ids and set(delivered.values()) == {1}
    with db.engine.connect() as conn:
        redelivered = dict(conn.execute(select(T.c.id, T.c.attempts).where(T.c.id.in_(touched))).all())
    assert set(redelivered.values()) == {2}  # claimed by the victim, then by the rescuer
