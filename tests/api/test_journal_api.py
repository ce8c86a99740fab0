"""Journal API: CRUD, rules, sanitized Markdown, timeline filters and pagination, "on this day",
other users' entries, events — on SQLite and PostgreSQL.

The clock is frozen at 2026-03-10 11:00 UTC; the user lives in Pacific/Kiritimati (UTC+14),
where it is already 2026-03-11: "today" is the user's date, not the server's.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from html.parser import HTMLParser
from typing import Any

import pytest
from sqlalchemy import func, select

from lifeos.domains.journal.models import JournalEntry
from lifeos.platform.outbox.models import OutboxMessage
from tests.support.problems import assert_problem

API = "/api/v1/journal"
NOW = datetime(2026, 3, 10, 11, 0, tzinfo=UTC)
TODAY = "2026-03-11"  # in Kiritimati
ZONE = "Pacific/Kiritimati"


class FrozenDateTime(datetime):
    """`datetime` whose now() is NOW (the platform clock reads the time through it)."""

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> FrozenDateTime:  # type: ignore[override]
        instant = NOW.astimezone(tz) if tz is not None else NOW.replace(tzinfo=None)
        return cls.fromtimestamp(instant.timestamp(), tz)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("lifeos.platform.clock.datetime", FrozenDateTime)


@pytest.fixture
def user(user_factory: Any) -> Any:
    return user_factory(timezone=ZONE)


@pytest.fixture
def headers(user: Any, auth_headers: Any) -> dict[str, str]:
    return auth_headers(user)


def create(client: Any, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    body.setdefault("title", "A day")
    response = client.post(f"{API}/entries", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()  # type: ignore[no-any-return]


def listing(client: Any, headers: dict[str, str], **query: Any) -> dict[str, Any]:
    response = client.get(f"{API}/entries", query_string=query, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()  # type: ignore[no-any-return]


def ids(page: dict[str, Any]) -> list[int]:
    return [item["id"] for item in page["items"]]


def count(session: Any, model: Any, **where: Any) -> int:
    stmt = select(func.count()).select_from(model)
    for key, value in where.items():
        stmt = stmt.where(getattr(model, key) == value)
    return int(session.scalar(stmt))


def events(session: Any, user_id: int) -> list[tuple[str, dict[str, Any]]]:
    rows = session.scalars(
        select(OutboxMessage).where(OutboxMessage.user_id == user_id).order_by(OutboxMessage.id)
    )
    return [(row.event_type, row.payload) for row in rows]


# ------------------------------------------------------------------------------------- create


def test_create_returns_the_entry_dated_today_in_the_users_zone(client, session, user, headers):
    response = client.post(
        f"{API}/entries",
        json={"title": "  First   light ", "body": "Woke *early*.", "mood": 3, "tags": ["Morning", "run"]},
        headers=headers,
    )
    assert response.status_code == 201, response.get_json()
    data = response.get_json()
    assert {k: v for k, v in data.items() if k not in {"id", "created_at", "updated_at"}} == {
        "title": "First light",
        "body": "Woke *early*.",
        "body_html": "<p>Woke <em>early</em>.</p>\n",
        "mood": 3,
        "tags": ["morning", "run"],
        "entry_date": TODAY,  # Kiritimati's date; UTC is still on 2026-03-10
        "is_private": True,
    }
    assert data["created_at"].endswith("+00:00")
    assert client.get(f"{API}/entries/{data['id']}", headers=headers).get_json() == data
    row = session.get(JournalEntry, data["id"])
    assert (row.user_id, row.mood_int, row.mood, row.content) == (user.id, 3, None, None)


def test_create_emits_an_event_with_an_iso_date_and_no_text(client, session, user, headers):
    entry = create(client, headers, body="secret words", entry_date="2026-01-05", mood=-2, tags=["a"])
    assert events(session, user.id) == [
        (
            "journal.entry.created",
            {
                "entry_id": entry["id"],
                "user_id": user.id,
                "entry_date": "2026-01-05",
                "mood": -2,
                "tags": ["a"],
                "is_private": True,
            },
        )
    ]


class _Elements(HTMLParser):
    """Every start tag and its attributes, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


