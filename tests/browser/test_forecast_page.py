"""/money/forecast in Chromium: the page clean (no console errors or failed requests), accessible
(axe: no serious or critical violation) and phone-sized, in light and dark; add a recurring row
through the sentence form and see the chart's low point move; switch a scenario on and see the
comparison (two lines, the difference, both low points)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.life_pages import audit, browser_page, build, signed_in_state
from tests.browser.support import Live


@pytest.fixture(scope="module")
def planner(browser: Browser, live: Live) -> dict[str, Any]:
    """Ada: a bank account with 4,000.00, salary and rent scheduled, a scenario where the rent
    goes up, and a salary payment due last week that two postings could have paid."""
    from lifeos.domains.finance.schemas import schedule as ss
    from lifeos.domains.finance.services.schedule import rows as rows_svc
    from lifeos.domains.finance.services.schedule import scenarios as scenarios_svc

    ada = live.user(full_name="Ada Lovelace", timezone="UTC")
    today = date.today()
    live.accounts(
        ada,
        [
            ("Checking", "asset", "bank"),
            ("Opening", "equity", "opening_balance"),
            ("Salary", "income", "salary"),
        ],
    )
    live.entry(
        ada,
        today - timedelta(days=40),
        "Opening balance",
        ("Checking", "debit", "4000.00"),
        ("Opening", "credit", "4000.00"),
    )
    due = today - timedelta(days=6)
    for shift in (-1, 1):  # two candidates for one payment: matched by hand
        live.entry(
            ada,
            due + timedelta(days=shift),
            "Salary",
            ("Checking", "debit", "100.00"),
            ("Salary", "credit", "100.00"),
        )
    bank = ada.accounts["Checking"]

    def make(uow: Any) -> dict[str, int]:
        def row(**values: Any) -> int:
            body = ss.ScheduleRowIn.model_validate({"account_id": bank, **values})
            return rows_svc.create_row(uow, ada.id, today, body.model_dump()).id

        ids = {
            "rent": row(
                event_date=today + timedelta(days=5), amount="-1500", memo="Rent", recurrence="monthly_day"
            ),
            "bonus": row(event_date=due, amount="100", memo="Side job"),
        }
        scenario = scenarios_svc.create_scenario(uow, ada.id, "Rent goes up", "The landlord's letter")
        change = ss.ScenarioRowIn.model_validate(
            {"op": "change", "base_row_id": ids["rent"], "amount": "-1900"}
        )
        scenarios_svc.add_op(
            uow, ada.id, scenario.id, {**change.model_dump(exclude_unset=True), "op": "change"}
        )
        ids["scenario"] = scenario.id
        return ids

    ids = build(live, make)
    return {"person": ada, "ids": ids, "state": signed_in_state(browser, live, ada)}


def _low(page: Page, figure: str = "#forecast-chart") -> dict[str, Any]:
    spec = json.loads(page.locator(f"{figure} script[data-chart-data]").text_content() or "{}")
    return spec["markers"][0]  # type: ignore[no-any-return]


def test_forecast_pages_are_clean_accessible_and_fit_a_phone(
    browser: Browser, live: Live, planner: dict[str, Any]
) -> None:
    ids = planner["ids"]
    with browser_page(browser, live, planner["state"]) as (page, watch):
        audit(page, watch, "/money/forecast", "forecast")
        expect(page.locator("#forecast-chart.drawn canvas")).to_have_count(1)
        expect(page.locator(f"#row-{ids['rent']}")).to_contain_text("every month on day")
        expect(page.locator("#matching .candidate")).to_have_count(2)
        audit(
            page, watch, f"/money/forecast?days=365&floor=500&scenario={ids['scenario']}", "forecast-scenario"
        )
        expect(page.locator("#comparison figure.chart.drawn")).to_have_count(2)
        audit(page, watch, f"/money/forecast/rows/{ids['rent']}/edit", "forecast-row-edit")
        page.goto("/today")
        expect(page.locator("#today-forecast-chart.drawn canvas")).to_have_count(1)
        expect(page.locator(".forecast-today [data-low-point]")).to_contain_text("Lowest")


def test_add_a_recurring_row_and_see_the_low_point_move(
    browser: Browser, live: Live, planner: dict[str, Any]
) -> None:
    with browser_page(browser, live, planner["state"]) as (page, watch):
        page.goto("/money/forecast?days=90")
        before = _low(page)
        form = page.locator("#new-row form")
        if not page.locator("#new-row").evaluate("d => d.open"):
            page.locator("#new-row > summary").click()
        page.select_option("#f-row-period", "week")
        expect(page.locator("#f-row-on")).to_be_hidden()  # a weekly row has no day of month
        expect(page.locator("#f-row-weekday")).to_be_visible()
        page.select_option("#f-row-period", "month")
        page.select_option("#f-row-on", "w2")
        page.select_option("#f-row-weekday", "1")
        expect(form.locator("[data-sentence-preview]")).to_contain_text("Every month on the 2nd Tuesday")
        page.select_option("#f-row-on", "last")
        expect(page.locator("#f-row-weekday")).to_be_hidden()
        page.fill("#f-row-amount", "−1,200.00")
        page.fill("#f-row-memo", "Car lease")
        page.select_option("#f-row-account", label="Checking (asset)")
        expect(form.locator("[data-sentence-preview]")).to_have_text(
            "Every month on the last day, −1,200.00 Car lease from Checking."
        )
        page.press("#f-row-memo", "Enter")  # forms submit on Enter (keyboard first)
        expect(page.get_by_role("status").filter(has_text="Added Car lease")).to_be_visible()
        after = _low(page)
        assert float(after["y"]) < float(before["y"]) - 1000, (before, after)
        expect(page.locator("[data-low-point]").first).to_contain_text(after["label"].removeprefix("Low "))
        expect(page.locator("#schedule-rows")).to_contain_text("every month on the last day")

        # A mistake is shown beside its field and keeps what was typed.
        if not page.locator("#new-row").evaluate("d => d.open"):
            page.locator("#new-row > summary").click()
        page.fill("#f-row-amount", "lots")
        page.fill("#f-row-memo", "Gym")
        watch.expect(422)
        page.locator("#new-row form").get_by_role("button", name="Add payment").click()
        expect(page.locator("#f-row-amount")).to_have_attribute("aria-invalid", "true")
        expect(page.locator("#f-row-amount-error")).to_be_visible()
        expect(page.locator("#f-row-memo")).to_have_value("Gym")


def test_switch_a_scenario_on_and_see_the_comparison(
    browser: Browser, live: Live, planner: dict[str, Any]
) -> None:
    scenario = planner["ids"]["scenario"]
    with browser_page(browser, live, planner["state"]) as (page, _watch):
        page.goto("/money/forecast?days=90")
        expect(page.locator("#comparison")).to_have_count(0)
        page.locator(f"#scenario-{scenario}").get_by_role("link", name="Compare with base").click()
        comparison = page.locator("#comparison")
        expect(comparison).to_contain_text("Compared with “Rent goes up”")
        expect(comparison.locator("figure.chart.drawn canvas")).to_have_count(2)
        spec = json.loads(comparison.locator("#compare-chart script[data-chart-data]").text_content() or "{}")
        assert [s["label"] for s in spec["series"]] == ["Base", "Rent goes up"]
        base_low, scenario_low = (float(m["y"]) for m in spec["markers"])
        assert scenario_low < base_low  # the rent went up
        expect(comparison.locator("[data-difference]")).to_contain_text("−")
        expect(page.locator(f"#scenario-{scenario} .badge-accent")).to_have_text("On")

        # Add a change to the scenario in place of the page's form; the comparison follows.
        card = page.locator(f"#scenario-{scenario}")
        card.get_by_text("Add a payment to this scenario").click()
        page.fill(f"#f-s{scenario}-amount", "-300")
        page.fill(f"#f-s{scenario}-memo", "Holiday")
        page.select_option(f"#f-s{scenario}-period", "once")
        expect(page.locator(f"#f-s{scenario}-every")).to_be_hidden()
        card.get_by_role("button", name="Add to scenario").first.click()
        expect(page.get_by_role("status").filter(has_text="Added to the scenario")).to_be_visible()
        after = json.loads(page.locator("#compare-chart script[data-chart-data]").text_content() or "{}")
        assert float(after["markers"][1]["y"]) <= scenario_low - 300 + 0.001
        page.locator("#comparison").get_by_role("link", name="Switch off").click()
        expect(page.locator("#comparison")).to_have_count(0)
