"""Relationships over HTTP: people, interactions, the reconnect list and birthdays.

The clock is frozen; the user lives in Pacific/Kiritimati (UTC+14), a day ahead of UTC at every
frozen instant used here, so a "today" computed in UTC would give other answers. Every test
runs on SQLite and PostgreSQL (the `app` fixture); every expected value is exact.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

import pytest
from sqlalchemy import func, select

from lifeos.domains.relationships.models import Interaction, Person
from lifeos.platform.events import CATALOG
from lifeos.platform.outbox.models import OutboxMessage
from tests.support.problems import assert_problem

API = "/api/v1/relationships"
ZONE = "Pacific/Kiritimati"


def freeze(monkeypatch: pytest.MonkeyPatch, local_day: date) -> None:
    """Freeze the clock at 01:00 on `local_day` in Kiritimati (11:00 UTC the day before)."""
    instant = datetime.combine(local_day - timedelta(days=1), time(11, 0), tzinfo=UTC)

    class Frozen(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> Frozen:  # type: ignore[override]
            return cls.fromtimestamp(instant.timestamp(), tz)

    monkeypatch.setattr("lifeos.platform.clock.datetime", Frozen)


Api = Callable[..., Any]


@pytest.fixture
def user(user_factory):  # type: ignore[no-untyped-def]
    return user_factory(timezone=ZONE)


@pytest.fixture
def api(client, user, auth_headers) -> Api:  # type: ignore[no-untyped-def]
    headers = auth_headers(user)

    def call(method: str, path: str = "", body: dict[str, Any] | None = None) -> Any:
        if method == "GET":
            return client.get(f"{API}{path}", headers=headers)
        return client.open(f"{API}{path}", method=method, json=body or {}, headers=headers)

    return call


def person(api: Api, name: str, **fields: Any) -> int:
    response = api("POST", "/people", {"name": name, **fields})
    assert response.status_code == 201, response.get_json()
    return int(response.get_json()["id"])


def interact(api: Api, person_id: int, day: str, **fields: Any) -> int:
    response = api("POST", f"/people/{person_id}/interactions", {"date": day, **fields})
    assert response.status_code == 201, response.get_json()
    return int(response.get_json()["id"])


def _events(session: Any, user_id: int) -> list[tuple[str, dict[str, Any]]]:
    session.expire_all()
    rows = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.user_id == user_id, OutboxMessage.event_type.startswith("relationships."))
        .order_by(OutboxMessage.id)
    )
    return [(m.event_type, m.payload) for m in rows]


def _state(session: Any, user_id: int) -> tuple[int, int, int]:
    session.expire_all()

    def count(model: Any) -> int:
        return int(
            session.scalar(select(func.count()).select_from(model).where(model.user_id == user_id)) or 0
        )

    return count(Person), count(Interaction), count(OutboxMessage)


def _fields(body: dict[str, Any]) -> set[str]:
    return {e["field"] for e in body.get("errors", [])}


# ------------------------------------------------------------------------------ people


def test_person_round_trip_with_events(api, session, user, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    freeze(monkeypatch, date(2026, 3, 11))
    created = api(
        "POST",
        "/people",
        {
            "name": "  Ada Lovelace ",
            "relationship_type": "friend",
            "importance": 5,
            "tags": ["math", "poetry"],
            "notes": "Met at the Analytical Society",
            "birthday": {"month": 12, "day": 10, "year": 1990},
            "first_met_date": "2015-06-01",
            "cadence_days": 14,
        },
    )
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    pid = body["id"]
    assert {k: v for k, v in body.items() if k not in {"id", "created_at", "updated_at"}} == {
        "name": "Ada Lovelace",
        "relationship_type": "friend",
        "importance": 5,
        "tags": ["math", "poetry"],
        "notes": "Met at the Analytical Society",
        "birthday": {"month": 12, "day": 10, "year": 1990},
        "age": 35,
        "first_met_date": "2015-06-01",
        "cadence_days": 14,
        "snoozed_until": None,
        "last_interaction_date": None,
    }
    assert body["created_at"].endswith("+00:00")
    row = session.get(Person, pid)
    assert (row.birthday, row.birthday_month, row.birthday_day, row.birthday_year) == (
        date(1990, 12, 10),
        12,
        10,
        1990,
    )

    patched = api("PATCH", f"/people/{pid}", {"importance": 3, "birthday": {"month": 12, "day": 10}})
    assert patched.status_code == 200, patched.get_json()
    assert (patched.get_json()["importance"], patched.get_json()["birthday"], patched.get_json()["age"]) == (
        3,
        {"month": 12, "day": 10, "year": None},
        None,
    )
    session.expire_all()
    assert session.get(Person, pid).birthday is None  # the legacy column holds full dates only

    snoozed = api("PATCH", f"/people/{pid}", {"snoozed_until": "2026-04-01"})
    assert snoozed.get_json()["snoozed_until"] == "2026-04-01"

    iid = interact(api, pid, "2026-03-10", method="call", sentiment=-2, notes="long chat")
    got = api("GET", f"/people/{pid}").get_json()
    assert got["last_interaction_date"] == "2026-03-10"
    listed = api("GET", "/people").get_json()
    assert [(p["id"], p["name"]) for p in listed["items"]] == [(pid, "Ada Lovelace")]
    assert listed["next_cursor"] is None

    changed = api("PATCH", f"/interactions/{iid}", {"sentiment": 2, "method": "meeting"})
    assert changed.status_code == 200, changed.get_json()
    assert {k: v for k, v in changed.get_json().items() if k not in {"created_at", "updated_at"}} == {
        "id": iid,
        "person_id": pid,
        "date": "2026-03-10",
        "method": "meeting",
        "notes": "long chat",
        "sentiment": 2,
    }
    assert api("DELETE", f"/interactions/{iid}").status_code == 204
    assert api("DELETE", f"/people/{pid}").status_code == 204
    assert_problem(api("GET", f"/people/{pid}"), 404, "relationships.person_not_found")

    events = _events(session, user.id)
    assert events == [
        (
            "relationships.person.created",
            {
                "person_id": pid,
                "user_id": user.id,
                "person_name": "Ada Lovelace",
                "importance": 5,
                "cadence_days": 14,
            },
        ),
        (
            "relationships.person.updated",
            {
                "person_id": pid,
                "user_id": user.id,
                "changed": ["birthday", "importance"],
                "person_name": "Ada Lovelace",
                "importance": 3,
                "cadence_days": 14,
            },
        ),
        (
            "relationships.person.snoozed",
            {"person_id": pid, "user_id": user.id, "snoozed_until": "2026-04-01"},
        ),
        (
            "relationships.interaction.logged",
            {
                "interaction_id": iid,
                "person_id": pid,
                "user_id": user.id,
                "date": "2026-03-10",
                "method": "call",
                "sentiment": -2,
            },
        ),
        (
            "relationships.interaction.updated",
            {
                "interaction_id": iid,
                "person_id": pid,
                "user_id": user.id,
                "changed": ["method", "sentiment"],
                "date": "2026-03-10",
                "method": "meeting",
                "sentiment": 2,
            },
        ),
        (
            "relationships.interaction.deleted",
            {"interaction_id": iid, "person_id": pid, "user_id": user.id, "date": "2026-03-10"},
        ),
        ("relationships.person.deleted", {"person_id": pid, "user_id": user.id}),
    ]
    assert all(name in CATALOG for name, _ in events)


def test_every_relationships_event_is_catalogued() -> None:
    names = {n for n in CATALOG if n.startswith("relationships.")}
    assert names == {
        "relationships.person.created",
        "relationships.person.updated",
        "relationships.person.snoozed",
        "relationships.person.deleted",
        "relationships.interaction.logged",
        "relationships.interaction.updated",
        "relationships.interaction.deleted",
    }
    for name in names:
        assert CATALOG[name].__doc__ and CATALOG[name].version == 1


def test_interaction_date_defaults_to_today_in_the_users_zone(api, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    freeze(monkeypatch, date(2026, 3, 11))  # 2026-03-10 in UTC
    pid = person(api, "Bob")
    response = api("POST", f"/people/{pid}/interactions", {})
    assert response.status_code == 201, response.get_json()
    assert (response.get_json()["date"], response.get_json()["method"], response.get_json()["sentiment"]) == (
        "2026-03-11",
        None,
        None,
    )


def test_names_are_unique_per_user_409_and_nothing_written(  # type: ignore[no-untyped-def]
    api, session, user, user_factory, auth_headers, client
) -> None:
    person(api, "Grace")
    other = person(api, "Linus")
    before = _state(session, user.id)
    body = assert_problem(api("POST", "/people", {"name": " Grace "}), 409, "relationships.name_taken")
    assert _fields(body) == {"name"}
    assert_problem(api("PATCH", f"/people/{other}", {"name": "Grace"}), 409, "relationships.name_taken")
    assert _state(session, user.id) == before
    assert api("GET", f"/people/{other}").get_json()["name"] == "Linus"
    # Another user may use the same name.
    headers = auth_headers(user_factory())
    assert client.post(f"{API}/people", json={"name": "Grace"}, headers=headers).status_code == 201


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/people", {"name": "X", "importance": 6}, "importance"),
        ("/people", {"name": "X", "importance": 0}, "importance"),
        ("/people", {"name": "X", "cadence_days": 0}, "cadence_days"),
        ("/people", {"name": "X", "first_met_date": "2026-02-30"}, "first_met_date"),
        ("/people", {"name": "X", "birthday": {"month": 13, "day": 1}}, "birthday.month"),
        ("/people", {"name": "X", "importance": "5"}, "importance"),
        ("/people", {"name": "   "}, "name"),
        ("/people", {"name": "X", "colour": "red"}, "colour"),
        ("/people/{pid}", {"name": None}, "name"),
        ("/people/{pid}/interactions", {"date": "2026-02-30"}, "date"),
        ("/people/{pid}/interactions", {"method": "fax"}, "method"),
        ("/people/{pid}/interactions", {"sentiment": 3}, "sentiment"),
        ("/interactions/{iid}", {"method": "carrier pigeon"}, "method"),
        ("/interactions/{iid}", {"date": None}, "date"),
    ],
)
def test_invalid_input_is_422_and_nothing_written(api, session, user, path, body, field) -> None:  # type: ignore[no-untyped-def]
    pid = person(api, "Existing", importance=2)
    iid = interact(api, pid, "2026-01-05", method="call")
    before = _state(session, user.id)
    method = "PATCH" if path in {"/people/{pid}", "/interactions/{iid}"} else "POST"
    response = api(method, path.format(pid=pid, iid=iid), body)
    problem = assert_problem(response, 422, "request.validation_failed")
    assert field in _fields(problem)
    assert _state(session, user.id) == before
    assert api("GET", f"/people/{pid}").get_json()["importance"] == 2


@pytest.mark.parametrize(
    ("birthday", "field"),
    [
        ({"month": 2, "day": 30}, "birthday.day"),
        ({"month": 4, "day": 31, "year": 1990}, "birthday.day"),
        ({"month": 2, "day": 29, "year": 2023}, "birthday.year"),
        ({"month": 3, "day": 12, "year": 2026}, "birthday.year"),  # tomorrow in Kiritimati
    ],
)
def test_impossible_birthdays_are_refused(api, session, user, monkeypatch, birthday, field) -> None:  # type: ignore[no-untyped-def]
    freeze(monkeypatch, date(2026, 3, 11))
    before = _state(session, user.id)
    problem = assert_problem(
        api("POST", "/people", {"name": "X", "birthday": birthday}), 422, "relationships.invalid_birthday"
    )
    assert _fields(problem) == {field}
    assert _state(session, user.id) == before


def test_another_users_ids_are_404_on_every_route(  # type: ignore[no-untyped-def]
    api, session, user, client, user_factory, auth_headers
) -> None:
    pid = person(api, "Mine", cadence_days=7)
    iid = interact(api, pid, "2026-01-05")
    before = _state(session, user.id)
    stranger = auth_headers(user_factory())
    calls = [
        ("GET", f"/people/{pid}", None, "relationships.person_not_found"),
        ("PATCH", f"/people/{pid}", {"name": "Theirs"}, "relationships.person_not_found"),
        ("DELETE", f"/people/{pid}", None, "relationships.person_not_found"),
        ("GET", f"/people/{pid}/interactions", None, "relationships.person_not_found"),
        ("POST", f"/people/{pid}/interactions", {"date": "2026-01-06"}, "relationships.person_not_found"),
        ("PATCH", f"/interactions/{iid}", {"notes": "x"}, "relationships.interaction_not_found"),
        ("DELETE", f"/interactions/{iid}", None, "relationships.interaction_not_found"),
        ("GET", "/people/2147483647", None, "relationships.person_not_found"),
    ]
    for method, path, body, code in calls:
        response = client.open(f"{API}{path}", method=method, json=body, headers=stranger)
        assert_problem(response, 404, code)
    assert _state(session, user.id) == before
    stranger_lists = [client.get(f"{API}{p}", headers=stranger).get_json() for p in ("/people", "/reconnect")]
    assert [body["items"] for body in stranger_lists] == [[], []]


def test_interactions_are_listed_newest_first_by_pages(api) -> None:  # type: ignore[no-untyped-def]
    pid = person(api, "Paged")
    ids = [interact(api, pid, day) for day in ("2026-01-03", "2026-01-05", "2026-01-05", "2026-01-01")]
    first = api("GET", f"/people/{pid}/interactions?limit=2").get_json()
    assert [i["id"] for i in first["items"]] == [ids[2], ids[1]]
    second = api("GET", f"/people/{pid}/interactions?limit=2&cursor={first['next_cursor']}").get_json()
    assert [i["id"] for i in second["items"]] == [ids[0], ids[3]]
    assert second["next_cursor"] is None


# ------------------------------------------------------------------------------ reconnect


def _reconnect(api: Api, query: str = "") -> list[tuple[str, Any, Any, Any]]:
    response = api("GET", f"/reconnect{query}")
    assert response.status_code == 200, response.get_json()
    return [
        (i["name"], i["days_since_contact"], i["overdue_days"], i["overdue_ratio"])
        for i in response.get_json()["items"]
    ]


def test_reconnect_order_on_fixed_dates(api, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    freeze(monkeypatch, date(2026, 3, 11))
    person(api, "A never", cadence_days=7, importance=2)
    person(api, "B never", cadence_days=10, importance=5)
    c = person(api, "C", cadence_days=7)
    d = person(api, "D", cadence_days=30)
    e = person(api, "E", cadence_days=14)
    f = person(api, "F", cadence_days=7)
    person(api, "G no cadence")
    h = person(api, "H", cadence_days=3)
    interact(api, c, "2026-02-10")
    interact(api, c, "2026-02-25")  # the latest counts: 14 days ago
    interact(api, d, "2025-12-11")  # 90 days ago
    interact(api, e, "2026-03-01")  # 10 days: within its 14
    interact(api, f, "2026-03-04")  # exactly 7 days: due, not yet overdue
    interact(api, h, "2026-03-06")  # 5 days

    expected = [
        ("B never", None, None, None),
        ("A never", None, None, None),
        ("D", 90, 60, "2.00"),
        ("C", 14, 7, "1.00"),
        ("H", 5, 2, "0.67"),
    ]
    assert _reconnect(api) == expected
    body = api("GET", "/reconnect").get_json()
    assert body["today"] == "2026-03-11"
    assert body["items"][2] == {
        "person_id": d,
        "name": "D",
        "importance": None,
        "cadence_days": 30,
        "last_interaction_date": "2025-12-11",
        "days_since_contact": 90,
        "overdue_days": 60,
        "overdue_ratio": "2.00",
    }

    # Pages of two follow the same order.
    first = api("GET", "/reconnect?limit=2").get_json()
    second = api("GET", f"/reconnect?limit=2&cursor={first['next_cursor']}").get_json()
    third = api("GET", f"/reconnect?limit=2&cursor={second['next_cursor']}").get_json()
    assert [i["name"] for i in first["items"] + second["items"] + third["items"]] == [n for n, *_ in expected]
    assert third["next_cursor"] is None

    # Logging an interaction takes a person off the list.
    interact(api, d, "2026-03-11")
    assert [n for n, *_ in _reconnect(api)] == ["B never", "A never", "C", "H"]

    # A week later (in Kiritimati) F and E have come due too; D is not due yet.
    freeze(monkeypatch, date(2026, 3, 18))
    assert _reconnect(api)[2:] == [
        ("H", 12, 9, "3.00"),
        ("C", 21, 14, "2.00"),
        ("F", 14, 7, "1.00"),
        ("E", 17, 3, "0.21"),
    ]


def test_a_snoozed_person_is_off_the_list_until_the_date(api, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    freeze(monkeypatch, date(2026, 3, 11))
    c = person(api, "C", cadence_days=7)
    interact(api, c, "2026-02-25")
    n = person(api, "N", cadence_days=7, snoozed_until="2026-03-13")
    assert [x[0] for x in _reconnect(api)] == ["C"]
    assert api("PATCH", f"/people/{c}", {"snoozed_until": "2026-03-12"}).status_code == 200
    assert _reconnect(api) == []

    freeze(monkeypatch, date(2026, 3, 12))  # C's date: back on the list
    assert [x[0] for x in _reconnect(api)] == ["C"]
    freeze(monkeypatch, date(2026, 3, 13))
    assert [x[0] for x in _reconnect(api)] == ["N", "C"]

    # Lifting a snooze puts someone back at once.
    assert api("PATCH", f"/people/{n}", {"snoozed_until": "2026-12-31"}).status_code == 200
    assert [x[0] for x in _reconnect(api)] == ["C"]
    assert api("PATCH", f"/people/{n}", {"snoozed_until": None}).status_code == 200
    assert [x[0] for x in _reconnect(api)] == ["N", "C"]


# ------------------------------------------------------------------------------ birthdays


def _birthdays(api: Api, within: int) -> list[tuple[str, str, int, Any]]:
    response = api("GET", f"/birthdays?within={within}")
    assert response.status_code == 200, response.get_json()
    return [(i["name"], i["date"], i["days_until"], i["turns"]) for i in response.get_json()["items"]]


def test_birthdays_with_and_without_a_year_across_new_year(api, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    freeze(monkeypatch, date(2026, 12, 20))  # still the 19th in UTC
    person(api, "Christmas", birthday={"month": 12, "day": 25, "year": 1990})
    person(api, "No year", birthday={"month": 1, "day": 5})
    person(api, "Leap", birthday={"month": 2, "day": 29, "year": 2000})
    person(api, "Today", birthday={"month": 12, "day": 20, "year": 2000})
    person(api, "Yesterday", birthday={"month": 12, "day": 19, "year": 2001})
    person(api, "Last day", birthday={"month": 1, "day": 19, "year": 1980})
    person(api, "Too far", birthday={"month": 1, "day": 20})
    person(api, "No birthday")

    assert _birthdays(api, 30) == [
        ("Today", "2026-12-20", 0, 26),
        ("Christmas", "2026-12-25", 5, 36),
        ("No year", "2027-01-05", 16, None),
        ("Last day", "2027-01-19", 30, 47),
    ]
    body = api("GET", "/birthdays").get_json()  # within defaults to 30
    assert (body["today"], body["within"], len(body["items"])) == ("2026-12-20", 30, 4)
    assert body["items"][2] == {
        "person_id": body["items"][2]["person_id"],
        "name": "No year",
        "month": 1,
        "day": 5,
        "year": None,
        "date": "2027-01-05",
        "days_until": 16,
        "turns": None,
    }
    assert [b[0] for b in _birthdays(api, 1)] == ["Today"]
    assert [b[0] for b in _birthdays(api, 366)][-1] == "Yesterday"
    assert _birthdays(api, 366)[-1] == ("Yesterday", "2027-12-19", 364, 26)

    first = api("GET", "/birthdays?within=30&limit=3").get_json()
    rest = api("GET", f"/birthdays?within=30&limit=3&cursor={first['next_cursor']}").get_json()
    assert [i["name"] for i in first["items"] + rest["items"]] == [
        "Today",
        "Christmas",
        "No year",
        "Last day",
    ]
    assert rest["next_cursor"] is None

    for bad in ("0", "367", "x"):
        assert_problem(api("GET", f"/birthdays?within={bad}"), 422, "request.validation_failed")


def test_29_february_is_celebrated_on_28_february_in_non_leap_years(api, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    freeze(monkeypatch, date(2027, 2, 20))
    leap = person(api, "Leap", birthday={"month": 2, "day": 29, "year": 2000})
    person(api, "Leap no year", birthday={"month": 2, "day": 29})
    person(api, "March", birthday={"month": 3, "day": 1, "year": 2000})
    assert _birthdays(api, 10) == [
        ("Leap", "2027-02-28", 8, 27),
        ("Leap no year", "2027-02-28", 8, None),
        ("March", "2027-03-01", 9, 27),
    ]
    freeze(monkeypatch, date(2027, 2, 27))
    assert api("GET", f"/people/{leap}").get_json()["age"] == 26
    freeze(monkeypatch, date(2027, 2, 28))
    assert api("GET", f"/people/{leap}").get_json()["age"] == 27
    assert _birthdays(api, 1)[:2] == [("Leap", "2027-02-28", 0, 27), ("Leap no year", "2027-02-28", 0, None)]

    freeze(monkeypatch, date(2028, 2, 20))  # a leap year: the day itself
    assert _birthdays(api, 10) == [
        ("Leap", "2028-02-29", 9, 28),
        ("Leap no year", "2028-02-29", 9, None),
        ("March", "2028-03-01", 10, 28),
    ]
    freeze(monkeypatch, date(2028, 2, 28))
    assert api("GET", f"/people/{leap}").get_json()["age"] == 27
