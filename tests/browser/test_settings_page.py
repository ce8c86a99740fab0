"""/settings in Chromium: clean, accessible and phone-sized; change the time zone and see "today"
follow it; save the trial-balance defaults; download the export of all data."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.life_pages import audit, browser_page, signed_in_state
from tests.browser.support import Live


@pytest.fixture(scope="module")
def settings_member(browser: Browser, live: Live) -> dict[str, Any]:
    ada = live.user(full_name="Ada Lovelace", timezone="Europe/London")
    live.accounts(ada, [("Checking", "asset", "bank"), ("Salary", "income", "salary")])
    return {"person": ada, "state": signed_in_state(browser, live, ada)}


def test_settings_page_is_clean_accessible_and_fits_a_phone(
    browser: Browser, live: Live, settings_member: dict[str, Any]
) -> None:
    with browser_page(browser, live, settings_member["state"]) as (page, watch):
        audit(page, watch, "/settings", "settings")
        expect(page.get_by_role("heading", name="Time zone")).to_be_visible()
        expect(page.get_by_role("heading", name="Money reports")).to_be_visible()
        expect(page.get_by_role("link", name="Download all my data (JSON)")).to_be_visible()


def test_change_the_time_zone_and_save_report_defaults(
    browser: Browser, live: Live, settings_member: dict[str, Any]
) -> None:
    with browser_page(browser, live, settings_member["state"]) as (page, _watch):
        page.goto("/settings")
        zone = page.get_by_label("Time zone (required)")
        expect(zone).to_have_value("Europe/London")
        # Keyboard only: focus the select, pick the zone, submit.
        zone.focus()
        zone.select_option("Pacific/Kiritimati")  # UTC+14: its "today" is often not London's
        page.get_by_role("button", name="Save time zone").press("Enter")
        expect(
            page.get_by_role("status").filter(has_text="Time zone set to Pacific/Kiritimati")
        ).to_be_visible()
        expect(page.get_by_label("Time zone (required)")).to_have_value("Pacific/Kiritimati")
        kiritimati = datetime.now(UTC).astimezone(ZoneInfo("Pacific/Kiritimati")).date()
        expect(page.locator("#f-timezone-hint")).to_contain_text(
            f"{kiritimati:%a} {kiritimati.day} {kiritimati:%b}"
        )

        page.get_by_label("Hide accounts with a zero balance").check()
        page.get_by_label("Fiscal year starts in").select_option("4")
        page.get_by_role("button", name="Save report settings").click()
        expect(page.get_by_role("status").filter(has_text="Trial balance settings saved.")).to_be_visible()
        expect(page.get_by_label("Fiscal year starts in")).to_have_value("4")
        expect(page.get_by_label("Hide accounts with a zero balance")).to_be_checked()


def test_download_all_data(browser: Browser, live: Live, settings_member: dict[str, Any]) -> None:
    with browser_page(browser, live, settings_member["state"]) as (page, _watch):
        page.goto("/settings")
        with page.expect_download() as info:
            page.get_by_role("link", name="Download all my data (JSON)").click()
        download = info.value
        assert download.suggested_filename.startswith("lifeos-export-")
        assert download.suggested_filename.endswith(".json")
        document = json.loads(Path(download.path()).read_text(encoding="utf-8"))
        assert document["format"] == "lifeos.export"
        assert document["user"]["email"] == settings_member["person"].email
        names = sorted(row["name"] for row in document["tables"]["finance_account"])
        assert names == ["Checking", "Salary"]
