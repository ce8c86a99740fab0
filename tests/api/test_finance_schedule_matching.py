"""Matching over HTTP: the window, the tolerance, ambiguity, manual match and unmatch."""

from __future__ import annotations

from typing import Any

import pytest

from lifeos.domains.finance.models import MoneyScheduleMatch
from lifeos.platform.outbox.models import OutboxMessage
from tests.api.finance_support import account, count, entry, fields
from tests.api.test_finance_schedule_support import SCHEDULE, freeze, funded_bank, make_row, projection
from tests.support.problems import assert_problem


@pytest.fixture
def user(user_factory):  # type: ignore[no-untyped-def]
    return user_factory()


@pytest.fixture
def headers(user, auth_headers):  # type: ignore[no-untyped-def]
    return auth_headers(user)


@pytest.fixture
def accts(client, headers, monkeypatch):  # type: ignore[no-untyped-def]
    freeze(monkeypatch)  # today = 2027-03-10
    return {
        "bank": funded_bank(client, headers),
        "salary": account(client, headers, "Salary", "income", "salary"),
    }


def _pay(
    client: Any, headers: dict[str, str], accts: dict[str, int], on: str, amount: str = "2500.00"
) -> int:
    """Post salary into the bank; returns the bank line's id."""
    resp = entry(client, headers, on, (accts["bank"], "debit", amount), (accts["salary"], "credit", amount))
    assert resp.status_code == 201, resp.get_json()
    return next(ln["id"] for ln in resp.get_json()["lines"] if ln["account_id"] == accts["bank"])


def _salary(client: Any, headers: dict[str, str], accts: dict[str, int], **extra: Any) -> dict[str, Any]:
    return make_row(
        client,
        headers,
        account_id=accts["bank"],
        event_date="2027-02-25",
        amount="2500.00",
        recurrence="monthly_day",
        **extra,
    )


def _recompute(client: Any, headers: dict[str, str]) -> dict[str, Any]:
    resp = client.post(f"{SCHEDULE}/recompute", headers=headers)
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()  # type: ignore[no-any-return]


def test_a_posting_within_the_window_stops_the_occurrence_counting(client, session, user, headers, accts):  # type: ignore[no-untyped-def]
    row = _salary(client, headers, accts)
    unpaid = projection(client, headers, "days=3")
    assert [o["date"] for o in unpaid["overdue"]] == ["2027-02-25"]
    assert unpaid["series"][0]["balance"] == "3500.00"  # 1000 + the expected 2500

    line = _pay(client, headers, accts, "2027-02-27")  # two days late: inside ±3
    paid = projection(client, headers, "days=3")
    # Read before any recompute: the unambiguous match already counts, no double counting.
    assert paid["overdue"] == [] and paid["start_balance"] == "3500.00"
    assert paid["series"][0]["balance"] == "3500.00"

    assert _recompute(client, headers)["matched"] == 1
    matches = client.get(f"{SCHEDULE}/matches?row_id={row['id']}", headers=headers).get_json()["items"]
    assert [(m["occurrence_date"], m["journal_line_id"], m["matched_by"], m["status"]) for m in matches] == [
        ("2027-02-25", line, "auto", "matched")
    ]
    assert count(session, OutboxMessage, event_type="finance.schedule.matched", user_id=user.id) == 1
    assert _recompute(client, headers)["matched"] == 0  # idempotent
    assert projection(client, headers, "days=3")["series"][0]["balance"] == "3500.00"


def test_outside_the_window_or_the_tolerance_nothing_is_matched(client, headers, accts):  # type: ignore[no-untyped-def]
    _salary(client, headers, accts)
    _pay(client, headers, accts, "2027-02-21")  # four days early: outside ±3
    _pay(client, headers, accts, "2027-02-25", "2490.00")  # on the day, 10.00 short: not exact
    assert _recompute(client, headers)["matched"] == 0
    body = projection(client, headers, "days=3")
    assert [o["date"] for o in body["overdue"]] == ["2027-02-25"]
    assert body["series"][0]["balance"] == "8490.00"  # 1000 + 2500 + 2490 + the still expected 2500


def test_tolerance_and_window_are_per_row(client, headers, accts):  # type: ignore[no-untyped-def]
    _salary(client, headers, accts, amount_tolerance="10.00", match_window_days=5)
    _pay(client, headers, accts, "2027-02-21", "2490.00")
    assert _recompute(client, headers)["matched"] == 1
    assert projection(client, headers, "days=3")["overdue"] == []


