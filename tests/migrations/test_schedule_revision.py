"""20261207_schedule_rules on both databases: up, down, up; legacy rows keep their meaning."""

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
    scratch_url,
    stamp,
    upgrade,
)

pytestmark = pytest.mark.parametrize("backend", BACKENDS)

BEFORE = "20261207_legacy_adoption"
REVISION = "20261207_schedule_rules"
TABLES = {
    "finance_money_schedule_row",
    "finance_money_schedule_daily_balance",
    "finance_money_schedule_scenario",
    "finance_money_schedule_scenario_row",
    "finance_money_schedule_match",
}


def _mine(diffs: list[Any]) -> list[Any]:
    """The model differences that concern the schedule tables (other revisions have theirs)."""
    text = [repr(d) for d in diffs]
    return [t for t in text if any(name in t for name in TABLES)]


def _columns(table: str) -> set[str]:
    return {c["name"] for c in sa.inspect(engine()).get_columns(table)}


def _seed(conn: sa.Connection) -> None:
    conn.execute(
        sa.text('INSERT INTO "user" (id, email, password_hash) VALUES (1, :e, :h)'),
        {"e": "a@example.com", "h": "x"},
    )
    conn.execute(
        sa.text(
            "INSERT INTO finance_account (id, user_id, name, account_type, account_subtype, normalized_name) "
            "VALUES (1, 1, 'Bank', 'asset', 'bank', 'bank')"
        )
    )
    conn.execute(
        sa.text(
            "INSERT INTO finance_money_schedule_row (id, user_id, account_id, event_date, amount, memo) "
            "VALUES (1, 1, 1, '2027-03-31', -950.00, 'Rent')"
        )
    )
    conn.execute(
        sa.text("INSERT INTO finance_money_schedule_scenario (id, user_id, name) VALUES (1, 1, 'Old')")
    )
    conn.execute(
        sa.text(
            "INSERT INTO finance_money_schedule_scenario_row "
            "(id, scenario_id, base_row_id, delta_amount, user_id) VALUES (1, 1, 1, 50.00, 1)"
        )
    )
    for row_id, balance in ((1, "10.00"), (2, "20.00")):
        conn.execute(
            sa.text(
                "INSERT INTO finance_money_schedule_daily_balance (id, user_id, as_of, balance) "
                "VALUES (:id, 1, '2027-03-10', :b)"
            ),
            {"id": row_id, "b": balance},
        )


def _rows() -> list[tuple[Any, ...]]:
    with engine().connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                sa.text(
                    "SELECT id, user_id, account_id, event_date, amount, memo "
                    "FROM finance_money_schedule_row ORDER BY id"
                )
            )
        ]


def test_upgrade_downgrade_upgrade(backend: str, tmp_path: Path) -> None:
    with scratch_url(backend, tmp_path) as url, app_on(url):
        upgrade(BEFORE)
        with engine().begin() as conn:
            _seed(conn)
        before = _rows()

        output = upgrade(REVISION)
        assert f"{REVISION}: added column finance_money_schedule_row.recurrence" in output
        assert f"{REVISION}: deleted 1 duplicate stored projection days" in output
        assert f"{REVISION}: created table finance_money_schedule_match" in output
        assert _rows() == before
        with engine().connect() as conn:
            legacy = conn.execute(
                sa.text(
                    "SELECT recurrence, repeat_every, weekend_rule, amount_tolerance, match_window_days "
                    "FROM finance_money_schedule_row"
                )
            ).one()
            assert (legacy[0], legacy[1], legacy[2], float(legacy[3]), legacy[4]) == (
                "once",
                1,
                "keep",
                0.0,
                3,
            )
            op = conn.execute(
                sa.text(
                    "SELECT op, base_row_id, delta_amount, amount FROM finance_money_schedule_scenario_row"
                )
            ).one()
            assert (op[0], op[1], float(op[2]), op[3]) == ("change", 1, 50.0, None)
            kept = conn.execute(sa.text("SELECT id, balance FROM finance_money_schedule_daily_balance")).all()
            assert [(r[0], float(r[1])) for r in kept] == [(2, 20.0)]
        with pytest.raises(sa.exc.IntegrityError), engine().begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO finance_money_schedule_daily_balance (id, user_id, as_of, balance) "
                    "VALUES (3, 1, '2027-03-10', 1)"
                )
            )

        upgrade()
        assert _mine(model_diffs(engine())) == []

        output = downgrade(BEFORE)
        assert "downgrade dropped the rules" in output
        assert "recurrence" not in _columns("finance_money_schedule_row")
        assert "op" not in _columns("finance_money_schedule_scenario_row")
        assert "finance_money_schedule_match" not in sa.inspect(engine()).get_table_names()
        assert _rows() == before

        assert f"{REVISION}: added column" in upgrade()
        stamp(BEFORE)  # inspect, then act: a second run finds everything in place
        assert f"{REVISION}: nothing to do" in upgrade(REVISION)
        upgrade()
        assert _rows() == before
        assert _mine(model_diffs(engine())) == []
