"""Health: one biometric row per user and date, and what the health API needs.

The API upserts biometrics by date (`INSERT … ON CONFLICT (user_id, date)`), which needs the
unique index `ux_health_biometric_user_date`. 20251218 creates it, but skips it with a warning
when legacy rows share a user and a date — and the legacy table stored one metric per row
(`metric`, `value`), so such rows are the normal legacy shape. This revision makes them one
row per day without losing anything:

1. **Fold** — a row whose `metric` names a known measurement (case and spaces ignored:
   weight/weight_kg, body_fat/body_fat_pct, resting_hr/resting_heart_rate, sleep/sleep_hours,
   energy/energy_level, stress/stress_level) and whose wide column is NULL gets `value` copied
   there, when it fits the column (an integer for heart rate and the 1–5 scores). `metric`
   and `value` stay as they were.
2. **Merge** (only while the unique index is missing) — per (user_id, date) with several rows
   the newest row (`recorded_at`, then `id`) survives; each measurement takes the newest
   non-NULL value among the day's rows. Whatever does not survive that way — an older,
   different measurement, a legacy metric that is not a known measurement, an older row's
   notes — is appended to the survivor's `notes`, one line per merged row:
   `[merged from row 12, recorded 2025-11-02 07:00:00] weight 80.20; steps 9000.00; notes: …`.
   Then the other rows are deleted. On PostgreSQL the table is locked against writes
   (SHARE ROW EXCLUSIVE, until this revision commits) so no new duplicate slips in.
3. **Index** — creates `ux_health_biometric_user_date` (user_id, date) UNIQUE when missing.

Inspect, then act: with the index present and nothing to fold it prints "nothing to do".

downgrade(): nothing to undo in the schema — the unique index is part of the 20251218 schema
(its own downgrade drops it), so going back to 20261128_journal_search keeps it. Merged days stay
merged (their values are all in the surviving row) and folded values stay (each row's
`metric`/`value` are untouched); splitting rows again could only invent data.

Revision ID: 20261128_health_rules
Revises: 20261128_journal_search
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "20261128_health_rules"
down_revision = "20261128_journal_search"
branch_labels = None
depends_on = None

TABLE = "health_biometric"
INDEX = "ux_health_biometric_user_date"
BATCH = 1000

# Wide column → (label in merge notes, largest absolute value the column holds, integer?).
MEASURES: dict[str, tuple[str, Decimal, bool]] = {
    "weight": ("weight", Decimal("99999999.99"), False),  # NUMERIC(10,2)
    "body_fat_pct": ("body fat %", Decimal("999.99"), False),  # NUMERIC(5,2)
    "resting_hr": ("resting heart rate", Decimal(2**31 - 1), True),
    "sleep_hours": ("sleep hours", Decimal("99.99"), False),  # NUMERIC(4,2)
    "energy_level": ("energy", Decimal(2**31 - 1), True),
    "stress_level": ("stress", Decimal(2**31 - 1), True),
}
LEGACY_METRICS = {
    "weight": "weight",
    "weight_kg": "weight",
    "body_fat": "body_fat_pct",
    "body_fat_pct": "body_fat_pct",
    "resting_hr": "resting_hr",
    "resting_heart_rate": "resting_hr",
    "sleep": "sleep_hours",
    "sleep_hours": "sleep_hours",
    "energy": "energy_level",
    "energy_level": "energy_level",
    "stress": "stress_level",
    "stress_level": "stress_level",
}
_COLUMNS = ", ".join(MEASURES)


def _say(message: str) -> None:
    print(f"20261128_health_rules: {message}")


def _decimal(value: Any) -> Decimal | None:
    """A stored number as Decimal (SQLite may hand back int, float or text), or None."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _target(metric: Any) -> str | None:
    if not isinstance(metric, str):
        return None
    return LEGACY_METRICS.get("_".join(metric.strip().lower().replace("-", " ").split()))


def _fitted(column: str, value: Any) -> Decimal | int | None:
    """`value` as the column stores it, or None when it does not fit the column."""
    number = _decimal(value)
    if number is None:
        return None
    _, largest, integer = MEASURES[column]
    if abs(number) > largest:
        return None
    if integer:
        return int(number) if number == number.to_integral_value() else None
    return number.quantize(Decimal("0.01")) if number == number.quantize(Decimal("0.01")) else None


def _index_exists(bind: sa.Connection) -> bool:
    return any(i.get("name") == INDEX for i in sa.inspect(bind).get_indexes(TABLE))


def _batches(bind: sa.Connection, sql: str) -> Iterator[list[sa.RowMapping]]:
    """Rows of `sql` (which has `id > :after` and ORDER BY id), a batch at a time."""
    after = 0
    while True:
        rows = list(bind.execute(sa.text(sql), {"after": after, "size": BATCH}).mappings())
        if not rows:
            return
        yield rows
        after = rows[-1]["id"]


