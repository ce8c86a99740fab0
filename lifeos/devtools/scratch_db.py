"""Scratch databases for tests and benchmarks: empty, uniquely named, dropped afterwards.

* `create_pg_database(admin_url, prefix)` creates an empty PostgreSQL database named
  `<prefix>_<YYYYmmdd_HHMMSS>_<random>` on the server of `admin_url` and returns its URL.
* `drop_pg_database(admin_url, url)` drops it `WITH (FORCE)` (open connections are closed).
* `scratch_database(backend, directory, ...)` is the context manager most callers want: a URL
  for an empty SQLite file in `directory` or a fresh PostgreSQL database, dropped on exit.

The admin URL is the caller's business (tests read LIFEOS_TEST_PG_URL, benchmarks
LIFEOS_BENCH_PG_URL); DEFAULT_PG_ADMIN_URL is the local trust-auth server both default to.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError

__all__ = [
    "DEFAULT_PG_ADMIN_URL",
    "Backend",
    "create_pg_database",
    "drop_pg_database",
    "pg_reachable",
    "scratch_database",
    "sqlite_url",
    "unique_name",
]

Backend = Literal["sqlite", "postgresql"]

DEFAULT_PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"

# PostgreSQL truncates identifiers at 63 bytes; the suffix takes 25 (`_YYYYmmdd_HHMMSS_` + 8 hex).
_MAX_PREFIX = 63 - 25
_PREFIX = re.compile(r"[a-z][a-z0-9_]*")
_SCRATCH_NAME = re.compile(r"[a-z][a-z0-9_]*_\d{8}_\d{6}_[0-9a-f]{8}")


def unique_name(prefix: str) -> str:
    """`<prefix>_<YYYYmmdd_HHMMSS>_<8 hex>`: unique, sortable, and safe to use unquoted."""
    if not _PREFIX.fullmatch(prefix) or len(prefix) > _MAX_PREFIX:
        raise ValueError(f"scratch database prefix must match [a-z][a-z0-9_]* (≤ {_MAX_PREFIX}): {prefix!r}")
    return f"{prefix}_{time.strftime('%Y%m%d_%H%M%S')}_{uuid.uuid4().hex[:8]}"


def _admin_execute(admin_url: str | URL, sql: str) -> None:
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


def pg_reachable(admin_url: str | URL = DEFAULT_PG_ADMIN_URL) -> bool:
    """Whether `SELECT 1` works on the admin URL."""
    try:
        _admin_execute(admin_url, "SELECT 1")
    except (SQLAlchemyError, OSError):
        return False
    return True


def create_pg_database(admin_url: str | URL = DEFAULT_PG_ADMIN_URL, prefix: str = "lifeos_scratch") -> str:
    """Create an empty, uniquely named database on the admin URL's server; return its URL."""
    name = unique_name(prefix)
    _admin_execute(admin_url, f'CREATE DATABASE "{name}"')
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(admin_url: str | URL, url: str | URL) -> None:
    """Drop the database `url` names (WITH (FORCE): other sessions are disconnected).

    Refuses any name `unique_name` could not have produced (and the admin database), so a
    wrong URL cannot take a real database with it.
    """
    name = make_url(url).database
    if not name or name == make_url(admin_url).database or not _SCRATCH_NAME.fullmatch(name):
        raise ValueError(f"refusing to drop {name!r}: not a scratch database")
    _admin_execute(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def sqlite_url(directory: Path, filename: str = "scratch.db") -> str:
    """The URL of a SQLite file in `directory` (created on first connect)."""
    return f"sqlite:///{directory / filename}"


@contextmanager
def scratch_database(
    backend: Backend | str,
    directory: Path,
    *,
    admin_url: str | URL = DEFAULT_PG_ADMIN_URL,
    prefix: str = "lifeos_scratch",
    filename: str = "scratch.db",
    keep: bool = False,
) -> Iterator[str]:
    """An empty database of `backend`; its URL while the block runs.

    SQLite: a file in `directory` (the directory's owner, e.g. pytest's tmp_path, removes it).
    PostgreSQL: a fresh database from `admin_url`, dropped on exit unless `keep`. Dispose the
    engines that used it first, or rely on `WITH (FORCE)`.
    """
    if backend == "sqlite":
        yield sqlite_url(directory, filename)
        return
    if backend != "postgresql":
        raise ValueError(f"unknown backend {backend!r} (sqlite or postgresql)")
    url = create_pg_database(admin_url, prefix)
    try:
        yield url
    finally:
        if not keep:
            drop_pg_database(admin_url, url)
