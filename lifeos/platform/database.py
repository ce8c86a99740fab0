"""Engine options and connection hooks per database backend."""

from __future__ import annotations

import contextlib
import sqlite3
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def configure_engine_options(app: Flask) -> None:
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    options: dict[str, Any] = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if is_sqlite(url):
        connect_args = dict(options.get("connect_args") or {})
        connect_args.setdefault("timeout", 30)  # wait on the write lock instead of failing
        connect_args.setdefault("check_same_thread", False)
        options["connect_args"] = connect_args
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def install_engine_hooks(engine: Engine) -> None:
    """SQLite: real transactions (so SAVEPOINT works), foreign keys on, WAL for readers."""
    if engine.dialect.name != "sqlite" or getattr(engine, "_lifeos_hooked", False):
        return
    engine._lifeos_hooked = True  # type: ignore[attr-defined]

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # let SQLAlchemy emit BEGIN itself
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        with contextlib.suppress(sqlite3.Error):  # :memory: databases refuse WAL
            cur.execute("PRAGMA journal_mode=WAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")
