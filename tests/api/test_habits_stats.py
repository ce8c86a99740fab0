"""Habit stats and the today list through the API, on fixed dates in zones far from UTC.

The clock is frozen; users live in Pacific/Kiritimati (UTC+14) — a day ahead of UTC at the
frozen instant — or Pacific/Pago_Pago (UTC−11), a day behind. Every expected number is exact.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

import pytest

from lifeos.domains.habits.models import Habit, HabitLog
from lifeos.domains.habits.services.stats import RECENT_DAYS
from tests.support.problems import assert_problem

API = "/api/v1/habits"
# 2026-03-10 11:00 UTC = Wednesday 2026-03-11 01:00 in Kiritimati.
KIRITIMATI_NOW = datetime(2026, 3, 10, 11, 0, tzinfo=UTC)
# 2026-03-11 05:00 UTC = Tuesday 2026-03-10 18:00 in Pago Pago.
PAGO_PAGO_NOW = datetime(2026, 3, 11, 5, 0, tzinfo=UTC)
TODAY = date(2026, 3, 11)  # Kiritimati's today, a Wednesday


def freeze(monkeypatch: pytest.MonkeyPatch, instant: datetime) -> None:
    class Frozen(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> Frozen:  # type: ignore[override]
            return cls.fromtimestamp(instant.timestamp(), tz)

    monkeypatch.setattr("lifeos.platform.clock.datetime", Frozen)


@pytest.fixture
def kiritimati(
    monkeypatch: pytest.MonkeyPatch, client: Any, user_factory: Any, auth_headers: Any
) -> Callable[..., Any]:
    """A Kiritimati user's API: `api(method, path, body)` → response."""
    freeze(monkeypatch, KIRITIMATI_NOW)
    headers = auth_headers(user_factory(timezone="Pacific/Kiritimati"))

    def api(method: str, path: str = "", body: dict[str, Any] | None = None) -> Any:
        return client.open(f"{API}{path}", method=method, json=body or {}, headers=headers)

    return api


def ago(n: int, today: date = TODAY) -> str:
    return (today - timedelta(days=n)).isoformat()


def habit(api: Callable[..., Any], name: str = "Read", **fields: Any) -> int:
    response = api("POST", "", {"name": name, **fields})
    assert response.status_code == 201, response.get_json()
    return int(response.get_json()["id"])


def log(api: Callable[..., Any], habit_id: int, days: Iterable[str], value: Any = None) -> None:
    for day in days:
        body = {} if value is None else {"value": value}
        response = api("PUT", f"/{habit_id}/logs/{day}", body)
        assert response.status_code == 201, response.get_json()


def skip(api: Callable[..., Any], habit_id: int, days: Iterable[str]) -> None:
    for day in days:
        assert api("PUT", f"/{habit_id}/skips/{day}").status_code == 201


def stats(api: Callable[..., Any], habit_id: int) -> dict[str, Any]:
    response = api("GET", f"/{habit_id}/stats")
    assert response.status_code == 200, response.get_json()
    return response.get_json()  # type: ignore[no-any-return]


def streak(api: Callable[..., Any], habit_id: int) -> tuple[int, int, str]:
    body = stats(api, habit_id)
    return body["current_streak"], body["longest_streak"], body["streak_unit"]


# ------------------------------------------------------------------------------ streaks


def test_days_1_3_5_give_current_streak_1_not_3(kiritimati) -> None:  # type: ignore[no-untyped-def]
    h = habit(kiritimati)
    log(kiritimati, h, [ago(4), ago(2), ago(0)])  # 7th, 9th, 11th March
    assert streak(kiritimati, h) == (1, 1, "days")


def test_five_consecutive_days_give_5_and_5(kiritimati) -> None:  # type: ignore[no-untyped-def]
    h = habit(kiritimati)
    log(kiritimati, h, [ago(n) for n in range(5)])
    assert streak(kiritimati, h) == (5, 5, "days")


def test_a_run_ending_yesterday_counts_while_today_is_open(kiritimati) -> None:  # type: ignore[no-untyped-def]
    h = habit(kiritimati)
    log(kiritimati, h, [ago(n) for n in range(1, 6)])
    body = stats(kiritimati, h)
    assert (body["current_streak"], body["done_today"], body["due_today"]) == (5, False, True)


def test_a_skip_inside_a_run_keeps_it(kiritimati) -> None:  # type: ignore[no-untyped-def]
    h = habit(kiritimati)
    log(kiritimati, h, [ago(0), ago(1), ago(3), ago(4)])
    assert streak(kiritimati, h) == (2, 2, "days")
    skip(kiritimati, h, [ago(2)])
    assert streak(kiritimati, h) == (4, 4, "days")


def test_current_streak_is_0_when_neither_today_nor_yesterday_is_done(kiritimati) -> None:  # type: ignore[no-untyped-def]
    h = habit(kiritimati)
    log(kiritimati, h, [ago(n) for n in range(2, 7)])
    assert streak(kiritimati, h) == (0, 5, "days")


