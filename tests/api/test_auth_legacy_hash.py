"""A legacy bcrypt hash is kept beside the argon2id one until the password changes (issue #14)."""

from __future__ import annotations

from typing import Any

import bcrypt
from flask import Flask

PASSWORD = "an-old-bcrypt-password"


def _legacy_user(user_factory: Any) -> Any:
    from lifeos.extensions import db

    user = user_factory(password="placeholder-password-1")
    user.password_hash = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(4)).decode()
    db.session.flush()
    return user


def _login(app: Flask, email: str, password: str) -> Any:
    return app.test_client().post("/auth/login", json={"email": email, "password": password})


def test_login_rehashes_and_keeps_the_bcrypt_hash(app: Flask, user_factory: Any) -> None:
    from lifeos.extensions import db

    user = _legacy_user(user_factory)
    legacy = user.password_hash
    assert user.legacy_password_hash is None
    assert _login(app, user.email, PASSWORD).status_code == 200
    db.session.refresh(user)
    assert user.password_hash.startswith("$argon2id$")
    assert user.legacy_password_hash == legacy
    assert bcrypt.checkpw(PASSWORD.encode(), user.legacy_password_hash.encode())

    # Later logins keep it as it is (the argon2 hash is current now).
    assert _login(app, user.email, PASSWORD).status_code == 200
    db.session.refresh(user)
    assert user.legacy_password_hash == legacy
    # The kept hash never logs anyone in by itself.
    assert _login(app, user.email, "wrong-password-123").status_code == 401


def test_changing_the_password_drops_the_kept_hash(app: Flask, user_factory: Any) -> None:
    from lifeos.extensions import db

    user = _legacy_user(user_factory)
    login = _login(app, user.email, PASSWORD)
    body = login.get_json()
    headers = {"Authorization": f"Bearer {body['access_token']}", "X-CSRF-Token": body["csrf_token"]}
    changed = app.test_client().post(
        "/auth/password",
        json={"current_password": PASSWORD, "new_password": "a-brand-new-password-2026"},
        headers=headers,
    )
    assert changed.status_code in (200, 204), changed.get_json()
    db.session.refresh(user)
    assert user.legacy_password_hash is None
    assert _login(app, user.email, "a-brand-new-password-2026").status_code == 200


def test_a_user_created_here_has_no_legacy_hash(app: Flask, user_factory: Any) -> None:
    from lifeos.extensions import db

    user = user_factory(password="created-here-password")
    assert _login(app, user.email, "created-here-password").status_code == 200
    db.session.refresh(user)
    assert user.legacy_password_hash is None
