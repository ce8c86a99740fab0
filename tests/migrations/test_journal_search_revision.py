"""Revision 20261128_journal_search on both databases: up, down, up again; existing rows become
searchable (backfill); the index follows inserts, edits and deletes made by any writer; running it
again changes nothing; and the legacy fixture's entries come out of the API, searchable."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tests.migrations.support import (
    BACKENDS,
    BEFORE_VALIDATION,
    HEAD_OF_VALIDATION,
    app_on,
    downgrade,
    engine,
    load_legacy_sqlite,
    model_diffs,
    schema_snapshot,
    scratch_url,
    stamp,
    upgrade,
)

REVISION = "20261128_journal_search"
ALICE = {"email": "alice@example.com", "password": "alice-pass-2025"}
SQLITE_OBJECTS = {
    "journal_entry_fts",
    "journal_entry_fts_trigram",
    "journal_entry_fts_ai",
    "journal_entry_fts_ad",
    "journal_entry_fts_au",
}


def _search_objects(conn: sa.Connection) -> set[str]:
    if conn.dialect.name == "postgresql":
        columns = {c["name"] for c in sa.inspect(conn).get_columns("journal_entry")}
        indexes = {i["name"] for i in sa.inspect(conn).get_indexes("journal_entry")}
        return ({"search_vector"} & columns) | ({"ix_journal_entry_search_vector"} & indexes)
    rows = conn.execute(sa.text("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')"))
    return {r[0] for r in rows} & SQLITE_OBJECTS


def _matches(conn: sa.Connection, q: str) -> list[int]:
    """Ids whose indexed text holds `q`: a word (word index) or a no-space run (trigram / chars)."""
    if conn.dialect.name == "postgresql":
        sql = "SELECT id FROM journal_entry WHERE search_vector @@ plainto_tsquery('simple', :q)"
        if not q.isascii():  # characters are lexemes; adjacency is checked on the text
            sql += " AND (coalesce(title, '') || ' ' || body) LIKE '%' || :raw || '%'"
        spaced = q if q.isascii() else " ".join(q)
        return list(conn.execute(sa.text(sql + " ORDER BY id"), {"q": spaced, "raw": q}).scalars())
    table = "journal_entry_fts" if q.isascii() else "journal_entry_fts_trigram"
    sql = f"SELECT rowid FROM {table} WHERE {table} MATCH :q ORDER BY rowid"
    return list(conn.execute(sa.text(sql), {"q": f'"{q}"'}).scalars())


def _insert_rows(conn: sa.Connection) -> None:
    conn.execute(sa.text("INSERT INTO \"user\" (id, email, password_hash) VALUES (1, 'a@example.com', 'x')"))
    for entry_id, title, body in (
        (1, "Harbour", "A walk along the harbour"),
        (2, None, "今天我们去了长城"),
        (3, "Plain", "nothing to see"),
    ):
        conn.execute(
            sa.text(
                "INSERT INTO journal_entry (id, user_id, title, body, tags, entry_date, is_private) "
                "VALUES (:id, 1, :title, :body, '[]', '2025-11-10', :private)"
            ),
            {"id": entry_id, "title": title, "body": body, "private": True},
        )


def _rows() -> list[tuple[Any, ...]]:
    with engine().connect() as conn:
        return [
            tuple(r) for r in conn.execute(sa.text("SELECT id, title, body FROM journal_entry ORDER BY id"))
        ]


@pytest.mark.parametrize("backend", BACKENDS)
def test_upgrade_downgrade_upgrade_keeps_rows_and_rebuilds_the_index(backend: str, tmp_path: Path) -> None:
    with scratch_url(backend, tmp_path) as url, app_on(url):
        upgrade(HEAD_OF_VALIDATION)
        with engine().begin() as conn:
            _insert_rows(conn)
        rows = _rows()

        output = upgrade(REVISION)
        assert "WARNING" not in output
        with engine().begin() as conn:
            assert _search_objects(conn) == (
                {"search_vector", "ix_journal_entry_search_vector"}
                if backend == "postgresql"
                else SQLITE_OBJECTS
            )
            # Rows that existed before the revision are searchable (the backfill).
            assert _matches(conn, "harbour") == [1]
            assert _matches(conn, "去了长城") == [2]
            # Later writes by anyone (here: plain SQL) are followed.
            conn.execute(sa.text("UPDATE journal_entry SET body = 'a swim in the reservoir' WHERE id = 1"))
            conn.execute(sa.text("UPDATE journal_entry SET title = 'Great Wall' WHERE id = 2"))
            conn.execute(sa.text("DELETE FROM journal_entry WHERE id = 3"))
        with engine().begin() as conn:
            assert _matches(conn, "walk") == []
            assert _matches(conn, "harbour") == [1]  # still its title
            assert _matches(conn, "reservoir") == [1]
            assert _matches(conn, "wall") == [2]
            assert _matches(conn, "去了长城") == [2]
            assert _matches(conn, "nothing") == []
            conn.execute(sa.text("UPDATE journal_entry SET title = 'Harbour' WHERE id = 1"))
        rows = _rows()

        downgrade(HEAD_OF_VALIDATION)
        with engine().connect() as conn:
            assert _search_objects(conn) == set()
            assert set(sa.inspect(conn).get_table_names()) >= {"journal_entry"}
        assert _rows() == rows

        with engine().begin() as conn:  # written while the index did not exist
            conn.execute(sa.text("UPDATE journal_entry SET body = 'kayak at dawn' WHERE id = 1"))
        upgrade()
        with engine().connect() as conn:
            assert _matches(conn, "kayak") == [1]
            assert _matches(conn, "reservoir") == []
            assert _matches(conn, "去了长城") == [2]
        assert model_diffs(engine()) == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_running_the_revision_again_changes_nothing(backend: str, tmp_path: Path) -> None:
    with scratch_url(backend, tmp_path) as url, app_on(url):
        upgrade()
        before = schema_snapshot(engine())
        stamp(HEAD_OF_VALIDATION)
        output = upgrade(REVISION)
        assert "journal search:" not in output and "WARNING" not in output
        assert schema_snapshot(engine()) == before


def test_an_index_left_invalid_by_an_interrupted_build_is_rebuilt(tmp_path: Path) -> None:
    with scratch_url("postgresql", tmp_path) as url, app_on(url):
        upgrade()
        with engine().begin() as conn:
            conn.execute(
                sa.text(
                    "UPDATE pg_index SET indisvalid = false WHERE indexrelid = "
                    "'ix_journal_entry_search_vector'::regclass"
                )
            )
        stamp(HEAD_OF_VALIDATION)
        output = upgrade(REVISION)
        assert "dropped invalid index ix_journal_entry_search_vector" in output
        assert "created GIN index ix_journal_entry_search_vector" in output
        with engine().connect() as conn:
            valid = conn.execute(
                sa.text(
                    "SELECT indisvalid FROM pg_index "
                    "WHERE indexrelid = 'ix_journal_entry_search_vector'::regclass"
                )
            ).scalar_one()
        assert valid is True


# ------------------------------------------------------------------------------ legacy fixture


def _copy_rows(source: sa.Engine, target: sa.Engine) -> None:
    """Every legacy row into PostgreSQL; JSON columns keep their JSON (not a string of it)."""
    meta = sa.MetaData()
    meta.reflect(target)
    with source.connect() as src, target.begin() as dst:
        for table in meta.sorted_tables:
            if table.name == "alembic_version":
                continue
            json_columns = [c.name for c in table.c if isinstance(c.type, sa.JSON)]
            rows = [dict(r._mapping) for r in src.execute(sa.text(f'SELECT * FROM "{table.name}"'))]
            for row in rows:
                for name in json_columns:
                    if isinstance(row.get(name), str):
                        row[name] = json.loads(row[name])
            if rows:
                dst.execute(table.insert(), rows)
            if "id" in table.c:
                dst.execute(
                    sa.text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                        f'COALESCE((SELECT MAX(id) FROM "{table.name}"), 0) + 1, false)'
                    )
                )


@pytest.fixture(params=BACKENDS)
def legacy_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The legacy fixture at 20251216 (SQLite: the dump itself; PostgreSQL: its rows copied)."""
    if request.param == "sqlite":
        yield load_legacy_sqlite(tmp_path / "legacy.db")
        return
    with scratch_url("postgresql", tmp_path) as url:
        source = load_legacy_sqlite(tmp_path / "source.db")
        with app_on(url):
            upgrade(BEFORE_VALIDATION)
            _copy_rows(sa.create_engine(source), engine())
        yield url


