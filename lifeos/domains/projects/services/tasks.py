"""Tasks and their time logs: create, read, list, update (complete, reopen), delete, due.

Status todo → doing → done in any order; moving into done stamps `completed_at` (emits
`projects.task.completed`), moving out of it clears it (`projects.task.reopened`). A task is
overdue when it is not done and its due date is before today in the user's zone. Deleting a
task deletes its time logs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from lifeos.domains.projects.errors import InvalidTask
from lifeos.domains.projects.events import (
    TaskCompleted,
    TaskCreated,
    TaskDeleted,
    TaskReopened,
    TaskUpdated,
    TimeLogged,
)
from lifeos.domains.projects.models import Project, Task, TaskLog
from lifeos.domains.projects.services.common import (
    DONE,
    TO_STORED,
    TaskView,
    api_status,
    get_project,
    get_task_row,
    open_clause,
    task_views,
)
from lifeos.platform.database import utcnow
from lifeos.platform.pagination import Page, cursor_date, cursor_int, decode_cursor, encode_cursor
from lifeos.platform.uow import UnitOfWork

FIELDS = ("title", "notes", "status", "priority", "due_date")
NOT_NULL = ("title", "status")


def _check_not_null(given: dict[str, Any]) -> None:
    errors = [
        {"field": k, "message": "must not be null"} for k in NOT_NULL if k in given and given[k] is None
    ]
    if errors:
        raise InvalidTask("Some fields may not be null.", errors=errors)


def _view(session: Session, user_id: int, task: Task, today: dt.date) -> TaskView:
    return task_views(session, user_id, [task], today)[0]


def get(session: Session, user_id: int, task_id: int, today: dt.date) -> TaskView:
    return _view(session, user_id, get_task_row(session, user_id, task_id), today)


def list_tasks(
    session: Session,
    user_id: int,
    project_id: int,
    today: dt.date,
    *,
    status: str | None,
    overdue: bool | None,
    limit: int,
    cursor: str | None,
) -> Page[TaskView]:
    """A project's tasks, oldest first (by id); filters: status, overdue (as of today)."""
    get_project(session, user_id, project_id)
    stmt = select(Task).where(Task.user_id == user_id, Task.project_id == project_id)
    if status is not None:
        stmt = stmt.where(Task.status == TO_STORED[status])
    late = open_clause() & Task.due_date.is_not(None) & (Task.due_date < today)
    if overdue is True:
        stmt = stmt.where(late)
    elif overdue is False:
        stmt = stmt.where(~late)
    key = decode_cursor("project_tasks", cursor, 1)
    if key is not None:
        stmt = stmt.where(Task.id > cursor_int(key[0]))
    rows = list(session.scalars(stmt.order_by(Task.id).limit(limit + 1)))
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor("project_tasks", [rows[-1].id])
    return Page(task_views(session, user_id, rows, today), next_cursor)


@dataclass
class DueList:
    today: dt.date
    until: dt.date
    items: list[TaskView]
    next_cursor: str | None


def due_tasks(
    session: Session, user_id: int, today: dt.date, within: int, *, limit: int, cursor: str | None
) -> DueList:
    """Tasks not done with a due date on or before today + `within`, overdue ones included,
    earliest due first (then id). Tasks of archived projects are left out."""
    until = today + dt.timedelta(days=within)
    stmt = (
        select(Task)
        .join(Project, Project.id == Task.project_id)
        .where(
            Task.user_id == user_id,
            Project.user_id == user_id,
            Project.status != "archived",
            open_clause(),
            Task.due_date.is_not(None),
            Task.due_date <= until,
        )
    )
    key = decode_cursor("project_tasks_due", cursor, 2)
    if key is not None:
        day, last_id = cursor_date(key[0]), cursor_int(key[1])
        stmt = stmt.where((Task.due_date > day) | ((Task.due_date == day) & (Task.id > last_id)))
    rows = list(session.scalars(stmt.order_by(Task.due_date, Task.id).limit(limit + 1)))
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor(
            "project_tasks_due", [last.due_date.isoformat() if last.due_date else None, last.id]
        )
    return DueList(today, until, task_views(session, user_id, rows, today), next_cursor)


