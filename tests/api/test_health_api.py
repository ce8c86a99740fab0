"""Health over HTTP: biometric upsert, workouts, nutrition — rules, errors, scoping, events.

Every test runs on SQLite and PostgreSQL (the `app` fixture).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from lifeos.domains.health.errors import NutritionNotFound, WorkoutNotFound
from lifeos.domains.health.models import Biometric, NutritionLog, Workout
from lifeos.domains.health.services import nutrition as nutrition_svc
from lifeos.domains.health.services import workouts as workouts_svc
from lifeos.platform.events import CATALOG
from lifeos.platform.outbox.models import OutboxMessage
from tests.support.problems import assert_problem

API = "/api/v1/health"


def _count(session: Any, model: Any, **where: Any) -> int:
    stmt = select(func.count()).select_from(model)
    for key, value in where.items():
        stmt = stmt.where(getattr(model, key) == value)
    session.expire_all()
    return int(session.scalar(stmt) or 0)


def _events(session: Any, user_id: int, prefix: str = "health.") -> list[tuple[str, dict[str, Any]]]:
    session.expire_all()
    rows = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.user_id == user_id, OutboxMessage.event_type.startswith(prefix))
        .order_by(OutboxMessage.id)
    )
    return [(m.event_type, m.payload) for m in rows]


def _fields(body: dict[str, Any]) -> set[str]:
    return {e["field"] for e in body.get("errors", [])}


def _state(session: Any, user_id: int) -> tuple[int, int, int, int]:
    return (
        _count(session, Biometric, user_id=user_id),
        _count(session, Workout, user_id=user_id),
        _count(session, NutritionLog, user_id=user_id),
        _count(session, OutboxMessage, user_id=user_id),
    )


@pytest.fixture
def user(user_factory):  # type: ignore[no-untyped-def]
    return user_factory()


@pytest.fixture
def headers(user, auth_headers):  # type: ignore[no-untyped-def]
    return auth_headers(user)


# ---------------------------------------------------------------------------- biometrics


def test_second_put_for_a_date_updates_the_same_row(client, session, user, headers):
    first = client.put(
        f"{API}/biometrics/2026-03-02",
        json={"weight": 80.5, "body_fat_pct": "18.2", "resting_hr": 58, "sleep_hours": 7.25, "energy": 4},
        headers=headers,
    )
    assert first.status_code == 201, first.get_json()
    created = first.get_json()
    assert {k: created[k] for k in created if k not in {"id", "recorded_at", "created_at", "updated_at"}} == {
        "date": "2026-03-02",
        "weight": "80.50",
        "body_fat_pct": "18.20",
        "resting_hr": 58,
        "sleep_hours": "7.25",
        "energy": 4,
        "stress": None,
        "notes": None,
    }
    assert created["created_at"].endswith("+00:00")

    second = client.put(
        f"{API}/biometrics/2026-03-02", json={"weight": "79.90", "stress": 2}, headers=headers
    )
    assert second.status_code == 200, second.get_json()
    replaced = second.get_json()
    assert replaced["id"] == created["id"]
    # PUT replaces the day's record as a whole: what was left out is now null.
    assert (replaced["weight"], replaced["stress"], replaced["body_fat_pct"], replaced["energy"]) == (
        "79.90",
        2,
        None,
        None,
    )
    assert _count(session, Biometric, user_id=user.id) == 1
    row = session.scalars(select(Biometric).where(Biometric.user_id == user.id)).one()
    assert str(row.weight) == "79.90" and row.stress_level == 2 and row.body_fat_pct is None

    listed = client.get(f"{API}/biometrics", headers=headers).get_json()
    assert [(i["id"], i["date"], i["weight"]) for i in listed["items"]] == [
        (created["id"], "2026-03-02", "79.90")
    ]
    assert listed["next_cursor"] is None

    events = _events(session, user.id)
    assert [name for name, _ in events] == ["health.biometric.logged", "health.biometric.logged"]
    assert events[0][1] == {
        "biometric_id": created["id"],
        "user_id": user.id,
        "date": "2026-03-02",
        "created": True,
        "weight": "80.50",
        "body_fat_pct": "18.20",
        "resting_hr": 58,
        "sleep_hours": "7.25",
        "energy": 4,
        "stress": None,
    }
    assert events[1][1]["created"] is False and events[1][1]["weight"] == "79.90"


def test_json_numbers_never_go_through_float(client, user, headers):
    # 80.15 is 80.1499999… as a binary float; parsed from its text it stays 80.15.
    raw = '{"weight": 80.15, "sleep_hours": 7.1, "body_fat_pct": 20.05}'
    resp = client.put(
        f"{API}/biometrics/2026-03-03", data=raw, content_type="application/json", headers=headers
    )
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert (body["weight"], body["sleep_hours"], body["body_fat_pct"]) == ("80.15", "7.10", "20.05")


BAD_BIOMETRICS = [
    ({"energy": 0}, "energy"),
    ({"energy": 6}, "energy"),
    ({"stress": 0}, "stress"),
    ({"stress": 5.5}, "stress"),
    ({"energy": True}, "energy"),
    ({"weight": 19.99}, "weight"),
    ({"weight": "500.01"}, "weight"),
    ({"weight": "80.123"}, "weight"),
    ({"weight": "heavy"}, "weight"),
    ({"weight": "NaN"}, "weight"),
    ('{"weight": 80.1500000000000000001}', "weight"),
    ({"body_fat_pct": 1.5}, "body_fat_pct"),
    ({"body_fat_pct": 80}, "body_fat_pct"),
    ({"resting_hr": 19}, "resting_hr"),
    ({"resting_hr": 251}, "resting_hr"),
    ({"resting_hr": 2**70}, "resting_hr"),
    ({"sleep_hours": -0.5}, "sleep_hours"),
    ({"sleep_hours": 24.01}, "sleep_hours"),
    ({"notes": "a\u0000b"}, "notes"),
    ({"notes": "x" * 2001}, "notes"),
    ({"weight": 80, "mood": 3}, "mood"),
]


@pytest.mark.parametrize(("body", "field"), BAD_BIOMETRICS)
def test_out_of_range_biometrics_are_422_and_write_nothing(client, session, user, headers, body, field):
    before = _state(session, user.id)
    raw = body if isinstance(body, str) else json.dumps(body)
    resp = client.put(
        f"{API}/biometrics/2026-03-02", data=raw, content_type="application/json", headers=headers
    )
    problem = assert_problem(resp, 422, "request.validation_failed")
    assert _fields(problem) == {field}
    assert _state(session, user.id) == before


def test_a_bad_put_keeps_the_existing_record(client, session, user, headers):
    assert client.put(f"{API}/biometrics/2026-03-02", json={"energy": 3}, headers=headers).status_code == 201
    assert_problem(client.put(f"{API}/biometrics/2026-03-02", json={"energy": 0}, headers=headers), 422)
    row = session.scalars(select(Biometric).where(Biometric.user_id == user.id)).one()
    session.refresh(row)
    assert row.energy_level == 3
    assert len(_events(session, user.id)) == 1


@pytest.mark.parametrize(
    "day",
    ["2026-02-30", "2025-02-29", "2026-13-01", "2026-2-3", "20260302", "yesterday", "1899-12-31", "%00"],
)
def test_bad_dates_in_the_path_are_422(client, session, user, headers, day):
    resp = client.put(f"{API}/biometrics/{day}", json={"weight": 80}, headers=headers)
    problem = assert_problem(resp, 422, "request.validation_failed")
    assert _fields(problem) == {"date"}
    assert _state(session, user.id) == (0, 0, 0, 0)


def test_leap_day_is_a_date(client, headers):
    assert client.put(f"{API}/biometrics/2028-02-29", json={"weight": 80}, headers=headers).status_code == 201


@pytest.mark.parametrize("body", [{}, {"weight": None, "notes": ""}, {"notes": "   "}])
def test_an_empty_record_is_refused(client, session, user, headers, body):
    resp = client.put(f"{API}/biometrics/2026-03-02", json=body, headers=headers)
    assert_problem(resp, 422, "health.empty_biometric")
    assert _state(session, user.id) == (0, 0, 0, 0)


def test_writes_need_the_csrf_token_and_reads_need_a_token(client, user, headers):
    bearer = {"Authorization": headers["Authorization"]}
    assert_problem(client.put(f"{API}/biometrics/2026-03-02", json={"weight": 80}, headers=bearer), 403)
    assert_problem(client.get(f"{API}/biometrics"), 401)


# ---------------------------------------------------------------------------- workouts


def test_workout_log_change_delete(client, session, user, headers):
    resp = client.post(
        f"{API}/workouts",
        json={
            "type": "run",
            "duration_minutes": 45,
            "intensity": "high",
            "calories": 512.5,
            "date": "2026-03-04",
            "notes": "intervals",
        },
        headers=headers,
    )
    assert resp.status_code == 201, resp.get_json()
    created = resp.get_json()
    workout_id = created["id"]
    assert {
        k: created[k] for k in ("date", "type", "duration_minutes", "intensity", "calories", "notes")
    } == {
        "date": "2026-03-04",
        "type": "run",
        "duration_minutes": 45,
        "intensity": "high",
        "calories": "512.50",
        "notes": "intervals",
    }

    patched = client.patch(
        f"{API}/workouts/{workout_id}", json={"duration_minutes": 50, "calories": None}, headers=headers
    )
    assert patched.status_code == 200, patched.get_json()
    body = patched.get_json()
    assert (body["duration_minutes"], body["calories"], body["type"], body["date"]) == (
        50,
        None,
        "run",
        "2026-03-04",
    )
    row = session.get(Workout, workout_id)
    session.refresh(row)
    assert (row.duration_minutes, row.calories, row.workout_type) == (50, None, "run")

    assert client.delete(f"{API}/workouts/{workout_id}", headers=headers).status_code == 204
    assert _count(session, Workout, user_id=user.id) == 0
    assert_problem(
        client.delete(f"{API}/workouts/{workout_id}", headers=headers), 404, "health.workout_not_found"
    )

    events = _events(session, user.id)
    assert [name for name, _ in events] == [
        "health.workout.logged",
        "health.workout.updated",
        "health.workout.deleted",
    ]
    assert events[0][1] == {
        "workout_id": workout_id,
        "user_id": user.id,
        "date": "2026-03-04",
        "workout_type": "run",
        "duration_minutes": 45,
        "intensity": "high",
        "calories": "512.50",
    }
    assert events[1][1]["changed"] == ["calories", "duration_minutes"]
    assert events[1][1]["duration_minutes"] == 50 and events[1][1]["calories"] is None
    assert events[2][1] == {"workout_id": workout_id, "user_id": user.id, "date": "2026-03-04"}


BAD_WORKOUTS = [
    ({"duration_minutes": 30}, "type"),
    ({"type": "", "duration_minutes": 30}, "type"),
    ({"type": "x" * 65, "duration_minutes": 30}, "type"),
    ({"type": "r\u0000un", "duration_minutes": 30}, "type"),
    ({"type": "run"}, "duration_minutes"),
    ({"type": "run", "duration_minutes": 0}, "duration_minutes"),
    ({"type": "run", "duration_minutes": 1441}, "duration_minutes"),
    ({"type": "run", "duration_minutes": 30.5}, "duration_minutes"),
    ({"type": "run", "duration_minutes": 30, "intensity": "extreme"}, "intensity"),
    ({"type": "run", "duration_minutes": 30, "calories": -1}, "calories"),
    ({"type": "run", "duration_minutes": 30, "calories": 20000.01}, "calories"),
    ({"type": "run", "duration_minutes": 30, "date": "2026-02-30"}, "date"),
]


@pytest.mark.parametrize(("body", "field"), BAD_WORKOUTS)
def test_bad_workouts_are_422_and_write_nothing(client, session, user, headers, body, field):
    resp = client.post(f"{API}/workouts", json=body, headers=headers)
    assert _fields(assert_problem(resp, 422, "request.validation_failed")) == {field}
    assert _state(session, user.id) == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"type": None}, "type"),
        ({"duration_minutes": None}, "duration_minutes"),
        ({"date": None}, "date"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"date": "2026-02-30"}, "date"),
        ({"intensity": "x"}, "intensity"),
    ],
)
def test_a_bad_patch_changes_nothing(client, session, user, headers, body, field):
    workout = client.post(
        f"{API}/workouts",
        json={"type": "swim", "duration_minutes": 30, "date": "2026-03-04"},
        headers=headers,
    ).get_json()
    before = _state(session, user.id)
    resp = client.patch(f"{API}/workouts/{workout['id']}", json=body, headers=headers)
    assert _fields(assert_problem(resp, 422, "request.validation_failed")) == {field}
    assert _state(session, user.id) == before
    after = client.get(f"{API}/workouts", headers=headers).get_json()["items"][0]
    assert after == workout


def test_workout_date_defaults_to_today_in_the_users_zone(client, user_factory, auth_headers):
    # UTC+14 and UTC−11 are never on the same date: a server-side "today" fails one of them.
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
        headers = auth_headers(user_factory(timezone=zone))
        before = datetime.now(ZoneInfo(zone)).date().isoformat()
        workout = client.post(
            f"{API}/workouts", json={"type": "walk", "duration_minutes": 20}, headers=headers
        )
        meal = client.post(f"{API}/nutrition", json={"meal_type": "lunch"}, headers=headers)
        after = datetime.now(ZoneInfo(zone)).date().isoformat()
        assert workout.get_json()["date"] in {before, after}, zone
        assert meal.get_json()["date"] in {before, after}, zone


# ---------------------------------------------------------------------------- nutrition


def test_nutrition_log_change_delete(client, session, user, headers):
    resp = client.post(
        f"{API}/nutrition",
        json={
            "meal_type": "breakfast",
            "items": "oats, banana",
            "calories": 420,
            "protein": "15.5",
            "quality": 4,
            "date": "2026-03-04",
        },
        headers=headers,
    )
    assert resp.status_code == 201, resp.get_json()
    created = resp.get_json()
    assert {
        k: created[k] for k in ("date", "meal_type", "items", "calories", "protein", "carbs", "quality")
    } == {
        "date": "2026-03-04",
        "meal_type": "breakfast",
        "items": "oats, banana",
        "calories": "420.00",
        "protein": "15.50",
        "carbs": None,
        "quality": 4,
    }
    nutrition_id = created["id"]
    patched = client.patch(
        f"{API}/nutrition/{nutrition_id}", json={"quality": 2, "items": None}, headers=headers
    )
    assert patched.status_code == 200, patched.get_json()
    assert (patched.get_json()["quality"], patched.get_json()["items"]) == (2, None)
    assert client.delete(f"{API}/nutrition/{nutrition_id}", headers=headers).status_code == 204
    assert_problem(
        client.patch(f"{API}/nutrition/{nutrition_id}", json={"quality": 3}, headers=headers),
        404,
        "health.nutrition_not_found",
    )
    events = _events(session, user.id)
    assert [name for name, _ in events] == [
        "health.nutrition.logged",
        "health.nutrition.updated",
        "health.nutrition.deleted",
    ]
    assert events[0][1] == {
        "nutrition_id": nutrition_id,
        "user_id": user.id,
        "date": "2026-03-04",
        "meal_type": "breakfast",
        "calories": "420.00",
        "protein": "15.50",
        "quality": 4,
    }
    assert events[1][1]["changed"] == ["items", "quality"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "meal_type"),
        ({"meal_type": "brunch"}, "meal_type"),
        ({"meal_type": "lunch", "quality": 0}, "quality"),
        ({"meal_type": "lunch", "quality": 6}, "quality"),
        ({"meal_type": "lunch", "protein": 2000.5}, "protein"),
        ({"meal_type": "lunch", "calories": "1e3000"}, "calories"),
        ({"meal_type": "lunch", "items": "\u0000"}, "items"),
        ({"meal_type": "lunch", "date": "2026-04-31"}, "date"),
    ],
)
def test_bad_meals_are_422_and_write_nothing(client, session, user, headers, body, field):
    resp = client.post(f"{API}/nutrition", json=body, headers=headers)
    assert _fields(assert_problem(resp, 422, "request.validation_failed")) == {field}
    assert _state(session, user.id) == (0, 0, 0, 0)


# ---------------------------------------------------------------------------- lists


def test_lists_are_newest_first_paginated_and_filtered_by_date(client, headers):
    ids = {}
    for day in ("2026-03-01", "2026-03-03", "2026-03-03", "2026-03-05", "2026-03-07"):
        resp = client.post(
            f"{API}/workouts", json={"type": "row", "duration_minutes": 10, "date": day}, headers=headers
        )
        ids.setdefault(day, []).append(resp.get_json()["id"])
    expected = [
        ids["2026-03-07"][0],
        ids["2026-03-05"][0],
        ids["2026-03-03"][1],
        ids["2026-03-03"][0],
        ids["2026-03-01"][0],
    ]

    seen, cursor, pages = [], None, 0
    while True:
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get(f"{API}/workouts", query_string=query, headers=headers).get_json()
        seen += [item["id"] for item in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == expected and pages == 3

    window = client.get(f"{API}/workouts?from=2026-03-03&to=2026-03-05", headers=headers).get_json()
    assert [i["date"] for i in window["items"]] == ["2026-03-05", "2026-03-03", "2026-03-03"]

    assert_problem(
        client.get(f"{API}/workouts?from=2026-03-05&to=2026-03-03", headers=headers),
        422,
        "health.invalid_period",
    )
    assert_problem(
        client.get(f"{API}/workouts?cursor=bm9wZQ", headers=headers), 422, "request.invalid_cursor"
    )
    biometric_cursor = "WyJoZWFsdGguYmlvbWV0cmljcyIsWyIyMDI2LTAzLTAxIiwxXV0"  # ["health.biometrics", […]]
    assert_problem(
        client.get(f"{API}/workouts?cursor={biometric_cursor}", headers=headers),
        422,
        "request.invalid_cursor",
    )
    assert_problem(client.get(f"{API}/workouts?limit=101", headers=headers), 422, "request.validation_failed")
    assert_problem(
        client.get(f"{API}/workouts?to=2026-02-30", headers=headers), 422, "request.validation_failed"
    )


def test_biometric_and_nutrition_lists_filter_by_date(client, headers):
    for day in ("2026-03-01", "2026-03-02", "2026-03-03"):
        client.put(f"{API}/biometrics/{day}", json={"sleep_hours": 7}, headers=headers)
        client.post(f"{API}/nutrition", json={"meal_type": "dinner", "date": day}, headers=headers)
    bio = client.get(f"{API}/biometrics?from=2026-03-02&limit=1", headers=headers).get_json()
    assert [i["date"] for i in bio["items"]] == ["2026-03-03"]
    rest = client.get(
        f"{API}/biometrics?from=2026-03-02&limit=1&cursor={bio['next_cursor']}", headers=headers
    )
    assert [i["date"] for i in rest.get_json()["items"]] == ["2026-03-02"]
    assert rest.get_json()["next_cursor"] is None
    meals = client.get(f"{API}/nutrition?to=2026-03-02", headers=headers).get_json()
    assert [i["date"] for i in meals["items"]] == ["2026-03-02", "2026-03-01"]


# ---------------------------------------------------------------------------- scoping


def test_another_users_ids_are_404_everywhere_and_change_nothing(client, session, user_factory, auth_headers):
    owner = user_factory()
    a = auth_headers(owner)
    workout = client.post(
        f"{API}/workouts", json={"type": "run", "duration_minutes": 30, "date": "2026-03-04"}, headers=a
    ).get_json()
    meal = client.post(
        f"{API}/nutrition", json={"meal_type": "lunch", "calories": 600, "date": "2026-03-04"}, headers=a
    ).get_json()
    client.put(f"{API}/biometrics/2026-03-04", json={"weight": 70}, headers=a)
    before = _state(session, owner.id)

    other = user_factory()
    b = auth_headers(other)
    for method, url, code in [
        ("PATCH", f"{API}/workouts/{workout['id']}", "health.workout_not_found"),
        ("DELETE", f"{API}/workouts/{workout['id']}", "health.workout_not_found"),
        ("PATCH", f"{API}/nutrition/{meal['id']}", "health.nutrition_not_found"),
        ("DELETE", f"{API}/nutrition/{meal['id']}", "health.nutrition_not_found"),
    ]:
        body = {"duration_minutes": 1} if "workouts" in url else {"quality": 1}
        assert_problem(client.open(url, method=method, json=body, headers=b), 404, code)
        assert_problem(client.open(url, method=method, json={}, headers=b), 404, code)
    assert _state(session, owner.id) == before

    # B's own PUT on the same date is B's record; A's stays.
    assert client.put(f"{API}/biometrics/2026-03-04", json={"weight": 90}, headers=b).status_code == 201
    assert client.get(f"{API}/biometrics", headers=a).get_json()["items"][0]["weight"] == "70.00"
    for path in ("/biometrics", "/workouts", "/nutrition"):
        items = client.get(f"{API}{path}", headers=b).get_json()["items"]
        assert all(i["id"] not in {workout["id"], meal["id"]} or path == "/biometrics" for i in items)
    assert [i["weight"] for i in client.get(f"{API}/biometrics", headers=b).get_json()["items"]] == ["90.00"]
    assert client.get(f"{API}/workouts", headers=b).get_json()["items"] == []
    assert client.get(f"{API}/nutrition", headers=b).get_json()["items"] == []
    daily = client.get(f"{API}/summary/daily?date=2026-03-04", headers=b).get_json()
    assert daily["workouts"]["count"] == 0 and daily["nutrition"]["meals"] == 0
    assert daily["biometric"]["weight"] == "90.00"


@pytest.mark.parametrize("huge", ["2147483648", "9223372036854775808", "99999999999999999999999", "0"])
def test_ids_out_of_range_are_not_found_never_500(client, session, user, headers, huge):
    for method in ("PATCH", "DELETE"):
        for path in ("workouts", "nutrition"):
            resp = client.open(f"{API}/{path}/{huge}", method=method, json={}, headers=headers)
            # The platform's id converter refuses ids past 2³¹−1 in routing (404; werkzeug
            # answers 405 for some methods); never a 5xx, never a query.
            assert_problem(resp, 404 if huge == "0" else resp.status_code)
            assert resp.status_code in {404, 405}
    # Behind the router, the services treat an id past the column's range as missing, too.
    with pytest.raises(WorkoutNotFound):
        workouts_svc.get_workout(session, user.id, int(huge))
    with pytest.raises(NutritionNotFound):
        nutrition_svc.get_nutrition(session, user.id, int(huge))


def test_nul_bytes_never_reach_the_database(client, session, user, headers):
    for url in (f"{API}/workouts?from=%00", f"{API}/workouts?cursor=%00", f"{API}/summary/daily?date=%00"):
        assert_problem(client.get(url, headers=headers), 422)
    assert_problem(
        client.put(
            f"{API}/biometrics/2026-03-02",
            data=b'{"notes": "\\u0000"}',
            content_type="application/json",
            headers=headers,
        ),
        422,
    )
    assert _state(session, user.id) == (0, 0, 0, 0)


def test_every_health_event_is_catalogued_with_its_payload_schema():
    names = {n for n in CATALOG if n.startswith("health.")}
    assert names == {
        "health.biometric.logged",
        "health.workout.logged",
        "health.workout.updated",
        "health.workout.deleted",
        "health.nutrition.logged",
        "health.nutrition.updated",
        "health.nutrition.deleted",
    }
    for name in names:
        assert CATALOG[name].__doc__ and CATALOG[name].version == 1
