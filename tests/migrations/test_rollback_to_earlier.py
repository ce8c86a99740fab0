"""A rollback the earlier LifeOS can live with: its logins and its writes work after downgrade."""

from __future__ import annotations

from pathlib import Path

import bcrypt
import pytest
import sqlalchemy as sa

from tests.migrations.earlier_states import USERS, earlier_database, row_counts
from tests.migrations.support import (
    BACKENDS,
    BEFORE_VALIDATION,
    HEAD,
    app_on,
    downgrade,
    engine,
    model_diffs,
    upgrade,
)

# Rows written the way the 20251216-era code writes them: only the columns that schema has.
EARLIER_WRITES = (
    "INSERT INTO finance_account (id, user_id, category_id, name, code, is_active, account_type, "
    "account_subtype, normalized_name, created_at) VALUES (500, 1, 1, 'Earlier Account', '1500', TRUE, "
    "'asset', 'bank', 'earlier account', '2025-12-20 10:00:00')",
    "INSERT INTO finance_journal_entry (id, user_id, description, posted_at) "
    "VALUES (500, 1, 'written by the earlier app', '2025-12-20 10:00:00')",
    "INSERT INTO finance_journal_line (id, entry_id, account_id, debit, credit, memo) "
    "VALUES (500, 500, 500, 7.5, 0, NULL)",
    "INSERT INTO finance_journal_line (id, entry_id, account_id, debit, credit, memo) "
    "VALUES (501, 500, 1, 0, 7.5, NULL)",
    "INSERT INTO finance_receivable_tracker (id, user_id, counterparty, principal, start_date) "
    "VALUES (500, 1, 'Carol', 100, '2025-12-20')",
    "INSERT INTO finance_receivable_manual_entry (id, tracker_id, entry_date, amount, memo) "
    "VALUES (500, 500, '2025-12-21', 10, 'first payment')",
    "INSERT INTO finance_loan_group (id, user_id, name) VALUES (500, 1, 'Family loans')",
    "INSERT INTO finance_loan_group_link (id, group_id, tracker_id) VALUES (500, 500, 500)",
    "INSERT INTO finance_money_schedule_scenario (id, user_id, name) VALUES (500, 1, 'What if')",
    "INSERT INTO finance_money_schedule_scenario_row (id, scenario_id, delta_amount) VALUES (500, 500, 3)",
    "INSERT INTO finance_money_schedule_row (id, user_id, account_id, event_date, amount) "
    "VALUES (500, 1, 1, '2025-12-31', 42)",
    "INSERT INTO finance_transaction (id, user_id, amount, occurred_at) "
    "VALUES (500, 1, 12, '2025-12-20 10:00:00')",
    "INSERT INTO finance_trial_balance_setting (id, user_id, month, auto_rollup) "
    "VALUES (500, 2, '2025-12', TRUE)",
    "INSERT INTO skill (id, user_id, name, level, created_at) "
    "VALUES (500, 1, 'Typing', 'beginner', '2025-12-20 10:00:00')",
    "INSERT INTO skill_practice_session (id, skill_id, duration_minutes, practiced_at) "
    "VALUES (500, 500, 30, '2025-12-20 10:00:00')",
    "INSERT INTO skill_metric (id, skill_id, name, value, recorded_at) "
    "VALUES (500, 500, 'wpm', 55, '2025-12-20 10:00:00')",
    "INSERT INTO project (id, user_id, name, status, created_at) "
    "VALUES (500, 1, 'Roof', 'active', '2025-12-20 10:00:00')",
    "INSERT INTO project_task (id, project_id, title, status, created_at) "
    "VALUES (500, 500, 'Call roofer', 'open', '2025-12-20 10:00:00')",
    "INSERT INTO project_task_log (id, task_id, logged_at) VALUES (500, 500, '2025-12-20 11:00:00')",
    "INSERT INTO habits_habit (id, user_id, name, schedule_type, is_active, created_at, updated_at) "
    "VALUES (500, 1, 'Stretch', 'daily', TRUE, '2025-12-20 10:00:00', '2025-12-20 10:00:00')",
    "INSERT INTO habits_habit_log (id, user_id, habit_id, logged_date, created_at) "
    "VALUES (500, 1, 500, '2025-12-20', '2025-12-20 10:00:00')",
)
# NOT NULL columns this app added that the earlier code does not fill (issue #14).
RELAXED = (
    ("finance_journal_entry", "entry_date"),
    ("finance_receivable_manual_entry", "user_id"),
    ("finance_journal_line", "user_id"),
    ("finance_loan_group_link", "user_id"),
    ("finance_money_schedule_scenario_row", "user_id"),
    ("skill_metric", "user_id"),
    ("skill_practice_session", "user_id"),
    ("project_task", "user_id"),
    ("project_task_log", "user_id"),
)