def test_two_candidates_are_not_matched_automatically_but_can_be_by_hand(
    client, session, user, headers, accts
):  # type: ignore[no-untyped-def]
    row = _salary(client, headers, accts)
    first = _pay(client, headers, accts, "2027-02-24")
    second = _pay(client, headers, accts, "2027-02-26")
    assert _recompute(client, headers)["matched"] == 0
    body = projection(client, headers, "days=3")
    assert [o["date"] for o in body["overdue"]] == ["2027-02-25"]

    resp = client.get(f"{SCHEDULE}/rows/{row['id']}/candidates?occurrence_date=2027-02-25", headers=headers)
    assert resp.status_code == 200
    assert [c["journal_line_id"] for c in resp.get_json()["items"]] == [first, second]

    resp = client.post(
        f"{SCHEDULE}/matches",
        json={"row_id": row["id"], "occurrence_date": "2027-02-25", "journal_line_id": second},
        headers=headers,
    )
    assert resp.status_code == 201, resp.get_json()
    match = resp.get_json()
    assert match["matched_by"] == "manual" and match["status"] == "matched"
    assert projection(client, headers, "days=3")["overdue"] == []

    # The occurrence is taken, and so is the line.
    again = client.post(
        f"{SCHEDULE}/matches",
        json={"row_id": row["id"], "occurrence_date": "2027-02-25", "journal_line_id": first},
        headers=headers,
    )
    assert_problem(again, 409, "finance.schedule_match_conflict")
    taken = client.post(
        f"{SCHEDULE}/matches",
        json={"row_id": row["id"], "occurrence_date": "2027-03-25", "journal_line_id": second},
        headers=headers,
    )
    assert_problem(taken, 409, "finance.schedule_match_conflict")

    # Unmatch: counts again, and the automatic matcher leaves it alone (no re-match to `first`).
    assert client.delete(f"{SCHEDULE}/matches/{match['id']}", headers=headers).status_code == 204
    assert _recompute(client, headers)["matched"] == 0
    assert [o["date"] for o in projection(client, headers, "days=3")["overdue"]] == ["2027-02-25"]
    assert count(session, OutboxMessage, event_type="finance.schedule.unmatched", user_id=user.id) == 1
    stored = session.get(MoneyScheduleMatch, match["id"])
    assert stored.status == "dismissed" and stored.journal_line_id is None
    # …and can be matched by hand again.
    resp = client.post(
        f"{SCHEDULE}/matches",
        json={"row_id": row["id"], "occurrence_date": "2027-02-25", "journal_line_id": first},
        headers=headers,
    )
    assert resp.status_code == 201 and resp.get_json()["id"] == match["id"]


def test_manual_match_checks_the_account_and_the_date(client, session, user, headers, accts):  # type: ignore[no-untyped-def]
    row = _salary(client, headers, accts)
    resp = entry(
        client, headers, "2027-02-25", (accts["bank"], "debit", "5.00"), (accts["salary"], "credit", "5.00")
    )
    salary_line = next(ln["id"] for ln in resp.get_json()["lines"] if ln["account_id"] == accts["salary"])
    bank_line = next(ln["id"] for ln in resp.get_json()["lines"] if ln["account_id"] == accts["bank"])
    wrong_account = client.post(
        f"{SCHEDULE}/matches",
        json={"row_id": row["id"], "occurrence_date": "2027-02-25", "journal_line_id": salary_line},
        headers=headers,
    )
    assert_problem(wrong_account, 422, "finance.invalid_schedule_match")
    assert fields(wrong_account.get_json()) == {"journal_line_id"}
    wrong_date = client.post(
        f"{SCHEDULE}/matches",
        json={"row_id": row["id"], "occurrence_date": "2027-02-26", "journal_line_id": bank_line},
        headers=headers,
    )
    assert_problem(wrong_date, 422, "finance.invalid_schedule_match")
    assert fields(wrong_date.get_json()) == {"occurrence_date"}
    bad = client.post(f"{SCHEDULE}/matches", json={"row_id": row["id"]}, headers=headers)
    assert_problem(bad, 422, "request.validation_failed")
    assert count(session, MoneyScheduleMatch, user_id=user.id) == 0


def test_a_reversed_posting_does_not_match(client, headers, accts):  # type: ignore[no-untyped-def]
    _salary(client, headers, accts)
    resp = entry(
        client,
        headers,
        "2027-02-25",
        (accts["bank"], "debit", "2500.00"),
        (accts["salary"], "credit", "2500.00"),
    )
    entry_id = resp.get_json()["id"]
    assert (
        client.post(f"/api/v1/finance/journal/{entry_id}/reverse", json={}, headers=headers).status_code
        == 201
    )
    assert _recompute(client, headers)["matched"] == 0
