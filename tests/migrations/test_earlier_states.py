"""Every state an earlier LifeOS leaves its database in is adopted in place (issue #14)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from tests.migrations.earlier_states import (
    EARLIER_APP_COLUMNS,
    STATES,
    USERS,
    debit_sums,
    earlier_database,
    row_counts,
)
from tests.migrations.support import BACKENDS, HEAD, app_on, engine, model_diffs, upgrade

EXPECTED_OUTPUT = {
    "at_20251216": "20261207: re-normalized the names of",
    "at_earlier_20251218": "without finance_account_daily_total",
    "at_20251219_calendar_oauth_tokens": "20251219_calendar_oauth_tokens, a revision of the earlier",
    "at_20260329_finance_currency_infrastructure": "kept as they are: auth_session, calendar_oauth_token",
}


def login(client: FlaskClient, email: str) -> dict[str, str]:
    response = client.post("/auth/login", json={"email": email, "password": USERS[email]})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    return {"Authorization": f"Bearer {body['access_token']}", "X-CSRF-Token": body["csrf_token"]}


def search(client: FlaskClient, headers: dict[str, str], q: str) -> list[str]:
    response = client.get("/api/v1/finance/accounts/search", query_string={"q": q}, headers=headers)
    assert response.status_code == 200, response.get_json()
    return sorted(item["name"] for item in response.get_json()["items"])


def inline(client: FlaskClient, headers: dict[str, str], name: str, type_: str, subtype: str) -> Any:
    return client.post(
        "/api/v1/finance/accounts/inline",
        json={"name": name, "account_type": type_, "account_subtype": subtype},
        headers=headers,
    )


def unexpected_diffs(bind: sa.Engine) -> list[Any]:
    """Schema differences from the models, except the earlier app's own columns (kept on purpose)."""
    return [
        d
        for d in model_diffs(bind)
        if not (isinstance(d, tuple) and d[0] == "remove_column" and d[3].name in EARLIER_APP_COLUMNS)
    ]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("state", list(STATES))
