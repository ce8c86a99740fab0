"""Backfills in short keyset batches: on PostgreSQL each batch is its own statement and commit.

Callers run these inside `outside_transaction()` on PostgreSQL, so no batch holds row locks
longer than one short UPDATE; on SQLite the migration's single transaction is used.
"""

from __future__ import annotations

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


def backfill_normalized_names(bind: Connection, normalize: Callable[[str], str]) -> int:
    """Fill finance_account.normalized_name where empty, with the app's own normalize function."""
    select = sa.text(
        f"SELECT id, name FROM finance_account WHERE id > :after AND ({NEEDS_NAME}) ORDER BY id LIMIT :n"
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
        with timed(f"normalized_name select after id {after}"):
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
