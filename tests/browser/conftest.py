"""Browser tests: Playwright (sync API) driving Debian's Chromium against a live LifeOS server.

One server and one browser per test session (per xdist worker): a werkzeug server in a thread
on a random 127.0.0.1 port, over a SQLite scratch database migrated with the real chain, and
Chromium from `/usr/bin/chromium` (never a downloaded browser). Each test gets a fresh browser
context (its own cookies) and a page that records console errors, page errors, failed requests
and error responses; the test fails at teardown if any appeared that it did not expect.

People and their data are made in-process with the real services (`Live.user`, `Live.accounts`,
`Live.entry`); every test uses its own people, so tests share the server without sharing data.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from werkzeug.serving import make_server

from lifeos.devtools.scratch_db import sqlite_url
from tests.browser.support import CHROMIUM, Live, PageWatch
from tests.conftest import make_test_app, migrate
from tests.support.network import NetworkGuard


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """The live server (one per test session / xdist worker) on a migrated SQLite scratch database."""
    url = sqlite_url(tmp_path_factory.mktemp("browser"), "browser.db")
    app = make_test_app(url)
    migrate(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="lifeos-live-server", daemon=True)
    thread.start()
    try:
        yield Live(app, f"http://127.0.0.1:{server.server_port}", server.server_port)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        from lifeos.extensions import db

        with app.app_context():
            db.engine.dispose()


@pytest.fixture(autouse=True)
def _live_server_port(request: pytest.FixtureRequest, network_guard: NetworkGuard) -> None:
    """The guard forgets loopback ports between tests: allow the shared server's again."""
    if "live" in request.fixturenames:
        network_guard.allow_loopback_port(request.getfixturevalue("live").port)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: scripts/test installs Debian's chromium package"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=["--disable-dev-shm-usage", "--disable-gpu", "--font-render-hinting=none"],
    )
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture
def context(browser: Browser, live: Live) -> Iterator[BrowserContext]:
    ctx = browser.new_context(
        base_url=live.url, viewport={"width": 1280, "height": 860}, color_scheme="light", locale="en-GB"
    )
    ctx.set_default_timeout(10_000)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def watch() -> PageWatch:
    return PageWatch()


@pytest.fixture
def page(context: BrowserContext, watch: PageWatch) -> Iterator[Page]:
    """A page whose console errors, failed requests and error responses fail the test."""
    pg = context.new_page()
    watch.attach(pg)
    yield pg
    watch.check()


@pytest.fixture
def member(live: Live) -> dict[str, Any]:
    """A person with a realistic few months of money (accounts and entries), not signed in."""
    return live.demo_member()


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [f"browser tests: {CHROMIUM}"]
