"""Projects pages and the tasks Today card through the Flask test client (both databases).

The pages call the projects services the JSON API calls: a project, task or time log made
through a form is what the API returns; completing and reopening in place answers the htmx
fragment; a 422 is shown beside its field; another person's tasks are never shown nor changed.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from lifeos.domains.projects.models import Task, TaskLog
from tests.api.finance_support import count
from tests.api.test_web_session import HTML
from tests.support.web import page_html as _page
from tests.support.web import person_signed_in

HTMX = {**HTML, "HX-Request": "true"}


@pytest.fixture
def signed_in(client: FlaskClient, user_factory: Any, auth_headers: Any) -> dict[str, Any]:
    return person_signed_in(client, user_factory, auth_headers, timezone="UTC")


def _project(client: FlaskClient, headers: dict[str, str], name: str) -> int:
    response = client.post("/api/v1/projects", json={"name": name}, headers=headers)
    assert response.status_code == 201, response.get_json()
    return int(response.get_json()["id"])


def _task(client: FlaskClient, headers: dict[str, str], project_id: int, title: str, **extra: Any) -> int:
    response = client.post(
        f"/api/v1/projects/{project_id}/tasks", json={"title": title, **extra}, headers=headers
    )
    assert response.status_code == 201, response.get_json()
    return int(response.get_json()["id"])


def _api_task(client: FlaskClient, headers: dict[str, str], task_id: int) -> dict[str, Any]:
    return dict(client.get(f"/api/v1/projects/tasks/{task_id}", headers=headers).get_json())


def test_a_project_and_task_made_through_the_forms_are_the_apis(
    client: FlaskClient, signed_in: dict[str, Any]
) -> None:
    csrf, headers = signed_in["csrf"], signed_in["headers"]
    assert "No active projects" in _page(client, "/projects")
    made = client.post(
        "/projects",
        data={"csrf_token": csrf, "name": "Kitchen", "target_date": "2026-12-24", "description": "new tiles"},
        headers=HTML,
    )
    assert made.status_code == 303
    project_id = int(made.headers["Location"].rsplit("/", 1)[1])
    api = client.get(f"/api/v1/projects/{project_id}", headers=headers).get_json()
    assert (api["name"], api["target_date"], api["description"], api["status"]) == (
        "Kitchen",
        "2026-12-24",
        "new tiles",
        "active",
    )
    added = client.post(
        f"/projects/{project_id}/tasks",
        data={"csrf_token": csrf, "title": "Buy tiles", "due_date": "2026-12-01", "priority": "2"},
        headers=HTML,
    )
    assert added.status_code == 303
    tasks = client.get(f"/api/v1/projects/{project_id}/tasks", headers=headers).get_json()["items"]
    assert [(t["title"], t["due_date"], t["priority"], t["status"]) for t in tasks] == [
        ("Buy tiles", "2026-12-01", 2, "todo")
    ]
    html = _page(client, f"/projects/{project_id}")
    assert "Buy tiles" in html and "priority 2" in html and "0 of 1 task done" in html
    listing = _page(client, "/projects")
    assert f'href="/projects/{project_id}"' in listing and 'aria-label="Kitchen: 0% of tasks done"' in listing


def test_refused_forms_keep_what_was_typed(
    client: FlaskClient, signed_in: dict[str, Any], session: Any
) -> None:
    csrf = signed_in["csrf"]
    bad = client.post("/projects", data={"csrf_token": csrf, "name": "", "target_date": "2026-02-30"})
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert 'id="f-project-name-error"' in html and 'id="f-project-target-error"' in html
    assert 'value="2026-02-30"' in html
    project_id = _project(client, signed_in["headers"], "Garden")
    task = client.post(
        f"/projects/{project_id}/tasks",
        data={"csrf_token": csrf, "title": "Dig", "priority": "9"},
        headers=HTML,
    )
    assert task.status_code == 422
    html = task.get_data(as_text=True)
    assert re.search(r'<select id="f-task-priority" name="priority"[^>]*aria-invalid="true"', html)
    assert 'value="Dig"' in html
    assert count(session, Task, user_id=signed_in["user"].id) == 0


def test_time_is_logged_on_a_task_of_the_project_only(
    client: FlaskClient, signed_in: dict[str, Any], session: Any, user_factory: Any, auth_headers: Any
) -> None:
    csrf, headers = signed_in["csrf"], signed_in["headers"]
    project_id = _project(client, headers, "Thesis")
    task_id = _task(client, headers, project_id, "Write chapter 1")
    other_project = _project(client, headers, "Other")
    elsewhere = _task(client, headers, other_project, "Elsewhere")
    form = {"csrf_token": csrf, "minutes": "90", "date": "2026-11-30", "note": "draft"}
    logged = client.post(f"/projects/{project_id}/time", data={**form, "task_id": str(task_id)}, headers=HTML)
    assert logged.status_code == 303
    assert _api_task(client, headers, task_id)["minutes_spent"] == 90
    assert "1 h 30 min" in _page(client, f"/projects/{project_id}")

    wrong = client.post(
        f"/projects/{project_id}/time", data={**form, "task_id": str(elsewhere)}, headers=HTML
    )
    assert wrong.status_code == 422 and 'id="f-log-task-error"' in wrong.get_data(as_text=True)
    theirs = _task(
        client, auth_headers(other := user_factory()), _project(client, auth_headers(other), "X"), "T"
    )
    stolen = client.post(f"/projects/{project_id}/time", data={**form, "task_id": str(theirs)}, headers=HTML)
    assert stolen.status_code == 422
    too_long = client.post(
        f"/projects/{project_id}/time",
        data={**form, "task_id": str(task_id), "minutes": "1441"},
        headers=HTML,
    )
    assert too_long.status_code == 422 and 'id="f-log-minutes-error"' in too_long.get_data(as_text=True)
    assert count(session, TaskLog, user_id=signed_in["user"].id) == 1
    assert count(session, TaskLog, user_id=other.id) == 0


def test_complete_and_reopen_in_place_answer_the_board_fragment(
    client: FlaskClient, signed_in: dict[str, Any]
) -> None:
    csrf, headers = signed_in["csrf"], signed_in["headers"]
    project_id = _project(client, headers, "Move house")
    task_id = _task(client, headers, project_id, "Book the van")
    fragment = client.post(
        f"/projects/tasks/{task_id}/complete", data={"csrf_token": csrf, "from": "board"}, headers=HTMX
    )
    assert fragment.status_code == 200
    html = fragment.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="board"') and "<html" not in html
    assert "“Book the van” completed." in html and "1 of 1 task done" in html
    assert _api_task(client, headers, task_id)["status"] == "done"
    reopened = client.post(f"/projects/tasks/{task_id}/reopen", data={"csrf_token": csrf}, headers=HTML)
    assert reopened.status_code == 303 and reopened.headers["Location"] == f"/projects/{project_id}#tasks"
    assert _api_task(client, headers, task_id)["status"] == "todo"
    started = client.post(f"/projects/tasks/{task_id}/start", data={"csrf_token": csrf}, headers=HTML)
    assert started.status_code == 303 and _api_task(client, headers, task_id)["status"] == "doing"


def test_today_lists_tasks_due_and_overdue_and_completes_them_in_place(
    client: FlaskClient, signed_in: dict[str, Any], user_factory: Any, auth_headers: Any
) -> None:
    csrf, headers = signed_in["csrf"], signed_in["headers"]
    today = date.today()
    project_id = _project(client, headers, "Errands")
    late = _task(client, headers, project_id, "Return library books", due_date=str(today - timedelta(days=2)))
    _task(client, headers, project_id, "Call the plumber", due_date=str(today))
    _task(client, headers, project_id, "Someday", due_date=str(today + timedelta(days=30)))
    other = user_factory()
    _task(
        client,
        auth_headers(other),
        _project(client, auth_headers(other), "Theirs"),
        "Secret task",
        due_date=str(today),
    )

    html = _page(client, "/today")
    card = html[html.index('id="today-tasks"') :]
    card = card[: card.index("</section>")]
    assert card.index("Return library books") < card.index("Call the plumber")
    assert "Overdue" in card and "Someday" not in card and "Secret task" not in html
    fragment = client.post(
        f"/projects/tasks/{late}/complete", data={"csrf_token": csrf, "from": "today"}, headers=HTMX
    ).get_data(as_text=True)
    assert fragment.lstrip().startswith('<section class="card" id="today-tasks"')
    assert "“Return library books” completed." in fragment
    assert "Return library books</a>" not in fragment and "Call the plumber" in fragment
    back = client.post(
        f"/projects/tasks/{late}/reopen", data={"csrf_token": csrf, "from": "today"}, headers=HTML
    )
    assert back.status_code == 303 and back.headers["Location"] == "/today"


def test_another_persons_tasks_cannot_be_changed(
    client: FlaskClient, signed_in: dict[str, Any], user_factory: Any, auth_headers: Any
) -> None:
    other = user_factory()
    theirs_headers = auth_headers(other)
    project_id = _project(client, theirs_headers, "Private")
    task_id = _task(client, theirs_headers, project_id, "Private task")
    for action in ("complete", "reopen", "start"):
        response = client.post(
            f"/projects/tasks/{task_id}/{action}", data={"csrf_token": signed_in["csrf"]}, headers=HTML
        )
        assert response.status_code == 404
    _page(client, f"/projects/{project_id}", 404)
    assert client.post(f"/projects/tasks/{task_id}/complete", data={}, headers=HTML).status_code == 403
    assert _api_task(client, theirs_headers, task_id)["status"] == "todo"


def test_a_forged_cursor_or_status_falls_back_to_the_list(
    client: FlaskClient, signed_in: dict[str, Any]
) -> None:
    _project(client, signed_in["headers"], "Visible")
    response = client.get("/projects?cursor=forged", headers=HTML)
    assert response.status_code == 302 and response.headers["Location"] == "/projects"
    assert "Visible" in _page(client, "/projects?status=nonsense")
    assert "Visible" in _page(client, "/projects?status=all") and "Visible" not in _page(
        client, "/projects?status=archived"
    )


def test_a_project_is_completed_archived_and_made_active_again(
    client: FlaskClient, signed_in: dict[str, Any]
) -> None:
    csrf, headers = signed_in["csrf"], signed_in["headers"]
    project_id = _project(client, headers, "Book club")
    _task(client, headers, project_id, "Still open")
    for status in ("completed", "archived", "active"):
        response = client.post(f"/projects/{project_id}/status", data={"csrf_token": csrf, "status": status})
        assert response.status_code == 303
        assert client.get(f"/api/v1/projects/{project_id}", headers=headers).get_json()["status"] == status
    assert "is active again" in _page(client, f"/projects/{project_id}")
    bad = client.post(f"/projects/{project_id}/status", data={"csrf_token": csrf, "status": "deleted"})
    assert bad.status_code == 303 and "Choose active, completed or archived." in _page(
        client, bad.headers["Location"]
    )
    assert client.get(f"/api/v1/projects/{project_id}", headers=headers).get_json()["status"] == "active"
    assert "Book club" in _page(client, "/projects") and "Book club" not in _page(
        client, "/projects?status=completed"
    )
