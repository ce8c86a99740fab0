"""Cash-flow schedule: recurrence, projection, scenarios, matching (issue #8).

Upgrade (inspect, then act; a second run prints "nothing to do"):

1. **Rule columns** on `finance_money_schedule_row` and on `finance_money_schedule_scenario_row`
   (a scenario's added rows recur the same way): recurrence, repeat_every, weekdays,
   day_of_month, month_week, until_date, occurrence_count, weekend_rule. Their defaults make
   every legacy row a one-off on its `event_date` ("once", every 1, keep).
2. **Matching settings** on the row: amount_tolerance (default 0, exact), match_window_days
   (default 3), updated_at.
3. **Scenario ops** on the scenario row: op (legacy rows are "change" by their delta_amount),
   account_id, event_date, amount, memo for "add" and "change" ops.
4. **Index** `ix_finance_money_schedule_row_user_account` (the subscriber's lookup).
5. **Stored projection** `ux_finance_money_schedule_daily_balance_user_as_of` (one balance per
   user and day). The table is derived (rebuilt by every recompute), so duplicate legacy days
   keep their newest row and the others are deleted (printed).
6. **Table** `finance_money_schedule_match`: an occurrence matched to a journal line.

downgrade(): drops the match table, the new indexes and the new columns (SQLite: batch mode, a
table rebuild). Rows, scenarios and their legacy columns stay; recurrence rules, scenario ops
other than legacy deltas, and matches are lost.

Revision ID: 20261207_schedule_rules
Revises: 20261207_legacy_adoption
Create Date: 2026-12-07
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "20261207_schedule_rules"
down_revision = "20261207_legacy_adoption"
branch_labels = None
depends_on = None

ROW = "finance_money_schedule_row"
SCENARIO_ROW = "finance_money_schedule_scenario_row"
DAILY = "finance_money_schedule_daily_balance"
MATCH = "finance_money_schedule_match"
ROW_ACCOUNT_INDEX = "ix_finance_money_schedule_row_user_account"
DAILY_UNIQUE = "ux_finance_money_schedule_daily_balance_user_as_of"
MONEY = sa.Numeric(18, 2)


def _rule_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("recurrence", sa.String(16), nullable=False, server_default="once"),
        sa.Column("repeat_every", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("weekdays", sa.String(16), nullable=True),
        sa.Column("day_of_month", sa.Integer(), nullable=True),
        sa.Column("month_week", sa.Integer(), nullable=True),
        sa.Column("until_date", sa.Date(), nullable=True),
        sa.Column("occurrence_count", sa.Integer(), nullable=True),
        sa.Column("weekend_rule", sa.String(16), nullable=False, server_default="keep"),
    ]


def _row_columns() -> list[sa.Column[Any]]:
    return [
        *_rule_columns(),
        sa.Column("amount_tolerance", MONEY, nullable=False, server_default="0"),
        sa.Column("match_window_days", sa.Integer(), nullable=False, server_default="3"),
        sa.Column("updated_at", sa.DateTime(), nullable=True, server_default=sa.text("CURRENT_TIMESTAMP")),
    ]


def _scenario_row_columns() -> list[sa.Column[Any]]:
    return [
        *_rule_columns(),
        sa.Column("op", sa.String(8), nullable=False, server_default="change"),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("amount", MONEY, nullable=True),
        sa.Column("memo", sa.Text(), nullable=True),
    ]


SCENARIO_ACCOUNT_FK = "fk_finance_money_schedule_scenario_row_account_id"


def _say(message: str) -> None:
    print(f"20261207_schedule_rules: {message}")


def _columns(bind: sa.Connection, table: str) -> set[str]:
    return {str(c["name"]) for c in sa.inspect(bind).get_columns(table)}


def _indexes(bind: sa.Connection, table: str) -> set[str]:
    return {str(i["name"]) for i in sa.inspect(bind).get_indexes(table)}


def _add_columns(bind: sa.Connection, table: str, wanted: list[sa.Column[Any]]) -> int:
    existing = _columns(bind, table)
    missing = [c for c in wanted if c.name not in existing]
    if not missing:
        return 0
    with op.batch_alter_table(table) as batch:
        for column in missing:
            batch.add_column(column)
            _say(f"added column {table}.{column.name}")
        if table == SCENARIO_ROW and any(c.name == "account_id" for c in missing):
            batch.create_foreign_key(SCENARIO_ACCOUNT_FK, "finance_account", ["account_id"], ["id"])
    return len(missing)


def _drop_duplicate_days(bind: sa.Connection) -> int:
    result = bind.execute(
        sa.text(
            f"DELETE FROM {DAILY} WHERE EXISTS (SELECT 1 FROM {DAILY} o "
            f"WHERE o.user_id = {DAILY}.user_id AND o.as_of = {DAILY}.as_of AND o.id > {DAILY}.id)"
        )
    )
    return int(result.rowcount or 0)


def _create_match_table() -> None:
    op.create_table(
        MATCH,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("occurrence_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="matched"),
        sa.Column("journal_line_id", sa.Integer(), nullable=True),
        sa.Column("entry_id", sa.Integer(), nullable=True),
        sa.Column("matched_by", sa.String(8), nullable=False, server_default="auto"),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["row_id"], [f"{ROW}.id"]),
        sa.ForeignKeyConstraint(["journal_line_id"], ["finance_journal_line.id"]),
        sa.ForeignKeyConstraint(["entry_id"], ["finance_journal_entry.id"]),
    )
    op.create_index(f"ux_{MATCH}_row_occurrence", MATCH, ["row_id", "occurrence_date"], unique=True)
    op.create_index(f"ux_{MATCH}_line", MATCH, ["journal_line_id"], unique=True)
    op.create_index(f"ix_{MATCH}_user_occurrence", MATCH, ["user_id", "occurrence_date"])


def upgrade() -> None:
    bind = op.get_bind()
    did = _add_columns(bind, ROW, _row_columns()) > 0
    did = _add_columns(bind, SCENARIO_ROW, _scenario_row_columns()) > 0 or did
    if ROW_ACCOUNT_INDEX not in _indexes(bind, ROW):
        op.create_index(ROW_ACCOUNT_INDEX, ROW, ["user_id", "account_id"])
        _say(f"created index {ROW_ACCOUNT_INDEX}")
        did = True
    if DAILY_UNIQUE not in _indexes(bind, DAILY):
        dropped = _drop_duplicate_days(bind)
        if dropped:
            _say(f"deleted {dropped} duplicate stored projection days (derived; recomputed on demand)")
        op.create_index(DAILY_UNIQUE, DAILY, ["user_id", "as_of"], unique=True)
        _say(f"created index {DAILY_UNIQUE}")
        did = True
    if MATCH not in sa.inspect(bind).get_table_names():
        _create_match_table()
        _say(f"created table {MATCH}")
        did = True
    if not did:
        _say("nothing to do")


def downgrade() -> None:
    bind = op.get_bind()
    if MATCH in sa.inspect(bind).get_table_names():
        op.drop_table(MATCH)
    if DAILY_UNIQUE in _indexes(bind, DAILY):
        op.drop_index(DAILY_UNIQUE, table_name=DAILY)
    if ROW_ACCOUNT_INDEX in _indexes(bind, ROW):
        op.drop_index(ROW_ACCOUNT_INDEX, table_name=ROW)
    for table, wanted in ((SCENARIO_ROW, _scenario_row_columns()), (ROW, _row_columns())):
        present = [c.name for c in wanted if c.name in _columns(bind, table)]
        if not present:
            continue
        fk_names = {
            fk["name"]
            for fk in sa.inspect(bind).get_foreign_keys(table)
            if fk["constrained_columns"] == ["account_id"] and fk["name"] == SCENARIO_ACCOUNT_FK
        }
        with op.batch_alter_table(table) as batch:
            for name in fk_names:
                if bind.dialect.name == "postgresql":
                    batch.drop_constraint(name, type_="foreignkey")
            for name in present:
                batch.drop_column(name)
    _say("downgrade dropped the rules, scenario ops and matches; rows and scenarios stay")
