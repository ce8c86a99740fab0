"""/health/ in Chromium: the page clean, accessible and phone-sized with the weight chart drawn
(uPlot, readable in both themes, its numbers in a table); log a weight and see the chart and its
table follow; log a workout and a meal; a refused value is shown beside its field."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.life_pages import audit, browser_page, build, signed_in_state
from tests.browser.support import Live

SPEC = "() => JSON.parse(document.querySelector('#weight-chart script[data-chart-data]').textContent)"


@pytest.fixture(scope="module")
def health_member(browser: Browser, live: Live) -> dict[str, Any]:
    """Ada's last two months: weigh-ins most mornings (drifting down), sleep, workouts, meals."""
    from lifeos.domains.health.services import biometrics as bio_svc
    from lifeos.domains.health.services import nutrition as nutrition_svc
    from lifeos.domains.health.services import workouts as workouts_svc
    from lifeos.platform.clock import today_in

    ada = live.user(full_name="Ada Lovelace", timezone="UTC")
    today = today_in("UTC")

    def make(uow: Any) -> None:
        for days_ago in range(1, 60):
            day = today - timedelta(days=days_ago)
            if days_ago % 4 == 2:
                continue  # a morning without the scale
            kg = Decimal("74.0") - Decimal(60 - days_ago) * Decimal("0.05") + Decimal((days_ago * 7) % 5) / 10
            bio_svc.put_biometric(
                uow,
                ada.id,
                day,
                bio_svc.BiometricInput(
                    weight=kg.quantize(Decimal("0.01")),
                    sleep_hours=Decimal("7.00") + Decimal(days_ago % 3) / 2,
                    resting_hr=58 + days_ago % 5,
                    energy=3 + days_ago % 3,
                ),
            )
        for days_ago, kind, minutes in (
            (1, "Run", 35),
            (3, "Cycling", 60),
            (5, "Strength", 45),
            (8, "Run", 30),
        ):
            workouts_svc.create_workout(
                uow,
                ada.id,
                workouts_svc.WorkoutInput(kind, minutes, today - timedelta(days=days_ago), "moderate"),
            )
        for days_ago, meal, items, kcal in (
            (0, "breakfast", "Porridge and berries", 420),
            (1, "dinner", "Dal and rice", 710),
        ):
            nutrition_svc.create_nutrition(
                uow,
                ada.id,
                nutrition_svc.NutritionInput(
                    meal, today - timedelta(days=days_ago), items, Decimal(kcal), Decimal(18), None, None, 4
                ),
            )

    build(live, make)
    return {"person": ada, "today": today, "state": signed_in_state(browser, live, ada)}


def test_health_page_is_clean_accessible_and_fits_a_phone(
    browser: Browser, live: Live, health_member: dict[str, Any]
) -> None:
    with browser_page(browser, live, health_member["state"]) as (page, watch):
        audit(page, watch, "/health/", "health")
        expect(page.locator("#weight-chart.drawn canvas")).to_have_count(1)
        expect(page.get_by_role("region", name="Workouts")).to_contain_text("Cycling · 60 min")
        expect(page.get_by_role("region", name="Meals")).to_contain_text("Porridge and berries")


def test_log_a_weight_and_see_the_chart(browser: Browser, live: Live, health_member: dict[str, Any]) -> None:
    today = health_member["today"]
    with browser_page(browser, live, health_member["state"], scheme="dark") as (page, _watch):
        page.goto("/health/")
        chart = page.locator("#weight-chart")
        expect(chart).to_have_class("chart drawn")
        points_before = len(page.evaluate(SPEC)["x"])
        form = page.get_by_role("region", name="Log a day")
        expect(form.get_by_label("Day")).to_have_value(today.isoformat())
        form.get_by_label("Weight (kg)").fill("68.4")
        form.get_by_label("Sleep (hours)").fill("8")
        form.get_by_role("button", name="Save day").click()
        expect(page.get_by_role("status")).to_contain_text("Saved")
        chart = page.locator("#weight-chart")
        expect(chart).to_have_class("chart drawn")
        spec = page.evaluate(SPEC)
        assert len(spec["x"]) == points_before + 1 and spec["x"][-1] == today.isoformat()
        assert spec["series"][0]["values"][-1] == "68.40"
        expect(chart.locator("figcaption")).to_contain_text("Latest 68.4 kg")
        # The legend (drawn by uPlot) shows the latest values; the table has the same numbers.
        expect(chart.locator(".u-legend")).to_contain_text("68.4 kg")
        chart.get_by_text("Show the numbers").click()
        first_row = chart.get_by_role("table").locator("tbody tr").first
        expect(first_row).to_contain_text("68.4 kg")
        # The theme toggle redraws the chart in the chosen theme's colours.
        page.get_by_role("button", name="Theme: Auto").click()
        expect(page.locator("html")).to_have_attribute("data-theme", "light")
        expect(chart.locator("canvas")).to_have_count(1)
        expect(chart.locator(".u-legend")).to_contain_text("68.4 kg")
        # The day's record is shown again for changes (one record per day).
        expect(form.get_by_label("Weight (kg)")).to_have_value("68.40")


def test_log_a_workout_and_a_meal_and_see_refusals_beside_the_field(
    browser: Browser, live: Live, health_member: dict[str, Any]
) -> None:
    with browser_page(browser, live, health_member["state"]) as (page, watch):
        watch.expect(422)
        page.goto("/health/")
        workouts = page.get_by_role("region", name="Workouts")
        workouts.get_by_label("Workout").fill("Swim")
        workouts.get_by_label("Minutes").fill("2000")
        workouts.get_by_role("button", name="Log workout").click()
        workouts = page.get_by_role("region", name="Workouts")
        expect(workouts.locator("#w-minutes-error")).to_be_visible()
        expect(workouts.get_by_label("Minutes")).to_have_attribute("aria-invalid", "true")
        expect(workouts.get_by_label("Workout")).to_have_value("Swim")
        workouts.get_by_label("Minutes").fill("40")
        workouts.get_by_role("button", name="Log workout").click()
        expect(page.get_by_role("status")).to_contain_text("Workout logged: Swim, 40 min.")
        meals = page.get_by_role("region", name="Meals")
        meals.get_by_label("Meal").select_option("lunch")
        meals.get_by_label("What you ate").fill("Soup & bread")
        meals.get_by_label("Calories").fill("550")
        meals.get_by_role("button", name="Log meal").click()
        expect(page.get_by_role("region", name="Meals")).to_contain_text("Soup & bread")
