"""/money/loans through the Flask test client (both databases).

A loan made through the form is what `GET /finance/loans/<id>` returns; the amortizing loan's
page shows the schedule route's rows (12 payments of 856.07 for 10,000.00 at 5 % over a year)
against what was paid; the what-if extra payment shows both ways to re-amortize; linking a
receivable or a journal entry uses the links route's rules (404 for another person's, 409 when
linked already, 422 beside the field); nothing is written on an error.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from flask.testing import FlaskClient

from lifeos.domains.finance.models import LoanGroup, LoanGroupLink
from tests.api.finance_support import account, count, entry
from tests.api.test_web_session import HTML
from tests.support.web import page_html as _page
from tests.support.web import person_signed_in

API = "/api/v1/finance"
TERMS = {
    "loan_kind": "annuity",
    "principal": "10,000.00",
    "annual_rate": "5",
    "term_payments": "12",
    "payments_per_year": "12",
    "first_payment_date": "2026-01-31",
    "extra_payment_mode": "shorter_term",
}


@pytest.fixture
def signed_in(client: FlaskClient, user_factory: Any, auth_headers: Any) -> dict[str, Any]:
    return person_signed_in(client, user_factory, auth_headers, timezone="UTC")


def _create(client: FlaskClient, csrf: str, **fields: str) -> int:
    form = {
        "csrf_token": csrf,
        "name": "Car loan",
        "direction": "borrowed",
        "description": "",
        **TERMS,
        **fields,
    }
    response = client.post("/money/loans", data=form, headers=HTML)
    assert response.status_code == 303, response.get_data(as_text=True)[:800]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _rows(html: str) -> list[list[str]]:
    body = html[html.index('class="report schedule-table"') :]
    body = body[body.index("<tbody>") : body.index("</tbody>")]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)]
        for r in rows
    ]


def test_empty_page_offers_the_form(client: FlaskClient, signed_in: dict[str, Any]) -> None:
    html = _page(client, "/money/loans")
    assert "No loans yet" in html and '<details class="card create-loan" id="new-loan" open>' in html
    assert 'aria-current="page">Loans' in html


def test_an_amortizing_loan_made_through_the_form_shows_its_12_rows(
    client: FlaskClient, signed_in: dict[str, Any]
) -> None:
    loan_id = _create(client, signed_in["csrf"])
    api = client.get(f"{API}/loans/{loan_id}", headers=signed_in["headers"]).get_json()
    assert (api["name"], api["direction"], api["amortization"]["payment"]) == (
        "Car loan",
        "borrowed",
        "856.07",
    )
    assert api["amortization"]["principal"] == "10000.00" and api["amortization"]["term_payments"] == 12
    html = _page(client, f"/money/loans/{loan_id}")
    rows = _rows(html)
    assert len(rows) == 12 and [r[0] for r in rows] == [str(n) for n in range(1, 13)]
    assert all(r[2] == "856.07" for r in rows[:11])
    schedule = client.get(f"{API}/loans/{loan_id}/schedule", headers=signed_in["headers"]).get_json()
    assert [r[5] for r in rows] == [f"{float(r['balance']):,.2f}" for r in schedule["rows"]]
    assert rows[-1][5] == "0.00"
    principal_total = re.search(r"<tfoot>.*?</tfoot>", html, re.S)
    assert principal_total and "10,000.00" in principal_total.group(0)
    assert 'id="loan-balance-chart"' in html
    listing = _page(client, "/money/loans")
    assert "Car loan" in listing and "856.07 × 12 at 5 %" in listing and "Borrowed: you owe them" in listing


def test_what_if_extra_payment_both_ways(client: FlaskClient, signed_in: dict[str, Any]) -> None:
    loan_id = _create(client, signed_in["csrf"])
    shorter = _page(client, f"/money/loans/{loan_id}?extra_amount=2,000&extra_after=1&mode=shorter_term")
    rows = _rows(shorter)
    assert len(rows) < 12 and all(r[2] == "856.07" for r in rows[:-1])
    assert "paid off in" in shorter and "less interest" in shorter
    lower = _page(client, f"/money/loans/{loan_id}?extra_amount=2000&extra_after=1&mode=lower_payment")
    rows = _rows(lower)
    assert len(rows) == 12 and rows[0][2] == "856.07" and rows[1][2] != "856.07"
    assert "the payment drops to" in lower
    compare = lower[lower.index('class="table-wrap what-if-compare"') :]
    compare = compare[: compare.index("</table>")]
    assert "No extra (the plan)" in compare and "Shorter term" in compare
    assert re.search(r'<tr class="chosen">\s*<th scope="row">Lower payment', compare)
    api = client.get(
        f"{API}/loans/{loan_id}/schedule?extra_amount=2000&extra_after=1&mode=lower_payment",
        headers=signed_in["headers"],
    ).get_json()
    assert rows[1][2] == f"{float(api['rows'][1]['payment']):,.2f}"
    plan = client.get(f"{API}/loans/{loan_id}/schedule", headers=signed_in["headers"]).get_json()
    saved = Decimal(plan["totals"]["interest"]) - Decimal(api["totals"]["interest"])
    assert f'<td class="num strong">{saved:,.2f}</td>' in compare
    late = _page(client, f"/money/loans/{loan_id}?extra_amount=100&extra_after=40")
    assert "changes nothing" in late and len(_rows(late)) == 12
    bad = client.get(f"/money/loans/{loan_id}?extra_amount=lots&extra_after=0", headers=HTML)
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert 'id="f-extra_amount-error"' in html and 'id="f-extra_after-error"' in html
    assert 'value="lots"' in html and len(_rows(html)) == 12


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"principal": "0"}, "principal"),
        ({"annual_rate": "250"}, "annual_rate"),
        ({"term_payments": "0"}, "term_payments"),
        ({"term_payments": "twelve"}, "term_payments"),
        ({"term_payments": "\u00b2"}, "term_payments"),  # a digit to str.isdigit, not to int()
        ({"payments_per_year": "5"}, "payments_per_year"),
        ({"first_payment_date": ""}, "first_payment_date"),
        ({"direction": "sideways"}, "direction"),
    ],
)
def test_form_errors_show_beside_their_field(
    client: FlaskClient, signed_in: dict[str, Any], session: Any, change: dict[str, str], field: str
) -> None:
    form = {
        "csrf_token": signed_in["csrf"],
        "name": "Loan <1>",
        "direction": "lent",
        "description": "",
        **TERMS,
    }
    response = client.post("/money/loans", data={**form, **change}, headers=HTML)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="f-{field}-error"' in html, re.findall(r"field-error[^>]*>([^<]+)", html)
    if field != "principal":
        assert 'value="10,000.00"' in html  # what was typed is kept
    if field != "name":
        assert 'value="Loan &lt;1&gt;"' in html
    assert count(session, LoanGroup, user_id=signed_in["user"].id) == 0


def test_a_group_loan_ignores_terms_and_links_receivables_and_entries(
    client: FlaskClient, signed_in: dict[str, Any], user_factory: Any, auth_headers: Any, session: Any
) -> None:
    headers, csrf = signed_in["headers"], signed_in["csrf"]
    loan_id = _create(client, csrf, name="Family", direction="lent", loan_kind="group", principal="oops")
    api = client.get(f"{API}/loans/{loan_id}", headers=headers).get_json()
    assert api["amortization"] is None
    html = _page(client, f"/money/loans/{loan_id}")
    assert "schedule-table" not in html and "Nothing linked yet" in html
    tracker = client.post(
        f"{API}/receivables",
        json={"counterparty": "Sam", "principal": "300.00", "start_date": "2026-01-01"},
        headers=headers,
    ).get_json()
    html = _page(client, f"/money/loans/{loan_id}")
    assert f'<option value="{tracker["id"]}">Sam: 300.00 lent' in html
    path = f"/money/loans/{loan_id}/links"
    linked = client.post(path, data={"csrf_token": csrf, "receivable_id": str(tracker["id"])}, headers=HTML)
    assert linked.status_code == 303
    html = _page(client, f"/money/loans/{loan_id}")
    assert "Sam" in html and "Receivable, lent" in html and f'<option value="{tracker["id"]}"' not in html
    again = client.post(path, data={"csrf_token": csrf, "receivable_id": str(tracker["id"])}, headers=HTML)
    assert again.status_code == 409 and "already linked" in again.get_data(as_text=True)

    stranger = user_factory()
    theirs = client.post(
        f"{API}/receivables",
        json={"counterparty": "Secret", "principal": "1.00", "start_date": "2026-01-01"},
        headers=auth_headers(stranger),
    ).get_json()
    for data, field in (
        ({"receivable_id": str(theirs["id"])}, "f-link-receivable"),
        ({"journal_entry_id": "999999"}, "f-link-entry"),
        ({"journal_entry_id": "x"}, "f-link-entry"),
        ({"journal_entry_id": "\u00b2"}, "f-link-entry"),
    ):
        response = client.post(path, data={"csrf_token": csrf, **data}, headers=HTML)
        assert response.status_code in (404, 422), data
        assert f'id="{field}-error"' in response.get_data(as_text=True), data
    nothing = client.post(path, data={"csrf_token": csrf}, headers=HTML)
    assert nothing.status_code == 422
    assert count(session, LoanGroupLink, group_id=loan_id) == 1
    assert "Secret" not in _page(client, f"/money/loans/{loan_id}")


def test_another_persons_loan_is_a_404(
    client: FlaskClient, signed_in: dict[str, Any], user_factory: Any, auth_headers: Any, session: Any
) -> None:
    stranger = user_factory()
    theirs = client.post(f"{API}/loans", json={"name": "Theirs"}, headers=auth_headers(stranger)).get_json()
    _page(client, f"/money/loans/{theirs['id']}", status=404)
    _page(client, "/money/loans/99999999999999999999", status=404)
    assert "Theirs" not in _page(client, "/money/loans")
    response = client.post(
        f"/money/loans/{theirs['id']}/links", data={"csrf_token": signed_in["csrf"], "journal_entry_id": "1"}
    )
    assert response.status_code == 404
    assert count(session, LoanGroupLink, group_id=theirs["id"]) == 0


def test_a_linked_payment_shows_against_its_row(client: FlaskClient, signed_in: dict[str, Any]) -> None:
    headers, csrf = signed_in["headers"], signed_in["csrf"]
    loan_id = _create(client, csrf, first_payment_date="2026-01-31")
    bank, car = account(client, headers, "Checking"), account(client, headers, "Car loan", "liability")
    posted = entry(
        client,
        headers,
        "2026-01-30",
        (car, "debit", "856.07"),
        (bank, "credit", "856.07"),
        description="Car payment",
    )
    assert posted.status_code == 201, posted.get_json()
    entry_id = posted.get_json()["id"]
    linked = client.post(
        f"/money/loans/{loan_id}/links",
        data={"csrf_token": csrf, "journal_entry_id": str(entry_id)},
        headers=HTML,
    )
    assert linked.status_code == 303
    html = _page(client, f"/money/loans/{loan_id}")
    assert f"Car payment #{entry_id}" in html
    rows = _rows(html)
    assert rows[0][6] == "856.07paid" and rows[1][6].endswith("not paid")
    schedule = client.get(f"{API}/loans/{loan_id}/schedule", headers=headers).get_json()
    assert schedule["rows"][0]["paid"] == "856.07"
    assert f"{float(schedule['paid_to_date']):,.2f}" in html