XSS_BODY = (
    "<script>alert(1)</script>\n\n"
    "<img src=x onerror=alert(1)>\n\n"
    '[click](javascript:alert(1)) [ok](https://example.org/a?b=1 "t") '
    "![pic](javascript:alert(2)) [x](JaVaScRiPt:alert(3))\n\n"
    '<a href="javascript:alert(4)" onclick="alert(5)">raw</a>'
)


def test_markdown_is_rendered_without_scripts_handlers_or_javascript_links(client, headers):
    data = create(client, headers, body=XSS_BODY)
    rendered = data["body_html"]
    assert rendered == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
        "<p>&lt;img src=x onerror&#61;alert(1)&gt;</p>\n"
        '<p>[click](javascript&#58;alert(1)) <a href="https://example.org/a?b=1" title="t" '
        'rel="noopener noreferrer nofollow">ok</a> '
        "![pic](javascript&#58;alert(2)) [x](JaVaScRiPt&#58;alert(3))</p>\n"
        '<p>&lt;a href="javascript&#58;alert(4)" onclick&#61;"alert(5)"&gt;raw&lt;/a&gt;</p>\n'
    )
    lowered = rendered.lower()
    assert "<script" not in lowered and "onerror=" not in lowered and "javascript:" not in lowered
    parser = _Elements()
    parser.feed(rendered)
    assert [tag for tag, _ in parser.tags] == ["p", "p", "p", "a", "p"]
    for _tag, attrs in parser.tags:
        assert not [name for name in attrs if name.startswith("on")]
        assert all(not (value or "").lower().startswith("javascript") for value in attrs.values())
    assert data["body"] == XSS_BODY  # the Markdown itself is kept as written


# --------------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("body", "code", "fields"),
    [
        ({"title": "x", "mood": 9}, "request.validation_failed", ["mood"]),
        ({"title": "x", "mood": -6}, "request.validation_failed", ["mood"]),
        ({"title": "x", "mood": "3"}, "request.validation_failed", ["mood"]),
        ({"title": "x", "mood": True}, "request.validation_failed", ["mood"]),
        ({"title": "x", "mood": 2.5}, "request.validation_failed", ["mood"]),
        ({"title": "x", "entry_date": "2026-02-30"}, "request.validation_failed", ["entry_date"]),
        ({"title": "x", "entry_date": "1899-12-31"}, "request.validation_failed", ["entry_date"]),
        ({"title": "x", "is_private": "yes"}, "request.validation_failed", ["is_private"]),
        ({"title": "nul\x00byte"}, "request.validation_failed", ["title"]),
        ({"title": "x", "body": "lone \ud800 surrogate"}, "request.validation_failed", ["body"]),
        ({"title": "x", "body": "b" * 50_001}, "request.validation_failed", ["body"]),
        ({"title": "x", "tags": "work"}, "request.validation_failed", ["tags"]),
        ({"title": "x", "colour": "blue"}, "request.validation_failed", ["colour"]),
        ({"title": "t" * 256}, "journal.invalid_entry", ["title"]),
        ({"title": "bell\x07"}, "journal.invalid_entry", ["title"]),
        ({"title": "x", "body": "form\x0cfeed"}, "journal.invalid_entry", ["body"]),
        ({"title": "  ", "body": " \n "}, "journal.invalid_entry", ["body"]),
        ({}, "journal.invalid_entry", ["body"]),
        ({"title": "x", "tags": [f"t{i}" for i in range(21)]}, "journal.invalid_entry", ["tags"]),
        ({"title": "x", "tags": ["ok", " ", "x" * 33]}, "journal.invalid_entry", ["tags[1]", "tags[2]"]),
    ],
)
def test_invalid_entries_are_refused_and_nothing_is_written(
    client, session, user, headers, body, code, fields
):
    response = client.post(f"{API}/entries", json=body, headers=headers)
    problem = assert_problem(response, 422, code)
    assert [e["field"] for e in problem["errors"]] == fields
    assert count(session, JournalEntry, user_id=user.id) == 0
    assert count(session, OutboxMessage, user_id=user.id) == 0


