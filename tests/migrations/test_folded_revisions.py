"""What 20251220_finance_ledger and 20251221_outbox_undelivered_index added, now inside 20251218;
and databases stamped with those retired ids keep working."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import make_test_app
from tests.migrations.support import (
    AFTER_VALIDATION,
    BACKENDS,
    BEFORE_VALIDATION,
    HEAD,
    HEAD_OF_VALIDATION,
    app_on,
    engine,
    flask_cli,
    model_diffs,
    schema_snapshot,
    scratch_url,
    stamp,
    upgrade,
)

TOTALS_SQL = (
    "SELECT user_id, account_id, entry_date, debit, credit, line_count "
    "FROM finance_account_daily_total ORDER BY account_id, entry_date"
)


def test_the_chain_has_one_head_after_20251218() -> None:
    from alembic.script import ScriptDirectory

    from lifeos.extensions import migrate

    with make_test_app("sqlite://").app_context():
        script = ScriptDirectory.from_config(migrate.get_config())
    assert script.get_heads() == [HEAD]
    chain = [rev.revision for rev in script.walk_revisions()]
    assert chain == [
        *reversed(AFTER_VALIDATION),
        HEAD_OF_VALIDATION,
        BEFORE_VALIDATION,
        "20251201_initial_schema",
    ]


def _legacy_ledger(conn: sa.Connection) -> None:
    """A 20251216 ledger: lines without user_id or entry_date, no daily totals table."""
    conn.execute(sa.text("INSERT INTO \"user\" (id, email, password_hash) VALUES (1, 'a@example.com', 'x')"))
    conn.execute(
        sa.text("INSERT INTO finance_account_category (id, code, name) VALUES (1, '1000', 'Assets')")
    )
    for account_id, name in ((1, "Cash"), (2, "Food")):
        conn.execute(
            sa.text(
                "INSERT INTO finance_account (id, user_id, category_id, name, normalized_name) "
                "VALUES (:id, 1, 1, :name, '')"
            ),
            {"id": account_id, "name": name},
        )
    for entry_id, posted_at in (
        (1, "2025-12-01 09:00:00"),
        (2, "2025-12-01 18:00:00"),
        (3, "2025-12-02 08:00:00"),
    ):
        conn.execute(
            sa.text("INSERT INTO finance_journal_entry (id, user_id, posted_at) VALUES (:id, 1, :at)"),
            {"id": entry_id, "at": posted_at},
        )
        for account_id, debit, credit in ((2, "10.25", "0"), (1, "0", "10.25")):
            conn.execute(
                sa.text(
                    "INSERT INTO finance_journal_line (entry_id, account_id, debit, credit) "
                    "VALUES (:e, :a, CAST(:d AS NUMERIC(18, 2)), CAST(:c AS NUMERIC(18, 2)))"
                ),
                {"e": entry_id, "a": account_id, "d": debit, "c": credit},
            )


def _totals() -> list[tuple[object, ...]]:
    with engine().connect() as conn:
        rows = conn.execute(sa.text(TOTALS_SQL)).all()
    return [(r[0], r[1], str(r[2]), f"{Decimal(r[3]):.2f}", f"{Decimal(r[4]):.2f}", r[5]) for r in rows]


EXPECTED_TOTALS = [
    (1, 1, "2025-12-01", "0.00", "20.50", 2),
    (1, 1, "2025-12-02", "0.00", "10.25", 1),
    (1, 2, "2025-12-01", "20.50", "0.00", 2),
    (1, 2, "2025-12-02", "10.25", "0.00", 1),
]


@pytest.mark.parametrize("backend", BACKENDS)
def test_ledger_columns_and_daily_totals_are_filled_once(backend: str, tmp_path: Path) -> None:
    with scratch_url(backend, tmp_path) as url, app_on(url):
        upgrade(BEFORE_VALIDATION)
        with engine().begin() as conn:
            _legacy_ledger(conn)
        output = upgrade()
        assert "filled finance_account_daily_total with 4 rows from the journal lines" in output
        assert "WARNING" not in output
        with engine().connect() as conn:
            dates = conn.execute(
                sa.text("SELECT entry_id, entry_date, user_id FROM finance_journal_line ORDER BY id")
            ).all()
        assert [(e, str(d), u) for e, d, u in dates] == [
            (1, "2025-12-01", 1), (1, "2025-12-01", 1), (2, "2025-12-01", 1),
            (2, "2025-12-01", 1), (3, "2025-12-02", 1), (3, "2025-12-02", 1),
        ]  # fmt: skip
        line_cols = {c["name"]: c for c in sa.inspect(engine()).get_columns("finance_journal_line")}
        assert line_cols["entry_date"]["nullable"] is False
        assert _totals() == EXPECTED_TOTALS
        assert "ix_finance_journal_line_user_account_date" in {
            i["name"] for i in sa.inspect(engine()).get_indexes("finance_journal_line")
        }
        assert "ix_platform_outbox_undelivered_id" in {
            i["name"] for i in sa.inspect(engine()).get_indexes("platform_outbox")
        }
        assert model_diffs(engine()) == []

        # Running 20251218 again: nothing to do, and the totals are not counted twice.
        stamp(BEFORE_VALIDATION)
        again = upgrade()
        assert "nothing to do" in again and "WARNING" not in again
        assert _totals() == EXPECTED_TOTALS

        # Emptied (say, an interrupted first run): recomputed from the lines.
        with engine().begin() as conn:
            conn.execute(sa.text("DELETE FROM finance_account_daily_total"))
        stamp(BEFORE_VALIDATION)
        assert "filled finance_account_daily_total with 4 rows" in upgrade()
        assert _totals() == EXPECTED_TOTALS


@pytest.mark.parametrize("backend", BACKENDS)
def test_database_stamped_with_a_retired_revision_keeps_working(backend: str, tmp_path: Path) -> None:
    with scratch_url(backend, tmp_path) as url:
        with app_on(url):
            upgrade()
            before = schema_snapshot(engine())
            # A developer machine that ran the unreleased 20251220/20251221 revisions.
            with engine().begin() as conn:
                conn.execute(
                    sa.text("UPDATE alembic_version SET version_num = '20251221_outbox_undelivered_index'")
                )

        current = flask_cli(url, "db", "current")
        assert current.returncode == 0, current.stderr
        assert current.stdout.split()[0] == HEAD_OF_VALIDATION
        assert "folded into 20251218_backend_updates_validation" in current.stderr

        with app_on(url):
            again = upgrade()  # restamped to 20251218: the later revisions find their work done
            assert "WARNING" not in again and "created" not in again
            assert schema_snapshot(engine()) == before
            assert model_diffs(engine()) == []

            # One left at 20251220 lacks the outbox index; 20251218 run again adds just that.
            with engine().begin() as conn:
                conn.execute(sa.text("DROP INDEX ix_platform_outbox_undelivered_id"))
                conn.execute(sa.text("UPDATE alembic_version SET version_num = '20251220_finance_ledger'"))
            upgrade(HEAD_OF_VALIDATION)
            with engine().connect() as conn:
                assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == (
                    HEAD_OF_VALIDATION
                )
            stamp(BEFORE_VALIDATION)
            output = upgrade(HEAD_OF_VALIDATION)
            assert output.count("created index") == 1
            assert "created index ix_platform_outbox_undelivered_id" in output
            # 20251218's frozen target tightens what a later revision relaxed (the loan link's
            # tracker_id); the rest of the chain relaxes it again, and head is whole once more.
            upgrade()
            assert schema_snapshot(engine()) == before
