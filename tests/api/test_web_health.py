"""The Health page through the Flask test client (both databases): a day's biometrics (upsert,
pre-filled), the weight chart with its 7-day average and its table, workouts and meals,
errors beside their field, other people's rows."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lifeos.domains.health.models import Biometric, NutritionLog, Workout
from lifeos.platform.clock import today_in
from tests.api.test_web_session import HTML, sign_in
from tests.support.web import page_html as page


@pytest.fixture
def person(client: FlaskClient, user_factory: Any, auth_headers: Any) -> dict[str, Any]:
    user = user_factory(full_name="Ada Lovelace")
    return {
        "user": user,
        "headers": auth_headers(user),
        "csrf": sign_in(client, user.email),
        "today": today_in(user.timezone),
    }


def chart_spec(html: str) -> dict[str, Any]:
    found = re.search(r'<figure class="chart" id="weight-chart".*?data-chart-data>(.*?)</script>', html, re.S)
    assert found, "no weight chart on the page"
    return dict(json.loads(found.group(1)))


def test_logging_a_weight_draws_it_with_its_seven_day_average(
    client: FlaskClient, person: dict[str, Any], session: Any
) -> None:
    today, h = person["today"], person["headers"]
    html = page(client, "/health/")
    assert "No weigh-ins in this period" in html and 'id="weight-chart"' not in html
    for days_ago, kg in ((8, "80.00"), (2, "78.00")):
        day = (today - timedelta(days=days_ago)).isoformat()
        assert (
            client.put(f"/api/v1/health/biometrics/{day}", json={"weight": kg}, headers=h).status_code == 201
        )
    form = {
        "csrf_token": person["csrf"],
        "date": today.isoformat(),
        "weight": "76,5",
        "sleep_hours": "7.25",
        "energy": "4",
    }
    response = client.post("/health/biometrics", data=form, headers=HTML)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    html = page(client, response.headers["Location"])
    spec = chart_spec(html)
    assert spec["x"][-3:] == [(today - timedelta(days=d)).isoformat() for d in (8, 2, 0)]
    weights, averages = spec["series"][0]["values"], spec["series"][1]["values"]
    assert weights[-3:] == ["80.00", "78.00", "76.50"]
    # 7-day average: the weigh-ins of the 7 days ending on each day (8 days ago is outside today's window).
    assert averages[-3:] == ["80.00", "79.00", "77.25"]
    assert "77.3 kg" in html and "76.5 kg" in html  # the table under the chart, one decimal
    record = client.get(f"/api/v1/health/biometrics?from={today}&to={today}", headers=h).get_json()["items"][
        0
    ]
    assert (record["weight"], record["sleep_hours"], record["energy"]) == ("76.50", "7.25", 4)
    # The form shows the day's record; saving again replaces it as a whole (one row per day).
    assert 'id="bio-weight" name="weight" type="text" value="76.50"' in html
    again = client.post("/health/biometrics", data={**form, "weight": "76.00", "energy": ""}, headers=HTML)
    assert again.status_code == 303
    session.expire_all()
    rows = session.query(Biometric).filter_by(user_id=person["user"].id, date=today).all()
    assert len(rows) == 1 and rows[0].weight == Decimal("76.00") and rows[0].energy_level is None


def test_refused_values_are_shown_beside_their_field_and_nothing_is_written(
    client: FlaskClient, person: dict[str, Any], session: Any
) -> None:
    today = person["today"].isoformat()
    response = client.post(
        "/health/biometrics",
        data={"csrf_token": person["csrf"], "date": today, "weight": "5000", "resting_hr": "abc"},
        headers=HTML,
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="bio-weight-error"' in html and 'id="bio-hr-error"' in html and 'value="5000"' in html
    empty = client.post(
        "/health/biometrics", data={"csrf_token": person["csrf"], "date": today}, headers=HTML
    )
    assert empty.status_code == 422 and "at least one measurement" in empty.get_data(as_text=True)
    bad_day = client.post(
        "/health/biometrics",
        data={"csrf_token": person["csrf"], "date": "2026-02-30", "weight": "70"},
        headers=HTML,
    )
    assert bad_day.status_code == 422 and 'id="bio-date-error"' in bad_day.get_data(as_text=True)
    workout = client.post(
        "/health/workouts",
        data={"csrf_token": person["csrf"], "type": "run", "duration_minutes": "0"},
        headers=HTML,
    )
    assert workout.status_code == 422 and 'id="w-minutes-error"' in workout.get_data(as_text=True)
    meal = client.post(
        "/health/meals", data={"csrf_token": person["csrf"], "meal_type": "brunch"}, headers=HTML
    )
    assert meal.status_code == 422 and 'id="m-type-error"' in meal.get_data(as_text=True)
    session.expire_all()
    uid = person["user"].id
    assert session.query(Biometric).filter_by(user_id=uid).count() == 0
    assert session.query(Workout).filter_by(user_id=uid).count() == 0
    assert session.query(NutritionLog).filter_by(user_id=uid).count() == 0
    assert 'id="bio-date-error"' in page(client, "/health/?date=2026-13-01")


def test_workouts_and_meals_are_logged_listed_and_deleted(
    client: FlaskClient, person: dict[str, Any]
) -> None:
    csrf, h, today = person["csrf"], person["headers"], person["today"]
    response = client.post(
        "/health/workouts",
        data={
            "csrf_token": csrf,
            "type": "Run",
            "duration_minutes": "42",
            "intensity": "high",
            "calories": "410.5",
        },
        headers=HTML,
    )
    assert response.status_code == 303
    workouts = client.get("/api/v1/health/workouts", headers=h).get_json()["items"]
    assert [(w["type"], w["duration_minutes"], w["calories"], w["date"]) for w in workouts] == [
        ("Run", 42, "410.50", today.isoformat())
    ]
    meal = client.post(
        "/health/meals",
        data={
            "csrf_token": csrf,
            "meal_type": "lunch",
            "items": "Soup & bread",
            "calories": "650",
            "protein": "30",
        },
        headers=HTML,
    )
    assert meal.status_code == 303
    html = page(client, "/health/")
    assert "Run · 42 min · high" in html and "Soup &amp; bread" in html and "650 kcal" in html
    assert "42 min" in html and "Workouts" in html
    meal_id = client.get("/api/v1/health/nutrition", headers=h).get_json()["items"][0]["id"]
    workout_id = workouts[0]["id"]
    assert (
        client.post(f"/health/meals/{meal_id}/delete", data={"csrf_token": csrf}, headers=HTML).status_code
        == 303
    )
    assert (
        client.post(
            f"/health/workouts/{workout_id}/delete", data={"csrf_token": csrf}, headers=HTML
        ).status_code
        == 303
    )
    assert client.get("/api/v1/health/nutrition", headers=h).get_json()["items"] == []
    assert client.get("/api/v1/health/workouts", headers=h).get_json()["items"] == []


def test_other_people_rows_are_never_shown_or_deleted(
    client: FlaskClient, person: dict[str, Any], user_factory: Any, auth_headers: Any
) -> None:
    theirs = auth_headers(user_factory())
    day = person["today"].isoformat()
    client.put(f"/api/v1/health/biometrics/{day}", json={"weight": "99.10"}, headers=theirs)
    workout = client.post(
        "/api/v1/health/workouts", json={"type": "Secret run", "duration_minutes": 5}, headers=theirs
    )
    html = page(client, "/health/")
    assert "99.1" not in html and "Secret run" not in html
    wid = workout.get_json()["id"]
    assert (
        client.post(
            f"/health/workouts/{wid}/delete", data={"csrf_token": person["csrf"]}, headers=HTML
        ).status_code
        == 404
    )
    assert (
        client.post("/health/workouts", data={"type": "x", "duration_minutes": "5"}, headers=HTML).status_code
        == 403
    )
    # /health stays the liveness endpoint; the page is /health/.
    assert client.get("/health").status_code == 200 and client.get("/health").is_json


HOSTILE = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "72,5",
        "1e309",
        "NaN",
        "Infinity",
        "abc",
        "2026-02-30",
        "9999-12-31",
        "\x00",
        "9" * 60,
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_hostile_form_and_query_values_never_give_a_5xx(
    client: FlaskClient, person: dict[str, Any], data: st.DataObject
) -> None:
    def values(names: tuple[str, ...]) -> dict[str, Any]:
        return {f: data.draw(HOSTILE) for f in names if data.draw(st.booleans())}

    bio = ("date", "weight", "body_fat_pct", "resting_hr", "sleep_hours", "energy", "stress", "notes")
    workout = ("type", "duration_minutes", "intensity", "calories", "date", "notes")
    meal = ("meal_type", "items", "calories", "protein", "carbs", "fat", "quality", "date")
    for path, names in (("/health/biometrics", bio), ("/health/workouts", workout), ("/health/meals", meal)):
        response = client.post(path, data={**values(names), "csrf_token": person["csrf"]}, headers=HTML)
        assert response.status_code in (303, 422), (path, response.get_data(as_text=True)[:500])
    assert client.get("/health/", query_string=values(("date", "range")), headers=HTML).status_code in (200,)
