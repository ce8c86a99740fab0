"""Loans over HTTP: annuity schedule, re-amortization, what was actually paid, links, 404/422.

Every test runs on SQLite and PostgreSQL (the `app` fixture).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from lifeos.domains.finance.models import LoanGroup, LoanGroupLink
from lifeos.platform.outbox.models import OutboxMessage
from tests.api.finance_support import account, entry
from tests.api.test_finance_receivables import Api, _caller, receivable, record
from tests.support.problems import assert_problem

API = "/api/v1/finance"
TEN_K = {
    "principal": "10000.00",
    "annual_rate": "5",
    "term_payments": 12,
    "payments_per_year": 12,
    "first_payment_date": "2026-01-31",
}


@pytest.fixture
def user(user_factory):  # type: ignore[no-untyped-def]
    return user_factory()


@pytest.fixture
def headers(user, auth_headers):  # type: ignore[no-untyped-def]
    return auth_headers(user)


@pytest.fixture
def api(client, headers) -> Api:  # type: ignore[no-untyped-def]
    return _caller(client, headers)


def loan(api: Api, **fields: Any) -> dict[str, Any]:
    response = api("POST", "/loans", {"name": "Car loan", **fields})
    assert response.status_code == 201, response.get_json()
    return response.get_json()  # type: ignore[no-any-return]


def _counts(session: Any, user_id: int) -> tuple[int, int, int]:
    session.expire_all()

    def count(model: Any) -> int:
        return int(
            session.scalar(select(func.count()).select_from(model).where(model.user_id == user_id)) or 0
        )

    return count(LoanGroup), count(LoanGroupLink), count(OutboxMessage)


def test_twelve_month_five_percent_loan_schedule(api) -> None:  # type: ignore[no-untyped-def]
    created = loan(api, direction="borrowed", amortization=TEN_K)
    assert created["amortization"] == {
        **TEN_K,
        "annual_rate": "5.0000",
        "extra_payment_mode": "shorter_term",
        "payment": "856.07",
    }
    assert created["direction"] == "borrowed" and created["links"] == []
    body = api("GET", f"/loans/{created['id']}/schedule?as_of=2025-12-31").get_json()
    rows = body["rows"]
    assert body["payment"] == "856.07" and len(rows) == 12
    assert [r["payment"] for r in rows[:-1]] == ["856.07"] * 11 and rows[-1]["payment"] == "856.12"
    assert (
        sum(Decimal(r["principal"]) for r in rows)
        == Decimal("10000.00")
        == Decimal(body["totals"]["principal"])
    )
    assert rows[0] == {
        "number": 1,
        "date": "2026-01-31",
        "payment": "856.07",
        "interest": "41.67",
        "principal": "814.40",
        "extra": "0.00",
        "balance": "9185.60",
        "paid": "0.00",
    }
    assert [r["date"] for r in rows[1:3]] == ["2026-02-28", "2026-03-31"]
    assert (body["scheduled_to_date"], body["paid_to_date"], body["outstanding"]) == (
        "0.00",
        "0.00",
        "10000.00",
    )


def test_extra_payment_re_amortizes_both_ways(api) -> None:  # type: ignore[no-untyped-def]
    lid = loan(api, amortization=TEN_K)["id"]
    shorter = api(
        "GET", f"/loans/{lid}/schedule?extra_amount=2000.00&extra_after=3&as_of=2025-01-01"
    ).get_json()
    assert shorter["mode"] == "shorter_term"
    assert len(shorter["rows"]) == 10 and shorter["rows"][2]["extra"] == "2000.00"
    assert {r["payment"] for r in shorter["rows"][:-1]} == {"856.07"}
    assert shorter["totals"]["extra"] == "2000.00"
    assert Decimal(shorter["totals"]["principal"]) + Decimal(shorter["totals"]["extra"]) == Decimal(
        "10000.00"
    )

    lower = api("GET", f"/loans/{lid}/schedule?extra_amount=2000&extra_after=3&mode=lower_payment").get_json()
    assert len(lower["rows"]) == 12 and lower["rows"][-1]["date"] == "2026-12-31"
    assert {r["payment"] for r in lower["rows"][3:-1]} == {"629.20"}
    assert Decimal(lower["totals"]["interest"]) < Decimal(
        api("GET", f"/loans/{lid}/schedule").get_json()["totals"]["interest"]
    )
    # The loan's own mode is the default.
    api("PATCH", f"/loans/{lid}", {"amortization": {**TEN_K, "extra_payment_mode": "lower_payment"}})
    assert (
        api("GET", f"/loans/{lid}/schedule?extra_amount=2000&extra_after=3").get_json()["mode"]
        == "lower_payment"
    )


def test_schedule_against_what_was_actually_paid(api, client, headers) -> None:  # type: ignore[no-untyped-def]
    lid = loan(api, direction="borrowed", amortization=TEN_K)["id"]
    rid = receivable(api, counterparty="Bank", principal="10000.00", start_date="2026-01-01")["id"]
    record(api, rid, "2026-01-30", "-856.07")  # payment 1, a day early
    bank, loan_account = (
        account(client, headers, "Checking"),
        account(client, headers, "Car loan", "liability"),
    )
    posted = entry(
        client, headers, "2026-02-27", (loan_account, "debit", "1856.07"), (bank, "credit", "1856.07")
    )
    assert posted.status_code == 201
    for body in ({"receivable_id": rid}, {"journal_entry_id": posted.get_json()["id"]}):
        assert api("POST", f"/loans/{lid}/links", body).status_code == 201

    body = api("GET", f"/loans/{lid}/schedule?as_of=2026-03-01").get_json()
    rows = body["rows"]
    assert [r["paid"] for r in rows[:3]] == ["856.07", "1856.07", "0.00"]
    assert rows[1]["extra"] == "1000.00" and len(rows) < 12  # the overpayment shortens the loan
    assert (body["scheduled_to_date"], body["paid_to_date"], body["ahead"]) == (
        "1712.14",
        "2712.14",
        "1000.00",
    )
    # Actual balance: 10000 + 41.67 − 856.07 = 9185.60; + 38.27 − 1856.07 = 7367.80.
    assert body["outstanding"] == "7367.80"
    card = api("GET", f"/loans/{lid}?as_of=2026-03-01").get_json()
    assert (card["principal"], card["paid"], card["outstanding"], card["interest"]) == (
        "10000.00",
        "2712.14",
        "7367.80",
        "79.94",
    )
    behind = api("GET", f"/loans/{lid}/schedule?as_of=2026-05-01").get_json()
    assert Decimal(behind["ahead"]) < 0  # payments 3 and 4 were due and not paid
    # Reversing the linked journal entry takes its payment back.
    assert (
        api("POST", f"/journal/{posted.get_json()['id']}/reverse", {"date": "2026-03-01"}).status_code == 201
    )
    card = api("GET", f"/loans/{lid}?as_of=2026-03-01").get_json()
    assert (card["paid"], card["outstanding"]) == ("856.07", "9223.87")  # 9185.60 + 38.27


def test_loan_without_terms_sums_its_receivables(api, client, headers) -> None:  # type: ignore[no-untyped-def]
    lid = loan(api, name="Family")["id"]
    a = receivable(api, principal="500.00", interest={"kind": "simple", "annual_rate": "10"})["id"]
    b = receivable(api, principal="300.00")["id"]
    record(api, a, "2025-07-01", "-100.00")
    record(api, b, "2025-03-01", "50.00")
    bank, other = (
        account(client, headers, "Cash"),
        account(client, headers, "Family loan", "asset", "receivable"),
    )
    posted = entry(
        client, headers, "2025-08-01", (bank, "debit", "25.00"), (other, "credit", "25.00")
    ).get_json()
    for body in ({"receivable_id": a}, {"receivable_id": b}, {"journal_entry_id": posted["id"]}):
        assert api("POST", f"/loans/{lid}/links", body).status_code == 201
    card = api("GET", f"/loans/{lid}?as_of=2026-01-01").get_json()
    tracker = api("GET", f"/receivables/{a}?as_of=2026-01-01").get_json()
    assert card["principal"] == "850.00"  # 500 + 300 + 50 lent more
    assert card["paid"] == "125.00"  # 100 repaid + the 25.00 entry
    assert card["interest"] == tracker["interest_accrued"]
    assert Decimal(card["outstanding"]) == Decimal("850.00") + Decimal(card["interest"]) - Decimal("125.00")
    assert len(card["links"]) == 3
    assert_problem(api("GET", f"/loans/{lid}/schedule"), 409, "finance.loan_not_amortizing")


def test_links_are_checked_and_unique(api, client, session, user, user_factory, auth_headers) -> None:  # type: ignore[no-untyped-def]
    lid = loan(api)["id"]
    rid = receivable(api)["id"]
    assert api("POST", f"/loans/{lid}/links", {"receivable_id": rid}).status_code == 201
    before = _counts(session, user.id)
    assert_problem(
        api("POST", f"/loans/{lid}/links", {"receivable_id": rid}), 409, "finance.loan_link_exists"
    )
    for body in ({}, {"receivable_id": rid, "journal_entry_id": 1}):
        assert_problem(api("POST", f"/loans/{lid}/links", body), 422, "finance.invalid_loan_link")
    assert_problem(api("POST", f"/loans/{lid}/links", {"receivable_id": 0}), 422, "request.validation_failed")
    # Another user's receivable and journal entry are not found, and nothing is linked.
    mallory = user_factory()
    mallory_headers = auth_headers(mallory)
    theirs = _caller(client, mallory_headers)
    their_rid = receivable(theirs)["id"]
    cash, food = (
        account(client, mallory_headers, "M cash"),
        account(client, mallory_headers, "M food", "expense"),
    )
    their_entry = entry(
        client, mallory_headers, "2025-01-05", (food, "debit", "5.00"), (cash, "credit", "5.00")
    )
    got = api("POST", f"/loans/{lid}/links", {"receivable_id": their_rid})
    assert_problem(got, 404, "finance.receivable_not_found")
    got = api("POST", f"/loans/{lid}/links", {"journal_entry_id": their_entry.get_json()["id"]})
    assert_problem(got, 404, "finance.entry_not_found")
    assert _counts(session, user.id) == before


def test_other_users_loans_are_404_everywhere(api, client, session, user, user_factory, auth_headers) -> None:  # type: ignore[no-untyped-def]
    lid = loan(api, name="Secret loan", amortization=TEN_K)["id"]
    mallory = user_factory()
    other = _caller(client, auth_headers(mallory))
    mine = receivable(other)["id"]
    before = _counts(session, user.id)
    for method, path, body in (
        ("GET", f"/loans/{lid}", None),
        ("PATCH", f"/loans/{lid}", {"name": "mine"}),
        ("DELETE", f"/loans/{lid}", None),
        ("POST", f"/loans/{lid}/links", {"receivable_id": mine}),
        ("GET", f"/loans/{lid}/schedule", None),
    ):
        assert_problem(other(method, path, body), 404, "finance.loan_not_found")
    assert "Secret" not in other("GET", "/loans").get_data(as_text=True)
    assert _counts(session, user.id) == before
    assert _counts(session, mallory.id)[:2] == (0, 0)


@pytest.mark.parametrize(
    ("amortization", "field"),
    [
        ({**TEN_K, "term_payments": 0}, "amortization.term_payments"),
        ({**TEN_K, "term_payments": "12"}, "amortization.term_payments"),
        ({**TEN_K, "payments_per_year": 3}, "amortization.payments_per_year"),
        ({**TEN_K, "annual_rate": "5.12345"}, "amortization.annual_rate"),
        ({**TEN_K, "annual_rate": "-1"}, "amortization.annual_rate"),
        ({**TEN_K, "principal": "-10"}, "amortization.principal"),
        ({**TEN_K, "extra_payment_mode": "sideways"}, "amortization.extra_payment_mode"),
    ],
)
def test_bad_terms_are_422_and_write_nothing(api, session, user, amortization, field) -> None:  # type: ignore[no-untyped-def]
    problem = assert_problem(
        api("POST", "/loans", {"name": "X", "amortization": amortization}), 422, "request.validation_failed"
    )
    assert field in {e["field"] for e in problem["errors"]}, problem
    assert _counts(session, user.id) == (0, 0, 0)


def test_patch_list_and_delete(api, session, user) -> None:  # type: ignore[no-untyped-def]
    first = loan(api, name="Old", amortization=TEN_K)["id"]
    second = loan(api, name="New")["id"]
    rid = receivable(api)["id"]
    api("POST", f"/loans/{first}/links", {"receivable_id": rid})
    patched = api("PATCH", f"/loans/{first}", {"amortization": None, "direction": "borrowed"}).get_json()
    assert patched["amortization"] is None and patched["direction"] == "borrowed"
    assert_problem(api("GET", f"/loans/{first}/schedule"), 409, "finance.loan_not_amortizing")
    assert_problem(api("PATCH", f"/loans/{first}", {"name": None}), 422, "request.validation_failed")
    page = api("GET", "/loans?limit=1").get_json()
    assert [i["id"] for i in page["items"]] == [second]
    rest = api("GET", f"/loans?limit=1&cursor={page['next_cursor']}").get_json()
    assert [i["id"] for i in rest["items"]] == [first] and rest["next_cursor"] is None
    assert api("DELETE", f"/loans/{first}").status_code == 204
    assert_problem(api("GET", f"/loans/{first}"), 404, "finance.loan_not_found")
    assert api("GET", f"/receivables/{rid}").get_json()["loan_ids"] == []  # the receivable stays
    session.expire_all()
    names = list(
        session.scalars(
            select(OutboxMessage.event_type)
            .where(OutboxMessage.user_id == user.id, OutboxMessage.event_type.startswith("finance.loan."))
            .order_by(OutboxMessage.id)
        )
    )
    assert names == [
        "finance.loan.created",
        "finance.loan.created",
        "finance.loan.linked",
        "finance.loan.updated",
        "finance.loan.deleted",
    ]


def test_extreme_terms_answer_without_overflow(api) -> None:  # type: ignore[no-untyped-def]
    terms = {
        "principal": "1000000000000000",
        "annual_rate": "100",
        "term_payments": 1200,
        "payments_per_year": 1,
        "first_payment_date": "1900-01-01",
    }
    lid = loan(api, amortization=terms)["id"]
    schedule = api("GET", f"/loans/{lid}/schedule?as_of=2999-12-31")
    assert schedule.status_code == 200 and len(schedule.get_json()["rows"]) == 1200
    card = api("GET", f"/loans/{lid}?as_of=2999-12-31").get_json()
    assert len(card["outstanding"]) > 300  # nothing paid for 1100 years at 100 %
