"""lifeos.devtools.scratch_db: the one scratch-database helper of the tests and the benchmarks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from lifeos.devtools.scratch_db import (
    create_pg_database,
    drop_pg_database,
    scratch_database,
    unique_name,
)
from tests.conftest import PG_ADMIN_URL, require_postgres


def _exists(name: str) -> bool:
    engine = create_engine(PG_ADMIN_URL)
    try:
        with engine.connect() as conn:
            found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
    finally:
        engine.dispose()
    return found is not None


def test_names_are_unique_and_prefixes_are_checked() -> None:
    names = {unique_name("lifeos_x") for _ in range(50)}
    assert len(names) == 50
    assert all(re.fullmatch(r"lifeos_x_\d{8}_\d{6}_[0-9a-f]{8}", n) for n in names)
    for bad in ("Upper", "has-dash", 'quote"', "", "x" * 39):
        with pytest.raises(ValueError, match="prefix"):
            unique_name(bad)


def test_sqlite_scratch_is_a_file_in_the_directory(tmp_path: Path) -> None:
    with scratch_database("sqlite", tmp_path, filename="a.db") as url:
        assert url == f"sqlite:///{tmp_path / 'a.db'}"
    with pytest.raises(ValueError, match="unknown backend"), scratch_database("mysql", tmp_path):
        pass


def test_postgresql_scratch_is_created_and_dropped_even_with_open_connections(tmp_path: Path) -> None:
    require_postgres()
    with scratch_database("postgresql", tmp_path, admin_url=PG_ADMIN_URL, prefix="lifeos_sd") as url:
        name = url.rsplit("/", 1)[1]
        assert name.startswith("lifeos_sd_") and _exists(name)
        engine = create_engine(url)
        held = engine.connect()  # WITH (FORCE) must not wait for it
        assert held.execute(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).scalar() == 0
    assert not _exists(name)
    held.invalidate()  # the server closed it
    engine.dispose()


def test_keep_leaves_the_database(tmp_path: Path) -> None:
    require_postgres()
    keep = scratch_database("postgresql", tmp_path, admin_url=PG_ADMIN_URL, prefix="lifeos_sd", keep=True)
    with keep as url:
        pass
    try:
        assert _exists(url.rsplit("/", 1)[1])
    finally:
        drop_pg_database(PG_ADMIN_URL, url)


def test_only_scratch_databases_can_be_dropped() -> None:
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    for name in ("postgres", "template1", "lifeos", "lifeos_prod_2025"):
        with pytest.raises(ValueError, match="not a scratch database"):
            drop_pg_database(PG_ADMIN_URL, f"{base}/{name}")
    require_postgres()
    url = create_pg_database(PG_ADMIN_URL, "lifeos_sd")
    drop_pg_database(PG_ADMIN_URL, url)
    drop_pg_database(PG_ADMIN_URL, url)  # IF EXISTS: dropping twice is fine
