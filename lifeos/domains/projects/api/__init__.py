"""Projects JSON API under /api/v1/projects: parse the request, call a service, return the result."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from lifeos.domains.projects.api.views import (
    create_project,
    create_task,
    delete_project,
    delete_task,
    due_tasks,
    get_project,
    get_task,
    list_projects,
    list_tasks,
    log_time,
    patch_project,
    patch_task,
)

api = Blueprint("projects_api", __name__, url_prefix="/api/v1/projects")

_ROUTES: list[tuple[str, Any, list[str]]] = [
    ("", list_projects, ["GET"]),
    ("", create_project, ["POST"]),
    ("/tasks/due", due_tasks, ["GET"]),
    ("/<int:project_id>", get_project, ["GET"]),
    ("/<int:project_id>", patch_project, ["PATCH"]),
    ("/<int:project_id>", delete_project, ["DELETE"]),
    ("/<int:project_id>/tasks", list_tasks, ["GET"]),
    ("/<int:project_id>/tasks", create_task, ["POST"]),
    ("/tasks/<int:task_id>", get_task, ["GET"]),
    ("/tasks/<int:task_id>", patch_task, ["PATCH"]),
    ("/tasks/<int:task_id>", delete_task, ["DELETE"]),
    ("/tasks/<int:task_id>/logs", log_time, ["POST"]),
]

for _rule, _view, _methods in _ROUTES:
    api.add_url_rule(_rule, view_func=_view, methods=_methods)