def test_legacy_journal_entries_come_out_of_the_api_and_are_searchable(legacy_url: str) -> None:
    with app_on(legacy_url) as app:
        upgrade()
        client = app.test_client()
        login = client.post("/auth/login", json=ALICE)
        assert login.status_code == 200, login.get_json()
        headers = {"Authorization": f"Bearer {login.get_json()['access_token']}"}

        timeline = client.get("/api/v1/journal/entries", headers=headers)
        assert timeline.status_code == 200, timeline.get_json()
        items = timeline.get_json()["items"]
        assert [(i["id"], i["title"], i["entry_date"], i["mood"], i["tags"]) for i in items] == [
            (5, "Day 4", "2025-11-14", 3, []),
            (4, "Day 3", "2025-11-13", 3, ["life", "note"]),
            (3, "Day 2", "2025-11-12", 3, []),
            (2, "Day 1", "2025-11-11", 4, ["life", "note"]),
            (1, "Day 0", "2025-11-10", -3, []),
        ]
        assert items[1]["body_html"] == "<p>Entry body 3 for Alice Example</p>\n"

        found = client.get("/api/v1/journal/entries", query_string={"q": "body 3"}, headers=headers)
        assert [(i["id"], i["snippet"]) for i in found.get_json()["items"]] == [
            (4, "Entry <mark>body</mark> <mark>3</mark> for Alice Example"),
        ]
        alice = client.get(
            "/api/v1/journal/entries", query_string={"q": "alice", "tag": "note"}, headers=headers
        )
        assert [i["id"] for i in alice.get_json()["items"]] == [4, 2]
        day = client.get("/api/v1/journal/on-this-day", query_string={"date": "2026-11-12"}, headers=headers)
        assert [(i["id"], i["years_ago"]) for i in day.get_json()["items"]] == [(3, 1)]
