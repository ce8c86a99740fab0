"""20261128_relationships_rules on both databases: up, down, up keeping rows; legacy birthdays
backfilled; legacy duplicate names renamed (never deleted); the legacy fixture's people are
served by the relationships API after the upgrade."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tests.migrations.support import (
    BACKENDS,
    BEFORE_VALIDATION,
    app_on,
    downgrade,
    engine,
    load_legacy_sqlite,
    model_diffs,
    scratch_url,
    stamp,
    upgrade,
)

BEFORE = "20261128_finance_unique_keys"
REVISION = "20261128_relationships_rules"
TABLE = "relationships_person"
NEW_COLUMNS = {"birthday_month", "birthday_day", "birthday_year", "snoozed_until"}
UNIQUE = "ux_relationships_person_user_name"
BIRTHDAY_INDEX = "ix_relationships_person_user_birthday_md"


def _columns() -> set[str]:
    return {c["name"] for c in sa.inspect(engine()).get_columns(TABLE)}


def _indexes() -> dict[str, bool]:
    return {str(i["name"]): bool(i["unique"]) for i in sa.inspect(engine()).get_indexes(TABLE)}


def _rows(columns: str = "id, user_id, name, birthday") -> list[tuple[Any, ...]]:
    with engine().connect() as conn:
        rows = conn.execute(sa.text(f"SELECT {columns} FROM {TABLE} ORDER BY id")).all()
    return [tuple(str(v) if v is not None and not isinstance(v, int) else v for v in r) for r in rows]


def _users(conn: sa.Connection) -> None:
    for uid in (1, 2):
        conn.execute(
            sa.text('INSERT INTO "user" (id, email, password_hash) VALUES (:id, :email, :h)'),
            {"id": uid, "email": f"u{uid}@example.com", "h": "x"},
        )


def _person(conn: sa.Connection, **values: Any) -> None:
    columns = ", ".join(values)
    params = ", ".join(f":{k}" for k in values)
    conn.execute(sa.text(f"INSERT INTO {TABLE} ({columns}) VALUES ({params})"), values)


@pytest.mark.parametrize("backend", BACKENDS)
def test_upgrade_downgrade_upgrade_keeps_rows_and_backfills_birthdays(backend: str, tmp_path: Path) -> None:
    with scratch_url(backend, tmp_path) as url, app_on(url):
        upgrade(BEFORE)
        assert not NEW_COLUMNS & _columns()
        with engine().begin() as conn:
            _users(conn)
            _person(conn, id=1, user_id=1, name="Grandma", birthday="1941-03-05")
            _person(conn, id=2, user_id=1, name="Leap", birthday="2000-02-29")
            _person(conn, id=3, user_id=1, name="Nobody")
        before = _rows()

        output = upgrade()
        assert f"{REVISION}: added column {TABLE}.snoozed_until" in output
        assert f"{REVISION}: filled birthday month/day/year of 2 people from their birthday" in output
        assert f"{REVISION}: created index {BIRTHDAY_INDEX}" in output
        assert "WARNING" not in output
        assert _columns() >= NEW_COLUMNS and _indexes()[UNIQUE] is True and BIRTHDAY_INDEX in _indexes()
        assert model_diffs(engine()) == []
        assert _rows() == before
        assert _rows("id, birthday_month, birthday_day, birthday_year, snoozed_until") == [
            (1, 3, 5, 1941, None),
            (2, 2, 29, 2000, None),
            (3, None, None, None, None),
        ]

        # Inspect, then act: a second run finds nothing to do.
        stamp(BEFORE)
        assert f"{REVISION}: nothing to do" in upgrade()

        output = downgrade(BEFORE)
        assert f"{REVISION}: downgrade dropped 4 columns; keeps {UNIQUE}" in output
        with engine().connect() as conn:
            assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == BEFORE
        assert not NEW_COLUMNS & _columns() and BIRTHDAY_INDEX not in _indexes()
        assert _indexes()[UNIQUE] is True
        assert _rows() == before

        upgrade()
        assert _rows() == before
        assert _rows("id, birthday_month, birthday_day, birthday_year")[0] == (1, 3, 5, 1941)
        assert model_diffs(engine()) == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_legacy_duplicate_names_are_renamed_not_deleted(backend: str, tmp_path: Path) -> None:
    with scratch_url(backend, tmp_path) as url, app_on(url):
        upgrade(BEFORE)
        with engine().begin() as conn:
            # What 20251218 leaves when legacy rows share a name: no unique index.
            conn.execute(sa.text(f"DROP INDEX {UNIQUE}"))
            _users(conn)
            _person(conn, id=1, user_id=1, name="Bob")
            _person(conn, id=2, user_id=1, name="Bob")
            _person(conn, id=3, user_id=2, name="Bob")  # another user's Bob is no duplicate
            _person(conn, id=4, user_id=1, name="Bob (5)")  # the rename of id 5 is taken
            _person(conn, id=5, user_id=1, name="Bob")
        assert UNIQUE not in _indexes()

        output = upgrade()
        assert f"{REVISION}: person 2: duplicate name 'Bob' renamed to 'Bob (2)'" in output
        assert f"{REVISION}: person 5: duplicate name 'Bob' renamed to '#5'" in output
        assert f"{REVISION}: renamed 2 people whose name repeated another of the same user" in output
        assert f"{REVISION}: created index {UNIQUE}" in output
        assert _rows("id, user_id, name") == [
            (1, 1, "Bob"),
            (2, 1, "Bob (2)"),
            (3, 2, "Bob"),
            (4, 1, "Bob (5)"),
            (5, 1, "#5"),
        ]
        assert _indexes()[UNIQUE] is True
        assert model_diffs(engine()) == []
        with pytest.raises(sa.exc.IntegrityError), engine().begin() as conn:
            _person(conn, id=6, user_id=1, name="Bob")


# ------------------------------------------------------------------------------ legacy fixture


@pytest.fixture(params=BACKENDS)
def legacy_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The legacy fixture at 20251216, Grandma given a birthday (SQLite: the dump itself;
    PostgreSQL: its rows copied into a database at 20251216)."""
    source_path = tmp_path / "legacy.db"
    source_url = load_legacy_sqlite(source_path)
    con = sqlite3.connect(source_path)
    con.execute("UPDATE relationships_person SET birthday = '1941-03-05' WHERE id = 1")
    con.commit()
    con.close()
    if request.param == "sqlite":
        yield source_url
        return
    from tests.migrations.test_legacy_adoption import _copy_rows

    with scratch_url("postgresql", tmp_path) as url:
        with app_on(url):
            upgrade(BEFORE_VALIDATION)
            _copy_rows(sa.create_engine(source_url), engine())
            with engine().begin() as conn:
                conn.execute(sa.text("ALTER TABLE role RENAME CONSTRAINT uq_role_name TO role_name_key"))
        yield url


