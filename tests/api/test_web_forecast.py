"""/money/forecast through the Flask test client (both databases), today frozen at 2027-03-10.

The page calls the schedule services the JSON API calls: a row typed as a sentence ("every month
on the last day, −1,200.00 rent from Bank") is what `GET /finance/schedule/rows/<id>` returns;
the chart's numbers, low point and floor are the projection route's; a scenario switched on
shows the compare route's two lowest points and difference; an overdue occurrence lists the
candidates route's postings and matching it by hand is the matches route's. A 422 is shown
beside the field it names with what was typed, and nothing is written; another person's row,
scenario or match is a 404.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest
from flask.testing import FlaskClient

from lifeos.domains.finance.models import MoneyScheduleRow, MoneyScheduleScenario, MoneyScheduleScenarioRow
from lifeos.web.filters import money
from tests.api.finance_support import account, count, entry
from tests.api.test_finance_schedule_support import SCHEDULE, freeze, funded_bank, make_row, projection
from tests.api.test_web_session import HTML, sign_in
from tests.support.web import page_html

SENTENCE = {
    "every": "1",
    "period": "month",
    "on": "last",
    "weekday": "",
    "amount": "−1,200.00",
    "memo": "rent",
    "event_date": "2027-03-31",
    "until": "",
    "count": "",
    "weekend_rule": "keep",
    "amount_tolerance": "0.00",
    "match_window_days": "3",
}


@pytest.fixture
def ada(
    client: FlaskClient, user_factory: Any, auth_headers: Any, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Any]:
    freeze(monkeypatch)  # today = 2027-03-10
    user = user_factory(full_name="Ada Lovelace", timezone="UTC")
    headers = auth_headers(user)
    bank = funded_bank(client, headers, "3000.00")
    return {"user": user, "headers": headers, "csrf": sign_in(client, user.email), "bank": bank}


def _page(client: FlaskClient, path: str = "/money/forecast", status: int = 200) -> str:
    return page_html(client, path, status)


def _post(client: FlaskClient, ada: dict[str, Any], path: str, status: int = 303, **form: str) -> Any:
    data = {"csrf_token": ada["csrf"], "next": "/money/forecast?days=90", **form}
    response = client.post(path, data=data, headers=HTML)
    assert response.status_code == status, (path, response.status_code, response.get_data(as_text=True)[:800])
    return response


def _add_row(client: FlaskClient, ada: dict[str, Any], **changes: str) -> int:
    form = {**SENTENCE, "account_id": str(ada["bank"]), **changes}
    response = _post(client, ada, "/money/forecast/rows", **form)
    location = response.headers["Location"]
    assert location.startswith("/money/forecast?days=90#row-"), location
    return int(location.rsplit("row-", 1)[1])


def _api_row(client: FlaskClient, ada: dict[str, Any], row_id: int) -> dict[str, Any]:
    response = client.get(f"{SCHEDULE}/rows/{row_id}", headers=ada["headers"])
    assert response.status_code == 200
    return response.get_json()  # type: ignore[no-any-return]


def _chart(html: str, figure_id: str) -> dict[str, Any]:
    part = html[html.index(f'id="{figure_id}"') :]
    found = re.search(r"<script type=\"application/json\" data-chart-data>(.*?)</script>", part, re.S)
    assert found
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def _error_beside(html: str, field_id: str) -> str:
    found = re.search(rf'<p class="field-error" id="{field_id}-error">([^<]+)</p>', html)
    assert found, f"no error beside {field_id}"
    assert re.search(rf'id="{field_id}"[^>]*aria-invalid="true"', html, re.S) or re.search(
        rf'aria-invalid="true"[^>]*id="{field_id}"', html
    ), f"{field_id} not marked invalid"
    return found.group(1)


def _error_beside_group(html: str, group_id: str) -> str:
    found = re.search(rf'<p class="field-error" id="{group_id}-error">([^<]+)</p>', html)
    assert found, f"no error beside {group_id}"
    return found.group(1)


def test_empty_forecast_offers_the_row_form(client: FlaskClient, ada: dict[str, Any]) -> None:
    html = _page(client)
    assert 'aria-current="page">Forecast' in html
    assert "Nothing scheduled yet" in html and 'id="new-row" open' in html
    chart = _chart(html, "forecast-chart")
    assert len(chart["x"]) == 90 and chart["x"][0] == "2027-03-10"
    assert set(chart["series"][0]["values"]) == {"3000.00"}


def test_a_sentence_row_is_the_apis_and_moves_the_low_point(client: FlaskClient, ada: dict[str, Any]) -> None:
    before = _chart(_page(client), "forecast-chart")
    assert before["markers"][0]["y"] == "3000.00"

    row_id = _add_row(client, ada)
    api = _api_row(client, ada, row_id)
    assert (api["recurrence"], api["amount"], api["memo"], api["account_id"]) == (
        "monthly_last",
        "-1200.00",
        "rent",
        ada["bank"],
    )
    assert api["description"].startswith("every month on the last day")

    html = _page(client, "/money/forecast?days=90")
    assert api["description"] == "every month on the last day, from 2027-03-31"
    assert "every month on the last day, from Wed 31 Mar" in html and f'id="row-{row_id}"' in html
    want = projection(client, ada["headers"], "days=90")
    chart = _chart(html, "forecast-chart")
    assert chart["series"][0]["values"] == [d["balance"] for d in want["series"]]
    assert chart["markers"][0] == {
        "x": want["lowest"]["date"],
        "y": want["lowest"]["balance"],
        "label": f"Low {money(Decimal(want['lowest']['balance']))}",
    }
    assert want["lowest"] == {"date": "2027-05-31", "balance": "-600.00"}  # 3000 − 3 × 1200
    assert "−600.00" in html


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"period": "week", "weekday": "4"}, {"recurrence": "weekly", "weekdays": [4]}),
        ({"period": "week", "weekday": ""}, {"recurrence": "weekly", "weekdays": []}),  # the start's
        ({"on": "15", "every": "2"}, {"recurrence": "monthly_day", "day_of_month": 15, "every": 2}),
        ({"on": "w2", "weekday": "1"}, {"recurrence": "monthly_weekday", "month_week": 2, "weekdays": [1]}),
        ({"period": "year", "count": "3"}, {"recurrence": "yearly", "count": 3}),
        ({"period": "once", "every": "7", "until": "2028-01-01"}, {"recurrence": "once", "until": None}),
        (
            {"period": "day", "weekend_rule": "next_monday"},
            {"recurrence": "daily", "weekend_rule": "next_monday"},
        ),
    ],
)
def test_each_period_maps_to_the_apis_rule(
    client: FlaskClient, ada: dict[str, Any], changes: dict[str, str], rule: dict[str, Any]
) -> None:
    row_id = _add_row(client, ada, **changes)
    api = _api_row(client, ada, row_id)
    assert {k: api[k] for k in rule} == rule


@pytest.mark.parametrize(
    ("changes", "field_id", "words"),
    [
        ({"amount": ""}, "f-row-amount", "required"),
        ({"amount": "ten"}, "f-row-amount", "decimal"),
        ({"amount": "0"}, "f-row-amount", "greater than 0"),
        ({"event_date": "2027-02-30"}, "f-row-start", "date"),
        ({"until": "2027-01-01"}, "f-row-until", "before"),
        ({"until": "2027-12-31", "count": "4"}, "f-row-count", "not both"),
        ({"every": "0"}, "f-row-every", "greater than or equal to 1"),
        ({"on": "32"}, "f-row-on", "less than or equal to 31"),
        ({"period": "fortnight"}, "f-row-period", ""),
        ({"account_id": ""}, "f-row-account", "required"),
        ({"match_window_days": "99"}, "f-row-window", "31"),
    ],
)
def test_an_invalid_sentence_shows_the_error_beside_its_field_and_writes_nothing(
    client: FlaskClient,
    ada: dict[str, Any],
    session: Any,
    changes: dict[str, str],
    field_id: str,
    words: str,
) -> None:
    form = {**SENTENCE, "account_id": str(ada["bank"]), **changes}
    response = _post(client, ada, "/money/forecast/rows", status=422, **form)
    html = response.get_data(as_text=True)
    message = _error_beside(html, field_id)
    assert words.lower() in message.lower(), message
    assert 'id="new-row" open' in html and 'value="rent"' in html  # what was typed stays
    assert count(session, MoneyScheduleRow, user_id=ada["user"].id) == 0


def test_another_persons_account_is_refused(
    client: FlaskClient, ada: dict[str, Any], user_factory: Any, auth_headers: Any, session: Any
) -> None:
    other = account(client, auth_headers(user_factory()), "Theirs", "asset", "bank")
    response = _post(
        client, ada, "/money/forecast/rows", status=404, **{**SENTENCE, "account_id": str(other)}
    )
    assert "No such account" in _error_beside(response.get_data(as_text=True), "f-row-account")
    assert count(session, MoneyScheduleRow, user_id=ada["user"].id) == 0


def test_edit_and_delete_a_row(
    client: FlaskClient, ada: dict[str, Any], user_factory: Any, auth_headers: Any, session: Any
) -> None:
    row_id = _add_row(client, ada, amount_tolerance="5.00", match_window_days="4")
    html = _page(client, f"/money/forecast/rows/{row_id}/edit?next=/money/forecast?days=30")
    assert 'value="-1,200.00"' in html and 'value="5.00"' in html and '<option value="last" selected>' in html
    assert 'href="/money/forecast?days=30"' in html  # back where the person came from

    form = {**SENTENCE, "account_id": str(ada["bank"]), "amount": "-1,350.00", "on": "1"}
    bad = _post(client, ada, f"/money/forecast/rows/{row_id}", status=422, **{**form, "count": "x"})
    assert _error_beside(bad.get_data(as_text=True), "f-edit-count")
    assert _api_row(client, ada, row_id)["amount"] == "-1200.00"

    _post(client, ada, f"/money/forecast/rows/{row_id}", **form)
    api = _api_row(client, ada, row_id)
    assert (api["amount"], api["recurrence"], api["day_of_month"]) == ("-1350.00", "monthly_day", 1)
    assert (api["amount_tolerance"], api["match_window_days"]) == ("0.00", 3)  # the form sent them

    stranger = user_factory()
    theirs = make_row(
        client,
        auth_headers(stranger),
        account_id=account(client, auth_headers(stranger), "B"),
        event_date="2027-04-01",
        amount="-1.00",
    )["id"]
    _page(client, f"/money/forecast/rows/{theirs}/edit", status=404)
    _post(client, ada, f"/money/forecast/rows/{theirs}", status=404, **form)
    _post(client, ada, f"/money/forecast/rows/{theirs}/delete", status=404)

    _post(client, ada, f"/money/forecast/rows/{row_id}/delete")
    assert count(session, MoneyScheduleRow, user_id=ada["user"].id) == 0
    assert count(session, MoneyScheduleRow, user_id=stranger.id) == 1


def test_the_view_days_floor_and_accounts(
    client: FlaskClient, ada: dict[str, Any], user_factory: Any, auth_headers: Any
) -> None:
    _add_row(client, ada)
    html = _page(client, "/money/forecast?days=30&floor=2,500")
    chart = _chart(html, "forecast-chart")
    assert len(chart["x"]) == 30 and chart["hlines"] == [{"y": "2500.00", "label": "Floor 2,500.00"}]
    want = projection(client, ada["headers"], "days=30&floor=2500")
    assert want["first_below_floor"]["date"] == "2027-03-31"
    assert "From Wed 31 Mar<" in html

    savings = account(client, ada["headers"], "Savings", "asset", "cash")
    only = _chart(_page(client, f"/money/forecast?days=30&account={savings}"), "forecast-chart")
    assert set(only["series"][0]["values"]) == {"0.00"}

    stranger = account(client, auth_headers(user_factory()), "Theirs", "asset", "bank")
    theirs = _page(client, f"/money/forecast?account={stranger}", status=422)
    assert "No account" in _error_beside_group(theirs, "v-accounts") and "Theirs" not in theirs

    bad = _page(client, "/money/forecast?days=9999&floor=lots", status=422)
    assert _error_beside(bad, "v-days") and _error_beside(bad, "v-floor")
    assert len(_chart(bad, "forecast-chart")["x"]) == 90  # the rest of the view still shows


def test_a_scenario_switched_on_shows_the_comparison(
    client: FlaskClient, ada: dict[str, Any], session: Any, user_factory: Any
) -> None:
    rent = _add_row(client, ada)
    _post(client, ada, "/money/forecast/scenarios", status=422, name="", description="")
    assert count(session, MoneyScheduleScenario, user_id=ada["user"].id) == 0
    made = _post(client, ada, "/money/forecast/scenarios", name="Rent goes up", description="From April")
    scenario_id = int(made.headers["Location"].rsplit("scenario-", 1)[1])

    _post(
        client,
        ada,
        f"/money/forecast/scenarios/{scenario_id}/change",
        op="change",
        base_row_id=str(rent),
        amount="-1,500.00",
    )
    gym = {
        **SENTENCE,
        "account_id": str(ada["bank"]),
        "amount": "-50",
        "memo": "gym",
        "on": "1",
        "event_date": "2027-04-01",
    }
    _post(client, ada, f"/money/forecast/scenarios/{scenario_id}/add", **gym)
    bad = _post(
        client,
        ada,
        f"/money/forecast/scenarios/{scenario_id}/change",
        status=422,
        op="change",
        base_row_id=str(rent),
    )
    assert _error_beside(bad.get_data(as_text=True), f"f-c{scenario_id}-amount")
    assert count(session, MoneyScheduleScenarioRow, scenario_id=scenario_id) == 2

    html = _page(client, f"/money/forecast?days=90&scenario={scenario_id}")
    want = client.get(f"{SCHEDULE}/compare?b={scenario_id}&days=90", headers=ada["headers"]).get_json()
    assert want["lowest_b"] == {"date": "2027-06-01", "balance": "-1650.00"}  # 3000 − 3 × 1500 − 3 × 50
    chart = _chart(html, "compare-chart")
    assert [s["label"] for s in chart["series"]] == ["Base", "Rent goes up"]
    assert chart["series"][1]["values"] == [d["b"] for d in want["series"]]
    assert [m["y"] for m in chart["markers"]] == [want["lowest_a"]["balance"], want["lowest_b"]["balance"]]
    difference = _chart(html, "difference-chart")
    assert difference["series"][0]["values"] == [d["difference"] for d in want["series"]]
    assert "Compared with “Rent goes up”" in html and "−1,650.00" in html
    # The schedule itself is untouched.
    assert _api_row(client, ada, rent)["amount"] == "-1200.00"

    ops = client.get(f"{SCHEDULE}/scenarios/{scenario_id}", headers=ada["headers"]).get_json()["rows"]
    _post(client, ada, f"/money/forecast/scenarios/{scenario_id}/rows/{ops[0]['id']}/delete")
    assert count(session, MoneyScheduleScenarioRow, scenario_id=scenario_id) == 1
    _page(client, "/money/forecast?scenario=999999", status=422)  # an unknown scenario: said, not a 500
    _post(client, ada, f"/money/forecast/scenarios/{scenario_id}/delete")
    assert count(session, MoneyScheduleScenario, user_id=ada["user"].id) == 0
    assert _api_row(client, ada, rent)["amount"] == "-1200.00"


def test_match_an_overdue_occurrence_by_hand_and_unmatch_it(client: FlaskClient, ada: dict[str, Any]) -> None:
    salary = account(client, ada["headers"], "Salary", "income", "salary")
    row = make_row(
        client,
        ada["headers"],
        account_id=ada["bank"],
        event_date="2027-03-05",
        amount="2500.00",
        memo="salary",
    )
    lines = []
    for on in ("2027-03-04", "2027-03-06"):  # two candidates: the matcher leaves it to the person
        posted = entry(
            client, ada["headers"], on, (ada["bank"], "debit", "2500.00"), (salary, "credit", "2500.00")
        )
        lines.append(next(ln["id"] for ln in posted.get_json()["lines"] if ln["account_id"] == ada["bank"]))
    html = _page(client)
    section = html[html.index('id="matching"') : html.index('id="schedule-rows"')]
    assert f'id="due-{row["id"]}-2027-03-05"' in section
    assert all(f'name="journal_line_id" value="{line}"' in section for line in lines)

    missing = _post(
        client,
        ada,
        "/money/forecast/matches",
        status=422,
        row_id=str(row["id"]),
        occurrence_date="2027-03-05",
    )
    error_id = f"due-{row['id']}-2027-03-05-error"
    assert re.search(rf'id="{error_id}">Field required', missing.get_data(as_text=True))

    _post(
        client,
        ada,
        "/money/forecast/matches",
        row_id=str(row["id"]),
        occurrence_date="2027-03-05",
        journal_line_id=str(lines[1]),
    )
    matches = client.get(f"{SCHEDULE}/matches?row_id={row['id']}", headers=ada["headers"]).get_json()["items"]
    assert [(m["journal_line_id"], m["status"], m["matched_by"]) for m in matches] == [
        (lines[1], "matched", "manual")
    ]
    html = _page(client)
    assert f'id="due-{row["id"]}-2027-03-05"' not in html and "Latest matches" in html

    again = _post(
        client,
        ada,
        "/money/forecast/matches",
        status=409,
        row_id=str(row["id"]),
        occurrence_date="2027-03-05",
        journal_line_id=str(lines[0]),
    )
    assert "already" in again.get_data(as_text=True)
    _post(client, ada, f"/money/forecast/matches/{matches[0]['id']}/delete")
    after = client.get(f"{SCHEDULE}/matches?row_id={row['id']}", headers=ada["headers"]).get_json()["items"]
    assert after[0]["status"] == "dismissed"
    assert f'id="due-{row["id"]}-2027-03-05"' in _page(client)  # it counts (and shows) again


def test_the_today_card_shows_cash_and_the_next_60_days(client: FlaskClient, ada: dict[str, Any]) -> None:
    _add_row(client, ada)
    html = _page(client, "/today")
    want = projection(client, ada["headers"], "days=60")
    chart = _chart(html, "today-forecast-chart")
    assert len(chart["x"]) == 60 and chart["series"][0]["values"] == [d["balance"] for d in want["series"]]
    assert chart["markers"][0]["y"] == want["lowest"]["balance"] == "600.00"
    assert "Cash today" in html and "3,000.00" in html
    assert re.search(r'data-low-point>Lowest <span class="num">600.00</span> on Fri 30 Apr<', html)


def test_a_post_keeps_the_view_it_came_from_and_never_leaves_the_page(
    client: FlaskClient, ada: dict[str, Any]
) -> None:
    view = "/money/forecast?days=30&floor=100"
    form = {**SENTENCE, "account_id": str(ada["bank"]), "amount": "ten", "next": view}
    html = _post(client, ada, "/money/forecast/rows", status=422, **form).get_data(as_text=True)
    assert len(_chart(html, "forecast-chart")["x"]) == 30  # the error page shows the same view
    assert f'name="next" value="{view.replace("&", "&amp;")}"' in html

    for target in (
        "https://evil.example/money/forecast",
        "//evil.example/x",
        "/money/accounts",
        "/money/forecast/rows",
    ):
        made = _post(client, ada, "/money/forecast/rows", **{**form, "amount": "-1", "next": target})
        assert made.headers["Location"].startswith("/money/forecast#row-"), (target, made.headers["Location"])
    row_id = int(made.headers["Location"].rsplit("row-", 1)[1])
    edit = _page(client, f"/money/forecast/rows/{row_id}/edit?next=javascript:alert(1)")
    assert "javascript:" not in edit and 'href="/money/forecast">Cancel' in edit


def test_another_persons_scenario_or_match_is_a_404(
    client: FlaskClient, ada: dict[str, Any], user_factory: Any, auth_headers: Any, session: Any
) -> None:
    stranger = auth_headers(user_factory())
    theirs = client.post(f"{SCHEDULE}/scenarios", json={"name": "Theirs"}, headers=stranger).get_json()["id"]
    form = {**SENTENCE, "account_id": str(ada["bank"])}
    _post(client, ada, f"/money/forecast/scenarios/{theirs}/add", status=404, **form)
    _post(client, ada, f"/money/forecast/scenarios/{theirs}/change", status=404, op="drop", base_row_id="1")
    _post(client, ada, f"/money/forecast/scenarios/{theirs}/delete", status=404)
    _post(client, ada, "/money/forecast/matches/999999/delete", status=404)
    assert count(session, MoneyScheduleScenarioRow, scenario_id=theirs) == 0
    assert "Theirs" not in _page(client)


def test_a_row_on_a_deactivated_account_stays_editable(client: FlaskClient, ada: dict[str, Any]) -> None:
    row_id = _add_row(client, ada)
    gone = client.post(f"/api/v1/finance/accounts/{ada['bank']}/deactivate", headers=ada["headers"])
    assert gone.status_code == 200, gone.get_json()
    edit = _page(client, f"/money/forecast/rows/{row_id}/edit")
    assert f'<option value="{ada["bank"]}" selected>Bank</option>' in edit  # still shown, by name
    form = {**SENTENCE, "account_id": str(ada["bank"]), "amount": "-1,250.00"}
    _post(client, ada, f"/money/forecast/rows/{row_id}", **form)
    assert _api_row(client, ada, row_id)["amount"] == "-1250.00"
    # Moving it to an inactive account is what the API refuses.
    other = account(client, ada["headers"], "Old", "asset", "cash")
    client.post(f"/api/v1/finance/accounts/{other}/deactivate", headers=ada["headers"])
    bad = _post(
        client, ada, f"/money/forecast/rows/{row_id}", status=422, **{**form, "account_id": str(other)}
    )
    assert "inactive" in _error_beside(bad.get_data(as_text=True), "f-edit-account")


def test_without_a_cash_account_the_page_and_the_card_say_what_to_do(
    client: FlaskClient, user_factory: Any
) -> None:
    user = user_factory(timezone="UTC")
    sign_in(client, user.email)
    assert "Add a bank or cash account to see where your cash is heading" in _page(client, "/today")
    html = _page(client)
    assert "No cash or bank account to project yet" in html and 'id="forecast-chart"' not in html


def test_with_nothing_scheduled_the_card_says_so_instead_of_a_flat_chart(
    client: FlaskClient, ada: dict[str, Any]
) -> None:
    html = _page(client, "/today")
    assert "Nothing scheduled in the next 60 days" in html and 'id="today-forecast-chart"' not in html
    assert "Cash today" in html and "3,000.00" in html


NASTY = ["\x00", "99999999999", "-", "w9", "%_\\"]  # NUL, out of range, a bare sign, odd codes


def test_hostile_form_values_never_answer_5xx(client: FlaskClient, ada: dict[str, Any]) -> None:
    row_id = _add_row(client, ada)
    scenario = client.post(f"{SCHEDULE}/scenarios", json={"name": "S"}, headers=ada["headers"]).get_json()[
        "id"
    ]
    good = {**SENTENCE, "account_id": str(ada["bank"])}
    forms = {
        "/money/forecast/rows": good,
        f"/money/forecast/scenarios/{scenario}/add": good,
        f"/money/forecast/scenarios/{scenario}/change": {
            "op": "change",
            "base_row_id": str(row_id),
            "amount": "-1",
        },
        "/money/forecast/scenarios": {"name": "Plan", "description": ""},
        "/money/forecast/matches": {
            "row_id": str(row_id),
            "occurrence_date": "2027-03-31",
            "journal_line_id": "1",
        },
    }
    for path, form in forms.items():
        for name in [*form, "next"]:
            for value in NASTY:
                data = {"csrf_token": ada["csrf"], **form, name: value}
                response = client.post(path, data=data, headers=HTML)
                assert response.status_code < 500, (path, name, value, response.get_data(as_text=True)[:300])
    for name in ("days", "floor", "scenario", "account"):
        for value in NASTY:
            response = client.get("/money/forecast", query_string={name: value}, headers=HTML)
            assert response.status_code in (200, 422), (name, value, response.status_code)
