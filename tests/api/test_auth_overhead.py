"""Authentication costs one SQL statement per request, and still sees changes at once.

The user, their roles and the token's revocation (blocklist and login session) are read by one
statement; the guard's later look-up of the user is served from the session's identity map.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from sqlalchemy import event

from lifeos.extensions import db
from lifeos.platform.auth.models import JwtBlocklist, Role, User
from tests.support.problems import assert_problem


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    seen: list[str] = []

    def hook(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", hook)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", hook)


def _sql(seen: list[str]) -> list[str]:
    # SAVEPOINT bookkeeping of the test fixture is not the request's work.
    return [s for s in seen if "SAVEPOINT" not in s.upper()]


def test_an_authenticated_read_costs_one_statement(app: Flask, user_factory: Any, auth_headers: Any) -> None:
    headers = auth_headers(user_factory())
    client = app.test_client()
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 200  # warm caches
    with statements(app) as seen:
        response = client.get("/api/v1/auth/me", headers=headers)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["roles"], response.get_json()
    assert len(_sql(seen)) == 1, "\n\n".join(_sql(seen))


def test_a_role_change_applies_to_the_next_request(app: Flask, user_factory: Any, auth_headers: Any) -> None:
    user = user_factory()
    headers = auth_headers(user)
    client = app.test_client()
    body = {"name": "Overhead Cash", "account_type": "asset", "account_subtype": "cash"}
    assert client.post("/api/v1/finance/accounts", json=body, headers=headers).status_code == 201
    readonly = db.session.query(Role).filter_by(name="readonly").one_or_none()
    if readonly is None:
        readonly = Role(name="readonly")
        db.session.add(readonly)
    db.session.get(User, user.id).roles = [readonly]  # type: ignore[union-attr]
    db.session.flush()
    body["name"] = "Overhead Cash 2"
    response = client.post("/api/v1/finance/accounts", json=body, headers=headers)
    assert_problem(response, 403, "auth.forbidden")


def test_a_blocklisted_access_token_is_refused_at_once(
    app: Flask, user_factory: Any, auth_headers: Any
) -> None:
    from flask_jwt_extended import decode_token

    headers = auth_headers(user_factory())
    client = app.test_client()
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 200
    jti = decode_token(headers["Authorization"].removeprefix("Bearer "))["jti"]
    db.session.add(JwtBlocklist(jti=jti))
    db.session.flush()
    assert_problem(client.get("/api/v1/auth/me", headers=headers), 401, "auth.token_revoked")
