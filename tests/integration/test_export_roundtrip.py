"""Export -> restore into a fresh account on the OTHER database -> export again: equal documents.

Built through the HTTP APIs on one backend, restored with `flask users import` on the other
(SQLite -> PostgreSQL and back). Documents are compared with ids and foreign keys replaced by
the row they point at (so relationships are compared, not ids). Also: the restored trial balance
equals the original's, and a restore into a non-empty account is refused and writes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.orm import close_all_sessions

from lifeos.extensions import db
from lifeos.platform.export import SKIPPED_TABLES, exported_tables, owned_row_count
from tests.conftest import _empty_tables

OTHER = {"sqlite": "postgresql", "postgresql": "sqlite"}


@pytest.fixture
def target_app(_backends: Any, backend: str) -> Iterator[Flask]:
    """The other backend's migrated database (real commits), emptied afterwards."""
    other = _backends.app_for(OTHER[backend])
    try:
        yield other
    finally:
        close_all_sessions()  # the CLI runner's and the factories' sessions on the other database
        with other.app_context():
            db.session.remove()
        _empty_tables(other)


def _ok(response: Any, status: int = 201) -> dict[str, Any]:
    assert response.status_code == status, response.get_json()
    return response.get_json()  # type: ignore[no-any-return]


def _build(client: Any, h: dict[str, str]) -> None:
    def post(url: str, body: dict[str, Any], status: int = 201) -> dict[str, Any]:
        return _ok(client.post(f"/api/v1{url}", json=body, headers=h), status)

    def account(name: str, kind: str, sub: str) -> int:
        body = {"name": name, "account_type": kind, "account_subtype": sub}
        resp = client.post("/api/v1/finance/accounts/inline", json=body, headers=h)
        assert resp.status_code in (200, 201), resp.get_json()
        return int(resp.get_json()["account"]["id"])

    bank = account("Bank", "asset", "bank")
    salary = account("Salary", "income", "salary")
    food = account("Food", "expense", "groceries")
    pay = post(
        "/finance/journal",
        {
            "date": "2025-03-01",
            "description": "pay day",
            "lines": [{"account_id": bank, "debit": "2500.00"}, {"account_id": salary, "credit": "2500.00"}],
        },
    )
    post(
        "/finance/journal",
        {
            "date": "2025-03-02",
            "description": "groceries",
            "lines": [{"account_id": food, "debit": "42.10"}, {"account_id": bank, "credit": "42.10"}],
        },
    )
    post(f"/finance/journal/{pay['id']}/reverse", {"date": "2025-03-05"})
    post(
        "/finance/transactions",
        {
            "date": "2025-03-06",
            "amount": "25.50",
            "description": "Market",
            "counterparty": "Farmer",
            "from_account_id": bank,
            "to_account_id": food,
            "external_id": "csv-1",
        },
    )
    post("/journal/entries", {"title": "First light", "body": "Woke *early*.", "mood": 3, "tags": ["run"]})
    post("/journal/entries", {"title": "Second", "body": "Rain."})
    habit = post("/habits", {"name": "Read"})
    for day in ("2025-03-01", "2025-03-02", "2025-03-04"):
        resp = client.put(f"/api/v1/habits/{habit['id']}/logs/{day}", json={"value": 1}, headers=h)
        assert resp.status_code in (200, 201), resp.get_json()
    resp = client.put(
        "/api/v1/health/biometrics/2025-03-02",
        json={"weight": "79.90", "resting_hr": 58, "sleep_hours": 7.25},
        headers=h,
    )
    assert resp.status_code in (200, 201), resp.get_json()
    skill = post("/skills", {"name": "Guitar", "category": "music", "current_level": 3, "target_level": 7})
    for minutes, at in ((30, "2025-03-01T18:00:00Z"), (45, "2025-03-03T18:30:00Z")):
        post(f"/skills/{skill['id']}/sessions", {"duration_minutes": minutes, "practiced_at": at})
    project = post("/projects", {"name": "Garden", "target_date": "2025-06-01"})
    dig = post(f"/projects/{project['id']}/tasks", {"title": "Dig", "due_date": "2025-03-10"})
    post(f"/projects/{project['id']}/tasks", {"title": "Plant"})
    post(f"/projects/tasks/{dig['id']}/logs", {"minutes": 50, "note": "half"})
    ada = post("/relationships/people", {"name": "Ada", "cadence_days": 14, "importance": 4})
    post(f"/relationships/people/{ada['id']}/interactions", {"date": "2025-03-02", "method": "call"})
    post(f"/relationships/people/{ada['id']}/interactions", {"date": "2025-03-09", "method": "meeting"})


