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


def _setup_two_accounts(user_factory, auth_headers) -> tuple[int, dict[str, str], int, int]:  # type: ignore[no-untyped-def]
    from lifeos.domains.finance.services import accounts as accounts_svc
    from lifeos.platform.uow import UnitOfWork

    user = user_factory()
    headers = auth_headers(user)
    with UnitOfWork(db.session()) as uow:
        bank = accounts_svc.create_account(uow, user.id, "Race Bank", "asset", "bank")
    with UnitOfWork(db.session()) as uow:
        food = accounts_svc.create_account(uow, user.id, "Race Food", "expense", "groceries")
    db.session.commit()
    return user.id, headers, bank.id, food.id


def test_twenty_concurrent_imports_of_one_bank_row_post_it_once(
    live_url, user_factory, auth_headers, committed_app
):
    from lifeos.domains.finance.models import LedgerEntry, Transaction

    user_id, headers, bank, food = _setup_two_accounts(user_factory, auth_headers)
    body = {
        "date": "2026-03-01",
        "amount": "42.00",
        "from_account_id": bank,
        "to_account_id": food,
        "external_id": "bank-row-7",
    }
    barrier = threading.Barrier(20)

    def hit(_: int) -> requests.Response:
        barrier.wait(timeout=10)
        return requests.post(
            f"{live_url}/api/v1/finance/transactions", json=body, headers=headers, timeout=60
        )

    with ThreadPoolExecutor(max_workers=20) as pool:
        responses = list(pool.map(hit, range(20)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * 19, [r.text for r in responses if r.status_code not in (201, 409)]
    winner = next(r.json() for r in responses if r.status_code == 201)
    for loser in (r.json() for r in responses if r.status_code == 409):
        assert loser["code"] == "finance.duplicate_transaction"
        assert loser["transaction"] == winner  # the existing transaction, as the API renders it
    db.session.remove()
    count = func.count()
    assert (
        db.session.scalar(select(count).select_from(Transaction).where(Transaction.user_id == user_id)) == 1
    )
    entries = select(func.count()).select_from(LedgerEntry).where(LedgerEntry.user_id == user_id)
    assert db.session.scalar(entries) == 1


def test_ten_concurrent_first_settings_saves_keep_one_row(
    live_url, user_factory, auth_headers, committed_app
):
    from lifeos.domains.finance.models import TrialBalanceSetting

    user = user_factory()
    user_id = user.id
    headers = auth_headers(user)
    db.session.commit()
    barrier = threading.Barrier(10)

    def hit(month: int) -> requests.Response:
        barrier.wait(timeout=10)
        body = {"hide_zero_rows": True, "fiscal_year_start_month": month}
        return requests.put(
            f"{live_url}/api/v1/finance/trial-balance/settings", json=body, headers=headers, timeout=60
        )

    with ThreadPoolExecutor(max_workers=10) as pool:
        responses = list(pool.map(hit, range(1, 11)))
    assert [r.status_code for r in responses] == [200] * 10, [r.text for r in responses]
    db.session.remove()
    rows = db.session.scalars(
        select(TrialBalanceSetting).where(
            TrialBalanceSetting.user_id == user_id, TrialBalanceSetting.month.is_(None)
        )
    ).all()
    assert len(rows) == 1
    assert rows[0].fiscal_year_start_month in range(1, 11)


def test_a_chunked_body_past_the_limit_is_413(live_url, user_factory, auth_headers, committed_app):
    from lifeos.domains.finance.models import Account

    user = user_factory()
    user_id = user.id
    headers = {**auth_headers(user), "Content-Type": "application/json"}
    db.session.commit()
    limit = committed_app.config["MAX_CONTENT_LENGTH"]
    padding = " " * (limit + 1024)

    def chunks() -> Iterator[bytes]:  # no Content-Length: requests sends Transfer-Encoding: chunked
        yield b'{"name": "Big", "account_type": "asset", "description": "'
        for start in range(0, len(padding), 65536):
            yield padding[start : start + 65536].encode()
        yield b'"}'

    response = requests.post(
        f"{live_url}/api/v1/finance/accounts", data=chunks(), headers=headers, timeout=60
    )
    assert response.status_code == 413, response.text
    assert response.json()["code"] == "request.too_large"
    small = requests.post(
        f"{live_url}/api/v1/finance/accounts",
        data=iter([b'{"name": "Small", "account_type": "asset"}']),
        headers=headers,
        timeout=60,
    )
    assert small.status_code == 201, small.text
    db.session.remove()
    names = db.session.scalars(select(Account.name).where(Account.user_id == user_id)).all()
    assert names == ["Small"]
