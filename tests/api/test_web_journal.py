"""Journal pages through the Flask test client (both databases): the timeline, search with
highlighted matches, filters, writing and editing with a preview, on this day, the Today card."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lifeos.domains.journal.models import JournalEntry
from lifeos.platform.clock import today_in
from tests.api.test_web_session import HTML, sign_in
from tests.support.web import page_html as page


@pytest.fixture
def person(client: FlaskClient, user_factory: Any, auth_headers: Any) -> dict[str, Any]:
    user = user_factory(full_name="Ada Lovelace")
    return {"user": user, "headers": auth_headers(user), "csrf": sign_in(client, user.email)}


def write(client: FlaskClient, headers: dict[str, str], **fields: Any) -> int:
    response = client.post("/api/v1/journal/entries", json=fields, headers=headers)
    assert response.status_code == 201, response.get_json()
    return int(response.get_json()["id"])


def entries(session: Any, user_id: int) -> list[JournalEntry]:
    session.expire_all()
    return list(session.query(JournalEntry).filter_by(user_id=user_id).order_by(JournalEntry.id))


def test_writing_an_entry_through_the_form_is_the_entry_the_api_returns(
    client: FlaskClient, person: dict[str, Any], session: Any
) -> None:
    form = {
        "csrf_token": person["csrf"],
        "entry_date": "2026-03-14",
        "title": "  Pi   day ",
        "body": "A **long** walk by the river.\r\n\r\n- bread\r\n- tea",
        "mood": "3",
        "tags": "Walks, river, walks",
        "is_private": "1",
    }
    response = client.post("/journal/new", data=form, headers=HTML)
    assert response.status_code == 303, response.get_data(as_text=True)[:1000]
    entry_id = int(response.headers["Location"].rsplit("/", 1)[1])
    api = client.get(f"/api/v1/journal/entries/{entry_id}", headers=person["headers"]).get_json()
    assert api["title"] == "Pi day" and api["mood"] == 3 and api["tags"] == ["walks", "river"]
    assert api["body"] == "A **long** walk by the river.\n\n- bread\n- tea"
    html = page(client, response.headers["Location"])
    assert "<strong>long</strong>" in html and "<li>bread</li>" in html and "Mood +3 · good" in html
    assert "Saturday" not in html and "Sat 14 Mar" in html


def test_a_refused_entry_keeps_what_was_typed_and_names_the_field(
    client: FlaskClient, person: dict[str, Any], session: Any
) -> None:
    form = {
        "csrf_token": person["csrf"],
        "entry_date": "2026-03-14",
        "title": "",
        "body": "   ",
        "tags": "ok, " + "x" * 40,
        "mood": "",
    }
    response = client.post("/journal/new", data=form, headers=HTML)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    tags = re.search(r'<input id="f-tags" name="tags" type="text" value="([^"]*)"([^>]*)>', html)
    assert tags and tags.group(1).startswith("ok, xxx") and 'aria-invalid="true"' in tags.group(2)
    assert 'id="f-tags-error"' in html and "at most 32 characters" in html
    assert entries(session, person["user"].id) == []
    empty = client.post("/journal/new", data={**form, "tags": "", "entry_date": "2026-03-14"}, headers=HTML)
    assert empty.status_code == 422 and 'id="f-body-error"' in empty.get_data(as_text=True)
    bad_day = client.post(
        "/journal/new", data={**form, "body": "hi", "entry_date": "2026-02-30"}, headers=HTML
    )
    assert bad_day.status_code == 422 and 'id="f-entry_date-error"' in bad_day.get_data(as_text=True)
    assert entries(session, person["user"].id) == []


def test_search_highlights_matches_and_filters_narrow_the_timeline(
    client: FlaskClient, person: dict[str, Any]
) -> None:
    h = person["headers"]
    write(
        client,
        h,
        title="River",
        body="Walked along the river at dawn.",
        mood=4,
        tags=["walks"],
        entry_date="2026-05-01",
    )
    write(client, h, title="Office", body="Long meeting with <b>Alice</b>.", mood=-2, entry_date="2026-05-02")
    write(client, h, title="Quiet", body="Nothing much.", entry_date="2026-05-03")
    html = page(client, "/journal")
    assert html.index("Quiet") < html.index("Office") < html.index("River")  # newest first
    found = page(client, "/journal?q=river")
    assert "<mark>river</mark>" in found and "Office" not in found and "Quiet" not in found
    tagged_text = page(client, "/journal?q=alice")
    assert (
        "&lt;b&gt;<mark>Alice</mark>&lt;/b&gt;" in tagged_text and "<b>Alice" not in tagged_text
    )  # text, never markup
    moods = page(client, "/journal?mood_min=0")
    assert "River" in moods and "Office" not in moods and "Quiet" not in moods
    tagged = page(client, "/journal?tag=WALKS")
    assert "River" in tagged and "Office" not in tagged
    dated = page(client, "/journal?from=2026-05-02&to=2026-05-02")
    assert "Office" in dated and "River" not in dated
    bad = page(client, "/journal?from=2026-05-03&to=2026-05-01", 422)
    assert 'id="f-from-error"' in bad
    assert 'id="f-mood_min-error"' in page(client, "/journal?mood_min=9", 422)
    assert page(client, "/journal?cursor=forged", 422).count("<h1") == 1


def test_the_timeline_pages_with_a_cursor(client: FlaskClient, person: dict[str, Any]) -> None:
    for i in range(22):
        write(
            client,
            person["headers"],
            title=f"Day {i:02d}",
            entry_date=(date(2026, 1, 1) + timedelta(days=i)).isoformat(),
        )
    first = page(client, "/journal")
    assert "Day 21" in first and "Day 01" not in first
    older = re.search(r'href="(/journal\?cursor=[^"]+)">Older entries', first)
    assert older
    second = page(client, older.group(1).replace("&amp;", "&"))
    assert "Day 01" in second and "Day 00" in second and "Day 21" not in second


def test_editing_an_entry_and_the_preview(client: FlaskClient, person: dict[str, Any]) -> None:
    entry_id = write(client, person["headers"], title="Draft", body="first", entry_date="2026-04-01")
    form_html = page(client, f"/journal/{entry_id}/edit")
    assert 'value="Draft"' in form_html and ">first</textarea>" in form_html
    preview = client.post(
        "/journal/preview",
        data={"body": "# Hi\n<img src=x onerror=alert(1)>"},
        headers={**HTML, "X-CSRF-Token": person["csrf"]},
    )
    assert preview.status_code == 200
    text = preview.get_data(as_text=True)
    assert "<h1>Hi</h1>" in text and "<img" not in text and "&lt;img" in text
    # The no-JavaScript Preview button re-renders the form with the preview, saving nothing.
    shown = client.post(
        f"/journal/{entry_id}/edit",
        data={
            "csrf_token": person["csrf"],
            "title": "Draft",
            "body": "*new*",
            "preview": "1",
            "entry_date": "2026-04-01",
        },
        headers=HTML,
    )
    assert shown.status_code == 200 and "<em>new</em>" in shown.get_data(as_text=True)
    saved = client.post(
        f"/journal/{entry_id}/edit",
        data={
            "csrf_token": person["csrf"],
            "title": "Final",
            "body": "done",
            "mood": "-1",
            "tags": "",
            "entry_date": "2026-04-02",
        },
        headers=HTML,
    )
    assert saved.status_code == 303
    api = client.get(f"/api/v1/journal/entries/{entry_id}", headers=person["headers"]).get_json()
    assert (api["title"], api["body"], api["mood"], api["entry_date"]) == ("Final", "done", -1, "2026-04-02")
    assert api["is_private"] is False  # the unticked box
    gone = client.post(f"/journal/{entry_id}/delete", data={"csrf_token": person["csrf"]}, headers=HTML)
    assert gone.status_code == 303
    assert client.get(f"/api/v1/journal/entries/{entry_id}", headers=person["headers"]).status_code == 404


def test_other_people_entries_are_not_found_and_writes_need_the_csrf_token(
    client: FlaskClient, person: dict[str, Any], user_factory: Any, auth_headers: Any
) -> None:
    other = user_factory()
    theirs = write(client, auth_headers(other), title="Secret", entry_date="2026-01-01")
    assert "Secret" not in page(client, f"/journal/{theirs}", 404)
    page(client, f"/journal/{theirs}/edit", 404)
    refused = client.post(f"/journal/{theirs}/delete", data={"csrf_token": person["csrf"]}, headers=HTML)
    assert refused.status_code == 404
    no_token = client.post("/journal/new", data={"title": "x", "entry_date": "2026-01-01"}, headers=HTML)
    assert no_token.status_code == 403
    assert "Secret" not in page(client, "/journal?q=secret")


def test_on_this_day_and_the_today_card(client: FlaskClient, person: dict[str, Any]) -> None:
    today = today_in(person["user"].timezone)
    last_year = (
        today.replace(year=today.year - 1)
        if (today.month, today.day) != (2, 29)
        else today - timedelta(days=366)
    )
    write(client, person["headers"], title="A year ago", body="x", entry_date=last_year.isoformat())
    write(
        client,
        person["headers"],
        title="Older mood",
        mood=-4,
        entry_date=(today - timedelta(days=3)).isoformat(),
    )
    write(client, person["headers"], title="Fresh", mood=2, entry_date=today.isoformat())
    timeline = page(client, "/journal")
    assert "On this day" in timeline and "1 year ago" in timeline
    card = page(client, "/today")
    assert "Latest mood" in card and "+2 · good" in card and "A year ago" in card
    assert 'href="/journal/new"' in card and "You wrote today" in card


HOSTILE = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "6",
        "1e309",
        "NaN",
        "abc",
        "2026-02-30",
        "9999-12-31",
        "1899-12-31",
        "\x00",
        "x" * 300,
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_hostile_form_and_query_values_never_give_a_5xx(
    client: FlaskClient, person: dict[str, Any], data: st.DataObject
) -> None:
    fields = ("title", "body", "mood", "tags", "entry_date", "q", "from", "to", "mood_min", "mood_max", "tag")
    values = {f: data.draw(HOSTILE) for f in fields if data.draw(st.booleans())}
    assert client.get("/journal", query_string=values, headers=HTML).status_code < 500
    posted = client.post("/journal/new", data={**values, "csrf_token": person["csrf"]}, headers=HTML)
    assert posted.status_code in (303, 422), posted.get_data(as_text=True)[:500]
    preview = client.post("/journal/preview", data={**values, "csrf_token": person["csrf"]}, headers=HTML)
    unstorable = any(
        "\x00" in value or any(0xD800 <= ord(c) <= 0xDFFF for c in value) for value in values.values()
    )
    assert preview.status_code == (422 if unstorable else 200)  # the page guard refuses NUL first
