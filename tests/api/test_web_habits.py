"""Habit pages through the Flask test client (both databases): ticks in place (htmx fragment and
the no-JavaScript form), the streak after a tick, the year heatmap, create/edit/pause/archive,
errors beside their field, other people's habits, the Today card."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lifeos.domains.habits.models import Habit, HabitLog
from lifeos.platform.clock import today_in
from tests.api.test_web_session import HTML, sign_in
from tests.support.web import page_html as page

HX = {**HTML, "HX-Request": "true"}


@pytest.fixture
def person(client: FlaskClient, user_factory: Any, auth_headers: Any) -> dict[str, Any]:
    user = user_factory(full_name="Ada Lovelace")
    return {
        "user": user,
        "headers": auth_headers(user),
        "csrf": sign_in(client, user.email),
        "today": today_in(user.timezone),
    }


def habit(client: FlaskClient, headers: dict[str, str], **fields: Any) -> int:
    response = client.post("/api/v1/habits", json=fields, headers=headers)
    assert response.status_code == 201, response.get_json()
    return int(response.get_json()["id"])


def log(client: FlaskClient, headers: dict[str, str], habit_id: int, day: Any, **body: Any) -> None:
    response = client.put(f"/api/v1/habits/{habit_id}/logs/{day.isoformat()}", json=body, headers=headers)
    assert response.status_code in (200, 201), response.get_json()


def streak_of(html: str, habit_id: int) -> int:
    row = re.search(rf'<li class="tick-row[^"]*" id="tick-row-{habit_id}">(.*?)</li>', html, re.S)
    assert row, html[:2000]
    found = re.search(r'data-streak="(\d+)"', row.group(1))
    assert found
    return int(found.group(1))


def test_ticking_in_place_returns_the_row_with_the_new_streak(
    client: FlaskClient, person: dict[str, Any]
) -> None:
    h, today = person["headers"], person["today"]
    read = habit(client, h, name="Read")
    for days_ago in (1, 2, 3):
        log(client, h, read, today - timedelta(days=days_ago))
    html = page(client, "/habits")
    assert streak_of(html, read) == 3 and "4 once done" in html
    assert f'id="tick-{read}"' in html and 'aria-pressed="false"' in html
    ticked = client.post(f"/habits/{read}/tick", data={"csrf_token": person["csrf"]}, headers=HX)
    assert ticked.status_code == 200
    fragment = ticked.get_data(as_text=True)
    assert fragment.lstrip().startswith(f'<li class="tick-row is-done" id="tick-row-{read}">')
    assert streak_of(fragment, read) == 4 and 'aria-pressed="true"' in fragment and "<html" not in fragment
    api = client.get(f"/api/v1/habits/{read}/stats", headers=h).get_json()
    assert api["current_streak"] == 4 and api["done_today"] is True
    # Unticking (a tick by mistake) puts the streak back.
    unticked = client.post(f"/habits/{read}/untick", data={"csrf_token": person["csrf"]}, headers=HX)
    assert streak_of(unticked.get_data(as_text=True), read) == 3
    # Without JavaScript the form posts and comes back to the page it was on.
    plain = client.post(
        f"/habits/{read}/tick", data={"csrf_token": person["csrf"], "next": "/today"}, headers=HTML
    )
    assert plain.status_code == 303 and plain.headers["Location"] == "/today"
    assert streak_of(page(client, "/today"), read) == 4


def test_a_numeric_habit_logs_its_value_and_a_bad_value_is_shown_in_the_row(
    client: FlaskClient, person: dict[str, Any], session: Any
) -> None:
    water = habit(client, person["headers"], name="Water", kind="numeric", target_value=8, unit="glasses")
    html = page(client, "/habits")
    assert f'id="tick-value-{water}"' in html and "At least 8 glasses" in html.replace("Every day · at", "At")
    bad = client.post(
        f"/habits/{water}/tick", data={"csrf_token": person["csrf"], "value": "lots"}, headers=HX
    )
    text = bad.get_data(as_text=True)
    assert bad.status_code == 200 and 'role="alert"' in text and 'aria-invalid="true"' in text
    assert session.query(HabitLog).filter_by(habit_id=water).count() == 0
    good = client.post(f"/habits/{water}/tick", data={"csrf_token": person["csrf"], "value": "8"}, headers=HX)
    assert 'class="tick-row is-done"' in good.get_data(as_text=True)
    values = client.get(f"/api/v1/habits/{water}/logs", headers=person["headers"]).get_json()["items"]
    assert [v["value"] for v in values] == [8.0]


def test_the_heatmap_shows_a_year_with_titles_and_a_summary(
    client: FlaskClient, person: dict[str, Any]
) -> None:
    h, today = person["headers"], person["today"]
    walk = habit(client, h, name="Walk")
    for days_ago in (3, 4, 10):
        log(client, h, walk, today - timedelta(days=days_ago))
    client.put(f"/api/v1/habits/{walk}/skips/{(today - timedelta(days=5)).isoformat()}", json={}, headers=h)
    html = page(client, "/habits")
    card = html[html.index(f'id="habit-{walk}"') :]
    done_day = today - timedelta(days=3)
    title = f"{done_day:%a} {done_day.day} {done_day:%b} {done_day.year}: done"
    assert f'class="hm hm-done" title="{title}"' in card
    assert card.count("hm hm-done") == 3 + 1  # three days, plus the legend
    assert "hm hm-skipped" in card
    # The habit was created today: only today counts; the logs before it count too.
    assert re.search(r"Done 3 of \d+ due days in the last year, 1 skipped\.", card)
    assert card.count('class="hm-week"') == 53


def test_creating_editing_pausing_and_archiving_a_habit(
    client: FlaskClient, person: dict[str, Any], session: Any
) -> None:
    csrf = person["csrf"]
    form = {
        "csrf_token": csrf,
        "name": "Gym",
        "schedule_type": "weekdays",
        "schedule_days": ["1", "3", "5"],
        "kind": "boolean",
        "times_per_week": "4",  # ignored: not this schedule
    }
    created = client.post("/habits/new", data=form, headers=HTML)
    assert created.status_code == 303, created.get_data(as_text=True)[:2000]
    gym = session.query(Habit).filter_by(user_id=person["user"].id, name="Gym").one()
    api = client.get(f"/api/v1/habits/{gym.id}", headers=person["headers"]).get_json()
    assert (
        api["schedule_type"] == "weekdays"
        and api["schedule_days"] == [1, 3, 5]
        and api["times_per_week"] is None
    )
    assert "Mon, Wed, Fri" in page(client, "/habits")
    edit = page(client, f"/habits/{gym.id}/edit")
    assert 'value="Gym"' in edit and re.search(r'value="3" checked', edit)
    taken = habit(client, person["headers"], name="Swim")
    assert taken
    clash = client.post(f"/habits/{gym.id}/edit", data={**form, "name": "Swim"}, headers=HTML)
    assert clash.status_code == 409 and 'id="f-name-error"' in clash.get_data(as_text=True)
    weekly = client.post(
        f"/habits/{gym.id}/edit",
        data={**form, "schedule_type": "times_per_week", "times_per_week": "3"},
        headers=HTML,
    )
    assert weekly.status_code == 303
    api = client.get(f"/api/v1/habits/{gym.id}", headers=person["headers"]).get_json()
    assert (
        api["schedule_type"] == "times_per_week"
        and api["times_per_week"] == 3
        and api["schedule_days"] is None
    )
    assert client.post(f"/habits/{gym.id}/pause", data={"csrf_token": csrf}, headers=HTML).status_code == 303
    assert "paused" in page(client, "/habits")
    assert (
        client.post(f"/habits/{gym.id}/archive", data={"csrf_token": csrf}, headers=HTML).status_code == 303
    )
    html = page(client, "/habits")
    assert "Archived habits (1)" in html and f'id="habit-{gym.id}"' not in html
    assert (
        client.post(f"/habits/{gym.id}/restore", data={"csrf_token": csrf}, headers=HTML).status_code == 303
    )
    assert f'id="habit-{gym.id}"' in page(client, "/habits")


def test_a_refused_habit_keeps_the_form_and_names_the_field(
    client: FlaskClient, person: dict[str, Any], session: Any
) -> None:
    form = {
        "csrf_token": person["csrf"],
        "name": "Pages",
        "schedule_type": "daily",
        "kind": "numeric",
        "target_value": "",
    }
    response = client.post("/habits/new", data=form, headers=HTML)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="f-target_value-error"' in html and 'value="Pages"' in html
    weekly = client.post(
        "/habits/new",
        data={**form, "kind": "boolean", "schedule_type": "times_per_week", "times_per_week": "9"},
        headers=HTML,
    )
    assert weekly.status_code == 422 and 'id="f-times_per_week-error"' in weekly.get_data(as_text=True)
    assert session.query(Habit).filter_by(user_id=person["user"].id).count() == 0


def test_other_people_habits_are_not_found(
    client: FlaskClient, person: dict[str, Any], user_factory: Any, auth_headers: Any
) -> None:
    theirs = habit(client, auth_headers(user_factory()), name="Secret habit")
    assert "Secret habit" not in page(client, "/habits")
    assert (
        client.post(f"/habits/{theirs}/tick", data={"csrf_token": person["csrf"]}, headers=HX).status_code
        == 404
    )
    assert (
        client.post(
            f"/habits/{theirs}/archive", data={"csrf_token": person["csrf"]}, headers=HTML
        ).status_code
        == 404
    )
    page(client, f"/habits/{theirs}/edit", 404)
    mine = habit(client, person["headers"], name="Mine")
    assert client.post(f"/habits/{mine}/tick", data={}, headers=HX).status_code == 403  # no CSRF token


def test_the_today_card_lists_habits_due_with_their_ticks(
    client: FlaskClient, person: dict[str, Any]
) -> None:
    read = habit(client, person["headers"], name="Read")
    other_day = (person["today"].isoweekday() % 7) + 1
    habit(client, person["headers"], name="Not today", schedule_type="weekdays", schedule_days=[other_day])
    html = page(client, "/today")
    card = html[html.index('id="habits-card-heading"') :]
    assert f'id="tick-{read}"' in card and "Not today" not in card and 'name="next" value="/today"' in card


HOSTILE = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "8",
        "3",
        "1e309",
        "NaN",
        "abc",
        "99999999999",
        "weekdays",
        "numeric",
        "\x00",
        "x" * 300,
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_hostile_form_values_never_give_a_5xx(
    client: FlaskClient, person: dict[str, Any], data: st.DataObject
) -> None:
    fields = (
        "name",
        "description",
        "schedule_type",
        "times_per_week",
        "kind",
        "target_value",
        "target_direction",
        "unit",
    )
    values: dict[str, Any] = {f: data.draw(HOSTILE) for f in fields if data.draw(st.booleans())}
    values["schedule_days"] = data.draw(st.lists(HOSTILE, max_size=3))
    created = client.post("/habits/new", data={**values, "csrf_token": person["csrf"]}, headers=HTML)
    assert created.status_code in (303, 409, 422), created.get_data(as_text=True)[:500]
    mine = client.get("/api/v1/habits?active=all", headers=person["headers"]).get_json()["items"]
    if mine:
        habit_id = mine[0]["id"]
        edited = client.post(
            f"/habits/{habit_id}/edit", data={**values, "csrf_token": person["csrf"]}, headers=HTML
        )
        assert edited.status_code in (303, 409, 422), edited.get_data(as_text=True)[:500]
        value = {"value": data.draw(HOSTILE), "csrf_token": person["csrf"]}
        assert client.post(f"/habits/{habit_id}/tick", data=value, headers=HX).status_code < 500
