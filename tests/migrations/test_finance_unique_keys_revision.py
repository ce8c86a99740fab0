"""20261128_finance_unique_keys: up, down, up on both databases; existing duplicates are kept."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.migrations.support import BACKENDS, app_on, downgrade, engine, model_diffs, scratch_url, upgrade

REVISION = "20261128_finance_unique_keys"
PREVIOUS = "20261128_health_rules"


def _seed_duplicates(conn: sa.Connection) -> None:
    conn.execute(
        sa.text(
            'INSERT INTO "user" (id, email, password_hash, is_active, created_at) '
            "VALUES (1, 'a@example.com', 'x', true, CURRENT_TIMESTAMP)"
        )
    )
    for tx_id in (1, 2, 3):
        conn.execute(
            sa.text(
                "INSERT INTO finance_transaction (id, user_id, amount, occurred_at, external_id, created_at) "
                "VALUES (:id, 1, 5.00, CURRENT_TIMESTAMP, 'row-1', CURRENT_TIMESTAMP)"
            ),
            {"id": tx_id},
        )
    for setting_id in (1, 2):
        conn.execute(
            sa.text(
                "INSERT INTO finance_trial_balance_setting "
                "(id, user_id, month, auto_rollup, hide_zero_rows, fiscal_year_start_month) "
                "VALUES (:id, 1, NULL, true, false, 1)"
            ),
            {"id": setting_id},
        )


def _indexes(table: str) -> dict[str, bool]:
    return {i["name"]: bool(i["unique"]) for i in sa.inspect(engine()).get_indexes(table)}


@pytest.mark.parametrize("backend", BACKENDS)
def test_up_down_up_keeps_duplicates_and_enforces_the_keys(backend: str, tmp_path: Path) -> None:
    with scratch_url(backend, tmp_path) as url, app_on(url):
        upgrade(PREVIOUS)
        with engine().begin() as conn:
            _seed_duplicates(conn)
        output = upgrade(REVISION)
        assert "finance_transaction 2: duplicate external_id renamed to 'row-1#dup2'" in output
        assert "finance_trial_balance_setting 2: extra per-user settings row set aside" in output
        with engine().connect() as conn:
            ids = conn.execute(sa.text("SELECT id, external_id FROM finance_transaction ORDER BY id")).all()
            assert [tuple(r) for r in ids] == [(1, "row-1"), (2, "row-1#dup2"), (3, "row-1#dup3")]
            months = conn.execute(sa.text("SELECT month FROM finance_trial_balance_setting ORDER BY id"))
            assert list(months.scalars()) == [None, "dup-2"]
        assert _indexes("finance_transaction")["ux_finance_transaction_user_external_id"] is True
        assert _indexes("finance_transaction")["ix_finance_transaction_user_external_id"] is False
        assert _indexes("finance_trial_balance_setting")["ux_finance_trial_balance_setting_user"] is True
        with pytest.raises(sa.exc.IntegrityError), engine().begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO finance_transaction (user_id, amount, occurred_at, external_id, created_at) "
                    "VALUES (1, 1.00, CURRENT_TIMESTAMP, 'row-1', CURRENT_TIMESTAMP)"
                )
            )

        downgrade(PREVIOUS)
        assert "ux_finance_transaction_user_external_id" not in _indexes("finance_transaction")
        assert _indexes("finance_transaction")["ix_finance_transaction_user_external_id"] is False
        assert "ux_finance_trial_balance_setting_user" not in _indexes("finance_trial_balance_setting")
        with engine().connect() as conn:
            assert conn.execute(sa.text("SELECT COUNT(*) FROM finance_transaction")).scalar() == 3

        upgrade()
        assert _indexes("finance_transaction")["ux_finance_transaction_user_external_id"] is True
        assert model_diffs(engine()) == []
