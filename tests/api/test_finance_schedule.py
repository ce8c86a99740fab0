"""Schedule rows over HTTP: CRUD, events, the stored projection, validation, nothing written on error."""

from __future__ import annotations

from typing import Any

import pytest

from lifeos.domains.finance.models import MoneyScheduleDailyBalance, MoneyScheduleRow
from lifeos.platform.outbox.models import OutboxMessage
from tests.api.finance_support import account, count, fields
from tests.api.test_finance_schedule_support import SCHEDULE, TODAY, freeze, funded_bank, make_row
from tests.support.problems import assert_problem


@pytest.fixture
def user(user_factory):  # type: ignore[no-untyped-def]
    return user_factory()


@pytest.fixture
def headers(user, auth_headers):  # type: ignore[no-untyped-def]
    return auth_headers(user)


@pytest.fixture
def bank(client, headers, monkeypatch):  # type: ignore[no-untyped-def]
    freeze(monkeypatch)
    return funded_bank(client, headers)


def _events(session: Any, user: Any, name: str) -> int:
    return count(session, OutboxMessage, event_type=name, user_id=user.id)


def test_create_get_patch_delete_with_events_and_stored_projection(client, session, user, headers, bank):  # type: ignore[no-untyped-def]
    row = make_row(
        client,
        headers,
        account_id=bank,
        event_date="2027-03-31",
        amount="-950.00",
        memo="Rent",
        recurrence="monthly_last",
    )
    assert (
        row["amount"] == "-950.00" and row["recurrence"] == "monthly_last" and row["account_name"] == "Bank"
    )
    assert row["description"] == "every month on the last day, from 2027-03-31"
    assert row["next_date"] == "2027-03-31" and row["last_date"] is None
    assert row["amount_tolerance"] == "0.00" and row["match_window_days"] == 3
    assert _events(session, user, "finance.schedule.created") == 1
    assert _events(session, user, "finance.schedule.recomputed") == 1
    stored = session.query(MoneyScheduleDailyBalance).filter_by(user_id=user.id).order_by("as_of").all()
    assert len(stored) == 730 and stored[0].as_of == TODAY
    # The stored base projection: 1000 until the 31st, then rent every month end.
    by_day = {d.as_of.isoformat(): str(d.balance) for d in stored}
    assert (
        by_day["2027-03-30"] == "1000.00"
        and by_day["2027-03-31"] == "50.00"
        and by_day["2027-04-30"] == "-900.00"
    )

    got = client.get(f"{SCHEDULE}/rows/{row['id']}", headers=headers).get_json()
    assert got == row

    resp = client.patch(
        f"{SCHEDULE}/rows/{row['id']}", json={"amount": "-1000.00", "count": 2}, headers=headers
    )
    assert resp.status_code == 200, resp.get_json()
    patched = resp.get_json()
    assert patched["amount"] == "-1000.00" and patched["count"] == 2 and patched["last_date"] == "2027-04-30"
    assert patched["description"] == "every month on the last day, from 2027-03-31, 2 times"
    assert _events(session, user, "finance.schedule.updated") == 1
    assert _events(session, user, "finance.schedule.recomputed") == 2
    stored = {
        d.as_of.isoformat(): str(d.balance)
        for d in session.query(MoneyScheduleDailyBalance).filter_by(user_id=user.id)
    }
    assert stored["2027-04-30"] == "-1000.00" and stored["2027-06-30"] == "-1000.00"

    # PATCH with null empties an optional field; with nothing changed it emits nothing.
    resp = client.patch(f"{SCHEDULE}/rows/{row['id']}", json={"count": None}, headers=headers)
    assert resp.status_code == 200 and resp.get_json()["count"] is None
    resp = client.patch(f"{SCHEDULE}/rows/{row['id']}", json={"memo": "Rent"}, headers=headers)
    assert resp.status_code == 200
    assert _events(session, user, "finance.schedule.updated") == 2

    listed = client.get(f"{SCHEDULE}/rows?account_id={bank}", headers=headers).get_json()
    assert [r["id"] for r in listed["items"]] == [row["id"]] and listed["next_cursor"] is None

    resp = client.delete(f"{SCHEDULE}/rows/{row['id']}", headers=headers)
    assert resp.status_code == 204
    assert client.get(f"{SCHEDULE}/rows/{row['id']}", headers=headers).status_code == 404
    assert _events(session, user, "finance.schedule.deleted") == 1
    stored = {
        d.as_of.isoformat(): str(d.balance)
        for d in session.query(MoneyScheduleDailyBalance).filter_by(user_id=user.id)
    }
    assert set(stored.values()) == {"1000.00"}


def test_rows_list_pages_by_cursor(client, headers, bank):  # type: ignore[no-untyped-def]
    ids = [
        make_row(client, headers, account_id=bank, event_date="2027-04-01", amount=str(i + 1))["id"]
        for i in range(3)
    ]
    first = client.get(f"{SCHEDULE}/rows?limit=2", headers=headers).get_json()
    assert [r["id"] for r in first["items"]] == ids[:2] and first["next_cursor"]
    second = client.get(f"{SCHEDULE}/rows?limit=2&cursor={first['next_cursor']}", headers=headers).get_json()
    assert [r["id"] for r in second["items"]] == ids[2:] and second["next_cursor"] is None
    resp = client.get(f"{SCHEDULE}/rows?cursor=bm90LWEtY3Vyc29y", headers=headers)
    assert resp.status_code == 422


