"""Relationships: what the people API needs (snoozing, birthdays without a year).

Upgrade (inspect, then act; a second run prints "nothing to do"):

1. **Columns** on `relationships_person`, added when missing (all nullable, no rewrite):
   `birthday_month`, `birthday_day`, `birthday_year` (a birthday whose year is unknown has
   month and day only) and `snoozed_until` (off the reconnect list until that date).
2. **Backfill** — a legacy row with a `birthday` date and no month gets month, day and year
   from it. The legacy `birthday` column stays as it was.
3. **Unique names** — `ux_relationships_person_user_name` (user_id, name) UNIQUE is part of
   the 20251216 schema, but 20251218 skips a unique index whose rows have duplicates, so an
   adopted database may lack it. Then the oldest row (lowest id) of each duplicate group keeps
   its name and every other one is renamed `<name> (<id>)` (truncated to fit 255 characters;
   each rename is printed); nothing is deleted, and the index is created.
4. **Index** `ix_relationships_person_user_birthday_md` (user_id, birthday_month, birthday_day)
   for the upcoming-birthdays query.

downgrade(): drops the index and the four columns (SQLite: batch mode, a table rebuild). The
legacy `birthday` keeps every birthday whose year is known; month-and-day-only birthdays and
snoozes are lost. The unique name index stays (it belongs to 20251216's schema) and renamed
duplicates keep their new names.

Revision ID: 20261128_relationships_rules
Revises: 20261128_finance_unique_keys
Create Date: 2026-11-28
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "20261128_relationships_rules"
down_revision = "20261128_finance_unique_keys"
branch_labels = None
depends_on = None

TABLE = "relationships_person"
UNIQUE_NAME = "ux_relationships_person_user_name"
BIRTHDAY_INDEX = "ix_relationships_person_user_birthday_md"
NEW_COLUMNS: tuple[tuple[str, Any], ...] = (
    ("birthday_month", sa.Integer()),
    ("birthday_day", sa.Integer()),
    ("birthday_year", sa.Integer()),
    ("snoozed_until", sa.Date()),
)
NAME_LENGTH = 255


def _say(message: str) -> None:
    print(f"20261128_relationships_rules: {message}")


def _columns(bind: sa.Connection) -> set[str]:
    return {str(c["name"]) for c in sa.inspect(bind).get_columns(TABLE)}


def _indexes(bind: sa.Connection) -> set[str]:
    return {str(i["name"]) for i in sa.inspect(bind).get_indexes(TABLE)}


def _backfill_birthdays(bind: sa.Connection) -> int:
    if bind.dialect.name == "postgresql":
        month, day, year = (
            f"CAST(EXTRACT({part} FROM birthday) AS INTEGER)" for part in ("MONTH", "DAY", "YEAR")
        )
    else:
        month, day, year = (f"CAST(strftime('{part}', birthday) AS INTEGER)" for part in ("%m", "%d", "%Y"))
    result = bind.execute(
        sa.text(
            f"UPDATE {TABLE} SET birthday_month = {month}, birthday_day = {day}, birthday_year = {year} "
            "WHERE birthday IS NOT NULL AND birthday_month IS NULL"
        )
    )
    return int(result.rowcount or 0)


def _rename_duplicate_names(bind: sa.Connection) -> int:
    rows = bind.execute(
        sa.text(
            f"SELECT p.id, p.user_id, p.name FROM {TABLE} p WHERE EXISTS ("
            f"  SELECT 1 FROM {TABLE} o WHERE o.user_id = p.user_id AND o.name = p.name AND o.id < p.id)"
            " ORDER BY p.id"
        )
    ).all()
    for row_id, user_id, name in rows:
        suffix = f" ({row_id})"
        renamed = name[: NAME_LENGTH - len(suffix)] + suffix
        taken = bind.execute(
            sa.text(f"SELECT 1 FROM {TABLE} WHERE user_id = :u AND name = :n"), {"u": user_id, "n": renamed}
        ).first()
        if taken is not None:  # "<name> (<id>)" is itself in use: use the id alone
            renamed = f"#{row_id}"
        bind.execute(sa.text(f"UPDATE {TABLE} SET name = :n WHERE id = :id"), {"n": renamed, "id": row_id})
        _say(f"person {row_id}: duplicate name {name!r} renamed to {renamed!r}")
    return len(rows)


def upgrade() -> None:
    bind = op.get_bind()
    did = False
    existing = _columns(bind)
    for name, type_ in NEW_COLUMNS:
        if name not in existing:
            op.add_column(TABLE, sa.Column(name, type_, nullable=True))
            _say(f"added column {TABLE}.{name}")
            did = True
    filled = _backfill_birthdays(bind)
    if filled:
        _say(f"filled birthday month/day/year of {filled} people from their birthday")
        did = True
    indexes = _indexes(bind)
    if UNIQUE_NAME not in indexes:
        renamed = _rename_duplicate_names(bind)
        if renamed:
            _say(f"renamed {renamed} people whose name repeated another of the same user")
        op.create_index(UNIQUE_NAME, TABLE, ["user_id", "name"], unique=True)
        _say(f"created index {UNIQUE_NAME}")
        did = True
    if BIRTHDAY_INDEX not in indexes:
        op.create_index(BIRTHDAY_INDEX, TABLE, ["user_id", "birthday_month", "birthday_day"])
        _say(f"created index {BIRTHDAY_INDEX}")
        did = True
    if not did:
        _say("nothing to do")


def downgrade() -> None:
    bind = op.get_bind()
    if BIRTHDAY_INDEX in _indexes(bind):
        op.drop_index(BIRTHDAY_INDEX, table_name=TABLE)
    present = [name for name, _ in NEW_COLUMNS if name in _columns(bind)]
    if present:
        with op.batch_alter_table(TABLE) as batch:
            for name in present:
                batch.drop_column(name)
    _say(f"downgrade dropped {len(present)} columns; keeps {UNIQUE_NAME}")
