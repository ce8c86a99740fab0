"""normalized_name backfill and the active-name unique index, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from lifeos.domains.finance.naming import normalize_name
from tests.migrations.support import (
    BACKENDS,
    BEFORE_VALIDATION,
    HEAD_OF_VALIDATION,
    app_on,
    engine,
    scratch_url,
    upgrade,
)

pytestmark = pytest.mark.parametrize("backend", BACKENDS)


def _add_user_and_accounts(conn: sa.Connection, names: list[tuple[str, bool]]) -> None:
    conn.execute(sa.text("INSERT INTO \"user\" (id, email, password_hash) VALUES (1, 'a@example.com', 'x')"))
    conn.execute(
        sa.text("INSERT INTO finance_account_category (id, code, name) VALUES (1, '1000', 'Assets')")
    )
    for name, active in names:
        conn.execute(
            sa.text(
                "INSERT INTO finance_account (user_id, category_id, name, is_active, normalized_name) "
                "VALUES (1, 1, :name, :active, '')"
            ),
            {"name": name, "active": active},
        )


def test_backfill_uses_the_app_normalisation(backend: str, tmp_path: Path) -> None:
    names = [
        "  Savings   Account ",
        "ＳＡＶＩＮＧＳ  Account 2",
        "Straße",
        "Caisse\tÉpargne\n",
        "ＡＢＣ　Bank",
    ]
    with scratch_url(backend, tmp_path) as url, app_on(url):
        upgrade(BEFORE_VALIDATION)
        with engine().begin() as conn:
            _add_user_and_accounts(conn, [(n, True) for n in names])
        output = upgrade()
        assert "backfilled normalized_name on 5 accounts" in output
        with engine().connect() as conn:
            got = dict(
                conn.execute(sa.text("SELECT name, normalized_name FROM finance_account")).tuples().all()
            )
        assert got == {n: normalize_name(n) for n in names}
        assert got["ＳＡＶＩＮＧＳ  Account 2"] == "savings account 2"
        assert got["Straße"] == "strasse"
        assert got["Caisse\tÉpargne\n"] == "caisse épargne"
        assert got["ＡＢＣ　Bank"] == "abc bank"
        indexes = {i["name"] for i in sa.inspect(engine()).get_indexes("finance_account")}
        assert "ux_finance_account_user_active_name" in indexes


def test_active_duplicates_skip_the_unique_index_with_a_warning(backend: str, tmp_path: Path) -> None:
    # Two active accounts that normalise alike, and an inactive one that may share the name.
    names = [("Savings", True), (" SAVINGS ", True), ("savings", False), ("Rent", True)]
    with scratch_url(backend, tmp_path) as url, app_on(url):
        upgrade(BEFORE_VALIDATION)
        with engine().begin() as conn:
            _add_user_and_accounts(conn, names)
        output = upgrade(HEAD_OF_VALIDATION)
        assert "WARNING skipped unique index ux_finance_account_user_active_name" in output
        assert "1, savings (×2)" in output
        indexes = {i["name"] for i in sa.inspect(engine()).get_indexes("finance_account")}
        assert "ux_finance_account_user_active_name" not in indexes
        assert "ix_finance_account_user_normalized_name" in indexes

        # Once the user resolves the duplicate, running the revision again adds the index.
        with engine().begin() as conn:
            conn.execute(
                sa.text("UPDATE finance_account SET is_active = :f WHERE name = ' SAVINGS '"), {"f": False}
            )
            conn.execute(sa.text("UPDATE alembic_version SET version_num = :v"), {"v": BEFORE_VALIDATION})
        output = upgrade(HEAD_OF_VALIDATION)
        assert "created index ux_finance_account_user_active_name" in output


def test_duplicates_left_at_20251218_are_kept_apart_by_20261207(backend: str, tmp_path: Path) -> None:
    """20261207_legacy_adoption keeps both accounts active, reports them, then adds the index."""
    names = [("Savings", True), (" SAVINGS ", True), ("savings", False), ("Rent", True)]
    with scratch_url(backend, tmp_path) as url, app_on(url):
        upgrade(BEFORE_VALIDATION)
        with engine().begin() as conn:
            _add_user_and_accounts(conn, names)
        upgrade(HEAD_OF_VALIDATION)
        output = upgrade()
        assert "WARNING name collision: user 1: active accounts 1 'Savings', 2 ' SAVINGS '" in output
        assert "flask finance accounts merge --user-id 1 --from 2 --into 1" in output
        assert "created index ux_finance_account_user_active_name" in output
        with engine().connect() as conn:
            rows = conn.execute(
                sa.text("SELECT id, is_active, normalized_name FROM finance_account ORDER BY id")
            ).all()
        assert [(r.id, bool(r.is_active), r.normalized_name) for r in rows] == [
            (1, True, "savings"),
            (2, True, "savings  #2"),
            (3, False, "savings"),
            (4, True, "rent"),
        ]
