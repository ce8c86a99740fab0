"""Finance: a bank row is imported once, and a user has one trial-balance settings row.

* `ux_finance_transaction_user_external_id` (user_id, external_id) UNIQUE: concurrent imports
  of the same bank row can no longer both be written (NULL external ids stay unrestricted on
  both databases). The plain `ix_` index of 20251218 stays: 20251218 is idempotent and would
  recreate it on any re-run, so dropping it here would only make the two revisions disagree.
* `ux_finance_trial_balance_setting_user` (user_id) UNIQUE WHERE month IS NULL: one per-user
  settings row (legacy per-month rows, month set, are not affected).

Rows that already break a rule are kept, never deleted: a later transaction that repeats an
external id gets `<external_id>#dup<id>` (truncated to 128), and extra settings rows get
month = 'dup-<id>' so they no longer count as the user's row. Each change is printed.
Downgrade drops the unique indexes; the renamed values stay.

Revision ID: 20261128_finance_unique_keys
Revises: 20261128_health_rules
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261128_finance_unique_keys"
down_revision = "20261128_health_rules"
branch_labels = None
depends_on = None

TX_UNIQUE = "ux_finance_transaction_user_external_id"
TB_UNIQUE = "ux_finance_trial_balance_setting_user"


def _rename_duplicate_external_ids(bind: sa.Connection) -> None:
    rows = bind.execute(
        sa.text(
            "SELECT t.id, t.external_id FROM finance_transaction t "
            "WHERE t.external_id IS NOT NULL AND EXISTS ("
            "  SELECT 1 FROM finance_transaction o WHERE o.user_id = t.user_id "
            "  AND o.external_id = t.external_id AND o.id < t.id)"
        )
    ).all()
    for row_id, external_id in rows:
        suffix = f"#dup{row_id}"
        renamed = external_id[: 128 - len(suffix)] + suffix
        bind.execute(
            sa.text("UPDATE finance_transaction SET external_id = :v WHERE id = :id"),
            {"v": renamed, "id": row_id},
        )
        print(f"finance_transaction {row_id}: duplicate external_id renamed to {renamed!r}")


def _retire_duplicate_settings(bind: sa.Connection) -> None:
    rows = bind.execute(
        sa.text(
            "SELECT s.id FROM finance_trial_balance_setting s "
            "WHERE s.month IS NULL AND EXISTS ("
            "  SELECT 1 FROM finance_trial_balance_setting o WHERE o.user_id = s.user_id "
            "  AND o.month IS NULL AND o.id < s.id)"
        )
    ).scalars()
    for row_id in list(rows):
        bind.execute(
            sa.text("UPDATE finance_trial_balance_setting SET month = :m WHERE id = :id"),
            {"m": f"dup-{row_id}"[:7], "id": row_id},
        )
        print(f"finance_trial_balance_setting {row_id}: extra per-user settings row set aside")


def _indexes(bind: sa.Connection, table: str) -> set[str]:
    return {str(i["name"]) for i in sa.inspect(bind).get_indexes(table)}


def upgrade() -> None:
    # Inspect, then act: a database that already has a key is left as it is.
    bind = op.get_bind()
    _rename_duplicate_external_ids(bind)
    _retire_duplicate_settings(bind)
    if TX_UNIQUE not in _indexes(bind, "finance_transaction"):
        op.create_index(TX_UNIQUE, "finance_transaction", ["user_id", "external_id"], unique=True)
    if TB_UNIQUE not in _indexes(bind, "finance_trial_balance_setting"):
        op.create_index(
            TB_UNIQUE,
            "finance_trial_balance_setting",
            ["user_id"],
            unique=True,
            postgresql_where=sa.text("month IS NULL"),
            sqlite_where=sa.text("month IS NULL"),
        )


def downgrade() -> None:
    bind = op.get_bind()
    if TB_UNIQUE in _indexes(bind, "finance_trial_balance_setting"):
        op.drop_index(TB_UNIQUE, table_name="finance_trial_balance_setting")
    if TX_UNIQUE in _indexes(bind, "finance_transaction"):
        op.drop_index(TX_UNIQUE, table_name="finance_transaction")
