"""Backfills in short batches: on PostgreSQL each batch is its own statement and commit.

Callers run these inside `outside_transaction()` on PostgreSQL, so no batch holds row locks
longer than one short UPDATE; on SQLite the migration's single transaction is used.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from lifeos.migrations.helpers.live_schema import is_postgresql, quote
from lifeos.migrations.helpers.timing import timed

BATCH_ROWS = 10_000


def id_range(bind: Connection, table: str) -> tuple[int, int] | None:
    lo, hi = bind.execute(sa.text(f"SELECT MIN(id), MAX(id) FROM {quote(bind, table)}")).one()
    return None if lo is None else (int(lo), int(hi))


def update_in_batches(bind: Connection, table: str, set_sql: str, where_sql: str, label: str) -> int:
    """UPDATE `table` SET <set_sql> WHERE <where_sql>, one id range of BATCH_ROWS at a time."""
    bounds = id_range(bind, table)
    if bounds is None:
        return 0
    qt = quote(bind, table)
    stmt = sa.text(f"UPDATE {qt} SET {set_sql} WHERE {qt}.id >= :lo AND {qt}.id < :hi AND ({where_sql})")
    changed = 0
    for lo in range(bounds[0], bounds[1] + 1, BATCH_ROWS):
        with timed(f"{label} ids {lo}..{lo + BATCH_ROWS - 1}"):
            changed += bind.execute(stmt, {"lo": lo, "hi": lo + BATCH_ROWS}).rowcount or 0
    return changed


NEEDS_NAME = "normalized_name IS NULL OR normalized_name = ''"

# Printable ASCII (space to tilde). For such a name, normalize_name's NFKC is the identity,
# casefold is ASCII lower-casing, and the only whitespace is the space, so trim + collapse is
# btrim + regexp_replace. COLLATE "C" keeps both the range and lower() byte-wise under any
# database collation (a Turkish locale would lower 'I' to 'ı'). Proven against normalize_name
# over printable ASCII by tests/migrations/test_normalize_sql.py.
PRINTABLE_ASCII = "(name COLLATE \"C\") ~ '^[ -~]*$'"
SQL_NORMALIZE = "lower(regexp_replace(btrim(name), ' {2,}', ' ', 'g') COLLATE \"C\")"

# The SQL pass sizes its id ranges so each UPDATE (its own transaction) takes about this long.
SQL_BATCH_SECONDS = 1.0
SQL_BATCH_FIRST, SQL_BATCH_MIN, SQL_BATCH_MAX = 50_000, 5_000, 250_000


def count_needing_names(bind: Connection) -> int:
    return int(bind.execute(sa.text(f"SELECT COUNT(*) FROM finance_account WHERE {NEEDS_NAME}")).scalar_one())


def normalize_ascii_names_in_sql(bind: Connection) -> int:
    """PostgreSQL: fill normalized_name in SQL for printable-ASCII names, one id range per statement.

    Each UPDATE is its own short transaction (the caller runs in autocommit); the range grows or
    shrinks so a statement takes about SQL_BATCH_SECONDS, keeping row locks brief however loaded
    the server is.
    """
    bounds = id_range(bind, "finance_account")
    if bounds is None:
        return 0
    stmt = sa.text(
        f"UPDATE finance_account SET normalized_name = {SQL_NORMALIZE} "
        f"WHERE id >= :lo AND id < :hi AND ({NEEDS_NAME}) AND {PRINTABLE_ASCII}"
    )
    lo, last = bounds
    size, changed = SQL_BATCH_FIRST, 0
    while lo <= last:
        start = time.perf_counter()
        with timed(f"normalized_name SQL update ids {lo}..{lo + size - 1}"):
            changed += bind.execute(stmt, {"lo": lo, "hi": lo + size}).rowcount or 0
        elapsed = max(time.perf_counter() - start, 1e-3)
        lo += size
        # At most double, at least halve, each step: one slow statement (a checkpoint) must not
        # collapse the batch size, nor one fast empty range blow it up.
        wanted = size * SQL_BATCH_SECONDS / elapsed
        size = int(min(max(wanted, size / 2, SQL_BATCH_MIN), size * 2, SQL_BATCH_MAX))
    return changed


def backfill_normalized_names(
    bind: Connection, normalize: Callable[[str], str], *, skip_printable_ascii: bool = False
) -> int:
    """Fill finance_account.normalized_name where empty, with the given (frozen) normalize function.

    `skip_printable_ascii` (PostgreSQL, after normalize_ascii_names_in_sql): only the names the
    SQL pass leaves to Python.
    """
    only = f" AND NOT {PRINTABLE_ASCII}" if skip_printable_ascii else ""
    select = sa.text(
        f"SELECT id, name FROM finance_account WHERE id > :after AND ({NEEDS_NAME}){only} "
        "ORDER BY id LIMIT :n"
    )
    if is_postgresql(bind):
        # One round trip per batch: the new values travel as two arrays.
        update = sa.text(
            "UPDATE finance_account AS a SET normalized_name = v.n "
            "FROM (SELECT unnest(CAST(:ids AS integer[])) AS id, unnest(CAST(:names AS text[])) AS n) AS v "
            "WHERE a.id = v.id"
        )
    else:
        update = sa.text("UPDATE finance_account SET normalized_name = :n WHERE id = :id")
    after, done = 0, 0
    while True:
        with timed(f"normalized_name select after id {after}", blocks_writes=False):
            rows = bind.execute(select, {"after": after, "n": BATCH_ROWS}).all()
        if not rows:
            return done
        values = [(row.id, normalize(row.name)) for row in rows]
        with timed(f"normalized_name update {len(rows)} rows after id {after}"):
            if is_postgresql(bind):
                bind.execute(update, {"ids": [v[0] for v in values], "names": [v[1] for v in values]})
            else:
                bind.execute(update, [{"id": i, "n": n} for i, n in values])
        done += len(rows)
        after = rows[-1].id
