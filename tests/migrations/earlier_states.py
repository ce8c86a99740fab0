"""Databases in each state an earlier LifeOS (scds7xdxnd-bit/lifeos) can leave them in.

Every state starts from tests/fixtures/legacy_lifeos_20251216.sql (that app's 20251216) plus the
rows its code writes (earlier_lifeos_data.sql), then applies, in order, what its own later
revisions change, as their migration files describe them (tests/fixtures/earlier_lifeos_*.sql,
portable SQL). SQLite gets the dump itself; PostgreSQL gets this app's 20251216 schema with the
dump's rows copied in, then the same SQL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from tests.migrations.support import (
    BEFORE_VALIDATION,
    ROOT,
    app_on,
    engine,
    load_legacy_sqlite,
    scratch_url,
    upgrade,
)

FIXTURES = ROOT / "tests" / "fixtures"
DATA = "earlier_lifeos_data.sql"
# State -> the SQL applied on top of the legacy dump, in order.
STATES: dict[str, tuple[str, ...]] = {
    "at_20251216": (DATA,),
    "at_earlier_20251218": (DATA, "earlier_lifeos_20251218.sql"),
    "at_20251219_calendar_oauth_tokens": (
        DATA,
        "earlier_lifeos_20251218.sql",
        "earlier_lifeos_20251219_calendar_oauth_tokens.sql",
    ),
    "at_20260329_finance_currency_infrastructure": (
        DATA,
        "earlier_lifeos_20251218.sql",
        "earlier_lifeos_20251219_calendar_oauth_tokens.sql",
        "earlier_lifeos_20260329_finance_currency_infrastructure.sql",
    ),
}
# Columns the earlier app's later revisions added to tables this app manages (kept, unused).
EARLIER_APP_COLUMNS = frozenset({"currency_code", "is_void", "void_of_id", "edited_at"})
USERS = {"alice@example.com": "alice-pass-2025", "bob@example.com": "bob-pass-2025"}


def statements(path: Path) -> list[str]:
    """The file's statements (no semicolons inside them; `--` comment lines dropped)."""
    text = "\n".join(line for line in path.read_text().splitlines() if not line.startswith("--"))
    return [s.strip() for s in text.split(";") if s.strip()]


@contextmanager
def earlier_database(backend: str, state: str, tmp_path: Path) -> Iterator[str]:
    """A database of the earlier LifeOS in `state`; yields its URL."""
    patches = [FIXTURES / name for name in STATES[state]]
    if backend == "sqlite":
        url = load_legacy_sqlite(tmp_path / f"{state}.db")
        con = sqlite3.connect(tmp_path / f"{state}.db")
        for patch in patches:
            for statement in statements(patch):
                con.execute(statement)
        con.commit()
        con.close()
        yield url
        return
    with scratch_url("postgresql", tmp_path) as url:
        source = load_legacy_sqlite(tmp_path / "source.db")
        with app_on(url):
            upgrade(BEFORE_VALIDATION)
            copy_rows(sa.create_engine(source), engine())
            with engine().begin() as conn:
                # A legacy PostgreSQL database has server-named unique constraints.
                conn.execute(sa.text("ALTER TABLE role RENAME CONSTRAINT uq_role_name TO role_name_key"))
                for patch in patches:
                    for statement in statements(patch):
                        conn.execute(sa.text(statement))
            reset_sequences(engine())
        yield url


def copy_rows(source: sa.Engine, target: sa.Engine) -> None:
    meta = sa.MetaData()
    meta.reflect(target)
    with source.connect() as src, target.begin() as dst:
        for table in meta.sorted_tables:
            if table.name == "alembic_version":
                continue
            rows = [dict(r._mapping) for r in src.execute(sa.text(f'SELECT * FROM "{table.name}"'))]
            if rows:
                dst.execute(table.insert(), rows)


def reset_sequences(target: sa.Engine) -> None:
    """PostgreSQL: serial sequences past the ids the SQL inserted explicitly."""
    insp = sa.inspect(target)
    with target.begin() as conn:
        for table in insp.get_table_names():
            columns = {c["name"]: c for c in insp.get_columns(table)}
            if "id" not in columns or not columns["id"].get("default"):
                continue
            conn.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f'COALESCE((SELECT MAX(id) FROM "{table}"), 0) + 1, false)'
                )
            )


def row_counts(bind: sa.Engine) -> dict[str, int]:
    """Rows of every table (alembic_version aside)."""
    quote = bind.dialect.identifier_preparer.quote
    with bind.connect() as conn:
        tables = [t for t in sa.inspect(conn).get_table_names() if t != "alembic_version"]
        return {t: conn.execute(sa.text(f"SELECT COUNT(*) FROM {quote(t)}")).scalar_one() for t in tables}


def debit_sums(bind: sa.Engine) -> dict[int, str]:
    """Per user, the sum of journal debits (to the cent), read straight from the tables."""
    with bind.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT e.user_id, SUM(l.debit), SUM(l.credit) FROM finance_journal_line AS l "
                "JOIN finance_journal_entry AS e ON e.id = l.entry_id GROUP BY e.user_id"
            )
        ).all()
    return {r[0]: f"{float(r[1]):.2f}/{float(r[2]):.2f}" for r in rows}
