"""Token hardening: refresh-token rotation with reuse detection (RFC 9700), password change,
sign out everywhere, and a login lock-out that a stranger cannot trigger.

Every test runs on SQLite and PostgreSQL (the `app` fixture) and names status and code.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_jwt_extended import decode_token
from sqlalchemy import select

from lifeos.extensions import limiter
from lifeos.platform.auth import tokens as tokens_module
from lifeos.platform.auth.models import SessionToken, User
from tests.support.problems import assert_problem

PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "a-brand-new-passphrase"
PREFIXES = ["/auth", "/api/v1/auth"]
CHEAP_HASHING = {
    "PASSWORD_HASH_TIME_COST": 1,
    "PASSWORD_HASH_MEMORY_COST": 1024,
    "PASSWORD_HASH_PARALLELISM": 1,
}
HTML = {"Accept": "text/html"}


@pytest.fixture(autouse=True)
def _cheap_hashing(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in CHEAP_HASHING.items():
        monkeypatch.setitem(app.config, key, value)


def login(client: FlaskClient, email: str, password: str = PASSWORD, ip: str = "127.0.0.1") -> Any:
    return client.post(
        "/api/v1/auth/login", json={"email": email, "password": password}, environ_base={"REMOTE_ADDR": ip}
    )


def session_of(client: FlaskClient, email: str) -> dict[str, str]:
    resp = login(client, email)
    assert resp.status_code == 200, resp.get_json()
    body: dict[str, str] = resp.get_json()
    return body


def bearer(token: str, csrf: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}"}
    if csrf is not None:
        headers["X-CSRF-Token"] = csrf
    return headers


def refresh(client: FlaskClient, tokens: dict[str, str], prefix: str = "/api/v1/auth") -> Any:
    return client.post(f"{prefix}/refresh", headers=bearer(tokens["refresh_token"], tokens["csrf_token"]))


def me(client: FlaskClient, tokens: dict[str, str]) -> Any:
    return client.get("/api/v1/auth/me", headers=bearer(tokens["access_token"]))


# --------------------------------------------------------------------------- rotation


@pytest.mark.parametrize("prefix", PREFIXES)
def test_refresh_rotates_the_refresh_token(client: FlaskClient, user_factory: Any, prefix: str) -> None:
    user = user_factory()
    first = session_of(client, user.email)
    resp = refresh(client, first, prefix)
    assert resp.status_code == 200, resp.get_json()
    second = resp.get_json()
    assert set(second) == {"access_token", "refresh_token", "csrf_token", "token_type", "expires_in"}
    assert second["refresh_token"] != first["refresh_token"]
    assert second["csrf_token"] == first["csrf_token"]
    old, new = decode_token(first["refresh_token"]), decode_token(second["refresh_token"])
    assert old["jti"] != new["jti"] and old["sub"] == new["sub"] == str(user.id)
    assert new["exp"] <= old["exp"]  # rotation never extends the login
    # The successor works (and rotates again); the access tokens of the login work.
    third = refresh(client, second, prefix)
    assert third.status_code == 200
    assert me(client, first).status_code == 200
    assert me(client, third.get_json()).status_code == 200


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_rotated_refresh_token_presented_again_revokes_the_whole_login(
    client: FlaskClient, user_factory: Any, prefix: str
) -> None:
    user = user_factory()
    other_login = session_of(client, user.email)
    r0 = session_of(client, user.email)
    r1 = refresh(client, r0, prefix).get_json()
    r2 = refresh(client, r1, prefix).get_json()

    assert_problem(refresh(client, r0, prefix), 401, "auth.refresh_token_reused")
    # Every token descended from that login is dead: the newest refresh token and all access tokens.
    assert_problem(refresh(client, r2, prefix), 401, "auth.token_revoked")
    for tokens in (r0, r1, r2):
        assert_problem(me(client, tokens), 401, "auth.token_revoked")
    # Another login of the same person is untouched.
    assert me(client, other_login).status_code == 200
    assert refresh(client, other_login, prefix).status_code == 200


def test_the_token_just_rotated_is_a_replay_too(client: FlaskClient, user_factory: Any, session: Any) -> None:
    user = user_factory()
    r0 = session_of(client, user.email)
    r1 = refresh(client, r0).get_json()
    assert_problem(refresh(client, r0), 401, "auth.refresh_token_reused")
    assert_problem(refresh(client, r1), 401, "auth.token_revoked")
    family = decode_token(r1["refresh_token"])["fam"]
    assert session.scalar(select(SessionToken.revoked).where(SessionToken.id == family)) is True


# --------------------------------------------------------------------------- browser sessions


def _browser_sign_in(client: FlaskClient, email: str) -> None:
    import re

    page = client.get("/login", headers=HTML).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match is not None
    resp = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": match.group(1)}, headers=HTML
    )
    assert resp.status_code == 302, resp.get_data(as_text=True)


def _cookie(client: FlaskClient, name: str) -> str | None:
    cookie = client.get_cookie(name)
    return cookie.value if cookie is not None else None


def test_browser_silent_refresh_rotates_the_refresh_cookie(
    client: FlaskClient, user_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = user_factory()
    _browser_sign_in(client, user.email)
    first = _cookie(client, "lifeos_refresh")
    client.delete_cookie("lifeos_access")
    assert client.get("/today", headers=HTML).status_code == 200
    second = _cookie(client, "lifeos_refresh")
    assert first and second and second != first
    assert _cookie(client, "lifeos_access") is not None
    # A parallel request of the same page that still carried the old cookie is served (the
    # race a page's parallel requests produce), without rotating again or ending the login.
    client.delete_cookie("lifeos_access")
    client.set_cookie("lifeos_refresh", first)
    assert client.get("/today", headers=HTML).status_code == 200
    assert _cookie(client, "lifeos_refresh") == first  # not rotated again
    client.set_cookie("lifeos_refresh", second)
    client.delete_cookie("lifeos_access")
    assert client.get("/today", headers=HTML).status_code == 200

    # Replayed after the grace period, the old cookie is a stolen one: the login ends.
    monkeypatch.setattr(tokens_module, "ROTATION_GRACE", tokens_module.timedelta(seconds=-1))
    newest = _cookie(client, "lifeos_refresh")
    client.delete_cookie("lifeos_access")
    client.set_cookie("lifeos_refresh", first)
    assert client.get("/today", headers=HTML).status_code == 302
    assert newest is not None
    client.set_cookie("lifeos_refresh", newest)
    assert client.get("/today", headers=HTML).status_code == 302


# --------------------------------------------------------------------------- password change


def test_password_change_keeps_this_login_and_revokes_the_others(
    client: FlaskClient, user_factory: Any, session: Any
) -> None:
    user = user_factory()
    laptop = session_of(client, user.email)
    phone = session_of(client, user.email)
    tablet = session_of(client, user.email)
    resp = client.post(
        "/api/v1/auth/password",
        headers=bearer(laptop["access_token"], laptop["csrf_token"]),
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json() == {"revoked_sessions": 2}
    for other in (phone, tablet):
        assert_problem(me(client, other), 401, "auth.token_revoked")
        assert_problem(refresh(client, other), 401, "auth.token_revoked")
    # This login goes on: its access token, and its refresh token (which rotates as usual).
    assert me(client, laptop).status_code == 200
    assert refresh(client, laptop).status_code == 200
    assert_problem(login(client, user.email, PASSWORD), 401, "auth.invalid_credentials")
    assert login(client, user.email, NEW_PASSWORD).status_code == 200


def test_password_change_refuses_a_wrong_current_password_and_changes_nothing(
    client: FlaskClient, user_factory: Any, session: Any
) -> None:
    user = user_factory()
    before = user.password_hash
    mine = session_of(client, user.email)
    other = session_of(client, user.email)
    resp = client.post(
        "/api/v1/auth/password",
        headers=bearer(mine["access_token"], mine["csrf_token"]),
        json={"current_password": "not-my-password", "new_password": NEW_PASSWORD},
    )
    assert_problem(resp, 403, "auth.wrong_password")
    session.expire_all()
    assert session.get(User, user.id).password_hash == before
    assert me(client, other).status_code == 200


def test_password_change_needs_auth_csrf_and_a_valid_new_password(
    client: FlaskClient, user_factory: Any
) -> None:
    user = user_factory()
    tokens = session_of(client, user.email)
    body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    assert_problem(client.post("/api/v1/auth/password", json=body), 401, "auth.unauthorized")
    assert_problem(
        client.post("/api/v1/auth/password", headers=bearer(tokens["access_token"]), json=body),
        403,
        "csrf_failed",
    )
    short = client.post(
        "/api/v1/auth/password",
        headers=bearer(tokens["access_token"], tokens["csrf_token"]),
        json={"current_password": PASSWORD, "new_password": "short"},
    )
    problem = assert_problem(short, 422)
    assert problem["errors"][0]["field"] == "new_password"
    assert login(client, user.email, PASSWORD).status_code == 200


# --------------------------------------------------------------------------- sign out everywhere


def test_logout_all_revokes_every_session(client: FlaskClient, user_factory: Any) -> None:
    user = user_factory()
    someone_else = user_factory()
    theirs = session_of(client, someone_else.email)
    sessions = [session_of(client, user.email) for _ in range(3)]
    rotated = refresh(client, sessions[1]).get_json()
    resp = client.post(
        "/api/v1/auth/logout-all", headers=bearer(sessions[0]["access_token"], sessions[0]["csrf_token"])
    )
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json() == {"revoked_sessions": 3}
    for tokens in (*sessions, rotated):
        assert_problem(me(client, tokens), 401, "auth.token_revoked")
    assert_problem(refresh(client, rotated), 401, "auth.token_revoked")
    assert me(client, theirs).status_code == 200
    # Logging in again works.
    assert me(client, session_of(client, user.email)).status_code == 200


def test_logout_all_needs_auth_and_csrf(client: FlaskClient, user_factory: Any) -> None:
    user = user_factory()
    tokens = session_of(client, user.email)
    assert_problem(client.post("/api/v1/auth/logout-all"), 401, "auth.unauthorized")
    assert_problem(
        client.post("/api/v1/auth/logout-all", headers=bearer(tokens["access_token"])), 403, "csrf_failed"
    )
    assert me(client, tokens).status_code == 200


def test_new_routes_are_documented(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    paths = spec["paths"]
    for path in ("/api/v1/auth/password", "/api/v1/auth/logout-all"):
        operation = paths[path]["post"]
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert schema, path
    refreshed = paths["/api/v1/auth/refresh"]["post"]["responses"]["200"]["content"]["application/json"]
    text = str(refreshed["schema"]) + str(spec.get("components", {}).get("schemas", {}).get("RefreshOut", ""))
    assert "refresh_token" in text


# --------------------------------------------------------------------------- lock-out


@pytest.fixture
def limited(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[FlaskClient]:
    """The test app with rate limiting on (fresh random emails and addresses keep tests apart)."""
    was_enabled = limiter.enabled
    monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", True)
    limiter.enabled = True
    yield app.test_client()
    limiter.enabled = was_enabled


def _ip() -> str:
    raw = uuid.uuid4().bytes
    return f"10.{raw[0]}.{raw[1]}.{raw[2] or 1}"


def test_a_stranger_cannot_lock_the_owner_out(limited: FlaskClient, user_factory: Any) -> None:
    user = user_factory()
    attackers = [_ip() for _ in range(10)]
    for ip in attackers:
        assert_problem(login(limited, user.email, "wrong-password", ip), 401, "auth.invalid_credentials")
    # The owner, from an address with no failures, still gets in.
    assert login(limited, user.email, PASSWORD, _ip()).status_code == 200
    # The attackers' addresses are refused for this email, even with the right password.
    assert_problem(login(limited, user.email, "guess-11", attackers[0]), 429, "request.rate_limited")
    refused = login(limited, user.email, PASSWORD, attackers[1])
    assert_problem(refused, 429, "request.rate_limited")
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    # A fresh address gets one guess, not more.
    fresh = _ip()
    assert_problem(login(limited, user.email, "guess-12", fresh), 401, "auth.invalid_credentials")
    assert_problem(login(limited, user.email, "guess-13", fresh), 429, "request.rate_limited")
    # Brute force from one address stays expensive: 10 attempts a minute, whatever the email.
    ip = _ip()
    for i in range(10):
        assert_problem(login(limited, f"x{i}-{user.email}", "wrong", ip), 401, "auth.invalid_credentials")
    assert_problem(login(limited, user.email, PASSWORD, ip), 429, "request.rate_limited")


def _form_login(client: FlaskClient, email: str, password: str, ip: str) -> Any:
    import re

    env = {"REMOTE_ADDR": ip}
    page = client.get("/login", headers=HTML, environ_base=env).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "no csrf_token field on the sign-in page"
    form = {"email": email, "password": password, "csrf_token": found.group(1)}
    return client.post("/login", data=form, headers=HTML, environ_base=env)


def test_the_sign_in_page_cannot_be_locked_by_a_stranger_either(
    limited: FlaskClient, user_factory: Any
) -> None:
    user = user_factory()
    for _ in range(10):
        assert _form_login(limited, user.email, "wrong-password", _ip()).status_code == 401
    owner = _form_login(limited, user.email, PASSWORD, _ip())
    assert owner.status_code in (302, 303) and owner.headers["Location"].endswith("/today"), owner.status_code
