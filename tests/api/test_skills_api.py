"""Skills API: CRUD, unique names, practice sessions, metrics through the outbox, errors, events.

The clock is frozen at 2026-03-10 11:00 UTC; the user lives in Pacific/Kiritimati (UTC+14),
where it is already Wednesday 2026-03-11 01:00 — so local days (streak, 7/30-day windows,
`from`/`to`) differ visibly from UTC days.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import Any

import pytest
from sqlalchemy import func, select

from lifeos.domains.skills.models import PracticeSession, Skill, SkillMetric
from lifeos.platform.events import CATALOG
from lifeos.platform.outbox.models import OutboxMessage
from lifeos.platform.outbox.worker import WorkerSettings, process_batch
from tests.support.problems import assert_problem

API = "/api/v1/skills"
ZONE = "Pacific/Kiritimati"
NOW = datetime(2026, 3, 10, 11, 0, tzinfo=UTC)


class Frozen:
    instant = NOW


class FrozenDateTime(datetime):
    @classmethod
    def now(cls, tz: tzinfo | None = None) -> FrozenDateTime:  # type: ignore[override]
        at = Frozen.instant
        instant = at.astimezone(tz) if tz is not None else at.replace(tzinfo=None)
        return cls.fromtimestamp(instant.timestamp(), tz)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    Frozen.instant = NOW
    monkeypatch.setattr("lifeos.platform.clock.datetime", FrozenDateTime)


@pytest.fixture
def user(user_factory: Any) -> Any:
    return user_factory(timezone=ZONE)


@pytest.fixture
def headers(user: Any, auth_headers: Any) -> dict[str, str]:
    return auth_headers(user)  # type: ignore[no-any-return]


def create(client: Any, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    body.setdefault("name", "Guitar")
    response = client.post(API, json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()  # type: ignore[no-any-return]


def log(client: Any, headers: dict[str, str], skill_id: int, **body: Any) -> dict[str, Any]:
    body.setdefault("duration_minutes", 30)
    response = client.post(f"{API}/{skill_id}/sessions", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()  # type: ignore[no-any-return]


def count(session: Any, model: Any) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def events(session: Any, user_id: int) -> list[tuple[str, dict[str, Any]]]:
    session.expire_all()
    found = session.execute(
        select(OutboxMessage.event_type, OutboxMessage.payload)
        .where(OutboxMessage.user_id == user_id, OutboxMessage.event_type.startswith("skills."))
        .order_by(OutboxMessage.id)
    ).all()
    return [(t, p) for t, p in found]


def deliver(session: Any) -> None:
    opts = WorkerSettings(backoff_jitter=0.0, poll_seconds=0.01)
    while process_batch(session, worker_id="test", settings=opts).claimed:
        pass


def everything(session: Any) -> tuple[int, int, int, int]:
    return (
        count(session, Skill),
        count(session, PracticeSession),
        count(session, SkillMetric),
        count(session, OutboxMessage),
    )


# ------------------------------------------------------------------------------ skills


def test_create_get_list_patch_delete_a_skill(client, headers, user, session) -> None:  # type: ignore[no-untyped-def]
    made = create(
        client,
        headers,
        name="  Guitar ",
        category="music",
        current_level=3,
        target_level=8,
        tags=["a", "b", "a"],
    )
    assert {
        k: made[k] for k in ("name", "category", "description", "current_level", "target_level", "tags")
    } == {
        "name": "Guitar",
        "category": "music",
        "description": None,
        "current_level": 3,
        "target_level": 8,
        "tags": ["a", "b"],
    }
    assert made["created_at"].endswith("+00:00")
    assert client.get(f"{API}/{made['id']}", headers=headers).get_json() == made

    create(client, headers, name="Chess", category="games")
    create(client, headers, name="Bass", category="music")
    page = client.get(f"{API}?limit=2", headers=headers).get_json()
    assert [s["name"] for s in page["items"]] == ["Bass", "Chess"]
    rest = client.get(f"{API}?limit=2&cursor={page['next_cursor']}", headers=headers).get_json()
    assert [s["name"] for s in rest["items"]] == ["Guitar"] and rest["next_cursor"] is None
    music = client.get(f"{API}?category=music", headers=headers).get_json()
    assert [s["name"] for s in music["items"]] == ["Bass", "Guitar"]

    changed = client.patch(
        f"{API}/{made['id']}", json={"current_level": 4, "category": None}, headers=headers
    )
    assert changed.status_code == 200
    assert (changed.get_json()["current_level"], changed.get_json()["category"]) == (4, None)
    assert changed.get_json()["updated_at"] is not None

    log(client, headers, made["id"])
    deliver(session)
    assert client.delete(f"{API}/{made['id']}", headers=headers).status_code == 204
    assert_problem(client.get(f"{API}/{made['id']}", headers=headers), 404, "skills.skill_not_found")
    session.expire_all()
    assert (
        session.scalar(
            select(func.count()).select_from(PracticeSession).where(PracticeSession.skill_id == made["id"])
        )
        == 0
    )
    assert (
        session.scalar(
            select(func.count()).select_from(SkillMetric).where(SkillMetric.skill_id == made["id"])
        )
        == 0
    )

    kinds = [t for t, _ in events(session, user.id)]
    assert kinds == [
        "skills.skill.created",
        "skills.skill.created",
        "skills.skill.created",
        "skills.skill.updated",
        "skills.practice.logged",
        "skills.skill.deleted",
    ]
    assert events(session, user.id)[3][1]["changed"] == ["category", "current_level"]
    assert events(session, user.id)[-1][1]["sessions_deleted"] == 1
    assert set(kinds) <= set(CATALOG)


def test_unique_names_are_409_and_write_nothing(client, headers, user, session) -> None:  # type: ignore[no-untyped-def]
    create(client, headers, name="Guitar")
    chess = create(client, headers, name="Chess")
    before = everything(session)
    assert_problem(client.post(API, json={"name": "Guitar"}, headers=headers), 409, "skills.name_taken")
    renamed = client.patch(f"{API}/{chess['id']}", json={"name": " Guitar"}, headers=headers)
    assert_problem(renamed, 409, "skills.name_taken")
    assert everything(session) == before
    assert client.get(f"{API}/{chess['id']}", headers=headers).get_json()["name"] == "Chess"


def test_names_are_unique_per_user_only(client, headers, user_factory, auth_headers) -> None:  # type: ignore[no-untyped-def]
    create(client, headers, name="Guitar")
    create(client, auth_headers(user_factory(timezone=ZONE)), name="Guitar")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "X", "current_level": 11}, "current_level"),
        ({"name": "X", "target_level": 0}, "target_level"),
        ({"name": "X", "current_level": True}, "current_level"),
        ({"name": "   "}, "name"),
        ({"name": "X" * 256}, "name"),
        ({"name": "X", "tags": [""]}, "tags[0]"),
        ({"name": "X", "tags": ["t"] * 21}, "tags"),
        ({"name": "X", "colour": "red"}, "colour"),
        ({}, "name"),
    ],
)
def test_bad_skill_input_is_422_and_writes_nothing(client, headers, session, body, field) -> None:  # type: ignore[no-untyped-def]
    before = everything(session)
    problem = assert_problem(client.post(API, json=body, headers=headers), 422, "request.validation_failed")
    assert field in [e["field"] for e in problem["errors"]]
    assert everything(session) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 1441}, "duration_minutes"),
        ({"duration_minutes": 10, "intensity": 6}, "intensity"),
        ({"duration_minutes": 10, "practiced_at": "2026-02-30T10:00:00Z"}, "practiced_at"),
        ({"duration_minutes": 10, "practiced_at": "2026-03-01T10:00:00"}, "practiced_at"),
        ({"duration_minutes": 10, "practiced_at": "2026-03-01"}, "practiced_at"),
        ({"duration_minutes": 10, "notes": "x" * 2001}, "notes"),
        ({"duration_minutes": 10.5}, "duration_minutes"),
    ],
)
def test_bad_session_input_is_422_and_writes_nothing(client, headers, session, body, field) -> None:  # type: ignore[no-untyped-def]
    skill = create(client, headers)
    before = everything(session)
    problem = assert_problem(
        client.post(f"{API}/{skill['id']}/sessions", json=body, headers=headers),
        422,
        "request.validation_failed",
    )
    assert field in [e["field"] for e in problem["errors"]]
    assert everything(session) == before


def test_patch_refuses_null_for_required_fields(client, headers, session) -> None:  # type: ignore[no-untyped-def]
    skill = create(client, headers)
    practice = log(client, headers, skill["id"])
    before = everything(session)
    assert_problem(client.patch(f"{API}/{skill['id']}", json={"name": None}, headers=headers), 422)
    for field in ("duration_minutes", "practiced_at"):
        response = client.patch(f"{API}/sessions/{practice['id']}", json={field: None}, headers=headers)
        assert_problem(response, 422, "request.validation_failed")
    assert everything(session) == before


def test_another_users_ids_are_404_on_every_route(
    client, headers, user_factory, auth_headers, session
) -> None:  # type: ignore[no-untyped-def]
    skill = create(client, headers)
    practice = log(client, headers, skill["id"])
    intruder = auth_headers(user_factory(timezone="America/Adak"))
    before = everything(session)
    calls = [
        ("get", f"{API}/{skill['id']}", None, "skills.skill_not_found"),
        ("patch", f"{API}/{skill['id']}", {"name": "Mine"}, "skills.skill_not_found"),
        ("delete", f"{API}/{skill['id']}", None, "skills.skill_not_found"),
        ("get", f"{API}/{skill['id']}/sessions", None, "skills.skill_not_found"),
        ("post", f"{API}/{skill['id']}/sessions", {"duration_minutes": 5}, "skills.skill_not_found"),
        ("get", f"{API}/{skill['id']}/metrics", None, "skills.skill_not_found"),
        ("patch", f"{API}/sessions/{practice['id']}", {"duration_minutes": 5}, "skills.session_not_found"),
        ("delete", f"{API}/sessions/{practice['id']}", None, "skills.session_not_found"),
    ]
    for method, url, body, code in calls:
        assert_problem(getattr(client, method)(url, json=body, headers=intruder), 404, code)
    assert everything(session) == before
    assert client.get(API, headers=intruder).get_json() == {"items": [], "next_cursor": None}
    # Ids past the INTEGER range are simply not found.
    assert_problem(client.get(f"{API}/{2**31}", headers=headers), 404)
    assert_problem(
        client.delete(f"{API}/sessions/{2**31 - 1}", headers=headers), 404, "skills.session_not_found"
    )


# ------------------------------------------------------------------------------ sessions


def test_sessions_crud_and_local_date_filter(client, headers, user, session) -> None:  # type: ignore[no-untyped-def]
    skill = create(client, headers)
    # 2026-03-10T10:30Z is 2026-03-11 00:30 in Kiritimati; 2026-03-09T12:00Z is 2026-03-10 02:00.
    late = log(client, headers, skill["id"], practiced_at="2026-03-10T10:30:00Z", intensity=3, notes="scales")
    early = log(client, headers, skill["id"], practiced_at="2026-03-10T02:00:00+14:00", duration_minutes=45)
    default = log(client, headers, skill["id"], duration_minutes=5)
    assert late["practiced_at"] == "2026-03-10T10:30:00+00:00"
    assert (late["intensity"], late["notes"], late["skill_id"]) == (3, "scales", skill["id"])
    assert early["practiced_at"] == "2026-03-09T12:00:00+00:00"

    listed = client.get(f"{API}/{skill['id']}/sessions", headers=headers).get_json()
    # `practiced_at` defaults to the real now, the newest of the three.
    assert [s["id"] for s in listed["items"]] == [default["id"], late["id"], early["id"]]
    first = client.get(f"{API}/{skill['id']}/sessions?limit=1", headers=headers).get_json()
    second = client.get(
        f"{API}/{skill['id']}/sessions?limit=1&cursor={first['next_cursor']}", headers=headers
    )
    assert [s["id"] for s in second.get_json()["items"]] == [late["id"]]
    on_the_11th = client.get(f"{API}/{skill['id']}/sessions?from=2026-03-11&to=2026-03-11", headers=headers)
    assert [s["id"] for s in on_the_11th.get_json()["items"]] == [late["id"]]
    on_the_10th = client.get(f"{API}/{skill['id']}/sessions?from=2026-03-10&to=2026-03-10", headers=headers)
    assert [s["id"] for s in on_the_10th.get_json()["items"]] == [early["id"]]
    assert_problem(
        client.get(f"{API}/{skill['id']}/sessions?from=2026-03-11&to=2026-03-10", headers=headers),
        422,
        "skills.invalid_period",
    )

    changed = client.patch(
        f"{API}/sessions/{early['id']}", json={"duration_minutes": 50, "intensity": None}, headers=headers
    )
    assert changed.status_code == 200
    assert (changed.get_json()["duration_minutes"], changed.get_json()["intensity"]) == (50, None)
    assert client.delete(f"{API}/sessions/{late['id']}", headers=headers).status_code == 204
    assert_problem(
        client.delete(f"{API}/sessions/{late['id']}", headers=headers), 404, "skills.session_not_found"
    )

    found = events(session, user.id)
    assert [t for t, _ in found] == [
        "skills.skill.created",
        "skills.practice.logged",
        "skills.practice.logged",
        "skills.practice.logged",
        "skills.practice.updated",
        "skills.practice.deleted",
    ]
    assert found[1][1] == {
        "session_id": late["id"],
        "skill_id": skill["id"],
        "user_id": user.id,
        "practiced_at": "2026-03-10T10:30:00+00:00",
        "duration_minutes": 30,
        "intensity": 3,
    }
    assert found[4][1]["changed"] == ["duration_minutes", "intensity"]
    assert {t for t, _ in found} <= set(CATALOG)


# ------------------------------------------------------------------------------ metrics


SESSIONS = [
    ("2026-03-10T10:30:00Z", 30),  # local 2026-03-11 (today)
    ("2026-03-09T12:00:00Z", 45),  # local 2026-03-10
    ("2026-03-09T09:00:00Z", 20),  # local 2026-03-09
    ("2026-03-01T00:00:00Z", 60),  # local 2026-03-01: in the 30 days, not the 7
    ("2026-01-20T00:00:00Z", 15),  # outside both windows
]


def test_metrics_follow_the_outbox_in_the_users_zone(client, headers, session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    skill = create(client, headers)
    url = f"{API}/{skill['id']}/metrics"
    never = client.get(url, headers=headers).get_json()
    assert never["freshness"] == {"computed_at": None, "pending_changes": 1, "up_to_date": False}
    assert (never["total_minutes"], never["session_count"], never["streak_days"]) == (0, 0, 0)

    made = [log(client, headers, skill["id"], practiced_at=at, duration_minutes=m) for at, m in SESSIONS]
    stale = client.get(url, headers=headers).get_json()
    assert stale["freshness"]["pending_changes"] == 6 and not stale["freshness"]["up_to_date"]

    deliver(session)
    body = client.get(url, headers=headers).get_json()
    computed_at = body["freshness"].pop("computed_at")
    assert computed_at is not None and computed_at.endswith("+00:00")
    assert body == {
        "skill_id": skill["id"],
        "as_of": "2026-03-11",
        "total_minutes": 170,
        "session_count": 5,
        "last_practiced_at": "2026-03-10T10:30:00+00:00",
        "last_practiced_on": "2026-03-11",
        "streak_days": 3,  # 11th, 10th, 9th in Kiritimati (only 2 UTC days)
        "minutes_7d": 95,
        "minutes_30d": 155,
        "freshness": {"pending_changes": 0, "up_to_date": True},
    }

    # An edit and a delete: pending until delivered, then recomputed (not incremented).
    client.patch(f"{API}/sessions/{made[1]['id']}", json={"duration_minutes": 40}, headers=headers)
    client.delete(f"{API}/sessions/{made[2]['id']}", headers=headers)
    assert client.get(url, headers=headers).get_json()["freshness"]["pending_changes"] == 2
    deliver(session)
    body = client.get(url, headers=headers).get_json()
    assert (body["total_minutes"], body["session_count"], body["streak_days"]) == (145, 4, 2)
    assert (body["minutes_7d"], body["minutes_30d"], body["freshness"]["up_to_date"]) == (70, 130, True)

    # Nine days later nothing was delivered, yet the date-relative numbers are for the new today.
    Frozen.instant = datetime(2026, 3, 20, 11, 0, tzinfo=UTC)  # 2026-03-21 in Kiritimati
    later = client.get(url, headers=headers).get_json()
    assert (later["as_of"], later["streak_days"], later["minutes_7d"], later["minutes_30d"]) == (
        "2026-03-21",
        0,
        0,
        130,
    )
    assert (later["total_minutes"], later["session_count"]) == (145, 4)


def test_rebuild_metrics_cli_recomputes_from_the_sessions(app, client, headers, session) -> None:  # type: ignore[no-untyped-def]
    skill = create(client, headers)
    for at, minutes in SESSIONS:
        log(client, headers, skill["id"], practiced_at=at, duration_minutes=minutes)
    deliver(session)
    session.expire_all()
    expected = {
        m.name: (m.value, m.value_at)
        for m in session.scalars(select(SkillMetric).where(SkillMetric.skill_id == skill["id"]))
    }
    # Damage the rollup, then rebuild it.
    for metric in session.scalars(select(SkillMetric).where(SkillMetric.skill_id == skill["id"])):
        metric.value = 999
    session.flush()
    result = app.test_cli_runner().invoke(args=["skills", "rebuild-metrics"])
    assert result.exit_code == 0, result.output
    assert "rebuilt the metrics of 1 skill(s)" in result.output
    session.expire_all()
    rebuilt = {
        m.name: (m.value, m.value_at)
        for m in session.scalars(select(SkillMetric).where(SkillMetric.skill_id == skill["id"]))
    }
    assert rebuilt == expected
    assert expected["total_minutes"][0] == 170
