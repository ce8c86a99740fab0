"""Backend updates validation: ensure every table, column and index of the LifeOS schema.

Additive and idempotent. It inspects the live schema and, against the frozen target in
`lifeos.migrations.snapshots.schema_20251218` (never the app models, which keep moving):

1. creates missing tables, adds missing columns, relaxes legacy NOT NULL columns the app no
   longer fills (finance_account.category_id, finance_trial_balance_setting.month);
2. backfills in short batches: finance_account.normalized_name (normalize_name as frozen in
   snapshots/naming_20251218.py; on PostgreSQL printable-ASCII names are normalised by the
   equivalent SQL expression in large id ranges, the rest in Python; with many rows to fill,
   finance_account's non-unique indexes are dropped first and rebuilt CONCURRENTLY in step 4),
   user_id on child tables from their parent, finance_journal_entry.entry_date from posted_at,
   finance_journal_line.entry_date from its entry; fills finance_account_daily_total and
   finance_account_monthly_total from the journal lines when they are empty;
3. tightens NOT NULL and adds foreign keys (PostgreSQL: NOT VALID + VALIDATE; SQLite: one
   table rebuild each);
4. creates missing indexes (PostgreSQL: CONCURRENTLY), rebuilding the typeahead index with
   varchar_pattern_ops where it lacks it; on PostgreSQL creates the pg_trgm extension for the
   typeahead's trigram index (when it is not available or not permitted, a warning is printed
   and that index is skipped); a unique index whose rows have duplicates is skipped
   with a warning naming them;
5. ensures the roles user, readonly and admin exist.

It also holds what the unreleased revisions 20251220_finance_ledger (line entry_date, the ledger
index, finance_account_daily_total) and 20251221_outbox_undelivered_index (a partial index) once
added; databases stamped with those ids are rewritten to this one by env.py
(lifeos/migrations/retired_revisions.py).

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

from lifeos.migrations.helpers import ensure, timing
from lifeos.migrations.helpers import live_schema as live
from lifeos.migrations.helpers.batched import (
    backfill_normalized_names,
    count_needing_names,
    normalize_ascii_names_in_sql,
    update_in_batches,
)
from lifeos.migrations.snapshots.naming_20251218 import normalize_name
from lifeos.migrations.snapshots.not_null_20251216 import NOT_NULL_AT_20251216
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
    # After the entry's own entry_date above (dict order is the backfill order).
    ("finance_journal_line", "entry_date"): dict.fromkeys(
        ("postgresql", "sqlite"),
        "(SELECT e.entry_date FROM finance_journal_entry AS e WHERE e.id = finance_journal_line.entry_id)",
    ),
}

# PostgreSQL: with at least this many accounts to backfill (and a quarter of the table), the
# non-unique indexes of finance_account are dropped first — every backfilled row is a non-HOT
# update that writes a new entry into each of them, most of the backfill's cost — and step 4
# rebuilds them CONCURRENTLY (the typeahead index directly with varchar_pattern_ops). They are
# all this revision's own target indexes; meanwhile queries still work, by slower plans. Unique
# indexes (ux_finance_account_user_active_name) and the primary key are never dropped.
REBUILD_INDEXES_FROM = 50_000
BACKFILL_DROPS_INDEXES = tuple(
    sorted(str(i.name) for i in target.tables["finance_account"].indexes if not i.unique)
)
# Session setting for the index builds (sorts in memory at a million rows); never lowered.
INDEX_BUILD_MEMORY_KB = 256 * 1024

# Derived from finance_journal_line; downgrade() drops them (no user data is lost).
DAILY_TOTALS = "finance_account_daily_total"
MONTHLY_TOTALS = "finance_account_monthly_total"
DERIVED_TABLES = frozenset({DAILY_TOTALS, MONTHLY_TOTALS})
# First day of the entry's month, per dialect.
MONTH_OF_ENTRY = {
    "postgresql": "CAST(date_trunc('month', entry_date) AS DATE)",
    "sqlite": "date(entry_date, 'start of month')",
}
DERIVED_COLUMNS = (("finance_journal_line", "entry_date"),)

# What this revision adds on top of the 20251216 schema; downgrade() removes exactly these.
ADDED_INDEXES = (
    "ix_finance_account_normalized_name_trgm",
    "ix_finance_account_user_usage",
    "ix_finance_journal_entry_user_entry_date",
    "ix_finance_journal_line_user_account",
    "ix_finance_journal_line_user_account_date",
    "ix_finance_loan_group_link_user_group",
    "ix_finance_money_schedule_scenario_row_user_scenario",
    "ix_finance_receivable_manual_entry_user_entry_date",
    "ix_finance_receivable_tracker_user_counterparty",
    "ix_finance_receivable_tracker_user_due_date",
    "ix_finance_transaction_user_external_id",
    "ix_habits_habit_user_active",
    "ix_platform_outbox_status_available_at",
    "ix_platform_outbox_undelivered_id",
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


def _is_fresh(bind: sa.Connection) -> bool:
    """A first run on a database nobody uses yet: legacy-shaped tables, no users, no accounts."""
    existing = live.table_names(bind)
    if "finance_account" in existing and "use_count" in live.columns(bind, "finance_account"):
        return False  # 20251218 ran here before: this run repairs, and says what it changed
    for table in ("user", "finance_account"):
        if (
            table in existing
            and bind.execute(sa.text(f"SELECT 1 FROM {live.quote(bind, table)} LIMIT 1")).first()
        ):
            return False
    return True


def _warn(message: str) -> None:
    print(f"20251218: WARNING {message}")


def upgrade() -> None:
    timing.reset()
    changes: list[str] = []

    # A database being built from scratch gets one summary line; one with data or one that
    # 20251218 already ran on (an adoption or a repair) gets every change it receives.
    quiet = _is_fresh(op.get_bind())

    def say(message: str) -> None:
        changes.append(message)
        if not quiet:
            _say(message)

    started = time.perf_counter()
    _ensure_tables_and_columns(say)
    transaction_start = started
    with ensure.outside_transaction():
        bind = op.get_bind()
        if live.is_postgresql(bind):
            # The DDL above held its locks until the commit at the start of this block.
            timing.TIMINGS.add("DDL transaction (tables, columns)", time.perf_counter() - transaction_start)
        _backfill(bind, say)
        for table in target.sorted_tables:
            if live.is_postgresql(bind):
                ensure.constrain_postgresql(bind, table, say, _warn)
            else:
                ensure.constrain_sqlite(bind, table, say, _warn)
        bind = op.get_bind()
        if live.is_postgresql(bind):
            wanted: set[str] = {i.name for t in target.sorted_tables for i in t.indexes if i.name is not None}
            ensure.drop_invalid_indexes(bind, wanted, say)
        if live.is_postgresql(bind):
            ensure.ensure_pg_extension(bind, "pg_trgm", say, _warn)
        raised = live.is_postgresql(bind) and _raise_index_build_memory(bind)
        for table in target.sorted_tables:
            ensure.ensure_indexes(bind, table, say, _warn)
        if raised:
            bind.exec_driver_sql("RESET maintenance_work_mem")
        _ensure_roles(bind, say)

    label, longest = timing.TIMINGS.longest()
    blocking_label, blocking = timing.TIMINGS.longest(blocking_only=True)
    total = time.perf_counter() - started
    if changes and quiet:
        _say(f"built the schema on an empty database ({len(changes)} steps) in {total:.2f}s")
    elif changes:
        _say(
            f"done in {total:.2f}s; longest statement {longest:.2f}s ({label}); "
            f"longest write-blocking {blocking:.2f}s ({blocking_label})"
        )
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
    filled = _backfill_normalized_names(bind, say)
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
    for (table_name, column_name), sources in COLUMN_SOURCES.items():
        n = update_in_batches(
            bind,
            table_name,
            f"{column_name} = {sources[dialect]}",
            f"{column_name} IS NULL",
            f"backfill {table_name}.{column_name}",
        )
        if n:
            say(f"backfilled {table_name}.{column_name} on {n} rows")
    # Remaining NOT NULL columns that were added NULL-able (SQLite: non-constant defaults).
    for table in target.sorted_tables:
        for column in ensure.columns_to_tighten(bind, table):
            default = ensure.default_sql(bind, column)
            if default is None or (table.name, column.name) in COLUMN_SOURCES:
                continue
            n = update_in_batches(
                bind,
                table.name,
                f"{live.quote(bind, column.name)} = {default}",
                f"{live.quote(bind, column.name)} IS NULL",
                f"backfill {table.name}.{column.name}",
            )
            if n:
                say(f"filled {table.name}.{column.name} on {n} rows with its default")
    _fill_totals(bind, DAILY_TOTALS, "entry_date", "entry_date", say)
    _fill_totals(bind, MONTHLY_TOTALS, "month", MONTH_OF_ENTRY[dialect], say)


def _backfill_normalized_names(bind: sa.engine.Connection, say: ensure.Say) -> int:
    if not live.is_postgresql(bind):
        return backfill_normalized_names(bind, normalize_name)
    with timing.timed("count accounts needing normalized_name", blocks_writes=False):
        pending = count_needing_names(bind)
    if not pending:
        return 0
    with timing.timed("count accounts", blocks_writes=False):
        total = bind.execute(sa.text("SELECT COUNT(*) FROM finance_account")).scalar_one()
    if pending >= REBUILD_INDEXES_FROM and pending * 4 >= total:
        present = live.index_names(bind, "finance_account")
        for name in BACKFILL_DROPS_INDEXES:
            if name in present:
                with timing.timed(f"drop index {name}", blocks_writes=False):
                    bind.exec_driver_sql(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
                say(f"dropped index {name} for the backfill of {pending} accounts (rebuilt below)")
    return normalize_ascii_names_in_sql(bind) + backfill_normalized_names(
        bind, normalize_name, skip_printable_ascii=True
    )


def _raise_index_build_memory(bind: sa.engine.Connection) -> bool:
    current = bind.execute(
        sa.text("SELECT setting::bigint FROM pg_settings WHERE name = 'maintenance_work_mem'")
    ).scalar_one()
    if current >= INDEX_BUILD_MEMORY_KB:
        return False
    bind.exec_driver_sql(f"SET maintenance_work_mem = '{INDEX_BUILD_MEMORY_KB}kB'")
    return True


def _fill_totals(bind: sa.engine.Connection, table: str, column: str, source: str, say: ensure.Say) -> None:
    """Fill a derived totals table from the journal lines, only while it is empty.

    The tables are derived data: the posting transaction keeps them up to date from then on. An
    empty table next to existing lines means it was just created (or a run was interrupted
    before this step), so recomputing cannot double-count.
    """
    if bind.execute(sa.text(f"SELECT 1 FROM {table} LIMIT 1")).first() is not None:
        return
    if bind.execute(sa.text("SELECT 1 FROM finance_journal_line LIMIT 1")).first() is None:
        return
    # Reads the lines (no lock that blocks their writers) and writes a table nothing else uses yet.
    with timing.timed(f"fill {table} from finance_journal_line", blocks_writes=False):
        bind.execute(
            sa.text(
                f"INSERT INTO {table} (user_id, account_id, {column}, debit, credit, line_count) "
                f"SELECT user_id, account_id, {source}, SUM(debit), SUM(credit), COUNT(*) "
                "FROM finance_journal_line WHERE user_id IS NOT NULL AND entry_date IS NOT NULL "
                f"GROUP BY user_id, account_id, {source}"
            )
        )
    rows = bind.execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
    say(f"filled {table} with {rows} rows from the journal lines")


def _ensure_roles(bind: sa.engine.Connection, say: ensure.Say) -> None:
    present = set(bind.execute(sa.text("SELECT name FROM role")).scalars())
    for name in ROLES:
        if name not in present:
            bind.execute(sa.text("INSERT INTO role (name, description) VALUES (:name, '')"), {"name": name})
            say(f"added role {name}")


def downgrade() -> None:
    """Back to 20251216 without losing data.

    Drops the indexes this revision adds, the derived finance_account_daily_total and
    finance_account_monthly_total (recomputed from the lines by the next upgrade), the derived
    finance_journal_line.entry_date (a copy of its entry's date), and any other table it created
    that is still empty. The other added columns stay: dropping them would destroy data written
    since the upgrade (usage counts, entry dates, skip days, cadences…), the 20251216 code
    ignores them, and upgrading again finds them in place. Relaxed NOT NULLs stay relaxed (rows
    may now hold NULLs there). The pg_trgm extension stays installed (other objects may use it).

    Every NOT NULL column without a server default that the 20251216 schema did not have NOT
    NULL (user_id on child tables, finance_journal_entry.entry_date, …) is relaxed: the earlier
    code does not know these columns, and its inserts must not fail on them. The next upgrade
    backfills and tightens them again.
    """
    bind = op.get_bind()
    tables = live.table_names(bind)
    owners: dict[str, str] = {
        i.name: t.name for t in target.sorted_tables for i in t.indexes if i.name is not None
    }
    for name in ADDED_INDEXES:
        owner = owners[name]
        if owner in tables and name in live.index_names(bind, owner):
            op.drop_index(name, table_name=owner)
    for table_name, column in DERIVED_COLUMNS:
        if table_name in tables and column in live.columns(bind, table_name):
            with op.batch_alter_table(table_name) as batch:
                batch.drop_column(column)
    for table in reversed(target.sorted_tables):
        if table.name in TABLES_AT_20251216 or table.name not in tables:
            continue
        if table.name in DERIVED_TABLES:
            op.drop_table(table.name)
            continue
        rows = bind.execute(sa.text(f"SELECT COUNT(*) FROM {live.quote(bind, table.name)}")).scalar_one()
        if rows:
            print(f"20251218 downgrade: keeping {table.name} ({rows} rows)")
        else:
            op.drop_table(table.name)
    _relax_for_earlier_code(bind)


def _relax_for_earlier_code(bind: sa.engine.Connection) -> None:
    tables = live.table_names(bind)
    for table_name, not_null in sorted(NOT_NULL_AT_20251216.items()):
        if table_name not in tables:
            continue
        pk = set(sa.inspect(bind).get_pk_constraint(table_name)["constrained_columns"])
        relax = [
            c
            for c in sa.inspect(bind).get_columns(table_name)
            if not c["nullable"]
            and c["name"] not in pk
            and c["name"] not in not_null
            and c.get("default") is None
        ]
        if not relax:
            continue
        with op.batch_alter_table(table_name) as batch:
            for column in relax:
                batch.alter_column(column["name"], existing_type=column["type"], nullable=True)
        names = ", ".join(c["name"] for c in relax)
        print(f"20251218 downgrade: relaxed {table_name}: {names} (the 20251216 code does not fill them)")