def test_each_state_is_adopted_in_place(backend: str, state: str, tmp_path: Path) -> None:
    from lifeos.domains.finance.models import Account
    from lifeos.extensions import db
    from lifeos.platform.auth.models import User
    from lifeos.platform.auth.passwords import is_bcrypt_hash

    with earlier_database(backend, state, tmp_path) as url, app_on(url) as app:
        before, sums = row_counts(engine()), debit_sums(engine())
        output = upgrade()
        assert EXPECTED_OUTPUT[state] in output, output
        assert "WARNING" not in output, output

        after = row_counts(engine())
        assert after.pop("role") == before.pop("role") + 1  # readonly joins user and admin
        assert {t: after[t] for t in before} == before  # every table, every row
        assert unexpected_diffs(engine()) == []
        names = dict(db.session.execute(sa.select(Account.name, Account.normalized_name)).tuples().all())
        assert names["Straße Fund"] == "strasse fund"
        assert names["ＳＡＶＩＮＧＳ  Jar"] == "savings jar"
        assert names["CAFÉ  Visits"] == "café visits"

        client = app.test_client()
        for email, user_id in (("alice@example.com", 1), ("bob@example.com", 2)):
            headers = login(client, email)
            user = db.session.scalars(sa.select(User).where(User.email == email)).one()
            db.session.refresh(user)
            assert user.password_hash.startswith("$argon2id$")
            assert user.legacy_password_hash is not None and is_bcrypt_hash(user.legacy_password_hash)
            report = client.get("/api/v1/finance/trial-balance", headers=headers).get_json()
            assert report["balanced"] is True
            totals = f"{float(report['totals']['debit']):.2f}/{float(report['totals']['credit']):.2f}"
            assert totals == sums[user_id]

        alice = login(client, "alice@example.com")
        assert search(client, alice, "straße") == ["Straße Fund", "Straße Maintenance"]
        assert search(client, alice, "strasse") == ["Straße Fund", "Straße Maintenance"]
        assert search(client, alice, "ＳＡＶＩＮＧＳ") == ["  Savings   Account ", "ＳＡＶＩＮＧＳ  Jar"]
        assert "ＳＡＶＩＮＧＳ  Jar" in search(client, alice, "savings")
        again = inline(client, alice, "STRASSE maintenance", "expense", "other")
        assert again.status_code == 200, again.get_json()
        assert again.get_json()["created"] is False and again.get_json()["account"]["id"] == 103
        assert search(client, alice, "strasse") == ["Straße Fund", "Straße Maintenance"]

        verify = app.test_cli_runner().invoke(args=["db", "verify"])
        assert verify.exit_code == 0, verify.output
        assert f"✓ schema at head: current {HEAD}" in verify.output
        assert "✓ normalized_name equals the normalization of every account name: 0 differ" in verify.output


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_forced_collision_is_reported_and_nothing_is_lost(backend: str, tmp_path: Path) -> None:
    """'STRASSE FUND' next to 'Straße Fund': both stay active with their postings until merged."""
    from lifeos.domains.finance.models import Account, LedgerLine
    from lifeos.extensions import db

    with earlier_database(backend, "at_earlier_20251218", tmp_path) as url, app_on(url) as app:
        with engine().begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO finance_account (id, user_id, category_id, name, code, is_active, "
                "account_type, account_subtype, normalized_name, created_at) VALUES (120, 1, 1, "
                "'STRASSE FUND', '1120', TRUE, 'asset', 'bank', 'strasse fund', '2026-11-27 08:00:00')"
            ))  # fmt: skip
            conn.execute(sa.text(
                "INSERT INTO finance_journal_entry (id, user_id, description, posted_at) "
                "VALUES (120, 1, 'Top up', '2025-11-22 09:00:00')"
            ))  # fmt: skip
            conn.execute(sa.text(
                "INSERT INTO finance_journal_line (id, entry_id, account_id, debit, credit) "
                "VALUES (120, 120, 120, 9.99, 0), (121, 120, 1, 0, 9.99)"
            ))  # fmt: skip
        before, sums = row_counts(engine()), debit_sums(engine())
        output = upgrade()
        # The account already holding the name keeps it; the other is reported with its fix.
        assert (
            "WARNING name collision: user 1: active accounts 120 'STRASSE FUND', 101 'Straße Fund'" in output
        )
        assert "flask finance accounts merge --user-id 1 --from 101 --into 120" in output
        after = row_counts(engine())
        assert {t: after[t] for t in before if t != "role"} == {
            t: n for t, n in before.items() if t != "role"
        }
        rows = db.session.execute(
            sa.select(Account.id, Account.name, Account.is_active).where(Account.id.in_((101, 120)))
        ).all()
        assert sorted(rows) == [(101, "Straße Fund", True), (120, "STRASSE FUND", True)]

        client = app.test_client()
        alice = login(client, "alice@example.com")
        assert search(client, alice, "strasse f") == ["STRASSE FUND", "Straße Fund"]
        assert search(client, alice, "straße") == ["STRASSE FUND", "Straße Fund", "Straße Maintenance"]
        for name in ("Strasse Fund", "straße fund", "STRASSE   FUND"):
            answer = inline(client, alice, name, "asset", "bank")
            assert answer.status_code == 200 and answer.get_json()["account"]["id"] == 120
        assert inline(client, alice, "Straße Fund", "expense", "other").status_code == 409

        verify = app.test_cli_runner().invoke(args=["db", "verify"])
        assert verify.exit_code == 1
        assert "✗ active accounts of one user with the same normalized name: 1" in verify.output
        assert "`flask finance accounts merge --user-id 1 --from 101 --into 120`" in verify.output

        merged = app.test_cli_runner().invoke(
            args=["finance", "accounts", "merge", "--user-id", "1", "--from", "101", "--into", "120"]
        )
        assert merged.exit_code == 0, merged.output
        assert "moved 1 finance_journal_line.account_id" in merged.output
        db.session.expire_all()
        assert db.session.get(Account, 101).is_active is False  # kept, with its name
        assert db.session.get(Account, 101).name == "Straße Fund"
        lines = db.session.scalars(sa.select(LedgerLine.id).where(LedgerLine.account_id == 120)).all()
        assert sorted(lines) == [101, 120]
        report = client.get("/api/v1/finance/trial-balance", headers=alice).get_json()
        assert report["balanced"] is True
        assert f"{float(report['totals']['debit']):.2f}/{float(report['totals']['credit']):.2f}" == sums[1]
        by_account = {a["id"]: a for g in report["groups"] for a in g["accounts"] if a["id"] in (101, 120)}
        assert 101 not in by_account or float(by_account[101]["debit"]) == 0
        assert float(by_account[120]["debit"]) == pytest.approx(160.24)
        verify = app.test_cli_runner().invoke(args=["db", "verify"])
        assert verify.exit_code == 0, verify.output
        assert search(client, alice, "strasse f") == ["STRASSE FUND"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_ready_is_503_until_the_earlier_20251218_is_adopted(backend: str, tmp_path: Path) -> None:
    with earlier_database(backend, "at_earlier_20251218", tmp_path) as url, app_on(url) as app:
        client = app.test_client()
        before = client.get("/ready")
        assert before.status_code == 503
        assert before.get_json()["code"] == "server.not_ready"
        upgrade()
        assert client.get("/ready").status_code == 200
        alice = login(client, "alice@example.com")
        assert search(client, alice, "sav") == ["  Savings   Account ", "ＳＡＶＩＮＧＳ  Jar"]
        posted = client.post(
            "/api/v1/finance/journal",
            json={
                "date": "2025-12-01",
                "description": "after adoption",
                "lines": [{"account_id": 101, "debit": "1.00"}, {"account_id": 1, "credit": "1.00"}],
            },
            headers=alice,
        )
        assert posted.status_code == 201, posted.get_json()
        assert client.get("/api/v1/finance/trial-balance", headers=alice).get_json()["balanced"] is True


@pytest.mark.parametrize("backend", BACKENDS)
def test_ready_is_503_when_the_schema_is_incomplete_whatever_the_id_says(
    backend: str, tmp_path: Path
) -> None:
    from tests.migrations.support import scratch_url

    with scratch_url(backend, tmp_path) as url:
        with app_on(url) as app:
            upgrade()
            assert app.test_client().get("/ready").status_code == 200
            with engine().begin() as conn:
                conn.execute(sa.text("DROP TABLE finance_account_daily_total"))
        with app_on(url) as app:  # a new process: nothing cached
            response = app.test_client().get("/ready")
            assert response.status_code == 503
            body = response.get_json()
            assert body["checks"]["schema"] == "incomplete"
            assert body["checks"]["revision"] == [HEAD]
            assert "finance_account_daily_total" in body["checks"]["missing"]
            # `flask db upgrade` notices it although the id says head, and repairs it.
            output = upgrade()
            assert f"alembic_version says {HEAD}, but what this app's 20251218 creates" in output
            assert "created table finance_account_daily_total" in output
            assert app.test_client().get("/ready").status_code == 200
            assert model_diffs(engine()) == []


def _alembic_config() -> Any:
    from flask import current_app

    return current_app.extensions["migrate"].migrate.get_config()


@pytest.mark.parametrize("backend", BACKENDS)
def test_current_and_stamp_accept_a_later_earlier_app_id(backend: str, tmp_path: Path) -> None:
    import io
    from contextlib import redirect_stdout

    from alembic import command

    from tests.migrations.support import BEFORE_VALIDATION, stamp

    with earlier_database(backend, "at_20251219_calendar_oauth_tokens", tmp_path) as url, app_on(url):
        out = io.StringIO()
        with redirect_stdout(out):
            command.current(_alembic_config())  # Alembic alone: "Can't locate revision"
        assert (
            "20251219_calendar_oauth_tokens (earlier LifeOS; `flask db upgrade` adopts it)" in out.getvalue()
        )
        with engine().connect() as conn:  # `current` changes nothing
            version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
        assert version == "20251219_calendar_oauth_tokens"
        stamp(BEFORE_VALIDATION)
        with engine().connect() as conn:
            version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
        assert version == BEFORE_VALIDATION


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_unknown_revision_is_refused_with_what_to_do(backend: str, tmp_path: Path) -> None:
    from alembic import command
    from alembic.util import CommandError

    from tests.migrations.support import BEFORE_VALIDATION, scratch_url

    with scratch_url(backend, tmp_path) as url, app_on(url):
        upgrade(BEFORE_VALIDATION)
        with engine().begin() as conn:
            conn.execute(sa.text("UPDATE alembic_version SET version_num = 'ae1027a6acf_other_app'"))
        before = row_counts(engine())
        with pytest.raises(CommandError) as refused:
            command.upgrade(_alembic_config(), "head")
        assert "neither a revision of this app nor one of the earlier LifeOS" in str(refused.value)
        assert "stamp --purge 20251216_drop_legacy_habits_relationships" in str(refused.value)
        with pytest.raises(CommandError, match="neither a revision of this app"):
            command.current(_alembic_config())
        assert row_counts(engine()) == before
        with engine().connect() as conn:
            version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
        assert version == "ae1027a6acf_other_app"

        # An id of the earlier app on a database older than its 20251216: bring it there first.
        with engine().begin() as conn:
            conn.execute(sa.text("UPDATE alembic_version SET version_num = '20251205_platform_outbox'"))
            conn.execute(sa.text("DROP TABLE relationships_interaction"))
            conn.execute(sa.text("DROP TABLE relationships_person"))
        with pytest.raises(CommandError, match="older than 20251216_drop_legacy_habits_relationships"):
            command.upgrade(_alembic_config(), "head")
