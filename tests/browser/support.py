"""What the browser tests share: the live server's data helpers, the page watch, axe, screenshots."""

from __future__ import annotations

import gzip
import os
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from flask import Flask
from playwright.sync_api import ConsoleMessage, Page, Request, Response

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "lifeos" / "docs" / "screenshots"
PASSWORD = "correct-horse-battery"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 860}


def screenshots_enabled() -> bool:
    return os.environ.get("LIFEOS_SCREENSHOTS", "") == "1"


@dataclass
class Person:
    id: int
    email: str
    password: str = PASSWORD
    accounts: dict[str, int] = field(default_factory=dict)
    entries: list[int] = field(default_factory=list)


class Live:
    """The running server, and the real services to prepare its data (committed, so it sees them)."""

    def __init__(self, app: Flask, url: str, port: int) -> None:
        self.app, self.url, self.port = app, url, port

    def user(
        self,
        *,
        full_name: str | None = None,
        timezone: str = "Europe/London",
        roles: tuple[str, ...] = ("user",),
    ) -> Person:
        from lifeos.extensions import db
        from lifeos.platform.auth.services import create_user
        from lifeos.platform.uow import UnitOfWork

        email = f"person-{uuid.uuid4().hex[:10]}@example.com"
        with self.app.app_context():
            try:
                with UnitOfWork(db.session()) as uow:
                    user = create_user(
                        uow.session,
                        email=email,
                        password=PASSWORD,
                        full_name=full_name,
                        timezone=timezone,
                        roles=roles,
                    )
                    uow.commit()
                    return Person(user.id, email)
            finally:
                db.session.remove()

    def accounts(self, person: Person, specs: list[tuple[str, str, str | None]]) -> dict[str, int]:
        from lifeos.domains.finance.services.accounts import create_inline
        from lifeos.extensions import db
        from lifeos.platform.uow import unit_of_work

        with self.app.app_context():
            try:
                for name, account_type, subtype in specs:
                    with unit_of_work() as uow:
                        account, _ = create_inline(uow, person.id, name, account_type, subtype)
                        person.accounts[name] = account.id
            finally:
                db.session.remove()
        return person.accounts

    def entry(self, person: Person, on: date, description: str, *lines: tuple[str, str, str]) -> int:
        """Post an entry; each line is (account name, "debit"|"credit", amount)."""
        from lifeos.domains.finance.services.entries import LineInput, post_entry
        from lifeos.extensions import db
        from lifeos.platform.uow import unit_of_work

        inputs = [
            LineInput(
                person.accounts[name],
                Decimal(amount) if side == "debit" else None,
                Decimal(amount) if side == "credit" else None,
            )
            for name, side, amount in lines
        ]
        with self.app.app_context():
            try:
                with unit_of_work() as uow:
                    posted, _ = post_entry(uow, person.id, on, description, inputs)
                    person.entries.append(posted.id)
                    return posted.id
            finally:
                db.session.remove()

    def count_entries(self, person: Person) -> int:
        from sqlalchemy import func, select

        from lifeos.domains.finance.models import LedgerEntry
        from lifeos.extensions import db

        with self.app.app_context():
            try:
                stmt = select(func.count()).select_from(LedgerEntry).where(LedgerEntry.user_id == person.id)
                return int(db.session.scalar(stmt) or 0)
            finally:
                db.session.remove()

    def account_names(self, person: Person) -> dict[str, tuple[str, str | None]]:
        from sqlalchemy import select

        from lifeos.domains.finance.models import Account
        from lifeos.extensions import db

        with self.app.app_context():
            try:
                rows = db.session.execute(
                    select(Account.name, Account.account_type, Account.account_subtype).where(
                        Account.user_id == person.id
                    )
                ).all()
                return {name: (kind, sub) for name, kind, sub in rows}
            finally:
                db.session.remove()

    def demo_member(self) -> dict[str, Any]:
        """Ada, with a household's accounts and about two months of entries up to today."""
        ada = self.user(full_name="Ada Lovelace")
        self.accounts(
            ada,
            [
                ("Checking", "asset", "bank"),
                ("Savings", "asset", "bank"),
                ("Wallet", "asset", "cash"),
                ("Visa Card", "liability", "credit_card"),
                ("Opening Balance", "equity", "opening_balance"),
                ("Salary", "income", "salary"),
                ("Interest", "income", "investment"),
                ("Groceries", "expense", "groceries"),
                ("Rent", "expense", "rent"),
                ("Utilities", "expense", "utilities"),
                ("Transport", "expense", "transportation"),
                ("Eating Out", "expense", "entertainment"),
            ],
        )
        today = date.today()
        start = (today.replace(day=1) - timedelta(days=1)).replace(day=1)  # first of last month
        self.entry(
            ada,
            start,
            "Opening balances",
            ("Checking", "debit", "3200.00"),
            ("Savings", "debit", "8000.00"),
            ("Opening Balance", "credit", "11200.00"),
        )
        months = [start, today.replace(day=1)]
        for month in months:
            self.entry(
                ada,
                month + timedelta(days=0),
                "Rent",
                ("Rent", "debit", "1450.00"),
                ("Checking", "credit", "1450.00"),
            )
            if month + timedelta(days=24) <= today:
                self.entry(
                    ada,
                    month + timedelta(days=24),
                    "Salary",
                    ("Checking", "debit", "4150.00"),
                    ("Salary", "credit", "4150.00"),
                )
            if month + timedelta(days=9) <= today:
                self.entry(
                    ada,
                    month + timedelta(days=9),
                    "Electricity and water",
                    ("Utilities", "debit", "112.35"),
                    ("Checking", "credit", "112.35"),
                )
        shop = start + timedelta(days=2)
        amounts = ["86.40", "64.15", "102.80", "58.25", "91.10", "77.65", "69.90", "95.30"]
        i = 0
        while shop <= today and i < len(amounts):
            self.entry(
                ada,
                shop,
                "Weekly groceries",
                ("Groceries", "debit", amounts[i]),
                ("Visa Card", "credit", amounts[i]),
            )
            shop += timedelta(days=7)
            i += 1
        self.entry(
            ada,
            start + timedelta(days=12),
            "Dinner with Grace",
            ("Eating Out", "debit", "48.50"),
            ("Visa Card", "credit", "48.50"),
        )
        self.entry(
            ada,
            start + timedelta(days=15),
            "Cash withdrawal",
            ("Wallet", "debit", "100.00"),
            ("Checking", "credit", "100.00"),
        )
        self.entry(
            ada,
            start + timedelta(days=16),
            "Train tickets",
            ("Transport", "debit", "24.00"),
            ("Wallet", "credit", "24.00"),
        )
        self.entry(
            ada,
            start + timedelta(days=27),
            "Pay Visa card",
            ("Visa Card", "debit", "250.00"),
            ("Checking", "credit", "250.00"),
        )
        self.entry(
            ada,
            start + timedelta(days=28),
            "Savings interest",
            ("Savings", "debit", "6.12"),
            ("Interest", "credit", "6.12"),
        )
        last = self.entry(
            ada,
            today,
            "Groceries and a coffee",
            ("Groceries", "debit", "23.40"),
            ("Eating Out", "debit", "3.60"),
            ("Wallet", "credit", "27.00"),
        )
        return {"person": ada, "entry": last}


