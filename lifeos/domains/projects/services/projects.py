"""Projects: create, read (with progress), list, update, delete.

A project's status is only what the user sets: completing every task leaves it active (no
silent completion). Status completed stamps `completed_at`; any other status clears it.
Deleting a project deletes its tasks and their time logs with it (cascade, one transaction,
one `projects.project.deleted` event carrying the counts); archive it to keep them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from lifeos.domains.projects.errors import InvalidProject
from lifeos.domains.projects.events import ProjectCreated, ProjectDeleted, ProjectUpdated
from lifeos.domains.projects.models import Project, Task, TaskLog
from lifeos.domains.projects.services.common import ProjectView, get_project, project_views
from lifeos.platform.database import utcnow
from lifeos.platform.pagination import Page, cursor_int, cursor_str, decode_cursor, encode_cursor
from lifeos.platform.uow import UnitOfWork

FIELDS = ("name", "description", "status", "target_date")
NOT_NULL = ("name", "status")
COMPLETED = "completed"


def _check_not_null(given: dict[str, Any]) -> None:
    errors = [
        {"field": k, "message": "must not be null"} for k in NOT_NULL if k in given and given[k] is None
    ]
    if errors:
        raise InvalidProject("Some fields may not be null.", errors=errors)


def view(session: Session, user_id: int, project: Project, today: dt.date) -> ProjectView:
    return project_views(session, user_id, [project], today)[0]


def get(session: Session, user_id: int, project_id: int, today: dt.date) -> ProjectView:
    return view(session, user_id, get_project(session, user_id, project_id), today)


def list_projects(
    session: Session, user_id: int, today: dt.date, *, status: str | None, limit: int, cursor: str | None
) -> Page[ProjectView]:
    """The user's projects by name (then id), keyset-paginated; `status` filters."""
    stmt = select(Project).where(Project.user_id == user_id)
    if status is not None:
        stmt = stmt.where(Project.status == status)
    key = decode_cursor("projects", cursor, 2)
    if key is not None:
        name, last_id = cursor_str(key[0]), cursor_int(key[1])
        stmt = stmt.where((Project.name > name) | ((Project.name == name) & (Project.id > last_id)))
    rows = list(session.scalars(stmt.order_by(Project.name, Project.id).limit(limit + 1)))
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor("projects", [rows[-1].name, rows[-1].id])
    return Page(project_views(session, user_id, rows, today), next_cursor)


def _set_status(project: Project, status: str) -> None:
    if status == COMPLETED and project.status != COMPLETED:
        project.completed_at = utcnow()
    elif status != COMPLETED:
        project.completed_at = None
    project.status = status


def create(uow: UnitOfWork, user_id: int, given: dict[str, Any], today: dt.date) -> ProjectView:
    _check_not_null(given)
    session = uow.session

    def work() -> ProjectView:
        project = Project(
            user_id=user_id,
            name=given["name"],
            description=given.get("description"),
            target_date=given.get("target_date"),
            status="active",
        )
        _set_status(project, given.get("status") or "active")
        session.add(project)
        session.flush()
        uow.emit(
            ProjectCreated(
                project_id=project.id,
                user_id=user_id,
                project_name=project.name,
                status=project.status,
                target_date=project.target_date,
            ),
            user_id,
        )
        return view(session, user_id, project, today)

    return uow.run(work)


def update(
    uow: UnitOfWork, user_id: int, project_id: int, given: dict[str, Any], today: dt.date
) -> ProjectView:
    _check_not_null(given)
    session = uow.session

    def work() -> ProjectView:
        project = get_project(session, user_id, project_id)
        changed = tuple(k for k in FIELDS if k in given and given[k] != getattr(project, k))
        for key in changed:
            if key == "status":
                _set_status(project, given[key])
            else:
                setattr(project, key, given[key])
        if changed:
            project.updated_at = utcnow()
            session.flush()
            uow.emit(
                ProjectUpdated(
                    project_id=project.id, user_id=user_id, changed=changed, status=project.status
                ),
                user_id,
            )
        return view(session, user_id, project, today)

    return uow.run(work)


def delete_project(uow: UnitOfWork, user_id: int, project_id: int) -> None:
    """Delete the project, its tasks and their time logs."""
    session = uow.session

    def work() -> None:
        project = get_project(session, user_id, project_id)
        task_ids = select(Task.id).where(Task.project_id == project.id)
        logs = int(
            session.scalar(select(func.count()).select_from(TaskLog).where(TaskLog.task_id.in_(task_ids)))
            or 0
        )
        tasks = int(
            session.scalar(select(func.count()).select_from(Task).where(Task.project_id == project.id)) or 0
        )
        session.execute(delete(TaskLog).where(TaskLog.task_id.in_(task_ids)))
        session.execute(delete(Task).where(Task.project_id == project.id))
        name, pid = project.name, project.id
        session.delete(project)
        session.flush()
        uow.emit(
            ProjectDeleted(
                project_id=pid, user_id=user_id, project_name=name, tasks_deleted=tasks, logs_deleted=logs
            ),
            user_id,
        )

    uow.run(work)
