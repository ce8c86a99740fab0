"""Concurrent PUTs of one day's biometrics create one row (the unique index decides).

A werkzeug server runs in a thread over `committed_app`'s database (real commits, separate
connections); the requests start together behind a barrier.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import func, select
from werkzeug.serving import make_server

from lifeos.domains.health.models import Biometric
from lifeos.extensions import db
from lifeos.platform.outbox.models import OutboxMessage

WRITERS = 8


@pytest.fixture
def live_url(committed_app, network_guard) -> Iterator[str]:  # type: ignore[no-untyped-def]
    server = make_server("127.0.0.1", 0, committed_app, threaded=True)
    network_guard.allow_loopback_port(server.server_port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def test_concurrent_puts_for_one_date_make_one_row(live_url, user_factory, auth_headers):
    user = user_factory()
    user_id = user.id
    headers = auth_headers(user)
    db.session.commit()  # the live server reads them through its own connections
    barrier = threading.Barrier(WRITERS)

    def put(n: int) -> tuple[int, int, str]:
        barrier.wait(timeout=10)
        resp = requests.put(
            f"{live_url}/api/v1/health/biometrics/2026-03-02",
            json={"weight": f"{70 + n}.00", "energy": 1 + n % 5},
            headers=headers,
            timeout=60,
        )
        assert resp.status_code in (200, 201), resp.text
        return resp.status_code, resp.json()["id"], resp.json()["weight"]

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        results = list(pool.map(put, range(WRITERS)))

    assert sorted(status for status, _, _ in results) == [200] * (WRITERS - 1) + [201]
    assert len({row_id for _, row_id, _ in results}) == 1
    db.session.remove()
    rows = db.session.scalars(select(Biometric).where(Biometric.user_id == user_id)).all()
    assert len(rows) == 1
    assert f"{rows[0].weight:.2f}" in {weight for _, _, weight in results}
    events = db.session.scalars(
        select(OutboxMessage.payload).where(
            OutboxMessage.user_id == user_id, OutboxMessage.event_type == "health.biometric.logged"
        )
    ).all()
    assert len(events) == WRITERS
    assert sorted(e["created"] for e in events) == [False] * (WRITERS - 1) + [True]
    total = db.session.scalar(select(func.count()).select_from(Biometric).where(Biometric.user_id == user_id))
    assert total == 1
