"""Concurrent links of one receivable to one loan write one link (the unique index decides).

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

from lifeos.domains.finance.models import LoanGroupLink
from lifeos.extensions import db

WRITERS = 6
API = "/api/v1/finance"


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


def test_concurrent_links_of_one_receivable_make_one_link(live_url, user_factory, auth_headers) -> None:  # type: ignore[no-untyped-def]
    user = user_factory()
    user_id = user.id
    headers = auth_headers(user)
    db.session.commit()  # the live server reads them through its own connections
    rid = requests.post(
        f"{live_url}{API}/receivables",
        json={"counterparty": "Bob", "principal": "10.00", "start_date": "2025-01-01"},
        headers=headers,
        timeout=60,
    ).json()["id"]
    lid = requests.post(f"{live_url}{API}/loans", json={"name": "Bob"}, headers=headers, timeout=60).json()[
        "id"
    ]
    barrier = threading.Barrier(WRITERS)

    def link(_: int) -> tuple[int, str | None]:
        barrier.wait(timeout=10)
        resp = requests.post(
            f"{live_url}{API}/loans/{lid}/links", json={"receivable_id": rid}, headers=headers, timeout=60
        )
        return resp.status_code, resp.json().get("code")

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        results = list(pool.map(link, range(WRITERS)))

    assert sorted(results, key=lambda r: r[0]) == [(201, None)] + [(409, "finance.loan_link_exists")] * (
        WRITERS - 1
    )
    db.session.remove()
    count = db.session.scalar(
        select(func.count()).select_from(LoanGroupLink).where(LoanGroupLink.user_id == user_id)
    )
    assert count == 1
