"""What a person does in Chromium: sign up and in, create an account from the picker, post an entry
by keyboard alone, meet the unbalanced message, drill from the trial balance into a ledger, sign out."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

from playwright.sync_api import Page, expect

from tests.browser.support import Live, PageWatch, assert_accessible, focused, shoot, sign_in, tab_until


def test_register_sign_out_and_sign_in_through_the_forms(page: Page, live: Live) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login$"))
    page.get_by_role("main").get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
    expect(page.get_by_label("Time zone")).not_to_have_value("")  # filled from the browser's zone
    email = f"grace-{uuid.uuid4().hex[:8]}@example.com"
    page.get_by_label("Your name").fill("Grace Hopper")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("a-long-password")
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/today$"))
    expect(page.get_by_role("status")).to_contain_text("Welcome to LifeOS")
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("status")).to_contain_text("You are signed out.")

    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("a-long-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/today$"))
    expect(page.locator(".whoami")).to_have_text("Grace Hopper")


def test_wrong_password_is_told_plainly(page: Page, live: Live, watch: PageWatch) -> None:
    watch.expect(401)
    person = live.user()
    page.goto("/login")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("The email or password is wrong.")
    expect(page.get_by_label("Email")).to_have_value(person.email)


def test_after_sign_out_today_sends_to_login(page: Page, live: Live) -> None:
    person = live.user()
    sign_in(page, person)
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    page.goto("/today")
    expect(page).to_have_url(re.compile(r"/login\?next=/today$"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_picker_creates_an_account_and_the_subtypes_follow_the_type(
    page: Page, live: Live, watch: PageWatch
) -> None:
    person = live.user(full_name="Ada Lovelace")
    live.accounts(person, [("Checking", "asset", "bank"), ("Savings", "income", "investment")])
    sign_in(page, person)
    page.goto("/money/journal/new")
    combo = page.get_by_role("combobox", name="Account").first
    combo.click()
    combo.press_sequentially("Farmers Market")
    option = page.get_by_role("option", name="Create ‘Farmers Market’")
    expect(option).to_be_visible()
    expect(option).to_have_attribute("aria-selected", "true")
    expect(combo).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Enter")

    panel = page.get_by_role("group", name="New account").first
    expect(panel).to_be_visible()
    expect(panel.get_by_label("Name (required)", exact=True)).to_have_value("Farmers Market")
    kind = panel.get_by_label("Type (required)", exact=True)
    subtype = panel.get_by_label("Subtype", exact=True)
    assert focused(page, "[data-create-type]")
    expect(subtype).to_be_disabled()

    kind.select_option("expense")
    expect(subtype.locator("option")).to_have_text(
        ["No subtype", "Groceries", "Utilities", "Rent", "Transportation", "Entertainment", "Other"]
    )
    kind.select_option("asset")
    expect(subtype.locator("option")).to_have_text(
        ["No subtype", "Cash", "Bank", "Investment", "Property", "Receivable", "Other"]
    )
    kind.select_option("expense")
    expect(subtype.locator("option", has_text="Groceries")).to_have_count(1)
    subtype.select_option("groceries")
    shoot(page, "picker-create-light", full_page=False)
    panel.get_by_role("button", name="Create account").click()

    expect(panel).to_be_hidden()
    expect(combo).to_have_value("Farmers Market")
    expect(page.locator("[data-picker-value]").first).not_to_have_value("")
    assert live.account_names(person)["Farmers Market"] == ("expense", "groceries")

    # The new account is found by the next picker; a name that exists with another type gets the 409.
    second = page.get_by_role("combobox", name="Account").nth(1)
    second.click()
    second.press_sequentially("farm")
    expect(page.get_by_role("option", name=re.compile("Farmers Market.*Expense"))).to_be_visible()
    watch.expect(409)
    second.fill("Savings plan")
    create = page.get_by_role("option", name="Create ‘Savings plan’")
    expect(create).to_be_visible()
    create.click()
    panel2 = page.locator("[data-line]").nth(1).get_by_role("group", name="New account")
    panel2.get_by_label("Name (required)", exact=True).fill("savings")  # the name of the income account
    panel2.get_by_label("Type (required)", exact=True).select_option("asset")
    panel2.get_by_role("button", name="Create account").click()
    expect(panel2.get_by_role("alert")).to_contain_text("already exists as income")


def test_a_three_line_entry_posted_with_the_keyboard_alone(page: Page, live: Live) -> None:
    person = live.user(full_name="Ada Lovelace")
    live.accounts(
        person,
        [
            ("Checking", "asset", "bank"),
            ("Groceries", "expense", "groceries"),
            ("Household", "expense", "other"),
        ],
    )
    sign_in(page, person)
    page.goto("/money/journal/new")

    page.keyboard.press("Tab")
    assert focused(page, ".skip-link")
    page.keyboard.press("Enter")  # skip to content
    tab_until(page, "#entry-date")
    tab_until(page, "#entry-description")
    page.keyboard.type("Weekly shop")

    def choose(typed: str, name: str) -> None:
        page.keyboard.type(typed)
        expect(page.locator('[role="listbox"]:not([hidden]) [aria-selected="true"]')).to_contain_text(name)
        page.keyboard.press("Enter")

    tab_until(page, "[data-picker-input]")  # line 1
    choose("groc", "Groceries")
    page.keyboard.press("Tab")
    assert focused(page, "[data-debit]")
    page.keyboard.type("60.00")
    tab_until(page, "[data-line]:nth-child(2) [data-picker-input]")
    choose("hous", "Household")
    page.keyboard.press("Tab")
    page.keyboard.type("15.50")
    expect(page.locator("[data-balance-status]")).to_have_text("Not balanced by 75.50.")

    tab_until(page, "[data-add-line]")
    page.keyboard.press("Enter")  # htmx fetches a new line and focus moves into it
    expect(page.locator("[data-line]")).to_have_count(3)
    expect(page.locator("[data-line]").nth(2).get_by_role("combobox")).to_be_focused()
    expect(page.locator("[data-line]").nth(2).locator(":scope > legend")).to_have_text("Line 3")
    choose("check", "Checking")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focused(page, "[data-credit]")
    page.keyboard.type("75.50")
    expect(page.locator("[data-balance-status]")).to_have_text("Balanced.")
    expect(page.locator("[data-total-debit]")).to_have_text("75.50")
    shoot(page, "journal-new-filled-light")

    tab_until(page, '.journal-form button[type="submit"]')
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/money/journal/\d+$"))
    expect(page.get_by_role("status")).to_contain_text("posted")
    expect(page.get_by_role("heading", name="Weekly shop")).to_be_visible()
    rows = page.locator("table.report tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(2)).to_contain_text("Checking")
    expect(page.locator("tfoot")).to_contain_text("75.50")
    expect(page.get_by_role("button", name="Reverse")).to_be_visible()
    assert live.count_entries(person) == 1


def test_the_unbalanced_message_blocks_a_bad_entry(page: Page, live: Live) -> None:
    person = live.user(full_name="Ada Lovelace")
    live.accounts(person, [("Checking", "asset", "bank"), ("Rent", "expense", "rent")])
    sign_in(page, person)
    page.goto("/money/journal/new")
    lines = page.locator("[data-line]")
    for i, (typed, amount_field, amount) in enumerate(
        [("Rent", "Debit", "100.00"), ("Check", "Credit", "90.00")]
    ):
        combo = lines.nth(i).get_by_role("combobox")
        combo.click()
        combo.press_sequentially(typed)
        page.get_by_role("option", name=re.compile(typed)).first.click()
        lines.nth(i).get_by_label(amount_field).fill(amount)
    expect(page.locator("[data-balance-status]")).to_have_text("Not balanced by 10.00.")
    page.get_by_role("button", name="Post entry").click()
    block = page.locator("[data-block-message]")
    expect(block).to_be_visible()
    expect(block).to_have_attribute("role", "alert")
    expect(block).to_contain_text("Not balanced by 10.00: debits 100.00, credits 90.00")
    expect(page).to_have_url(re.compile(r"/money/journal/new$"))
    shoot(page, "journal-unbalanced-light", full_page=False)
    assert live.count_entries(person) == 0

    lines.nth(1).get_by_label("Credit").fill("100.00")
    expect(page.locator("[data-balance-status]")).to_have_text("Balanced.")
    expect(block).to_be_hidden()
    page.get_by_role("button", name="Post entry").click()
    expect(page).to_have_url(re.compile(r"/money/journal/\d+$"))
    assert live.count_entries(person) == 1


def test_removing_lines_keeps_totals_and_numbers_right(page: Page, live: Live) -> None:
    person = live.user()
    sign_in(page, person)
    page.goto("/money/journal/new")
    page.get_by_role("button", name="Add line").click()
    lines = page.locator("[data-line]")
    expect(lines).to_have_count(3)
    lines.nth(2).get_by_label("Debit").fill("5")
    lines.nth(0).get_by_label("Credit").fill("7.25")
    expect(page.locator("[data-total-debit]")).to_have_text("5.00")
    lines.nth(1).get_by_role("button", name="Remove line 2").click()
    expect(lines).to_have_count(2)
    expect(lines.nth(1).locator(":scope > legend")).to_have_text("Line 2")
    expect(page.locator("[data-difference]")).to_have_text("−2.25")
    expect(lines.nth(1).get_by_role("combobox")).to_be_focused()
    assert_accessible(page, "the journal form after removing a line")


def test_trial_balance_click_an_account_to_open_its_ledger(page: Page, live: Live) -> None:
    person = live.user()
    live.accounts(
        person, [("Checking", "asset", "bank"), ("Salary", "income", "salary"), ("Rent", "expense", "rent")]
    )
    today = date.today()
    live.entry(
        person,
        today - timedelta(days=3),
        "Pay day",
        ("Checking", "debit", "2000.00"),
        ("Salary", "credit", "2000.00"),
    )
    live.entry(
        person,
        today - timedelta(days=1),
        "Rent",
        ("Rent", "debit", "800.00"),
        ("Checking", "credit", "800.00"),
    )
    sign_in(page, person)
    page.goto("/money/trial-balance")
    groups = page.locator("tr.group-row th")
    expect(groups).to_have_text([re.compile("^Asset"), re.compile("^Income"), re.compile("^Expense")])
    expect(page.locator("p.check")).to_have_text(re.compile("Balanced: debits equal credits"))
    page.get_by_role("link", name="Checking").click()
    expect(page).to_have_url(re.compile(rf"/money/accounts/{person.accounts['Checking']}$"))
    expect(page.get_by_role("heading", name="Checking")).to_be_visible()
    balances = page.locator("table.ledger tbody tr td:last-child")
    expect(balances).to_have_text(["2,000.00", "1,200.00"])
    page.get_by_label("Order").select_option("desc")
    page.get_by_role("button", name="Apply").click()
    expect(balances).to_have_text(["1,200.00", "2,000.00"])
