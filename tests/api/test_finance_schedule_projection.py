"""Projection and compare over HTTP: start balance, flows, lowest point, floor, overdue, scenarios."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lifeos.domains.finance.models import MoneyScheduleRow, MoneyScheduleScenarioRow
from tests.api.finance_support import account, count, entry, fields
from tests.api.test_finance_schedule_support import (
    SCHEDULE,
    balances,
    freeze,
    funded_bank,
    make_row,
    projection,
)
from tests.support.problems import assert_problem


@pytest.fixture
def user(user_factory):  # type: ignore[no-untyped-def]
    return user_factory()


@pytest.fixture
def headers(user, auth_headers):  # type: ignore[no-untyped-def]
    return auth_headers(user)


@pytest.fixture
def bank(client, headers, monkeypatch):  # type: ignore[no-untyped-def]
    freeze(monkeypatch)  # today = 2027-03-10
    return funded_bank(client, headers)


def test_projection_flows_lowest_point_and_floor(client, headers, bank):  # type: ignore[no-untyped-def]
    make_row(
        client, headers, account_id=bank, event_date="2027-03-15", amount="2500.00", recurrence="monthly_day"
    )
    make_row(client, headers, account_id=bank, event_date="2027-03-12", amount="-3000.00", memo="Car")
    body = projection(client, headers, "days=10&floor=200")
    assert body["start_date"] == "2027-03-10" and body["days"] == 10 and body["start_balance"] == "1000.00"
    assert body["account_ids"] == [bank] and body["scenario_id"] is None
    assert [(d["date"], d["inflow"], d["outflow"], d["balance"]) for d in body["series"]][:7] == [
        ("2027-03-10", "0.00", "0.00", "1000.00"),
        ("2027-03-11", "0.00", "0.00", "1000.00"),
        ("2027-03-12", "0.00", "3000.00", "-2000.00"),
        ("2027-03-13", "0.00", "0.00", "-2000.00"),
        ("2027-03-14", "0.00", "0.00", "-2000.00"),
        ("2027-03-15", "2500.00", "0.00", "500.00"),
        ("2027-03-16", "0.00", "0.00", "500.00"),
    ]
    assert len(body["series"]) == 10
    assert body["lowest"] == {"date": "2027-03-12", "balance": "-2000.00"}
    assert body["first_below_zero"] == {"date": "2027-03-12", "balance": "-2000.00"}
    assert body["first_below_floor"] == {"date": "2027-03-12", "balance": "-2000.00"}
    assert body["floor"] == "200.00" and body["overdue"] == []


def test_default_accounts_are_cash_like_and_accounts_can_be_chosen(client, headers, bank):  # type: ignore[no-untyped-def]
    broker = account(client, headers, "Broker", "asset", "investment")
    cash = account(client, headers, "Wallet", "asset", "cash")
    equity = account(client, headers, "Opening", "equity", "opening_balance")
    assert (
        entry(
            client, headers, "2027-03-02", (broker, "debit", "5000.00"), (equity, "credit", "5000.00")
        ).status_code
        == 201
    )
    assert (
        entry(
            client, headers, "2027-03-02", (cash, "debit", "40.00"), (equity, "credit", "40.00")
        ).status_code
        == 201
    )
    # A future-dated posting counts on its day; one after the horizon does not.
    assert (
        entry(
            client, headers, "2027-03-12", (cash, "debit", "10.00"), (equity, "credit", "10.00")
        ).status_code
        == 201
    )
    make_row(client, headers, account_id=broker, event_date="2027-03-11", amount="-100.00")
    body = projection(client, headers, "days=5")
    assert body["account_ids"] == sorted([bank, cash]) and body["start_balance"] == "1040.00"
    assert balances(body)["2027-03-12"] == "1050.00"
    chosen = projection(client, headers, f"days=5&accounts={broker}")
    assert chosen["start_balance"] == "5000.00" and balances(chosen)["2027-03-11"] == "4900.00"


def test_overdue_occurrences_are_listed_and_count_on_day_one(client, headers, bank):  # type: ignore[no-untyped-def]
    row = make_row(client, headers, account_id=bank, event_date="2027-03-05", amount="-100.00", memo="Phone")
    make_row(client, headers, account_id=bank, event_date="2027-01-05", amount="-7.00", memo="Too old")
    body = projection(client, headers, "days=3")
    assert [(o["row_id"], o["date"], o["amount"], o["status"]) for o in body["overdue"]] == [
        (row["id"], "2027-03-05", "-100.00", "overdue")
    ]
    assert body["series"][0] == {
        "date": "2027-03-10",
        "inflow": "0.00",
        "outflow": "100.00",
        "balance": "900.00",
    }
    wider = projection(client, headers, "days=3&overdue_days=90")
    assert len(wider["overdue"]) == 2 and wider["series"][0]["balance"] == "893.00"
    none = projection(client, headers, "days=3&overdue_days=0")
    assert none["overdue"] == [] and none["series"][0]["balance"] == "1000.00"


@pytest.mark.parametrize(
    ("query", "code", "field"),
    [
        ("days=0", "request.validation_failed", "days"),
        ("days=731", "request.validation_failed", "days"),
        ("accounts=1,x", "request.validation_failed", "accounts"),
        ("floor=1.234", "request.validation_failed", "floor"),
        ("scenario=0", "request.validation_failed", "scenario"),
    ],
)
def test_bad_projection_queries(client, headers, bank, query, code, field):  # type: ignore[no-untyped-def]
    resp = client.get(f"{SCHEDULE}/projection?{query}", headers=headers)
    assert_problem(resp, 422, code)
    assert field in fields(resp.get_json())


def _scenario(client, headers, name="What if"):  # type: ignore[no-untyped-def]
    resp = client.post(f"{SCHEDULE}/scenarios", json={"name": name}, headers=headers)
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def _op(client, headers, scenario_id, **body):  # type: ignore[no-untyped-def]
    resp = client.post(f"{SCHEDULE}/scenarios/{scenario_id}/rows", json=body, headers=headers)
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def test_a_drop_scenario_differs_from_base_by_exactly_the_rows_occurrences(
    client, session, user, headers, bank
):  # type: ignore[no-untyped-def]
    salary = make_row(
        client, headers, account_id=bank, event_date="2027-03-25", amount="2500.00", recurrence="monthly_day"
    )
    gym = make_row(
        client,
        headers,
        account_id=bank,
        event_date="2027-03-17",
        amount="-30.00",
        recurrence="weekly",
        every=2,
    )
    scenario = _scenario(client, headers, "No gym")
    _op(client, headers, scenario["id"], op="drop", base_row_id=gym["id"])
    base = projection(client, headers, "days=90")
    what_if = projection(client, headers, f"days=90&scenario={scenario['id']}")
    assert what_if["scenario_id"] == scenario["id"]
    gym_dates = {
        o["date"]
        for o in client.get(
            f"{SCHEDULE}/rows/{gym['id']}/occurrences?from=2027-03-10&to=2027-06-07", headers=headers
        ).get_json()["items"]
    }
    assert len(gym_dates) == 6  # 03-17 … 05-26, every other Wednesday
    dropped = Decimal(0)
    for b, w in zip(base["series"], what_if["series"], strict=True):
        if b["date"] in gym_dates:
            dropped += Decimal("30.00")
        assert Decimal(w["balance"]) - Decimal(b["balance"]) == dropped, b["date"]
    # The real schedule is untouched.
    assert count(session, MoneyScheduleRow, user_id=user.id) == 2
    assert client.get(f"{SCHEDULE}/rows/{gym['id']}", headers=headers).status_code == 200
    compare = client.get(f"{SCHEDULE}/compare?a=base&b={scenario['id']}&days=90", headers=headers).get_json()
    assert compare["a"] == "base" and compare["b"] == str(scenario["id"])
    assert [d["difference"] for d in compare["series"]] == [
        str(Decimal(w["balance"]) - Decimal(b["balance"]))
        for b, w in zip(base["series"], what_if["series"], strict=True)
    ]
    assert compare["lowest_a"] == base["lowest"] and compare["lowest_b"] == what_if["lowest"]
    assert salary["id"]


def test_a_change_moves_only_what_it_names(client, headers, bank):  # type: ignore[no-untyped-def]
    rent = make_row(
        client, headers, account_id=bank, event_date="2027-03-31", amount="-950.00", recurrence="monthly_last"
    )
    make_row(
        client, headers, account_id=bank, event_date="2027-03-25", amount="2500.00", recurrence="monthly_day"
    )
    scenario = _scenario(client, headers, "Cheaper rent")
    op = _op(client, headers, scenario["id"], op="change", base_row_id=rent["id"], amount="-800.00")
    assert op["op"] == "change" and op["amount"] == "-800.00" and op["event_date"] is None
    base = balances(projection(client, headers, "days=90"))
    what_if = balances(projection(client, headers, f"days=90&scenario={scenario['id']}"))
    # Only the rent amount differs: 150 more from each month end on, nothing before the first.
    for day, balance in base.items():
        months = sum(1 for end in ("2027-03-31", "2027-04-30", "2027-05-31") if day >= end)
        assert Decimal(what_if[day]) - Decimal(balance) == Decimal(150) * months, day

    moved = _scenario(client, headers, "Rent later")
    _op(client, headers, moved["id"], op="change", base_row_id=rent["id"], event_date="2027-04-30")
    later = balances(projection(client, headers, f"days=90&scenario={moved['id']}"))
    assert Decimal(later["2027-03-31"]) - Decimal(base["2027-03-31"]) == Decimal(950)
    assert Decimal(later["2027-05-31"]) - Decimal(base["2027-05-31"]) == Decimal(950)


def test_an_add_op_projects_a_new_recurring_row(client, headers, bank):  # type: ignore[no-untyped-def]
    scenario = _scenario(client, headers, "New car")
    op = _op(
        client,
        headers,
        scenario["id"],
        op="add",
        account_id=bank,
        event_date="2027-04-01",
        amount="-300.00",
        recurrence="monthly_day",
        count=2,
    )
    assert op["description"] == "every month on day 1, from 2027-04-01, 2 times"
    what_if = balances(projection(client, headers, f"days=90&scenario={scenario['id']}"))
    assert what_if["2027-03-31"] == "1000.00" and what_if["2027-04-01"] == "700.00"
    assert what_if["2027-05-01"] == "400.00" and what_if["2027-06-01"] == "400.00"
    got = client.get(f"{SCHEDULE}/scenarios/{scenario['id']}", headers=headers).get_json()
    assert [r["id"] for r in got["rows"]] == [op["id"]]
    resp = client.delete(f"{SCHEDULE}/scenarios/{scenario['id']}/rows/{op['id']}", headers=headers)
    assert resp.status_code == 204
    assert set(balances(projection(client, headers, f"days=90&scenario={scenario['id']}")).values()) == {
        "1000.00"
    }


BAD_OPS = [
    ({"op": "drop"}, "base_row_id"),
    ({"op": "change", "base_row_id": "ROW"}, "amount"),
    ({"op": "change", "base_row_id": "ROW", "amount": "5", "recurrence": "daily"}, "recurrence"),
    ({"op": "drop", "base_row_id": "ROW", "amount": "5"}, "amount"),
    ({"op": "add", "account_id": "BANK", "amount": "5"}, "event_date"),
    (
        {"op": "add", "base_row_id": "ROW", "account_id": "BANK", "event_date": "2027-04-01", "amount": "5"},
        "base_row_id",
    ),
    ({"op": "add", "account_id": "BANK", "event_date": "2027-04-01", "amount": "5", "count": 2}, "count"),
]


@pytest.mark.parametrize(("body", "field"), BAD_OPS)
def test_bad_scenario_ops_are_refused_and_nothing_written(client, session, user, headers, bank, body, field):  # type: ignore[no-untyped-def]
    row = make_row(client, headers, account_id=bank, event_date="2027-03-31", amount="-950.00")
    scenario = _scenario(client, headers)
    body = {k: row["id"] if v == "ROW" else bank if v == "BANK" else v for k, v in body.items()}
    resp = client.post(f"{SCHEDULE}/scenarios/{scenario['id']}/rows", json=body, headers=headers)
    assert_problem(resp, 422, "finance.invalid_scenario_row")
    assert field in fields(resp.get_json())
    assert count(session, MoneyScheduleScenarioRow, user_id=user.id) == 0
    resp = client.post(f"{SCHEDULE}/scenarios/{scenario['id']}/rows", json={"op": "grow"}, headers=headers)
    assert_problem(resp, 422, "request.validation_failed")


def test_scenario_crud(client, headers, bank):  # type: ignore[no-untyped-def]
    scenario = _scenario(client, headers, "A")
    resp = client.patch(
        f"{SCHEDULE}/scenarios/{scenario['id']}", json={"description": "why not"}, headers=headers
    )
    assert resp.status_code == 200 and resp.get_json()["description"] == "why not"
    assert (
        client.patch(
            f"{SCHEDULE}/scenarios/{scenario['id']}", json={"name": None}, headers=headers
        ).status_code
        == 422
    )
    assert client.post(f"{SCHEDULE}/scenarios", json={"name": ""}, headers=headers).status_code == 422
    listed = client.get(f"{SCHEDULE}/scenarios", headers=headers).get_json()
    assert [s["name"] for s in listed["items"]] == ["A"]
    assert client.delete(f"{SCHEDULE}/scenarios/{scenario['id']}", headers=headers).status_code == 204
    assert client.get(f"{SCHEDULE}/scenarios/{scenario['id']}", headers=headers).status_code == 404
    assert client.get(f"{SCHEDULE}/projection?scenario={scenario['id']}", headers=headers).status_code == 404
