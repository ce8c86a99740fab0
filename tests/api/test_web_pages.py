"""Finance pages and the shell through the Flask test client (both databases).

The pages call the same services as the JSON API: an entry posted through the form is the
entry the API returns; a 422 from the service is shown beside the field it names; another
user's rows are never shown; a form without the CSRF token changes nothing.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient

from lifeos.domains.finance.models import Account, LedgerEntry
from tests.api.finance_support import account, count, entry
from tests.api.test_web_session import HTML, sign_in
from tests.support.problems import assert_problem

PAGES = [
    "/today",
    "/money/trial-balance",
    "/money/accounts",
    "/money/journal",
    "/money/journal/new",
    "/money/balance-sheet",
    "/money/income-statement",
    "/journal",
    "/habits",
    "/health/",
    "/skills",
    "/projects",
    "/people",
    "/settings",
]


@pytest.fixture
def signed_in(client: FlaskClient, user_factory: Any, auth_headers: Any) -> dict[str, Any]:
    """A person with three accounts and one entry, signed in through the form."""
    user = user_factory(full_name="Ada Lovelace")
    headers = auth_headers(user)
    cash = account(client, headers, "Wallet Cash", "asset", "cash")
    groceries = account(client, headers, "Groceries", "expense", "groceries")
    salary = account(client, headers, "Salary", "income", "salary")
    assert (
        entry(
            client, headers, "2026-11-02", (cash, "debit", "2500.00"), (salary, "credit", "2500.00")
        ).status_code
        == 201
    )
    csrf = sign_in(client, user.email)
    return {
        "user": user,
        "csrf": csrf,
        "cash": cash,
        "groceries": groceries,
        "salary": salary,
        "headers": headers,
    }


def page(client: FlaskClient, path: str, status: int = 200) -> str:
    response = client.get(path, headers=HTML)
    assert response.status_code == status, (path, response.status_code, response.get_data(as_text=True)[:300])
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_needs_a_session_and_shows_no_data_without_one(client: FlaskClient, path: str) -> None:
    response = client.get(path, headers=HTML)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert "Wallet" not in response.get_data(as_text=True)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_in_the_layout(client: FlaskClient, signed_in: dict[str, Any], path: str) -> None:
    html = page(client, path)
    assert html.count("<h1") == 1
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in html
    assert 'aria-current="page"' in html
    assert f'<meta name="csrf-token" content="{signed_in["csrf"]}">' in html


def test_today_shows_the_finance_summary(client: FlaskClient, signed_in: dict[str, Any]) -> None:
    html = page(client, "/today")
    assert "Net worth" in html and "2,500.00" in html and "Recent entries" in html


def test_trial_balance_groups_accounts_and_links_each_to_its_ledger(
    client: FlaskClient, signed_in: dict[str, Any]
) -> None:
    html = page(client, "/money/trial-balance")
    groups = re.findall(r'<tr class="group-row"><th scope="colgroup" colspan="4">(\w+)', html)
    assert groups == ["Assets", "Income", "Expenses"]
    assert f'href="/money/accounts/{signed_in["cash"]}"' in html
    assert "Balanced: debits equal credits." in html
    hidden = page(client, "/money/trial-balance?hide_zero=0&hide_zero=1")
    assert "Groceries" not in hidden and "Groceries" in page(client, "/money/trial-balance?hide_zero=0")
    bad = page(client, "/money/trial-balance?as_of=not-a-date", 422)
    assert 'id="f-as_of-error"' in bad


def test_ledger_shows_a_running_balance(client: FlaskClient, signed_in: dict[str, Any]) -> None:
    headers = signed_in["headers"]
    cash, groceries = signed_in["cash"], signed_in["groceries"]
    assert (
        entry(
            client, headers, "2026-11-03", (groceries, "debit", "40.00"), (cash, "credit", "40.00")
        ).status_code
        == 201
    )
    html = page(client, f"/money/accounts/{cash}")
    assert "Wallet Cash" in html and "2,500.00" in html and "2,460.00" in html
    html = page(client, f"/money/accounts/{cash}?order=desc&from=2026-11-03")
    assert "2,460.00" in html


def test_posting_a_balanced_entry_through_the_form(
    client: FlaskClient, signed_in: dict[str, Any], session: Any
) -> None:
    form = {
        "csrf_token": signed_in["csrf"],
        "date": "2026-11-05",
        "description": "Weekly shop",
        "idempotency_key": "form-key-1",
        "account_id": [str(signed_in["groceries"]), str(signed_in["cash"]), ""],
        "account_label": ["Groceries", "Wallet Cash", ""],
        "debit": ["1,234.50", "", ""],
        "credit": ["", "1234.50", ""],
        "memo": ["food", "", ""],
    }
    response = client.post("/money/journal/new", data=form, headers=HTML)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    entry_id = int(response.headers["Location"].rsplit("/", 1)[1])
    html = page(client, response.headers["Location"])
    assert "Weekly shop" in html and "1,234.50" in html and "Reverse this entry" in html
    api = client.get(f"/api/v1/finance/journal/{entry_id}", headers=signed_in["headers"]).get_json()
    assert api["totals"] == {"debit": "1234.50", "credit": "1234.50"} and api["lines"][0]["memo"] == "food"
    # The form's idempotency key makes a double submit post once.
    again = client.post("/money/journal/new", data=form, headers=HTML)
    assert again.headers["Location"] == response.headers["Location"]
    assert count(session, LedgerEntry, user_id=signed_in["user"].id) == 2

    reversed_ = client.post(
        f"/money/journal/{entry_id}/reverse",
        data={"csrf_token": signed_in["csrf"], "date": "2026-11-06"},
        headers=HTML,
    )
    assert reversed_.status_code == 303
    html = page(client, reversed_.headers["Location"])
    assert "This entry reverses" in html and f"entry #{entry_id}" in html
    original = page(client, f"/money/journal/{entry_id}")
    assert "Reverse this entry" not in original and "Reversed by" in original  # no second offer
    twice = client.post(
        f"/money/journal/{entry_id}/reverse", data={"csrf_token": signed_in["csrf"]}, headers=HTML
    )
    assert "already reversed" in page(client, twice.headers["Location"])


def test_an_unbalanced_entry_is_refused_beside_the_field_and_keeps_what_was_typed(
    client: FlaskClient, signed_in: dict[str, Any], session: Any
) -> None:
    before = count(session, LedgerEntry, user_id=signed_in["user"].id)
    form = {
        "csrf_token": signed_in["csrf"],
        "date": "2026-11-05",
        "description": "Lopsided",
        "account_id": [str(signed_in["groceries"]), str(signed_in["cash"])],
        "account_label": ["Groceries", "Wallet Cash"],
        "debit": ["100.00", ""],
        "credit": ["", "90.00"],
        "memo": ["", ""],
    }
    response = client.post("/money/journal/new", data=form, headers=HTML)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Debits (100.00) do not equal credits (90.00)." in html
    credit = re.search(
        r'<input id="(credit-[0-9a-f]+)" name="credit" type="text" value="90.00"([^>]*)>', html
    )
    assert credit, "the typed credit is kept"
    assert 'aria-invalid="true"' in credit.group(2) and f"{credit.group(1)}-error" in credit.group(2)
    assert 'value="Lopsided"' in html and 'value="Groceries"' in html
    assert count(session, LedgerEntry, user_id=signed_in["user"].id) == before


def test_entry_form_errors_name_the_line_and_field(client: FlaskClient, signed_in: dict[str, Any]) -> None:
    form = {
        "csrf_token": signed_in["csrf"],
        "date": "2026-13-40",
        "account_id": ["", str(signed_in["cash"])],
        "account_label": ["Typed but not chosen", "Wallet Cash"],
        "debit": ["5.001", ""],
        "credit": ["", "5"],
        "memo": ["", ""],
    }
    html = client.post("/money/journal/new", data=form, headers=HTML).get_data(as_text=True)
    assert re.search(r'id="entry-date-error">[^<]*valid calendar date', html)
    assert "Choose an account from the list" in html
    assert "at most 2 decimal places" in html


def test_chart_of_accounts_create_rename_deactivate_reactivate(
    client: FlaskClient, signed_in: dict[str, Any], session: Any
) -> None:
    csrf = signed_in["csrf"]
    response = client.post(
        "/money/accounts",
        data={
            "csrf_token": csrf,
            "name": "Credit Card",
            "account_type": "liability",
            "account_subtype": "credit_card",
        },
        headers=HTML,
    )
    assert response.status_code == 303
    card_id = int(response.headers["Location"].rsplit("/", 1)[1])
    duplicate = client.post(
        "/money/accounts",
        data={"csrf_token": csrf, "name": "credit  card", "account_type": "liability"},
        headers=HTML,
    )
    assert duplicate.status_code == 409 and "already exists" in duplicate.get_data(as_text=True)
    bad = client.post(
        "/money/accounts",
        data={"csrf_token": csrf, "name": "X", "account_type": "asset", "account_subtype": "salary"},
        headers=HTML,
    )
    assert bad.status_code == 422 and 'id="new-subtype-error"' in bad.get_data(as_text=True)

    renamed = client.post(
        f"/money/accounts/{card_id}/edit",
        data={"csrf_token": csrf, "name": "Visa", "account_type": "liability", "account_subtype": "loan"},
        headers=HTML,
    )
    assert renamed.status_code == 303
    row = session.get(Account, card_id)
    session.refresh(row)
    assert (row.name, row.normalized_name, row.account_subtype) == ("Visa", "visa", "loan")
    cash_type = client.post(
        f"/money/accounts/{signed_in['cash']}/edit",
        data={"csrf_token": csrf, "name": "Wallet Cash", "account_type": "expense"},
        headers=HTML,
    )
    assert cash_type.status_code == 409 and "postings" in cash_type.get_data(as_text=True)

    assert client.post(f"/money/accounts/{card_id}/deactivate", data={"csrf_token": csrf}).status_code == 303
    assert ">Visa</a>" not in page(client, "/money/accounts") and ">Visa</a>" in page(
        client, "/money/accounts?active=false"
    )
    assert client.get("/finance/accounts/search?q=vis").get_json()["items"] == []
    assert client.post(f"/money/accounts/{card_id}/reactivate", data={"csrf_token": csrf}).status_code == 303
    assert ">Visa</a>" in page(client, "/money/accounts")


def test_trial_balance_settings_are_saved(client: FlaskClient, signed_in: dict[str, Any]) -> None:
    response = client.post(
        "/money/trial-balance/settings",
        data={"csrf_token": signed_in["csrf"], "hide_zero_rows": "1", "fiscal_year_start_month": "4"},
        headers=HTML,
    )
    assert response.status_code == 302
    assert "Groceries" not in page(client, "/money/trial-balance")
    html = page(client, "/money/income-statement?to=2026-11-30")
    assert "Sun 1 Apr 2026" in html or "Wed 1 Apr 2026" in html or "1 Apr 2026" in html


def test_reports_render_the_api_numbers(client: FlaskClient, signed_in: dict[str, Any]) -> None:
    sheet = page(client, "/money/balance-sheet")
    assert "Total assets" in sheet and "2,500.00" in sheet and "Balanced: assets equal" in sheet
    statement = page(client, "/money/income-statement?from=2026-01-01&to=2026-12-31")
    assert "Net income" in statement and "2,500.00" in statement
    assert 'id="f-from-error"' in page(client, "/money/income-statement?from=2026-12-31&to=2026-01-01", 422)


def test_journal_list_filters_and_the_new_line_fragment(
    client: FlaskClient, signed_in: dict[str, Any]
) -> None:
    html = page(client, f"/money/journal?account_id={signed_in['cash']}")
    assert 'value="Wallet Cash"' in html and "Wallet Cash, Salary" in html
    assert "No entries match" in page(client, "/money/journal?q=nothing-like-this")
    fragment = page(client, "/money/journal/new/line")
    assert (
        fragment.lstrip().startswith("<fieldset")
        and 'role="combobox"' in fragment
        and "<html" not in fragment
    )


def test_a_form_post_without_the_csrf_token_is_refused(
    client: FlaskClient, signed_in: dict[str, Any], session: Any
) -> None:
    before = count(session, Account, user_id=signed_in["user"].id)
    for data in ({}, {"csrf_token": "forged"}):
        response = client.post(
            "/money/accounts", data={**data, "name": "Sneaky", "account_type": "asset"}, headers=HTML
        )
        assert response.status_code == 403
        assert "This form has expired" in response.get_data(as_text=True)
    response = client.post("/money/journal/new", data={"date": str(date.today())}, headers=HTML)
    assert response.status_code == 403
    assert count(session, Account, user_id=signed_in["user"].id) == before


def test_one_persons_pages_never_show_anothers_accounts(
    client: FlaskClient, signed_in: dict[str, Any], user_factory: Any, auth_headers: Any, app: Any
) -> None:
    other = user_factory()
    other_headers = auth_headers(other)
    secret = account(client, other_headers, "Swiss Secret Account", "asset", "bank")
    salary = account(client, other_headers, "Other Salary", "income", "salary")
    posted = entry(client, other_headers, "2026-11-02", (secret, "debit", "9.00"), (salary, "credit", "9.00"))
    secret_entry = posted.get_json()["id"]
    for path in [
        "/today",
        "/money/trial-balance",
        "/money/accounts?active=all",
        "/money/journal",
        "/money/balance-sheet",
        "/money/income-statement?from=2000-01-01",
    ]:
        assert "Swiss Secret" not in page(client, path), path
    for path in [
        f"/money/accounts/{secret}",
        f"/money/accounts/{secret}/edit",
        f"/money/journal/{secret_entry}",
    ]:
        html = page(client, path, 404)
        assert "Page not found" in html and "Swiss Secret" not in html
    assert "Swiss" not in client.get("/finance/accounts/search?q=swiss").get_data(as_text=True)
    response = client.post(
        f"/money/accounts/{secret}/deactivate", data={"csrf_token": signed_in["csrf"]}, headers=HTML
    )
    assert response.status_code == 404
    assert "Swiss Secret" not in page(client, f"/money/journal?account_id={secret}")


def test_errors_are_pages_for_browsers_and_problems_for_api_clients(client: FlaskClient) -> None:
    response = client.get("/no/such/page", headers=HTML)
    assert response.status_code == 404 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "Page not found" in html and "<main" in html and "Sign in" in html
    assert_problem(client.get("/no/such/page"), 404, "request.not_found")
    assert_problem(
        client.get("/no/such/page", headers={"Accept": "application/json"}), 404, "request.not_found"
    )
    assert_problem(client.get("/no/such/page", headers={"Accept": "*/*"}), 404, "request.not_found")
    for path in ("/finance/nope", "/api/v1/nope", "/auth/nope"):
        assert_problem(client.get(path, headers=HTML), 404, "request.not_found")
    assert_problem(client.get("/finance/accounts/search", headers=HTML), 401)
    wrong_method = client.delete("/money/accounts", headers=HTML)
    assert (
        wrong_method.status_code == 405
        and wrong_method.mimetype == "text/html"
        and "Allow" in wrong_method.headers
    )


def test_front_end_packages_are_served_from_node_modules(client: FlaskClient) -> None:
    html = client.get("/login", headers=HTML).get_data(as_text=True)
    src = re.search(r'src="(/assets/vendor/htmx\.min\.js\?v=[^"]+)"', html)
    assert src and "v=2.0.11" in src.group(1)
    response = client.get(src.group(1))
    assert response.status_code == 200 and "javascript" in response.mimetype
    assert (
        response.headers["Cache-Control"].startswith("public, max-age=31536000")
        or "max-age=31536000" in response.headers["Cache-Control"]
    )
    response.close()
    for bad in (
        "/assets/vendor/axe.min.js",
        "/assets/vendor/../package.json",
        "/assets/vendor/%2e%2e/package.json",
    ):
        assert client.get(bad).status_code == 404, bad
