"""Projects events. Each docstring is the event's contract for subscribers.

Payloads are JSON: dates as ISO `YYYY-MM-DD` strings. Task statuses are the API's values
(todo, doing, done).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifeos.platform.events import Event, register


@register
@dataclass(frozen=True)
class ProjectCreated(Event):
    """A user created a project (`status` active, completed or archived)."""

    name = "projects.project.created"
    version = 1

    project_id: int
    user_id: int
    project_name: str
    status: str
    target_date: date | None


@register
@dataclass(frozen=True)
class ProjectUpdated(Event):
    """A project's fields changed; `changed` lists the API field names whose value changed and
    `status` is the status after the change. Completing every task never emits this: a project
    is completed only when its status is set."""

    name = "projects.project.updated"
    version = 1

    project_id: int
    user_id: int
    changed: tuple[str, ...]
    status: str


@register
@dataclass(frozen=True)
class ProjectDeleted(Event):
    """A project was deleted together with its tasks (`tasks_deleted`) and their time logs
    (`logs_deleted`); no per-task events are emitted for them."""

    name = "projects.project.deleted"
    version = 1

    project_id: int
    user_id: int
    project_name: str
    tasks_deleted: int
    logs_deleted: int


@register
@dataclass(frozen=True)
class TaskCreated(Event):
    """A task was added to a project (a task created as done also emits
    `projects.task.completed`)."""

    name = "projects.task.created"
    version = 1

    task_id: int
    project_id: int
    user_id: int
    title: str
    status: str
    due_date: date | None


@register
@dataclass(frozen=True)
class TaskUpdated(Event):
    """A task's fields changed other than a move into or out of done (those are
    `projects.task.completed` / `projects.task.reopened`); `changed` lists the API field
    names (todo ↔ doing is a `status` change here)."""

    name = "projects.task.updated"
    version = 1

    task_id: int
    project_id: int
    user_id: int
    changed: tuple[str, ...]


@register
@dataclass(frozen=True)
class TaskCompleted(Event):
    """A task became done; `completed_on` is the day in the user's zone."""

    name = "projects.task.completed"
    version = 1

    task_id: int
    project_id: int
    user_id: int
    completed_on: date


@register
@dataclass(frozen=True)
class TaskReopened(Event):
    """A done task was moved back to `status` todo or doing (its completed_at cleared)."""

    name = "projects.task.reopened"
    version = 1

    task_id: int
    project_id: int
    user_id: int
    status: str


@register
@dataclass(frozen=True)
class TaskDeleted(Event):
    """A task was deleted together with its time logs (`logs_deleted` rows, `minutes_deleted`
    minutes)."""

    name = "projects.task.deleted"
    version = 1

    task_id: int
    project_id: int
    user_id: int
    logs_deleted: int
    minutes_deleted: int


@register
@dataclass(frozen=True)
class TimeLogged(Event):
    """Time was logged on a task: `minutes` (1–1440) on `logged_date` (a day in the user's
    calendar)."""

    name = "projects.time.logged"
    version = 1

    log_id: int
    task_id: int
    project_id: int
    user_id: int
    minutes: int
    logged_date: date
