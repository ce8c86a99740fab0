"""Projects pages under /projects: the same services as the JSON API, rendered as HTML.

/projects lists projects with their progress (tasks done %, minutes, overdue) and creates one;
a project's page shows its tasks by status with due dates, completes and reopens them in place
(htmx swaps the board; without JavaScript the form posts and the page reloads), adds tasks and
logs time. The Today card lists tasks due and overdue, each completed in place.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from lifeos.domains.projects import schemas as s
from lifeos.domains.projects.services import projects as projects_svc
from lifeos.domains.projects.services import tasks as tasks_svc
from lifeos.platform.auth.browser import login_required
from lifeos.platform.auth.guard import current_user_id
from lifeos.platform.clock import user_today
from lifeos.platform.errors import AppError, ValidationFailed
from lifeos.platform.http import parse
from lifeos.platform.uow import current_session, unit_of_work
from lifeos.web.forms import FormErrors
from lifeos.web.today import today_card

bp = Blueprint("projects_web", __name__, url_prefix="/projects", template_folder="templates")

PROJECT_FIELDS = ("name", "description", "target_date")
TASK_FIELDS = ("title", "due_date", "priority", "notes")
LOG_FIELDS = ("task_id", "minutes", "date", "note")
STATUS_GROUPS = [("doing", "Doing"), ("todo", "To do"), ("done", "Done")]
PRIORITIES = [(1, "1 · highest"), (2, "2 · high"), (3, "3 · normal"), (4, "4 · low")]
TODAY_DUE_WITHIN = 7
CARD_ITEMS = 5


def _is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def _form(names: tuple[str, ...]) -> dict[str, str]:
    return {k: request.form.get(k, "").strip() for k in names}


def _int_or_text(value: str) -> int | str:
    try:
        return int(value)
    except ValueError:
        return value


def _given(values: Mapping[str, str]) -> dict[str, Any]:
    """The filled fields, numbers as ints (text that is not a number goes on to the schema)."""
    return {
        k: _int_or_text(v) if k in ("priority", "minutes") else v
        for k, v in values.items()
        if v != "" and k != "task_id"
    }


def _all_tasks(project_id: int) -> list[s.TaskOut]:
    items: list[s.TaskOut] = []
    cursor: str | None = None
    while True:
        page = tasks_svc.list_tasks(
            current_session(),
            current_user_id(),
            project_id,
            user_today(),
            status=None,
            overdue=None,
            limit=100,
            cursor=cursor,
        )
        items.extend(s.TaskOut.model_validate(t, from_attributes=True) for t in page.items)
        cursor = page.next_cursor
        if cursor is None:
            return items


def _board_context(project_id: int) -> dict[str, Any]:
    project = s.ProjectOut.model_validate(
        projects_svc.get(current_session(), current_user_id(), project_id, user_today()), from_attributes=True
    )
    tasks = _all_tasks(project_id)

    def order(task: s.TaskOut) -> tuple[Any, ...]:
        # Overdue first, then by due date (none last), priority, id.
        return (not task.overdue, task.due_date is None, task.due_date, task.priority or 9, task.id)

    groups = [
        (status, label, sorted((t for t in tasks if t.status == status), key=order))
        for status, label in STATUS_GROUPS
    ]
    return {"project": project, "groups": groups, "today": user_today()}


# ------------------------------------------------------------------------------ list


def _list_page(
    *, new: dict[str, str] | None = None, errors: FormErrors | None = None, status: int = 200
) -> ResponseReturnValue:
    wanted = request.args.get("status", "active")
    if wanted not in ("active", "completed", "archived", "all"):
        wanted = "active"
    page = projects_svc.list_projects(
        current_session(),
        current_user_id(),
        user_today(),
        status=None if wanted == "all" else wanted,
        limit=100,
        cursor=request.args.get("cursor") or None,
    )
    listing = s.ProjectListOut.model_validate(page, from_attributes=True)
    return (
        render_template(
            "projects/projects.html",
            section="projects",
            title="Projects",
            listing=listing,
            wanted=wanted,
            new=new or {},
            errors=errors or FormErrors(),
        ),
        status,
    )


@bp.get("")
@login_required
def projects() -> ResponseReturnValue:
    """Projects with their progress; filtered by status (active by default)."""
    try:
        return _list_page()
    except AppError as exc:  # a forged cursor
        if exc.status != 422:
            raise
        return redirect(url_for(".projects"))


@bp.post("")
@login_required
def create_project() -> ResponseReturnValue:
    values = _form(PROJECT_FIELDS)
    try:
        body = parse(s.ProjectCreateIn, _given(values))
        given = {k: getattr(body, k) for k in body.model_fields_set} | {
            "name": body.name,
            "status": body.status,
        }
        with unit_of_work() as uow:
            project = projects_svc.create(uow, current_user_id(), given, user_today())
    except AppError as exc:
        if exc.status >= 500 or exc.status in (401, 403):
            raise
        return _list_page(new=values, errors=FormErrors.of(exc, known=PROJECT_FIELDS), status=exc.status)
    flash(f"Project “{project.name}” created. Add its first task.", "success")
    return redirect(url_for(".project", project_id=project.id), 303)


# ------------------------------------------------------------------------------ one project


def _project_page(
    project_id: int,
    *,
    task: dict[str, str] | None = None,
    task_errors: FormErrors | None = None,
    log: dict[str, str] | None = None,
    log_errors: FormErrors | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    context = _board_context(project_id)
    open_tasks = [t for status_, _label, items in context["groups"] if status_ != "done" for t in items]
    return (
        render_template(
            "projects/project.html",
            section="projects",
            title=context["project"].name,
            task=task or {},
            task_errors=task_errors or FormErrors(),
            log=log or {"date": user_today().isoformat()},
            log_errors=log_errors or FormErrors(),
            task_options=[(t.id, t.title) for t in open_tasks],
            priorities=PRIORITIES,
            **context,
        ),
        status,
    )


@bp.get("/<int:project_id>")
@login_required
def project(project_id: int) -> ResponseReturnValue:
    """A project's progress, its tasks by status with due dates, and forms to add and log."""
    return _project_page(project_id)