def normalise(document: dict[str, Any]) -> dict[str, Any]:
    """The document with ids dropped and every foreign key replaced by the row it points at."""
    by_name = {t.name: t for t in exported_tables()}
    rows_by_id = {name: {row["id"]: row for row in rows} for name, rows in document["tables"].items()}
    memo: dict[tuple[str, Any], Any] = {}

    def norm(table_name: str, row: dict[str, Any]) -> dict[str, Any]:
        key = (table_name, row["id"])
        if key not in memo:
            fks = {
                fk.parent.name: fk.column.table.name
                for fk in by_name[table_name].foreign_keys
                if fk.column.table.name in rows_by_id
            }
            out: dict[str, Any] = {}
            for col, value in row.items():
                if col == "id":
                    continue
                if col in fks and value is not None:
                    target = fks[col]
                    out[col] = norm(target, rows_by_id[target][value])
                else:
                    out[col] = value
            memo[key] = out
        return memo[key]  # type: ignore[no-any-return]

    return {
        "format": document["format"],
        "version": document["version"],
        "user": {k: v for k, v in document["user"].items() if k != "email"},
        "tables": {name: [norm(name, r) for r in rows] for name, rows in document["tables"].items()},
    }


def _trial_balance(user_id: int) -> dict[str, str]:
    from lifeos.domains.finance.services import reports

    tb = reports.trial_balance(db.session(), user_id, hide_zero=False)
    assert tb.balanced
    return {r.name: str(r.balance) for g in tb.groups for r in g.rows}


def test_export_restore_on_the_other_database_round_trips(
    committed_app: Flask, target_app: Flask, user_factory: Any, auth_headers: Any, tmp_path: Path
) -> None:
    source = user_factory(timezone="Europe/Paris", full_name="Round Trip")
    headers = auth_headers(source)
    db.session.commit()
    client = committed_app.test_client()
    _build(client, headers)
    first = _ok(client.get("/api/v1/export", headers=headers), 200)
    assert first["format"] == "lifeos.export" and first["version"] == 1
    assert not SKIPPED_TABLES & set(first["tables"])
    for table in (
        "finance_journal_line",
        "finance_transaction",
        "habits_habit_log",
        "health_biometric",
        "skill_practice_session",
        "project_task_log",
        "relationships_interaction",
        "journal_entry",
    ):
        assert first["tables"][table], table
    reversal = [e for e in first["tables"]["finance_journal_entry"] if e["reversal_of_id"]]
    assert len(reversal) == 1
    source_tb = _trial_balance(source.id)
    path = tmp_path / "export.json"
    path.write_text(json.dumps(first))

    with target_app.app_context():
        target = user_factory(email="restored@example.com", timezone="Europe/Paris", full_name="Round Trip")
        db.session.commit()
        target_id = target.id
        runner = target_app.test_cli_runner()
        result = runner.invoke(args=["users", "import", "--email", "restored@example.com", str(path)])
        assert result.exit_code == 0, result.output
        assert "restored" in result.output
        out = tmp_path / "again.json"
        result = runner.invoke(
            args=["users", "export", "--email", "restored@example.com", "--output", str(out)]
        )
        assert result.exit_code == 0, result.output
        second = json.loads(out.read_text())
        assert _trial_balance(target_id) == source_tb

        # A second restore into the now non-empty account is refused and writes nothing.
        db.session.remove()
        before = owned_row_count(db.session(), target_id)
        result = runner.invoke(args=["users", "import", "--email", "restored@example.com", str(path)])
        assert result.exit_code != 0
        assert "already has data" in result.output
        db.session.remove()
        assert owned_row_count(db.session(), target_id) == before

    assert normalise(second) == normalise(first)


def test_a_failing_restore_writes_nothing(committed_app: Flask, user_factory: Any, tmp_path: Path) -> None:
    user_id = user_factory(email="empty@example.com").id
    db.session.commit()
    broken = {
        "format": "lifeos.export",
        "version": 1,
        "exported_at": "2026-01-01T00:00:00",
        "user": {"email": "x@example.com", "full_name": None, "timezone": None},
        "tables": {
            "habits_habit": [{"id": 7, "name": "Read"}],
            # points at a habit that is not in the document: refused after the habit was inserted
            "habits_habit_log": [{"id": 1, "habit_id": 99, "logged_date": "2025-01-01", "value": "1"}],
        },
    }
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken))
    result = committed_app.test_cli_runner().invoke(
        args=["users", "import", "--email", "empty@example.com", str(path)]
    )
    assert result.exit_code != 0 and "missing row" in result.output
    db.session.remove()
    assert owned_row_count(db.session(), user_id) == 0
