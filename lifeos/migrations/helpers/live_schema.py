"""Questions about the live database schema (fresh inspector each time: the schema changes under us)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.engine.interfaces import ReflectedColumn


def is_postgresql(bind: Connection) -> bool:
    return bind.dialect.name == "postgresql"


def quote(bind: Connection, name: str) -> str:
    return bind.dialect.identifier_preparer.quote(name)


def table_names(bind: Connection) -> set[str]:
    return set(sa.inspect(bind).get_table_names())


def columns(bind: Connection, table: str) -> dict[str, ReflectedColumn]:
    return {c["name"]: c for c in sa.inspect(bind).get_columns(table)}


def index_names(bind: Connection, table: str) -> set[str]:
    insp = sa.inspect(bind)
    names = {name for i in insp.get_indexes(table) if (name := i.get("name"))}
    names |= {name for u in insp.get_unique_constraints(table) if (name := u.get("name"))}
    return names


def all_index_names(bind: Connection) -> set[str]:
    names: set[str] = set()
    for table in table_names(bind):
        names |= index_names(bind, table)
    return names


def has_foreign_key(bind: Connection, table: str, column: str, referred_table: str) -> bool:
    return any(
        fk["constrained_columns"] == [column] and fk["referred_table"] == referred_table
        for fk in sa.inspect(bind).get_foreign_keys(table)
    )


def pg_index_opclasses(bind: Connection, index: str) -> list[str] | None:
    """Operator class per column of a PostgreSQL index, or None when it does not exist."""
    rows = (
        bind.execute(
            sa.text(
                "SELECT opc.opcname FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN LATERAL unnest(i.indclass) WITH ORDINALITY AS k(opc_oid, n) ON true "
                "JOIN pg_opclass opc ON opc.oid = k.opc_oid "
                "WHERE c.relname = :name AND c.relnamespace = 'public'::regnamespace ORDER BY k.n"
            ),
            {"name": index},
        )
        .scalars()
        .all()
    )
    return list(rows) or None


def pg_invalid_indexes(bind: Connection) -> list[str]:
    """Indexes left INVALID by an interrupted CREATE INDEX CONCURRENTLY."""
    return list(
        bind.execute(
            sa.text(
                "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE NOT i.indisvalid AND c.relnamespace = 'public'::regnamespace"
            )
        ).scalars()
    )


def pg_index_state(bind: Connection, name: str) -> bool | None:
    """True (valid), False (left INVALID by an interrupted concurrent build) or None (absent)."""
    row = bind.execute(
        sa.text(
            "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE c.relname = :name AND c.relnamespace = current_schema()::regnamespace"
        ),
        {"name": name},
    ).first()
    return None if row is None else bool(row[0])
