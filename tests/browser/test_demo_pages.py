"""The product as a newcomer first sees it: `flask demo`'s year of data (the same generator the
command runs), signed in, Today and every page of the navigation - no console errors or failed
requests, no serious or critical axe violation, nothing wider than a phone."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.life_pages import audit, browser_page, deliver_outbox, signed_in_state
from tests.browser.support import PASSWORD, Live, Person, shoot

# Every page a person reaches from the navigation and the money sub-navigation (name, path).
PAGES = [
    ("demo-forecast", "/money/forecast"),
    ("demo-receivables", "/money/receivables"),
    ("demo-loans", "/money/loans"),
    ("demo-import", "/money/import"),
    ("demo-trial-balance", "/money/trial-balance"),
    ("demo-journal", "/journal"),
    ("demo-habits", "/habits"),
    ("demo-health", "/health/"),
    ("demo-skills", "/skills"),
    ("demo-projects", "/projects"),
    ("demo-people", "/people"),
    ("demo-settings", "/settings"),
]
SHOWN = {"demo-forecast"}  # the README's pictures of the lived-in product; the rest are only checked
TODAY_SECTIONS = ("Money", "Cash", "Habits", "Tasks due", "Reconnect", "Birthdays this week", "Journal")


@pytest.fixture(scope="module")
def demo_state(browser: Browser, live: Live) -> dict[str, Any]:
    """A demo account filled by `run_demo` on the live server's database, its outbox delivered
    (as the worker beside the app would), and a browser that signed in through the form."""
    from lifeos.demo.generate import run_demo
    from lifeos.extensions import db

    email = f"demo-{uuid.uuid4().hex[:10]}@example.com"
    with live.app.app_context():
        try:
            result = run_demo(db.session(), email=email, password=PASSWORD, timezone="Europe/London")
        finally:
            db.session.remove()
    deliver_outbox(live)
    return signed_in_state(browser, live, Person(result.user_id, email))


def test_today_on_the_demo_data_shows_every_section(
    browser: Browser, live: Live, demo_state: dict[str, Any]
) -> None:
    with browser_page(browser, live, demo_state) as (page, _watch):
        page.goto("/today")
        for heading in TODAY_SECTIONS:
            expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        # The cash card charts the next 60 days of the forecast and names its low point.
        expect(page.locator(".forecast-today figure")).to_be_visible()
        expect(page.locator("[data-low-point]")).to_contain_text("Lowest")
        expect(page.get_by_role("heading", name="On this day")).to_be_visible()
        # The demo has habits due, tasks due or overdue, people to call and a birthday this week.
        for card in ("#today-tasks", "#today-people"):
            expect(page.locator(card).get_by_role("button").first).to_be_visible()
        shoot(page, "today-demo-light", full_page=True)


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_every_page_on_the_demo_data(
    browser: Browser, live: Live, demo_state: dict[str, Any], name: str, path: str
) -> None:
    with browser_page(browser, live, demo_state) as (page, watch):
        audit(page, watch, path, name, screenshots=name in SHOWN)
