"""Rate limits: named limits from config, per IP and per email at login, 429 problem with
Retry-After, health exempt, and counters shared through Redis between app instances."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from lifeos.extensions import limiter
from lifeos.platform.errors import PROBLEM_MIME

REDIS_URL = "redis://127.0.0.1:6379/0"
CHEAP_HASHING = {
    "PASSWORD_HASH_TIME_COST": 1,
    "PASSWORD_HASH_MEMORY_COST": 1024,
    "PASSWORD_HASH_PARALLELISM": 1,
}


def _ip() -> str:
    raw = uuid.uuid4().bytes
    return f"10.{raw[0]}.{raw[1]}.{raw[2] or 1}"


def _email() -> str:
    return f"rl-{uuid.uuid4().hex[:10]}@example.com"


@pytest.fixture
def limited_app(app: Flask) -> Iterator[Callable[..., Flask]]:
    """Build apps with rate limiting on, on the test's database; restore the shared Limiter."""
    from lifeos.extensions import db
    from tests.conftest import make_test_app

    was_enabled = limiter.enabled
    built: list[Flask] = []

    def build(**overrides: Any) -> Flask:
        config = {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://", **CHEAP_HASHING}
        config.update(overrides)
        flask_app = make_test_app(app.config["SQLALCHEMY_DATABASE_URI"], **config)
        built.append(flask_app)
        return flask_app

    yield build
    # The Limiter is process-wide: the last init_app decides its storage and whether it is on.
    # Only clear in-memory counters: reset() on Redis would wipe every process's counters.
    if built and built[-1].config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        limiter.reset()
    limiter.enabled = was_enabled
    for flask_app in built:
        with flask_app.app_context():
            db.engine.dispose()


def _login(client: FlaskClient, email: str, ip: str, prefix: str = "/auth") -> Any:
    return client.post(
        f"{prefix}/login",
        json={"email": email, "password": "wrong-password"},
        environ_base={"REMOTE_ADDR": ip},
    )


def assert_rate_limited(resp: Any) -> dict[str, Any]:
    assert resp.status_code == 429, resp.get_data(as_text=True)
    assert resp.mimetype == PROBLEM_MIME
    body = resp.get_json()
    assert body["code"] == "request.rate_limited" and body["status"] == 429
    retry_after = resp.headers.get("Retry-After")
    assert retry_after is not None and retry_after.isdigit()
    assert 0 <= int(retry_after) <= 60
    return body


def test_eleventh_login_from_one_ip_within_a_minute_is_429(limited_app: Callable[..., Flask]) -> None:
    client = limited_app().test_client()
    ip = _ip()
    # Alternate the two mount points: they share one budget.
    for i in range(10):
        resp = _login(client, _email(), ip, prefix="/auth" if i % 2 else "/api/v1/auth")
        assert resp.status_code == 401, (i, resp.get_json())
    assert_rate_limited(_login(client, _email(), ip))
    assert_rate_limited(_login(client, _email(), ip, prefix="/api/v1/auth"))
    # Another client is unaffected.
    assert _login(client, _email(), _ip()).status_code == 401


def test_login_is_also_limited_per_email_across_ips(limited_app: Callable[..., Flask]) -> None:
    client = limited_app().test_client()
    email = _email()
    ips = [_ip() for _ in range(10)]
    for ip in ips:
        assert _login(client, email, ip).status_code == 401
    # The email is out of failures: the addresses that failed for it are refused...
    assert_rate_limited(_login(client, email, ips[0]))
    assert_rate_limited(_login(client, email.upper(), ips[1]))  # same email, other case
    # ...while an address without a recent failure still gets a try (so a stranger cannot
    # lock the owner out, tests/api/test_auth_tokens.py), and only one.
    fresh_ip = _ip()
    assert _login(client, email, fresh_ip).status_code == 401
    assert_rate_limited(_login(client, email, fresh_ip))
    assert _login(client, _email(), _ip()).status_code == 401


def test_register_is_limited_to_five_per_minute(limited_app: Callable[..., Flask], session: Any) -> None:
    from sqlalchemy import func, select

    from lifeos.platform.auth.models import User

    client = limited_app().test_client()
    ip = _ip()
    users = session.scalar(select(func.count()).select_from(User))
    for _ in range(5):
        resp = client.post("/auth/register", json={"email": "bad"}, environ_base={"REMOTE_ADDR": ip})
        assert resp.status_code == 422
    assert_rate_limited(client.post("/api/v1/auth/register", json={}, environ_base={"REMOTE_ADDR": ip}))
    assert session.scalar(select(func.count()).select_from(User)) == users


def test_limits_come_from_configuration(limited_app: Callable[..., Flask]) -> None:
    client = limited_app(RATELIMIT_LOGIN="3 per minute").test_client()
    ip = _ip()
    for _ in range(3):
        assert _login(client, _email(), ip).status_code == 401
    body = assert_rate_limited(_login(client, _email(), ip))
    assert "3 per 1 minute" in body["detail"]


def test_successful_responses_carry_rate_limit_headers(limited_app: Callable[..., Flask]) -> None:
    client = limited_app().test_client()
    resp = _login(client, _email(), _ip())
    assert resp.headers["X-RateLimit-Limit"] == "10"
    assert resp.headers["X-RateLimit-Remaining"] == "9"


def test_health_endpoints_are_exempt(limited_app: Callable[..., Flask]) -> None:
    client = limited_app(RATELIMIT_DEFAULT="2 per minute").test_client()
    ip = _ip()
    for _ in range(6):
        assert client.get("/health", environ_base={"REMOTE_ADDR": ip}).status_code == 200
    # The default limit does apply elsewhere (so the exemption is what kept /health open).
    statuses = [client.get("/auth/me", environ_base={"REMOTE_ADDR": ip}).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]


def test_limits_are_off_in_the_test_config(client: FlaskClient) -> None:
    ip = _ip()
    statuses = {_login(client, _email(), ip).status_code for _ in range(15)}
    assert statuses == {401}


# --------------------------------------------------------------------------- Redis


@pytest.fixture
def redis_client() -> Iterator[Any]:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis is not reachable at {REDIS_URL} (CI=true: Redis is required)")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    yield client
    client.close()


@pytest.mark.parametrize(
    ("storage", "shared"),
    [(REDIS_URL, True), ("memory://", False)],
    ids=["redis-shares-counts", "memory-control"],
)
def test_two_app_instances_share_counters_only_through_redis(
    limited_app: Callable[..., Flask], redis_client: Any, storage: str, shared: bool
) -> None:
    email, ip = _email(), _ip()
    first = limited_app(RATELIMIT_STORAGE_URI=storage).test_client()
    for _ in range(6):
        assert _login(first, email, ip).status_code == 401

    # A second instance builds its own storage connection, as a second process would.
    second = limited_app(RATELIMIT_STORAGE_URI=storage).test_client()
    statuses = [_login(second, email, ip).status_code for _ in range(5)]
    if shared:
        assert statuses == [401, 401, 401, 401, 429]  # 6 + 4 = 10 allowed, then limited
        assert redis_client.keys(f"*{email}*"), "the per-email counter should live in Redis"
        for key in redis_client.keys(f"*{email}*") + redis_client.keys(f"*{ip}*"):
            redis_client.delete(key)
    else:
        assert statuses == [401] * 5  # a fresh in-memory store starts from zero