def test_three_per_week_done_three_times_in_two_weeks_is_a_two_week_streak(kiritimati) -> None:  # type: ignore[no-untyped-def]
    h = habit(kiritimati, schedule_type="times_per_week", times_per_week=3)
    # Mon 23 Feb – Sun 1 Mar and Mon 2 – Sun 8 Mar; this week (from Mon 9) has nothing yet.
    log(kiritimati, h, ["2026-02-23", "2026-02-25", "2026-03-01", "2026-03-02", "2026-03-03", "2026-03-08"])
    assert streak(kiritimati, h) == (2, 2, "weeks")
    log(kiritimati, h, ["2026-03-09", "2026-03-10"])
    assert streak(kiritimati, h) == (2, 2, "weeks")  # 2 of 3 this week: still open
    log(kiritimati, h, [ago(0)])
    assert streak(kiritimati, h) == (3, 3, "weeks")


def test_weekday_habits_count_only_scheduled_days(kiritimati) -> None:  # type: ignore[no-untyped-def]
    h = habit(kiritimati, schedule_type="weekdays", schedule_days=[1, 3, 5])  # Mon, Wed, Fri
    # Fri 6, Mon 9 done; Tue 10 logged but not scheduled; today (Wed 11) open.
    log(kiritimati, h, ["2026-03-06", "2026-03-09", "2026-03-10"])
    body = stats(kiritimati, h)
    assert (body["current_streak"], body["longest_streak"], body["total_done"]) == (2, 2, 2)


# ------------------------------------------------------------------------------ strength


def test_thirty_done_days_score_79_8_and_sixty_95_9(kiritimati) -> None:  # type: ignore[no-untyped-def]
    h = habit(kiritimati)
    log(kiritimati, h, [ago(n) for n in range(30)])
    assert stats(kiritimati, h)["strength"] == 79.8
    log(kiritimati, h, [ago(n) for n in range(30, 60)])
    assert stats(kiritimati, h)["strength"] == 95.9


def test_one_miss_after_sixty_days_gives_90_9_and_thirteen_halve_it(kiritimati) -> None:  # type: ignore[no-untyped-def]
    missed_yesterday = habit(kiritimati, "Floss")
    log(kiritimati, missed_yesterday, [ago(n) for n in range(2, 62)])
    assert stats(kiritimati, missed_yesterday)["strength"] == 90.9
    missed_thirteen = habit(kiritimati, "Stretch")
    log(kiritimati, missed_thirteen, [ago(n) for n in range(14, 74)])
    assert stats(kiritimati, missed_thirteen)["strength"] == 48.0  # 95.92 / 2


def test_a_skipped_day_changes_nothing(kiritimati) -> None:  # type: ignore[no-untyped-def]
    h = habit(kiritimati)
    log(kiritimati, h, [ago(n) for n in range(2, 32)])
    assert stats(kiritimati, h)["strength"] == 75.7  # yesterday missed: 79.8 × m
    skip(kiritimati, h, [ago(1)])
    assert stats(kiritimati, h)["strength"] == 79.8
    skip(kiritimati, h, [ago(0)])
    assert stats(kiritimati, h)["strength"] == 79.8


def test_numeric_at_least_and_at_most(kiritimati) -> None:  # type: ignore[no-untyped-def]
    steps = habit(kiritimati, "Pages", kind="numeric", target_value=10, unit="pages")
    log(kiritimati, steps, [ago(n) for n in range(30)], value=5)
    body = stats(kiritimati, steps)
    assert (body["strength"], body["current_streak"], body["total_done"]) == (39.9, 0, 0)
    sugar = habit(kiritimati, "Sugar", kind="numeric", target_value=10, target_direction="at_most", unit="g")
    log(kiritimati, sugar, [ago(n) for n in range(30)], value=15)  # completion 1 − 5/10
    assert stats(kiritimati, sugar)["strength"] == 39.9
    under = habit(kiritimati, "Salt", kind="numeric", target_value=10, target_direction="at_most")
    log(kiritimati, under, [ago(n) for n in range(30)], value="9.5")
    body = stats(kiritimati, under)
    assert (body["strength"], body["current_streak"]) == (79.8, 30)


# ------------------------------------------------------------------------------ completion rates


def test_completion_rates_exclude_skips_and_the_open_today(kiritimati) -> None:  # type: ignore[no-untyped-def]
    h = habit(kiritimati)
    # Backfilled 40 days: the habit starts at its first day. Done 1–5 days ago, skipped 6 days
    # ago, missed before that from 40 days ago on (one done day, 39 days ago).
    log(kiritimati, h, [ago(n) for n in range(1, 6)] + [ago(39)])
    skip(kiritimati, h, [ago(6)])
    body = stats(kiritimati, h)
    assert body["completion"] == [
        {"days": 7, "done": 5, "expected": 5.0, "rate": 100.0},
        {"days": 30, "done": 5, "expected": 28.0, "rate": 17.9},
        {"days": 90, "done": 6, "expected": 38.0, "rate": 15.8},
    ]
    assert (body["total_done"], body["total_skipped"]) == (6, 1)
    assert (body["first_date"], body["last_done_date"]) == (ago(39), ago(1))


