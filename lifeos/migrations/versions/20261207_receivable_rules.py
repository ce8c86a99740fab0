"""Receivables with explicit interest; loans with amortization (issue #8).

Upgrade (inspect, then act; a second run prints "nothing to do"):

1. **Tracker interest** on `finance_receivable_tracker`: `interest_kind` (none | simple |
   compound, NOT NULL default 'none'), `compounding` (monthly | quarterly | yearly | daily, for
   compound), `memo`, `updated_at`, and `ix_finance_receivable_tracker_user_start_date`
   (user_id, start_date, id) for the list. The legacy `interest_rate` stays the annual rate in
   percent; a legacy row with a rate above 0 and kind 'none' becomes 'simple' (the reading that
   adds no interest on interest; the count is printed).
2. **Loan terms** on `finance_loan_group`: `direction` (lent | borrowed, default 'lent'),
   `principal`, `annual_rate` (percent, NUMERIC(7,4)), `term_payments`, `payments_per_year`,
   `first_payment_date`, `extra_payment_mode` (shorter_term | lower_payment), `updated_at`.
3. **Links to journal entries** on `finance_loan_group_link`: `journal_entry_id` (→
   finance_journal_entry), and the legacy NOT NULL `tracker_id` relaxed (a link names a tracker
   or an entry; SQLite: batch mode, a rebuild of this small table). Unique indexes
   `ux_finance_loan_group_link_group_tracker` (group_id, tracker_id) and
   `ux_finance_loan_group_link_group_entry` (group_id, journal_entry_id): a legacy duplicate
   link (same group and tracker) is deleted first, keeping the lowest id (printed).

downgrade(): drops the unique indexes and the new columns; links to journal entries are
deleted (printed) so `tracker_id` can be NOT NULL again. Trackers, entries, groups and tracker
links stay; interest kinds and loan terms are lost (legacy `interest_rate` is kept).

Revision ID: 20261207_receivable_rules
Revises: 20261207_schedule_rules
Create Date: 2026-12-07
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "20261207_receivable_rules"
down_revision = "20261207_schedule_rules"
branch_labels = None
depends_on = None

TRACKER, GROUP, LINK = "finance_receivable_tracker", "finance_loan_group", "finance_loan_group_link"
START_INDEX = "ix_finance_receivable_tracker_user_start_date"
LINK_TRACKER_UNIQUE = "ux_finance_loan_group_link_group_tracker"
LINK_ENTRY_UNIQUE = "ux_finance_loan_group_link_group_entry"
LINK_ENTRY_FK = "fk_finance_loan_group_link_journal_entry_id"


def _stamp() -> sa.Column[Any]:
    return sa.Column("updated_at", sa.DateTime(), nullable=True, server_default=sa.text("CURRENT_TIMESTAMP"))


def _tracker_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("interest_kind", sa.String(16), nullable=False, server_default="none"),
        sa.Column("compounding", sa.String(16), nullable=True),
        sa.Column("memo", sa.Text(), nullable=True),
        _stamp(),
    ]


def _group_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("direction", sa.String(16), nullable=False, server_default="lent"),
        sa.Column("principal", sa.Numeric(18, 2), nullable=True),
        sa.Column("annual_rate", sa.Numeric(7, 4), nullable=True),
        sa.Column("term_payments", sa.Integer(), nullable=True),
        sa.Column("payments_per_year", sa.Integer(), nullable=True),
        sa.Column("first_payment_date", sa.Date(), nullable=True),
        sa.Column("extra_payment_mode", sa.String(16), nullable=False, server_default="shorter_term"),
        _stamp(),
    ]


def _say(message: str) -> None:
    print(f"20261207_receivable_rules: {message}")


def _columns(bind: sa.Connection, table: str) -> dict[str, dict[str, Any]]:
    return {str(c["name"]): dict(c) for c in sa.inspect(bind).get_columns(table)}


def _indexes(bind: sa.Connection, table: str) -> set[str]:
    return {str(i["name"]) for i in sa.inspect(bind).get_indexes(table)}


def _add_missing(bind: sa.Connection, table: str, columns: list[sa.Column[Any]]) -> bool:
    existing = _columns(bind, table)
    missing = [column for column in columns if column.name not in existing]
    if missing:
        # Batch: SQLite cannot ADD COLUMN with a CURRENT_TIMESTAMP default, so it rebuilds.
        with op.batch_alter_table(table) as batch:
            for column in missing:
                batch.add_column(column)
                _say(f"added column {table}.{column.name}")
    return bool(missing)


def _legacy_rates_simple(bind: sa.Connection) -> int:
    result = bind.execute(
        sa.text(
            f"UPDATE {TRACKER} SET interest_kind = 'simple' "
            "WHERE interest_kind = 'none' AND interest_rate IS NOT NULL AND interest_rate > 0"
        )
    )
    return int(result.rowcount or 0)


def _delete_duplicate_links(bind: sa.Connection) -> None:
    rows = bind.execute(
        sa.text(
            f"SELECT l.id, l.group_id, l.tracker_id FROM {LINK} l WHERE l.tracker_id IS NOT NULL AND EXISTS ("
            f"  SELECT 1 FROM {LINK} o WHERE o.group_id = l.group_id AND o.tracker_id = l.tracker_id"
            "   AND o.id < l.id) ORDER BY l.id"
        )
    ).all()
    for link_id, group_id, tracker_id in rows:
        bind.execute(sa.text(f"DELETE FROM {LINK} WHERE id = :id"), {"id": link_id})
        _say(f"link {link_id}: tracker {tracker_id} was linked to group {group_id} twice; deleted")


def _upgrade_links(bind: sa.Connection) -> bool:
    columns = _columns(bind, LINK)
    did = False
    if "journal_entry_id" not in columns or not columns["tracker_id"]["nullable"]:
        with op.batch_alter_table(LINK) as batch:
            if "journal_entry_id" not in columns:
                batch.add_column(sa.Column("journal_entry_id", sa.Integer(), nullable=True))
                batch.create_foreign_key(LINK_ENTRY_FK, "finance_journal_entry", ["journal_entry_id"], ["id"])
            if not columns["tracker_id"]["nullable"]:
                batch.alter_column("tracker_id", existing_type=sa.Integer(), nullable=True)
        _say(f"{LINK}: added journal_entry_id, tracker_id may be NULL")
        did = True
    indexes = _indexes(bind, LINK)
    if LINK_TRACKER_UNIQUE not in indexes:
        _delete_duplicate_links(bind)
        op.create_index(LINK_TRACKER_UNIQUE, LINK, ["group_id", "tracker_id"], unique=True)
        _say(f"created index {LINK_TRACKER_UNIQUE}")
        did = True
    if LINK_ENTRY_UNIQUE not in indexes:
        op.create_index(LINK_ENTRY_UNIQUE, LINK, ["group_id", "journal_entry_id"], unique=True)
        _say(f"created index {LINK_ENTRY_UNIQUE}")
        did = True
    return did


def upgrade() -> None:
    bind = op.get_bind()
    did = _add_missing(bind, TRACKER, _tracker_columns())
    made_simple = _legacy_rates_simple(bind)
    if made_simple:
        _say(f"{made_simple} legacy trackers with an interest_rate now accrue simple interest")
        did = True
    if START_INDEX not in _indexes(bind, TRACKER):
        op.create_index(START_INDEX, TRACKER, ["user_id", "start_date", "id"])
        _say(f"created index {START_INDEX}")
        did = True
    did = _add_missing(bind, GROUP, _group_columns()) or did
    did = _upgrade_links(bind) or did
    if not did:
        _say("nothing to do")


def _drop_present(bind: sa.Connection, table: str, names: list[str]) -> None:
    present = [name for name in names if name in _columns(bind, table)]
    if present:
        with op.batch_alter_table(table) as batch:
            for name in present:
                batch.drop_column(name)


def downgrade() -> None:
    bind = op.get_bind()
    indexes = _indexes(bind, LINK)
    for name in (LINK_ENTRY_UNIQUE, LINK_TRACKER_UNIQUE):
        if name in indexes:
            op.drop_index(name, table_name=LINK)
    columns = _columns(bind, LINK)
    if "journal_entry_id" in columns:
        gone = bind.execute(sa.text(f"DELETE FROM {LINK} WHERE tracker_id IS NULL")).rowcount
        if gone:
            _say(f"deleted {gone} links to journal entries")
        fks = {fk.get("name") for fk in sa.inspect(bind).get_foreign_keys(LINK)}
        with op.batch_alter_table(LINK) as batch:
            if LINK_ENTRY_FK in fks:
                batch.drop_constraint(LINK_ENTRY_FK, type_="foreignkey")
            batch.drop_column("journal_entry_id")
            batch.alter_column("tracker_id", existing_type=sa.Integer(), nullable=False)
    _drop_present(bind, GROUP, [c.name for c in _group_columns()])
    if START_INDEX in _indexes(bind, TRACKER):
        op.drop_index(START_INDEX, table_name=TRACKER)
    _drop_present(bind, TRACKER, [c.name for c in _tracker_columns()])
    _say("downgrade dropped interest kinds, loan terms and journal-entry links")
