"""/money/receivables and /money/loans in Chromium: each page clean (no console errors or failed
requests), accessible (axe: no serious or critical violation) and phone-sized, in light and dark;
record a repayment in place (htmx) and see the outstanding drop; create an amortizing loan and see
its 12 rows with the 856.07 payment, then a what-if extra payment both ways."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.life_pages import audit, browser_page, build, signed_in_state
from tests.browser.support import Live, assert_accessible, focused, shoot


@pytest.fixture(scope="module")
def lender(browser: Browser, live: Live) -> dict[str, Any]:
    """Ada: money lent to three people (one overdue, one paid back) and two loans, one of them a
    borrowed car loan paid by two linked journal entries."""
    from lifeos.domains.finance.schemas import receivables as rs
    from lifeos.domains.finance.services import loans as loans_svc
    from lifeos.domains.finance.services import receivables as receivables_svc
    from lifeos.domains.finance.services.interest import add_months

    ada = live.user(full_name="Ada Lovelace", timezone="UTC")
    today = date.today()
    first_payment = add_months(today, -2)
    live.accounts(ada, [("Checking", "asset", "bank"), ("Car loan", "liability", None)])
    paid = [
        live.entry(
            ada,
            add_months(first_payment, n),
            "Car loan payment",
            ("Car loan", "debit", "856.07"),
            ("Checking", "credit", "856.07"),
        )
        for n in (0, 1)
    ]

    def make(uow: Any) -> dict[str, int]:
        def lend(who: str, amount: str, days_ago: int, **more: Any) -> int:
            body = rs.ReceivableIn.model_validate(
                {
                    "counterparty": who,
                    "principal": amount,
                    "start_date": (today - timedelta(days=days_ago)).isoformat(),
                    **more,
                }
            )
            return receivables_svc.create_tracker(uow, ada.id, body, today).id

        def entry(tracker_id: int, days_ago: int, amount: str) -> None:
            body = rs.EntryIn.model_validate(
                {"date": (today - timedelta(days=days_ago)).isoformat(), "amount": amount}
            )
            receivables_svc.record_entry(uow, ada.id, tracker_id, body)

        ids = {
            "sailing": lend(
                "Grace Hopper",
                "1200.00",
                100,
                due_date=(today - timedelta(days=10)).isoformat(),
                interest={"kind": "simple", "annual_rate": "5"},
                memo="Sailing course",
            ),
            "tickets": lend("Grace Hopper", "200.00", 20, memo="Concert tickets"),
            "flat": lend(
                "Alan Turing",
                "2500.00",
                60,
                due_date=(today + timedelta(days=30)).isoformat(),
                interest={"kind": "compound", "annual_rate": "4", "compounding": "monthly"},
                memo="Deposit for the flat",
            ),
            "sam": lend("Sam Smith", "80.00", 30, due_date=(today - timedelta(days=5)).isoformat()),
        }
        entry(ids["sailing"], 40, "-300.00")
        entry(ids["sam"], 10, "-80.00")
        car = rs.LoanIn.model_validate(
            {
                "name": "Car loan",
                "direction": "borrowed",
                "description": "Bank of Example, 12 months",
                "amortization": {
                    "principal": "10000.00",
                    "annual_rate": "5",
                    "term_payments": 12,
                    "payments_per_year": 12,
                    "first_payment_date": first_payment.isoformat(),
                },
            }
        )
        ids["car"] = loans_svc.create_loan(uow, ada.id, car, today).id
        for entry_id in paid:
            loans_svc.add_link(uow, ada.id, ids["car"], rs.LinkIn(journal_entry_id=entry_id))
        family = rs.LoanIn.model_validate({"name": "Help for Sam", "direction": "lent"})
        ids["family"] = loans_svc.create_loan(uow, ada.id, family, today).id
        loans_svc.add_link(uow, ada.id, ids["family"], rs.LinkIn(receivable_id=ids["sam"]))
        return ids

    ids = build(live, make)
    return {"person": ada, "ids": ids, "state": signed_in_state(browser, live, ada)}


def test_receivables_and_loans_pages_are_clean_accessible_and_fit_a_phone(
    browser: Browser, live: Live, lender: dict[str, Any]
) -> None:
    ids = lender["ids"]
    with browser_page(browser, live, lender["state"]) as (page, watch):
        audit(page, watch, "/money/receivables", "receivables")
        people = page.locator(".people-owing > section h2")
        expect(people).to_have_text(["Grace Hopper", "Alan Turing"])  # overdue first
        expect(page.locator(f"#receivable-{ids['sailing']}")).to_contain_text("Overdue by 10 days")
        expect(page.get_by_text("Settled (1)")).to_be_visible()
        page.get_by_role("link", name="New receivable").click()
        expect(page.get_by_label("Who owes you")).to_be_focused()
        shoot(page, "receivables-new", full_page=False)
        audit(page, watch, "/money/loans", "loans")
        expect(page.get_by_role("row", name="Car loan")).to_contain_text("856.07 × 12 at 5 %")
        audit(page, watch, f"/money/loans/{ids['car']}", "loan")
        expect(page.locator(".schedule-table tbody tr")).to_have_count(12)
        expect(page.locator("figure.chart.drawn canvas")).to_have_count(1)
        expect(page.locator(".schedule-table .pay-state.ok")).to_have_count(2)  # the two linked payments
        audit(
            page,
            watch,
            f"/money/loans/{ids['car']}?extra_amount=2000&extra_after=2&mode=shorter_term",
            "loan-what-if",
        )
        audit(page, watch, f"/money/loans/{ids['family']}", "loan-group")
        expect(page.get_by_role("link", name="Sam Smith")).to_be_visible()


def test_record_a_repayment_in_place_and_see_the_outstanding_drop(
    browser: Browser, live: Live, lender: dict[str, Any]
) -> None:
    tracker = lender["ids"]["flat"]
    with browser_page(browser, live, lender["state"]) as (page, watch):
        page.goto("/money/receivables")
        card = page.locator(f"#receivable-{tracker}")
        outstanding = card.locator("[data-outstanding]")
        before = Decimal(outstanding.inner_text().replace(",", ""))
        owed = page.locator("#receivable-totals dd").first
        owed_before = Decimal(owed.inner_text().replace(",", ""))
        card.get_by_text("Record repayment or lending").click()
        card.get_by_label("Amount").fill("500")
        card.get_by_role("button", name="Record").click()
        status = page.get_by_role("status").filter(has_text="Recorded repayment of 500.00 for Alan Turing")
        expect(status).to_be_visible()
        expect(status).to_be_focused()
        after = Decimal(
            page.locator(f"#receivable-{tracker} [data-outstanding]").inner_text().replace(",", "")
        )
        assert after == before - Decimal("500.00")
        # The totals were swapped out of band in the same answer.
        expect(page.locator("#receivable-totals dd").first).to_have_text(f"{owed_before - 500:,.2f}")

        # A blank amount: the 422 is shown beside the field, in place, and focus goes to it.
        watch.expect(422)
        card = page.locator(f"#receivable-{tracker}")
        card.get_by_text("Record repayment or lending").click()
        card.get_by_role("button", name="Record").click()
        error = page.locator(f"#f-r{tracker}-amount-error")
        expect(error).to_be_visible()
        expect(page.locator(f"#f-r{tracker}-amount")).to_have_attribute("aria-invalid", "true")
        assert focused(page, f"#f-r{tracker}-amount")
        assert_accessible(page, "receivables with an error in place")
        page.evaluate("() => window.scrollTo(0, 0)")
        shoot(page, "receivables-record-error")
        page.reload()
        expect(page.locator(f"#receivable-{tracker} [data-outstanding]")).to_have_text(f"{after:,.2f}")


def test_create_an_amortizing_loan_and_see_its_schedule(browser: Browser, live: Live) -> None:
    bea = live.user(full_name="Bea Borrower", timezone="UTC")
    with browser_page(browser, live, signed_in_state(browser, live, bea)) as (page, _watch):
        page.goto("/money/loans")
        assert_accessible(page, "loans, empty with the form open")
        shoot(page, "loans-new")
        page.get_by_label("Name").fill("Kitchen loan")
        page.get_by_label("Direction").select_option("borrowed")
        page.get_by_label("Fixed payments (amortizing)").check()
        page.get_by_label("Principal").fill("10,000.00")
        page.get_by_label("Rate per year (%)").fill("5")
        page.get_by_label("Number of payments").fill("12")
        page.get_by_label("How often").select_option("12")
        page.get_by_label("First payment on").fill((date.today() + timedelta(days=30)).isoformat())
        page.get_by_role("button", name="Create loan").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Kitchen loan")
        rows = page.locator(".schedule-table tbody tr")
        expect(rows).to_have_count(12)
        for n in range(11):
            expect(rows.nth(n).locator("td").nth(1)).to_have_text("856.07")
        expect(page.locator(".stats").first).to_contain_text("856.07")

        page.get_by_label("Extra payment").fill("2000")
        page.get_by_label("Right after payment no.").fill("1")
        page.get_by_label("Then").select_option("lower_payment")
        page.get_by_role("button", name="Show what-if").click()
        expect(page.locator(".what-if-result")).to_contain_text("the payment drops to")
        expect(rows).to_have_count(12)
        expect(rows.nth(1).locator("td").nth(1)).not_to_have_text("856.07")
        compare = page.get_by_role("region", name="Shorter term or lower payment")
        expect(compare.get_by_role("row")).to_have_count(4)  # header, the plan, both ways
        assert_accessible(page, "a what-if swapped in place")
        page.get_by_label("Then").select_option("shorter_term")
        page.get_by_role("button", name="Show what-if").click()
        expect(page.locator(".what-if-result")).to_contain_text("paid off in")
        assert page.locator(".schedule-table tbody tr").count() < 12
        assert "extra_amount=2000" in page.url


def test_track_a_receivable_with_compound_interest_through_the_form(browser: Browser, live: Live) -> None:
    cy = live.user(full_name="Cy Lender", timezone="UTC")
    with browser_page(browser, live, signed_in_state(browser, live, cy)) as (page, _watch):
        page.goto("/money/receivables")
        expect(page.get_by_label("Rate per year (%)")).to_be_hidden()  # no interest: no rate asked
        page.get_by_label("Who owes you").fill("Dana Scully")
        page.get_by_label("Amount lent").fill("1,500.00")
        page.get_by_label("Lent on").fill((date.today() - timedelta(days=90)).isoformat())
        page.get_by_label("Kind").select_option("simple")
        expect(page.get_by_label("Compounded")).to_be_hidden()
        page.get_by_label("Kind").select_option("compound")
        page.get_by_label("Rate per year (%)").fill("6")
        page.get_by_label("Compounded").select_option("monthly")
        page.get_by_label("Note").fill("Car repair")
        page.get_by_role("button", name="Track receivable").click()
        expect(
            page.get_by_role("status").filter(has_text="Now tracking 1,500.00 lent to Dana Scully")
        ).to_be_visible()
        person = page.locator(
            "section.person-receivables", has=page.get_by_role("heading", name="Dana Scully")
        )
        expect(person).to_contain_text("6.00 % compounded monthly")
        outstanding = Decimal(person.locator("[data-outstanding]").inner_text().replace(",", ""))
        assert Decimal("1500.00") < outstanding < Decimal("1530.00")  # about 90 days at 6 %
