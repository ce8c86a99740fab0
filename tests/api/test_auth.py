"""Auth API: register, login, refresh, logout, me — at /auth and /api/v1/auth.

Every assertion names the status and the stable code, so a regression in the rules (not just
a crash) fails a test.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import bcrypt
import pytest
from argon2 import PasswordHasher
from flask import Blueprint, Flask
from flask.testing import FlaskClient
from flask_jwt_extended import create_access_token, create_refresh_token, decode_token
from sqlalchemy import func, select

from lifeos.platform.auth import passwords, services
from lifeos.platform.auth.guard import current_user_id, require_auth
from lifeos.platform.auth.models import JwtBlocklist, SessionToken, User
from lifeos.platform.errors import PROBLEM_MIME
from tests.support.problems import assert_problem

PASSWORD = "correct-horse-battery"
PREFIXES = ["/auth", "/api/v1/auth"]
# Cheaper than production but still argon2id; OUTDATED is weaker still (for the rehash test).
CHEAP_HASHING = {
    "PASSWORD_HASH_TIME_COST": 1,
    "PASSWORD_HASH_MEMORY_COST": 2048,
    "PASSWORD_HASH_PARALLELISM": 1,
}
OUTDATED = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(autouse=True)
def _cheap_hashing(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in CHEAP_HASHING.items():
        monkeypatch.setitem(app.config, key, value)


def login(client: FlaskClient, email: str, password: str = PASSWORD, prefix: str = "/auth") -> Any:
    return client.post(f"{prefix}/login", json={"email": email, "password": password})


def bearer(token: str, csrf: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}"}
    if csrf is not None:
        headers["X-CSRF-Token"] = csrf
    return headers


def count(session: Any, model: Any) -> int:
    return session.scalar(select(func.count()).select_from(model))


# --------------------------------------------------------------------------- register


@pytest.mark.parametrize("prefix", PREFIXES)
def test_register_creates_a_user_with_the_user_role(client: FlaskClient, session: Any, prefix: str) -> None:
    resp = client.post(
        f"{prefix}/register",
        json={
            "email": "  Ada@Example.COM ",
            "password": PASSWORD,
            "full_name": "Ada L",
            "timezone": "Europe/Paris",
        },
    )
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert body["email"] == "ada@example.com"
    assert body["roles"] == ["user"]
    assert body["full_name"] == "Ada L"
    assert body["timezone"] == "Europe/Paris"
    assert body["is_active"] is True
    assert not any("password" in key for key in body)
    assert resp.headers["Location"].endswith(f"{prefix}/me")
    stored = session.scalar(select(User).where(User.email == "ada@example.com"))
    assert stored is not None and stored.password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored.password_hash


def test_register_then_login_with_other_case(client: FlaskClient) -> None:
    assert client.post("/auth/register", json={"email": "Foo@X.com", "password": PASSWORD}).status_code == 201
    resp = login(client, "foo@x.com")
    assert resp.status_code == 200
    assert resp.get_json()["user"]["email"] == "foo@x.com"
    assert login(client, "  FOO@X.COM ").status_code == 200


@pytest.mark.parametrize("again", ["FOO@x.com", "foo@x.com", " Foo@X.Com "])
def test_register_duplicate_email_in_any_case_is_409(client: FlaskClient, session: Any, again: str) -> None:
    assert client.post("/auth/register", json={"email": "Foo@X.com", "password": PASSWORD}).status_code == 201
    before = count(session, User)
    resp = client.post("/api/v1/auth/register", json={"email": again, "password": "another-password"})
    assert_problem(resp, 409, "auth.email_taken")
    assert count(session, User) == before


def test_create_user_gets_or_creates_roles(session: Any) -> None:
    user = services.create_user(session, email="r@x.com", password=PASSWORD, roles=("user", "auditor"))
    again = services.create_user(session, email="s@x.com", password=PASSWORD, roles=("auditor",))
    assert user.role_names == ["auditor", "user"]
    assert again.roles[0].id == next(r.id for r in user.roles if r.name == "auditor")


BAD_REGISTER_BODIES = [
    ({"email": "not-an-email", "password": PASSWORD}, {"email"}),
    ({"email": "a@b.co", "password": "short"}, {"password"}),
    ({"email": "a@b.co", "password": "x" * 129}, {"password"}),
    ({"email": "a@b.co", "password": PASSWORD, "timezone": "Mars/Olympus"}, {"timezone"}),
    ({"email": "a@b.co", "password": PASSWORD, "timezone": "../../etc/passwd"}, {"timezone"}),
    ({"email": 12, "password": PASSWORD}, {"email"}),
    ({"email": "a@b.co", "password": 12345678}, {"password"}),
    ({"email": "a@b.co", "password": None}, {"password"}),
    ({"email": ["a@b.co"], "password": PASSWORD}, {"email"}),
    ({"email": "a@b.co", "password": PASSWORD, "full_name": {"x": 1}}, {"full_name"}),
    ({"email": "a@b.co", "password": PASSWORD, "is_admin": True}, {"is_admin"}),
    ({"email": "a@b.co", "password": PASSWORD, "roles": ["admin"]}, {"roles"}),
    ({"email": "a" * 10_000 + "@b.co", "password": PASSWORD}, {"email"}),
    ({"email": "a@b.co", "password": PASSWORD, "full_name": "n" * 100_000}, {"full_name"}),
    ({"password": PASSWORD}, {"email"}),
    ({}, {"email", "password"}),
]


@pytest.mark.parametrize(("body", "fields"), BAD_REGISTER_BODIES)
def test_register_rejects_bad_input_with_field_errors(
    client: FlaskClient, session: Any, body: dict[str, Any], fields: set[str]
) -> None:
    before = count(session, User)
    problem = assert_problem(client.post("/auth/register", json=body), 422, "request.validation_failed")
    assert {e["field"] for e in problem["errors"]} == fields
    assert count(session, User) == before


@pytest.mark.parametrize("path", ["/auth/register", "/auth/login"])
@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        ("{not json", 400, "request.malformed_json"),
        ('["a@b.co", "pw"]', 400, "request.malformed_json"),
        ('"just a string"', 400, "request.malformed_json"),
        ("\xff\xfe", 400, "request.malformed_json"),
    ],
)
def test_malformed_bodies_are_4xx_problems_and_write_nothing(
    client: FlaskClient, session: Any, path: str, data: str, status: int, code: str
) -> None:
    users, sessions = count(session, User), count(session, SessionToken)
    assert_problem(client.post(path, data=data, content_type="application/json"), status, code)
    assert (count(session, User), count(session, SessionToken)) == (users, sessions)


@pytest.mark.parametrize("path", ["/auth/register", "/auth/login"])
def test_bodies_over_the_size_limit_are_413(client: FlaskClient, session: Any, path: str) -> None:
    users = count(session, User)
    huge = '{"email": "a@b.co", "password": "' + "x" * (2 * 1024 * 1024) + '"}'
    assert_problem(client.post(path, data=huge, content_type="application/json"), 413, "request.too_large")
    assert count(session, User) == users


# --------------------------------------------------------------------------- login


@pytest.mark.parametrize("prefix", PREFIXES)
def test_login_returns_tokens_and_user(
    app: Flask, client: FlaskClient, user_factory: Any, prefix: str
) -> None:
    user = user_factory(email="lo@example.com", full_name="Lo", timezone="Asia/Tokyo")
    resp = login(client, "lo@example.com", prefix=prefix)
    assert resp.status_code == 200
    body = resp.get_json()
    assert set(body) == {"access_token", "refresh_token", "csrf_token", "token_type", "expires_in", "user"}
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == app.config["JWT_ACCESS_TOKEN_EXPIRES"]
    assert body["user"] == {
        "id": user.id,
        "email": "lo@example.com",
        "full_name": "Lo",
        "timezone": "Asia/Tokyo",
        "roles": ["user"],
        "is_active": True,
        "created_at": body["user"]["created_at"],
    }
    access, refresh = decode_token(body["access_token"]), decode_token(body["refresh_token"])
    assert (access["type"], refresh["type"]) == ("access", "refresh")
    assert access["sub"] == refresh["sub"] == str(user.id)
    assert access["csrf"] == refresh["csrf"] == body["csrf_token"]
    assert "roles" not in access and "roles" not in refresh  # read from the DB on every request
    me = client.get(f"{prefix}/me", headers=bearer(body["access_token"]))
    assert me.status_code == 200 and me.get_json()["id"] == user.id


def test_each_login_gets_its_own_csrf_token_and_session(client: FlaskClient, user_factory: Any) -> None:
    user_factory(email="twice@example.com")
    first, second = (
        login(client, "twice@example.com").get_json(),
        login(client, "twice@example.com").get_json(),
    )
    assert first["csrf_token"] != second["csrf_token"]
    assert decode_token(first["refresh_token"])["jti"] != decode_token(second["refresh_token"])["jti"]


def _without_request_id(resp: Any) -> tuple[int, str, dict[str, Any]]:
    body = dict(resp.get_json())
    body.pop("request_id", None)
    return resp.status_code, resp.mimetype, body


def test_wrong_password_and_unknown_email_are_indistinguishable(
    client: FlaskClient, user_factory: Any
) -> None:
    user_factory(email="known@example.com")
    wrong_password = login(client, "known@example.com", "not-the-password")
    unknown_email = login(client, "unknown@example.com", "not-the-password")
    assert_problem(wrong_password, 401, "auth.invalid_credentials")
    assert _without_request_id(wrong_password) == _without_request_id(unknown_email)
    assert set(wrong_password.headers.keys()) == set(unknown_email.headers.keys())


def test_unknown_email_still_spends_a_password_verification(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = passwords.dummy_verify
    monkeypatch.setattr(passwords, "dummy_verify", lambda pw: (calls.append(pw), real(pw))[1])
    assert_problem(login(client, "ghost@example.com", "whatever-pass"), 401, "auth.invalid_credentials")
    assert calls == ["whatever-pass"]


def test_inactive_user_cannot_log_in(client: FlaskClient, user_factory: Any) -> None:
    user_factory(email="gone@example.com", is_active=False)
    assert_problem(login(client, "gone@example.com"), 403, "auth.inactive_user")
    # With a wrong password the answer is the generic one: nothing about the account leaks.
    wrong = login(client, "gone@example.com", "not-the-password")
    unknown = login(client, "nobody@example.com", "not-the-password")
    assert _without_request_id(wrong) == _without_request_id(unknown)


def test_deactivated_users_tokens_stop_working(
    client: FlaskClient, session: Any, user_factory: Any, auth_headers: Any
) -> None:
    user = user_factory()
    headers = auth_headers(user)
    assert client.get("/auth/me", headers=headers).status_code == 200
    user.is_active = False  # flipped directly: the guard itself must notice
    session.flush()
    assert_problem(client.get("/auth/me", headers=headers), 401, "auth.user_unavailable")
    user.is_active = True
    session.flush()
    assert client.get("/auth/me", headers=headers).status_code == 200
    services.set_active(session, user, False)  # the service also revokes the user's sessions
    session.flush()
    assert_problem(client.get("/auth/me", headers=headers), 401, "auth.token_revoked")


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"email": "a@b.co"}, 422, "request.validation_failed"),
        ({"email": "a@b.co", "password": ""}, 422, "request.validation_failed"),
        ({"email": "a@b.co", "password": 123}, 422, "request.validation_failed"),
        ({"email": True, "password": "x"}, 422, "request.validation_failed"),
        ({"email": "a@b.co", "password": "x", "remember": True}, 422, "request.validation_failed"),
        ({"email": "a@b.co", "password": "x" * 100_000}, 422, "request.validation_failed"),
        ({"email": "e" * 100_000, "password": "x"}, 422, "request.validation_failed"),
    ],
)
def test_login_rejects_bad_input(
    client: FlaskClient, session: Any, body: dict[str, Any], status: int, code: str
) -> None:
    sessions = count(session, SessionToken)
    problem = assert_problem(client.post("/auth/login", json=body), status, code)
    assert problem["errors"]
    assert count(session, SessionToken) == sessions


def test_password_is_not_stripped(client: FlaskClient) -> None:
    assert (
        client.post("/auth/register", json={"email": "sp@x.com", "password": "  spaced pass  "}).status_code
        == 201
    )
    assert login(client, "sp@x.com", "  spaced pass  ").status_code == 200
    assert_problem(login(client, "sp@x.com", "spaced pass"), 401, "auth.invalid_credentials")


# --------------------------------------------------------------------------- legacy hashes


@pytest.mark.parametrize("prefix", [b"$2b$", b"$2a$", b"$2y$"])
def test_legacy_bcrypt_hash_logs_in_and_is_rehashed_to_argon2id(
    client: FlaskClient, session: Any, user_factory: Any, prefix: bytes
) -> None:
    user = user_factory(email="legacy@example.com")
    legacy = bcrypt.hashpw(b"alice-pass-2025", bcrypt.gensalt(rounds=4))
    user.password_hash = (prefix + legacy[4:]).decode()
    session.flush()

    assert_problem(login(client, "legacy@example.com", "wrong-pass-2025"), 401, "auth.invalid_credentials")
    session.refresh(user)
    assert user.password_hash.startswith(prefix.decode())  # a failed login changes nothing

    assert login(client, "legacy@example.com", "alice-pass-2025").status_code == 200
    session.refresh(user)
    assert user.password_hash.startswith("$argon2id$")
    assert not passwords.needs_rehash(user.password_hash)
    assert login(client, "legacy@example.com", "alice-pass-2025").status_code == 200


def test_outdated_argon2_parameters_are_upgraded_on_login(
    client: FlaskClient, session: Any, user_factory: Any
) -> None:
    user = user_factory(email="old@example.com")
    user.password_hash = OUTDATED.hash(PASSWORD)
    session.flush()
    assert login(client, "old@example.com").status_code == 200
    session.refresh(user)
    assert "m=2048,t=1,p=1" in user.password_hash
    assert passwords.verify_password(user.password_hash, PASSWORD)


# --------------------------------------------------------------------------- tokens


def test_no_token_is_401_problem(client: FlaskClient) -> None:
    body = assert_problem(client.get("/auth/me"), 401, "auth.unauthorized")
    assert body["detail"]
    assert_problem(client.get("/api/v1/auth/me"), 401, "auth.unauthorized")
    assert_problem(client.post("/auth/logout"), 401, "auth.unauthorized")
    assert_problem(client.post("/auth/refresh"), 401, "auth.unauthorized")


@pytest.mark.parametrize("header", ["Bearer not.a.jwt", "Bearer abc", "Basic dXNlcjpwdw==", "Bearer "])
def test_garbage_tokens_are_401_problems(client: FlaskClient, header: str) -> None:
    resp = client.get("/auth/me", headers={"Authorization": header})
    assert resp.status_code == 401 and resp.mimetype == PROBLEM_MIME
    assert resp.get_json()["code"] in {"auth.invalid_token", "auth.unauthorized"}


def test_token_signed_with_another_key_is_invalid(client: FlaskClient, user_factory: Any) -> None:
    import jwt as pyjwt

    user = user_factory()
    forged = pyjwt.encode(
        {"sub": str(user.id), "type": "access", "jti": "x", "csrf": "c", "sid": "s", "fresh": False},
        "not-the-server-key-but-long-enough-for-hs256",
        algorithm="HS256",
    )
    assert_problem(client.get("/auth/me", headers=bearer(forged)), 401, "auth.invalid_token")


def test_expired_access_token_is_401_token_expired(client: FlaskClient, user_factory: Any) -> None:
    user = user_factory()
    token = create_access_token(identity=str(user.id), expires_delta=timedelta(seconds=-5))
    assert_problem(client.get("/auth/me", headers=bearer(token)), 401, "auth.token_expired")


def test_refresh_token_is_not_an_access_token_and_vice_versa(client: FlaskClient, user_factory: Any) -> None:
    user_factory(email="types@example.com")
    tokens = login(client, "types@example.com").get_json()
    assert_problem(
        client.get("/auth/me", headers=bearer(tokens["refresh_token"])), 401, "auth.wrong_token_type"
    )
    resp = client.post("/auth/refresh", headers=bearer(tokens["access_token"], tokens["csrf_token"]))
    assert_problem(resp, 401, "auth.wrong_token_type")


# --------------------------------------------------------------------------- refresh


@pytest.mark.parametrize("prefix", PREFIXES)
def test_refresh_returns_a_new_access_token_with_the_same_csrf(
    client: FlaskClient, user_factory: Any, prefix: str
) -> None:
    user_factory(email="fresh@example.com")
    tokens = login(client, "fresh@example.com").get_json()
    resp = client.post(f"{prefix}/refresh", headers=bearer(tokens["refresh_token"], tokens["csrf_token"]))
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["csrf_token"] == tokens["csrf_token"]
    assert body["token_type"] == "Bearer" and body["expires_in"] > 0
    new_access = decode_token(body["access_token"])
    assert new_access["jti"] != decode_token(tokens["access_token"])["jti"]
    assert new_access["csrf"] == tokens["csrf_token"]
    assert client.get("/auth/me", headers=bearer(body["access_token"])).status_code == 200


def test_refresh_needs_the_csrf_token(client: FlaskClient, user_factory: Any) -> None:
    user_factory(email="rc@example.com")
    tokens = login(client, "rc@example.com").get_json()
    assert_problem(client.post("/auth/refresh", headers=bearer(tokens["refresh_token"])), 403, "csrf_failed")
    wrong = bearer(tokens["refresh_token"], tokens["csrf_token"] + "x")
    assert_problem(client.post("/auth/refresh", headers=wrong), 403, "csrf_failed")


def test_refresh_reflects_current_roles(client: FlaskClient, session: Any, user_factory: Any) -> None:
    user = user_factory(email="roles@example.com", roles=("user",))
    tokens = login(client, "roles@example.com").get_json()
    assert tokens["user"]["roles"] == ["user"]

    services.set_roles(session, user, ("readonly", "admin"))
    session.flush()

    refreshed = client.post("/auth/refresh", headers=bearer(tokens["refresh_token"], tokens["csrf_token"]))
    assert refreshed.status_code == 200
    me = client.get("/auth/me", headers=bearer(refreshed.get_json()["access_token"]))
    assert me.get_json()["roles"] == ["admin", "readonly"]


def test_expired_refresh_token_is_refused(client: FlaskClient, user_factory: Any) -> None:
    user = user_factory()
    token = create_refresh_token(identity=str(user.id), expires_delta=timedelta(seconds=-5))
    assert_problem(client.post("/auth/refresh", headers=bearer(token, "x")), 401, "auth.token_expired")


def test_refresh_token_past_its_stored_expiry_or_unknown_is_refused(
    client: FlaskClient, session: Any, user_factory: Any
) -> None:
    user_factory(email="exp@example.com")
    tokens = login(client, "exp@example.com").get_json()
    row = session.scalar(
        select(SessionToken).where(SessionToken.jti == decode_token(tokens["refresh_token"])["jti"])
    )
    row.expires_at = row.expires_at - timedelta(days=365)
    session.flush()
    resp = client.post("/auth/refresh", headers=bearer(tokens["refresh_token"], tokens["csrf_token"]))
    assert_problem(resp, 401, "auth.token_revoked")

    session.delete(row)
    session.flush()
    resp = client.post("/auth/refresh", headers=bearer(tokens["refresh_token"], tokens["csrf_token"]))
    assert_problem(resp, 401, "auth.token_revoked")


# --------------------------------------------------------------------------- logout


@pytest.mark.parametrize("prefix", PREFIXES)
def test_logout_revokes_the_refresh_and_access_tokens(
    client: FlaskClient, session: Any, user_factory: Any, prefix: str
) -> None:
    user_factory(email="bye@example.com")
    tokens = login(client, "bye@example.com").get_json()
    headers = bearer(tokens["access_token"], tokens["csrf_token"])
    resp = client.post(f"{prefix}/logout", headers=headers, json={"refresh_token": tokens["refresh_token"]})
    assert resp.status_code == 204 and resp.data == b""

    refresh = client.post("/auth/refresh", headers=bearer(tokens["refresh_token"], tokens["csrf_token"]))
    assert_problem(refresh, 401, "auth.token_revoked")
    assert_problem(client.get("/auth/me", headers=headers), 401, "auth.token_revoked")
    jti = decode_token(tokens["access_token"])["jti"]
    assert session.scalar(select(JwtBlocklist).where(JwtBlocklist.jti == jti)) is not None


def test_logout_without_body_revokes_this_sessions_refresh_token_only(
    client: FlaskClient, user_factory: Any
) -> None:
    user_factory(email="two@example.com")
    laptop, phone = login(client, "two@example.com").get_json(), login(client, "two@example.com").get_json()
    assert (
        client.post("/auth/logout", headers=bearer(laptop["access_token"], laptop["csrf_token"])).status_code
        == 204
    )

    gone = client.post("/auth/refresh", headers=bearer(laptop["refresh_token"], laptop["csrf_token"]))
    assert_problem(gone, 401, "auth.token_revoked")
    # An access token refreshed earlier from the same session dies with it too.
    assert (
        client.post("/auth/refresh", headers=bearer(phone["refresh_token"], phone["csrf_token"])).status_code
        == 200
    )
    assert client.get("/auth/me", headers=bearer(phone["access_token"])).status_code == 200


def test_access_tokens_refreshed_from_a_logged_out_session_are_revoked(
    client: FlaskClient, user_factory: Any
) -> None:
    user_factory(email="chain@example.com")
    tokens = login(client, "chain@example.com").get_json()
    again = client.post(
        "/auth/refresh", headers=bearer(tokens["refresh_token"], tokens["csrf_token"])
    ).get_json()
    assert (
        client.post("/auth/logout", headers=bearer(tokens["access_token"], tokens["csrf_token"])).status_code
        == 204
    )
    assert_problem(client.get("/auth/me", headers=bearer(again["access_token"])), 401, "auth.token_revoked")


def test_logout_needs_csrf(client: FlaskClient, user_factory: Any) -> None:
    user_factory(email="lc@example.com")
    tokens = login(client, "lc@example.com").get_json()
    assert_problem(client.post("/auth/logout", headers=bearer(tokens["access_token"])), 403, "csrf_failed")
    assert_problem(
        client.post("/auth/logout", headers=bearer(tokens["access_token"], "forged")), 403, "csrf_failed"
    )
    # Still logged in: the refused logout revoked nothing.
    assert (
        client.post(
            "/auth/refresh", headers=bearer(tokens["refresh_token"], tokens["csrf_token"])
        ).status_code
        == 200
    )


def test_logout_refuses_someone_elses_or_a_bogus_refresh_token(
    client: FlaskClient, user_factory: Any
) -> None:
    user_factory(email="me@example.com")
    user_factory(email="them@example.com")
    mine, theirs = login(client, "me@example.com").get_json(), login(client, "them@example.com").get_json()
    headers = bearer(mine["access_token"], mine["csrf_token"])
    for bogus in (theirs["refresh_token"], mine["access_token"], "not-a-token"):
        resp = client.post("/auth/logout", headers=headers, json={"refresh_token": bogus})
        problem = assert_problem(resp, 422, "request.validation_failed")
        assert problem["errors"][0]["field"] == "refresh_token"
    # Nothing was revoked by the refused requests.
    assert (
        client.post(
            "/auth/refresh", headers=bearer(theirs["refresh_token"], theirs["csrf_token"])
        ).status_code
        == 200
    )
    assert client.get("/auth/me", headers=bearer(mine["access_token"])).status_code == 200


def test_readonly_user_can_still_log_out(client: FlaskClient, user_factory: Any, auth_headers: Any) -> None:
    headers = auth_headers(user_factory(roles=("readonly",)))
    assert client.post("/auth/logout", headers=headers).status_code == 204


# --------------------------------------------------------------------------- guard: CSRF and roles


@pytest.fixture
def probe(app: Flask) -> Iterator[FlaskClient]:
    """A second app on the same (rolled-back) database with test-only guarded routes."""
    from lifeos.extensions import db
    from tests.conftest import make_test_app

    probe_app = make_test_app(app.config["SQLALCHEMY_DATABASE_URI"], **CHEAP_HASHING)
    bp = Blueprint("auth_probe", __name__)

    @bp.route("/_probe/data", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    @require_auth()
    def data() -> dict[str, Any]:
        return {"user_id": current_user_id()}

    @bp.route("/_probe/admin", methods=["GET", "POST"])
    @require_auth("admin")
    def admin_only() -> dict[str, Any]:
        return {"user_id": current_user_id()}

    probe_app.register_blueprint(bp)
    yield probe_app.test_client()
    with probe_app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_writes_need_the_csrf_header(
    probe: FlaskClient, user_factory: Any, auth_headers: Any, method: str
) -> None:
    headers = auth_headers(user_factory())
    token_only = {"Authorization": headers["Authorization"]}
    assert_problem(probe.open("/_probe/data", method=method, headers=token_only), 403, "csrf_failed")
    real = headers["X-CSRF-Token"]
    wrong = {**token_only, "X-CSRF-Token": real[:-1] + ("B" if real.endswith("A") else "A")}
    assert_problem(probe.open("/_probe/data", method=method, headers=wrong), 403, "csrf_failed")
    empty = {**token_only, "X-CSRF-Token": ""}
    assert_problem(probe.open("/_probe/data", method=method, headers=empty), 403, "csrf_failed")
    assert probe.open("/_probe/data", method=method, headers=headers).status_code == 200


def test_csrf_token_of_another_session_is_refused(
    probe: FlaskClient, user_factory: Any, auth_headers: Any
) -> None:
    user = user_factory()
    first, second = auth_headers(user), auth_headers(user)
    mixed = {"Authorization": first["Authorization"], "X-CSRF-Token": second["X-CSRF-Token"]}
    assert_problem(probe.post("/_probe/data", headers=mixed), 403, "csrf_failed")


def test_reads_need_no_csrf(probe: FlaskClient, user_factory: Any, auth_headers: Any) -> None:
    user = user_factory()
    headers = auth_headers(user)
    resp = probe.get("/_probe/data", headers={"Authorization": headers["Authorization"]})
    assert resp.status_code == 200 and resp.get_json() == {"user_id": user.id}


def test_readonly_user_reads_but_every_write_is_403(
    probe: FlaskClient, user_factory: Any, auth_headers: Any
) -> None:
    headers = auth_headers(user_factory(roles=("readonly",)))
    assert probe.get("/_probe/data", headers=headers).status_code == 200
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        assert_problem(probe.open("/_probe/data", method=method, headers=headers), 403, "auth.forbidden")


def test_order_is_401_then_csrf_then_role(probe: FlaskClient, user_factory: Any, auth_headers: Any) -> None:
    readonly = auth_headers(user_factory(roles=("readonly",)))
    assert_problem(probe.post("/_probe/data", headers={"X-CSRF-Token": "x"}), 401, "auth.unauthorized")
    no_csrf = {"Authorization": readonly["Authorization"]}
    assert_problem(probe.post("/_probe/data", headers=no_csrf), 403, "csrf_failed")
    assert_problem(probe.post("/_probe/data", headers=readonly), 403, "auth.forbidden")
    user = auth_headers(user_factory())
    assert_problem(
        probe.post("/_probe/admin", headers={"Authorization": user["Authorization"]}), 403, "csrf_failed"
    )
    assert_problem(probe.post("/_probe/admin", headers=user), 403, "auth.forbidden")


def test_admin_role_required(probe: FlaskClient, user_factory: Any, auth_headers: Any) -> None:
    assert_problem(probe.get("/_probe/admin", headers=auth_headers(user_factory())), 403, "auth.forbidden")
    admin = user_factory(roles=("user", "admin"))
    resp = probe.get("/_probe/admin", headers=auth_headers(admin))
    assert resp.status_code == 200 and resp.get_json() == {"user_id": admin.id}
    assert probe.post("/_probe/admin", headers=auth_headers(admin)).status_code == 200


def test_roles_are_read_per_request_not_from_the_token(
    probe: FlaskClient, session: Any, user_factory: Any, auth_headers: Any
) -> None:
    user = user_factory(roles=("user",))
    headers = auth_headers(user)
    assert probe.post("/_probe/data", headers=headers).status_code == 200
    services.set_roles(session, user, ("readonly",))
    session.flush()
    assert_problem(probe.post("/_probe/data", headers=headers), 403, "auth.forbidden")


# --------------------------------------------------------------------------- documentation


def test_every_auth_route_is_documented_and_mounted_twice(app: Flask) -> None:
    rules = {r.rule: r for r in app.url_map.iter_rules() if "/auth/" in r.rule}
    for name in ("register", "login", "refresh", "logout", "me"):
        for prefix in PREFIXES:
            rule = rules[f"{prefix}/{name}"]
            assert getattr(app.view_functions[rule.endpoint], "__openapi__", None), rule.rule
