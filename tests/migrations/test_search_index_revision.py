"""20261207_search_indexes: up, down, up on both databases; an invalid index is rebuilt."""

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
    schema_snapshot,
    scratch_url,
    stamp,
    upgrade,
)

REVISION = "20261207_search_indexes"
PREVIOUS = "20261207_import_rules"
INDEX = "ix_finance_account_user_rank"


def _indexes() -> set[str]:
    return {str(i["name"]) for i in sa.inspect(engine()).get_indexes("finance_account")}


def _mine(diffs: list[Any]) -> list[Any]:
    return [d for d in diffs if INDEX in repr(d)]


@pytest.mark.parametrize("backend", BACKENDS)
def test_up_down_up(backend: str, tmp_path: Path) -> None:
    with scratch_url(backend, tmp_path) as url, app_on(url):
        upgrade(PREVIOUS)
        upgrade(REVISION)
        assert (INDEX in _indexes()) is (backend == "postgresql")
        assert _mine(model_diffs(engine())) == []
        before = schema_snapshot(engine())
        stamp(PREVIOUS)
        upgrade(REVISION)  # inspect, then act: nothing changes on a second run
        assert schema_snapshot(engine()) == before
        downgrade(PREVIOUS)
        assert INDEX not in _indexes()
        upgrade()
        assert (INDEX in _indexes()) is (backend == "postgresql")


def test_an_invalid_index_is_rebuilt(tmp_path: Path) -> None:
    """An interrupted concurrent build leaves an INVALID index: the revision replaces it."""
    with scratch_url("postgresql", tmp_path) as url, app_on(url):
        upgrade(PREVIOUS)
        with engine().begin() as conn:
            conn.execute(
                sa.text("""INSERT INTO "user" (id, email, password_hash, is_active, created_at)
                VALUES (1, 'a@example.com', 'x', true, CURRENT_TIMESTAMP)""")
            )
            conn.execute(sa.text(
                "INSERT INTO finance_account (user_id, name, normalized_name, account_type, is_active,"
                " use_count, created_at) SELECT 1, 'Acct ' || g, 'acct ' || g, 'asset', true, g % 50,"
                " CURRENT_TIMESTAMP FROM generate_series(1, 5000) AS g"
            ))  # fmt: skip
            conn.execute(sa.text(f"CREATE INDEX {INDEX} ON finance_account (user_id)"))
            conn.execute(sa.text(
                f"UPDATE pg_index SET indisvalid = false WHERE indexrelid = '{INDEX}'::regclass"
            ))  # fmt: skip
        upgrade(REVISION)
        with engine().connect() as conn:
            valid = conn.execute(
                sa.text(f"SELECT indisvalid FROM pg_index WHERE indexrelid = '{INDEX}'::regclass")
            ).scalar_one()
            columns = conn.execute(sa.text(f"SELECT pg_get_indexdef('{INDEX}'::regclass)")).scalar_one()
            assert valid is True
            assert "INCLUDE (is_active, normalized_name)" in columns
