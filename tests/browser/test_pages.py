"""Every page, three ways (light, dark, 375 px): no console errors or failed requests, no serious or
critical axe-core violation, nothing wider than the phone, and under 100 KB of JavaScript and CSS
(gzip). With LIFEOS_SCREENSHOTS=1 the run also saves each view to lifeos/docs/screenshots/."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import (
    DESKTOP,
    PHONE,
    ROOT,
    Live,
    PageWatch,
    assert_accessible,
    assert_fits_width,
    shoot,
    sign_in,
)

ASSET_BUDGET = 100_000  # bytes of JS + CSS per page, gzip-compressed (UI.md)

# (name, path, signed in, status)
PAGES: list[tuple[str, str, bool, int]] = [
    ("login", "/login", False, 200),
    ("register", "/register", False, 200),
    ("today", "/today", True, 200),
    ("trial-balance", "/money/trial-balance", True, 200),
    ("accounts", "/money/accounts", True, 200),
    ("ledger", "/money/accounts/{checking}", True, 200),
    ("account-edit", "/money/accounts/{checking}/edit", True, 200),
    ("journal", "/money/journal", True, 200),
    ("journal-new", "/money/journal/new", True, 200),
    ("entry", "/money/journal/{entry}", True, 200),
    ("balance-sheet", "/money/balance-sheet", True, 200),
    ("income-statement", "/money/income-statement", True, 200),
    ("not-found", "/money/no-such-page", True, 404),
    ("api-docs", "/api/docs", False, 200),
]


@pytest.fixture(scope="session")
def member_session(browser: Browser, live: Live) -> dict[str, Any]:
    """Ada's demo data and a signed-in browser state (one form sign-in per test session)."""
    demo = live.demo_member()
    context = browser.new_context(base_url=live.url)
    page = context.new_page()
    sign_in(page, demo["person"])
    state = context.storage_state()
    context.close()
    person = demo["person"]
    return {"state": state, "ids": {"checking": person.accounts["Checking"], "entry": demo["entry"]}}


@pytest.fixture
def audit_page(
    browser: Browser, live: Live, member_session: dict[str, Any], request: pytest.FixtureRequest
) -> Iterator[tuple[Page, PageWatch]]:
    signed: bool = request.param
    context = browser.new_context(
        base_url=live.url,
        viewport=DESKTOP,
        color_scheme="light",
        locale="en-GB",
        storage_state=member_session["state"] if signed else None,
    )
    watch = PageWatch()
    page = context.new_page()
    watch.attach(page)
    try:
        yield page, watch
    finally:
        context.close()


def _record(name: str, numbers: dict[str, Any]) -> None:
    if os.environ.get("LIFEOS_MEASURE") != "1":
        return
    out = ROOT / "bench" / "out" / "ui_pages.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(out.read_text()) if out.exists() else {}
    data[name] = numbers
    out.write_text(json.dumps(data, indent=2, sort_keys=True))


@pytest.mark.parametrize(
    ("name", "path", "audit_page", "status"),
    [pytest.param(n, p, s, st, id=n) for n, p, s, st in PAGES],
    indirect=["audit_page"],
)
def test_page_is_clean_accessible_and_fits_a_phone(
    name: str, path: str, status: int, audit_page: tuple[Page, PageWatch], member_session: dict[str, Any]
) -> None:
    page, watch = audit_page
    if status >= 400:
        watch.expect(status)
    response = page.goto(path.format(**member_session["ids"]))
    assert response is not None and response.status == status
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_have_count(1)

    raw, packed = watch.asset_bytes()
    _record(name, {"js_css_raw": raw, "js_css_gzip": packed})
    assert packed < ASSET_BUDGET, f"{name} loads {packed} bytes of JS+CSS (gzip)"

    assert_accessible(page, f"{name}, light")
    full = name != "api-docs"  # the whole API reference would be a very long picture
    shoot(page, f"{name}-light", full_page=full)

    page.emulate_media(color_scheme="dark")
    if name != "api-docs":  # a very long page whose colours are the shell's: once (light) is enough
        assert_accessible(page, f"{name}, dark")
    shoot(page, f"{name}-dark", full_page=full)

    page.set_viewport_size(PHONE)
    page.emulate_media(color_scheme="light")
    assert_fits_width(page, PHONE["width"])
    if name != "api-docs":
        assert_accessible(page, f"{name}, 375 px")
    shoot(page, f"{name}-phone", full_page=full)
    if name == "today":
        menu = page.get_by_role("button", name="Menu")
        expect(menu).to_be_visible()
        expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
        menu.click()
        expect(menu).to_have_attribute("aria-expanded", "true")
        expect(page.get_by_role("link", name="Today", exact=True)).to_be_focused()
        assert_fits_width(page, PHONE["width"])
        shoot(page, "today-phone-menu", full_page=False)
        page.keyboard.press("Escape")
        expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    watch.check()
