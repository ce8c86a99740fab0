"""Backend updates validation: ensure every table, column and index of the LifeOS schema.

Additive and idempotent. It inspects the live schema and, against the frozen target in
`lifeos.migrations.snapshots.schema_20251218` (never the app models, which keep moving):

1. creates missing tables, adds missing columns, relaxes legacy NOT NULL columns the app no
   longer fills (finance_account.category_id, finance_trial_balance_setting.month);
2. backfills in short batches: finance_account.normalized_name (with the app's normalize_name),
   user_id on child tables from their parent, finance_journal_entry.entry_date from posted_at;
3. tightens NOT NULL and adds foreign keys (PostgreSQL: NOT VALID + VALIDATE; SQLite: one
   table rebuild each);
4. creates missing indexes (PostgreSQL: CONCURRENTLY), rebuilding the typeahead index with
   varchar_pattern_ops where it lacks it; a unique index whose rows have duplicates is skipped
   with a warning naming them;
5. ensures the roles user, readonly and admin exist.

On PostgreSQL only step 1 runs in the migration's transaction (metadata-only changes); the
rest runs statement by statement in autocommit, so no lock is held for long on big tables.
A second run finds nothing to do.

Revision ID: 20251218_backend_updates_validation
Revises: 20251216_drop_legacy_habits_relationships
Create Date: 2025-12-18
"""

from __future__ import annotations

import time

import sqlalchemy as sa
from alembic import op

from lifeos.domains.finance.naming import normalize_name
from lifeos.migrations.helpers import ensure, timing
from lifeos.migrations.helpers import live_schema as live
from lifeos.migrations.helpers.batched import backfill_normalized_names, update_in_batches
from lifeos.migrations.snapshots.schema_20251218 import metadata as target

revision = "20251218_backend_updates_validation"
down_revision = "20251216_drop_legacy_habits_relationships"
branch_labels = None
depends_on = None

ROLES = ("user", "readonly", "admin")

# Child tables get user_id from their parent: table -> (foreign-key column, parent table).
# Order matters: project_task_log reads project_task.user_id, filled just before it.
USER_ID_FROM_PARENT = {
    "finance_journal_line": ("entry_id", "finance_journal_entry"),
    "finance_money_schedule_scenario_row": ("scenario_id", "finance_money_schedule_scenario"),
    "finance_receivable_manual_entry": ("tracker_id", "finance_receivable_tracker"),
    "finance_loan_group_link": ("group_id", "finance_loan_group"),
    "skill_practice_session": ("skill_id", "skill"),
    "skill_metric": ("skill_id", "skill"),
    "project_task": ("project_id", "project"),
    "project_task_log": ("task_id", "project_task"),
}

# Other NOT NULL columns with a better source than their default: (table, column) -> SQL per dialect.
COLUMN_SOURCES = {
    ("finance_journal_entry", "entry_date"): {
        "postgresql": "CAST(posted_at AS DATE)",
        "sqlite": "date(posted_at)",
    },
    ("finance_journal_entry", "created_at"): {"postgresql": "posted_at", "sqlite": "posted_at"},
    ("finance_transaction", "created_at"): {"postgresql": "occurred_at", "sqlite": "occurred_at"},
}

# What this revision adds on top of the 20251216 schema; downgrade() removes exactly these.
ADDED_INDEXES = (
    "ix_finance_account_user_usage",
    "ix_finance_journal_entry_user_entry_date",
    "ix_finance_journal_line_user_account",
    "ix_finance_loan_group_link_user_group",
    "ix_finance_money_schedule_scenario_row_user_scenario",
    "ix_finance_receivable_manual_entry_user_entry_date",
    "ix_finance_receivable_tracker_user_counterparty",
    "ix_finance_receivable_tracker_user_due_date",
    "ix_finance_transaction_user_external_id",
    "ix_habits_habit_user_active",
    "ix_platform_outbox_status_available_at",
    "ix_project_task_user_status_due_date",
    "ix_relationships_person_user_birthday",
    "ix_skill_metric_user_skill",
    "ux_finance_account_user_active_name",
    "ux_finance_journal_entry_reversal_of_id",
    "ux_finance_journal_entry_user_idempotency_key",
    "ux_habits_habit_log_habit_date",
    "ux_health_biometric_user_date",
    "ux_skill_metric_skill_name",
)
TABLES_AT_20251216 = frozenset(
    {
        "user", "role", "user_role", "permission", "role_permission", "session_token",
        "jwt_blocklist", "user_preference", "platform_outbox",
        "finance_account_category", "finance_account", "finance_journal_entry",
        "finance_journal_line", "finance_transaction", "finance_trial_balance_setting",
        "finance_money_schedule_row", "finance_money_schedule_daily_balance",
        "finance_money_schedule_scenario", "finance_money_schedule_scenario_row",
        "finance_receivable_tracker", "finance_receivable_manual_entry", "finance_loan_group",
        "finance_loan_group_link", "journal_entry", "habits_habit", "habits_habit_log",
        "health_biometric", "health_workout", "health_nutrition_log", "skill",
        "skill_practice_session", "skill_metric", "project", "project_task", "project_task_log",
        "relationships_person", "relationships_interaction",
    }
)  # fmt: skip


