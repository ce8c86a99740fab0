"""Bring one live table up to a frozen target Table, creating only what is missing.

Every function inspects the live schema first, so running them again changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any, cast

import sqlalchemy as sa
from alembic import op
from sqlalchemy.engine import Connection
from sqlalchemy.schema import CreateIndex
from sqlalchemy.sql.elements import False_, TextClause, True_

from lifeos.migrations.helpers import live_schema as live
from lifeos.migrations.helpers.timing import timed

Say = Callable[[str], None]


def outside_transaction() -> AbstractContextManager[object]:
    """PostgreSQL: commit what came before and run each statement in its own short transaction."""
    if live.is_postgresql(op.get_bind()):
        return op.get_context().autocommit_block()
    return nullcontext()  # SQLite locks the whole file anyway; keep one transaction


def default_sql(bind: Connection, column: sa.Column[Any]) -> str | None:
    """The column's server default as SQL for this dialect."""
    server_default = column.server_default
    if server_default is None:
        return None
    if not isinstance(server_default, sa.DefaultClause):  # e.g. Computed, Identity
        raise TypeError(f"{column}: server default {server_default!r} is not SQL")
    arg = server_default.arg
    if isinstance(arg, (True_, False_)):
        return str(arg.compile(dialect=bind.dialect))
    if isinstance(arg, TextClause):
        return arg.text
    return "'" + str(arg).replace("'", "''") + "'"


def _is_constant(sql: str | None) -> bool:
    return sql is not None and "CURRENT_" not in sql.upper()


def create_missing_table(bind: Connection, table: sa.Table, say: Say) -> bool:
    if table.name in live.table_names(bind):
        return False
    with timed(f"create table {table.name}"):
        table.create(bind)  # empty, so its indexes are created with it
    say(f"created table {table.name}")
    return True


def add_missing_columns(bind: Connection, table: sa.Table, backfilled: set[str], say: Say) -> list[str]:
    """Add target columns the live table lacks.

    NOT NULL columns go straight in with their default when the database can fill existing rows
    from it (any default on PostgreSQL, constants on SQLite) and no better source is named in
    `backfilled`; otherwise they are added nullable, to be backfilled and tightened later.
    """
    present = live.columns(bind, table.name)
    added = []
    for column in table.columns:
        if column.name in present:
            continue
        default = default_sql(bind, column)
        direct = (
            not column.nullable
            and column.name not in backfilled
            and (live.is_postgresql(bind) or _is_constant(default))
        )
        keep_default = default is not None and (live.is_postgresql(bind) or _is_constant(default))
        new = sa.Column(
            column.name,
            column.type,
            nullable=not direct,
            server_default=sa.text(default) if keep_default and default else None,
        )
        with timed(f"add column {table.name}.{column.name}"):
            op.add_column(table.name, new)
        added.append(column.name)
    if added:
        say(f"added columns {table.name}: {', '.join(added)}")
    return added


def columns_to_relax(bind: Connection, table: sa.Table) -> list[sa.Column[Any]]:
    """Legacy NOT NULL columns the target leaves nullable (the app no longer fills them)."""
    present = live.columns(bind, table.name)
    return [c for c in table.columns if c.nullable and c.name in present and not present[c.name]["nullable"]]


def columns_to_tighten(bind: Connection, table: sa.Table) -> list[sa.Column[Any]]:
    present = live.columns(bind, table.name)
    return [
        c
        for c in table.columns
        if not c.nullable and not c.primary_key and c.name in present and present[c.name]["nullable"]
    ]


def missing_foreign_keys(bind: Connection, table: sa.Table) -> list[tuple[sa.Column[Any], sa.ForeignKey]]:
    missing = []
    for column in table.columns:
        for fk in column.foreign_keys:
            if not live.has_foreign_key(bind, table.name, column.name, fk.column.table.name):
                missing.append((column, fk))
    return missing


def fk_name(table: str, column: str, referred: str) -> str:
    return f"fk_{table}_{column}_{referred}"


def relax_postgresql(bind: Connection, table: sa.Table, say: Say) -> None:
    for column in columns_to_relax(bind, table):
        with timed(f"drop not null {table.name}.{column.name}"):
            op.alter_column(table.name, column.name, existing_type=column.type, nullable=True)
        say(f"relaxed {table.name}.{column.name} to NULL-able")


