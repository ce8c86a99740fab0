"""Logins, registrations and refreshes under concurrency against a real HTTP server.

A threaded werkzeug server on a free 127.0.0.1 port serves `committed_app` (SQLite and
PostgreSQL). On SQLite every one of these writes must take the write lock up front and retry
when busy (`UnitOfWork.run`): without that, parallel logins answered 500 "database is locked".
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import func, select
from werkzeug.serving import make_server

from lifeos.extensions import db
from lifeos.platform.auth.models import SessionToken, User

PASSWORD = "correct-horse-battery"


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


def _all_at_once(count: int, call) -> list[requests.Response]:  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(count)

    def run(i: int) -> requests.Response:
        barrier.wait(timeout=10)
        return call(i)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def test_twenty_concurrent_logins_all_succeed(live_url, user_factory) -> None:  # type: ignore[no-untyped-def]
    user = user_factory(password=PASSWORD)
    user_id, email = user.id, user.email
    db.session.commit()  # the live server reads it through its own connections

    responses = _all_at_once(
        20,
        lambda i: requests.post(
            f"{live_url}/api/v1/auth/login" if i % 2 else f"{live_url}/auth/login",
            json={"email": email, "password": PASSWORD},
            timeout=60,
        ),
    )
    statuses = [r.status_code for r in responses]
    assert statuses == [200] * 20, [r.text[:200] for r in responses if r.status_code != 200]
    db.session.remove()
    sessions = db.session.scalar(
        select(func.count()).select_from(SessionToken).where(SessionToken.user_id == user_id)
    )
    assert sessions == 20


def test_twelve_concurrent_registrations_all_succeed(live_url) -> None:  # type: ignore[no-untyped-def]
    tag = uuid.uuid4().hex[:8]
    emails = [f"reg-{tag}-{i}@example.com" for i in range(12)]
    responses = _all_at_once(
        12,
        lambda i: requests.post(
            f"{live_url}/api/v1/auth/register", json={"email": emails[i], "password": PASSWORD}, timeout=60
        ),
    )
    statuses = [r.status_code for r in responses]
    assert statuses == [201] * 12, [r.text[:200] for r in responses if r.status_code != 201]
    db.session.remove()
    stored = db.session.scalar(select(func.count()).select_from(User).where(User.email.in_(emails)))
    assert stored == 12


def test_concurrent_registrations_of_one_email_create_one_account(live_url) -> None:  # type: ignore[no-untyped-def]
    email = f"same-{uuid.uuid4().hex[:8]}@example.com"
    responses = _all_at_once(
        8,
        lambda _i: requests.post(
            f"{live_url}/auth/register", json={"email": email, "password": PASSWORD}, timeout=60
        ),
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * 7, [r.text[:200] for r in responses]


def test_one_refresh_token_is_accepted_at_most_once_under_concurrency(  # type: ignore[no-untyped-def]
    live_url, user_factory
) -> None:
    user = user_factory(password=PASSWORD)
    email = user.email
    db.session.commit()
    tokens = requests.post(
        f"{live_url}/api/v1/auth/login", json={"email": email, "password": PASSWORD}, timeout=30
    ).json()
    headers = {"Authorization": f"Bearer {tokens['refresh_token']}", "X-CSRF-Token": tokens["csrf_token"]}
    responses = _all_at_once(
        10, lambda _i: requests.post(f"{live_url}/api/v1/auth/refresh", headers=headers, timeout=60)
    )
    statuses = [r.status_code for r in responses]
    assert all(s in (200, 401) for s in statuses), [r.text[:200] for r in responses]
    assert statuses.count(200) <= 1
    codes = {r.json()["code"] for r in responses if r.status_code == 401}
    assert codes <= {"auth.refresh_token_reused", "auth.token_revoked"}