def _say(message: str) -> None:
    print(f"20251218: {message}")


def _warn(message: str) -> None:
    print(f"20251218: WARNING {message}")


def upgrade() -> None:
    timing.reset()
    changes: list[str] = []

    def say(message: str) -> None:
        changes.append(message)
        _say(message)

    started = time.perf_counter()
    _ensure_tables_and_columns(say)
    transaction_start = started
    with ensure.outside_transaction():
        bind = op.get_bind()
        if live.is_postgresql(bind):
            # The DDL above held its locks until the commit at the start of this block.
            timing.TIMINGS.entries.append(("DDL transaction (tables, columns)", time.perf_counter() - transaction_start))
        _backfill(bind, say)
        for table in target.sorted_tables:
            if live.is_postgresql(bind):
                ensure.constrain_postgresql(bind, table, say, _warn)
            else:
                ensure.constrain_sqlite(bind, table, say, _warn)
        bind = op.get_bind()
        if live.is_postgresql(bind):
            ensure.drop_invalid_indexes(bind, {i.name for t in target.sorted_tables for i in t.indexes}, say)
        for table in target.sorted_tables:
            ensure.ensure_indexes(bind, table, say, _warn)
        _ensure_roles(bind, say)

    label, longest = timing.TIMINGS.longest()
    total = time.perf_counter() - started
    if changes:
        _say(f"done in {total:.2f}s; longest statement {longest:.2f}s ({label})")
    else:
        _say("schema already complete; nothing to do")


def _ensure_tables_and_columns(say: ensure.Say) -> None:
    bind = op.get_bind()
    for table in target.sorted_tables:
        if ensure.create_missing_table(bind, table, say):
            continue
        backfilled = {c for (t, c) in COLUMN_SOURCES if t == table.name}
        if table.name in USER_ID_FROM_PARENT:
            backfilled.add("user_id")
        ensure.add_missing_columns(bind, table, backfilled, say)
        if live.is_postgresql(bind):
            ensure.relax_postgresql(bind, table, say)


def _backfill(bind: sa.engine.Connection, say: ensure.Say) -> None:
    dialect = bind.dialect.name
    filled = backfill_normalized_names(bind, normalize_name)
    if filled:
        say(f"backfilled normalized_name on {filled} accounts")
    for child, (fk, parent) in USER_ID_FROM_PARENT.items():
        qc, qp = live.quote(bind, child), live.quote(bind, parent)
        n = update_in_batches(
            bind,
            child,
            f"user_id = (SELECT p.user_id FROM {qp} AS p WHERE p.id = {qc}.{fk})",
            "user_id IS NULL",
            f"backfill {child}.user_id",
        )
        if n:
            say(f"backfilled user_id on {n} {child} rows")
    for (table, column), sources in COLUMN_SOURCES.items():
        n = update_in_batches(bind, table, f"{column} = {sources[dialect]}", f"{column} IS NULL", f"backfill {table}.{column}")
        if n:
            say(f"backfilled {table}.{column} on {n} rows")
    # Remaining NOT NULL columns that were added NULL-able (SQLite: non-constant defaults).
    for table in target.sorted_tables:
        for column in ensure.columns_to_tighten(bind, table):
            default = ensure.default_sql(bind, column)
            if default is None or (table.name, column.name) in COLUMN_SOURCES:
                continue
            n = update_in_batches(
                bind, table.name, f"{live.quote(bind, column.name)} = {default}",
                f"{live.quote(bind, column.name)} IS NULL", f"backfill {table.name}.{column.name}",
            )
            if n:
                say(f"filled {table.name}.{column.name} on {n} rows with its default")


def _ensure_roles(bind: sa.engine.Connection, say: ensure.Say) -> None:
    present = set(bind.execute(sa.text("SELECT name FROM role")).scalars())
    for name in ROLES:
        if name not in present:
            bind.execute(sa.text("INSERT INTO role (name, description) VALUES (:name, '')"), {"name": name})
            say(f"added role {name}")


def downgrade() -> None:
    """Back to 20251216 without losing data.

    Drops the indexes this revision adds and any table it created that is still empty. Added
    columns stay: dropping them would destroy data written since the upgrade (usage counts,
    entry dates, skip days, cadences…), the 20251216 code ignores them, and upgrading again
    finds them in place. Relaxed NOT NULLs stay relaxed (rows may now hold NULLs there).
    """
    bind = op.get_bind()
    tables = live.table_names(bind)
    owners = {i.name: t.name for t in target.sorted_tables for i in t.indexes}
    for name in ADDED_INDEXES:
        table = owners[name]
        if table in tables and name in live.index_names(bind, table):
            op.drop_index(name, table_name=table)
    for table in reversed(target.sorted_tables):
        if table.name in TABLES_AT_20251216 or table.name not in tables:
            continue
        rows = bind.execute(sa.text(f"SELECT COUNT(*) FROM {live.quote(bind, table.name)}")).scalar_one()
        if rows:
            print(f"20251218 downgrade: keeping {table.name} ({rows} rows)")
        else:
            op.drop_table(table.name)
