"""Legacy health rows appear through the API after `flask db upgrade` (SQLite and PostgreSQL).

The legacy fixture (tests/fixtures/legacy_lifeos_20251216.sql) holds no health rows, so this
test adds legacy-shaped ones for alice to it before upgrading: one-metric-per-row biometrics
sharing a date (20251218 then skips the unique index with a warning; 20261128_health_rules
merges them and builds it), and workouts and meals written in the older columns.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.migrations.support import (
    BEFORE_VALIDATION,
    app_on,
    engine,
    load_legacy_sqlite,
    model_diffs,
    scratch_url,
    upgrade,
)

ALICE = {"email": "alice@example.com", "password": "alice-pass-2025"}
API = "/api/v1/health"

LEGACY_HEALTH_SQL = """
INSERT INTO health_biometric (id, user_id, metric, value, recorded_at, date, notes, created_at) VALUES
  (1, 1, 'weight', 68.40, '2025-12-01 06:30:00', '2025-12-01', NULL, '2025-12-01 06:30:00'),
  (2, 1, 'resting_hr', 61, '2025-12-01 06:35:00', '2025-12-01', 'after coffee', '2025-12-01 06:35:00'),
  (3, 1, 'weight', 68.00, '2025-12-03 06:30:00', '2025-12-03', NULL, '2025-12-03 06:30:00');
INSERT INTO health_biometric (id, user_id, metric, value, recorded_at, date, weight, body_fat_pct,
                              energy_level, stress_level, created_at) VALUES
  (4, 1, '', 0, '2025-12-05 07:00:00', '2025-12-05', 67.80, 24.50, 4, 2, '2025-12-05 07:00:00');
INSERT INTO health_workout (id, user_id, activity, duration_minutes, calories, performed_at, date,
                            created_at) VALUES
  (1, 1, 'running', 30, 250.00, '2025-12-01 18:00:00', '2025-12-01', '2025-12-01 18:00:00');
INSERT INTO health_workout (id, user_id, activity, duration_minutes, performed_at, date, workout_type,
                            intensity, calories_est, notes, created_at) VALUES
  (2, 1, '', 45, '2025-12-03 08:00:00', '2025-12-03', 'yoga', 'low', 120.00, 'morning flow',
   '2025-12-03 08:00:00');
INSERT INTO health_nutrition_log (id, user_id, meal, calories, protein, logged_at, date, created_at) VALUES
  (1, 1, 'Oatmeal', 350.00, 12.00, '2025-12-01 07:30:00', '2025-12-01', '2025-12-01 07:30:00');
INSERT INTO health_nutrition_log (id, user_id, meal, calories, logged_at, date, meal_type, items,
                                  calories_est, quality_score, created_at) VALUES
  (2, 1, '', 0, '2025-12-01 19:30:00', '2025-12-01', 'dinner', 'salmon, rice', 650.00, 4,
   '2025-12-01 19:30:00');
"""


def _legacy_sqlite_with_health(path: Path) -> str:
    url = load_legacy_sqlite(path)
    con = sqlite3.connect(path)
    con.executescript(LEGACY_HEALTH_SQL)
    con.close()
    return url


def _copy_rows(source: sa.Engine, target: sa.Engine) -> None:
    meta = sa.MetaData()
    meta.reflect(target)
    with source.connect() as src, target.begin() as dst:
        for table in meta.sorted_tables:
            if table.name == "alembic_version":
                continue
            rows = [dict(r._mapping) for r in src.execute(sa.text(f'SELECT * FROM "{table.name}"'))]
            if rows:
                dst.execute(table.insert(), rows)
            if "id" in table.c:
                dst.execute(
                    sa.text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                        f'COALESCE((SELECT MAX(id) FROM "{table.name}"), 0) + 1, false)'
                    )
                )


@pytest.fixture(params=["sqlite", "postgresql"])
def legacy_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield _legacy_sqlite_with_health(tmp_path / "legacy.db")
        return
    with scratch_url("postgresql", tmp_path) as url:
        source = _legacy_sqlite_with_health(tmp_path / "source.db")
        with app_on(url):
            upgrade(BEFORE_VALIDATION)
            _copy_rows(sa.create_engine(source), engine())
            with engine().begin() as conn:
                conn.execute(sa.text("ALTER TABLE role RENAME CONSTRAINT uq_role_name TO role_name_key"))
        yield url


def test_legacy_health_rows_appear_through_the_api(legacy_url: str) -> None:
    with app_on(legacy_url) as app:
        output = upgrade()
        # 20251218 cannot build the unique index over the legacy rows; this revision can.
        assert "skipped unique index ux_health_biometric_user_date" in output
        assert "20261128_health_rules: merged 1 duplicate biometric rows into 1 user-days" in output
        assert "20261128_health_rules: created index ux_health_biometric_user_date" in output
        assert model_diffs(engine()) == []

        client = app.test_client()
        login = client.post("/auth/login", json=ALICE)
        assert login.status_code == 200, login.get_json()
        bearer = {"Authorization": f"Bearer {login.get_json()['access_token']}"}

        bio = client.get(f"{API}/biometrics", headers=bearer).get_json()
        assert [(b["id"], b["date"], b["weight"], b["resting_hr"], b["energy"]) for b in bio["items"]] == [
            (4, "2025-12-05", "67.80", None, 4),
            (3, "2025-12-03", "68.00", None, None),
            (2, "2025-12-01", "68.40", 61, None),  # rows 1 and 2 merged into the newer one
        ]
        assert bio["items"][2]["notes"] == "after coffee"
        assert bio["items"][0]["body_fat_pct"] == "24.50"

        workouts = client.get(f"{API}/workouts", headers=bearer).get_json()["items"]
        assert [
            (w["id"], w["type"], w["duration_minutes"], w["calories"], w["intensity"]) for w in workouts
        ] == [
            (2, "yoga", 45, "120.00", "low"),
            (1, "running", 30, "250.00", None),
        ]
        meals = client.get(f"{API}/nutrition", headers=bearer).get_json()["items"]
        assert [
            (m["id"], m["meal_type"], m["items"], m["calories"], m["protein"], m["quality"]) for m in meals
        ] == [
            (2, "dinner", "salmon, rice", "650.00", None, 4),
            (1, None, "Oatmeal", "350.00", "12.00", None),
        ]

        daily = client.get(f"{API}/summary/daily?date=2025-12-01", headers=bearer).get_json()
        assert daily["workouts"] == {"count": 1, "minutes": 30, "calories": "250.00"}
        assert daily["nutrition"]["calories"] == "1000.00" and daily["nutrition"]["meals"] == 2
        weekly = client.get(f"{API}/summary/weekly?start=2025-12-01", headers=bearer).get_json()
        assert [d["weight_trend"] for d in weekly["days"]] == [
            "68.40",
            "68.40",
            "68.20",
            "68.20",
            "68.07",
            "68.07",
            "68.07",
        ]

        # Alice's next PUT for a legacy day replaces that day's one row.
        headers = {**bearer, "X-CSRF-Token": login.get_json()["csrf_token"]}
        again = client.put(f"{API}/biometrics/2025-12-01", json={"weight": "68.30"}, headers=headers)
        assert again.status_code == 200 and again.get_json()["id"] == 2
