"""20261207_receivable_rules: up, down, up on both databases; legacy rows keep their meaning."""

from __future__ import annotations

from pathlib import Path

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

REVISION = "20261207_receivable_rules"
PREVIOUS = "20261207_schedule_rules"


def _seed(conn: sa.Connection) -> None:
    conn.execute(
        sa.text(
            'INSERT INTO "user" (id, email, password_hash, is_active, created_at) '
            "VALUES (1, 'a@example.com', 'x', true, CURRENT_TIMESTAMP)"
        )
    )
    for tracker_id, rate in ((1, "5.00"), (2, None), (3, "0.00")):
        conn.execute(
            sa.text(
                "INSERT INTO finance_receivable_tracker "
                "(id, user_id, counterparty, principal, start_date, interest_rate, created_at) "
                "VALUES (:id, 1, 'Bob', 100.00, '2025-01-01', :rate, CURRENT_TIMESTAMP)"
            ),
            {"id": tracker_id, "rate": rate},
        )
    conn.execute(
        sa.text(
            "INSERT INTO finance_loan_group (id, user_id, name, created_at) "
            "VALUES (1, 1, 'Car', CURRENT_TIMESTAMP)"
        )
    )
    for link_id, tracker_id in ((1, 1), (2, 1), (3, 2)):
        conn.execute(
            sa.text(
                "INSERT INTO finance_loan_group_link (id, group_id, tracker_id, user_id) "
                "VALUES (:id, 1, :t, 1)"
            ),
            {"id": link_id, "t": tracker_id},
        )
    conn.execute(
        sa.text(
            "INSERT INTO finance_journal_entry "
            "(id, user_id, description, posted_at, entry_date, created_at, source) "
            "VALUES (1, 1, 'repaid', CURRENT_TIMESTAMP, '2025-02-01', CURRENT_TIMESTAMP, 'manual')"
        )
    )


def _columns(table: str) -> dict[str, bool]:
    return {c["name"]: bool(c["nullable"]) for c in sa.inspect(engine()).get_columns(table)}


def _indexes(table: str) -> dict[str, bool]:
    return {i["name"]: bool(i["unique"]) for i in sa.inspect(engine()).get_indexes(table)}


@pytest.mark.parametrize("backend", BACKENDS)
def test_up_down_up_keeps_trackers_and_gives_legacy_rates_a_kind(backend: str, tmp_path: Path) -> None:
    with scratch_url(backend, tmp_path) as url, app_on(url):
        upgrade(PREVIOUS)
        with engine().begin() as conn:
            _seed(conn)
        output = upgrade(REVISION)
        assert "1 legacy trackers with an interest_rate now accrue simple interest" in output
        assert "link 2: tracker 1 was linked to group 1 twice; deleted" in output
        with engine().connect() as conn:
            kinds = conn.execute(
                sa.text("SELECT id, interest_kind FROM finance_receivable_tracker ORDER BY id")
            )
            assert [tuple(r) for r in kinds] == [(1, "simple"), (2, "none"), (3, "none")]
            direction = conn.execute(sa.text("SELECT direction, extra_payment_mode FROM finance_loan_group"))
            assert tuple(direction.one()) == ("lent", "shorter_term")
            links = conn.execute(sa.text("SELECT id FROM finance_loan_group_link ORDER BY id")).scalars()
            assert list(links) == [1, 3]
        assert _columns("finance_loan_group_link")["tracker_id"] is True
        assert _indexes("finance_loan_group_link")["ux_finance_loan_group_link_group_tracker"] is True
        assert _indexes("finance_loan_group_link")["ux_finance_loan_group_link_group_entry"] is True
        with engine().begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO finance_loan_group_link (id, group_id, journal_entry_id, user_id) "
                    "VALUES (4, 1, 1, 1)"
                )
            )
        with pytest.raises(sa.exc.IntegrityError), engine().begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO finance_loan_group_link (group_id, tracker_id, user_id) VALUES (1, 1, 1)"
                )
            )

        stamp(PREVIOUS)
        assert "nothing to do" in upgrade(REVISION)  # inspect, then act: a second run changes nothing

        output = downgrade(PREVIOUS)
        assert "deleted 1 links to journal entries" in output
        assert "interest_kind" not in _columns("finance_receivable_tracker")
        assert "direction" not in _columns("finance_loan_group")
        assert _columns("finance_loan_group_link") == {
            "id": False,
            "group_id": False,
            "tracker_id": False,
            "user_id": False,
        }
        assert "ux_finance_loan_group_link_group_tracker" not in _indexes("finance_loan_group_link")
        with engine().connect() as conn:
            rates = conn.execute(
                sa.text("SELECT interest_rate FROM finance_receivable_tracker ORDER BY id")
            ).scalars()
            assert [None if r is None else float(r) for r in rates] == [5.0, None, 0.0]
            assert list(
                conn.execute(sa.text("SELECT id FROM finance_loan_group_link ORDER BY id")).scalars()
            ) == [1, 3]

        upgrade()
        assert _columns("finance_receivable_tracker")["interest_kind"] is False
        assert model_diffs(engine()) == []
