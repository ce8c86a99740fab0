"""`flask users create|list|deactivate|activate` through Click's runner on the real app."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from lifeos.platform.auth import passwords
from lifeos.platform.auth.models import User


@pytest.fixture(autouse=True)
def _cheap_hashing(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in {"PASSWORD_HASH_TIME_COST": 1, "PASSWORD_HASH_MEMORY_COST": 1024}.items():
        monkeypatch.setitem(app.config, key, value)


def run(app: Flask, *args: str, input: str | None = None) -> Any:
    return app.test_cli_runner().invoke(args=["users", *args], input=input)


def _user(session: Any, email: str) -> User | None:
    session.expire_all()
    return session.scalar(select(User).where(User.email == email))


def test_create_admin(app: Flask, session: Any) -> None:
    result = run(
        app,
        "create",
        "--email",
        "Root@Example.com",
        "--password",
        "admin-password-1",
        "--admin",
        "--name",
        "Root",
        "--timezone",
        "Europe/Berlin",
    )
    assert result.exit_code == 0, result.output
    assert "root@example.com" in result.output
    user = _user(session, "root@example.com")
    assert user is not None
    assert user.role_names == ["admin", "user"]
    assert (user.full_name, user.timezone, user.is_active) == ("Root", "Europe/Berlin", True)
    assert passwords.verify_password(user.password_hash, "admin-password-1")
    assert "admin-password-1" not in result.output


def test_created_admin_can_log_in(app: Flask, client: Any) -> None:
    assert (
        run(
            app, "create", "--email", "ops@example.com", "--password", "admin-password-1", "--admin"
        ).exit_code
        == 0
    )
    resp = client.post("/auth/login", json={"email": "ops@example.com", "password": "admin-password-1"})
    assert resp.status_code == 200
    assert resp.get_json()["user"]["roles"] == ["admin", "user"]


def test_create_readonly_and_plain_user(app: Flask, session: Any) -> None:
    assert (
        run(app, "create", "--email", "ro@example.com", "--password", "readonly-pass", "--readonly").exit_code
        == 0
    )
    assert run(app, "create", "--email", "plain@example.com", "--password", "plain-password").exit_code == 0
    assert _user(session, "ro@example.com").role_names == ["readonly"]
    plain = _user(session, "plain@example.com")
    assert plain.role_names == ["user"] and plain.timezone == "UTC"


def test_password_is_prompted_when_not_given(app: Flask, session: Any) -> None:
    result = run(app, "create", "--email", "prompt@example.com", input="prompted-pass\nprompted-pass\n")
    assert result.exit_code == 0, result.output
    assert "prompted-pass" not in result.output
    assert passwords.verify_password(_user(session, "prompt@example.com").password_hash, "prompted-pass")


def test_password_from_environment(app: Flask, session: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIFEOS_USER_PASSWORD", "from-the-env-1")
    assert run(app, "create", "--email", "env@example.com").exit_code == 0
    assert passwords.verify_password(_user(session, "env@example.com").password_hash, "from-the-env-1")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--email", "bad", "--password", "long-enough-1"), "email"),
        (("--email", "x@example.com", "--password", "short"), "password"),
        (
            ("--email", "x@example.com", "--password", "long-enough-1", "--timezone", "Nowhere/City"),
            "timezone",
        ),
        (
            ("--email", "x@example.com", "--password", "long-enough-1", "--admin", "--readonly"),
            "cannot be combined",
        ),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(
    app: Flask, session: Any, args: tuple[str, ...], message: str
) -> None:
    before = session.scalar(select(func.count()).select_from(User))
    result = run(app, "create", *args)
    assert result.exit_code != 0
    assert message in result.output
    assert session.scalar(select(func.count()).select_from(User)) == before


def test_create_duplicate_email_fails(app: Flask) -> None:
    assert run(app, "create", "--email", "dup@example.com", "--password", "long-enough-1").exit_code == 0
    result = run(app, "create", "--email", "DUP@example.com", "--password", "long-enough-1")
    assert result.exit_code == 1
    assert "already exists" in result.output


def test_list_deactivate_activate(app: Flask, session: Any, client: Any) -> None:
    assert run(app, "create", "--email", "l1@example.com", "--password", "long-enough-1").exit_code == 0
    assert (
        run(app, "create", "--email", "l2@example.com", "--password", "long-enough-1", "--admin").exit_code
        == 0
    )
    listing = run(app, "list")
    assert listing.exit_code == 0
    lines = [line for line in listing.output.splitlines() if "@example.com" in line]
    assert any("l1@example.com" in line and "\tuser\t" in line and "active" in line for line in lines)
    assert any("l2@example.com" in line and "admin,user" in line for line in lines)

    assert run(app, "deactivate", "--email", "L1@example.com").exit_code == 0
    assert _user(session, "l1@example.com").is_active is False
    assert "inactive" in run(app, "list").output
    resp = client.post("/auth/login", json={"email": "l1@example.com", "password": "long-enough-1"})
    assert resp.status_code == 403
    assert run(app, "activate", "--email", "l1@example.com").exit_code == 0
    resp = client.post("/auth/login", json={"email": "l1@example.com", "password": "long-enough-1"})
    assert resp.status_code == 200
    assert run(app, "deactivate", "--email", "nobody@example.com").exit_code == 1


def test_prune_tokens_removes_only_dead_rows(
    app: Flask, session: Any, user_factory: Any, auth_headers: Any
) -> None:
    from datetime import timedelta

    from lifeos.platform.auth.models import JwtBlocklist, SessionToken
    from lifeos.platform.database import utcnow

    user = user_factory()
    auth_headers(user)  # a live session
    auth_headers(user)  # one we age past its expiry
    live, dead = session.scalars(select(SessionToken).where(SessionToken.user_id == user.id)).all()
    dead.expires_at = utcnow() - timedelta(days=2)
    session.add_all(
        [
            JwtBlocklist(jti="old-jti", created_by=user.id, created_at=utcnow() - timedelta(days=3)),
            JwtBlocklist(jti="new-jti", created_by=user.id),
        ]
    )
    session.commit()

    result = run(app, "prune-tokens")
    assert result.exit_code == 0, result.output
    assert "pruned 1 refresh tokens, 1 blocklist entries" in result.output
    session.expire_all()
    assert [t.jti for t in session.scalars(select(SessionToken).where(SessionToken.user_id == user.id))] == [
        live.jti
    ]
    assert sorted(session.scalars(select(JwtBlocklist.jti).where(JwtBlocklist.created_by == user.id))) == [
        "new-jti"
    ]
