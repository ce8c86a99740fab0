"""GET /api/v1/today: one answer across the domains, on fixed data, in the user's zone.

The clock is frozen at 2026-03-10 11:00 UTC; the user lives in Pacific/Kiritimati (UTC+14),
where it is already Wednesday 2026-03-11 — so every "today", "due", "overdue", "birthday" and
"on this day" below is the user's date, not the server's. All data goes in through the domains'
own HTTP APIs; a second user's data sits next to it and never shows up.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, tzinfo
from typing import Any

import pytest

from tests.support.problems import assert_problem

API = "/api/v1"
TODAY_URL = f"{API}/today"
NOW = datetime(2026, 3, 10, 11, 0, tzinfo=UTC)
EAST = "Pacific/Kiritimati"  # today 2026-03-11


class FrozenDateTime(datetime):
    """`datetime` whose now() is NOW (the platform clock reads the time through it)."""

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> FrozenDateTime:  # type: ignore[override]
        instant = NOW.astimezone(tz) if tz is not None else NOW.replace(tzinfo=None)
        return cls.fromtimestamp(instant.timestamp(), tz)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("lifeos.platform.clock.datetime", FrozenDateTime)


def call(
    client: Any, headers: dict[str, str], method: str, path: str, body: dict[str, Any] | None = None
) -> Any:
    response = client.open(f"{API}{path}", method=method, json=body or {}, headers=headers)
    assert response.status_code in (200, 201), (path, response.get_json())
    return response.get_json()


def account(client: Any, headers: dict[str, str], name: str, account_type: str, subtype: str) -> int:
    body = {"name": name, "account_type": account_type, "account_subtype": subtype}
    return int(call(client, headers, "POST", "/finance/accounts/inline", body)["account"]["id"])


def post_entry(client: Any, headers: dict[str, str], on: str, debit: int, credit: int, amount: str) -> None:
    lines = [{"account_id": debit, "debit": amount}, {"account_id": credit, "credit": amount}]
    call(client, headers, "POST", "/finance/journal", {"date": on, "description": "t", "lines": lines})


def seed(client: Any, headers: dict[str, str], *, tasks: int = 3) -> dict[str, Any]:
    """The fixed data set; returns the ids the assertions need."""
    ids: dict[str, Any] = {}
    # finance: cash 38.15 + bank 641.85 = 680.00; investment and a future entry are left out
    bank = account(client, headers, "Bank", "asset", "bank")
    wallet = account(client, headers, "Wallet", "asset", "cash")
    broker = account(client, headers, "Broker", "asset", "investment")
    salary = account(client, headers, "Salary", "income", "salary")
    food = account(client, headers, "Food", "expense", "groceries")
    post_entry(client, headers, "2026-03-01", bank, salary, "1000.00")
    post_entry(client, headers, "2026-03-05", wallet, bank, "50.25")
    post_entry(client, headers, "2026-03-06", food, wallet, "12.10")
    post_entry(client, headers, "2026-03-08", broker, bank, "300.00")
    post_entry(client, headers, "2026-03-11", food, bank, "7.90")  # the user's today: counted
    post_entry(client, headers, "2026-03-12", food, bank, "99.99")  # tomorrow: not yet

    # habits: Read done today (streak 3), Stretch not yet (run ending yesterday), Gym not due
    read = call(client, headers, "POST", "/habits", {"name": "Read"})["id"]
    stretch = call(client, headers, "POST", "/habits", {"name": "Stretch"})["id"]
    call(
        client,
        headers,
        "POST",
        "/habits",
        {"name": "Gym", "schedule_type": "weekdays", "schedule_days": [1, 5]},
    )
    for day in ("2026-03-09", "2026-03-10", "2026-03-11"):
        call(client, headers, "PUT", f"/habits/{read}/logs/{day}")
    for day in ("2026-03-08", "2026-03-09", "2026-03-10"):
        call(client, headers, "PUT", f"/habits/{stretch}/logs/{day}")
    ids["habits"] = (read, stretch)

    # projects: `tasks` overdue tasks (one per day back from 03-10), one due today (03-11),
    # one due tomorrow and one done — only the open ones due by today count
    project = call(client, headers, "POST", "/projects", {"name": "Garden"})["id"]
    overdue = [
        call(
            client,
            headers,
            "POST",
            f"/projects/{project}/tasks",
            {"title": f"T{n:02}", "due_date": f"2026-03-{10 - n:02}"},
        )
        for n in range(tasks)
    ]
    due_today = call(
        client, headers, "POST", f"/projects/{project}/tasks", {"title": "Plant", "due_date": "2026-03-11"}
    )
    call(client, headers, "POST", f"/projects/{project}/tasks", {"title": "Water", "due_date": "2026-03-12"})
    done = call(
        client, headers, "POST", f"/projects/{project}/tasks", {"title": "Buy", "due_date": "2026-03-02"}
    )
    call(client, headers, "PATCH", f"/projects/tasks/{done['id']}", {"status": "done"})
    ids["tasks"] = [*sorted(overdue, key=lambda t: t["due_date"]), due_today]

    # relationships: Bob never contacted, Ada 3 days past her cadence, Cy in touch
    ada = call(
        client,
        headers,
        "POST",
        "/relationships/people",
        {
            "name": "Ada",
            "cadence_days": 7,
            "importance": 4,
            "birthday": {"month": 3, "day": 15, "year": 1990},
        },
    )["id"]
    bob = call(client, headers, "POST", "/relationships/people", {"name": "Bob", "cadence_days": 30})["id"]
    cy = call(client, headers, "POST", "/relationships/people", {"name": "Cy", "cadence_days": 7})["id"]
    eve = call(
        client, headers, "POST", "/relationships/people", {"name": "Eve", "birthday": {"month": 3, "day": 11}}
    )["id"]
    call(
        client, headers, "POST", "/relationships/people", {"name": "Dee", "birthday": {"month": 3, "day": 19}}
    )
    call(
        client,
        headers,
        "POST",
        f"/relationships/people/{ada}/interactions",
        {"date": "2026-03-01", "method": "call"},
    )
    call(
        client,
        headers,
        "POST",
        f"/relationships/people/{cy}/interactions",
        {"date": "2026-03-10", "method": "call"},
    )
    ids["people"] = {"ada": ada, "bob": bob, "eve": eve}

    # journal: the newest entry has no mood, the one before it has 2; two on this day
    entries = {}
    for day, mood in (
        ("2024-03-11", 1),
        ("2025-03-11", -1),
        ("2025-03-12", 4),
        ("2026-03-10", 2),
        ("2026-03-11", None),
    ):
        entries[day] = call(
            client,
            headers,
            "POST",
            "/journal/entries",
            {"title": day, "body": "x", "mood": mood, "entry_date": day},
        )["id"]
    ids["journal"] = entries

    # health: one workout a year ago today, one the day before
    ids["workout"] = call(
        client,
        headers,
        "POST",
        "/health/workouts",
        {"type": "run", "duration_minutes": 30, "date": "2025-03-11"},
    )["id"]
    call(
        client,
        headers,
        "POST",
        "/health/workouts",
        {"type": "swim", "duration_minutes": 40, "date": "2025-03-10"},
    )

    # skills: 2025-03-10 12:00 UTC is 2025-03-11 02:00 in Kiritimati (on this day);
    # 2025-03-11 12:00 UTC is already the 12th there (not)
    guitar = call(client, headers, "POST", "/skills", {"name": "Guitar"})["id"]
    ids["skill"] = guitar
    ids["practice"] = call(
        client,
        headers,
        "POST",
        f"/skills/{guitar}/sessions",
        {"duration_minutes": 25, "practiced_at": "2025-03-10T12:00:00Z"},
    )["id"]
    call(
        client,
        headers,
        "POST",
        f"/skills/{guitar}/sessions",
        {"duration_minutes": 15, "practiced_at": "2025-03-11T12:00:00Z"},
    )
    return ids


def expected(ids: dict[str, Any]) -> dict[str, Any]:
    read, stretch = ids["habits"]
    people, journal = ids["people"], ids["journal"]
    return {
        "date": "2026-03-11",
        "timezone": EAST,
        "cash": {"balance": "680.00", "accounts": 2, "forecast": None},
        "habits": [
            {
                "habit_id": read,
                "name": "Read",
                "done": True,
                "skipped": False,
                "current_streak": 3,
                "streak_unit": "days",
            },
            {
                "habit_id": stretch,
                "name": "Stretch",
                "done": False,
                "skipped": False,
                "current_streak": 3,
                "streak_unit": "days",
            },
        ],
        "tasks": {"total": len(ids["tasks"]), "items": ids["tasks"][:10]},
        "reconnect": [
            {
                "person_id": people["bob"],
                "name": "Bob",
                "importance": None,
                "cadence_days": 30,
                "last_interaction_date": None,
                "days_since_contact": None,
                "overdue_days": None,
                "overdue_ratio": None,
            },
            {
                "person_id": people["ada"],
                "name": "Ada",
                "importance": 4,
                "cadence_days": 7,
                "last_interaction_date": "2026-03-01",
                "days_since_contact": 10,
                "overdue_days": 3,
                "overdue_ratio": "0.43",
            },
        ],
        "birthdays": [
            {
                "person_id": people["eve"],
                "name": "Eve",
                "month": 3,
                "day": 11,
                "year": None,
                "date": "2026-03-11",
                "days_until": 0,
                "turns": None,
            },
            {
                "person_id": people["ada"],
                "name": "Ada",
                "month": 3,
                "day": 15,
                "year": 1990,
                "date": "2026-03-15",
                "days_until": 4,
                "turns": 36,
            },
        ],
        "mood": {"value": 2, "date": "2026-03-10"},
        "on_this_day": {
            "journal": [
                {
                    "id": journal["2025-03-11"],
                    "title": "2025-03-11",
                    "entry_date": "2025-03-11",
                    "mood": -1,
                    "years_ago": 1,
                },
                {
                    "id": journal["2024-03-11"],
                    "title": "2024-03-11",
                    "entry_date": "2024-03-11",
                    "mood": 1,
                    "years_ago": 2,
                },
            ],
            "workouts": [
                {
                    "id": ids["workout"],
                    "date": "2025-03-11",
                    "workout_type": "run",
                    "duration_minutes": 30,
                    "years_ago": 1,
                }
            ],
            "practice": [
                {
                    "id": ids["practice"],
                    "skill_id": ids["skill"],
                    "skill_name": "Guitar",
                    "date": "2025-03-11",
                    "duration_minutes": 25,
                    "years_ago": 1,
                }
            ],
        },
    }


def get_today(client: Any, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get(TODAY_URL, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()  # type: ignore[no-any-return]


def test_today_shows_each_section_in_the_users_zone(client, user_factory, auth_headers) -> None:  # type: ignore[no-untyped-def]
    headers = auth_headers(user_factory(timezone=EAST))
    ids = seed(client, headers)
    assert get_today(client, headers) == expected(ids)


def test_tasks_are_capped_at_ten_with_the_total(client, user_factory, auth_headers) -> None:  # type: ignore[no-untyped-def]
    headers = auth_headers(user_factory(timezone=EAST))
    ids = seed(client, headers, tasks=9)
    tasks = get_today(client, headers)["tasks"]
    assert tasks["total"] == 10 and tasks["items"] == ids["tasks"][:10]
    call(
        client,
        headers,
        "POST",
        f"/projects/{ids['tasks'][0]['project_id']}/tasks",
        {"title": "Late", "due_date": "2026-02-01"},
    )
    call(
        client,
        headers,
        "POST",
        f"/projects/{ids['tasks'][0]['project_id']}/tasks",
        {"title": "Later", "due_date": "2026-03-11"},
    )
    tasks = get_today(client, headers)["tasks"]
    assert tasks["total"] == 12
    assert [t["title"] for t in tasks["items"]] == ["Late"] + [t["title"] for t in ids["tasks"][:9]]


def test_an_empty_account_has_every_section_empty(client, user_factory, auth_headers) -> None:  # type: ignore[no-untyped-def]
    headers = auth_headers(user_factory(timezone=EAST))
    assert get_today(client, headers) == {
        "date": "2026-03-11",
        "timezone": EAST,
        "cash": {"balance": "0.00", "accounts": 0, "forecast": None},
        "habits": [],
        "tasks": {"total": 0, "items": []},
        "reconnect": [],
        "birthdays": [],
        "mood": None,
        "on_this_day": {"journal": [], "workouts": [], "practice": []},
    }


def test_another_users_data_never_appears(client, user_factory, auth_headers) -> None:  # type: ignore[no-untyped-def]
    mine = auth_headers(user_factory(timezone=EAST))
    theirs = auth_headers(user_factory(timezone=EAST))
    their_ids = seed(client, theirs)
    empty = get_today(client, mine)
    assert empty["cash"]["balance"] == "0.00" and empty["habits"] == [] and empty["tasks"]["total"] == 0
    assert empty["reconnect"] == empty["birthdays"] == [] and empty["mood"] is None
    assert empty["on_this_day"] == {"journal": [], "workouts": [], "practice": []}
    my_ids = seed(client, mine)
    assert get_today(client, mine) == expected(my_ids)
    assert get_today(client, theirs) == expected(their_ids)


def test_today_follows_the_users_zone(client, user_factory, auth_headers, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """At 2026-03-10 05:00 UTC it is still 2026-03-09 in Pago Pago (UTC−11)."""
    monkeypatch.setattr(sys.modules[__name__], "NOW", datetime(2026, 3, 10, 5, 0, tzinfo=UTC))
    headers = auth_headers(user_factory(timezone="Pacific/Pago_Pago"))
    for day, mood in (("2025-03-09", 3), ("2025-03-10", 1), ("2026-03-10", -2)):
        call(client, headers, "POST", "/journal/entries", {"body": "x", "mood": mood, "entry_date": day})
    project = call(client, headers, "POST", "/projects", {"name": "Garden"})["id"]
    for day in ("2026-03-09", "2026-03-10"):
        call(client, headers, "POST", f"/projects/{project}/tasks", {"title": day, "due_date": day})
    body = get_today(client, headers)
    assert (body["date"], body["timezone"]) == ("2026-03-09", "Pacific/Pago_Pago")
    assert [e["entry_date"] for e in body["on_this_day"]["journal"]] == ["2025-03-09"]
    assert [t["title"] for t in body["tasks"]["items"]] == ["2026-03-09"]
    assert body["mood"] == {"value": 1, "date": "2025-03-10"}  # an entry dated after today is not "latest"


def test_today_needs_a_signed_in_user(client) -> None:  # type: ignore[no-untyped-def]
    assert_problem(client.get(TODAY_URL), 401)


def _queries(client: Any, headers: dict[str, str]) -> int:
    from sqlalchemy import event

    from lifeos.extensions import db

    seen: list[str] = []

    def hook(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", hook)
    try:
        get_today(client, headers)
    finally:
        event.remove(db.engine, "before_cursor_execute", hook)
    return len(seen)


def test_the_number_of_queries_does_not_grow_with_the_data(client, user_factory, auth_headers) -> None:  # type: ignore[no-untyped-def]
    headers = auth_headers(user_factory(timezone=EAST))
    ids = seed(client, headers)
    before = _queries(client, headers)
    project = ids["tasks"][0]["project_id"]
    for n in range(5):
        habit = call(client, headers, "POST", "/habits", {"name": f"More {n}"})["id"]
        call(client, headers, "PUT", f"/habits/{habit}/logs/2026-03-10")
        call(
            client,
            headers,
            "POST",
            f"/projects/{project}/tasks",
            {"title": f"More {n}", "due_date": "2026-03-01"},
        )
        call(client, headers, "POST", "/relationships/people", {"name": f"More {n}", "cadence_days": 3})
        call(
            client,
            headers,
            "POST",
            "/health/workouts",
            {"type": "run", "duration_minutes": 5, "date": f"202{n}-03-11"},
        )
    assert _queries(client, headers) == before <= 20
