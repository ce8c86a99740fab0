"""The session's query class runs the guide's `query(text("SELECT …"))` and changes nothing else."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask


def test_guide_step3_form_returns_the_count(app: Flask, user_factory: Any) -> None:
    from lifeos.extensions import db

    user_factory()
    user_factory()
    for table in ("user", "finance_account"):
        quoted = db.session.get_bind().dialect.identifier_preparer.quote(table)
        expected = db.session.execute(sa.text(f"SELECT COUNT(*) FROM {quoted}")).scalar_one()
        assert db.session.query(db.text(f"SELECT COUNT(*) FROM {quoted}")).scalar() == expected
    assert db.session.query(db.text('SELECT COUNT(*) FROM "user"')).scalar() == 2


@pytest.mark.parametrize("sql", ["select 40 + 2", "  SELECT 42", "\n\tSelect 42 AS answer"])
def test_any_spelling_of_a_full_select(app: Flask, sql: str) -> None:
    from lifeos.extensions import db

    assert db.session.query(db.text(sql)).scalar() == 42
    assert db.session.query(db.text(sql)).all() == [(42,)]


def test_other_queries_compile_as_before(app: Flask) -> None:
    from lifeos.domains.finance.models import Account
    from lifeos.extensions import db

    # A text fragment that is not a whole SELECT stays a column expression.
    mixed = db.session.query(Account.id, db.text("1"))
    assert str(mixed.statement) == str(sa.select(Account.id, sa.text("1")))
    assert str(db.session.query(Account).statement) == str(sa.select(Account))
    # A column literally named "selection" is not a SELECT statement.
    assert "(SELECT" not in str(db.session.query(db.text("selection")).statement)
    assert db.session.query(Account).count() == 0


def test_the_shim_is_the_sessions_query_class(app: Flask) -> None:
    from lifeos.extensions import TextSelectQuery, db

    assert isinstance(db.session.query(db.text("SELECT 1")), TextSelectQuery)
