"""The PostgreSQL backfill's SQL normalisation equals normalize_name on printable ASCII, and the
large-backfill path (drop the name indexes, SQL ranges, Python for the rest, rebuild) works."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lifeos.domains.finance.naming import normalize_name
from lifeos.migrations.helpers.batched import PRINTABLE_ASCII, SQL_NORMALIZE
from tests.conftest import PG_ADMIN_URL, require_postgres
from tests.migrations.support import BEFORE_VALIDATION, app_on, engine, scratch_url, upgrade

# Printable ASCII, with spaces and the letters whose case mapping differs by locale made likely.
ASCII = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        st.sampled_from([" ", " ", "I", "i", "S"]),
    ),
    max_size=40,
)
# Strings with at least one character outside printable ASCII (no NUL: PostgreSQL text cannot hold it).
NOT_ASCII = st.tuples(
    ASCII,
    st.characters(min_codepoint=1, blacklist_categories=("Cs",)).filter(lambda c: not " " <= c <= "~"),
    ASCII,
).map("".join)


@given(ASCII)
@example("  Savings   Account 12 ")
@example("ISTANBUL")
def test_normalize_name_on_printable_ascii_is_trim_collapse_lower(name: str) -> None:
    """The identity the SQL relies on, checked in Python (runs without a database)."""
    assert normalize_name(name) == re.sub(" {2,}", " ", name.strip(" ")).lower()


@pytest.fixture(scope="module")
def pg() -> Iterator[sa.Engine]:
    require_postgres()
    eng = sa.create_engine(PG_ADMIN_URL)  # read-only SELECTs on literals: no scratch database needed
    yield eng
    eng.dispose()


def _sql(conn: sa.Connection, name: str) -> tuple[str, bool]:
    row = conn.execute(
        sa.text(
            f"SELECT {SQL_NORMALIZE}, {PRINTABLE_ASCII} "
            "FROM (SELECT CAST(:name AS varchar(255)) AS name) AS t"
        ),
        {"name": name},
    ).one()
    return row[0], row[1]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=ASCII)
@example(name="  Savings   Account 12 ")
@example(name="ISTANBUL iI")
@example(name="")
@example(name="   ")
def test_sql_normalisation_equals_normalize_name_on_printable_ascii(pg: sa.Engine, name: str) -> None:
    with pg.connect() as conn:
        normalized, is_ascii = _sql(conn, name)
    assert is_ascii
    assert normalized == normalize_name(name)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=NOT_ASCII)
@example(name="Stra\u00dfe")
@example(name="Caisse\t\u00c9pargne")
@example(name="\uff33\uff21\uff36\uff29\uff2e\uff27\uff33")
@example(name="a\x7fb")
def test_other_names_are_left_to_python(pg: sa.Engine, name: str) -> None:
    with pg.connect() as conn:
        _, is_ascii = _sql(conn, name)
    assert not is_ascii


def test_large_backfill_drops_and_rebuilds_the_name_indexes(tmp_path: Path) -> None:
    """60,000 accounts to fill (over the 50,000 threshold): mostly ASCII, some for Python."""
    odd = ["Stra\u00dfe {}", "\uff33\uff21\uff36\uff29\uff2e\uff27\uff33 {}", "Caisse\t\u00c9pargne {}"]
    with scratch_url("postgresql", tmp_path) as url, app_on(url):
        upgrade(BEFORE_VALIDATION)
        with engine().begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO \"user\" (id, email, password_hash) "
                "SELECT g, 'u' || g || '@example.com', 'x' FROM generate_series(1, 50) AS g"
            ))  # fmt: skip
            conn.execute(
                sa.text("INSERT INTO finance_account_category (id, code, name) VALUES (1, '1', 'A')")
            )
            conn.execute(sa.text(
                "INSERT INTO finance_account (user_id, category_id, name, normalized_name) "
                "SELECT 1 + g % 50, 1, '  Savings  ACCOUNT ' || g || ' ', '' "
                "FROM generate_series(1, 60000) AS g"
            ))  # fmt: skip
            for i, pattern in enumerate(odd * 5):
                conn.execute(
                    sa.text(
                        "INSERT INTO finance_account (user_id, category_id, name, normalized_name) "
                        "VALUES (1, 1, :name, '')"
                    ),
                    {"name": pattern.format(i)},
                )
        output = upgrade()
        assert "dropped index ix_finance_account_user_normalized_name" in output
        assert "dropped index ix_finance_account_normalized_name" in output
        assert "backfilled normalized_name on 60015 accounts" in output
        assert "created index ix_finance_account_user_normalized_name" in output
        assert "WARNING" not in output
        with engine().connect() as conn:
            rows = conn.execute(sa.text("SELECT name, normalized_name FROM finance_account")).tuples().all()
            opclasses = conn.execute(
                sa.text(
                    "SELECT opc.opcname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                    "JOIN LATERAL unnest(i.indclass) WITH ORDINALITY AS k(o, n) ON true "
                    "JOIN pg_opclass opc ON opc.oid = k.o "
                    "WHERE c.relname = 'ix_finance_account_user_normalized_name' ORDER BY k.n"
                )
            ).scalars().all()  # fmt: skip
        assert all(normalized == normalize_name(name) for name, normalized in rows)
        assert opclasses == ["int4_ops", "varchar_pattern_ops"]
        indexes = {i["name"] for i in sa.inspect(engine()).get_indexes("finance_account")}
        assert {"ix_finance_account_normalized_name", "ux_finance_account_user_active_name"} <= indexes