BAD_ROWS = [
    ({"amount": "0"}, "request.validation_failed", "amount"),
    ({"amount": "-1.005"}, "request.validation_failed", "amount"),
    ({"amount": 12.5}, None, None),  # a JSON number is fine
    ({"amount": "abc"}, "request.validation_failed", "amount"),
    ({"event_date": "2027-02-30"}, "request.validation_failed", "event_date"),
    ({"recurrence": "fortnightly"}, "request.validation_failed", "recurrence"),
    ({"every": 0, "recurrence": "daily"}, "request.validation_failed", "every"),
    ({"weekdays": [7], "recurrence": "weekly"}, "request.validation_failed", "weekdays[0]"),
    ({"day_of_month": 32, "recurrence": "monthly_day"}, "request.validation_failed", "day_of_month"),
    ({"month_week": 6, "recurrence": "monthly_weekday"}, "request.validation_failed", "month_week"),
    ({"weekend_rule": "sunday"}, "request.validation_failed", "weekend_rule"),
    ({"amount_tolerance": "-1"}, "request.validation_failed", "amount_tolerance"),
    ({"match_window_days": 40}, "request.validation_failed", "match_window_days"),
    ({"surprise": 1}, "request.validation_failed", "surprise"),
    # Rules across fields: the service's own code, the field named.
    ({"recurrence": "monthly_day", "until": "2027-03-01"}, "finance.invalid_schedule_row", "until"),
    (
        {"recurrence": "monthly_day", "until": "2027-09-01", "count": 3},
        "finance.invalid_schedule_row",
        "count",
    ),
    ({"recurrence": "monthly_day", "weekdays": [1]}, "finance.invalid_schedule_row", "weekdays"),
    ({"recurrence": "weekly", "day_of_month": 3}, "finance.invalid_schedule_row", "day_of_month"),
    ({"recurrence": "monthly_weekday", "weekdays": [1, 2]}, "finance.invalid_schedule_row", "weekdays"),
    ({"recurrence": "monthly_day", "month_week": 2}, "finance.invalid_schedule_row", "month_week"),
    ({"count": 3}, "finance.invalid_schedule_row", "count"),
    ({"every": 2}, "finance.invalid_schedule_row", "every"),
]


@pytest.mark.parametrize(("change", "code", "field"), BAD_ROWS)
def test_bad_rows_are_refused_with_field_errors_and_nothing_written(  # type: ignore[no-untyped-def]
    client, session, user, headers, bank, change, code, field
):
    body = {"account_id": bank, "event_date": "2027-03-15", "amount": "-10.00", **change}
    before = count(session, MoneyScheduleRow, user_id=user.id), count(session, OutboxMessage, user_id=user.id)
    resp = client.post(f"{SCHEDULE}/rows", json=body, headers=headers)
    if code is None:
        assert resp.status_code == 201, resp.get_json()
        return
    assert_problem(resp, 422, code)
    assert field in fields(resp.get_json())
    after = count(session, MoneyScheduleRow, user_id=user.id), count(session, OutboxMessage, user_id=user.id)
    assert after == before


def test_patch_checks_the_resulting_row(client, session, user, headers, bank):  # type: ignore[no-untyped-def]
    row = make_row(
        client, headers, account_id=bank, event_date="2027-03-15", amount="-10.00", recurrence="monthly_day"
    )
    resp = client.patch(f"{SCHEDULE}/rows/{row['id']}", json={"until": "2027-01-01"}, headers=headers)
    assert_problem(resp, 422, "finance.invalid_schedule_row")
    assert fields(resp.get_json()) == {"until"}
    resp = client.patch(f"{SCHEDULE}/rows/{row['id']}", json={"amount": None}, headers=headers)
    assert_problem(resp, 422, "request.validation_failed")
    # A new kind of rule drops the fields of the old one.
    resp = client.patch(
        f"{SCHEDULE}/rows/{row['id']}",
        json={"recurrence": "monthly_weekday", "weekdays": [4], "month_week": 2},
        headers=headers,
    )
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["description"] == "every month on the 2nd Friday, from 2027-03-15"
    assert session.get(MoneyScheduleRow, row["id"]).amount == -10


def test_inactive_or_foreign_accounts_are_refused(client, headers, bank, user_factory, auth_headers):  # type: ignore[no-untyped-def]
    other = auth_headers(user_factory())
    foreign = account(client, other, "Theirs", "asset", "bank")
    resp = client.post(
        f"{SCHEDULE}/rows",
        json={"account_id": foreign, "event_date": "2027-03-15", "amount": "5"},
        headers=headers,
    )
    assert_problem(resp, 404, "finance.account_not_found")
    assert fields(resp.get_json()) == {"account_id"}
    spare = account(client, headers, "Spare", "asset", "cash")
    assert (
        client.post(f"{SCHEDULE.rsplit('/', 1)[0]}/accounts/{spare}/deactivate", headers=headers).status_code
        == 200
    )
    resp = client.post(
        f"{SCHEDULE}/rows",
        json={"account_id": spare, "event_date": "2027-03-15", "amount": "5"},
        headers=headers,
    )
    assert_problem(resp, 422, "finance.invalid_schedule_row")


def test_occurrences_list_with_status(client, headers, bank):  # type: ignore[no-untyped-def]
    row = make_row(
        client, headers, account_id=bank, event_date="2027-02-28", amount="2500.00", recurrence="monthly_last"
    )
    resp = client.get(
        f"{SCHEDULE}/rows/{row['id']}/occurrences?from=2027-02-01&to=2027-05-31", headers=headers
    )
    assert resp.status_code == 200, resp.get_json()
    got = [(o["occurrence_date"], o["date"], o["status"]) for o in resp.get_json()["items"]]
    assert got == [
        ("2027-02-28", "2027-02-28", "overdue"),
        ("2027-03-31", "2027-03-31", "expected"),
        ("2027-04-30", "2027-04-30", "expected"),
        ("2027-05-31", "2027-05-31", "expected"),
    ]