@bp.post("/<int:project_id>/tasks")
@login_required
def create_task(project_id: int) -> ResponseReturnValue:
    values = _form(TASK_FIELDS)
    try:
        body = parse(s.TaskCreateIn, _given(values))
        given = {k: getattr(body, k) for k in body.model_fields_set} | {
            "title": body.title,
            "status": body.status,
        }
        with unit_of_work() as uow:
            created = tasks_svc.create(uow, current_user_id(), project_id, given, user_today())
    except AppError as exc:
        if exc.status >= 500 or exc.status in (401, 403, 404):
            raise
        errors = FormErrors.of(exc, known=TASK_FIELDS)
        return _project_page(project_id, task=values, task_errors=errors, status=exc.status)
    flash(f"Task “{created.title}” added.", "success")
    return redirect(url_for(".project", project_id=project_id, _anchor="tasks"), 303)


@bp.post("/<int:project_id>/time")
@login_required
def log_time(project_id: int) -> ResponseReturnValue:
    """Log minutes on one of the project's tasks (`POST /tasks/{id}/time`'s schema and service)."""
    values = _form(LOG_FIELDS)
    try:
        task_id = _int_or_text(values["task_id"]) if values["task_id"] else 0
        chosen = None
        if isinstance(task_id, int) and task_id:
            chosen = tasks_svc.get(current_session(), current_user_id(), task_id, user_today())
        if chosen is None or chosen.project_id != project_id:
            raise _field_error("task_id", "Choose a task of this project.")
        body = parse(s.TimeLogIn, _given(values))
        with unit_of_work() as uow:
            logged = tasks_svc.log_time(
                uow, current_user_id(), chosen.id, body.minutes, body.note, body.date or user_today()
            )
    except AppError as exc:
        if exc.status >= 500 or exc.status in (401, 403):
            raise
        errors = (
            FormErrors({"task_id": "Choose a task of this project."})
            if exc.status == 404
            else FormErrors.of(exc, known=LOG_FIELDS)
        )
        status = 422 if exc.status == 404 else exc.status
        return _project_page(project_id, log=values, log_errors=errors, status=status)
    flash(f"Logged {logged.minutes} minutes on “{chosen.title}”.", "success")
    return redirect(url_for(".project", project_id=project_id, _anchor="log-time"), 303)


