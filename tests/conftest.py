"""Shared fixtures: a real, migrated database per backend (SQLite and PostgreSQL).

* `app` is parametrized over the backends in LIFEOS_TEST_DATABASES (default both). Each
  backend's database is created once per test session and migrated with the real Alembic
  chain (never create_all). Each test runs inside an outer transaction that is rolled back;
  the app's own `commit()` only releases a SAVEPOINT.
* `committed_app` is for tests that need real commits seen by other connections, threads
  or processes (concurrency, workers, live servers). Tables are emptied afterwards.
* Factories (`user_factory`, `auth_headers`) flush, never commit; see `app` for why that is
  enough, and commit explicitly in a `committed_app` test whose rows another connection reads.
* A network guard (tests/support/network.py) fails any test that connects anywhere but the
  test PostgreSQL, Redis and the loopback servers it registered with
  `network_guard.allow_loopback_port(port)`, or that resolves a name other than localhost.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, request_started
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import text

from lifeos.devtools.scratch_db import (
    DEFAULT_PG_ADMIN_URL,
    create_pg_database,
    drop_pg_database,
    pg_reachable,
    sqlite_url,
)
from tests.support.network import NetworkGuard, endpoint_from_url

os.environ.setdefault("APP_ENV", "test")

PG_ADMIN_URL = os.environ.get("LIFEOS_TEST_PG_URL", DEFAULT_PG_ADMIN_URL)
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
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


def require_postgres() -> None:
    """Skip (locally) or fail (in CI) when PostgreSQL is not reachable."""
    if pg_reachable(PG_ADMIN_URL):
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
                url = sqlite_url(self.tmp_dir, "lifeos_test.db")
            elif backend == "postgresql":
                require_postgres()
                url = create_pg_database(PG_ADMIN_URL, prefix="lifeos_test")
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
            drop_pg_database(PG_ADMIN_URL, url)


@pytest.fixture(scope="session")
def _backends(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Backends]:
    backends = _Backends(tmp_path_factory.mktemp("db"))
    yield backends
    backends.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@contextmanager
def _setup_settled_before_each_request(flask_app: Flask) -> Iterator[None]:
    """When a request starts, commit what the test itself prepared in the session.

    The test client shares the test's session (same app context), so a request that rolls
    back (every UnitOfWork that fails does) would otherwise roll back the test's flushed but
    uncommitted setup with it. Ending the test's transaction at the request boundary is what
    production looks like: data exists before the request that uses it. Under `app` that
    commit only releases a SAVEPOINT; under `committed_app` it is a real commit. Requests in
    other threads (live servers) have their own, empty session: nothing to commit there.
    """
    from lifeos.extensions import db

    def settle(sender: Flask, **extra: Any) -> None:
        session = db.session()  # this thread's session (scoped_session does not proxy in_transaction)
        if session.in_transaction():
            session.commit()

    request_started.connect(settle, flask_app)
    try:
        yield
    finally:
        request_started.disconnect(settle, flask_app)


@pytest.fixture
def app(_backends: _Backends, backend: str) -> Iterator[Flask]:
    """The app on a migrated database; everything the test writes is rolled back.

    One connection, one outer transaction, rolled back at the end. The session joins it with
    `create_savepoint`: each session transaction is a SAVEPOINT, so the app's `commit()` only
    releases it and its `rollback()` only goes back to it. Test setup therefore only needs a
    `flush()`: before each request `_setup_settled_before_each_request` releases the test's
    SAVEPOINT, so a rollback inside the request cannot undo the setup.
    """
    from lifeos.extensions import db

    flask_app = _backends.app_for(backend)
    with flask_app.app_context(), _setup_settled_before_each_request(flask_app):
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
    """The app on a migrated database with real commits; tables are emptied afterwards.

    Factories only flush: commit explicitly before another connection, thread or process
    (a live server, a worker, a second app) has to see the rows.
    """
    from lifeos.extensions import db

    flask_app = _backends.app_for(backend)
    with flask_app.app_context(), _setup_settled_before_each_request(flask_app):
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
def user_factory() -> Callable[..., Any]:
    """Create users through the real service; flushed (ids assigned), never committed.

    Flushing is enough under `app` (see there): the rows are visible to the test and to the
    test client's requests, and a request's rollback cannot undo them. A `committed_app` test
    whose users another connection must see commits itself (`db.session.commit()`).
    """
    from lifeos.extensions import db
    from lifeos.platform.auth.models import User
    from lifeos.platform.auth.services import create_user

    counter = iter(range(1, 10_000))

    def make(
        email: str | None = None,
        password: str = "correct-horse-battery",
        roles: tuple[str, ...] = ("user",),
        **kwargs: Any,
    ) -> User:
        email = email or f"user{next(counter)}-{uuid.uuid4().hex[:6]}@example.com"
        user = create_user(db.session, email=email, password=password, roles=roles, **kwargs)
        db.session.flush()
        return user

    return make


@pytest.fixture
def auth_headers() -> Callable[[Any], dict[str, str]]:
    """Bearer + CSRF headers for a user, from the real token service (flushed, like `user_factory`)."""
    from lifeos.extensions import db
    from lifeos.platform.auth.tokens import issue_tokens

    def headers(user: Any) -> dict[str, str]:
        tokens = issue_tokens(db.session, user)
        db.session.flush()
        return {"Authorization": f"Bearer {tokens['access_token']}", "X-CSRF-Token": tokens["csrf_token"]}

    return headers


# --------------------------------------------------------------------------------------------
# The network guard (tests/support/network.py)

NETWORK_GUARD = NetworkGuard(
    allowed=[endpoint_from_url(PG_ADMIN_URL, 5432), endpoint_from_url(REDIS_URL, 6379)]
)


@pytest.fixture(scope="session", autouse=True)
def _network_guard() -> Iterator[NetworkGuard]:
    """Installed for the whole session: sockets may reach only the allowed endpoints."""
    with NETWORK_GUARD.installed():
        yield NETWORK_GUARD


@pytest.fixture
def network_guard(_network_guard: NetworkGuard) -> NetworkGuard:
    """For fixtures that start a live server: `network_guard.allow_loopback_port(port)`."""
    return _network_guard


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    NETWORK_GUARD.begin_test()
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    """Fail the test if it (or a thread it started) was refused, even if it swallowed the error."""
    try:
        result = yield
    except BaseException:
        NETWORK_GUARD.take_violations()  # the test fails anyway; its own error says why
        raise
    NETWORK_GUARD.raise_for_violations(pytest.fail)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, None, None]:
    result = yield
    NETWORK_GUARD.raise_for_violations(pytest.fail)
    return result
