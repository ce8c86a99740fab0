"""What the Skills, Projects, People and Settings browser tests share: data made in-process with
the real services (committed, so the live server sees it), a signed-in browser state, and the
page audit every page gets (light, dark, 375 px; console, requests, axe, width, screenshots)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.support import (
    DESKTOP,
    PHONE,
    Live,
    PageWatch,
    Person,
    assert_accessible,
    assert_fits_width,
    sign_in,
)
from tests.browser.support import shoot as _shoot

T = TypeVar("T")


def build(live: Live, work: Callable[[Any], T]) -> T:
    """Run `work(uow)` in one committed unit of work on the live server's database."""
    from lifeos.extensions import db
    from lifeos.platform.uow import unit_of_work

    with live.app.app_context():
        try:
            with unit_of_work() as uow:
                return work(uow)
        finally:
            db.session.remove()


def deliver_outbox(live: Live) -> None:
    """Deliver every pending outbox message (what the worker does), e.g. to fill the skill rollups."""
    from lifeos.extensions import db
    from lifeos.platform.outbox.worker import OutboxWorker, WorkerSettings

    with live.app.app_context():
        try:
            OutboxWorker(db.session(), WorkerSettings.from_config(live.app.config)).run(until_idle=True)
        finally:
            db.session.remove()


def signed_in_state(browser: Browser, live: Live, person: Person) -> dict[str, Any]:
    """Cookies of a browser that signed in through the form (one sign-in per module)."""
    context = browser.new_context(base_url=live.url)
    page = context.new_page()
    sign_in(page, person)
    state = context.storage_state()
    context.close()
    return dict(state)


@contextmanager
def browser_page(
    browser: Browser, live: Live, state: dict[str, Any] | None, *, scheme: str = "light"
) -> Iterator[tuple[Page, PageWatch]]:
    """A desktop page with the given cookies whose problems fail the test at the end."""
    context: BrowserContext = browser.new_context(
        base_url=live.url,
        viewport=DESKTOP,
        color_scheme=scheme,  # type: ignore[arg-type]
        locale="en-GB",
        storage_state=state,  # type: ignore[arg-type]
    )
    context.set_default_timeout(10_000)
    watch = PageWatch()
    page = context.new_page()
    watch.attach(page)
    try:
        yield page, watch
        watch.check()
    finally:
        context.close()


ASSET_BUDGET = 100_000  # bytes of JS + CSS per page, gzip-compressed (UI.md)


def _no_shot(page: Page, name: str) -> None:
    return None


def audit(page: Page, watch: PageWatch, path: str, name: str, *, screenshots: bool = True) -> None:
    """Load `path` and check it in light, dark and at 375 px, and its JS + CSS weight; save
    screenshots when asked (LIFEOS_SCREENSHOTS=1) unless `screenshots` is off."""
    shoot = _shoot if screenshots else _no_shot
    watch.asset_bytes()  # forget what earlier pages loaded
    response = page.goto(path)
    assert response is not None and response.status == 200, (path, response and response.status)
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_have_count(1)
    _raw, packed = watch.asset_bytes()
    assert packed < ASSET_BUDGET, f"{name} loads {packed} bytes of JS+CSS (gzip)"
    assert_accessible(page, f"{name}, light")
    shoot(page, f"{name}-light")
    page.emulate_media(color_scheme="dark")
    assert_accessible(page, f"{name}, dark")
    shoot(page, f"{name}-dark")
    page.set_viewport_size(PHONE)
    page.emulate_media(color_scheme="light")
    assert_fits_width(page, PHONE["width"])
    assert_accessible(page, f"{name}, 375 px")
    shoot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)
