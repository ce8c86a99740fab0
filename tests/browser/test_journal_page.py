"""/journal in Chromium: the timeline, an entry and the form clean, accessible and phone-sized;
write an entry with the keyboard (the Markdown preview follows as you type) and find it by search
with the match highlighted; "on this day" on the page and on Today."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.life_pages import audit, browser_page, build, signed_in_state
from tests.browser.support import Live


def _year_ago(today: date) -> date:
    return (
        today.replace(year=today.year - 1)
        if (today.month, today.day) != (2, 29)
        else today - timedelta(days=366)
    )


@pytest.fixture(scope="module")
def journal_member(browser: Browser, live: Live) -> dict[str, Any]:
    """Ada's journal: a few weeks of entries with moods and tags, and one from a year ago today."""
    from lifeos.domains.journal.services import entries as svc
    from lifeos.platform.clock import today_in

    ada = live.user(full_name="Ada Lovelace", timezone="UTC")
    today = today_in("UTC")
    entries = [
        (
            _year_ago(today),
            "Snow in the park",
            "The whole city was quiet. We built a **snowman**.",
            4,
            ["family"],
        ),
        (
            today - timedelta(days=9),
            "Long week",
            "Deadlines everywhere.\n\n- finish the report\n- call mum",
            -2,
            ["work"],
        ),
        (today - timedelta(days=6), None, "Ran 5 km along the canal before breakfast.", 3, ["running"]),
        (
            today - timedelta(days=3),
            "Book club",
            "We talked about *Middlemarch* for two hours.",
            2,
            ["books", "friends"],
        ),
        (today - timedelta(days=1), "Tired", "Slept badly; a slow day.", -1, []),
    ]

    def make(uow: Any) -> list[int]:
        ids = []
        for day, title, body, mood, tags in entries:
            created = svc.create_entry(
                uow, ada.id, title=title, body=body, mood=mood, tags=tags, entry_date=day, is_private=True
            )
            ids.append(created.id)
        return ids

    ids = build(live, make)
    return {"person": ada, "ids": ids, "state": signed_in_state(browser, live, ada)}


def test_journal_pages_are_clean_accessible_and_fit_a_phone(
    browser: Browser, live: Live, journal_member: dict[str, Any]
) -> None:
    with browser_page(browser, live, journal_member["state"]) as (page, watch):
        audit(page, watch, "/journal", "journal-timeline")
        expect(page.get_by_role("region", name="On this day")).to_contain_text("Snow in the park")
        expect(page.get_by_role("region", name="On this day")).to_contain_text("1 year ago")
        expect(page.locator("ol.entries > li")).to_have_count(5)
        audit(page, watch, f"/journal/{journal_member['ids'][1]}", "journal-read")
        expect(page.locator(".prose li")).to_have_count(2)
        audit(page, watch, "/journal/new", "journal-write")


def test_write_an_entry_with_the_keyboard_and_find_it_by_search(
    browser: Browser, live: Live, journal_member: dict[str, Any]
) -> None:
    with browser_page(browser, live, journal_member["state"]) as (page, _watch):
        page.goto("/journal/new")
        page.get_by_label("Title").focus()
        page.keyboard.type("Heron by the weir")
        page.keyboard.press("Tab")
        expect(page.get_by_label("Entry", exact=True)).to_be_focused()
        page.keyboard.type("A grey **heron** stood still for ages.\n\n> patience")
        preview = page.get_by_role("region", name="Preview")
        expect(preview.locator("strong")).to_have_text("heron")  # the server's rendering, swapped in by htmx
        expect(preview.locator("blockquote")).to_contain_text("patience")
        page.get_by_label("Mood").select_option("3")
        page.get_by_label("Tags").fill("birds, walks")
        page.get_by_label("Tags").press("Enter")  # forms submit on Enter
        page.wait_for_url("**/journal/*")
        expect(page.get_by_role("heading", level=1)).to_have_text("Heron by the weir")
        expect(page.get_by_role("status")).to_contain_text("Entry saved.")
        expect(page.locator(".prose strong")).to_have_text("heron")

        page.goto("/journal")
        page.get_by_label("Search").fill("heron weir")
        page.get_by_label("Search").press("Enter")
        expect(page.get_by_role("heading", name="Entries matching “heron weir”")).to_be_visible()
        results = page.locator("ol.entries > li")
        expect(results).to_have_count(1)
        expect(results.locator("mark").first).to_have_text("heron")
        expect(results.get_by_role("link", name="#birds")).to_be_visible()
        results.get_by_role("link", name="Heron by the weir").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Heron by the weir")


def test_filters_and_the_today_card(browser: Browser, live: Live, journal_member: dict[str, Any]) -> None:
    with browser_page(browser, live, journal_member["state"]) as (page, _watch):
        page.goto("/journal")
        page.get_by_text("Tag, dates and mood").click()
        page.get_by_label("Mood at most").select_option("-1")
        page.get_by_role("button", name="Search").click()
        titles = page.locator("ol.entries .entry-title")
        expect(titles).to_have_text(["Tired", "Long week"])
        page.goto("/journal")
        page.get_by_role("link", name="#books").click()
        expect(page.locator("ol.entries .entry-title")).to_have_text(["Book club"])
        page.goto("/today")
        card = page.get_by_role("region", name="Journal")
        expect(card).to_contain_text("Latest mood")
        expect(card).to_contain_text("Snow in the park")
        card.get_by_role(
            "link", name=re.compile(r"Write (today's|another) entry")
        ).click()  # the other test wrote today
        expect(page.get_by_role("heading", level=1)).to_have_text("Write an entry")
