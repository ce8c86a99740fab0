"""The database layer every model stands on: declarative base, naming convention, column
helpers (money, timestamps), and engine options and connection hooks per backend."""

from __future__ import annotations

import contextlib
import sqlite3
import weakref
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypedDict

from flask import Flask
from sqlalchemy import MetaData, Numeric, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.sql.elements import TextClause

# Predictable constraint names, so migrations can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Money: NUMERIC(18,2), always Decimal in Python (parsing and rendering: platform.money).
Money = Numeric(18, 2, asdecimal=True)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Naive UTC now: every DATETIME column stores UTC without an offset (legacy schema shape)."""
    return datetime.now(UTC).replace(tzinfo=None)


# mapped_column(**NOW_DEFAULTS) / (**STAMP_DEFAULTS): set by Python, with a database default
# too so rows written outside the app (legacy code, SQL backfills) still get a value.
class TimestampDefaults(TypedDict, total=False):
    default: Callable[[], datetime]
    server_default: TextClause
    onupdate: Callable[[], datetime]


NOW_DEFAULTS: TimestampDefaults = {"default": utcnow, "server_default": text("CURRENT_TIMESTAMP")}
STAMP_DEFAULTS: TimestampDefaults = {**NOW_DEFAULTS, "onupdate": utcnow}


def like_escape(text: str) -> str:
    """Escape LIKE wildcards so `%`, `_` and `\\` match themselves (with ESCAPE '\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def is_busy(exc: OperationalError) -> bool:
    """SQLite refused a write because another connection holds the lock."""
    message = str(exc.orig)
    return "database is locked" in message or "database is busy" in message


def iso_utc(value: datetime | None) -> str | None:
    """Render a stored naive-UTC timestamp as ISO 8601 with its offset."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat()


# ------------------------------------------------------------------ engines


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def configure_engine_options(app: Flask) -> None:
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    options: dict[str, Any] = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    # SQL parameters hold emails, password hashes and tokens: never in an error or a log line.
    options.setdefault("hide_parameters", True)
    if is_sqlite(url):
        connect_args = dict(options.get("connect_args") or {})
        connect_args.setdefault("timeout", 30)  # wait on the write lock instead of failing
        connect_args.setdefault("check_same_thread", False)
        options["connect_args"] = connect_args
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


_HOOKED: weakref.WeakSet[Engine] = weakref.WeakSet()
SQLITE_BEGIN_OPTION = "lifeos_sqlite_begin"


def install_engine_hooks(engine: Engine) -> None:
    """SQLite: real transactions (so SAVEPOINT works), foreign keys on, WAL for readers."""
    if engine.dialect.name != "sqlite" or engine in _HOOKED:
        return
    _HOOKED.add(engine)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # let SQLAlchemy emit BEGIN itself
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        # LIKE 'sav%' on the case-folded normalized_name can then be an index range (SQLite only
        # turns a LIKE prefix into one when LIKE and the column agree on case); every LIKE the
        # app writes compares case-folded or lower()ed text, so matching is unchanged.
        cur.execute("PRAGMA case_sensitive_like=ON")
        with contextlib.suppress(sqlite3.Error):  # :memory: databases refuse WAL
            cur.execute("PRAGMA journal_mode=WAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A unit of work asks for the write lock up front (BEGIN IMMEDIATE): it then waits on
        # busy_timeout like any writer, instead of failing when a read snapshot is upgraded.
        immediate = conn.get_execution_options().get(SQLITE_BEGIN_OPTION) == "IMMEDIATE"
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
