"""CSV bank import: fingerprints and saved mappings (issue #8).

* `finance_transaction.import_fingerprint` (VARCHAR(64), NULL) with
  `ux_finance_transaction_user_import_fingerprint` (user_id, import_fingerprint) UNIQUE: a CSV row
  without a bank id is written once even when two imports of the same file commit at once
  (NULL fingerprints, every transaction not imported that way, stay unrestricted).
* `ix_finance_transaction_user_journal_entry` (user_id, journal_entry_id): a posting's
  transaction, looked up for every near match and duplicate an import preview shows.
* `finance_import_mapping`: the column mapping last committed for an account, one per
  (user_id, account_id).

Inspect, then act: whatever already exists is left alone. Downgrade drops the table, the
indexes and the column.

Revision ID: 20261207_import_rules
Revises: 20261207_receivable_rules
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261207_import_rules"
down_revision = "20261207_receivable_rules"
branch_labels = None
depends_on = None

TX = "finance_transaction"
FINGERPRINT_UNIQUE = "ux_finance_transaction_user_import_fingerprint"
ENTRY_INDEX = "ix_finance_transaction_user_journal_entry"
MAPPING = "finance_import_mapping"
MAPPING_UNIQUE = "ux_finance_import_mapping_user_account"


def _inspect(bind: sa.Connection) -> sa.Inspector:
    return sa.inspect(bind)


def _indexes(bind: sa.Connection, table: str) -> set[str]:
    return {str(i["name"]) for i in _inspect(bind).get_indexes(table)}


def _columns(bind: sa.Connection, table: str) -> set[str]:
    return {str(c["name"]) for c in _inspect(bind).get_columns(table)}


def upgrade() -> None:
    bind = op.get_bind()
    if "import_fingerprint" not in _columns(bind, TX):
        op.add_column(TX, sa.Column("import_fingerprint", sa.String(64), nullable=True))
    if FINGERPRINT_UNIQUE not in _indexes(bind, TX):
        op.create_index(FINGERPRINT_UNIQUE, TX, ["user_id", "import_fingerprint"], unique=True)
    if ENTRY_INDEX not in _indexes(bind, TX):
        op.create_index(ENTRY_INDEX, TX, ["user_id", "journal_entry_id"])
    if MAPPING not in _inspect(bind).get_table_names():
        op.create_table(
            MAPPING,
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
            sa.Column("account_id", sa.Integer(), sa.ForeignKey("finance_account.id"), nullable=False),
            sa.Column("mapping", sa.Text(), nullable=False),
            sa.Column(
                "created_at", sa.DateTime(), server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False
            ),
            sa.Column(
                "updated_at", sa.DateTime(), server_default=sa.text("CURRENT_TIMESTAMP"), nullable=True
            ),
        )
    indexes = _indexes(bind, MAPPING)
    if "ix_finance_import_mapping_user_id" not in indexes:
        op.create_index("ix_finance_import_mapping_user_id", MAPPING, ["user_id"])
    if MAPPING_UNIQUE not in indexes:
        op.create_index(MAPPING_UNIQUE, MAPPING, ["user_id", "account_id"], unique=True)


def downgrade() -> None:
    bind = op.get_bind()
    if MAPPING in _inspect(bind).get_table_names():
        op.drop_table(MAPPING)
    if ENTRY_INDEX in _indexes(bind, TX):
        op.drop_index(ENTRY_INDEX, table_name=TX)
    if FINGERPRINT_UNIQUE in _indexes(bind, TX):
        op.drop_index(FINGERPRINT_UNIQUE, table_name=TX)
    if "import_fingerprint" in _columns(bind, TX):
        with op.batch_alter_table(TX) as batch:
            batch.drop_column("import_fingerprint")
