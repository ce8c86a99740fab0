"""The real chain on an empty database: builds everything, is idempotent, round-trips."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.migrations.support import (
    BACKENDS,
    BEFORE_VALIDATION,
    HEAD,
    HEAD_OF_VALIDATION,
    app_on,
    downgrade,
    engine,
    flask_cli,
    model_diffs,
    schema_snapshot,
    scratch_url,
    stamp,
    upgrade,
)

pytestmark = pytest.mark.parametrize("backend", BACKENDS)


def _revision_line(result: object) -> str:
    """The one line `flask db current` prints (Alembic appends ` (head)` to the head revision)."""
    lines = [line for line in result.stdout.splitlines() if line.strip()]  # type: ignore[attr-defined]
    assert len(lines) == 1, result.stdout  # type: ignore[attr-defined]
    return lines[0].strip()


def test_empty_database_upgrades_to_the_full_schema(backend: str, tmp_path: Path) -> None:
    from lifeos.extensions import db
    from lifeos.migrations.helpers.ensure import index_dialect

    with scratch_url(backend, tmp_path) as url, app_on(url):
        upgrade()
        live = schema_snapshot(engine())
        for table in db.metadata.sorted_tables:
            assert table.name in live, f"missing table {table.name}"
            live_indexes = {name for name, _, _ in live[table.name]["indexes"]}
            # Dialect-conditional indexes (the PostgreSQL-only trigram index) only on their dialect.
            wanted = {i.name for i in table.indexes if index_dialect(i) in (None, engine().dialect.name)}
            missing = wanted - live_indexes
            assert not missing, f"{table.name} lacks {missing}"
        assert sum(len(t.indexes) for t in db.metadata.sorted_tables) >= 42
        assert model_diffs(engine()) == []
        roles = set(engine().connect().execute(sa.text("SELECT name FROM role")).scalars())
        assert {"user", "readonly", "admin"} <= roles

        # The guide's `flask db current`, as a subprocess with DATABASE_URL.
        result = flask_cli(url, "db", "current")
        assert result.returncode == 0, result.stderr
        assert _revision_line(result) == f"{HEAD} (head)"


def test_validation_revision_is_idempotent(backend: str, tmp_path: Path) -> None:
    with scratch_url(backend, tmp_path) as url, app_on(url):
        upgrade(HEAD_OF_VALIDATION)
        before = schema_snapshot(engine())
        # Run its upgrade() again against a schema that already has everything.
        stamp(BEFORE_VALIDATION)
        output = upgrade(HEAD_OF_VALIDATION)
        assert "nothing to do" in output
        assert "WARNING" not in output and "rror" not in output
        assert schema_snapshot(engine()) == before


def test_downgrade_and_upgrade_again_keep_user_data(backend: str, tmp_path: Path) -> None:
    with scratch_url(backend, tmp_path) as url, app_on(url):
        upgrade(HEAD_OF_VALIDATION)
        with engine().begin() as conn:
            _insert_sample_rows(conn)
        before = _row_counts()

        downgrade(BEFORE_VALIDATION)
        with engine().connect() as conn:
            assert (
                conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == BEFORE_VALIDATION
            )
            names = {i["name"] for i in sa.inspect(conn).get_indexes("finance_account")}
        assert "ux_finance_account_user_active_name" not in names
        assert {"ix_finance_account_type", "ix_finance_account_user_normalized_name"} <= names
        assert _row_counts() == before

        upgrade()
        assert _row_counts() == before
        assert model_diffs(engine()) == []
        with engine().connect() as conn:
            account = conn.execute(sa.text("SELECT normalized_name, use_count FROM finance_account")).one()
        assert tuple(account) == ("savings account", 3)


def test_guide_rollback_procedure_with_the_cli(backend: str, tmp_path: Path) -> None:
    """Deployment guide, Step 2 and Rollback Procedure, as subprocesses.

    The guide upgrades to 20251218 and rolls back with one bare `flask db downgrade`; that holds
    when a person upgrades to 20251218 by name. From the chain's head (later revisions follow
    20251218) the rollback names its target: `flask db downgrade 20251216_…`.
    """
    with scratch_url(backend, tmp_path) as url:
        with app_on(url):
            upgrade(BEFORE_VALIDATION)
        assert flask_cli(url, "db", "upgrade", HEAD_OF_VALIDATION).returncode == 0
        with app_on(url):
            with engine().begin() as conn:
                _insert_sample_rows(conn)
            before = _row_counts()
            assert _daily_totals() == [(1, 1, "2025-12-01", "12.50", "12.50", 2)]

        current = flask_cli(url, "db", "current")
        assert current.returncode == 0, current.stderr
        assert _revision_line(current) == HEAD_OF_VALIDATION

        # "2. Downgrade to previous migration": one bare `flask db downgrade`.
        down = flask_cli(url, "db", "downgrade")
        assert down.returncode == 0, down.stderr
        current = flask_cli(url, "db", "current")
        assert _revision_line(current) == BEFORE_VALIDATION
        with app_on(url):
            assert _row_counts() == before  # user data intact
            tables = set(sa.inspect(engine()).get_table_names())
            assert "finance_account_daily_total" not in tables  # derived, recomputed on upgrade
            line_columns = {c["name"] for c in sa.inspect(engine()).get_columns("finance_journal_line")}
            assert "entry_date" not in line_columns  # a copy of the entry's date
            assert "user_id" in line_columns

        # Forward to the head, and the named rollback from there.
        up = flask_cli(url, "db", "upgrade")
        assert up.returncode == 0, up.stderr
        current = flask_cli(url, "db", "current")
        assert _revision_line(current) == f"{HEAD} (head)"
        with app_on(url):
            assert _row_counts() == before
            assert _daily_totals() == [(1, 1, "2025-12-01", "12.50", "12.50", 2)]
            assert model_diffs(engine()) == []
        down = flask_cli(url, "db", "downgrade", BEFORE_VALIDATION)
        assert down.returncode == 0, down.stderr
        assert _revision_line(flask_cli(url, "db", "current")) == BEFORE_VALIDATION
        with app_on(url):
            assert _row_counts() == before
        assert flask_cli(url, "db", "upgrade").returncode == 0
        assert _revision_line(flask_cli(url, "db", "current")) == f"{HEAD} (head)"


def _daily_totals() -> list[tuple[object, ...]]:
    with engine().connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT user_id, account_id, entry_date, debit, credit, line_count "
                "FROM finance_account_daily_total ORDER BY user_id, account_id, entry_date"
            )
        ).all()
    return [(r[0], r[1], str(r[2]), f"{Decimal(r[3]):.2f}", f"{Decimal(r[4]):.2f}", r[5]) for r in rows]


def _insert_sample_rows(conn: sa.Connection) -> None:
    conn.execute(sa.text("INSERT INTO \"user\" (id, email, password_hash) VALUES (1, 'a@example.com', 'x')"))
    conn.execute(
        sa.text(
            "INSERT INTO finance_account (user_id, name, account_type, normalized_name, use_count) "
            "VALUES (1, 'Savings Account', 'asset', 'savings account', 3)"
        )
    )
    conn.execute(
        sa.text(
            "INSERT INTO finance_journal_entry (id, user_id, description, posted_at, entry_date) "
            "VALUES (1, 1, 'x', '2025-12-01 10:00:00', '2025-12-01')"
        )
    )
    # Two lines on one account and day; the posting service would keep the daily total in step.
    for debit, credit in (("12.50", "0"), ("0", "12.50")):
        conn.execute(
            sa.text(
                "INSERT INTO finance_journal_line (entry_id, account_id, user_id, entry_date, debit, credit) "
                "VALUES (1, 1, 1, '2025-12-01', CAST(:d AS NUMERIC(18, 2)), CAST(:c AS NUMERIC(18, 2)))"
            ),
            {"d": debit, "c": credit},
        )
    conn.execute(
        sa.text(
            "INSERT INTO finance_account_daily_total "
            "(user_id, account_id, entry_date, debit, credit, line_count) "
            "VALUES (1, 1, '2025-12-01', 12.50, 12.50, 2)"
        )
    )
    conn.execute(sa.text("INSERT INTO habits_habit (user_id, name, kind) VALUES (1, 'Read', 'boolean')"))
    conn.execute(
        sa.text(
            "INSERT INTO habits_habit_log (user_id, habit_id, logged_date, is_skip) "
            "VALUES (1, 1, '2025-12-01', :t)"
        ),
        {"t": True},
    )
    conn.execute(
        sa.text("INSERT INTO relationships_person (user_id, name, cadence_days) VALUES (1, 'Bo', 14)")
    )
    conn.execute(
        sa.text("INSERT INTO journal_entry (user_id, title, body, mood_int) VALUES (1, 't', 'b', 3)")
    )


def _row_counts() -> dict[str, int]:
    tables = ("user", "finance_account", "finance_journal_entry", "finance_journal_line", "habits_habit",
              "habits_habit_log", "relationships_person", "journal_entry", "role")  # fmt: skip
    with engine().connect() as conn:
        return {t: conn.execute(sa.text(f'SELECT COUNT(*) FROM "{t}"')).scalar_one() for t in tables}
