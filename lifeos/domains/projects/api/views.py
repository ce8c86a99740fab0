"""Projects views: projects, tasks, time logs, due tasks. No SQL, no rules."""

from __future__ import annotations

from typing import Any

from lifeos.domains.projects import schemas as s
from lifeos.domains.projects.services import projects as projects_svc
from lifeos.domains.projects.services import tasks as tasks_svc
from lifeos.platform.auth.guard import current_user_id, require_auth
from lifeos.platform.clock import user_today
from lifeos.platform.http import parse_body, parse_query
from lifeos.platform.openapi import api_doc
from lifeos.platform.uow import current_session, unit_of_work

TAGS = ("projects",)


def _given(body: Any) -> dict[str, Any]:
    return {k: getattr(body, k) for k in body.model_fields_set}


# ------------------------------------------------------------------------------ projects


@api_doc(
    summary="List projects", tags=TAGS, query=s.ProjectListQuery, response=s.ProjectListOut, errors=(401, 422)
)
@require_auth()
def list_projects() -> Any:
    """The user's projects by name, each with its progress; `status` filters. Cursor-paginated."""
    query = parse_query(s.ProjectListQuery)
    status = None if query.status == "all" else query.status
    return projects_svc.list_projects(
        current_session(),
        current_user_id(),
        user_today(),
        status=status,
        limit=query.limit,
        cursor=query.cursor,
    )


@api_doc(
    summary="Create a project",
    tags=TAGS,
    body=s.ProjectCreateIn,
    response=s.ProjectOut,
    status=201,
    errors=(401, 403, 422),
)
@require_auth()
def create_project() -> Any:
    """A project: name, description, status (active by default), target date."""
    body = parse_body(s.ProjectCreateIn)
    given = _given(body) | {"name": body.name, "status": body.status}
    with unit_of_work() as uow:
        return projects_svc.create(uow, current_user_id(), given, user_today()), 201


@api_doc(summary="Get a project", tags=TAGS, response=s.ProjectOut, errors=(401, 404))
@require_auth()
def get_project(project_id: int) -> Any:
    """One of the user's projects with its progress: tasks done %, minutes spent, overdue tasks
    (as of today in the user's zone)."""
    return projects_svc.get(current_session(), current_user_id(), project_id, user_today())


@api_doc(
    summary="Update a project",
    tags=TAGS,
    body=s.ProjectPatchIn,
    response=s.ProjectOut,
    errors=(401, 403, 404, 422),
)
@require_auth()
def patch_project(project_id: int) -> Any:
    """Change fields; status completed stamps completed_at, any other status clears it. A
    project is never completed by completing its tasks."""
    body = parse_body(s.ProjectPatchIn)
    with unit_of_work() as uow:
        return projects_svc.update(uow, current_user_id(), project_id, _given(body), user_today())


@api_doc(summary="Delete a project with its tasks", tags=TAGS, status=204, errors=(401, 403, 404))
@require_auth()
def delete_project(project_id: int) -> Any:
    """Delete the project together with its tasks and their time logs (archive it to keep them)."""
    with unit_of_work() as uow:
        projects_svc.delete_project(uow, current_user_id(), project_id)
    return "", 204


# ------------------------------------------------------------------------------ tasks


@api_doc(
    summary="List a project's tasks",
    tags=TAGS,
    query=s.TaskListQuery,
    response=s.TaskListOut,
    errors=(401, 404, 422),
)
@require_auth()
def list_tasks(project_id: int) -> Any:
    """Oldest first; filters `status` and `overdue` (as of today in the user's zone). Cursor-paginated."""
    query = parse_query(s.TaskListQuery)
    overdue = None if query.overdue is None else query.overdue == "true"
    return tasks_svc.list_tasks(
        current_session(),
        current_user_id(),
        project_id,
        user_today(),
        status=query.status,
        overdue=overdue,
        limit=query.limit,
        cursor=query.cursor,
    )


@api_doc(
    summary="Add a task to a project",
    tags=TAGS,
    body=s.TaskCreateIn,
    response=s.TaskOut,
    status=201,
    errors=(401, 403, 404, 422),
)
@require_auth()
def create_task(project_id: int) -> Any:
    """A task: title, notes, status (todo by default), priority 1–4, due date."""
    body = parse_body(s.TaskCreateIn)
    given = _given(body) | {"title": body.title, "status": body.status}
    with unit_of_work() as uow:
        return tasks_svc.create(uow, current_user_id(), project_id, given, user_today()), 201


@api_doc(summary="Tasks due soon", tags=TAGS, query=s.DueQuery, response=s.DueOut, errors=(401, 422))
@require_auth()
def due_tasks() -> Any:
    """Tasks not done, due on or before today + `within` days (1–365, default 7) in the user's
    zone, overdue ones included and marked; earliest due first. Archived projects left out."""
    query = parse_query(s.DueQuery)
    return tasks_svc.due_tasks(
        current_session(),
        current_user_id(),
        user_today(),
        query.within,
        limit=query.limit,
        cursor=query.cursor,
    )


@api_doc(summary="Get a task", tags=TAGS, response=s.TaskOut, errors=(401, 404))
@require_auth()
def get_task(task_id: int) -> Any:
    """One of the user's tasks, with the minutes logged on it and whether it is overdue."""
    return tasks_svc.get(current_session(), current_user_id(), task_id, user_today())


@api_doc(
    summary="Update a task", tags=TAGS, body=s.TaskPatchIn, response=s.TaskOut, errors=(401, 403, 404, 422)
)
@require_auth()
def patch_task(task_id: int) -> Any:
    """Change fields; status done stamps completed_at, moving out of done (reopening) clears it."""
    body = parse_body(s.TaskPatchIn)
    with unit_of_work() as uow:
        return tasks_svc.update(uow, current_user_id(), task_id, _given(body), user_today())


@api_doc(summary="Delete a task", tags=TAGS, status=204, errors=(401, 403, 404))
@require_auth()
def delete_task(task_id: int) -> Any:
    """Delete the task and its time logs."""
    with unit_of_work() as uow:
        tasks_svc.delete_task(uow, current_user_id(), task_id)
    return "", 204


@api_doc(
    summary="Log time on a task",
    tags=TAGS,
    body=s.TimeLogIn,
    response=s.TimeLogOut,
    status=201,
    errors=(401, 403, 404, 422),
)
@require_auth()
def log_time(task_id: int) -> Any:
    """Minutes (1–1440) spent on the task, with a note; `date` defaults to today in the user's zone."""
    body = parse_body(s.TimeLogIn)
    day = body.date or user_today()
    with unit_of_work() as uow:
        return tasks_svc.log_time(uow, current_user_id(), task_id, body.minutes, body.note, day), 201
