"""Health summaries over HTTP: daily and weekly totals, means, and the 7-day weight trend.

The week of Monday 2026-03-02 has weigh-ins on five days; Wednesday (a record without a
weight) and Friday (no record at all) have none. The trend on each day is the mean of the
weigh-ins in the 7 days ending that day — the missing days are skipped, never zeros.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from lifeos.domains.health.models import NutritionLog, Workout
from tests.support.problems import assert_problem

API = "/api/v1/health"

WEIGH_INS = {
    "2026-02-23": "90.00",  # 8 days before Monday's window ends: in no window of the week
    "2026-03-01": "81.00",  # the Sunday before: in the windows up to Saturday, not Sunday's
    "2026-03-02": "80.00",
    "2026-03-03": "80.40",
    "2026-03-05": "79.80",
    "2026-03-07": "79.60",
    "2026-03-08": "79.40",
}
EXTRA = {
    "2026-03-02": {"sleep_hours": "7", "energy": 3, "stress": 2, "resting_hr": 60, "body_fat_pct": "20"},
    "2026-03-03": {"sleep_hours": "8", "energy": 4},
    "2026-03-04": {"sleep_hours": "6.5"},  # a record, but no weigh-in
    "2026-03-07": {"resting_hr": 57},
    "2026-03-08": {"stress": 4},
}
TRENDS = {
    "2026-03-02": "80.50",  # (81.00 + 80.00) / 2
    "2026-03-03": "80.47",  # (81.00 + 80.00 + 80.40) / 3 = 80.4666…
    "2026-03-04": "80.47",  # no weigh-in: the same three
    "2026-03-05": "80.30",  # (81.00 + 80.00 + 80.40 + 79.80) / 4
    "2026-03-06": "80.30",
    "2026-03-07": "80.16",  # 400.80 / 5
    "2026-03-08": "79.84",  # 399.20 / 5 — 2026-03-01 has left the window; zeros would give 57.03
}


@pytest.fixture
def user(user_factory):  # type: ignore[no-untyped-def]
    return user_factory()


@pytest.fixture
def headers(user, auth_headers):  # type: ignore[no-untyped-def]
    return auth_headers(user)


def _ok(resp: Any, status: int = 200) -> Any:
    assert resp.status_code == status, resp.get_json()
    return resp.get_json()


@pytest.fixture
def week(client, headers) -> None:  # type: ignore[no-untyped-def]
    for day in sorted(set(WEIGH_INS) | set(EXTRA)):
        body = {**({"weight": WEIGH_INS[day]} if day in WEIGH_INS else {}), **EXTRA.get(day, {})}
        _ok(client.put(f"{API}/biometrics/{day}", json=body, headers=headers), 201)
    for day, kind, minutes, kcal in [
        ("2026-03-02", "run", 30, "300.50"),
        ("2026-03-02", "strength", 45, None),
        ("2026-03-05", "cycling", 60, 500),
        ("2026-03-09", "swim", 100, 900),  # the next Monday: outside the week
    ]:
        body = {
            "type": kind,
            "duration_minutes": minutes,
            "date": day,
            **({"calories": kcal} if kcal else {}),
        }
        _ok(client.post(f"{API}/workouts", json=body, headers=headers), 201)
    for day, meal, kcal, protein, quality in [
        ("2026-03-02", "breakfast", 450, 20, 4),
        ("2026-03-02", "lunch", "700.25", "35.5", 3),
        ("2026-03-03", "dinner", 900, None, None),
        ("2026-03-01", "dinner", 1000, 50, 5),  # the Sunday before: outside the week
    ]:
        body = {"meal_type": meal, "date": day, "calories": kcal, "protein": protein, "quality": quality}
        _ok(client.post(f"{API}/nutrition", json=body, headers=headers), 201)


def test_weekly_summary_with_two_missing_weigh_in_days(client, headers, week):
    body = _ok(client.get(f"{API}/summary/weekly?start=2026-03-02", headers=headers))
    assert (body["start"], body["end"]) == ("2026-03-02", "2026-03-08")
    assert [(d["date"], d["weight"], d["weight_trend"]) for d in body["days"]] == [
        (day, WEIGH_INS.get(day), TRENDS[day]) for day in sorted(TRENDS)
    ]
    assert body["biometrics"] == {
        "days_logged": 6,
        "weigh_ins": 5,
        "weight_avg": "79.84",
        "weight_trend": "79.84",
        "body_fat_pct_avg": "20.00",
        "resting_hr_avg": "58.50",
        "sleep_hours_avg": "7.17",  # (7 + 8 + 6.5) / 3: days without sleep are skipped
        "energy_avg": "3.50",
        "stress_avg": "3.00",
    }
    assert body["workouts"] == {"count": 3, "minutes": 135, "calories": "800.50", "active_days": 2}
    assert body["nutrition"] == {
        "meals": 3,
        "calories": "2050.25",
        "protein": "55.50",
        "quality_avg": "3.50",
        "days_logged": 2,
        "calories_daily_avg": "1025.13",  # 2050.25 / 2, half up
    }
    monday, wednesday, friday = body["days"][0], body["days"][2], body["days"][4]
    assert monday == {
        "date": "2026-03-02",
        "weight": "80.00",
        "weight_trend": "80.50",
        "sleep_hours": "7.00",
        "energy": 3,
        "stress": 2,
        "workouts": 2,
        "workout_minutes": 75,
        "calories_burned": "300.50",
        "calories_eaten": "1150.25",
        "protein": "55.50",
    }
    assert (wednesday["weight"], wednesday["sleep_hours"], wednesday["workouts"]) == (None, "6.50", 0)
    assert friday == {
        "date": "2026-03-06",
        "weight": None,
        "weight_trend": "80.30",
        "sleep_hours": None,
        "energy": None,
        "stress": None,
        "workouts": 0,
        "workout_minutes": 0,
        "calories_burned": "0.00",
        "calories_eaten": "0.00",
        "protein": "0.00",
    }


def test_daily_summary(client, headers, week):
    monday = _ok(client.get(f"{API}/summary/daily?date=2026-03-02", headers=headers))
    assert monday["date"] == "2026-03-02" and monday["weight_trend"] == "80.50"
    assert (monday["biometric"]["weight"], monday["biometric"]["resting_hr"]) == ("80.00", 60)
    assert monday["workouts"] == {"count": 2, "minutes": 75, "calories": "300.50"}
    assert monday["nutrition"] == {
        "meals": 2,
        "calories": "1150.25",
        "protein": "55.50",
        "quality_avg": "3.50",
    }

    friday = _ok(client.get(f"{API}/summary/daily?date=2026-03-06", headers=headers))
    assert friday["biometric"] is None and friday["weight_trend"] == "80.30"
    assert friday["workouts"] == {"count": 0, "minutes": 0, "calories": "0.00"}
    assert friday["nutrition"] == {"meals": 0, "calories": "0.00", "protein": "0.00", "quality_avg": None}

    # 2026-02-23 is the only weigh-in in its window; a week later there is none at all.
    assert _ok(client.get(f"{API}/summary/daily?date=2026-02-23", headers=headers))["weight_trend"] == "90.00"
    assert _ok(client.get(f"{API}/summary/daily?date=2026-02-22", headers=headers))["weight_trend"] is None


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_defaults_are_today_and_this_week_in_the_users_zone(client, user_factory, auth_headers, zone):
    headers = auth_headers(user_factory(timezone=zone))
    today = datetime.now(ZoneInfo(zone)).date()
    _ok(client.put(f"{API}/biometrics/{today.isoformat()}", json={"weight": 70}, headers=headers), 201)
    daily = _ok(client.get(f"{API}/summary/daily", headers=headers))
    if daily["date"] == today.isoformat():  # not across the zone's midnight
        assert daily["biometric"]["weight"] == "70.00" and daily["weight_trend"] == "70.00"
        weekly = _ok(client.get(f"{API}/summary/weekly", headers=headers))
        assert weekly["start"] == (today - timedelta(days=today.weekday())).isoformat()
        assert weekly["biometrics"]["weigh_ins"] == 1


def test_summary_edges_and_bad_dates(client, headers):
    assert_problem(
        client.get(f"{API}/summary/daily?date=2026-02-30", headers=headers), 422, "request.validation_failed"
    )
    assert_problem(
        client.get(f"{API}/summary/weekly?start=2026-13-01", headers=headers),
        422,
        "request.validation_failed",
    )
    # Every date a request names is within 1900-01-01…2999-12-31 (the platform's IsoDate).
    for query in ("weekly?start=9999-12-26", "daily?date=0001-01-01", "weekly?start=1899-12-31"):
        body = assert_problem(client.get(f"{API}/summary/{query}", headers=headers), 422)
        assert body["errors"][0]["message"] == "must be between 1900-01-01 and 2999-12-31"
    assert _ok(client.get(f"{API}/summary/weekly?start=2999-12-25", headers=headers))["end"] == "2999-12-31"
    assert _ok(client.get(f"{API}/summary/daily?date=1900-01-01", headers=headers))["weight_trend"] is None


def test_legacy_shaped_rows_show_and_count(client, session, user, headers):
    """Rows the legacy app wrote: type in `activity`, items in `meal`, calories in `calories_est`."""
    day = datetime(2026, 3, 2).date()
    legacy_workout = Workout(
        user_id=user.id, activity="yoga", duration_minutes=40, calories_est=Decimal("150"), date=day
    )
    legacy_meal = NutritionLog(
        user_id=user.id, meal="pasta", calories=Decimal("0"), calories_est=Decimal("800"), date=day
    )
    session.add_all([legacy_workout, legacy_meal])
    session.flush()

    workout = _ok(client.get(f"{API}/workouts", headers=headers))["items"][0]
    assert (workout["type"], workout["calories"], workout["duration_minutes"]) == ("yoga", "150.00", 40)
    meal = _ok(client.get(f"{API}/nutrition", headers=headers))["items"][0]
    assert (meal["items"], meal["calories"], meal["meal_type"]) == ("pasta", "800.00", None)
    daily = _ok(client.get(f"{API}/summary/daily?date=2026-03-02", headers=headers))
    assert daily["workouts"]["calories"] == "150.00" and daily["nutrition"]["calories"] == "800.00"

    # Writing a field through the API supersedes its legacy twin.
    patched = _ok(
        client.patch(f"{API}/nutrition/{meal['id']}", json={"calories": None, "items": None}, headers=headers)
    )
    assert (patched["calories"], patched["items"]) == (None, None)
    patched = _ok(client.patch(f"{API}/workouts/{workout['id']}", json={"type": "pilates"}, headers=headers))
    assert patched["type"] == "pilates" and patched["calories"] == "150.00"
