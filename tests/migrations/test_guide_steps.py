"""The deployment guide's verification steps (2-4) and `flask db verify`, as an operator runs them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from tests.migrations.support import BACKENDS, app_on, engine, flask_cli, scratch_url, upgrade

GUIDE_INDEXES = {
    "ix_finance_account_type",
    "ix_finance_account_user_type",
    "ix_finance_account_normalized_name",
    "ix_finance_account_user_normalized_name",
}
# The guide's Step 2 and Step 3 `flask shell` sessions exactly as printed (prompts included);
# `typed` turns them into what a person types: the lines after the prompts, and the empty line
# that ends the `for` block.
STEP2 = """\
>>> from lifeos.extensions import db
>>> from lifeos.domains.finance.models import Account
>>> from lifeos.domains.journal.models import JournalEntry
>>> from lifeos.domains.habits.models import Habit
>>> print("✓ All models can be imported")
>>> db.session.query(Account).count()
0
>>> print("✓ Queries work without error")
"""
STEP3 = """\
>>> from lifeos.extensions import db
>>> tables = ["finance_account", "finance_journal_entry", "journal_entry", "habits_habit"]
>>> for table in tables:
...     count = db.session.query(db.text(f"SELECT COUNT(*) FROM {table}")).scalar()
...     print(f"✓ {table}: {count} rows")
"""


def typed(session: str) -> str:
    lines = [line[4:] for line in session.splitlines() if line.startswith((">>> ", "... "))]
    return "\n".join(lines) + "\n\n"


@pytest.mark.parametrize("backend", BACKENDS)
def test_guide_steps_2_and_3_in_flask_shell(backend: str, tmp_path: Path) -> None:
    with scratch_url(backend, tmp_path) as url:
        with app_on(url):
            upgrade()
        # One `flask shell` session runs both steps (each subprocess costs seconds of imports).
        shell = flask_cli(url, "shell", stdin=typed(STEP2) + typed(STEP3))
        assert shell.returncode == 0, shell.stderr
        assert "✓ All models can be imported" in shell.stdout
        # The console echoes the count after its prompt: `>>> 0`.
        assert re.search(r"(^|\n|>>> )0\n", shell.stdout), shell.stdout
        assert "✓ Queries work without error" in shell.stdout
        for table in ("finance_account", "finance_journal_entry", "journal_entry", "habits_habit"):
            assert f"✓ {table}: 0 rows" in shell.stdout
        assert "Traceback" not in shell.stdout + shell.stderr

        verify = flask_cli(url, "db", "verify")
        assert verify.returncode == 0, verify.stdout + verify.stderr
        assert "✗" not in verify.stdout
        assert "✓ schema at head" in verify.stdout
        assert "✓ accounts needing normalized_name backfill: 0" in verify.stdout


def test_guide_step3_query_form_counts_like_the_modern_form(tmp_path: Path) -> None:
    """SQLAlchemy 2 alone renders the guide's `query(text)` as "SELECT SELECT COUNT(*) …"; the
    session's query class (lifeos.extensions.TextSelectQuery) makes it the count again."""
    from lifeos.extensions import db

    with scratch_url("sqlite", tmp_path) as url, app_on(url):
        upgrade()
        plain = Session(db.engine)  # SQLAlchemy's own Query: the guide's form fails
        with pytest.raises(sa.exc.DBAPIError):
            plain.query(sa.text("SELECT COUNT(*) FROM finance_account")).scalar()
        plain.close()
        assert db.session.query(db.text("SELECT COUNT(*) FROM finance_account")).scalar() == 0
        assert db.session.execute(db.text("SELECT COUNT(*) FROM finance_account")).scalar() == 0


