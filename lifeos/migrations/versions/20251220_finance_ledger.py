"""Finance ledger: line dates, a ledger index and per-account daily totals.

* `finance_journal_line.entry_date` — the entry's date copied onto each line (backfilled in
  id batches, then NOT NULL), so an account's ledger is read from one index in date order.
* `ix_finance_journal_line_user_account_date (user_id, account_id, entry_date, id)`.
* `finance_account_daily_total` — debit/credit totals per (user, account, day), maintained by
  the posting transaction; the trial balance and reports sum it instead of every line
  (1,000,000 lines → a few thousand rows). Backfilled here from the existing lines.

Idempotent (inspects the live schema) and reversible; SQLite uses batch mode. This file does
not import application code.

Revision ID: 20251220_finance_ledger
Revises: 20251218_backend_updates_validation
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20251220_finance_ledger"
down_revision = "20251218_backend_updates_validation"
branch_labels = None
depends_on = None

LINE, ENTRY, TOTALS = "finance_journal_line", "finance_journal_entry", "finance_account_daily_total"
LEDGER_INDEX = "ix_finance_journal_line_user_account_date"
TOTALS_INDEX = "ix_finance_account_daily_total_user_date"
BATCH = 50_000


def _columns(bind: sa.engine.Connection, table: str) -> dict[str, dict]:
    return {c["name"]: c for c in sa.inspect(bind).get_columns(table)}


def _indexes(bind: sa.engine.Connection, table: str) -> set[str]:
    return {i["name"] for i in sa.inspect(bind).get_indexes(table)}


def _backfill_line_dates(bind: sa.engine.Connection) -> None:
    lo, hi = bind.execute(sa.text(f"SELECT MIN(id), MAX(id) FROM {LINE}")).one()
    if lo is None:
        return
    stmt = sa.text(
        f"UPDATE {LINE} SET entry_date = (SELECT e.entry_date FROM {ENTRY} e WHERE e.id = {LINE}.entry_id) "
        f"WHERE id >= :lo AND id < :hi AND entry_date IS NULL"
    )
    for start in range(lo, hi + 1, BATCH):
        bind.execute(stmt, {"lo": start, "hi": start + BATCH})


def upgrade() -> None:
    bind = op.get_bind()
    cols = _columns(bind, LINE)
    if "entry_date" not in cols:
        op.add_column(LINE, sa.Column("entry_date", sa.Date(), nullable=True))
        cols = _columns(bind, LINE)
    _backfill_line_dates(bind)
    if cols["entry_date"]["nullable"]:
        with op.batch_alter_table(LINE) as batch:
            batch.alter_column("entry_date", existing_type=sa.Date(), nullable=False)
    if LEDGER_INDEX not in _indexes(bind, LINE):
        op.create_index(LEDGER_INDEX, LINE, ["user_id", "account_id", "entry_date", "id"])

    if not sa.inspect(bind).has_table(TOTALS):
        op.create_table(
            TOTALS,
            sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id", name="fk_finance_account_daily_total_user_id_user"), nullable=False),
            sa.Column(
                "account_id",
                sa.Integer(),
                sa.ForeignKey("finance_account.id", name="fk_finance_account_daily_total_account_id_finance_account"),
                nullable=False,
            ),
            sa.Column("entry_date", sa.Date(), nullable=False),
            sa.Column("debit", sa.Numeric(24, 2), nullable=False, server_default=sa.text("0")),
            sa.Column("credit", sa.Numeric(24, 2), nullable=False, server_default=sa.text("0")),
            sa.Column("line_count", sa.Integer(), nullable=False, server_default=sa.text("0")),
            sa.PrimaryKeyConstraint("user_id", "account_id", "entry_date", name="pk_finance_account_daily_total"),
        )
        op.execute(
            f"INSERT INTO {TOTALS} (user_id, account_id, entry_date, debit, credit, line_count) "
            f"SELECT user_id, account_id, entry_date, SUM(debit), SUM(credit), COUNT(*) FROM {LINE} "
            f"GROUP BY user_id, account_id, entry_date"
        )
    if TOTALS_INDEX not in _indexes(bind, TOTALS):
        op.create_index(TOTALS_INDEX, TOTALS, ["user_id", "entry_date"])


def downgrade() -> None:
    bind = op.get_bind()
    if sa.inspect(bind).has_table(TOTALS):
        op.drop_table(TOTALS)
    if LEDGER_INDEX in _indexes(bind, LINE):
        op.drop_index(LEDGER_INDEX, table_name=LINE)
    if "entry_date" in _columns(bind, LINE):
        with op.batch_alter_table(LINE) as batch:
            batch.drop_column("entry_date")
