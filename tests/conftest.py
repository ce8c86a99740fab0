"""Shared fixtures: a real, migrated database per backend (SQLite and PostgreSQL).

* `app` is parametrized over the backends in LIFEOS_TEST_DATABASES (default both). Each
  backend's database is created once per test session and migrated with the real Alembic
  chain (never create_all). Each test runs inside an outer transaction that is rolled back;
  the app's own `commit()` only releases a SAVEPOINT.
* `committed_app` is for tests that need real commits seen by other connections, threads
  or processes (concurrency, workers, live servers). Tables are emptied afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

os.environ.setdefault("APP_ENV", "test")

PG_ADMIN_URL = os.environ.get("LIFEOS_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
BACKENDS = [
    b.strip() for b in os.environ.get("LIFEOS_TEST_DATABASES", "sqlite,postgresql").split(",") if b.strip()
]
# Rows the migrations seed; kept when committed tests clean up.
SEEDED_TABLES = {"role", "alembic_version", "finance_account_category"}


class BoundSession(FlaskSession):
    """Flask-SQLAlchemy's session ignores a session-level bind; tests need it honoured."""

    def get_bind(self, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        if self.bind is not None:
            return self.bind
        return super().get_bind(*args, **kwargs)


def _pg_reachable() -> bool:
    try:
        engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:  # noqa: BLE001
        return False


def pg_create_database(prefix: str = "lifeos_test") -> str:
    """Create an empty PostgreSQL database and return its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def pg_drop_database(url: str) -> None:
    name = make_url(url).database
    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def require_postgres() -> None:
    """Skip (locally) or fail (in CI) when PostgreSQL is not reachable."""
    if _pg_reachable():
        return
    message = f"PostgreSQL is not reachable at {PG_ADMIN_URL}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " (CI=true: PostgreSQL is required)")
    pytest.skip(message)


def make_test_app(url: str, **overrides: Any) -> Flask:
    """A TestConfig app on the given database (no migrations run)."""
    from lifeos import create_app

    config = {"SQLALCHEMY_DATABASE_URI": url, "TESTING": True}
    config.update(overrides)
    return create_app(config)


def migrate(app: Flask) -> None:
    """Run the real migration chain to head."""
    import flask_migrate

    with app.app_context():
        flask_migrate.upgrade()


class _Backends:
    """Creates each backend's database lazily, once per session, and drops it at the end."""

    def __init__(self, tmp_dir: Path) -> None:
        self.tmp_dir = tmp_dir
        self.apps: dict[str, Flask] = {}
        self.pg_urls: list[str] = []

    def app_for(self, backend: str) -> Flask:
        if backend not in self.apps:
            if backend == "sqlite":
                url = f"sqlite:///{self.tmp_dir / 'lifeos_test.db'}"
            elif backend == "postgresql":
                require_postgres()
                url = pg_create_database()
                self.pg_urls.append(url)
            else:
                raise ValueError(f"unknown backend {backend}")
            app = make_test_app(url, LIFEOS_TEST_BACKEND=backend)
            migrate(app)
            self.apps[backend] = app
        return self.apps[backend]

    def close(self) -> None:
        from lifeos.extensions import db

        for app in self.apps.values():
            with app.app_context():
                db.engine.dispose()
        for url in self.pg_urls:
            pg_drop_database(url)


@pytest.fixture(scope="session")
def _backends(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Backends]:
    backends = _Backends(tmp_path_factory.mktemp("db"))
    yield backends
    backends.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def app(_backends: _Backends, backend: str) -> Iterator[Flask]:
    """The app on a migrated database; everything the test writes is rolled back."""
    from lifeos.extensions import db

    flask_app = _backends.app_for(backend)
    with flask_app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        db.session = db._make_scoped_session(
            {"bind": connection, "join_transaction_mode": "create_savepoint", "class_": BoundSession}
        )
        try:
            yield flask_app
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()


@pytest.fixture
def committed_app(_backends: _Backends, backend: str) -> Iterator[Flask]:
    """The app on a migrated database with real commits; tables are emptied afterwards."""
    from lifeos.extensions import db

    flask_app = _backends.app_for(backend)
    with flask_app.app_context():
        try:
            yield flask_app
        finally:
            db.session.remove()
            _empty_tables(flask_app)


def _empty_tables(flask_app: Flask) -> None:
    from lifeos.extensions import db

    tables = [t for t in db.metadata.sorted_tables if t.name not in SEEDED_TABLES]
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                conn.execute(table.delete())
        # Roles added by tests (the migration seeds user/readonly/admin).
        conn.execute(text("DELETE FROM role WHERE name NOT IN ('user', 'readonly', 'admin')"))


@pytest.fixture
def client(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def session(app: Flask):  # type: ignore[no-untyped-def]
    from lifeos.extensions import db

    return db.session


@pytest.fixture
def user_factory():  # type: ignore[no-untyped-def]
    """Create users through the real service and commit them.

    Under `app` the commit only releases a SAVEPOINT (the outer transaction still rolls
    back); committing matters so a request that rolls back cannot undo the setup.
    """
    from lifeos.extensions import db
    from lifeos.platform.auth.services import create_user

    counter = iter(range(1, 10_000))

    def make(
        email: str | None = None,
        password: str = "correct-horse-battery",
        roles: tuple[str, ...] = ("user",),
        **kwargs: Any,
    ):  # type: ignore[no-untyped-def]
        email = email or f"user{next(counter)}-{uuid.uuid4().hex[:6]}@example.com"
        user = create_user(db.session, email=email, password=password, roles=roles, **kwargs)
        db.session.commit()
        return user

    return make


@pytest.fixture
def auth_headers():  # type: ignore[no-untyped-def]
    """Bearer + CSRF headers for a user, from the real token service."""
    from lifeos.extensions import db
    from lifeos.platform.auth.tokens import issue_tokens

    def headers(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
        tokens = issue_tokens(db.session, user)
        db.session.commit()
        return {"Authorization": f"Bearer {tokens['access_token']}", "X-CSRF-Token": tokens["csrf_token"]}

    return headers