def count_nulls(bind: Connection, table: str, column: str) -> int:
    qt, qc = live.quote(bind, table), live.quote(bind, column)
    count: int = bind.execute(sa.text(f"SELECT COUNT(*) FROM {qt} WHERE {qc} IS NULL")).scalar_one()
    return count


def constrain_postgresql(bind: Connection, table: sa.Table, say: Say, warn: Say) -> None:
    """NOT NULL and foreign keys without long locks: NOT VALID first, then validate (autocommit)."""
    qt = live.quote(bind, table.name)
    for column in columns_to_tighten(bind, table):
        nulls = count_nulls(bind, table.name, column.name)
        if nulls:
            warn(f"{table.name}.{column.name}: {nulls} rows still NULL; left NULL-able")
            continue
        qc = live.quote(bind, column.name)
        check = f"ck_{table.name}_{column.name}_not_null"
        # A validated CHECK lets SET NOT NULL skip its full-table scan under an exclusive lock.
        steps = [
            f"ALTER TABLE {qt} ADD CONSTRAINT {check} CHECK ({qc} IS NOT NULL) NOT VALID",
            f"ALTER TABLE {qt} VALIDATE CONSTRAINT {check}",
            f"ALTER TABLE {qt} ALTER COLUMN {qc} SET NOT NULL",
            f"ALTER TABLE {qt} DROP CONSTRAINT {check}",
        ]
        for sql in steps:
            with timed(sql, blocks_writes="VALIDATE" not in sql):
                bind.exec_driver_sql(sql)
        say(f"set NOT NULL on {table.name}.{column.name}")
    rename_unique_constraints_postgresql(bind, table, say)
    for column, fk in missing_foreign_keys(bind, table):
        referred = fk.column.table.name
        name = fk_name(table.name, column.name, referred)
        on_delete = f" ON DELETE {fk.ondelete}" if fk.ondelete else ""
        steps = [
            f"ALTER TABLE {qt} ADD CONSTRAINT {name} FOREIGN KEY ({live.quote(bind, column.name)}) "
            f"REFERENCES {live.quote(bind, referred)} ({live.quote(bind, fk.column.name)})"
            f"{on_delete} NOT VALID",
            f"ALTER TABLE {qt} VALIDATE CONSTRAINT {name}",
        ]
        for sql in steps:
            with timed(sql, blocks_writes="VALIDATE" not in sql):
                bind.exec_driver_sql(sql)
        say(f"added foreign key {name}")


def constrain_sqlite(bind: Connection, table: sa.Table, say: Say, warn: Say) -> None:
    """SQLite cannot ALTER constraints: one batch rebuild per table applies them all."""
    relax = columns_to_relax(bind, table)
    tighten = []
    for column in columns_to_tighten(bind, table):
        nulls = count_nulls(bind, table.name, column.name)
        if nulls:
            warn(f"{table.name}.{column.name}: {nulls} rows still NULL; left NULL-able")
        else:
            tighten.append(column)
    fks = missing_foreign_keys(bind, table)
    present = live.columns(bind, table.name)
    # Non-constant defaults could not be given to ADD COLUMN; the rebuild restores them.
    defaults = [
        c
        for c in table.columns
        if c.server_default is not None
        and c.name in present
        and present[c.name]["default"] is None
        and not c.primary_key
    ]
    unnamed = misnamed_unique_constraints(bind, table)
    if not (relax or tighten or fks or unnamed):
        return
    # The naming convention names reflected unnamed constraints in the rebuilt table. The
    # snapshot's convention is str -> str templates (SQLAlchemy types it loosely).
    naming = cast(dict[str, str], dict(table.metadata.naming_convention))
    batch_ctx = op.batch_alter_table(table.name, recreate="always", naming_convention=naming)
    with timed(f"rebuild table {table.name}"), batch_ctx as batch:
        for column in relax:
            batch.alter_column(column.name, existing_type=column.type, nullable=True)
        for column in tighten:
            batch.alter_column(column.name, existing_type=column.type, nullable=False)
        for column in defaults:
            batch.alter_column(
                column.name,
                existing_type=column.type,
                server_default=sa.text(default_sql(bind, column) or ""),
            )
        for column, fk in fks:
            referred = fk.column.table.name
            batch.create_foreign_key(
                fk_name(table.name, column.name, referred),
                referred,
                [column.name],
                [fk.column.name],
                ondelete=fk.ondelete,
            )
    changes = [f"{c.name} NULL-able" for c in relax] + [f"{c.name} NOT NULL" for c in tighten]
    changes += [f"foreign key on {c.name}" for c, _ in fks]
    changes += [f"named unique constraint {wanted}" for _, wanted in unnamed]
    say(f"rebuilt {table.name}: {', '.join(changes)}")


