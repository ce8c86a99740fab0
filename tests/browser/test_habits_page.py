"""/habits in Chromium: the page (today's ticks, a year heatmap per habit, streaks and strength)
and the habit form clean, accessible and phone-sized; tick a habit on Today and see its streak
change in place (no page load); create a habit through the form."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.life_pages import audit, browser_page, build, signed_in_state
from tests.browser.support import Live


@pytest.fixture(scope="module")
def habits_member(browser: Browser, live: Live) -> dict[str, Any]:
    """Ada's habits with months of history: a daily one on a 12-day run, a weekday one, a
    numeric one and a paused one."""
    from lifeos.domains.habits.services import habits as habits_svc
    from lifeos.domains.habits.services import logs as logs_svc
    from lifeos.platform.clock import today_in

    ada = live.user(full_name="Ada Lovelace", timezone="UTC")
    today = today_in("UTC")

    def make(uow: Any) -> dict[str, int]:
        def habit(**given: Any) -> int:
            return habits_svc.create_habit(uow, ada.id, given).id

        ids = {
            "read": habit(name="Read 20 pages", description="Before bed"),
            "gym": habit(name="Gym", schedule_type="weekdays", schedule_days=[1, 3, 5]),
            "water": habit(name="Water", kind="numeric", target_value=Decimal(8), unit="glasses"),
            "stretch": habit(name="Stretch", schedule_type="times_per_week", times_per_week=3),
        }
        for days_ago in range(1, 200):
            day = today - timedelta(days=days_ago)
            if days_ago <= 12 or days_ago % 5 not in (0, 3):
                if days_ago in (31, 32):
                    logs_svc.skip_day(uow, ada.id, ids["read"], day, today)
                else:
                    logs_svc.log_day(uow, ada.id, ids["read"], day, today)
            if day.isoweekday() in (1, 3, 5) and days_ago % 3:
                logs_svc.log_day(uow, ada.id, ids["gym"], day, today)
            if days_ago < 60:
                logs_svc.log_day(uow, ada.id, ids["water"], day, today, value=Decimal(4 + days_ago % 6))
            if days_ago < 90 and day.isoweekday() in (2, 4, 6):
                logs_svc.log_day(uow, ada.id, ids["stretch"], day, today)
        return ids

    ids = build(live, make)
    return {"person": ada, "ids": ids, "state": signed_in_state(browser, live, ada)}


def test_habit_pages_are_clean_accessible_and_fit_a_phone(
    browser: Browser, live: Live, habits_member: dict[str, Any]
) -> None:
    with browser_page(browser, live, habits_member["state"]) as (page, watch):
        audit(page, watch, "/habits", "habits")
        read = page.locator(f"#habit-{habits_member['ids']['read']}")
        expect(read.locator(".hm-week:not(.hm-days)")).to_have_count(53)
        expect(read.locator(".heatmap-summary")).to_contain_text("due days in the last year, 2 skipped.")
        expect(read.get_by_text("Current streak")).to_be_visible()
        expect(read.get_by_label("Strength of Read 20 pages")).to_be_visible()
        audit(page, watch, "/habits/new", "habit-new")
        audit(page, watch, "/today", "today-life")


def test_tick_a_habit_on_today_and_see_the_streak_change(
    browser: Browser, live: Live, habits_member: dict[str, Any]
) -> None:
    read = habits_member["ids"]["read"]
    with browser_page(browser, live, habits_member["state"]) as (page, _watch):
        page.goto("/today")
        row = page.locator(f"#tick-row-{read}")
        expect(row).to_contain_text("12-day streak")
        expect(row).to_contain_text("13 once done")
        page.evaluate("() => { window.__stillHere = true; }")  # gone if the page reloads
        button = row.get_by_role("button", name="Done: Read 20 pages")
        expect(button).to_have_attribute("aria-pressed", "false")
        button.focus()
        page.keyboard.press("Enter")
        expect(row).to_contain_text("13-day streak")
        expect(row.get_by_role("button", name="Done: Read 20 pages")).to_have_attribute(
            "aria-pressed", "true"
        )
        expect(row.get_by_role("button", name="Done: Read 20 pages")).to_be_focused()  # kept for the keyboard
        assert page.evaluate("() => window.__stillHere === true"), "the tick reloaded the page"
        # The habits page agrees; untick there and the streak goes back.
        page.goto("/habits")
        stats = page.locator(f"#habit-{read} .habit-stats")
        expect(stats).to_contain_text("13")
        page.locator(f"#tick-row-{read}").get_by_role("button", name="Done: Read 20 pages").click()
        expect(page.locator(f"#tick-row-{read}")).to_contain_text("12-day streak")


def test_a_numeric_habit_is_logged_in_place(
    browser: Browser, live: Live, habits_member: dict[str, Any]
) -> None:
    water = habits_member["ids"]["water"]
    with browser_page(browser, live, habits_member["state"]) as (page, _watch):
        page.goto("/habits")
        row = page.locator(f"#tick-row-{water}")
        row.get_by_label("glasses").fill("9")
        row.get_by_role("button", name="Log Water").click()
        expect(row.get_by_role("button", name="Done: Water")).to_have_attribute("aria-pressed", "true")


def test_create_a_habit_through_the_form(browser: Browser, live: Live, habits_member: dict[str, Any]) -> None:
    with browser_page(browser, live, habits_member["state"]) as (page, watch):
        watch.expect(422)
        page.goto("/habits/new")
        page.get_by_label("Name").fill("Journal before bed")
        page.get_by_label("Schedule").select_option("times_per_week")
        page.get_by_role("button", name="Create habit").click()
        expect(page.locator("#f-times_per_week-error")).to_be_visible()  # 422: N is missing
        expect(page.get_by_label("Name")).to_have_value("Journal before bed")
        page.get_by_label("Times per week").fill("4")
        page.get_by_role("button", name="Create habit").click()
        expect(page.get_by_role("status")).to_contain_text("Habit “Journal before bed” created.")
        card = page.get_by_role("article", name="Journal before bed")
        expect(card).to_contain_text("4 times a week")
        expect(card.locator(".hm-week:not(.hm-days)")).to_have_count(53)