def test_guide_step4_on_postgresql(tmp_path: Path) -> None:
    from lifeos.migrations.verify import plan_uses_index, typeahead_plan

    with scratch_url("postgresql", tmp_path) as url, app_on(url) as app:
        upgrade()
        with engine().begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO \"user\" (id, email, password_hash) "
                "SELECT g, 'u' || g || '@example.com', 'x' FROM generate_series(1, 20) AS g"
            ))  # fmt: skip
            conn.execute(sa.text(
                "INSERT INTO finance_account (user_id, name, normalized_name, account_type) "
                "SELECT 1 + g % 20, 'Account ' || g, 'account ' || g, 'asset' "
                "FROM generate_series(1, 20000) AS g"
            ))  # fmt: skip
            conn.execute(sa.text(
                "INSERT INTO finance_account (user_id, name, normalized_name, account_type) "
                "VALUES (1, 'Savings', 'savings', 'asset')"
            ))  # fmt: skip
            conn.execute(sa.text("ANALYZE finance_account"))

        # 1. \d finance_account | grep ix_
        names = {i["name"] for i in sa.inspect(engine()).get_indexes("finance_account")}
        assert names >= GUIDE_INDEXES
        with engine().connect() as conn:
            # 2. nothing left to backfill
            assert conn.execute(sa.text(
                "SELECT COUNT(*) FROM finance_account WHERE normalized_name = '' OR normalized_name IS NULL"
            )).scalar_one() == 0  # fmt: skip
            # 3. the typeahead query is served by an index, not a sequential scan
            plan = typeahead_plan(conn, user_id=1)
            assert plan_uses_index(plan), plan
            assert "Seq Scan" not in " ".join(plan)
            rows = conn.execute(sa.text(
                "SELECT * FROM finance_account WHERE user_id = 1 AND normalized_name LIKE 'sav%' LIMIT 20"
            )).all()  # fmt: skip
            assert [r.name for r in rows] == ["Savings"]

        verify = app.test_cli_runner().invoke(args=["db", "verify"])
        assert verify.exit_code == 0, verify.output
        assert "✓ typeahead query plan" in verify.output and "Index" in verify.output


def test_a_plan_that_only_filters_names_is_not_an_index_search() -> None:
    from lifeos.migrations.verify import plan_uses_index

    filtered_pg = [
        "Limit  (cost=0.29..8.31 rows=1 width=100)",
        "  ->  Index Scan using ix_finance_account_user_usage on finance_account  (cost=0.29..8.31 rows=1)",
        "        Index Cond: (user_id = 1)",
        "        Filter: ((normalized_name)::text ~~ 'sav%'::text)",
    ]
    searched_pg = [
        "Limit  (cost=0.42..8.44 rows=1 width=100)",
        "  ->  Index Scan using ix_finance_account_user_normalized_name on finance_account",
        "        Index Cond: ((user_id = 1) AND ((normalized_name)::text ~>=~ 'sav'::text))",
    ]
    assert not plan_uses_index(filtered_pg)
    assert plan_uses_index(searched_pg)
    assert not plan_uses_index(["SEARCH finance_account USING INDEX ix_finance_account_user_id (user_id=?)"])
    assert plan_uses_index(
        [
            "SEARCH finance_account USING INDEX ix_finance_account_user_normalized_name "
            "(user_id=? AND normalized_name>? AND normalized_name<?)"
        ]
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_typeahead_plan_searches_the_name_index(backend: str, tmp_path: Path) -> None:
    from lifeos.migrations.verify import plan_uses_index, typeahead_plan

    with scratch_url(backend, tmp_path) as url, app_on(url):
        upgrade()
        if backend == "postgresql":  # the planner needs a table worth an index
            with engine().begin() as conn:
                conn.execute(sa.text(
                    "INSERT INTO \"user\" (id, email, password_hash) "
                    "SELECT g, 'u' || g || '@example.com', 'x' FROM generate_series(1, 20) AS g"
                ))  # fmt: skip
                conn.execute(sa.text(
                    "INSERT INTO finance_account (user_id, name, normalized_name, account_type, use_count) "
                    "SELECT 1 + g % 20, 'Account ' || g, 'account ' || g, 'asset', g % 7 "
                    "FROM generate_series(1, 20000) AS g"
                ))  # fmt: skip
                conn.execute(sa.text("ANALYZE finance_account"))
        with engine().connect() as conn:
            plan = typeahead_plan(conn, user_id=1)
        assert plan_uses_index(plan), plan


@pytest.mark.parametrize("backend", BACKENDS)
def test_verify_fails_when_an_index_is_missing(backend: str, tmp_path: Path) -> None:
    with scratch_url(backend, tmp_path) as url, app_on(url) as app:
        upgrade()
        with engine().begin() as conn:
            conn.execute(sa.text("DROP INDEX ix_finance_account_user_type"))
        result = app.test_cli_runner().invoke(args=["db", "verify"])
        assert result.exit_code == 1
        assert "✗ index ix_finance_account_user_type: missing" in result.output
        assert "✗ indexes on finance_account" in result.output