def _fold(bind: sa.Connection) -> int:
    folded = 0
    sql = (
        f"SELECT id, metric, value, {_COLUMNS} FROM {TABLE} "
        "WHERE id > :after AND metric IS NOT NULL AND metric <> '' AND value IS NOT NULL "
        "ORDER BY id LIMIT :size"
    )
    for rows in _batches(bind, sql):
        for row in rows:
            column = _target(row["metric"])
            if column is None or row[column] is not None:
                continue
            value = _fitted(column, row["value"])
            if value is None:
                continue
            bind.execute(
                sa.text(f"UPDATE {TABLE} SET {column} = :value WHERE id = :id AND {column} IS NULL"),
                {"value": _param(bind, value), "id": row["id"]},
            )
            folded += 1
    return folded


def _same(a: Any, b: Any) -> bool:
    return _decimal(a) == _decimal(b)


def _shown(value: Any, integer: bool = False) -> str:
    """A value for the merge notes, the same on both databases ("80.60", "58")."""
    number = _decimal(value)
    if number is None:
        return str(value)
    if integer and number == number.to_integral_value():
        return str(int(number))
    try:
        return str(number.quantize(Decimal("0.01")))
    except InvalidOperation:
        return str(number)


def _param(bind: sa.Connection, value: Any) -> Any:
    """A bind value for a plain-SQL statement: sqlite3 cannot bind Decimal (NUMERIC affinity
    turns the exact text back into the number)."""
    if isinstance(value, Decimal) and bind.dialect.name == "sqlite":
        return str(value)
    return value


def _merge_day(bind: sa.Connection, user_id: Any, day: Any) -> int:
    """Merge one user's rows of one date into the newest; returns how many rows were removed."""
    rows = list(
        bind.execute(
            sa.text(
                f"SELECT id, recorded_at, metric, value, notes, {_COLUMNS} FROM {TABLE} "
                "WHERE user_id = :user_id AND date = :day ORDER BY recorded_at DESC, id DESC"
            ),
            {"user_id": user_id, "day": day},
        ).mappings()
    )
    if len(rows) < 2:
        return 0
    survivor, older = rows[0], rows[1:]
    merged: dict[str, Any] = {column: survivor[column] for column in MEASURES}
    lines: list[str] = []
    for row in older:
        kept: list[str] = []
        for column, (label, _, integer) in MEASURES.items():
            value = row[column]
            if value is None:
                continue
            if merged[column] is None:
                merged[column] = value
            elif not _same(merged[column], value):
                kept.append(f"{label} {_shown(value, integer)}")
        metric, value = (row["metric"] or "").strip(), row["value"]
        target = _target(metric)
        if metric and value is not None and (target is None or not _same(row[target], value)):
            kept.append(f"{metric} {_shown(value)}")
        if row["notes"]:
            kept.append(f"notes: {row['notes']}")
        if kept:
            lines.append(f"[merged from row {row['id']}, recorded {row['recorded_at']}] " + "; ".join(kept))
    notes = "\n".join(part for part in (survivor["notes"], *lines) if part) or None
    assignments = ", ".join(f"{column} = :{column}" for column in MEASURES)
    bind.execute(
        sa.text(f"UPDATE {TABLE} SET {assignments}, notes = :notes WHERE id = :id"),
        {**{c: _param(bind, v) for c, v in merged.items()}, "notes": notes, "id": survivor["id"]},
    )
    ids = [row["id"] for row in older]
    bind.execute(
        sa.text(f"DELETE FROM {TABLE} WHERE id IN :ids").bindparams(sa.bindparam("ids", expanding=True)),
        {"ids": ids},
    )
    return len(ids)


def _merge_duplicates(bind: sa.Connection) -> tuple[int, int]:
    days = bind.execute(
        sa.text(f"SELECT user_id, date FROM {TABLE} GROUP BY user_id, date HAVING COUNT(*) > 1")
    ).all()
    removed = sum(_merge_day(bind, user_id, day) for user_id, day in days)
    return len(days), removed


def upgrade() -> None:
    bind = op.get_bind()
    index_missing = not _index_exists(bind)
    if index_missing and bind.dialect.name == "postgresql":
        # Writers wait until this revision commits; readers carry on.
        bind.execute(sa.text(f"LOCK TABLE {TABLE} IN SHARE ROW EXCLUSIVE MODE"))
    did: list[str] = []
    folded = _fold(bind)
    if folded:
        did.append(f"folded {folded} legacy metric rows into the biometric columns")
    if index_missing:
        days, removed = _merge_duplicates(bind)
        if removed:
            did.append(f"merged {removed} duplicate biometric rows into {days} user-days")
        op.create_index(INDEX, TABLE, ["user_id", "date"], unique=True)
        did.append(f"created index {INDEX}")
    for message in did or ["nothing to do"]:
        _say(message)


def downgrade() -> None:
    # See the module docstring: the index belongs to the 20251218 schema, merged rows cannot be
    # split again without inventing data, and folded values sit next to the untouched legacy
    # metric/value. Nothing in the schema was added by upgrade() alone.
    _say(f"downgrade keeps {INDEX} (part of 20251218) and the merged rows")
