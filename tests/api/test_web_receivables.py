"""/money/receivables through the Flask test client (both databases).

The page calls the receivables services the JSON API calls: a tracker made through the form is
what `GET /finance/receivables/<id>` returns; people are listed overdue first; a repayment
recorded in place (htmx) answers that person's section with the lower outstanding and the
totals out of band; a 422 is shown beside its field with what was typed, and nothing is written;
another person's tracker is a 404 and never shown.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask.testing import FlaskClient

from lifeos.domains.finance.models import ReceivableManualEntry, ReceivableTracker
from tests.api.finance_support import count
from tests.api.test_web_session import HTML
from tests.support.web import page_html, person_signed_in

HTMX = {**HTML, "HX-Request": "true"}
API = "/api/v1/finance"


@pytest.fixture
def signed_in(client: FlaskClient, user_factory: Any, auth_headers: Any) -> dict[str, Any]:
    return person_signed_in(client, user_factory, auth_headers, timezone="UTC")


def _page(client: FlaskClient, path: str = "/money/receivables", status: int = 200) -> str:
    return page_html(client, path, status)


def _tracker(client: FlaskClient, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    body = {"counterparty": "Grace", "principal": "100.00", "start_date": "2026-01-01", **fields}
    response = client.post(f"{API}/receivables", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()  # type: ignore[no-any-return]


def _api(client: FlaskClient, headers: dict[str, str], tracker_id: int) -> dict[str, Any]:
    response = client.get(f"{API}/receivables/{tracker_id}", headers=headers)
    assert response.status_code == 200
    return response.get_json()  # type: ignore[no-any-return]


def _section(html: str, anchor: str) -> str:
    part = html[html.index(f'id="{anchor}"') :]
    return part[: part.index("</section>")]


def _outstanding(html: str, tracker_id: int) -> str:
    part = html[html.index(f'id="receivable-{tracker_id}"') :]
    found = re.search(r"data-outstanding>([^<]+)<", part)
    assert found
    return found.group(1)


def test_empty_page_says_what_to_do(client: FlaskClient, signed_in: dict[str, Any]) -> None:
    html = _page(client)
    assert "Nothing to collect yet" in html and 'id="new-receivable"' in html
    assert 'aria-current="page">Receivables' in html


def test_a_tracker_made_through_the_form_is_the_apis(
    client: FlaskClient, signed_in: dict[str, Any], session: Any
) -> None:
    form = {
        "csrf_token": signed_in["csrf"],
        "counterparty": "  Grace   Hopper ",
        "principal": "1,200.00",
        "start_date": "2026-01-01",
        "due_date": "2026-06-30",
        "interest_kind": "compound",
        "annual_rate": "5",
        "compounding": "quarterly",
        "memo": "Sailing course",
    }
    made = client.post("/money/receivables", data=form, headers=HTML)
    assert made.status_code == 303, made.get_data(as_text=True)[:500]
    tracker_id = int(made.headers["Location"].rsplit("receivable-", 1)[1])
    api = _api(client, signed_in["headers"], tracker_id)
    assert (api["counterparty"], api["principal"], api["due_date"], api["memo"]) == (
        "Grace Hopper",
        "1200.00",
        "2026-06-30",
        "Sailing course",
    )
    assert api["interest"] == {"kind": "compound", "annual_rate": "5.00", "compounding": "quarterly"}
    html = _page(client)
    person = _section(html, "person-" + str(tracker_id))
    assert "Grace Hopper" in person and "5.00 % compounded quarterly" in person and "Sailing course" in person
    assert _outstanding(html, tracker_id) == f"{Decimal(api['outstanding']):,.2f}"

    # A rate is ignored without interest; the kind "none" needs none.
    plain = client.post(
        "/money/receivables",
        data={**form, "interest_kind": "none", "annual_rate": "", "counterparty": "Alan"},
        headers=HTML,
    )
    assert plain.status_code == 303
    assert count(session, ReceivableTracker, user_id=signed_in["user"].id) == 2


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"counterparty": ""}, "counterparty", "at least 1 character"),
        ({"principal": "ten"}, "principal", "decimal amount"),
        ({"principal": "-5"}, "principal", ""),
        ({"start_date": "2026-02-30"}, "start_date", "calendar date"),
        ({"due_date": "2025-12-31"}, "due_date", "must not be before start_date"),
        ({"interest_kind": "simple", "annual_rate": "101"}, "annual_rate", "from 0 to 100"),
        ({"interest_kind": "compound", "annual_rate": "", "compounding": "monthly"}, "annual_rate", ""),
        ({"interest_kind": "compound", "annual_rate": "4", "compounding": "hourly"}, "compounding", ""),
        ({"interest_kind": "weird"}, "interest_kind", ""),
        ({"counterparty": "x" * 256}, "counterparty", "at most 255"),
    ],
)
def test_form_errors_show_beside_their_field_and_nothing_is_written(
    client: FlaskClient,
    signed_in: dict[str, Any],
    session: Any,
    change: dict[str, str],
    field: str,
    words: str,
) -> None:
    form = {
        "csrf_token": signed_in["csrf"],
        "counterparty": "Grace <Hopper>",
        "principal": "100.00",
        "start_date": "2026-01-01",
        "due_date": "",
        "interest_kind": "none",
        "annual_rate": "",
        "compounding": "monthly",
        "memo": "",
        **change,
    }
    response = client.post("/money/receivables", data=form, headers=HTML)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    error = re.search(rf'id="f-{field}-error">([^<]+)<', html)
    assert error, (field, re.findall(r'class="field-error"[^>]*>([^<]+)<', html))
    assert words.lower() in error.group(1).lower()
    assert f'aria-describedby="f-{field}-error"' in html or f'f-{field}-error"' in html
    if field != "counterparty":
        assert 'value="Grace &lt;Hopper&gt;"' in html  # what was typed is kept (and escaped)
    assert '<details class="card create-receivable" id="new-receivable" open>' in html
    assert count(session, ReceivableTracker, user_id=signed_in["user"].id) == 0


def test_people_are_listed_overdue_first_and_netted(client: FlaskClient, signed_in: dict[str, Any]) -> None:
    headers = signed_in["headers"]
    today = date.today()
    soon = _tracker(client, headers, counterparty="Alan", due_date=(today + timedelta(days=10)).isoformat())
    late = _tracker(client, headers, counterparty="Zoe", due_date=(today - timedelta(days=3)).isoformat())
    _tracker(client, headers, counterparty="zoe ", principal="50.00")
    paid = _tracker(client, headers, counterparty="Bob")
    client.post(
        f"{API}/receivables/{paid['id']}/entries",
        json={"date": today.isoformat(), "amount": "-100.00"},
        headers=headers,
    )
    html = _page(client)
    order = [html.index(f'id="person-{t["id"]}"') for t in (late, soon, paid)]
    assert order == sorted(order), "overdue first, then by due date, settled last"
    zoe = _section(html, f"person-{late['id']}")
    assert "Overdue by 3 days" in zoe and 'Owes you <strong class="num">150.00</strong>' in zoe
    assert 'id="receivable-' in zoe and zoe.count('<li class="tracker') == 2
    assert "Settled (1)" in html
    assert re.search(r"Overdue</dt><dd>100.00", html)


def test_record_a_repayment_in_place_lowers_the_outstanding(
    client: FlaskClient, signed_in: dict[str, Any], session: Any
) -> None:
    headers, csrf = signed_in["headers"], signed_in["csrf"]
    tracker = _tracker(client, headers, principal="1000.00", start_date=date.today().isoformat())
    other = _tracker(client, headers, counterparty="Alan")
    path = f"/money/receivables/{tracker['id']}/entries"
    form = {"csrf_token": csrf, "amount": "250", "kind": "repayment", "date": "", "memo": "cash"}
    swapped = client.post(path, data=form, headers=HTMX)
    assert swapped.status_code == 200
    html = swapped.get_data(as_text=True)
    assert html.lstrip().startswith("<section") and f'id="person-{tracker["id"]}"' in html
    assert f'id="person-{other["id"]}"' not in html
    assert "Recorded repayment of 250.00 for Grace; outstanding now 750.00." in html
    assert 'role="status"' in html and "data-focus-after-swap" in html
    assert _outstanding(html, tracker["id"]) == "750.00"
    assert 'id="receivable-totals" hx-swap-oob="true"' in html
    assert _api(client, headers, tracker["id"])["outstanding"] == "750.00"

    more = client.post(path, data={**form, "amount": "1,000.00", "kind": "lending"}, headers=HTML)
    assert more.status_code == 303 and more.headers["Location"].endswith(f"#receivable-{tracker['id']}")
    assert _outstanding(_page(client), tracker["id"]) == "1,750.00"
    assert count(session, ReceivableManualEntry, tracker_id=tracker["id"]) == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": ""}, "amount"),
        ({"amount": "0"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "1.234"}, "amount"),
        ({"date": "2025-12-31"}, "date"),
        ({"date": "31/12/2026"}, "date"),
    ],
)
def test_a_bad_entry_answers_422_beside_its_field_in_place(
    client: FlaskClient, signed_in: dict[str, Any], session: Any, change: dict[str, str], field: str
) -> None:
    tracker = _tracker(client, signed_in["headers"])
    form = {
        "csrf_token": signed_in["csrf"],
        "amount": "10",
        "kind": "repayment",
        "date": "",
        "memo": "",
        **change,
    }
    path = f"/money/receivables/{tracker['id']}/entries"
    for headers in (HTMX, HTML):
        response = client.post(path, data=form, headers=headers)
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        assert f'id="f-r{tracker["id"]}-{field}-error"' in html, re.findall(r"field-error[^>]*>([^<]+)", html)
        assert '<details class="record-entry" open>' in html
        assert (headers is HTMX) == html.lstrip().startswith("<section")
        if headers is HTMX:
            assert "data-swapped-errors" in html
    assert count(session, ReceivableManualEntry, user_id=signed_in["user"].id) == 0


def test_another_persons_trackers_are_never_shown_or_written(
    client: FlaskClient, signed_in: dict[str, Any], user_factory: Any, auth_headers: Any, session: Any
) -> None:
    stranger = user_factory()
    theirs = _tracker(client, auth_headers(stranger), counterparty="Secret Person")
    assert "Secret Person" not in _page(client)
    form = {"csrf_token": signed_in["csrf"], "amount": "10", "kind": "repayment", "date": "", "memo": ""}
    for headers in (HTML, HTMX):
        response = client.post(f"/money/receivables/{theirs['id']}/entries", data=form, headers=headers)
        assert response.status_code == 404
    for bad in ("0", "99999999999999999999"):
        assert client.post(f"/money/receivables/{bad}/entries", data=form, headers=HTML).status_code == 404
    assert count(session, ReceivableManualEntry, tracker_id=theirs["id"]) == 0


def test_pages_need_a_session_and_forms_need_csrf(client: FlaskClient, signed_in: dict[str, Any]) -> None:
    tracker = _tracker(client, signed_in["headers"])
    no_csrf = client.post(
        f"/money/receivables/{tracker['id']}/entries", data={"amount": "5", "kind": "repayment"}, headers=HTML
    )
    assert no_csrf.status_code in (400, 403)
    client.post("/logout", data={"csrf_token": signed_in["csrf"]}, headers=HTML)
    response = client.get("/money/receivables", headers=HTML)
    assert response.status_code in (302, 303) and "/login" in response.headers["Location"]


def test_history_shows_the_newest_entries(client: FlaskClient, signed_in: dict[str, Any]) -> None:
    headers = signed_in["headers"]
    tracker = _tracker(client, headers, principal="1000.00")
    for day in range(1, 7):
        body = {"date": f"2026-02-{day:02d}", "amount": f"-{day}.00", "memo": f"payment {day}"}
        response = client.post(f"{API}/receivables/{tracker['id']}/entries", json=body, headers=headers)
        assert response.status_code == 201
    html = _section(_page(client), f"person-{tracker['id']}")
    assert "History (6)" in html and "The 5 newest of 6." in html
    assert "payment 6" in html and "payment 2" in html and "payment 1" not in html
    assert html.index("payment 6") < html.index("payment 5")
