"""Browser sessions: sign-in forms, HttpOnly cookies, double-submit CSRF, silent refresh, sign-out.

Through the Flask test client on both databases; the browser tests (tests/browser) drive the
same flows in Chromium.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from lifeos.config import Config, ProductionConfig
from lifeos.platform.auth.models import SessionToken, User
from tests.support.problems import assert_problem

HTML = {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"}
PASSWORD = "correct-horse-battery"


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no csrf_token field on the page"
    return found.group(1)


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD) -> str:
    """Sign in through the form; returns the session's CSRF token (from the next page's meta tag)."""
    token = csrf_of(client.get("/login", headers=HTML).get_data(as_text=True))
    response = client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token}, headers=HTML
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    page = client.get("/today", headers=HTML).get_data(as_text=True)
    meta = re.search(r'<meta name="csrf-token" content="([^"]+)"', page)
    assert meta
    return meta.group(1)


def cookie_header(response: Any, name: str) -> str:
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith(name + "="):
            return str(header)
    raise AssertionError(f"{name} was not set")


def test_root_sends_visitors_to_sign_in_and_members_to_today(client: FlaskClient, user_factory: Any) -> None:
    response = client.get("/", headers=HTML)
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    user = user_factory()
    sign_in(client, user.email)
    response = client.get("/", headers=HTML)
    assert response.status_code == 302 and response.headers["Location"] == "/today"


def test_register_form_signs_in_with_httponly_lax_cookies(client: FlaskClient, session: Any) -> None:
    token = csrf_of(client.get("/register", headers=HTML).get_data(as_text=True))
    response = client.post(
        "/register",
        data={
            "csrf_token": token,
            "email": "Form.User@Example.com",
            "password": "a-long-password",
            "full_name": "Form User",
            "timezone": "Europe/Paris",
        },
        headers=HTML,
    )
    assert response.status_code == 302 and response.headers["Location"] == "/today"
    for name in ("lifeos_access", "lifeos_refresh"):
        header = cookie_header(response, name)
        assert "HttpOnly" in header and "SameSite=Lax" in header and "Path=/" in header
        assert "Secure" not in header  # plain http on 127.0.0.1 in development and tests
    user = session.scalar(select(User).where(User.email == "form.user@example.com"))
    assert user is not None and user.timezone == "Europe/Paris"
    page = client.get("/today", headers=HTML)
    assert page.status_code == 200 and "form.user@example.com" in page.get_data(as_text=True)


def test_register_errors_are_shown_beside_their_fields(client: FlaskClient, user_factory: Any) -> None:
    taken = user_factory()
    token = csrf_of(client.get("/register", headers=HTML).get_data(as_text=True))
    response = client.post(
        "/register",
        data={"csrf_token": token, "email": "x@example.com", "password": "short", "timezone": "Mars/Olympus"},
        headers=HTML,
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert re.search(
        r'id="f-password"[^>]*aria-describedby="[^"]*f-password-error"[^>]*aria-invalid="true"', html
    )
    assert 'id="f-password-error"' in html
    assert 'value="x@example.com"' in html  # what was typed is kept (never the password)
    response = client.post(
        "/register",
        data={"csrf_token": token, "email": taken.email.upper(), "password": "a-long-password"},
        headers=HTML,
    )
    assert response.status_code == 409
    assert "already exists" in response.get_data(as_text=True)


def test_sign_in_forms_refuse_a_post_without_their_csrf_token(client: FlaskClient, user_factory: Any) -> None:
    user = user_factory()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD}, headers=HTML)
    assert response.status_code == 403
    assert not [h for h in response.headers.getlist("Set-Cookie") if h.startswith("lifeos_access=")]
    response = client.post(
        "/register", data={"email": "csrf-less@example.com", "password": "a-long-password"}, headers=HTML
    )
    assert response.status_code == 403
    assert client.get("/today", headers=HTML).status_code == 302


def test_wrong_password_says_so_without_saying_which_part(client: FlaskClient, user_factory: Any) -> None:
    user = user_factory()
    token = csrf_of(client.get("/login", headers=HTML).get_data(as_text=True))
    for email in (user.email, "nobody@example.com"):
        response = client.post(
            "/login", data={"email": email, "password": "wrong-password", "csrf_token": token}, headers=HTML
        )
        assert response.status_code == 401
        assert "The email or password is wrong." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:x"]
)
def test_sign_in_never_redirects_to_another_site(client: FlaskClient, user_factory: Any, target: str) -> None:
    user = user_factory()
    token = csrf_of(client.get("/login", headers=HTML).get_data(as_text=True))
    response = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token, "next": target},
        headers=HTML,
    )
    assert response.status_code == 302 and response.headers["Location"] == "/today"


def test_sign_in_returns_to_the_page_asked_for(client: FlaskClient, user_factory: Any) -> None:
    user = user_factory()
    response = client.get("/money/journal?q=rent", headers=HTML)
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/money/journal?q%3Drent"
    page = client.get(response.headers["Location"], headers=HTML).get_data(as_text=True)
    assert 'name="next" value="/money/journal?q=rent"' in page
    response = client.post(
        "/login",
        data={
            "email": user.email,
            "password": PASSWORD,
            "csrf_token": csrf_of(page),
            "next": "/money/journal?q=rent",
        },
        headers=HTML,
    )
    assert response.headers["Location"] == "/money/journal?q=rent"


def test_an_expired_access_cookie_is_refreshed_silently(client: FlaskClient, user_factory: Any) -> None:
    user = user_factory()
    sign_in(client, user.email)
    client.set_cookie("lifeos_access", "not-a-valid-token")
    response = client.get("/today", headers=HTML)
    assert response.status_code == 200
    assert "HttpOnly" in cookie_header(response, "lifeos_access")
    client.delete_cookie("lifeos_access")
    response = client.get("/money/accounts", headers=HTML)
    assert response.status_code == 200
    assert client.get_cookie("lifeos_access") is not None


def test_htmx_request_without_a_session_is_sent_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/money/journal/new/line", headers={**HTML, "HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login")


def test_sign_out_needs_the_csrf_token_and_revokes_the_session(
    client: FlaskClient, user_factory: Any, session: Any
) -> None:
    user = user_factory()
    csrf = sign_in(client, user.email)
    access = client.get_cookie("lifeos_access")
    refresh = client.get_cookie("lifeos_refresh")
    assert access is not None and refresh is not None

    refused = client.post("/logout", headers=HTML)
    assert refused.status_code == 403
    assert "This form has expired" in refused.get_data(as_text=True)
    assert client.get("/today", headers=HTML).status_code == 200  # still signed in

    response = client.post("/logout", data={"csrf_token": csrf}, headers=HTML)
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert client.get_cookie("lifeos_access") is None and client.get_cookie("lifeos_refresh") is None
    assert "You are signed out." in client.get("/login", headers=HTML).get_data(as_text=True)
    assert client.get("/today", headers=HTML).headers["Location"].startswith("/login")

    # The old cookies, replayed, are dead: the login session is revoked on the server.
    client.set_cookie("lifeos_access", access.value)
    client.set_cookie("lifeos_refresh", refresh.value)
    assert client.get("/today", headers=HTML).status_code == 302
    rows = session.scalars(select(SessionToken).where(SessionToken.user_id == user.id)).all()
    assert rows and all(row.revoked for row in rows)


def test_the_json_api_accepts_the_browser_cookie_but_writes_need_the_csrf_header(
    client: FlaskClient, user_factory: Any
) -> None:
    user = user_factory()
    csrf = sign_in(client, user.email)
    assert client.get("/finance/accounts/search?q=").status_code == 200
    body = {"name": "Cookie Cash", "account_type": "asset", "account_subtype": "cash"}
    assert_problem(client.post("/finance/accounts/inline", json=body), 403, "csrf_failed")
    assert_problem(
        client.post("/finance/accounts/inline", json=body, headers={"X-CSRF-Token": "forged"}),
        403,
        "csrf_failed",
    )
    created = client.post("/finance/accounts/inline", json=body, headers={"X-CSRF-Token": csrf})
    assert created.status_code == 201
    # A bearer header still wins over cookies, and a page cookie never replaces the header.
    client.delete_cookie("lifeos_access")
    client.delete_cookie("lifeos_refresh")
    assert_problem(client.get("/finance/accounts/search?q="), 401, "auth.unauthorized")


def test_session_refresh_endpoint_for_scripts(client: FlaskClient, user_factory: Any) -> None:
    user = user_factory()
    csrf = sign_in(client, user.email)
    client.delete_cookie("lifeos_access")
    assert_problem(
        client.post("/session/refresh", headers={"Accept": "application/json"}), 403, "csrf_failed"
    )
    response = client.post("/session/refresh", headers={"X-CSRF-Token": csrf, "Accept": "application/json"})
    assert response.status_code == 204 and client.get_cookie("lifeos_access") is not None
    client.delete_cookie("lifeos_access")
    client.delete_cookie("lifeos_refresh")
    assert_problem(client.post("/session/refresh", headers={"Accept": "application/json"}), 401)


def test_a_deactivated_person_loses_the_browser_session(
    client: FlaskClient, user_factory: Any, session: Any
) -> None:
    user = user_factory()
    sign_in(client, user.email)
    user.is_active = False
    session.flush()
    assert client.get("/today", headers=HTML).status_code == 302


def test_readonly_accounts_can_read_pages_but_not_post_forms(client: FlaskClient, user_factory: Any) -> None:
    user = user_factory(roles=("readonly",))
    csrf = sign_in(client, user.email)
    assert client.get("/money/accounts", headers=HTML).status_code == 200
    response = client.post(
        "/money/accounts", data={"csrf_token": csrf, "name": "Nope", "account_type": "asset"}, headers=HTML
    )
    assert response.status_code == 403
    assert "read-only" in response.get_data(as_text=True)


def test_cookie_security_settings() -> None:
    assert Config.JWT_TOKEN_LOCATION == ["headers", "cookies"]
    assert Config.JWT_COOKIE_SAMESITE == "Lax"
    assert ProductionConfig.JWT_COOKIE_SECURE is True and ProductionConfig.SESSION_COOKIE_SECURE is True


def test_pages_are_private_and_locked_down(client: FlaskClient, user_factory: Any, app: Flask) -> None:
    user = user_factory()
    sign_in(client, user.email)
    response = client.get("/today", headers=HTML)
    assert response.headers["Cache-Control"] == "no-store"
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    html = response.get_data(as_text=True)
    for marker in ("https://", "http://", "//cdn", "unpkg", "jsdelivr"):
        assert marker not in html, marker


def test_pages_honour_the_api_bearer_token_like_the_api(
    client: FlaskClient, user_factory: Any, auth_headers: Any
) -> None:
    user = user_factory()
    headers = auth_headers(user)
    assert client.get("/money/accounts", headers={**HTML, **headers}).status_code == 200
    assert (
        client.get("/money/accounts", headers={**HTML, "Authorization": "Bearer forged"}).status_code == 302
    )
    # A write through a page needs the token's CSRF value, whichever way the token came.
    no_csrf = {k: v for k, v in headers.items() if k != "X-CSRF-Token"}
    response = client.post(
        "/money/accounts", data={"name": "Via bearer", "account_type": "asset"}, headers=no_csrf
    )
    assert response.status_code == 403