def _field_error(field: str, message: str) -> AppError:
    return ValidationFailed("Some fields are invalid.", errors=[{"field": field, "message": message}])


@bp.post("/<int:project_id>/status")
@login_required
def set_project_status(project_id: int) -> ResponseReturnValue:
    """Mark the project completed, archive it or make it active again (`PATCH /projects/{id}`)."""
    try:
        body = parse(s.ProjectPatchIn, {"status": request.form.get("status", "")})
        with unit_of_work() as uow:
            project = projects_svc.update(
                uow, current_user_id(), project_id, {"status": body.status}, user_today()
            )
    except ValidationFailed:
        flash("Choose active, completed or archived.", "error")
        return redirect(url_for(".project", project_id=project_id), 303)
    words = {"active": "is active again", "completed": "is completed", "archived": "is archived"}
    flash(f"“{project.name}” {words.get(project.status, project.status)}.", "success")
    return redirect(url_for(".project", project_id=project_id), 303)


# ------------------------------------------------------------------------------ complete / reopen


def _set_status(task_id: int, status: str) -> s.TaskOut:
    with unit_of_work() as uow:
        changed = tasks_svc.update(uow, current_user_id(), task_id, {"status": status}, user_today())
    return s.TaskOut.model_validate(changed, from_attributes=True)


def _after_status_change(task: s.TaskOut, verb: str) -> ResponseReturnValue:
    """htmx: the fragment the button sits in (Today's card or the project's board); else back."""
    where = request.form.get("from", "")
    if _is_htmx():
        if where == "today":
            return render_template(
                "projects/_today_card.html", ctx=_today_context(), swapped=f"“{task.title}” {verb}."
            )
        return render_template(
            "projects/_board.html", swapped=f"“{task.title}” {verb}.", **_board_context(task.project_id)
        )
    flash(f"“{task.title}” {verb}.", "success")
    if where == "today":
        return redirect(url_for("web.today"), 303)
    return redirect(url_for(".project", project_id=task.project_id, _anchor="tasks"), 303)


@bp.post("/tasks/<int:task_id>/complete")
@login_required
def complete_task(task_id: int) -> ResponseReturnValue:
    return _after_status_change(_set_status(task_id, "done"), "completed")


@bp.post("/tasks/<int:task_id>/reopen")
@login_required
def reopen_task(task_id: int) -> ResponseReturnValue:
    return _after_status_change(_set_status(task_id, "todo"), "reopened")


@bp.post("/tasks/<int:task_id>/start")
@login_required
def start_task(task_id: int) -> ResponseReturnValue:
    return _after_status_change(_set_status(task_id, "doing"), "started")


# ------------------------------------------------------------------------------ Today


def _today_context() -> dict[str, Any]:
    due = tasks_svc.due_tasks(
        current_session(),
        current_user_id(),
        user_today(),
        TODAY_DUE_WITHIN,
        limit=CARD_ITEMS + 1,
        cursor=None,
    )
    listing = s.DueOut.model_validate(due, from_attributes=True)
    names: dict[int, str] = {}
    for task in listing.items[:CARD_ITEMS]:
        if task.project_id not in names:
            found = projects_svc.get(current_session(), current_user_id(), task.project_id, user_today())
            names[task.project_id] = found.name
    return {
        "due": listing.items[:CARD_ITEMS],
        "more": len(listing.items) > CARD_ITEMS,
        "project_names": names,
        "today": listing.today,
    }


@today_card("projects", "projects/_today_card.html", order=40)
def _today_tasks() -> dict[str, Any]:
    return _today_context()