def sign_in(page: Page, person: Person) -> None:
    """Sign in through the form and land on Today."""
    page.goto("/login")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(person.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/today")


# ------------------------------------------------------------------------------ page watch

_LOAD_FAILED = re.compile(r"Failed to load resource: the server responded with a status of (\d+)")


@dataclass
class PageWatch:
    """Console errors, uncaught exceptions, failed requests and ≥ 400 responses seen by a page."""

    expected: set[int] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    assets: list[Response] = field(default_factory=list)

    def expect(self, *statuses: int) -> None:
        """Error statuses this test provokes on purpose (e.g. 404 for another user's account)."""
        self.expected.update(statuses)

    def attach(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught error: {error}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        found = _LOAD_FAILED.search(message.text)
        if found and int(found.group(1)) in self.expected:
            return
        self.problems.append(f"console error: {message.text} ({message.location.get('url', '')})")

    def _failed(self, request: Request) -> None:
        failure = request.failure or ""
        if "ERR_ABORTED" in failure:
            return  # the page navigated away while it was loading: not a failure of the app
        self.problems.append(f"request failed: {request.method} {request.url} {failure}")

    def _response(self, response: Response) -> None:
        if response.request.resource_type in ("script", "stylesheet"):
            self.assets.append(response)
        if response.status >= 400 and response.status not in self.expected:
            self.problems.append(f"HTTP {response.status}: {response.request.method} {response.url}")

    def check(self) -> None:
        problems, self.problems = self.problems, []
        assert not problems, "the page reported problems:\n" + "\n".join(problems)

    def asset_bytes(self) -> tuple[int, int]:
        """(raw, gzip -9) bytes of the scripts and stylesheets loaded since the last call."""
        raw = packed = 0
        seen: set[str] = set()
        for response in self.assets:
            if response.url in seen:
                continue
            seen.add(response.url)
            body = response.body()
            raw += len(body)
            packed += len(gzip.compress(body, 9))
        self.assets = []
        return raw, packed


# ------------------------------------------------------------------------------ checks


@cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def serious_axe_violations(page: Page) -> list[str]:
    """axe-core (from node_modules, injected past the page's CSP) → serious and critical violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source() + "\n;0")
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 4).map(n => n.target.join(" ") + " — " + (n.failureSummary || "")),
            }));
        }"""
    )
    return [
        f"{v['impact']}: {v['id']} ({v['help']})\n    " + "\n    ".join(v["nodes"])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def assert_accessible(page: Page, where: str) -> None:
    found = serious_axe_violations(page)
    assert not found, f"axe-core on {where}:\n" + "\n".join(found)


def assert_fits_width(page: Page, width: int) -> None:
    """Nothing makes the page itself scroll sideways (tables scroll inside their own box)."""
    scroll = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll <= width, f"the page is {scroll}px wide at a {width}px viewport"


def tab_until(page: Page, selector: str, limit: int = 60) -> None:
    """Press Tab until the focused element matches `selector` (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def focused(page: Page, selector: str) -> bool:
    return bool(
        page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector)
    )


def shoot(page: Page, name: str, *, full_page: bool = True) -> None:
    """Save a screenshot to lifeos/docs/screenshots/ when LIFEOS_SCREENSHOTS=1."""
    if not screenshots_enabled():
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page, animations="disabled")
