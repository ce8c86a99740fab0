"""Concurrent writes of one habit day leave one row (the upsert is insert-first, never
check-then-insert), and concurrent creations of one name create one habit."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import func, select

from lifeos.domains.habits.models import Habit, HabitLog
from lifeos.extensions import db
from lifeos.platform.outbox.models import OutboxMessage

API = "/api/v1/habits"
WORKERS = 12


def _together(app: Any, calls: list[tuple[str, str, dict[str, Any]]], headers: dict[str, str]) -> list[Any]:
    barrier = threading.Barrier(len(calls))

    def one(call: tuple[str, str, dict[str, Any]]) -> tuple[int, Any]:
        method, url, body = call
        client = app.test_client()
        barrier.wait(timeout=10)
        response = client.open(url, method=method, json=body, headers=headers)
        return response.status_code, response.get_json()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(one, calls))


def test_concurrent_puts_of_one_day_leave_one_row(committed_app, user_factory, auth_headers) -> None:  # type: ignore[no-untyped-def]
    user = user_factory()
    headers = auth_headers(user)
    db.session.commit()
    client = committed_app.test_client()
    made = client.post(API, json={"name": "Water", "kind": "numeric", "target_value": 100}, headers=headers)
    assert made.status_code == 201, made.get_json()
    habit_id = made.get_json()["id"]
    url = f"{API}/{habit_id}/logs/2026-01-05"

    results = _together(committed_app, [("PUT", url, {"value": n}) for n in range(1, WORKERS + 1)], headers)

    statuses = sorted(status for status, _ in results)
    assert statuses == [200] * (WORKERS - 1) + [201], results
    db.session.remove()
    rows = db.session.execute(select(HabitLog.value).where(HabitLog.habit_id == habit_id)).scalars().all()
    assert len(rows) == 1 and 1 <= rows[0] <= WORKERS
    logged = db.session.execute(
        select(OutboxMessage.payload).where(OutboxMessage.event_type == "habits.habit.logged")
    ).scalars()
    assert sorted(p["created"] for p in logged) == [False] * (WORKERS - 1) + [True]


def test_concurrent_creations_of_one_name_make_one_habit(committed_app, user_factory, auth_headers) -> None:  # type: ignore[no-untyped-def]
    user = user_factory()
    user_id, headers = user.id, auth_headers(user)
    db.session.commit()

    results = _together(committed_app, [("POST", API, {"name": "Meditate"})] * WORKERS, headers)

    statuses = sorted(status for status, _ in results)
    assert statuses == [201] + [409] * (WORKERS - 1), results
    assert {body["code"] for status, body in results if status == 409} == {"habits.name_taken"}
    db.session.remove()
    count = db.session.scalar(select(func.count()).select_from(Habit).where(Habit.user_id == user_id))
    assert count == 1
