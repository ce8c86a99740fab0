"""Shared rules: the task status vocabulary, lookups scoped to the user, progress and views.

Task statuses are stored in the legacy column's vocabulary and shown with the API's:
todo ↔ `open`, doing ↔ `in_progress`, done ↔ `done`. Legacy rows may hold `cancelled`: shown
as is, never due nor overdue, and left out of progress.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from lifeos.domains.projects.errors import ProjectNotFound, TaskNotFound
from lifeos.domains.projects.models import Project, Task, TaskLog
from lifeos.platform.http import MAX_ID

TO_STORED = {"todo": "open", "doing": "in_progress", "done": "done"}
FROM_STORED = {stored: api for api, stored in TO_STORED.items()}
DONE = "done"
CANCELLED = "cancelled"
# Stored statuses that are neither done nor cancelled: the ones that can be due or overdue.
OPEN_STORED = ("open", "in_progress")


def api_status(stored: str) -> str:
    return FROM_STORED.get(stored, stored)


def is_open(stored: str) -> bool:
    """Not done and not cancelled (legacy rows may hold other values: treat them as open)."""
    return stored not in (DONE, CANCELLED)


def open_clause() -> ColumnElement[bool]:
    return Task.status.not_in((DONE, CANCELLED))


def get_project(session: Session, user_id: int, project_id: int) -> Project:
    """The user's project, or 404 (another user's project is indistinguishable from none)."""
    project = None
    if 1 <= project_id <= MAX_ID:
        project = session.scalar(select(Project).where(Project.user_id == user_id, Project.id == project_id))
    if project is None:
        raise ProjectNotFound(f"Project {project_id} not found.")
    return project


def get_task_row(session: Session, user_id: int, task_id: int) -> Task:
    """The user's task, or 404."""
    task = None
    if 1 <= task_id <= MAX_ID:
        task = session.scalar(select(Task).where(Task.user_id == user_id, Task.id == task_id))
    if task is None:
        raise TaskNotFound(f"Task {task_id} not found.")
    return task


@dataclass
class Progress:
    tasks_total: int = 0
    tasks_done: int = 0
    minutes_spent: int = 0
    overdue_tasks: int = 0

    @property
    def percent_done(self) -> float | None:
        if not self.tasks_total:
            return None
        return round(self.tasks_done * 100 / self.tasks_total, 1)


@dataclass
class ProjectView:
    """A project as the API shows it: its fields and its progress as of today."""

    id: int
    name: str
    description: str | None
    status: str
    target_date: dt.date | None
    completed_at: dt.datetime | None
    created_at: dt.datetime | None
    updated_at: dt.datetime | None
    progress: Progress


@dataclass
class TaskView:
    """A task as the API shows it."""

    id: int
    project_id: int
    title: str
    notes: str | None
    status: str
    priority: int | None
    due_date: dt.date | None
    completed_at: dt.datetime | None
    overdue: bool
    minutes_spent: int
    created_at: dt.datetime | None
    updated_at: dt.datetime | None


def progress_of(
    session: Session, user_id: int, project_ids: Iterable[int], today: dt.date
) -> dict[int, Progress]:
    """Progress of each project: tasks (cancelled ones left out), done, overdue, minutes."""
    ids = list(project_ids)
    out = {pid: Progress() for pid in ids}
    if not ids:
        return out
    overdue = and_(open_clause(), Task.due_date.is_not(None), Task.due_date < today)
    counted = Task.status != CANCELLED
    rows = session.execute(
        select(
            Task.project_id,
            func.sum(case((counted, 1), else_=0)),
            func.sum(case((Task.status == DONE, 1), else_=0)),
            func.sum(case((overdue, 1), else_=0)),
        )
        .where(Task.user_id == user_id, Task.project_id.in_(ids))
        .group_by(Task.project_id)
    )
    for pid, total, done, late in rows:
        out[pid].tasks_total = int(total or 0)
        out[pid].tasks_done = int(done or 0)
        out[pid].overdue_tasks = int(late or 0)
    minutes = session.execute(
        select(Task.project_id, func.coalesce(func.sum(TaskLog.minutes), 0))
        .join(TaskLog, TaskLog.task_id == Task.id)
        .where(Task.user_id == user_id, TaskLog.user_id == user_id, Task.project_id.in_(ids))
        .group_by(Task.project_id)
    )
    for pid, spent in minutes:
        out[pid].minutes_spent = int(spent or 0)
    return out


def project_views(
    session: Session, user_id: int, projects: list[Project], today: dt.date
) -> list[ProjectView]:
    progress = progress_of(session, user_id, [p.id for p in projects], today)
    return [
        ProjectView(
            id=p.id,
            name=p.name,
            description=p.description,
            status=p.status,
            target_date=p.target_date,
            completed_at=p.completed_at,
            created_at=p.created_at,
            updated_at=p.updated_at,
            progress=progress[p.id],
        )
        for p in projects
    ]


def minutes_of(session: Session, user_id: int, task_ids: Iterable[int]) -> dict[int, int]:
    ids = list(task_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(TaskLog.task_id, func.coalesce(func.sum(TaskLog.minutes), 0))
        .where(TaskLog.user_id == user_id, TaskLog.task_id.in_(ids))
        .group_by(TaskLog.task_id)
    )
    return {tid: int(spent or 0) for tid, spent in rows}


def task_views(session: Session, user_id: int, tasks: list[Task], today: dt.date) -> list[TaskView]:
    minutes = minutes_of(session, user_id, [t.id for t in tasks])
    return [
        TaskView(
            id=t.id,
            project_id=t.project_id,
            title=t.title,
            notes=t.notes,
            status=api_status(t.status),
            priority=t.priority,
            due_date=t.due_date,
            completed_at=t.completed_at,
            overdue=is_open(t.status) and t.due_date is not None and t.due_date < today,
            minutes_spent=minutes.get(t.id, 0),
            created_at=t.created_at,
            updated_at=t.updated_at,
        )
        for t in tasks
    ]
