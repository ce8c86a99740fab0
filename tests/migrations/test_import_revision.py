"""20261207_import_rules: up, down, up on both databases; the fingerprint key is enforced."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tests.migrations.support import (
    BACKENDS,
    app_on,
    downgrade,
    engine,
    model_diffs,
    schema_snapshot,
    scratch_url,
    stamp,
    upgrade,
)

REVISION = "20261207_import_rules"
PREVIOUS = "20261207_receivable_rules"
FINGERPRINT_UNIQUE = "ux_finance_transaction_user_import_fingerprint"


def _indexes(table: str) -> dict[str, bool]:
    return {i["name"]: bool(i["unique"]) for i in sa.inspect(engine()).get_indexes(table)}


def _mine(diffs: list[Any]) -> list[Any]:
    """Only the differences about this revision's objects (other revisions are tested elsewhere)."""
    return [d for d in diffs if "import_fingerprint" in repr(d) or "finance_import_mapping" in repr(d)]


def _insert_tx(conn: sa.Connection, fingerprint: str | None) -> None:
    conn.execute(
        sa.text(
            "INSERT INTO finance_transaction (user_id, amount, occurred_at, import_fingerprint, created_at) "
            "VALUES (1, 5.00, CURRENT_TIMESTAMP, :f, CURRENT_TIMESTAMP)"
        ),
        {"f": fingerprint},
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_up_down_up(backend: str, tmp_path: Path) -> None:
    with scratch_url(backend, tmp_path) as url, app_on(url):
        upgrade(PREVIOUS)
        with engine().begin() as conn:
            conn.execute(
                sa.text(
                    'INSERT INTO "user" (id, email, password_hash, is_active, created_at) '
                    "VALUES (1, 'a@example.com', 'x', true, CURRENT_TIMESTAMP)"
                )
            )
            conn.execute(
                sa.text(
                    "INSERT INTO finance_transaction (user_id, amount, occurred_at, created_at) "
                    "VALUES (1, 1.00, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                )
            )
        upgrade(REVISION)
        assert _indexes("finance_transaction")[FINGERPRINT_UNIQUE] is True
        assert _indexes("finance_import_mapping")["ux_finance_import_mapping_user_account"] is True
        assert _indexes("finance_transaction")["ix_finance_transaction_user_journal_entry"] is False
        assert _mine(model_diffs(engine())) == []
        with engine().begin() as conn:
            _insert_tx(conn, None)
            _insert_tx(conn, None)  # NULL fingerprints are not constrained
            _insert_tx(conn, "f" * 64)
        with pytest.raises(sa.exc.IntegrityError), engine().begin() as conn:
            _insert_tx(conn, "f" * 64)
        # Inspect, then act: run again over a schema that has everything, it changes nothing.
        before = schema_snapshot(engine())
        stamp(PREVIOUS)
        upgrade(REVISION)
        assert schema_snapshot(engine()) == before

        downgrade(PREVIOUS)
        assert FINGERPRINT_UNIQUE not in _indexes("finance_transaction")
        assert "ix_finance_transaction_user_journal_entry" not in _indexes("finance_transaction")
        assert "finance_import_mapping" not in sa.inspect(engine()).get_table_names()
        columns = {c["name"] for c in sa.inspect(engine()).get_columns("finance_transaction")}
        assert "import_fingerprint" not in columns
        with engine().connect() as conn:  # the rows stay, only the column goes
            assert conn.execute(sa.text("SELECT COUNT(*) FROM finance_transaction")).scalar() == 4

        upgrade()
        assert _indexes("finance_transaction")[FINGERPRINT_UNIQUE] is True
        assert _mine(model_diffs(engine())) == []