def misnamed_unique_constraints(bind: Connection, table: sa.Table) -> list[tuple[str | None, str]]:
    """Live unique constraints on the target's columns under another name: (live name, target name).

    Legacy databases have unnamed ones (SQLite) or server-generated names (PostgreSQL's
    `role_name_key`); the target names them by the naming convention.
    """
    live_uniques = sa.inspect(bind).get_unique_constraints(table.name)
    found = []
    for constraint in table.constraints:
        if not isinstance(constraint, sa.UniqueConstraint) or not constraint.name:
            continue
        cols = [c.name for c in constraint.columns]
        for uc in live_uniques:
            if uc["column_names"] == cols and uc.get("name") != constraint.name:
                found.append((uc.get("name"), str(constraint.name)))
    return found


def rename_unique_constraints_postgresql(bind: Connection, table: sa.Table, say: Say) -> None:
    for current, wanted in misnamed_unique_constraints(bind, table):
        if current is None:
            continue
        qt, qc = live.quote(bind, table.name), live.quote(bind, current)
        sql = f"ALTER TABLE {qt} RENAME CONSTRAINT {qc} TO {wanted}"
        with timed(sql):
            bind.exec_driver_sql(sql)
        say(f"renamed unique constraint {table.name}.{current} to {wanted}")


def _index_name(index: sa.Index) -> str:
    """Target indexes are always named (explicitly or by the naming convention)."""
    if index.name is None:
        raise ValueError(f"unnamed index {index!r}")
    return index.name


def _index_table(index: sa.Index) -> sa.Table:
    if index.table is None:
        raise ValueError(f"index {index.name} is not attached to a table")
    return index.table


def _index_sql(bind: Connection, index: sa.Index, name: str | None = None) -> str:
    sql = str(CreateIndex(index).compile(dialect=bind.dialect))
    if name:
        sql = sql.replace(f" {live.quote(bind, _index_name(index))} ON ", f" {live.quote(bind, name)} ON ", 1)
    if live.is_postgresql(bind):
        # Build without blocking writes (we run in autocommit on PostgreSQL).
        sql = sql.replace("CREATE INDEX", "CREATE INDEX CONCURRENTLY", 1)
        sql = sql.replace("CREATE UNIQUE INDEX", "CREATE UNIQUE INDEX CONCURRENTLY", 1)
    return sql


def duplicates_for(bind: Connection, index: sa.Index, limit: int = 5) -> list[tuple[object, ...]]:
    """Rows that would violate a unique index (NULLs never collide; partial WHERE honoured)."""
    cols = [live.quote(bind, c.name) for c in index.columns]
    where = [f"{c} IS NOT NULL" for c in cols]
    partial = (
        index.dialect_options[bind.dialect.name].get("where")
        if bind.dialect.name in ("postgresql", "sqlite")
        else None
    )
    if partial is not None:
        where.append(str(partial))
    listed = ", ".join(cols)
    qt = live.quote(bind, _index_table(index).name)
    sql = (
        f"SELECT {listed}, COUNT(*) FROM {qt} WHERE {' AND '.join(where)} "
        f"GROUP BY {listed} HAVING COUNT(*) > 1 ORDER BY {listed} LIMIT {limit}"
    )
    return [tuple(r) for r in bind.execute(sa.text(sql))]


def index_dialect(index: sa.Index) -> str | None:
    """The only dialect an index is created on (`Index(...).ddl_if(dialect=...)`), or None."""
    condition = getattr(index, "_ddl_if", None)
    dialect = getattr(condition, "dialect", None)
    return dialect if isinstance(dialect, str) else None


