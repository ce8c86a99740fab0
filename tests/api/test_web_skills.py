"""Skills pages through the Flask test client (both databases).

The pages call the skills services the JSON API calls: a skill or a practice logged through a
form is what the API returns; a 422 is shown beside the field it names and keeps what was
typed; another person's skill is never shown nor written to.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask.testing import FlaskClient

from lifeos.domains.skills.models import PracticeSession
from lifeos.domains.skills.services.metrics import recompute_skill_metrics
from lifeos.domains.skills.views import minutes_per_week, week_start
from tests.api.finance_support import count
from tests.api.test_web_session import HTML
from tests.support.web import page_html as _page
from tests.support.web import person_signed_in

ZONE = "Pacific/Auckland"  # far from UTC: local days and weeks differ from UTC's


@pytest.fixture
def signed_in(client: FlaskClient, user_factory: Any, auth_headers: Any) -> dict[str, Any]:
    return person_signed_in(client, user_factory, auth_headers, timezone=ZONE)


def _skill(client: FlaskClient, headers: dict[str, str], name: str, **extra: Any) -> int:
    response = client.post("/api/v1/skills", json={"name": name, **extra}, headers=headers)
    assert response.status_code == 201, response.get_json()
    return int(response.get_json()["id"])


def _local_today() -> date:
    return datetime.now(ZoneInfo(ZONE)).date()


def test_an_empty_skills_page_says_what_to_do(client: FlaskClient, signed_in: dict[str, Any]) -> None:
    html = _page(client, "/skills")
    assert "No skills yet" in html and 'id="new-skill" open' in html
    assert html.count("<h1") == 1 and 'href="/skills" aria-current="page"' in html


def test_a_skill_created_through_the_form_is_the_apis(
    client: FlaskClient, signed_in: dict[str, Any], session: Any
) -> None:
    form = {"csrf_token": signed_in["csrf"], "name": "Spanish", "category": "Languages"}
    response = client.post("/skills", data={**form, "current_level": "3", "target_level": "7"}, headers=HTML)
    assert response.status_code == 303
    listed = client.get("/api/v1/skills", headers=signed_in["headers"]).get_json()["items"]
    assert [(s["name"], s["category"], s["current_level"], s["target_level"]) for s in listed] == [
        ("Spanish", "Languages", 3, 7)
    ]
    assert f"skill={listed[0]['id']}" in response.headers["Location"]
    html = _page(client, response.headers["Location"])
    assert f'<option value="{listed[0]["id"]}" selected>Spanish</option>' in html
    assert 'aria-label="Level 3 of 10, target 7"' in html

    taken = client.post("/skills", data=form, headers=HTML)
    assert taken.status_code == 409
    text = taken.get_data(as_text=True)
    assert (
        'id="f-skill-name-error"' in text
        and "Already used by another of your skills" in text
        and 'value="Spanish"' in text
    )

    bad = client.post("/skills", data={**form, "name": "Piano", "current_level": "11"}, headers=HTML)
    assert bad.status_code == 422
    text = bad.get_data(as_text=True)
    assert re.search(r'<select id="f-skill-current" name="current_level"[^>]*aria-invalid="true"', text)
    assert 'value="Piano"' in text
    assert len(client.get("/api/v1/skills", headers=signed_in["headers"]).get_json()["items"]) == 1


def test_practice_logged_through_the_form_lands_on_its_local_day(
    client: FlaskClient, signed_in: dict[str, Any]
) -> None:
    skill_id = _skill(client, signed_in["headers"], "Guitar")
    yesterday = _local_today() - timedelta(days=1)
    response = client.post(
        "/skills/practice",
        data={
            "csrf_token": signed_in["csrf"],
            "skill_id": str(skill_id),
            "duration_minutes": "45",
            "date": yesterday.isoformat(),
            "intensity": "4",
            "notes": "scales",
        },
        headers=HTML,
    )
    assert response.status_code == 303 and response.headers["Location"] == "/skills"
    sessions = client.get(
        f"/api/v1/skills/{skill_id}/sessions?from={yesterday}&to={yesterday}", headers=signed_in["headers"]
    ).get_json()["items"]
    assert [(s["duration_minutes"], s["intensity"], s["notes"]) for s in sessions] == [(45, 4, "scales")]
    html = _page(client, "/skills")
    assert "Logged 45 minutes of practice." in html
    # The chart's numbers: 45 minutes in the week (Monday first, local) holding yesterday.
    found = re.search(r"data-chart-data>(.*?)</script>", html, re.S)
    assert found
    spec = json.loads(found.group(1))
    minutes = dict(zip(spec["x"], spec["series"][0]["values"], strict=True))
    assert len(minutes) == 26 and minutes[week_start(yesterday).isoformat()] == 45
    assert sum(minutes.values()) == 45

    # Today (no date change) is "now"; the skill page lists both and says the rollup is catching up.
    today = client.post(
        "/skills/practice",
        data={
            "csrf_token": signed_in["csrf"],
            "skill_id": str(skill_id),
            "duration_minutes": "20",
            "from": "skill",
        },
        headers=HTML,
    )
    assert today.headers["Location"] == f"/skills/{skill_id}"
    html = _page(client, f"/skills/{skill_id}")
    assert "not counted yet" in html and f'hx-get="/skills/{skill_id}/metrics?tries=1"' in html
    polled = _page(client, f"/skills/{skill_id}/metrics?tries=3")
    assert "<html" not in polled and f'hx-get="/skills/{skill_id}/metrics?tries=4"' in polled
    assert "hx-get" not in _page(client, f"/skills/{skill_id}/metrics?tries=20")  # gives up after a minute


def test_the_metrics_show_the_rollup_once_it_is_computed(
    client: FlaskClient, signed_in: dict[str, Any], session: Any
) -> None:
    skill_id = _skill(client, signed_in["headers"], "Chess")
    for minutes in ("30", "95"):
        client.post(
            "/skills/practice",
            data={"csrf_token": signed_in["csrf"], "skill_id": str(skill_id), "duration_minutes": minutes},
            headers=HTML,
        )
    from lifeos.platform.outbox.models import OutboxMessage

    session.query(OutboxMessage).filter(OutboxMessage.user_id == signed_in["user"].id).delete()
    assert recompute_skill_metrics(session, skill_id)
    session.flush()
    fragment = _page(client, f"/skills/{skill_id}/metrics")
    assert "<html" not in fragment and "hx-get" not in fragment
    assert "2 h 5 min" in fragment and "<dd>2</dd>" in fragment and "1 day" in fragment
    assert "2 h 5 min" in _page(client, "/skills")


def test_a_refused_practice_keeps_what_was_typed_and_writes_nothing(
    client: FlaskClient, signed_in: dict[str, Any], session: Any, user_factory: Any, auth_headers: Any
) -> None:
    skill_id = _skill(client, signed_in["headers"], "Drawing")
    form = {"csrf_token": signed_in["csrf"], "skill_id": str(skill_id), "notes": "kept"}
    zero = client.post("/skills/practice", data={**form, "duration_minutes": "0"}, headers=HTML)
    assert zero.status_code == 422
    html = zero.get_data(as_text=True)
    assert 'id="f-practice-minutes-error"' in html and 'value="0"' in html and ">kept</textarea>" in html
    bad_day = client.post(
        "/skills/practice", data={**form, "duration_minutes": "10", "date": "2026-02-30", "from": "skill"}
    )
    assert bad_day.status_code == 422 and 'id="f-practice-date-error"' in bad_day.get_data(as_text=True)
    no_skill = client.post("/skills/practice", data={**form, "skill_id": "", "duration_minutes": "10"})
    assert no_skill.status_code == 422 and 'id="f-practice-skill-error"' in no_skill.get_data(as_text=True)

    other = user_factory()
    theirs = _skill(client, auth_headers(other), "Their secret skill")
    stolen = client.post("/skills/practice", data={**form, "skill_id": str(theirs), "duration_minutes": "10"})
    assert stolen.status_code == 404 and "Choose one of your skills" in stolen.get_data(as_text=True)
    assert "Their secret skill" not in _page(client, "/skills")
    _page(client, f"/skills/{theirs}", 404)
    _page(client, f"/skills/{2**40}", 404)
    no_csrf = client.post("/skills/practice", data={"skill_id": str(skill_id), "duration_minutes": "10"})
    assert no_csrf.status_code == 403
    assert count(session, PracticeSession, user_id=signed_in["user"].id) == 0
    assert count(session, PracticeSession, user_id=other.id) == 0


def test_minutes_per_week_counts_local_weeks() -> None:
    today = date(2026, 3, 4)  # a Wednesday
    zone = "Pacific/Auckland"  # UTC+13 in March
    sessions = [
        # Sunday 1 March 11:30 UTC = Monday 2 March 00:30 in Auckland: this week.
        PracticeSession(practiced_at=datetime(2026, 3, 1, 11, 30), duration_minutes=30),
        # Sunday 1 March 10:30 UTC = Sunday 23:30 in Auckland: last week.
        PracticeSession(practiced_at=datetime(2026, 3, 1, 10, 30), duration_minutes=20),
        PracticeSession(
            practiced_at=datetime(2025, 1, 1, tzinfo=UTC).replace(tzinfo=None), duration_minutes=99
        ),
    ]
    weeks = minutes_per_week(sessions, zone, today, weeks=3)
    assert [(w["week"], w["minutes"]) for w in weeks] == [
        (date(2026, 2, 16), 0),
        (date(2026, 2, 23), 20),
        (date(2026, 3, 2), 30),
    ]


def test_practice_on_a_day_whose_zone_offset_had_seconds(
    client: FlaskClient, signed_in: dict[str, Any]
) -> None:
    """Auckland in 1900 was UTC+11:30 plus seconds (local mean time): the form still logs it."""
    skill_id = _skill(client, signed_in["headers"], "History")
    form = {"csrf_token": signed_in["csrf"], "skill_id": str(skill_id), "duration_minutes": "5"}
    response = client.post("/skills/practice", data={**form, "date": "1900-01-02"}, headers=HTML)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    found = client.get(
        f"/api/v1/skills/{skill_id}/sessions?from=1900-01-02&to=1900-01-02", headers=signed_in["headers"]
    ).get_json()["items"]
    assert [s["duration_minutes"] for s in found] == [5]


def test_tags_and_levels_go_through_the_apis_rules(client: FlaskClient, signed_in: dict[str, Any]) -> None:
    csrf, headers = signed_in["csrf"], signed_in["headers"]
    made = client.post(
        "/skills",
        data={"csrf_token": csrf, "name": "Welsh", "tags": "speaking, grammar, , speaking"},
        headers=HTML,
    )
    assert made.status_code == 303
    skill = client.get("/api/v1/skills", headers=headers).get_json()["items"][0]
    assert skill["tags"] == ["speaking", "grammar"]
    assert "speaking · grammar" in _page(client, f"/skills/{skill['id']}")
    long_tag = client.post(
        "/skills", data={"csrf_token": csrf, "name": "Irish", "tags": "x" * 65}, headers=HTML
    )
    assert long_tag.status_code == 422 and 'id="f-skill-tags-error"' in long_tag.get_data(as_text=True)

    saved = client.post(
        f"/skills/{skill['id']}/levels", data={"csrf_token": csrf, "current_level": "5", "target_level": "9"}
    )
    assert saved.status_code == 303
    api = client.get(f"/api/v1/skills/{skill['id']}", headers=headers).get_json()
    assert (api["current_level"], api["target_level"]) == (5, 9)
    cleared = client.post(f"/skills/{skill['id']}/levels", data={"csrf_token": csrf, "current_level": "6"})
    assert cleared.status_code == 303
    api = client.get(f"/api/v1/skills/{skill['id']}", headers=headers).get_json()
    assert (api["current_level"], api["target_level"]) == (6, None)
    bad = client.post(f"/skills/{skill['id']}/levels", data={"csrf_token": csrf, "current_level": "11"})
    assert bad.status_code == 422 and 'id="f-level-current-error"' in bad.get_data(as_text=True)
    assert client.get(f"/api/v1/skills/{skill['id']}", headers=headers).get_json()["current_level"] == 6
    assert client.post(f"/skills/{2**31 - 1}/levels", data={"csrf_token": csrf}).status_code == 404