def _emit_status(uow: UnitOfWork, task: Task, user_id: int, before: str, today: dt.date) -> None:
    after = task.status
    if after == DONE and before != DONE:
        uow.emit(
            TaskCompleted(task_id=task.id, project_id=task.project_id, user_id=user_id, completed_on=today),
            user_id,
        )
    elif before == DONE and after != DONE:
        uow.emit(
            TaskReopened(
                task_id=task.id, project_id=task.project_id, user_id=user_id, status=api_status(after)
            ),
            user_id,
        )


def _set_status(task: Task, status: str) -> None:
    stored = TO_STORED[status]
    if stored == DONE and task.status != DONE:
        task.completed_at = utcnow()
    elif stored != DONE:
        task.completed_at = None
    task.status = stored


def create(uow: UnitOfWork, user_id: int, project_id: int, given: dict[str, Any], today: dt.date) -> TaskView:
    _check_not_null(given)
    session = uow.session

    def work() -> TaskView:
        project = get_project(session, user_id, project_id)
        task = Task(
            user_id=user_id,
            project_id=project.id,
            title=given["title"],
            notes=given.get("notes"),
            priority=given.get("priority"),
            due_date=given.get("due_date"),
            status="open",
        )
        _set_status(task, given.get("status") or "todo")
        session.add(task)
        session.flush()
        uow.emit(
            TaskCreated(
                task_id=task.id,
                project_id=project.id,
                user_id=user_id,
                title=task.title,
                status=api_status(task.status),
                due_date=task.due_date,
            ),
            user_id,
        )
        _emit_status(uow, task, user_id, "open", today)
        return _view(session, user_id, task, today)

    return uow.run(work)


def update(uow: UnitOfWork, user_id: int, task_id: int, given: dict[str, Any], today: dt.date) -> TaskView:
    _check_not_null(given)
    session = uow.session

    def work() -> TaskView:
        task = get_task_row(session, user_id, task_id)
        before = task.status
        current = {k: getattr(task, k) for k in FIELDS}
        current["status"] = api_status(before)
        changed = [k for k in FIELDS if k in given and given[k] != current[k]]
        for key in changed:
            if key == "status":
                _set_status(task, given[key])
            else:
                setattr(task, key, given[key])
        if changed:
            task.updated_at = utcnow()
            session.flush()
            crosses_done = "status" in changed and DONE in (before, task.status)
            plain = tuple(k for k in changed if not (k == "status" and crosses_done))
            if plain:
                uow.emit(
                    TaskUpdated(task_id=task.id, project_id=task.project_id, user_id=user_id, changed=plain),
                    user_id,
                )
            _emit_status(uow, task, user_id, before, today)
        return _view(session, user_id, task, today)

    return uow.run(work)


def delete_task(uow: UnitOfWork, user_id: int, task_id: int) -> None:
    session = uow.session

    def work() -> None:
        task = get_task_row(session, user_id, task_id)
        count, minutes = session.execute(
            select(func.count(), func.coalesce(func.sum(TaskLog.minutes), 0)).where(
                TaskLog.task_id == task.id
            )
        ).one()
        session.execute(delete(TaskLog).where(TaskLog.task_id == task.id))
        tid, pid = task.id, task.project_id
        session.delete(task)
        session.flush()
        uow.emit(
            TaskDeleted(
                task_id=tid,
                project_id=pid,
                user_id=user_id,
                logs_deleted=int(count),
                minutes_deleted=int(minutes),
            ),
            user_id,
        )

    uow.run(work)


@dataclass
class LogView:
    id: int
    task_id: int
    minutes: int
    note: str | None
    date: dt.date
    created_at: dt.datetime | None


def log_time(
    uow: UnitOfWork, user_id: int, task_id: int, minutes: int, note: str | None, day: dt.date
) -> LogView:
    """Log `minutes` on the task for `day` (stored as that day's midnight in `logged_at`)."""
    session = uow.session

    def work() -> LogView:
        task = get_task_row(session, user_id, task_id)
        log = TaskLog(
            user_id=user_id,
            task_id=task.id,
            minutes=minutes,
            note=note,
            logged_at=dt.datetime.combine(day, dt.time()),
            status_snapshot=task.status,
            created_at=utcnow(),
        )
        session.add(log)
        session.flush()
        uow.emit(
            TimeLogged(
                log_id=log.id,
                task_id=task.id,
                project_id=task.project_id,
                user_id=user_id,
                minutes=minutes,
                logged_date=day,
            ),
            user_id,
        )
        return LogView(log.id, task.id, log.minutes, log.note, day, log.created_at)

    return uow.run(work)
