"""The guide's Quick Reference against a real HTTP server, and concurrent inline creation.

A werkzeug server runs in a thread on a free 127.0.0.1 port over `committed_app`'s database;
the client is `requests`, exactly like the guide's curl calls.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import func, select
from werkzeug.serving import make_server

from lifeos.domains.finance.models import Account
from lifeos.extensions import db


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


def _login(base: str, email: str, password: str) -> tuple[str, str]:
    resp = requests.post(f"{base}/auth/login", json={"email": email, "password": password}, timeout=10)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    return body["access_token"], body["csrf_token"]


def test_guide_quick_reference(live_url, user_factory):
    user_factory(email="user@example.com", password="password-for-the-guide")
    db.session.commit()  # the live server reads it through its own connections
    token, csrf = _login(live_url, "user@example.com", "password-for-the-guide")
    bearer = {"Authorization": f"Bearer {token}"}

    search = requests.get(f"{live_url}/finance/accounts/search?q=sav&limit=10", headers=bearer, timeout=10)
    assert search.status_code == 200 and search.json()["items"] == []

    create = requests.post(
        f"{live_url}/finance/accounts/inline",
        headers={**bearer, "X-CSRF-Token": csrf, "Content-Type": "application/json"},
        data='{"name":"My Savings","account_type":"asset","account_subtype":"bank"}',
        timeout=10,
    )
    assert create.status_code == 201, create.text
    assert create.json()["created"] is True
    found = requests.get(
        f"{live_url}/finance/accounts/search?q=sav&limit=10", headers=bearer, timeout=10
    ).json()
    assert [a["name"] for a in found["items"]] == ["My Savings"]

    subtypes = requests.get(f"{live_url}/finance/accounts/subtypes/asset", timeout=10)
    assert subtypes.status_code == 200
    assert [s["code"] for s in subtypes.json()["subtypes"]] == [
        "cash",
        "bank",
        "investment",
        "property",
        "receivable",
        "other",
    ]

    no_csrf = requests.post(
        f"{live_url}/finance/accounts/inline",
        headers=bearer,
        timeout=10,
        json={"name": "X", "account_type": "asset", "account_subtype": "bank"},
    )
    assert no_csrf.status_code == 403 and no_csrf.json()["code"] == "csrf_failed"
    assert requests.get(f"{live_url}/finance/accounts/search?q=sav", timeout=10).status_code == 401


def test_twenty_concurrent_identical_inline_requests_create_one(
    live_url, user_factory, auth_headers, committed_app
):
    user = user_factory()
    user_id = user.id
    headers = auth_headers(user)
    db.session.commit()  # the live server reads them through its own connections
    payload = {"name": "Race Savings", "account_type": "asset", "account_subtype": "bank"}
    barrier = threading.Barrier(20)

    def hit(_: int) -> tuple[int, int]:
        barrier.wait(timeout=10)
        resp = requests.post(f"{live_url}/finance/accounts/inline", json=payload, headers=headers, timeout=60)
        assert resp.status_code in (200, 201), resp.text
        return resp.status_code, resp.json()["account"]["id"]

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(hit, range(20)))
    assert [s for s, _ in results].count(201) == 1
    assert len({i for _, i in results}) == 1
    db.session.remove()
    total = db.session.scalar(select(func.count()).select_from(Account).where(Account.user_id == user_id))
    assert total == 1
