"""Projects error classes: each carries its HTTP status and its stable `projects.<reason>` code."""

from __future__ import annotations

from lifeos.platform.errors import AppError


class ProjectsError(AppError):
    """Base of projects errors (never raised itself)."""


class ProjectNotFound(ProjectsError):
    """No such project for this user (another user's project is indistinguishable from none)."""

    status = 404
    code = "projects.project_not_found"
    title = "Project not found"


class TaskNotFound(ProjectsError):
    """No such task for this user (another user's task is indistinguishable from none)."""

    status = 404
    code = "projects.task_not_found"
    title = "Task not found"


class InvalidProject(ProjectsError):
    """The project's fields are inconsistent (e.g. a required field set to null)."""

    status = 422
    code = "projects.invalid_project"
    title = "Invalid project"


class InvalidTask(ProjectsError):
    """The task's fields are inconsistent (e.g. a required field set to null)."""

    status = 422
    code = "projects.invalid_task"
    title = "Invalid task"