def _needs_trgm(index: sa.Index) -> bool:
    ops = index.dialect_options["postgresql"].get("ops") or {}
    return any(str(op).startswith("gin_trgm") for op in ops.values())


def pg_has_extension(bind: Connection, name: str) -> bool:
    return (
        bind.execute(sa.text("SELECT 1 FROM pg_extension WHERE extname = :n"), {"n": name}).first()
        is not None
    )


def ensure_pg_extension(bind: Connection, name: str, say: Say, warn: Say) -> bool:
    """PostgreSQL (autocommit): CREATE EXTENSION IF NOT EXISTS; warn and go on when not possible."""
    if pg_has_extension(bind, name):
        return True
    try:
        with timed(f"create extension {name}"):
            bind.exec_driver_sql(f"CREATE EXTENSION IF NOT EXISTS {name}")
    except sa.exc.DBAPIError as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        warn(
            f"could not create extension {name} ({reason}); the indexes that need it are skipped "
            f"and the queries they serve run slower. Have a superuser run `CREATE EXTENSION {name}` "
            "in this database, then `flask db upgrade` again."
        )
        return False
    say(f"created extension {name}")
    return True


def ensure_indexes(bind: Connection, table: sa.Table, say: Say, warn: Say) -> None:
    existing = live.index_names(bind, table.name)
    for index in sorted(table.indexes, key=lambda i: str(i.name)):
        only = index_dialect(index)
        if only is not None and only != bind.dialect.name:
            continue
        if index.name not in existing and _needs_trgm(index) and not pg_has_extension(bind, "pg_trgm"):
            warn(f"skipped index {index.name}: the pg_trgm extension is not installed")
            continue
        if index.name in existing:
            if live.is_postgresql(bind):
                _fix_pg_opclasses(bind, index, say)
            continue
        if index.unique:
            dupes = duplicates_for(bind, index)
            if dupes:
                shown = "; ".join(", ".join(map(str, d[:-1])) + f" (×{d[-1]})" for d in dupes)
                warn(
                    f"skipped unique index {index.name}: duplicate "
                    f"{', '.join(c.name for c in index.columns)} in {table.name}: {shown}. "
                    "Resolve them and run `flask db upgrade` again."
                )
                continue
        sql = _index_sql(bind, index)
        # CONCURRENTLY on PostgreSQL: writers carry on while it builds.
        with timed(f"create index {index.name}", blocks_writes=not live.is_postgresql(bind)):
            bind.exec_driver_sql(sql)
        say(f"created index {index.name}")


def _fix_pg_opclasses(bind: Connection, index: sa.Index, say: Say) -> None:
    """Rebuild an index whose operator classes differ from the target (e.g. varchar_pattern_ops)."""
    wanted = index.dialect_options["postgresql"].get("ops") or {}
    if not wanted:
        return
    actual = live.pg_index_opclasses(bind, _index_name(index)) or []
    names = [c.name for c in index.columns]
    if all(wanted.get(n) in (None, actual[i] if i < len(actual) else None) for i, n in enumerate(names)):
        return
    temp = f"{index.name}__new"
    bind.exec_driver_sql(f"DROP INDEX CONCURRENTLY IF EXISTS {temp}")
    with timed(f"create index {temp}", blocks_writes=False):
        bind.exec_driver_sql(_index_sql(bind, index, name=temp))
    # Swap in one short transaction, so queries always have an index.
    with timed(f"swap index {index.name}"):
        bind.exec_driver_sql(
            f"DO $$ BEGIN DROP INDEX {index.name}; ALTER INDEX {temp} RENAME TO {index.name}; END $$"
        )
    say(f"rebuilt index {index.name} with {', '.join(sorted(set(wanted.values())))}")


def drop_invalid_indexes(bind: Connection, wanted: set[str], say: Say) -> None:
    """PostgreSQL: clear indexes an interrupted CREATE INDEX CONCURRENTLY left INVALID."""
    for name in live.pg_invalid_indexes(bind):
        if name in wanted or name.removesuffix("__new") in wanted:
            bind.exec_driver_sql(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
            say(f"dropped invalid index {name} (left by an interrupted run)")
