"""In the browser: no data without a session, no form post without its CSRF token, and one
person's pages never show another's accounts."""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import Page, expect

from tests.browser.support import Live, PageWatch, sign_in

PRIVATE_PAGES = [
    "/today",
    "/money/trial-balance",
    "/money/accounts",
    "/money/journal",
    "/money/journal/new",
    "/money/balance-sheet",
    "/money/income-statement",
]


def test_no_page_shows_data_without_a_session(page: Page, live: Live, watch: PageWatch) -> None:
    owner = live.user()
    live.accounts(owner, [("Offshore Fund", "asset", "investment")])
    pages = [*PRIVATE_PAGES, f"/money/accounts/{owner.accounts['Offshore Fund']}"]
    for path in pages:
        response = page.goto(path)
        assert response is not None
        expect(page).to_have_url(re.compile(r"/login\?next="))
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
        assert "Offshore" not in page.content()
    watch.expect(401)
    api = page.request.get("/finance/accounts/search?q=off")
    assert api.status == 401 and "Offshore" not in api.text()


def test_a_form_posted_without_its_csrf_token_is_refused(page: Page, live: Live, watch: PageWatch) -> None:
    watch.expect(403)
    person = live.user()
    sign_in(page, person)
    page.goto("/money/accounts")
    page.get_by_text("New account", exact=True).click()
    page.get_by_label("Name (required)").fill("Forged Account")
    page.get_by_label("Type (required)").select_option("asset")
    # What a form on another site would send: everything but the token it cannot read.
    page.locator('form.account-form input[name="csrf_token"]').evaluate("input => input.remove()")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="This form has expired")).to_be_visible()
    assert "Forged Account" not in live.account_names(person)

    # A script without the header is refused by the JSON API the same way.
    status = page.evaluate(
        """() => fetch("/finance/accounts/inline", {
              method: "POST", headers: {"Content-Type": "application/json"},
              body: JSON.stringify({name: "Forged", account_type: "asset"}),
            }).then(r => r.status)"""
    )
    assert status == 403
    assert "Forged" not in live.account_names(person)


def test_one_persons_pages_never_show_anothers_accounts(page: Page, live: Live, watch: PageWatch) -> None:
    alice, bob = live.user(), live.user()
    live.accounts(alice, [("Alice Private Savings", "asset", "bank"), ("Alice Salary", "income", "salary")])
    entry = live.entry(
        alice,
        date.today(),
        "Alice's pay",
        ("Alice Private Savings", "debit", "10.00"),
        ("Alice Salary", "credit", "10.00"),
    )
    live.accounts(bob, [("Bob Wallet", "asset", "cash")])
    sign_in(page, bob)
    for path in [*PRIVATE_PAGES, "/money/accounts?active=all", "/money/income-statement?from=2000-01-01"]:
        page.goto(path)
        assert "Alice" not in page.content(), path
    page.goto("/money/journal/new")
    combo = page.get_by_role("combobox", name="Account").first
    combo.click()
    combo.press_sequentially("Alice")
    expect(page.get_by_role("option", name="Create ‘Alice’")).to_be_visible()
    expect(page.get_by_role("option")).to_have_count(1)
    watch.expect(404)
    for path in [f"/money/accounts/{alice.accounts['Alice Private Savings']}", f"/money/journal/{entry}"]:
        response = page.goto(path)
        assert response is not None and response.status == 404
        expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
        assert "Alice" not in page.content()
