"""/money/import in Chromium: upload a small CSV, see each row's status in words (new, near match,
error naming its line and column), decide the near match, leave out the bad row, import, and
land on the result with links to the journal; then import the same file again and see every row
marked as already there and nothing written. Each step is checked in light, dark and at 375 px
(no console errors or failed requests, no serious or critical axe violation, no sideways page)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.life_pages import audit, browser_page, signed_in_state
from tests.browser.support import DESKTOP, PHONE, Live, assert_accessible, assert_fits_width, shoot


@pytest.fixture(scope="module")
def importer(browser: Browser, live: Live) -> dict[str, Any]:
    """Ada: a bank account, an "Uncategorized" account, and groceries she already entered by hand."""
    ada = live.user(full_name="Ada Lovelace", timezone="UTC")
    live.accounts(ada, [("Checking", "asset", "bank"), ("Uncategorized", "expense", "other")])
    today = date.today()
    live.entry(
        ada,
        today - timedelta(days=6),
        "Groceries (entered by hand)",
        ("Uncategorized", "debit", "54.99"),
        ("Checking", "credit", "54.99"),
    )
    return {"person": ada, "state": signed_in_state(browser, live, ada), "today": today}


def _statement(folder: Path, today: date) -> Path:
    def day(n: int) -> str:
        return (today - timedelta(days=n)).isoformat()

    lines = [
        "Date,Amount,Description,Counterparty,Reference",
        f"{day(9)},-12.50,Coffee beans,Bean Shop,TX1001",
        f'{day(8)},"1,250.00",Salary,ACME Corp,TX1002',
        f"{day(5)},-54.99,Groceries,Market,TX1003",
        f"{day(5)},-3.20,Bus ticket,City Transit,TX1004",
        f"{day(4)},twelve,Lunch,Canteen,TX1005",
        f"{day(2)},-89.00,Electricity,Power Co,TX1006",
    ]
    path = folder / "statement.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _check_here(page: Page, name: str, *, shots: bool = True) -> None:
    """The page the last form answered, in light, dark and at 375 px (screenshots when asked)."""
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page, f"{name}, light")
    if shots:
        shoot(page, f"{name}-light")
    page.emulate_media(color_scheme="dark")
    assert_accessible(page, f"{name}, dark")
    if shots:
        shoot(page, f"{name}-dark")
    page.set_viewport_size(PHONE)
    page.emulate_media(color_scheme="light")
    assert_fits_width(page, PHONE["width"])
    assert_accessible(page, f"{name}, 375 px")
    if shots:
        shoot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)


def _upload(page: Page, path: Path) -> None:
    page.get_by_label("Account the statement belongs to").select_option(label="Checking")
    page.get_by_label("CSV file").set_input_files(str(path))
    page.get_by_role("button", name="Read file").click()
    expect(page.get_by_role("heading", name="Preview")).to_be_visible()


def test_import_a_csv_through_preview_and_commit_then_again_as_duplicates(
    browser: Browser, live: Live, importer: dict[str, Any], tmp_path: Path
) -> None:
    ada = importer["person"]
    statement = _statement(tmp_path, importer["today"])
    before = live.count_entries(ada)
    with browser_page(browser, live, importer["state"]) as (page, watch):
        audit(page, watch, "/money/import", "import")
        _upload(page, statement)
        statuses = page.locator(".import-table .row-status")
        expect(statuses).to_have_text(["+ New", "+ New", "≈ Near match", "+ New", "! Error", "+ New"])
        expect(page.locator("#row-6")).to_contain_text("Column “Amount”: 'twelve' is not a number")
        expect(page.locator("#row-4")).to_contain_text("Groceries (entered by hand)")
        expect(page.locator("#f-counter")).to_have_value("Uncategorized")  # guessed
        _check_here(page, "import-preview")

        # The column matching, folded away once the preview reads well: the header in every select.
        page.locator("#mapping > summary").click()
        expect(page.get_by_label("Date column")).to_have_value("0")
        expect(page.get_by_label("Money out column")).to_be_hidden()
        page.get_by_label("Two columns: money out and money in").check()
        expect(page.get_by_label("Money out column")).to_be_visible()
        page.get_by_label("One column: money out is negative").check()
        _check_here(page, "import-columns", shots=False)
        page.get_by_role("button", name="Preview").click()  # the same file again, not chosen again
        expect(statuses).to_have_count(6)
        expect(page.locator("#mapping")).not_to_have_attribute("open", "")

        page.locator("#row-4").get_by_label("Import it too").check()
        page.get_by_label("Leave out the 1 row with errors").check()
        page.get_by_role("button", name="Import rows").click()
        page.wait_for_url("**/money/import/done")
        expect(page.get_by_text("5 rows imported")).to_be_visible()
        assert live.count_entries(ada) == before + 5
        _check_here(page, "import-done")
        page.get_by_role("link", name="See them in the journal").click()
        expect(page.get_by_role("link", name="Coffee beans")).to_be_visible()

        # The same file again: the saved columns read it at once, every row is already there.
        page.goto("/money/import")
        _upload(page, statement)
        expect(statuses).to_have_text(["= Duplicate"] * 4 + ["! Error", "= Duplicate"])
        expect(page.get_by_text("Nothing new to import")).to_be_visible()
        expect(page.get_by_role("button", name="Import rows")).to_have_count(0)
        _check_here(page, "import-duplicates")
    assert live.count_entries(ada) == before + 5


def test_a_file_the_page_cannot_guess_is_matched_by_hand(
    browser: Browser, live: Live, importer: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "konto.csv"
    path.write_text("Buchungstag;Wert;Zweck\n28.11.2026;-12,50;Kaffee\n01.12.2026;1.250,00;Gehalt\n", "utf-8")
    with browser_page(browser, live, importer["state"]) as (page, _watch):
        page.goto("/money/import")
        page.get_by_label("Account the statement belongs to").select_option(label="Uncategorized")
        page.get_by_label("CSV file").set_input_files(str(path))
        page.get_by_role("button", name="Read file").click()
        expect(page.locator('.import-steps [aria-current="step"]')).to_contain_text("Match the columns")
        expect(page.get_by_role("heading", name="Preview")).to_have_count(0)
        counter = page.locator("#f-counter")
        counter.click()  # the picker shows only the answers for the field that has focus
        counter.press_sequentially("Checking")
        page.get_by_role("option", name=re.compile("^Checking")).first.click()
        page.get_by_label("Date column").select_option(label="Buchungstag (e.g. 28.11.2026)")
        page.get_by_label("Amount column").select_option(label="Wert (e.g. -12,50)")
        page.get_by_label("Description").select_option(label="Zweck (e.g. Kaffee)")
        _check_here(page, "import-columns")
        page.get_by_role("button", name="Preview").click()
        expect(page.locator(".import-table .row-status")).to_have_text(["+ New", "+ New"])
        expect(page.locator("#row-3")).to_contain_text("1,250.00")