def test_a_whole_mood_written_with_a_fraction_is_accepted(client, headers):
    response = client.post(
        f"{API}/entries",
        data='{"title": "x", "mood": -3.0}',
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["mood"] == -3


def test_duplicate_tags_collapse_and_twenty_distinct_tags_are_accepted(client, headers):
    tags = [f"T{i}" for i in range(20)] + ["t0", " T1 "]
    data = create(client, headers, tags=tags)
    assert data["tags"] == [f"t{i}" for i in range(20)]


def test_malformed_json_is_a_400_and_writes_nothing(client, session, user, headers):
    response = client.post(
        f"{API}/entries", data="{not json", content_type="application/json", headers=headers
    )
    assert_problem(response, 400)
    assert count(session, JournalEntry, user_id=user.id) == 0


# ------------------------------------------------------------------------------ read, update


def test_patch_changes_only_what_is_sent_and_emits_the_changed_fields(client, session, user, headers):
    entry = create(
        client, headers, title="Old", body="old words", mood=1, tags=["x"], entry_date="2026-01-01"
    )
    response = client.patch(
        f"{API}/entries/{entry['id']}",
        json={"body": "new **words**", "mood": None, "is_private": False},
        headers=headers,
    )
    assert response.status_code == 200, response.get_json()
    data = response.get_json()
    assert (data["title"], data["body"], data["body_html"]) == (
        "Old",
        "new **words**",
        "<p>new <strong>words</strong></p>\n",
    )
    assert (data["mood"], data["tags"], data["entry_date"], data["is_private"]) == (
        None,
        ["x"],
        "2026-01-01",
        False,
    )
    updated = [payload for kind, payload in events(session, user.id) if kind == "journal.entry.updated"]
    assert updated == [
        {
            "entry_id": entry["id"],
            "user_id": user.id,
            "entry_date": "2026-01-01",
            "mood": None,
            "tags": ["x"],
            "is_private": False,
            "changed": ["body", "is_private", "mood"],
        }
    ]


def test_patch_without_a_change_writes_no_event(client, session, user, headers):
    entry = create(client, headers, title="Same", tags=["a"])
    response = client.patch(
        f"{API}/entries/{entry['id']}", json={"title": " Same ", "tags": ["A"]}, headers=headers
    )
    assert response.status_code == 200
    assert response.get_json()["updated_at"] == entry["updated_at"]
    assert [kind for kind, _ in events(session, user.id)] == ["journal.entry.created"]


@pytest.mark.parametrize(
    ("patch", "code", "field"),
    [
        ({"body": None}, "journal.invalid_entry", "body"),
        ({"tags": None}, "journal.invalid_entry", "tags"),
        ({"entry_date": None}, "journal.invalid_entry", "entry_date"),
        ({"is_private": None}, "journal.invalid_entry", "is_private"),
        ({"title": None}, "journal.invalid_entry", "body"),  # nothing would be left
        ({"mood": 6}, "request.validation_failed", "mood"),
        ({"entry_date": "2026-02-30"}, "request.validation_failed", "entry_date"),
    ],
)
def test_patch_applies_the_creation_rules_and_writes_nothing_on_error(
    client, session, user, headers, patch, code, field
):
    entry = create(client, headers, title="Keep", body="", mood=2)
    response = client.patch(f"{API}/entries/{entry['id']}", json=patch, headers=headers)
    problem = assert_problem(response, 422, code)
    assert [e["field"] for e in problem["errors"]] == [field]
    assert client.get(f"{API}/entries/{entry['id']}", headers=headers).get_json() == entry
    assert len(events(session, user.id)) == 1


def test_delete_removes_the_entry_and_emits_an_event(client, session, user, headers):
    entry = create(client, headers, entry_date="2025-12-24")
    response = client.delete(f"{API}/entries/{entry['id']}", headers=headers)
    assert response.status_code == 204 and response.get_data() == b""
    assert_problem(
        client.get(f"{API}/entries/{entry['id']}", headers=headers), 404, "journal.entry_not_found"
    )
    assert_problem(
        client.delete(f"{API}/entries/{entry['id']}", headers=headers), 404, "journal.entry_not_found"
    )
    assert events(session, user.id)[-1] == (
        "journal.entry.deleted",
        {"entry_id": entry["id"], "user_id": user.id, "entry_date": "2025-12-24"},
    )


def test_writes_need_the_csrf_header(client, session, user, headers):
    no_csrf = {"Authorization": headers["Authorization"]}
    assert_problem(client.post(f"{API}/entries", json={"title": "x"}, headers=no_csrf), 403)
    assert count(session, JournalEntry, user_id=user.id) == 0


# ------------------------------------------------------------------------------ other users


def test_other_users_entries_are_missing_on_every_route(
    client, session, user, headers, user_factory, auth_headers
):
    mine = create(
        client, headers, title="Mine", body="lighthouse", tags=["t"], mood=1, entry_date="2025-03-11"
    )
    other = auth_headers(user_factory(timezone=ZONE))
    url = f"{API}/entries/{mine['id']}"
    assert_problem(client.get(url, headers=other), 404, "journal.entry_not_found")
    assert_problem(client.patch(url, json={"title": "Stolen"}, headers=other), 404, "journal.entry_not_found")
    assert_problem(client.delete(url, headers=other), 404, "journal.entry_not_found")
    assert listing(client, other) == {"items": [], "next_cursor": None}
    assert listing(client, other, q="lighthouse") == {"items": [], "next_cursor": None}
    assert listing(client, other, tag="t", mood_min=1) == {"items": [], "next_cursor": None}
    day = client.get(f"{API}/on-this-day", query_string={"date": "2026-03-11"}, headers=other).get_json()
    assert day == {"date": "2026-03-11", "items": [], "next_cursor": None}
    assert client.get(url, headers=headers).get_json() == mine
    assert [kind for kind, _ in events(session, user.id)] == ["journal.entry.created"]


@pytest.mark.parametrize("entry_id", ["2147483648", "0", "99999999999999999999"])
def test_ids_outside_the_column_range_are_404_on_every_route(client, session, user, headers, entry_id):
    create(client, headers)
    url = f"{API}/entries/{entry_id}"
    assert_problem(client.get(url, headers=headers), 404)
    assert_problem(client.patch(url, json={"title": "x"}, headers=headers), 404)
    assert_problem(client.delete(url, headers=headers), 404)
    assert count(session, JournalEntry, user_id=user.id) == 1
    assert len(events(session, user.id)) == 1


def test_the_service_treats_out_of_range_ids_as_missing(session, user):
    from lifeos.domains.journal.errors import EntryNotFound
    from lifeos.domains.journal.services.entries import get_entry

    for entry_id in (0, -1, 2**31, 10**20):
        with pytest.raises(EntryNotFound):
            get_entry(session, user.id, entry_id)


# ------------------------------------------------------------------------------ the timeline


def test_timeline_is_newest_first_and_paginated(client, headers):
    made = [
        create(client, headers, entry_date=day)["id"]
        for day in ("2026-01-02", "2026-01-05", "2026-01-05", "2025-12-31", "2026-01-03")
    ]
    first = listing(client, headers, limit=2)
    assert ids(first) == [made[2], made[1]]
    second = listing(client, headers, limit=2, cursor=first["next_cursor"])
    assert ids(second) == [made[4], made[0]]
    third = listing(client, headers, limit=2, cursor=second["next_cursor"])
    assert ids(third) == [made[3]] and third["next_cursor"] is None
    assert [item["snippet"] for item in first["items"]] == [None, None]


def test_timeline_filters_by_date_mood_and_tag(client, headers):
    a = create(client, headers, entry_date="2026-01-01", mood=-4, tags=["Work"])["id"]
    b = create(client, headers, entry_date="2026-01-10", mood=0, tags=["home", "work"])["id"]
    c = create(client, headers, entry_date="2026-01-20", mood=5, tags=["home"])["id"]
    d = create(client, headers, entry_date="2026-02-01")["id"]  # no mood
    assert ids(listing(client, headers, **{"from": "2026-01-10", "to": "2026-01-20"})) == [c, b]
    assert ids(listing(client, headers, mood_min=0)) == [c, b]
    assert ids(listing(client, headers, mood_max=0)) == [b, a]
    assert ids(listing(client, headers, mood_min=-5, mood_max=5)) == [c, b, a]
    assert ids(listing(client, headers, tag="WORK")) == [b, a]
    assert ids(listing(client, headers, tag="home", mood_max=2)) == [b]
    assert ids(listing(client, headers, tag="none")) == []
    assert ids(listing(client, headers)) == [d, c, b, a]


@pytest.mark.parametrize(
    ("query", "status", "code", "field"),
    [
        ({"from": "2026-02-01", "to": "2026-01-01"}, 422, "journal.invalid_filter", "from"),
        ({"mood_min": 3, "mood_max": -3}, 422, "journal.invalid_filter", "mood_min"),
        ({"mood_min": 9}, 422, "request.validation_failed", "mood_min"),
        ({"from": "2026-02-30"}, 422, "request.validation_failed", "from"),
        ({"limit": 101}, 422, "request.validation_failed", "limit"),
        ({"cursor": "garbage"}, 422, "request.invalid_cursor", "cursor"),
        ({"q": "x" * 201}, 422, "request.validation_failed", "q"),
        ({"q": "nul\x00"}, 422, "request.validation_failed", "q"),
        ({"tag": "nul\x00"}, 422, "request.validation_failed", "tag"),
        ({"colour": "blue"}, 422, "request.validation_failed", "colour"),
    ],
)
def test_bad_list_queries_are_422_with_the_field(client, headers, query, status, code, field):
    problem = assert_problem(client.get(f"{API}/entries", query_string=query, headers=headers), status, code)
    assert [e["field"] for e in problem["errors"]] == [field]


# ------------------------------------------------------------------------------ on this day


def test_on_this_day_shows_the_same_day_in_earlier_years_in_the_users_zone(client, headers):
    made = {day: create(client, headers, entry_date=day)["id"] for day in (
        "2023-03-11", "2025-03-11", "2025-03-10", "2024-03-12", "2026-03-11", "2027-03-11",
    )}  # fmt: skip
    response = client.get(f"{API}/on-this-day", headers=headers)
    assert response.status_code == 200
    data = response.get_json()
    assert data["date"] == TODAY and data["next_cursor"] is None
    assert [(i["id"], i["years_ago"]) for i in data["items"]] == [
        (made["2025-03-11"], 1),
        (made["2023-03-11"], 3),
    ]


def test_on_this_day_around_29_february(client, headers):
    made = {day: create(client, headers, entry_date=day)["id"] for day in (
        "2020-02-29", "2021-02-28", "2023-03-01", "2024-02-28", "2024-02-29", "2025-02-28",
    )}  # fmt: skip

    def shown(day: str) -> list[int]:
        response = client.get(f"{API}/on-this-day", query_string={"date": day}, headers=headers)
        assert response.status_code == 200, response.get_json()
        return ids(response.get_json())

    # A leap year's 29 February: the 29ths of earlier leap years, nothing else.
    assert shown("2028-02-29") == [made["2024-02-29"], made["2020-02-29"]]
    # 28 February of a common year: the 28ths and the 29ths of earlier years.
    assert shown("2026-02-28") == [
        made["2025-02-28"], made["2024-02-29"], made["2024-02-28"], made["2021-02-28"], made["2020-02-29"],
    ]  # fmt: skip
    # 28 February of a leap year: only the 28ths (the 29ths come the next day).
    assert shown("2028-02-28") == [made["2025-02-28"], made["2024-02-28"], made["2021-02-28"]]
    assert shown("2026-03-01") == [made["2023-03-01"]]
    assert_problem(
        client.get(f"{API}/on-this-day", query_string={"date": "2026-02-29"}, headers=headers), 422
    )


def test_on_this_day_is_paginated(client, headers):
    made = [create(client, headers, entry_date=f"{year}-07-04")["id"] for year in (2021, 2022, 2023)]
    first = client.get(f"{API}/on-this-day", query_string={"date": "2026-07-04", "limit": 2}, headers=headers)
    page = first.get_json()
    assert ids(page) == [made[2], made[1]] and page["next_cursor"]
    rest = client.get(
        f"{API}/on-this-day",
        query_string={"date": "2026-07-04", "limit": 2, "cursor": page["next_cursor"]},
        headers=headers,
    ).get_json()
    assert ids(rest) == [made[0]] and rest["next_cursor"] is None
