"""Receivables over HTTP: figures by the interest rule, overdue, entries, the per-person view.

Every test runs on SQLite and PostgreSQL (the `app` fixture). Expected money values are
worked out by hand in tests/unit/test_interest.py; here they are checked end to end.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

import pytest
from sqlalchemy import func, select

from lifeos.domains.finance.models import LoanGroupLink, ReceivableManualEntry, ReceivableTracker
from lifeos.platform.outbox.models import OutboxMessage
from tests.support.problems import assert_problem

API = "/api/v1/finance"
ZONE = "Pacific/Kiritimati"  # UTC+14: a day ahead of UTC at the frozen instants below
Api = Callable[..., Any]


def freeze(monkeypatch: pytest.MonkeyPatch, local_day: date) -> None:
    """Freeze the clock at 01:00 on `local_day` in Kiritimati (11:00 UTC the day before)."""
    instant = datetime.combine(local_day - timedelta(days=1), time(11, 0), tzinfo=UTC)

    class Frozen(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> Frozen:  # type: ignore[override]
            return cls.fromtimestamp(instant.timestamp(), tz)

    monkeypatch.setattr("lifeos.platform.clock.datetime", Frozen)


@pytest.fixture
def user(user_factory):  # type: ignore[no-untyped-def]
    return user_factory(timezone=ZONE)


def _caller(client: Any, headers: dict[str, str]) -> Api:
    def call(method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        if method == "GET":
            return client.get(f"{API}{path}", headers=headers)
        return client.open(f"{API}{path}", method=method, json=body or {}, headers=headers)

    return call


@pytest.fixture
def api(client, user, auth_headers) -> Api:  # type: ignore[no-untyped-def]
    return _caller(client, auth_headers(user))


def receivable(api: Api, **fields: Any) -> dict[str, Any]:
    body = {"counterparty": "Bob", "principal": "1000.00", "start_date": "2025-01-01", **fields}
    response = api("POST", "/receivables", body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()  # type: ignore[no-any-return]


def record(api: Api, rid: int, on: str, amount: str) -> dict[str, Any]:
    response = api("POST", f"/receivables/{rid}/entries", {"date": on, "amount": amount})
    assert response.status_code == 201, response.get_json()
    return response.get_json()  # type: ignore[no-any-return]


def _events(session: Any, user_id: int) -> list[tuple[str, dict[str, Any]]]:
    session.expire_all()
    rows = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.user_id == user_id, OutboxMessage.event_type.startswith("finance.receivable"))
        .order_by(OutboxMessage.id)
    )
    return [(m.event_type, m.payload) for m in rows]


def _counts(session: Any, user_id: int) -> tuple[int, int, int]:
    session.expire_all()

    def count(model: Any) -> int:
        return int(
            session.scalar(select(func.count()).select_from(model).where(model.user_id == user_id)) or 0
        )

    return count(ReceivableTracker), count(ReceivableManualEntry), count(OutboxMessage)


def _fields(body: dict[str, Any]) -> set[str]:
    return {e["field"] for e in body.get("errors", [])}


# ------------------------------------------------------------------------------ figures


def test_simple_interest_repayment_end_to_end(api, session, user) -> None:  # type: ignore[no-untyped-def]
    created = receivable(
        api, interest={"kind": "simple", "annual_rate": "10"}, due_date="2025-12-31", memo="car"
    )
    assert created["interest"] == {"kind": "simple", "annual_rate": "10.00", "compounding": None}
    rid = created["id"]
    entry = record(api, rid, "2025-07-01", "-500.00")
    assert entry == {
        "id": entry["id"],
        "receivable_id": rid,
        "date": "2025-07-01",
        "amount": "-500.00",
        "memo": None,
    }

    body = api("GET", f"/receivables/{rid}?as_of=2026-01-01").get_json()
    # 181 days on 1000 (49.59) are paid first by the 500; 184 days on 549.59 (27.71) follow.
    assert {k: body[k] for k in ("entries_total", "repaid", "interest_accrued", "outstanding")} == {
        "entries_total": "-500.00",
        "repaid": "500.00",
        "interest_accrued": "77.29",
        "outstanding": "577.29",
    }
    assert body["overdue"] is True and body["days_overdue"] == 1 and body["as_of"] == "2026-01-01"
    assert [name for name, _ in _events(session, user.id)] == [
        "finance.receivable.created",
        "finance.receivable.entry_recorded",
    ]
    payload = _events(session, user.id)[1][1]
    assert payload["amount"] == "-500.00" and payload["receivable_id"] == rid


def test_monthly_compound_end_to_end(api) -> None:  # type: ignore[no-untyped-def]
    rid = receivable(
        api,
        principal="10000.00",
        start_date="2025-01-31",
        interest={"kind": "compound", "annual_rate": 12, "compounding": "monthly"},
    )["id"]
    body = api("GET", f"/receivables/{rid}?as_of=2025-04-30").get_json()
    assert (body["interest_accrued"], body["outstanding"]) == ("295.46", "10295.46")
    record(api, rid, "2025-02-10", "-1000.00")
    body = api("GET", f"/receivables/{rid}?as_of=2025-03-10").get_json()
    assert (body["interest_accrued"], body["outstanding"]) == ("116.20", "9116.20")


def test_overdue_after_the_due_date_in_the_users_zone(api, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    rid = receivable(api, principal="100.00", due_date="2025-06-30")["id"]
    assert api("GET", f"/receivables/{rid}?as_of=2025-06-30").get_json()["overdue"] is False
    # 30 June 11:00 UTC is already 1 July in Kiritimati: overdue by the user's calendar.
    freeze(monkeypatch, date(2025, 7, 1))
    body = api("GET", f"/receivables/{rid}").get_json()
    assert (body["as_of"], body["overdue"], body["days_overdue"]) == ("2025-07-01", True, 1)
    record(api, rid, "2025-07-01", "-100.00")
    body = api("GET", f"/receivables/{rid}").get_json()
    assert (body["outstanding"], body["overdue"]) == ("0.00", False)


# ------------------------------------------------------------------------------ entries and changes


def test_entries_list_newest_first_and_paginate(api) -> None:  # type: ignore[no-untyped-def]
    rid = receivable(api)["id"]
    for on, amount in (("2025-02-01", "-10.00"), ("2025-03-01", "25.50"), ("2025-03-01", "-1.00")):
        record(api, rid, on, amount)
    first = api("GET", f"/receivables/{rid}/entries?limit=2").get_json()
    assert [(e["date"], e["amount"]) for e in first["items"]] == [
        ("2025-03-01", "-1.00"),
        ("2025-03-01", "25.50"),
    ]
    rest = api("GET", f"/receivables/{rid}/entries?limit=2&cursor={first['next_cursor']}").get_json()
    assert [(e["date"], e["amount"]) for e in rest["items"]] == [("2025-02-01", "-10.00")]
    assert rest["next_cursor"] is None
    assert api("GET", f"/receivables/{rid}?as_of=2025-12-31").get_json()["outstanding"] == "1014.50"


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"date": "2024-12-31", "amount": "-1.00"}, "finance.invalid_receivable", "date"),
        ({"date": "2025-02-01", "amount": "0"}, "request.validation_failed", "amount"),
        ({"date": "2025-02-01", "amount": "-0.00"}, "request.validation_failed", "amount"),
        ({"date": "2025-02-01", "amount": "-1.005"}, "request.validation_failed", "amount"),
        ({"date": "2025-02-01", "amount": "-1e3"}, "request.validation_failed", "amount"),
        ({"date": "2025-02-30", "amount": "-1.00"}, "request.validation_failed", "date"),
    ],
)
def test_bad_entries_are_422_and_write_nothing(api, session, user, body, code, field) -> None:  # type: ignore[no-untyped-def]
    rid = receivable(api)["id"]
    before = _counts(session, user.id)
    problem = assert_problem(api("POST", f"/receivables/{rid}/entries", body), 422, code)
    assert field in _fields(problem)
    assert _counts(session, user.id) == before


def test_patch_changes_interest_and_checks_dates(api, session, user) -> None:  # type: ignore[no-untyped-def]
    rid = receivable(api, due_date="2025-12-31")["id"]
    record(api, rid, "2025-03-01", "-100.00")
    changed = api(
        "PATCH",
        f"/receivables/{rid}",
        {
            "interest": {"kind": "compound", "annual_rate": "6.5", "compounding": "daily"},
            "counterparty": " Bob  Jr ",
        },
    )
    assert changed.status_code == 200, changed.get_json()
    body = changed.get_json()
    assert body["interest"] == {"kind": "compound", "annual_rate": "6.50", "compounding": "daily"}
    assert body["counterparty"] == "Bob Jr" and body["updated_at"]
    assert _events(session, user.id)[-1] == (
        "finance.receivable.updated",
        {"receivable_id": rid, "user_id": user.id, "changed": ["counterparty", "interest"]},
    )
    cleared = api("PATCH", f"/receivables/{rid}", {"due_date": None, "interest": {"kind": "none"}}).get_json()
    assert cleared["due_date"] is None and cleared["interest"]["kind"] == "none"

    before = _counts(session, user.id)
    late_due = api("PATCH", f"/receivables/{rid}", {"due_date": "2024-12-31"})
    assert "due_date" in _fields(assert_problem(late_due, 422, "finance.invalid_receivable"))
    late_start = api("PATCH", f"/receivables/{rid}", {"start_date": "2025-03-02"})
    assert "start_date" in _fields(assert_problem(late_start, 422, "finance.invalid_receivable"))
    for bad in (
        {"counterparty": None},
        {"principal": "-5"},
        {"interest": {"kind": "compound", "annual_rate": "5"}},
    ):
        assert_problem(api("PATCH", f"/receivables/{rid}", bad), 422, "request.validation_failed")
    assert _counts(session, user.id) == before
    session.expire_all()
    assert session.get(ReceivableTracker, rid).start_date == date(2025, 1, 1)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"interest": {"kind": "simple", "annual_rate": "100.01"}}, "interest.simple.annual_rate"),
        ({"interest": {"kind": "simple", "annual_rate": "5.125"}}, "interest.simple.annual_rate"),
        ({"interest": {"kind": "simple"}}, "interest.simple.annual_rate"),
        ({"interest": {"kind": "weekly"}}, "interest"),
        ({"counterparty": "   "}, "counterparty"),
        ({"principal": "0"}, "principal"),
        ({"start_date": "2025-13-01"}, "start_date"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_bad_receivables_are_422_and_write_nothing(api, session, user, body, field) -> None:  # type: ignore[no-untyped-def]
    base = {"counterparty": "Bob", "principal": "10.00", "start_date": "2025-01-01"}
    problem = assert_problem(api("POST", "/receivables", {**base, **body}), 422, "request.validation_failed")
    assert field in _fields(problem), problem
    assert _counts(session, user.id) == (0, 0, 0)


def test_due_before_start_is_a_domain_422(api, session, user) -> None:  # type: ignore[no-untyped-def]
    body = {"counterparty": "Bob", "principal": "10.00", "start_date": "2025-01-02", "due_date": "2025-01-01"}
    assert "due_date" in _fields(
        assert_problem(api("POST", "/receivables", body), 422, "finance.invalid_receivable")
    )
    assert _counts(session, user.id) == (0, 0, 0)


def test_delete_removes_entries_and_links(api, session, user) -> None:  # type: ignore[no-untyped-def]
    rid = receivable(api)["id"]
    record(api, rid, "2025-02-01", "-1.00")
    loan = api("POST", "/loans", {"name": "Car"}).get_json()["id"]
    assert api("POST", f"/loans/{loan}/links", {"receivable_id": rid}).status_code == 201
    assert api("GET", f"/receivables/{rid}").get_json()["loan_ids"] == [loan]
    assert api("DELETE", f"/receivables/{rid}").status_code == 204
    assert_problem(api("GET", f"/receivables/{rid}"), 404, "finance.receivable_not_found")
    assert _counts(session, user.id)[:2] == (0, 0)
    assert (
        session.scalar(
            select(func.count()).select_from(LoanGroupLink).where(LoanGroupLink.user_id == user.id)
        )
        == 0
    )
    assert _events(session, user.id)[-1][0] == "finance.receivable.deleted"


# ------------------------------------------------------------------------------ lists


def test_list_newest_start_first_with_counterparty_filter(api) -> None:  # type: ignore[no-untyped-def]
    a = receivable(api, counterparty="Ann", start_date="2025-01-01")["id"]
    b = receivable(api, counterparty="Bob", start_date="2025-03-01")["id"]
    c = receivable(api, counterparty="ann", start_date="2025-02-01")["id"]
    page = api("GET", "/receivables?limit=2&as_of=2025-06-01").get_json()
    assert [item["id"] for item in page["items"]] == [b, c]
    rest = api("GET", f"/receivables?limit=2&cursor={page['next_cursor']}").get_json()
    assert [item["id"] for item in rest["items"]] == [a] and rest["next_cursor"] is None
    only = api("GET", "/receivables?counterparty=ANN").get_json()
    assert sorted(item["id"] for item in only["items"]) == sorted([a, c])
    assert_problem(api("GET", "/receivables?cursor=forged"), 422, "request.invalid_cursor")


def test_counterparties_net_every_tracker_with_one_person(api) -> None:  # type: ignore[no-untyped-def]
    lent = receivable(api, counterparty="Bob", principal="300.00", due_date="2025-02-01")["id"]
    receivable(api, counterparty="  bob ", principal="200.00", start_date="2025-03-01")
    borrowed = receivable(api, counterparty="BOB", principal="120.00")["id"]
    receivable(api, counterparty="Ann", principal="50.00", due_date="2026-01-01")
    record(api, lent, "2025-02-15", "-100.00")
    loan = api("POST", "/loans", {"name": "From Bob", "direction": "borrowed"}).get_json()["id"]
    assert api("POST", f"/loans/{loan}/links", {"receivable_id": borrowed}).status_code == 201

    body = api("GET", "/receivables/counterparties?as_of=2025-06-01").get_json()
    by_name = {item["counterparty"].strip().lower(): item for item in body["items"]}
    assert [item["counterparty"].lower() for item in body["items"]] == ["ann", "bob"]
    bob = by_name["bob"]
    assert (bob["owed_to_me"], bob["owed_by_me"], bob["net"]) == ("400.00", "120.00", "280.00")
    assert bob["overdue"] is True and len(bob["receivable_ids"]) == 3
    ann = by_name["ann"]
    assert (ann["net"], ann["overdue"], ann["next_due_date"]) == ("50.00", False, "2026-01-01")
    first = api("GET", "/receivables/counterparties?limit=1&as_of=2025-06-01").get_json()
    assert [i["counterparty"] for i in first["items"]] == ["Ann"]
    second = api("GET", f"/receivables/counterparties?limit=1&cursor={first['next_cursor']}").get_json()
    assert [i["counterparty"].lower() for i in second["items"]] == ["bob"] and second["next_cursor"] is None


# ------------------------------------------------------------------------------ other users


def test_other_users_receivables_are_404_everywhere(
    api, client, session, user, user_factory, auth_headers
) -> None:  # type: ignore[no-untyped-def]
    rid = receivable(api, counterparty="Secret")["id"]
    record(api, rid, "2025-02-01", "-1.00")
    mallory = user_factory()
    other = _caller(client, auth_headers(mallory))
    before = _counts(session, user.id)
    for method, path, body in (
        ("GET", f"/receivables/{rid}", None),
        ("PATCH", f"/receivables/{rid}", {"memo": "mine"}),
        ("DELETE", f"/receivables/{rid}", None),
        ("GET", f"/receivables/{rid}/entries", None),
        ("POST", f"/receivables/{rid}/entries", {"date": "2025-03-01", "amount": "-5.00"}),
        ("GET", "/receivables/2147483647", None),
        ("GET", "/receivables/2147483648", None),
    ):
        assert_problem(other(method, path, body), 404)
    for path in ("/receivables", "/receivables/counterparties"):
        assert "Secret" not in other("GET", path).get_data(as_text=True)
    assert _counts(session, user.id) == before
    assert _counts(session, mallory.id)[:2] == (0, 0)


def test_centuries_of_interest_render_without_overflow(api) -> None:  # type: ignore[no-untyped-def]
    rid = receivable(
        api,
        principal="1000000000000000",
        start_date="1900-01-01",
        interest={"kind": "compound", "annual_rate": "100", "compounding": "daily"},
    )["id"]
    body = api("GET", f"/receivables/{rid}?as_of=2999-12-31").get_json()
    assert len(body["outstanding"]) > 400 and body["outstanding"].endswith(".00")
    assert api("GET", "/receivables/counterparties?as_of=2999-12-31").status_code == 200
