"""The legacy fixture's habits and logs appear through the habits API after `flask db upgrade`.

alice@example.com (Europe/Paris) has two daily habits in the 20251216 dump: "Read 20 pages"
with 15 logs (1–8, 10–12, 14–16 and 20 November 2025) and "Meditate" with 17 logs (1–2, 5–15,
17–20 November 2025), all with value 1 and no skip column yet.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.migrations.support import (
    BEFORE_VALIDATION,
    app_on,
    engine,
    load_legacy_sqlite,
    scratch_url,
    upgrade,
)
from tests.migrations.test_legacy_adoption import ALICE, _copy_rows

API = "/api/v1/habits"


@pytest.fixture(params=["sqlite", "postgresql"])
def legacy_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The fixture's data in a database at 20251216 (SQLite: the dump; PostgreSQL: a copy)."""
    if request.param == "sqlite":
        yield load_legacy_sqlite(tmp_path / "legacy.db")
        return
    with scratch_url("postgresql", tmp_path) as url:
        source = load_legacy_sqlite(tmp_path / "source.db")
        with app_on(url):
            upgrade(BEFORE_VALIDATION)
            _copy_rows(sa.create_engine(source), engine())
        yield url


def test_legacy_habits_and_logs_are_served_after_upgrade(legacy_url: str) -> None:
    with app_on(legacy_url) as app:
        upgrade()
        client = app.test_client()
        login = client.post("/auth/login", json=ALICE)
        assert login.status_code == 200, login.get_json()
        tokens = login.get_json()
        headers = {"Authorization": f"Bearer {tokens['access_token']}", "X-CSRF-Token": tokens["csrf_token"]}

        listed = client.get(API, headers=headers).get_json()
        assert [(h["id"], h["name"], h["schedule_type"], h["kind"]) for h in listed["items"]] == [
            (2, "Meditate", "daily", "boolean"),
            (1, "Read 20 pages", "daily", "boolean"),
        ]
        assert all(h["is_active"] and not h["is_paused"] for h in listed["items"])

        logs = client.get(f"{API}/1/logs?limit=100", headers=headers).get_json()
        assert len(logs["items"]) == 15
        assert (logs["items"][0]["date"], logs["items"][-1]["date"]) == ("2025-11-20", "2025-11-01")
        assert all(d["done"] and d["value"] == 1.0 and not d["skipped"] for d in logs["items"])

        read = client.get(f"{API}/1/stats", headers=headers).get_json()
        meditate = client.get(f"{API}/2/stats", headers=headers).get_json()
        summary = [
            (s["total_done"], s["longest_streak"], s["current_streak"], s["first_date"], s["last_done_date"])
            for s in (read, meditate)
        ]
        assert summary == [(15, 8, 0, "2025-11-01", "2025-11-20"), (17, 11, 0, "2025-11-01", "2025-11-20")]

        # The legacy habits take new days and edits like any other.
        put = client.put(f"{API}/2/logs/2025-11-16", json={"note": "caught up"}, headers=headers)
        assert put.status_code == 201, put.get_json()
        assert client.get(f"{API}/2/stats", headers=headers).get_json()["longest_streak"] == 16
        renamed = client.patch(f"{API}/1", json={"name": "Read 30 pages"}, headers=headers)
        assert renamed.status_code == 200 and renamed.get_json()["name"] == "Read 30 pages"
        taken = client.patch(f"{API}/1", json={"name": "Meditate"}, headers=headers)
        assert taken.status_code == 409 and taken.get_json()["code"] == "habits.name_taken"