def stored_hash(email: str) -> str:
    with engine().connect() as conn:
        return str(
            conn.execute(
                sa.text('SELECT password_hash FROM "user" WHERE email = :e'), {"e": email}
            ).scalar_one()
        )


@pytest.mark.parametrize("backend", BACKENDS)
def test_upgrade_login_downgrade_keeps_the_earlier_app_working(backend: str, tmp_path: Path) -> None:
    from lifeos.extensions import db

    with earlier_database(backend, "at_20251216", tmp_path) as url, app_on(url) as app:
        upgrade()
        client = app.test_client()
        alice = client.post(
            "/auth/login", json={"email": "alice@example.com", "password": USERS["alice@example.com"]}
        )
        assert alice.status_code == 200
        assert stored_hash("alice@example.com").startswith("$argon2id$")  # rehashed at login
        db.session.remove()  # the requests' session must not hold locks the DDL waits for

        output = downgrade(BEFORE_VALIDATION)
        assert "restored the bcrypt password hash of 1 users" in output
        assert "WARNING" not in output  # everyone still has a bcrypt hash
        for email, password in USERS.items():  # the earlier app checks bcrypt only
            stored = stored_hash(email)
            assert bcrypt.checkpw(password.encode(), stored.encode())

        columns = {t: {c["name"]: c for c in sa.inspect(engine()).get_columns(t)} for t, _ in RELAXED}
        for table, column in RELAXED:
            assert columns[table][column]["nullable"], f"{table}.{column} is still NOT NULL"
        with engine().begin() as conn:
            for statement in EARLIER_WRITES:
                conn.execute(sa.text(statement))
        kept = row_counts(engine())

        upgrade()
        after = row_counts(engine())
        assert {t: after[t] for t in kept} == kept
        assert model_diffs(engine()) == []
        with engine().connect() as conn:
            assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == HEAD
            entry = conn.execute(
                sa.text("SELECT entry_date FROM finance_journal_entry WHERE id = 500")
            ).scalar_one()
            assert str(entry) == "2025-12-20"
            for table in ("finance_journal_line", "finance_receivable_manual_entry", "skill_metric"):
                assert conn.execute(sa.text(f"SELECT user_id FROM {table} WHERE id = 500")).scalar_one() == 1
        for email, password in USERS.items():
            again = client.post("/auth/login", json={"email": email, "password": password})
            assert again.status_code == 200, again.get_json()
        verify = app.test_cli_runner().invoke(args=["db", "verify"])
        assert verify.exit_code == 0, verify.output


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_changed_password_is_not_restored_and_the_downgrade_says_who(backend: str, tmp_path: Path) -> None:
    from lifeos.extensions import db

    with earlier_database(backend, "at_20251216", tmp_path) as url, app_on(url) as app:
        upgrade()
        client = app.test_client()
        login = client.post("/auth/login", json={"email": "bob@example.com", "password": "bob-pass-2025"})
        body = login.get_json()
        headers = {"Authorization": f"Bearer {body['access_token']}", "X-CSRF-Token": body["csrf_token"]}
        changed = client.post(
            "/auth/password",
            json={"current_password": "bob-pass-2025", "new_password": "a-brand-new-pass-2026"},
            headers=headers,
        )
        assert changed.status_code in (200, 204), changed.get_json()
        db.session.remove()
        output = downgrade(BEFORE_VALIDATION)
        assert "WARNING 1 users have no bcrypt hash" in output and "2 bob@example.com" in output
        assert bcrypt.checkpw(b"alice-pass-2025", stored_hash("alice@example.com").encode())
        assert stored_hash("bob@example.com").startswith("$argon2id$")  # the old one is gone for good
