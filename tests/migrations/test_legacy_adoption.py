"""An existing LifeOS database at 20251216 is brought to head in place, keeping every row."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from lifeos.migrations.env_filters import LEGACY_UNMANAGED_TABLES
from tests.migrations.support import (
    BEFORE_VALIDATION,
    LEGACY_SQL,
    app_on,
    engine,
    load_legacy_sqlite,
    model_diffs,
    schema_snapshot,
    scratch_url,
    stamp,
    upgrade,
)

ALICE = {"email": "alice@example.com", "password": "alice-pass-2025"}


def _legacy_row_counts() -> dict[str, int]:
    con = sqlite3.connect(":memory:")
    con.executescript(LEGACY_SQL.read_text())
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    counts = {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    con.close()
    return counts


def _live_row_counts(tables: list[str]) -> dict[str, int]:
    with engine().connect() as conn:
        return {t: conn.execute(sa.text(f'SELECT COUNT(*) FROM "{t}"')).scalar_one() for t in tables}


@pytest.fixture(params=["sqlite", "postgresql"])
def legacy_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The fixture's data in a database at 20251216 (SQLite: the dump itself; PostgreSQL: copied)."""
    if request.param == "sqlite":
        yield load_legacy_sqlite(tmp_path / "legacy.db")
        return
    with scratch_url("postgresql", tmp_path) as url:
        source = load_legacy_sqlite(tmp_path / "source.db")
        with app_on(url):
            upgrade(BEFORE_VALIDATION)
            _copy_rows(sa.create_engine(source), engine())
            # A legacy PostgreSQL database has server-named unique constraints.
            with engine().begin() as conn:
                conn.execute(sa.text("ALTER TABLE role RENAME CONSTRAINT uq_role_name TO role_name_key"))
        yield url


def _copy_rows(source: sa.Engine, target: sa.Engine) -> None:
    meta = sa.MetaData()
    meta.reflect(target)
    with source.connect() as src, target.begin() as dst:
        for table in meta.sorted_tables:
            if table.name == "alembic_version":
                continue
            rows = [dict(r._mapping) for r in src.execute(sa.text(f'SELECT * FROM "{table.name}"'))]
            if rows:
                dst.execute(table.insert(), rows)
            if "id" in table.c:
                dst.execute(
                    sa.text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                        f'COALESCE((SELECT MAX(id) FROM "{table.name}"), 0) + 1, false)'
                    )
                )


def test_legacy_database_reaches_head_keeping_every_row(legacy_url: str) -> None:
    from lifeos.domains.finance.models import Account, LedgerLine
    from lifeos.extensions import db

    before = {t: n for t, n in _legacy_row_counts().items() if t != "alembic_version"}
    managed = sorted(t for t in before if t not in LEGACY_UNMANAGED_TABLES)
    with app_on(legacy_url) as app:
        live_tables = set(sa.inspect(engine()).get_table_names())
        expected = {t: n for t, n in before.items() if t in live_tables}
        output = upgrade()
        assert "WARNING" not in output

        after = _live_row_counts(list(expected))
        roles_added = after.pop("role") - expected.pop("role")
        assert roles_added == 1  # readonly joins the legacy user and admin roles
        assert after == expected
        assert model_diffs(engine()) == []
        assert set(managed) <= set(sa.inspect(engine()).get_table_names())

        # Money stored as binary floats comes out as exact two-place Decimals.
        lines = db.session.scalars(sa.select(LedgerLine).order_by(LedgerLine.id)).all()
        assert lines[4].debit == Decimal("58.05") and lines[4].debit.as_tuple().exponent == -2
        assert sum(line.debit for line in lines) == sum(line.credit for line in lines)
        assert all(line.user_id == 1 for line in lines)

        names = dict(db.session.execute(sa.select(Account.name, Account.normalized_name)).tuples().all())
        assert names["Main Checking"] == "main checking"
        assert names["  Savings   Account "] == "savings account"
        assert all(names.values())

        # The old bcrypt password still logs in; the old journal still balances.
        client = app.test_client()
        login = client.post("/auth/login", json=ALICE)
        assert login.status_code == 200, login.get_json()
        token = login.get_json()["access_token"]
        report = client.get("/api/v1/finance/trial-balance", headers={"Authorization": f"Bearer {token}"})
        assert report.status_code == 200, report.get_json()
        body = report.get_json()
        assert body.get("balanced", body.get("is_balanced")) is True

        search = client.get("/finance/accounts/search?q=sav", headers={"Authorization": f"Bearer {token}"})
        assert search.status_code == 200
        assert [item["name"] for item in search.get_json()["items"]] == ["  Savings   Account "]


def test_adopted_database_upgrade_is_idempotent(legacy_url: str) -> None:
    with app_on(legacy_url):
        upgrade()
        before = schema_snapshot(engine())
        stamp(BEFORE_VALIDATION)
        output = upgrade()
        assert "nothing to do" in output and "WARNING" not in output
        assert schema_snapshot(engine()) == before


def test_postgresql_typeahead_index_is_rebuilt_for_prefix_search(tmp_path: Path) -> None:
    with scratch_url("postgresql", tmp_path) as url, app_on(url):
        upgrade(BEFORE_VALIDATION)
        opclasses = _opclasses("ix_finance_account_user_normalized_name")
        assert "varchar_pattern_ops" not in opclasses  # the legacy shape
        with engine().begin() as conn:  # a deployment in use: the upgrade reports each change
            conn.execute(sa.text("INSERT INTO \"user\" (email, password_hash) VALUES ('a@example.com', 'x')"))
        output = upgrade()
        assert "rebuilt index ix_finance_account_user_normalized_name" in output
        assert _opclasses("ix_finance_account_user_normalized_name") == ["int4_ops", "varchar_pattern_ops"]


def _opclasses(index: str) -> list[str]:
    from lifeos.migrations.helpers.live_schema import pg_index_opclasses

    with engine().connect() as conn:
        return pg_index_opclasses(conn, index) or []
