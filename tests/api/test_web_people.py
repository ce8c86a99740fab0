"""People pages and their Today cards through the Flask test client (both databases).

The pages call the relationships services the JSON API calls: a person or interaction made
through a form is what the API returns; "Log call" in place answers the htmx fragment without
the person; a 422 is shown beside its field; another person's people are never shown.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from lifeos.domains.relationships.models import Interaction, Person
from tests.api.finance_support import count
from tests.api.test_web_session import HTML
from tests.support.web import page_html as _page
from tests.support.web import person_signed_in

HTMX = {**HTML, "HX-Request": "true"}


@pytest.fixture
def signed_in(client: FlaskClient, user_factory: Any, auth_headers: Any) -> dict[str, Any]:
    return person_signed_in(client, user_factory, auth_headers, timezone="UTC")


def _person(client: FlaskClient, headers: dict[str, str], name: str, **extra: Any) -> int:
    response = client.post("/api/v1/relationships/people", json={"name": name, **extra}, headers=headers)
    assert response.status_code == 201, response.get_json()
    return int(response.get_json()["id"])


def _reconnect_names(client: FlaskClient, headers: dict[str, str]) -> list[str]:
    items = client.get("/api/v1/relationships/reconnect", headers=headers).get_json()["items"]
    return [item["name"] for item in items]


def _section(html: str, marker: str) -> str:
    part = html[html.index(marker) :]
    return part[: part.index("</section>")]


def test_a_person_added_through_the_form_is_the_apis(client: FlaskClient, signed_in: dict[str, Any]) -> None:
    assert "No people yet" in _page(client, "/people")
    form = {
        "csrf_token": signed_in["csrf"],
        "name": "Grace Hopper",
        "relationship_type": "friend",
        "cadence_days": "30",
        "importance": "5",
        "birthday_month": "12",
        "birthday_day": "9",
        "birthday_year": "1906",
        "tags": "navy, COBOL, ",
        "notes": "navy",
    }
    made = client.post("/people", data=form, headers=HTML)
    assert made.status_code == 303
    person_id = int(made.headers["Location"].rsplit("/", 1)[1])
    api = client.get(f"/api/v1/relationships/people/{person_id}", headers=signed_in["headers"]).get_json()
    assert (api["name"], api["cadence_days"], api["importance"], api["birthday"], api["notes"]) == (
        "Grace Hopper",
        30,
        5,
        {"month": 12, "day": 9, "year": 1906},
        "navy",
    )
    assert api["tags"] == ["navy", "COBOL"]
    html = _page(client, f"/people/{person_id}")
    assert "every 30 days" in html and "navy, COBOL" in html
    assert (
        "friend · navy · COBOL" in _page(client, "/people") and "9 December 1906" in html and "Never" in html
    )

    taken = client.post("/people", data=form, headers=HTML)
    assert taken.status_code == 409 and 'id="f-person-name-error"' in taken.get_data(as_text=True)
    bad = client.post(
        "/people",
        data={**form, "name": "Leap", "birthday_month": "2", "birthday_day": "29", "birthday_year": "2023"},
        headers=HTML,
    )
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert 'id="f-birthday-year-error"' in html and "not a leap year" in html and 'value="Leap"' in html
    half = client.post("/people", data={**form, "name": "Half", "birthday_day": "", "birthday_year": ""})
    assert half.status_code == 422 and 'id="f-birthday-day-error"' in half.get_data(as_text=True)
    long_tag = client.post("/people", data={**form, "name": "Tagged", "tags": "ok, " + "x" * 33})
    assert long_tag.status_code == 422 and 'id="f-person-tags-error"' in long_tag.get_data(as_text=True)
    cadence = client.post("/people", data={**form, "name": "Often", "cadence_days": "often"})
    assert cadence.status_code == 422 and 'id="f-person-cadence-error"' in cadence.get_data(as_text=True)


def test_log_call_in_place_takes_the_person_off_the_reconnect_list(
    client: FlaskClient, signed_in: dict[str, Any], session: Any
) -> None:
    headers, csrf = signed_in["headers"], signed_in["csrf"]
    grace = _person(client, headers, "Grace", cadence_days=14)
    alan = _person(client, headers, "Alan", cadence_days=7)
    _person(client, headers, "No reminder")
    assert _reconnect_names(client, headers) == ["Alan", "Grace"]
    html = _page(client, "/people")
    listed = _section(html, 'id="reconnect-card"')
    assert (
        "Grace" in listed and "Alan" in listed and "No reminder" not in listed and "Never contacted" in listed
    )

    fragment = client.post(
        f"/people/{grace}/interactions",
        data={"csrf_token": csrf, "how": "call", "from": "reconnect"},
        headers=HTMX,
    )
    assert fragment.status_code == 200
    text = fragment.get_data(as_text=True)
    assert text.lstrip().startswith('<div id="reconnect"') and "<html" not in text
    assert "Logged a call with Grace." in text and ">Grace</a>" not in text and ">Alan</a>" in text
    assert _reconnect_names(client, headers) == ["Alan"]
    calls = client.get(f"/api/v1/relationships/people/{grace}/interactions", headers=headers).get_json()[
        "items"
    ]
    assert [(c["method"], c["date"]) for c in calls] == [("call", date.today().isoformat())]

    plain = client.post(
        f"/people/{alan}/interactions", data={"csrf_token": csrf, "how": "call", "from": "reconnect"}
    )
    assert plain.status_code == 303 and plain.headers["Location"] == "/people#reconnect"
    assert _reconnect_names(client, headers) == []
    assert count(session, Interaction, user_id=signed_in["user"].id) == 2


def test_the_person_page_logs_any_interaction_and_keeps_a_refused_form(
    client: FlaskClient, signed_in: dict[str, Any], session: Any
) -> None:
    headers, csrf = signed_in["headers"], signed_in["csrf"]
    person_id = _person(client, headers, "Margaret")
    form = {"csrf_token": csrf, "from": "person", "date": "2026-11-20", "how": "meeting", "sentiment": "2"}
    logged = client.post(f"/people/{person_id}/interactions", data={**form, "notes": "lunch"}, headers=HTML)
    assert logged.status_code == 303 and logged.headers["Location"] == f"/people/{person_id}"
    html = _page(client, logged.headers["Location"])
    assert "Logged a meeting with Margaret." in html and "lunch" in html and "very good" in html

    bad = client.post(
        f"/people/{person_id}/interactions", data={**form, "date": "2026-02-30", "notes": "kept"}
    )
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert 'id="f-interaction-date-error"' in html and ">kept</textarea>" in html
    odd = client.post(f"/people/{person_id}/interactions", data={**form, "how": "pigeon"})
    assert odd.status_code == 422 and re.search(
        r'<select id="f-interaction-method"[^>]*aria-invalid', odd.get_data(as_text=True)
    )
    assert count(session, Interaction, user_id=signed_in["user"].id) == 1


def test_today_shows_people_to_reconnect_with_and_birthdays_this_week(
    client: FlaskClient, signed_in: dict[str, Any], user_factory: Any, auth_headers: Any
) -> None:
    headers, csrf = signed_in["headers"], signed_in["csrf"]
    soon = date.today() + timedelta(days=3)
    later = date.today() + timedelta(days=20)
    _person(client, headers, "Ada's friend", cadence_days=10)
    _person(client, headers, "Birthday soon", birthday={"month": soon.month, "day": soon.day, "year": 1990})
    _person(client, headers, "Birthday later", birthday={"month": later.month, "day": later.day})
    other = user_factory()
    _person(client, auth_headers(other), "Their friend", cadence_days=1)

    html = _page(client, "/today")
    people_card = _section(html, 'id="today-people"')
    birthdays = _section(html, 'id="birthdays-card-heading"')
    assert "Ada&#39;s friend" in people_card and "Log call" in people_card
    assert "Birthday soon" in birthdays and f"turns {soon.year - 1990}" in birthdays
    assert "Birthday later" not in birthdays and "Their friend" not in html
    assert "Birthday later" in _section(_page(client, "/people"), "Birthdays in the next 30 days")

    person_id = _person(client, headers, "Second", cadence_days=5)
    fragment = client.post(
        f"/people/{person_id}/interactions",
        data={"csrf_token": csrf, "how": "call", "from": "today"},
        headers=HTMX,
    ).get_data(as_text=True)
    assert fragment.lstrip().startswith('<section class="card" id="today-people"')
    assert "Logged a call with Second." in fragment and ">Second</a>" not in fragment


def test_another_persons_people_are_out_of_reach(
    client: FlaskClient, signed_in: dict[str, Any], user_factory: Any, auth_headers: Any, session: Any
) -> None:
    other = user_factory()
    theirs = _person(client, auth_headers(other), "Hidden Person", cadence_days=3)
    assert "Hidden Person" not in _page(client, "/people")
    _page(client, f"/people/{theirs}", 404)
    response = client.post(
        f"/people/{theirs}/interactions",
        data={"csrf_token": signed_in["csrf"], "from": "reconnect"},
        headers=HTML,
    )
    assert response.status_code == 404
    assert client.post(f"/people/{theirs}/interactions", data={"how": "call"}).status_code == 403
    assert count(session, Interaction, user_id=other.id) == 0
    assert count(session, Person, user_id=signed_in["user"].id) == 0


def test_a_person_is_edited_through_the_form_and_blanks_clear(
    client: FlaskClient, signed_in: dict[str, Any]
) -> None:
    headers, csrf = signed_in["headers"], signed_in["csrf"]
    person_id = _person(
        client, headers, "Ada B", cadence_days=30, importance=3, tags=["old"], birthday={"month": 5, "day": 1}
    )
    _person(client, headers, "Taken Name")
    html = _page(client, f"/people/{person_id}")
    assert 'id="f-person-cadence" name="cadence_days" type="text" value="30"' in html
    assert '<option value="5" selected>May</option>' in html and 'value="old"' in html
    form = {
        "csrf_token": csrf,
        "name": "Ada Byron",
        "relationship_type": "",
        "importance": "",
        "cadence_days": "10",
        "birthday_month": "",
        "birthday_day": "",
        "birthday_year": "",
        "tags": "new, newer",
        "notes": "",
    }
    saved = client.post(f"/people/{person_id}/edit", data=form, headers=HTML)
    assert saved.status_code == 303 and saved.headers["Location"] == f"/people/{person_id}"
    api = client.get(f"/api/v1/relationships/people/{person_id}", headers=headers).get_json()
    assert (api["name"], api["cadence_days"], api["importance"], api["birthday"], api["tags"]) == (
        "Ada Byron",
        10,
        None,
        None,
        ["new", "newer"],
    )
    taken = client.post(f"/people/{person_id}/edit", data={**form, "name": "Taken Name"}, headers=HTML)
    assert taken.status_code == 409
    html = taken.get_data(as_text=True)
    assert (
        'id="f-person-name-error"' in html
        and 'id="edit-person" open' in html
        and 'value="Taken Name"' in html
    )
    blank = client.post(f"/people/{person_id}/edit", data={**form, "name": ""}, headers=HTML)
    assert blank.status_code == 422 and 'id="f-person-name-error"' in blank.get_data(as_text=True)
    assert (
        client.get(f"/api/v1/relationships/people/{person_id}", headers=headers).get_json()["name"]
        == "Ada Byron"
    )


def test_snooze_takes_a_person_off_the_reconnect_list_for_a_week(
    client: FlaskClient, signed_in: dict[str, Any], user_factory: Any, auth_headers: Any
) -> None:
    headers, csrf = signed_in["headers"], signed_in["csrf"]
    person_id = _person(client, headers, "Busy Friend", cadence_days=3)
    fragment = client.post(f"/people/{person_id}/snooze", data={"csrf_token": csrf}, headers=HTMX)
    assert fragment.status_code == 200
    text = fragment.get_data(as_text=True)
    assert text.lstrip().startswith('<div id="reconnect"') and "Busy Friend is off the list until" in text
    assert ">Busy Friend</a>" not in text
    api = client.get(f"/api/v1/relationships/people/{person_id}", headers=headers).get_json()
    assert api["snoozed_until"] == (date.today() + timedelta(days=7)).isoformat()
    assert _reconnect_names(client, headers) == []
    theirs = _person(client, auth_headers(user_factory()), "Not yours", cadence_days=3)
    assert client.post(f"/people/{theirs}/snooze", data={"csrf_token": csrf}, headers=HTML).status_code == 404
