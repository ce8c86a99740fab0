"""20261128_health_rules on both databases: up, down, up; legacy duplicates merged, nothing lost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tests.migrations.support import (
    BACKENDS,
    app_on,
    downgrade,
    engine,
    model_diffs,
    scratch_url,
    upgrade,
)

pytestmark = pytest.mark.parametrize("backend", BACKENDS)

BEFORE = "20261128_journal_search"
REVISION = "20261128_health_rules"
INDEX = "ux_health_biometric_user_date"


def _indexes() -> dict[str, bool]:
    return {i["name"]: bool(i["unique"]) for i in sa.inspect(engine()).get_indexes("health_biometric")}


def _rows() -> list[tuple[Any, ...]]:
    """(id, user_id, date, metric, value, weight, resting_hr, sleep_hours, energy, notes), normalised."""
    with engine().connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT id, user_id, date, metric, value, weight, resting_hr, sleep_hours, energy_level, "
                "notes FROM health_biometric ORDER BY id"
            )
        ).all()

    def num(v: Any) -> str | None:
        return None if v is None else f"{float(v):.2f}"

    return [(r[0], r[1], str(r[2]), r[3], num(r[4]), num(r[5]), r[6], num(r[7]), r[8], r[9]) for r in rows]


def _users(conn: sa.Connection) -> None:
    for uid in (1, 2):
        conn.execute(
            sa.text('INSERT INTO "user" (id, email, password_hash) VALUES (:id, :email, :h)'),
            {"id": uid, "email": f"u{uid}@example.com", "h": "x"},
        )


def _legacy_biometric(conn: sa.Connection, **values: Any) -> None:
    columns = ", ".join(values)
    params = ", ".join(f":{k}" for k in values)
    conn.execute(sa.text(f"INSERT INTO health_biometric ({columns}) VALUES ({params})"), values)


def test_upgrade_downgrade_upgrade_keeps_rows_and_the_index(backend: str, tmp_path: Path) -> None:
    with scratch_url(backend, tmp_path) as url, app_on(url):
        upgrade(BEFORE)
        assert _indexes()[INDEX] is True  # 20251218 built it on a database without duplicates
        with engine().begin() as conn:
            _users(conn)
            _legacy_biometric(
                conn, id=1, user_id=1, date="2025-11-02", weight="80.20", recorded_at="2025-11-02 07:00:00"
            )
        output = upgrade()
        assert f"{REVISION}: nothing to do" in output and "WARNING" not in output
        assert model_diffs(engine()) == []
        before = _rows()

        output = downgrade(BEFORE)
        assert f"downgrade keeps {INDEX}" in output
        with engine().connect() as conn:
            assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == BEFORE
        assert _indexes()[INDEX] is True and _rows() == before

        assert f"{REVISION}: nothing to do" in upgrade()
        assert _rows() == before
        assert model_diffs(engine()) == []


def test_legacy_duplicates_are_merged_into_the_newest_row_without_losing_a_value(
    backend: str, tmp_path: Path
) -> None:
    with scratch_url(backend, tmp_path) as url, app_on(url):
        upgrade(BEFORE)
        with engine().begin() as conn:
            # What 20251218 leaves when legacy rows share a day: no unique index.
            conn.execute(sa.text(f"DROP INDEX {INDEX}"))
            _users(conn)
            day = "2025-11-02"
            # One metric per row (the legacy shape), plus an older wide row, all on one day.
            _legacy_biometric(
                conn,
                id=10,
                user_id=1,
                date=day,
                metric="weight",
                value="80.20",
                recorded_at=f"{day} 07:00:00",
                notes="scale at the gym",
            )
            _legacy_biometric(
                conn,
                id=11,
                user_id=1,
                date=day,
                metric="Resting HR",
                value="58",
                recorded_at=f"{day} 07:05:00",
            )
            _legacy_biometric(
                conn, id=12, user_id=1, date=day, metric="steps", value="9000", recorded_at=f"{day} 20:00:00"
            )
            _legacy_biometric(
                conn,
                id=13,
                user_id=1,
                date=day,
                metric="",
                value="0",
                weight="80.60",
                sleep_hours="7.50",
                energy_level=4,
                recorded_at=f"{day} 06:00:00",
            )
            # Single rows: a known metric is folded; one that does not fit its column is kept as is.
            _legacy_biometric(
                conn,
                id=14,
                user_id=1,
                date="2025-11-03",
                metric="weight",
                value="79.90",
                recorded_at="2025-11-03 07:00:00",
            )
            _legacy_biometric(
                conn,
                id=15,
                user_id=1,
                date="2025-11-04",
                metric="energy",
                value="3.50",
                recorded_at="2025-11-04 07:00:00",
            )
            # Another user's row on the same day is not a duplicate.
            _legacy_biometric(
                conn,
                id=16,
                user_id=2,
                date=day,
                metric="weight",
                value="60.00",
                recorded_at=f"{day} 09:00:00",
            )
        assert INDEX not in _indexes()

        output = upgrade(REVISION)
        assert f"{REVISION}: folded 4 legacy metric rows into the biometric columns" in output
        assert f"{REVISION}: merged 3 duplicate biometric rows into 1 user-days" in output
        assert f"{REVISION}: created index {INDEX}" in output
        assert _indexes()[INDEX] is True

        merged_notes = (
            "[merged from row 10, recorded 2025-11-02 07:00:00] notes: scale at the gym\n"
            "[merged from row 13, recorded 2025-11-02 06:00:00] weight 80.60"
        )
        assert _rows() == [
            # The newest row survives with the newest value of each measurement; 80.60 (older,
            # different) and row 10's note are in its notes; its own legacy metric stays.
            (12, 1, "2025-11-02", "steps", "9000.00", "80.20", 58, "7.50", 4, merged_notes),
            (14, 1, "2025-11-03", "weight", "79.90", "79.90", None, None, None, None),
            (15, 1, "2025-11-04", "energy", "3.50", None, None, None, None, None),
            (16, 2, "2025-11-02", "weight", "60.00", "60.00", None, None, None, None),
        ]

        # The index now refuses a second row for a day.
        with pytest.raises(sa.exc.IntegrityError), engine().begin() as conn:
            _legacy_biometric(conn, id=17, user_id=1, date="2025-11-03", weight="70")

        upgrade()
        assert model_diffs(engine()) == []
        after = _rows()
        downgrade(BEFORE)
        assert _rows() == after and _indexes()[INDEX] is True
        assert f"{REVISION}: nothing to do" in upgrade()
        assert _rows() == after
