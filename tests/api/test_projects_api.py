"""Projects API: projects with progress, tasks (complete, reopen), time logs, due and overdue
in the user's zone, validation, cross-user scoping, nothing written on error, events.

The clock is frozen at 2026-03-10 10:30 UTC. In Pacific/Kiritimati (UTC+14) it is already
2026-03-11; in Pacific/Pago_Pago (UTC−11) it is still 2026-03-09 — so "today" being the
user's date and not the server's is visible in every due/overdue rule.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import Any

import pytest
from sqlalchemy import func, select

from lifeos.domains.projects.models import Project, Task, TaskLog
from lifeos.platform.events import CATALOG
from lifeos.platform.outbox.models import OutboxMessage
from tests.support.problems import assert_problem

API = "/api/v1/projects"
NOW = datetime(2026, 3, 10, 10, 30, tzinfo=UTC)
EAST = "Pacific/Kiritimati"  # today 2026-03-11
WEST = "Pacific/Pago_Pago"  # today 2026-03-09


class FrozenDateTime(datetime):
    """`datetime` whose now() is NOW (the platform clock reads the time through it)."""

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> FrozenDateTime:  # type: ignore[override]
        instant = NOW.astimezone(tz) if tz is not None else NOW.replace(tzinfo=None)
        return cls.fromtimestamp(instant.timestamp(), tz)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("lifeos.platform.clock.datetime", FrozenDateTime)
    stamp = NOW.replace(tzinfo=None)  # completed_at is stamped by the services' utcnow
    monkeypatch.setattr("lifeos.domains.projects.services.tasks.utcnow", lambda: stamp)
    monkeypatch.setattr("lifeos.domains.projects.services.projects.utcnow", lambda: stamp)


@pytest.fixture
def user(user_factory: Any) -> Any:
    return user_factory(timezone=EAST)


@pytest.fixture
def headers(user: Any, auth_headers: Any) -> dict[str, str]:
    return auth_headers(user)


def post(client: Any, url: str, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    response = client.post(url, json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()  # type: ignore[no-any-return]


def project(client: Any, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    body.setdefault("name", "Garden")
    return post(client, API, headers, **body)


def task(client: Any, headers: dict[str, str], project_id: int, **body: Any) -> dict[str, Any]:
    body.setdefault("title", "Dig")
    return post(client, f"{API}/{project_id}/tasks", headers, **body)


def patch(client: Any, url: str, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    response = client.patch(url, json=body, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()  # type: ignore[no-any-return]


def count(session: Any, model: Any) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def state(session: Any) -> tuple[int, int, int, int]:
    return (
        count(session, Project),
        count(session, Task),
        count(session, TaskLog),
        count(session, OutboxMessage),
    )


def events(session: Any, user_id: int) -> list[tuple[str, dict[str, Any]]]:
    session.expire_all()
    found = session.execute(
        select(OutboxMessage.event_type, OutboxMessage.payload)
        .where(OutboxMessage.user_id == user_id, OutboxMessage.event_type.startswith("projects."))
        .order_by(OutboxMessage.id)
    ).all()
    return [(t, p) for t, p in found]


def _due_fixture(client: Any, headers: dict[str, str]) -> dict[str, int]:
    p = project(client, headers, name="House")["id"]
    ids = {
        "mar01_done": task(client, headers, p, title="mar01 done", due_date="2026-03-01", status="done")[
            "id"
        ],
        "mar08": task(client, headers, p, title="mar08", due_date="2026-03-08")["id"],
        "mar09": task(client, headers, p, title="mar09", due_date="2026-03-09", status="doing")["id"],
        "mar10": task(client, headers, p, title="mar10", due_date="2026-03-10")["id"],
        "mar11": task(client, headers, p, title="mar11", due_date="2026-03-11")["id"],
        "mar16": task(client, headers, p, title="mar16", due_date="2026-03-16")["id"],
        "mar18": task(client, headers, p, title="mar18", due_date="2026-03-18")["id"],
        "mar19": task(client, headers, p, title="mar19", due_date="2026-03-19")["id"],
        "undated": task(client, headers, p, title="undated")["id"],
    }
    archived = project(client, headers, name="Old", status="archived")["id"]
    task(client, headers, archived, title="archived", due_date="2026-03-12")
    ids["project"] = p
    return ids


# ------------------------------------------------------------------------------ due and overdue


def test_due_this_week_and_overdue_east_of_utc(client: Any, headers: dict[str, str]) -> None:
    ids = _due_fixture(client, headers)
    response = client.get(f"{API}/tasks/due?within=7", headers=headers)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["today"], body["until"], body["next_cursor"]) == ("2026-03-11", "2026-03-18", None)
    assert [(t["title"], t["overdue"]) for t in body["items"]] == [
        ("mar08", True),
        ("mar09", True),
        ("mar10", True),  # yesterday in Kiritimati, although still today in UTC
        ("mar11", False),
        ("mar16", False),
        ("mar18", False),
    ]
    assert body["items"][1]["status"] == "doing"

    overdue = client.get(f"{API}/{ids['project']}/tasks?overdue=true", headers=headers).get_json()
    assert [t["title"] for t in overdue["items"]] == ["mar08", "mar09", "mar10"]
    progress = client.get(f"{API}/{ids['project']}", headers=headers).get_json()["progress"]
    assert progress == {
        "tasks_total": 9,
        "tasks_done": 1,
        "percent_done": 11.1,
        "minutes_spent": 0,
        "overdue_tasks": 3,
    }
    one = client.get(f"{API}/tasks/{ids['mar10']}", headers=headers).get_json()
    assert one["overdue"] is True and one["due_date"] == "2026-03-10"


def test_due_this_week_and_overdue_west_of_utc(client: Any, user_factory: Any, auth_headers: Any) -> None:
    headers = auth_headers(user_factory(timezone=WEST))
    ids = _due_fixture(client, headers)
    body = client.get(f"{API}/tasks/due", headers=headers).get_json()  # within defaults to 7
    assert (body["today"], body["until"]) == ("2026-03-09", "2026-03-16")
    assert [(t["title"], t["overdue"]) for t in body["items"]] == [
        ("mar08", True),
        ("mar09", False),  # today in Pago Pago
        ("mar10", False),
        ("mar11", False),
        ("mar16", False),
    ]
    assert client.get(f"{API}/{ids['project']}", headers=headers).get_json()["progress"]["overdue_tasks"] == 1
    one_day = client.get(f"{API}/tasks/due?within=1", headers=headers).get_json()
    assert [t["title"] for t in one_day["items"]] == ["mar08", "mar09", "mar10"]


def test_due_is_paginated_by_due_date(client: Any, headers: dict[str, str]) -> None:
    _due_fixture(client, headers)
    first = client.get(f"{API}/tasks/due?within=7&limit=4", headers=headers).get_json()
    assert [t["title"] for t in first["items"]] == ["mar08", "mar09", "mar10", "mar11"]
    second = client.get(f"{API}/tasks/due?within=7&limit=4&cursor={first['next_cursor']}", headers=headers)
    assert [t["title"] for t in second.get_json()["items"]] == ["mar16", "mar18"]
    assert second.get_json()["next_cursor"] is None


@pytest.mark.parametrize("query", ["within=0", "within=366", "within=abc", "within=7.5", "within=", "soon=1"])
def test_due_window_out_of_range_is_422(client: Any, headers: dict[str, str], query: str) -> None:
    assert_problem(client.get(f"{API}/tasks/due?{query}", headers=headers), 422, "request.validation_failed")


def test_due_window_bounds_are_accepted(client: Any, headers: dict[str, str]) -> None:
    for within, until in ((1, "2026-03-12"), (365, "2027-03-11")):
        body = client.get(f"{API}/tasks/due?within={within}", headers=headers).get_json()
        assert (body["until"], body["items"]) == (until, [])


# ------------------------------------------------------------------------------ progress


def test_progress_after_completing_and_reopening_tasks(
    client: Any, session: Any, headers: dict[str, str]
) -> None:
    p = project(client, headers, name="Book", target_date="2026-06-30")
    assert p["progress"] == {
        "tasks_total": 0,
        "tasks_done": 0,
        "percent_done": None,
        "minutes_spent": 0,
        "overdue_tasks": 0,
    }
    t = [task(client, headers, p["id"], title=f"Chapter {i}") for i in range(1, 5)]
    post(client, f"{API}/tasks/{t[0]['id']}/logs", headers, minutes=90, note="draft")
    post(client, f"{API}/tasks/{t[1]['id']}/logs", headers, minutes=45, date="2026-03-01")

    done = patch(client, f"{API}/tasks/{t[0]['id']}", headers, status="done")
    assert done["status"] == "done" and done["completed_at"] == "2026-03-10T10:30:00+00:00"
    assert done["minutes_spent"] == 90
    patch(client, f"{API}/tasks/{t[1]['id']}", headers, status="done")
    progress = client.get(f"{API}/{p['id']}", headers=headers).get_json()["progress"]
    assert (progress["tasks_done"], progress["percent_done"], progress["minutes_spent"]) == (2, 50.0, 135)

    reopened = patch(client, f"{API}/tasks/{t[0]['id']}", headers, status="doing")
    assert (reopened["status"], reopened["completed_at"]) == ("doing", None)
    progress = client.get(f"{API}/{p['id']}", headers=headers).get_json()["progress"]
    assert (progress["tasks_total"], progress["tasks_done"], progress["percent_done"]) == (4, 1, 25.0)
    assert progress["minutes_spent"] == 135  # time logged stays with a reopened task

    for each in t:
        patch(client, f"{API}/tasks/{each['id']}", headers, status="done")
    after = client.get(f"{API}/{p['id']}", headers=headers).get_json()
    assert after["progress"]["percent_done"] == 100.0
    assert (after["status"], after["completed_at"]) == ("active", None)  # never completed silently
    session.expire_all()
    assert session.scalar(select(Task.status).where(Task.id == t[0]["id"])) == "done"

    completed = patch(client, f"{API}/{p['id']}", headers, status="completed")
    assert completed["completed_at"] == "2026-03-10T10:30:00+00:00"
    assert patch(client, f"{API}/{p['id']}", headers, status="active")["completed_at"] is None


def test_task_status_is_stored_in_the_legacy_vocabulary(
    client: Any, session: Any, headers: dict[str, str]
) -> None:
    p = project(client, headers)["id"]
    todo = task(client, headers, p)
    doing = task(client, headers, p, status="doing", priority=1)
    assert (todo["status"], todo["priority"], todo["completed_at"]) == ("todo", None, None)
    assert (doing["status"], doing["priority"]) == ("doing", 1)
    session.expire_all()
    stored = dict(session.execute(select(Task.id, Task.status).where(Task.project_id == p)).all())
    assert stored == {todo["id"]: "open", doing["id"]: "in_progress"}
    assert [
        t["id"] for t in client.get(f"{API}/{p}/tasks?status=doing", headers=headers).get_json()["items"]
    ] == [doing["id"]]


# ------------------------------------------------------------------------------ CRUD


def test_project_crud_and_list(client: Any, headers: dict[str, str]) -> None:
    b = project(client, headers, name="B", description="second")
    a = project(client, headers, name="A", status="archived")
    assert {k: b[k] for k in ("name", "description", "status", "target_date", "completed_at")} == {
        "name": "B",
        "description": "second",
        "status": "active",
        "target_date": None,
        "completed_at": None,
    }
    listed = client.get(f"{API}?limit=1", headers=headers).get_json()
    assert [p["name"] for p in listed["items"]] == ["A"]
    rest = client.get(f"{API}?limit=1&cursor={listed['next_cursor']}", headers=headers).get_json()
    assert ([p["name"] for p in rest["items"]], rest["next_cursor"]) == (["B"], None)
    active = client.get(f"{API}?status=active", headers=headers).get_json()
    assert [p["id"] for p in active["items"]] == [b["id"]]

    changed = patch(
        client, f"{API}/{b['id']}", headers, name="B2", target_date="2026-12-31", description=None
    )
    assert (changed["name"], changed["target_date"], changed["description"]) == ("B2", "2026-12-31", None)
    assert client.delete(f"{API}/{a['id']}", headers=headers).status_code == 204
    assert_problem(client.get(f"{API}/{a['id']}", headers=headers), 404, "projects.project_not_found")


def test_task_crud(client: Any, headers: dict[str, str]) -> None:
    p = project(client, headers)["id"]
    t = task(client, headers, p, title="Plant", notes="tulips", priority=4, due_date="2026-04-01")
    got = client.get(f"{API}/tasks/{t['id']}", headers=headers).get_json()
    assert {
        k: got[k] for k in ("project_id", "title", "notes", "status", "priority", "due_date", "overdue")
    } == {
        "project_id": p,
        "title": "Plant",
        "notes": "tulips",
        "status": "todo",
        "priority": 4,
        "due_date": "2026-04-01",
        "overdue": False,
    }
    cleared = patch(
        client, f"{API}/tasks/{t['id']}", headers, priority=None, due_date=None, title="Plant bulbs"
    )
    assert (cleared["priority"], cleared["due_date"], cleared["title"]) == (None, None, "Plant bulbs")
    log = post(client, f"{API}/tasks/{t['id']}/logs", headers, minutes=30, note="half")
    assert {k: log[k] for k in ("task_id", "minutes", "note", "date")} == {
        "task_id": t["id"],
        "minutes": 30,
        "note": "half",
        "date": "2026-03-11",  # today in Kiritimati
    }
    assert client.delete(f"{API}/tasks/{t['id']}", headers=headers).status_code == 204
    assert_problem(client.get(f"{API}/tasks/{t['id']}", headers=headers), 404, "projects.task_not_found")


def test_deleting_a_project_cascades_to_tasks_and_logs(
    client: Any, session: Any, user: Any, headers: dict[str, str]
) -> None:
    p = project(client, headers)["id"]
    keep = project(client, headers, name="Keep")["id"]
    kept = task(client, headers, keep)["id"]
    t1, t2 = task(client, headers, p)["id"], task(client, headers, p)["id"]
    post(client, f"{API}/tasks/{t1}/logs", headers, minutes=10)
    post(client, f"{API}/tasks/{t2}/logs", headers, minutes=20)
    post(client, f"{API}/tasks/{kept}/logs", headers, minutes=5)
    assert client.delete(f"{API}/{p}", headers=headers).status_code == 204
    assert (count(session, Project), count(session, Task), count(session, TaskLog)) == (1, 1, 1)
    assert events(session, user.id)[-1] == (
        "projects.project.deleted",
        {
            "project_id": p,
            "user_id": user.id,
            "project_name": "Garden",
            "tasks_deleted": 2,
            "logs_deleted": 2,
        },
    )


def test_tasks_due_route_is_not_taken_for_an_id(client: Any, headers: dict[str, str]) -> None:
    assert client.get(f"{API}/tasks/due", headers=headers).status_code == 200
    assert client.get(f"{API}/tasks/soon", headers=headers).status_code == 404
    assert client.get(f"{API}/tasks", headers=headers).status_code in (404, 405)


# ------------------------------------------------------------------------------ errors


BAD_PROJECTS = [
    ({}, "name"),
    ({"name": ""}, "name"),
    ({"name": "x" * 256}, "name"),
    ({"name": "P", "status": "done"}, "status"),
    ({"name": "P", "status": None}, "status"),
    ({"name": "P", "target_date": "2026-02-30"}, "target_date"),
    ({"name": "P", "target_date": "tomorrow"}, "target_date"),
    ({"name": "P", "colour": "red"}, "colour"),
]
BAD_TASKS = [
    ({}, "title"),
    ({"title": "T", "status": "finished"}, "status"),
    ({"title": "T", "status": "open"}, "status"),
    ({"title": "T", "priority": 0}, "priority"),
    ({"title": "T", "priority": 5}, "priority"),
    ({"title": "T", "priority": True}, "priority"),
    ({"title": "T", "priority": 1.5}, "priority"),
    ({"title": "T", "priority": "1"}, "priority"),
    ({"title": "T", "due_date": "2026-02-30"}, "due_date"),
    ({"title": "T", "notes": "x" * 5001}, "notes"),
]
BAD_PATCHES = [
    ({"title": None}, "title"),
    ({"status": None}, "status"),
    ({"status": "cancelled"}, "status"),
    ({"priority": 9}, "priority"),
    ({"due_date": "2026-13-01"}, "due_date"),
]
BAD_LOGS = [
    ({}, "minutes"),
    ({"minutes": 0}, "minutes"),
    ({"minutes": 1441}, "minutes"),
    ({"minutes": "30"}, "minutes"),
    ({"minutes": 30, "date": "2026-02-30"}, "date"),
    ({"minutes": 30.5}, "minutes"),
    ({"minutes": False}, "minutes"),
    ({"minutes": 30, "note": "x" * 2001}, "note"),
]


def test_bad_input_is_422_and_writes_nothing(client: Any, session: Any, headers: dict[str, str]) -> None:
    p = project(client, headers)
    t = task(client, headers, p["id"], status="done")
    before = state(session)
    cases = (
        [("POST", API, body, field) for body, field in BAD_PROJECTS]
        + [("PATCH", f"{API}/{p['id']}", {"name": None}, "name")]
        + [("PATCH", f"{API}/{p['id']}", {"status": "finished"}, "status")]
        + [("POST", f"{API}/{p['id']}/tasks", body, field) for body, field in BAD_TASKS]
        + [("PATCH", f"{API}/tasks/{t['id']}", body, field) for body, field in BAD_PATCHES]
        + [("POST", f"{API}/tasks/{t['id']}/logs", body, field) for body, field in BAD_LOGS]
    )
    for method, url, body, field in cases:
        problem = assert_problem(client.open(url, method=method, json=body, headers=headers), 422)
        assert field in {e["field"] for e in problem["errors"]}, (url, body, problem)
    assert state(session) == before
    again = client.get(f"{API}/tasks/{t['id']}", headers=headers).get_json()
    assert (again["status"], again["completed_at"]) == ("done", t["completed_at"])


def test_another_users_ids_are_404_on_every_route_and_nothing_is_written(
    client: Any, session: Any, headers: dict[str, str], user_factory: Any, auth_headers: Any
) -> None:
    p = project(client, headers)["id"]
    t = task(client, headers, p, due_date="2026-03-01")["id"]
    post(client, f"{API}/tasks/{t}/logs", headers, minutes=15)
    intruder = auth_headers(user_factory(timezone=WEST))
    before = state(session)
    routes = [
        ("GET", f"{API}/{p}", None, "projects.project_not_found"),
        ("PATCH", f"{API}/{p}", {"name": "Mine"}, "projects.project_not_found"),
        ("DELETE", f"{API}/{p}", None, "projects.project_not_found"),
        ("GET", f"{API}/{p}/tasks", None, "projects.project_not_found"),
        ("POST", f"{API}/{p}/tasks", {"title": "Mine"}, "projects.project_not_found"),
        ("GET", f"{API}/tasks/{t}", None, "projects.task_not_found"),
        ("PATCH", f"{API}/tasks/{t}", {"status": "done"}, "projects.task_not_found"),
        ("DELETE", f"{API}/tasks/{t}", None, "projects.task_not_found"),
        ("POST", f"{API}/tasks/{t}/logs", {"minutes": 5}, "projects.task_not_found"),
        ("GET", f"{API}/{2**31 - 1}", None, "projects.project_not_found"),
        ("GET", f"{API}/tasks/{2**31}", None, "request.not_found"),
    ]
    for method, url, body, code in routes:
        assert_problem(client.open(url, method=method, json=body, headers=intruder), 404, code)
    assert state(session) == before
    assert client.get(API, headers=intruder).get_json()["items"] == []
    assert client.get(f"{API}/tasks/due?within=365", headers=intruder).get_json()["items"] == []


def test_unauthenticated_is_401(client: Any) -> None:
    assert_problem(client.get(API), 401)
    assert_problem(client.get(f"{API}/tasks/due"), 401)


# ------------------------------------------------------------------------------ events


def test_events_are_emitted_and_catalogued(
    client: Any, session: Any, user: Any, headers: dict[str, str]
) -> None:
    p = project(client, headers, name="Trip", target_date="2026-05-01")["id"]
    t = task(client, headers, p, title="Book", due_date="2026-03-20")["id"]
    patch(client, f"{API}/tasks/{t}", headers, status="doing", priority=2)
    patch(client, f"{API}/tasks/{t}", headers, status="done")
    patch(client, f"{API}/tasks/{t}", headers, status="todo")
    patch(client, f"{API}/tasks/{t}", headers, title="Book", priority=2)  # no change: no event
    log = post(client, f"{API}/tasks/{t}/logs", headers, minutes=25, date="2026-03-02")
    patch(client, f"{API}/{p}", headers, status="archived")
    assert client.delete(f"{API}/tasks/{t}", headers=headers).status_code == 204
    assert client.delete(f"{API}/{p}", headers=headers).status_code == 204
    uid = user.id
    assert events(session, uid) == [
        (
            "projects.project.created",
            {
                "project_id": p,
                "user_id": uid,
                "project_name": "Trip",
                "status": "active",
                "target_date": "2026-05-01",
            },
        ),
        (
            "projects.task.created",
            {
                "task_id": t,
                "project_id": p,
                "user_id": uid,
                "title": "Book",
                "status": "todo",
                "due_date": "2026-03-20",
            },
        ),
        (
            "projects.task.updated",
            {"task_id": t, "project_id": p, "user_id": uid, "changed": ["status", "priority"]},
        ),
        (
            "projects.task.completed",
            {"task_id": t, "project_id": p, "user_id": uid, "completed_on": "2026-03-11"},
        ),
        ("projects.task.reopened", {"task_id": t, "project_id": p, "user_id": uid, "status": "todo"}),
        (
            "projects.time.logged",
            {
                "log_id": log["id"],
                "task_id": t,
                "project_id": p,
                "user_id": uid,
                "minutes": 25,
                "logged_date": "2026-03-02",
            },
        ),
        (
            "projects.project.updated",
            {"project_id": p, "user_id": uid, "changed": ["status"], "status": "archived"},
        ),
        (
            "projects.task.deleted",
            {"task_id": t, "project_id": p, "user_id": uid, "logs_deleted": 1, "minutes_deleted": 25},
        ),
        (
            "projects.project.deleted",
            {"project_id": p, "user_id": uid, "project_name": "Trip", "tasks_deleted": 0, "logs_deleted": 0},
        ),
    ]
    emitted = {name for name, _ in events(session, uid)}
    assert emitted <= set(CATALOG)
    assert {n for n in CATALOG if n.startswith("projects.")} == emitted
