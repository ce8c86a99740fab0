"""/people in Chromium: each page clean, accessible and phone-sized; log a call in place on the
reconnect list and on Today (htmx) and see the person leave it; log a meeting on a person's page."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.life_pages import audit, browser_page, build, signed_in_state
from tests.browser.support import Live, assert_accessible, tab_until


@pytest.fixture(scope="module")
def people_member(browser: Browser, live: Live) -> dict[str, Any]:
    """Ada's people: some overdue for a call, one never contacted, birthdays this week and this month."""
    from lifeos.domains.relationships.services import interactions as interactions_svc
    from lifeos.domains.relationships.services import people as people_svc

    ada = live.user(full_name="Ada Lovelace", timezone="UTC")
    today = date.today()
    soon, later = today + timedelta(days=2), today + timedelta(days=18)

    def make(uow: Any) -> dict[str, int]:
        def person(name: str, **fields: Any) -> int:
            return people_svc.create_person(uow, ada.id, {"name": name, "tags": [], **fields}, today).id

        def talked(person_id: int, days_ago: int, method: str = "call") -> None:
            data = {"date": today - timedelta(days=days_ago), "method": method, "notes": None, "sentiment": 1}
            interactions_svc.log_interaction(uow, ada.id, person_id, data)

        ids = {
            "grace": person("Grace Hopper", relationship_type="friend", cadence_days=14, importance=5),
            "alan": person("Alan Turing", relationship_type="colleague", cadence_days=30),
            "mary": person(
                "Mary Somerville",
                relationship_type="family",
                cadence_days=7,
                birthday={"month": soon.month, "day": soon.day, "year": 1980},
            ),
            "charles": person(
                "Charles Babbage", birthday={"month": later.month, "day": later.day, "year": None}
            ),
            "emmy": person("Emmy Noether", relationship_type="friend", cadence_days=60),
        }
        talked(ids["grace"], 40)
        talked(ids["alan"], 45, "meeting")
        talked(ids["emmy"], 5, "message")
        return ids

    ids = build(live, make)
    return {"person": ada, "ids": ids, "state": signed_in_state(browser, live, ada)}


def test_people_pages_are_clean_accessible_and_fit_a_phone(
    browser: Browser, live: Live, people_member: dict[str, Any]
) -> None:
    with browser_page(browser, live, people_member["state"]) as (page, watch):
        audit(page, watch, "/people", "people")
        reconnect = page.locator("#reconnect")
        for name in ("Grace Hopper", "Alan Turing", "Mary Somerville"):
            expect(reconnect.get_by_role("link", name=name)).to_be_visible()
        expect(reconnect).not_to_contain_text("Emmy Noether")  # talked 5 days ago, every 60 days
        expect(page.get_by_role("heading", name="Birthdays in the next 30 days")).to_be_visible()
        audit(page, watch, f"/people/{people_member['ids']['grace']}", "person")


def test_log_a_call_on_the_reconnect_list_and_the_person_leaves_it(
    browser: Browser, live: Live, people_member: dict[str, Any]
) -> None:
    with browser_page(browser, live, people_member["state"]) as (page, _watch):
        page.goto("/people")
        reconnect = page.locator("#reconnect")
        expect(reconnect.get_by_role("link", name="Grace Hopper")).to_be_visible()
        reconnect.get_by_role("button", name="Log call with Grace Hopper").click()
        status = page.get_by_role("status").filter(has_text="Logged a call with Grace Hopper.")
        expect(status).to_be_visible()
        expect(status).to_be_focused()
        expect(page.locator("#reconnect").get_by_role("link", name="Grace Hopper")).to_have_count(0)
        expect(page.locator("#reconnect").get_by_role("link", name="Alan Turing")).to_be_visible()
        page.reload()
        expect(page.locator("#reconnect").get_by_role("link", name="Grace Hopper")).to_have_count(0)
        everyone = page.get_by_role("table", name="Everyone, by name")
        expect(everyone.get_by_role("row", name="Grace Hopper")).to_contain_text(
            date.today().strftime("%-d %b")
        )


def test_log_a_call_on_today_and_see_birthdays_this_week(
    browser: Browser, live: Live, people_member: dict[str, Any]
) -> None:
    with browser_page(browser, live, people_member["state"]) as (page, _watch):
        page.goto("/today")
        assert_accessible(page, "Today with its cards filled")
        birthdays = page.locator("section", has=page.get_by_role("heading", name="Birthdays this week"))
        expect(birthdays).to_contain_text("Mary Somerville")
        expect(birthdays).not_to_contain_text("Charles Babbage")  # in 18 days
        card = page.locator("#today-people")
        expect(card.get_by_role("link", name="Alan Turing")).to_be_visible()
        card.get_by_role("button", name="Log call with Alan Turing").click()
        expect(card.get_by_role("status")).to_contain_text("Logged a call with Alan Turing.")
        expect(page.locator("#today-people").get_by_role("link", name="Alan Turing")).to_have_count(0)
        page.goto("/people")
        expect(page.locator("#reconnect").get_by_role("link", name="Alan Turing")).to_have_count(0)


def test_snooze_by_keyboard_only(browser: Browser, live: Live, people_member: dict[str, Any]) -> None:
    with browser_page(browser, live, people_member["state"]) as (page, _watch):
        page.goto("/people")
        expect(page.locator("#reconnect").get_by_role("link", name="Mary Somerville")).to_be_visible()
        tab_until(page, f'form[action="/people/{people_member["ids"]["mary"]}/snooze"] button')
        page.keyboard.press("Enter")
        status = page.get_by_role("status").filter(has_text="Mary Somerville is off the list until")
        expect(status).to_be_focused()
        expect(page.locator("#reconnect").get_by_role("link", name="Mary Somerville")).to_have_count(0)
        page.reload()
        everyone = page.get_by_role("table", name="Everyone, by name")
        expect(everyone.get_by_role("row", name="Mary Somerville")).to_contain_text("snoozed")


def test_log_a_meeting_on_a_persons_page(browser: Browser, live: Live, people_member: dict[str, Any]) -> None:
    with browser_page(browser, live, people_member["state"]) as (page, _watch):
        page.goto(f"/people/{people_member['ids']['mary']}")
        form = page.locator("#log-interaction")
        form.get_by_label("How", exact=True).select_option("meeting")
        form.get_by_label("How it went").select_option("2")
        form.get_by_label("Notes").fill("Lunch by the river")
        form.get_by_role("button", name="Log interaction").click()
        expect(
            page.get_by_role("status").filter(has_text="Logged a meeting with Mary Somerville.")
        ).to_be_visible()
        history = page.locator("section", has=page.get_by_role("heading", name="Interactions"))
        expect(history).to_contain_text("Lunch by the river")
        expect(history).to_contain_text("Meeting · very good")
