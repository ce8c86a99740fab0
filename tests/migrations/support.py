"""Scratch databases and schema snapshots for the migration tests (real Alembic chain only)."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from pathlib import Path
from typing import Any

import flask_migrate
import sqlalchemy as sa
from flask import Flask

from lifeos.devtools.scratch_db import scratch_database
from tests.conftest import PG_ADMIN_URL, make_test_app, require_postgres

ROOT = Path(__file__).resolve().parents[2]
LEGACY_SQL = ROOT / "tests" / "fixtures" / "legacy_lifeos_20251216.sql"
HEAD_OF_VALIDATION = "20251218_backend_updates_validation"
# The chain's head: revisions after 20251218 are small explicit ones (lifeos/migrations/versions).
HEAD = "20261207_search_indexes"
AFTER_VALIDATION = (
    "20261128_journal_search",
    "20261128_health_rules",
    "20261128_finance_unique_keys",
    "20261128_relationships_rules",
    "20261207_legacy_adoption",
    "20261207_schedule_rules",
    "20261207_receivable_rules",
    "20261207_import_rules",
    "20261207_search_indexes",
)
BEFORE_VALIDATION = "20251216_drop_legacy_habits_relationships"
BACKENDS = ("sqlite", "postgresql")


@contextmanager
def scratch_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """An empty database of the backend, dropped afterwards (lifeos.devtools.scratch_db)."""
    if backend == "postgresql":
        require_postgres()
    with scratch_database(backend, tmp_path, admin_url=PG_ADMIN_URL, prefix="lifeos_mig") as url:
        yield url


@contextmanager
def app_on(url: str) -> Iterator[Flask]:
    """An app on `url` inside its app context; its engine is disposed afterwards."""
    from lifeos.extensions import db

    app = make_test_app(url)
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


def upgrade(revision: str = "head") -> str:
    """Run `flask db upgrade` in-process (needs an app context); returns what the migrations printed."""
    out = io.StringIO()
    with redirect_stdout(out):
        flask_migrate.upgrade(revision=revision)
    return out.getvalue()


def downgrade(revision: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        flask_migrate.downgrade(revision=revision)
    return out.getvalue()


def stamp(revision: str) -> None:
    with redirect_stdout(io.StringIO()):
        flask_migrate.stamp(revision=revision)


def engine() -> sa.Engine:
    from lifeos.extensions import db

    return db.engine


def schema_snapshot(bind: sa.Engine | sa.Connection) -> dict[str, Any]:
    """Tables → columns (type, nullability), indexes, unique constraints, foreign keys."""
    insp = sa.inspect(bind)
    snap: dict[str, Any] = {}
    for table in sorted(insp.get_table_names()):
        snap[table] = {
            "columns": [(c["name"], str(c["type"]), c["nullable"]) for c in insp.get_columns(table)],
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in insp.get_indexes(table)
            ),
            "uniques": sorted(
                (u["name"] or "", tuple(u["column_names"])) for u in insp.get_unique_constraints(table)
            ),
            "fks": sorted(
                (tuple(f["constrained_columns"]), f["referred_table"]) for f in insp.get_foreign_keys(table)
            ),
        }
    return snap


def model_diffs(bind: sa.Engine) -> list[Any]:
    """alembic compare_metadata between the live schema and the models (env.py's filters)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from lifeos.extensions import db
    from lifeos.migrations.env_filters import include_object

    with bind.connect() as conn, warnings.catch_warnings():
        # SQLite cannot reflect the PostgreSQL-only ranked index (its columns are DESC expressions);
        # alembic says so and skips it, as it should.
        warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expression-based index")
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include_object}
        )
        return list(compare_metadata(context, db.metadata))


def load_legacy_sqlite(path: Path) -> str:
    """The legacy fixture dump loaded into a SQLite file; returns its URL."""
    con = sqlite3.connect(path)
    con.executescript(LEGACY_SQL.read_text())
    con.close()
    return f"sqlite:///{path}"


def flask_cli(url: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `flask --app lifeos …` as the guide does, with DATABASE_URL pointing at `url`."""
    env = {**os.environ, "DATABASE_URL": url, "APP_ENV": "test", "PYTHONPATH": str(ROOT)}
    flask = Path(sys.executable).with_name("flask")
    return subprocess.run(
        [str(flask), "--app", "lifeos", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