# ------------------------------------------------------------------------------ today


def test_today_lists_what_is_due_and_what_ticking_does(kiritimati) -> None:  # type: ignore[no-untyped-def]
    read = habit(kiritimati, "Read")
    log(kiritimati, read, [ago(1), ago(2), ago(3)])
    walk = habit(kiritimati, "Walk")
    log(kiritimati, walk, [ago(0), ago(1)])
    habit(kiritimati, "Piano", schedule_type="weekdays", schedule_days=[3])  # Wednesday: due
    habit(kiritimati, "Tennis", schedule_type="weekdays", schedule_days=[1, 2])  # not today
    gym = habit(kiritimati, "Gym", schedule_type="times_per_week", times_per_week=2)
    log(kiritimati, gym, ["2026-03-09", "2026-03-10"])  # the week's two are done: not due
    swim = habit(kiritimati, "Swim", schedule_type="times_per_week", times_per_week=3)
    log(kiritimati, swim, ["2026-03-02", "2026-03-04", "2026-03-06", "2026-03-09", "2026-03-10"])
    paused = habit(kiritimati, "Paused")
    kiritimati("PATCH", f"/{paused}", {"is_paused": True})
    water = habit(kiritimati, "Water", kind="numeric", target_value=2, unit="l")
    log(kiritimati, water, [ago(0)], value="1.5")

    response = kiritimati("GET", "/today")
    assert response.status_code == 200
    body = response.get_json()
    assert body["date"] == "2026-03-11" and body["next_cursor"] is None
    got = {
        i["habit"]["name"]: (
            i["done"],
            i["current_streak"],
            i["streak_if_done"],
            i["streak_unit"],
            i["week_done"],
            i["week_target"],
        )
        for i in body["items"]
    }
    assert got == {
        "Piano": (False, 0, 1, "days", None, None),
        "Read": (False, 3, 4, "days", None, None),
        "Swim": (False, 1, 2, "weeks", 2, 3),
        "Walk": (True, 2, 2, "days", None, None),
        "Water": (False, 0, 1, "days", None, None),
    }
    assert [i["habit"]["name"] for i in body["items"]] == ["Piano", "Read", "Swim", "Walk", "Water"]
    water_item = next(i for i in body["items"] if i["habit"]["name"] == "Water")
    assert (water_item["value"], water_item["habit"]["unit"]) == (1.5, "l")


def test_today_follows_a_run_longer_than_the_recent_window(kiritimati, session) -> None:  # type: ignore[no-untyped-def]
    long_run = habit(kiritimati, "Long run")
    broken = habit(kiritimati, "Broken")
    user_id = session.get(Habit, long_run).user_id
    days = RECENT_DAYS + 100
    session.add_all(
        HabitLog(user_id=user_id, habit_id=h, logged_date=TODAY - timedelta(days=n), value=None)
        for h in (long_run, broken)
        for n in range(1, days + 1)
        if h == long_run or n != RECENT_DAYS + 50  # `broken` missed a day before the window
    )
    session.flush()
    items = {i["habit"]["name"]: i for i in kiritimati("GET", "/today").get_json()["items"]}
    assert (items["Long run"]["current_streak"], items["Long run"]["streak_if_done"]) == (days, days + 1)
    assert items["Broken"]["current_streak"] == RECENT_DAYS + 49
    assert stats(kiritimati, broken)["longest_streak"] == RECENT_DAYS + 49


# ------------------------------------------------------------------------------ a zone behind UTC


def test_pago_pago_today_is_a_day_behind_utc(  # type: ignore[no-untyped-def]
    monkeypatch, client, user_factory, auth_headers
) -> None:
    freeze(monkeypatch, PAGO_PAGO_NOW)  # 2026-03-11 in UTC, still the 10th in Pago Pago
    headers = auth_headers(user_factory(timezone="Pacific/Pago_Pago"))
    made = client.post(API, json={"name": "Read"}, headers=headers).get_json()
    url = f"{API}/{made['id']}"
    assert_problem(client.put(f"{url}/logs/2026-03-11", json={}, headers=headers), 422, "habits.invalid_date")
    for day in ("2026-03-08", "2026-03-09"):
        assert client.put(f"{url}/logs/{day}", json={}, headers=headers).status_code == 201
    body = client.get(f"{url}/stats", headers=headers).get_json()
    # Yesterday in Pago Pago is the 9th: the run is current (in UTC it would have ended).
    assert (body["as_of"], body["current_streak"], body["longest_streak"]) == ("2026-03-10", 2, 2)
    today = client.get(f"{API}/today", headers=headers).get_json()
    assert (today["date"], today["items"][0]["streak_if_done"]) == ("2026-03-10", 3)