def test_legacy_people_appear_through_the_api(legacy_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    instant = datetime(2026, 3, 4, 23, 30, tzinfo=UTC)  # 2026-03-05 00:30 in Paris (Alice's zone)

    class Frozen(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> Frozen:  # type: ignore[override]
            return cls.fromtimestamp(instant.timestamp(), tz)

    monkeypatch.setattr("lifeos.platform.clock.datetime", Frozen)
    with app_on(legacy_url) as app:
        output = upgrade()
        assert f"{REVISION}: filled birthday month/day/year of 1 people from their birthday" in output
        assert model_diffs(engine()) == []
        client = app.test_client()
        login = client.post("/auth/login", json={"email": "alice@example.com", "password": "alice-pass-2025"})
        assert login.status_code == 200, login.get_json()
        tokens = login.get_json()
        headers = {"Authorization": f"Bearer {tokens['access_token']}", "X-CSRF-Token": tokens["csrf_token"]}

        people = client.get("/api/v1/relationships/people", headers=headers)
        assert people.status_code == 200, people.get_json()
        [grandma] = people.get_json()["items"]
        assert {k: v for k, v in grandma.items() if k not in {"created_at", "updated_at"}} == {
            "id": 1,
            "name": "Grandma",
            "relationship_type": None,
            "importance": None,
            "tags": [],
            "notes": None,
            "birthday": {"month": 3, "day": 5, "year": 1941},
            "age": 85,
            "first_met_date": None,
            "cadence_days": None,
            "snoozed_until": None,
            "last_interaction_date": None,
        }
        birthdays = client.get("/api/v1/relationships/birthdays?within=7", headers=headers).get_json()
        assert [(b["name"], b["date"], b["days_until"], b["turns"]) for b in birthdays["items"]] == [
            ("Grandma", "2026-03-05", 0, 85)
        ]
        # The legacy row takes the API's writes: a cadence, then an interaction.
        patched = client.patch("/api/v1/relationships/people/1", json={"cadence_days": 7}, headers=headers)
        assert patched.status_code == 200, patched.get_json()
        reconnect = client.get("/api/v1/relationships/reconnect", headers=headers).get_json()
        assert [i["name"] for i in reconnect["items"]] == ["Grandma"]
        logged = client.post(
            "/api/v1/relationships/people/1/interactions", json={"method": "call"}, headers=headers
        )
        assert logged.status_code == 201, logged.get_json()
        assert logged.get_json()["date"] == "2026-03-05"
        assert client.get("/api/v1/relationships/reconnect", headers=headers).get_json()["items"] == []
