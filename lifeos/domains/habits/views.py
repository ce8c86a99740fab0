"""Habit pages under /habits: the same services as the JSON API, rendered as HTML.

Today's ticks (htmx: the row is swapped in place with its new streak; without JavaScript the
form posts and comes back), each habit's year heatmap, streaks and strength, and forms to
create, edit, pause and archive (deactivate) a habit. Forms are parsed with the API's request
schemas, so a 422 names the same fields and is shown beside them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from lifeos.domains.habits import schemas as s
from lifeos.domains.habits.models import Habit
from lifeos.domains.habits.services import habits as habits_svc
from lifeos.domains.habits.services import logs as logs_svc
from lifeos.domains.habits.services import rules
from lifeos.domains.habits.services import stats as stats_svc
from lifeos.platform.auth.browser import login_required
from lifeos.platform.auth.guard import current_user, current_user_id
from lifeos.platform.clock import user_today, zone
from lifeos.platform.errors import AppError
from lifeos.platform.http import parse
from lifeos.platform.uow import current_session, unit_of_work
from lifeos.web.forms import FormErrors
from lifeos.web.today import today_card

bp = Blueprint("habits_web", __name__, url_prefix="/habits", template_folder="templates")

HABIT_FIELDS = (
    "name",
    "description",
    "schedule_type",
    "times_per_week",
    "schedule_days",
    "kind",
    "target_value",
    "target_direction",
    "unit",
)
WEEKDAYS = [(1, "Mon"), (2, "Tue"), (3, "Wed"), (4, "Thu"), (5, "Fri"), (6, "Sat"), (7, "Sun")]
SCHEDULES = [("daily", "Every day"), ("times_per_week", "Times per week"), ("weekdays", "On chosen days")]
KINDS = [("boolean", "Yes / no"), ("numeric", "A number (e.g. pages, glasses)")]
DIRECTIONS = [("at_least", "At least"), ("at_most", "At most")]
HEATMAP_WEEKS = 53


def _zone() -> dt.tzinfo:
    return zone(getattr(current_user(), "timezone", None))


def _page(template: str, status: int = 200, **context: Any) -> ResponseReturnValue:
    context.setdefault("section", "habits")
    return render_template(template, **context), status


def _back(default: str) -> str:
    target = request.form.get("next", "")
    ok = target.startswith(("/habits", "/today")) and not target.startswith("//")
    return target if ok else default


def schedule_text(habit: s.HabitOut) -> str:
    """`Every day`, `3 times a week`, `Mon, Wed, Fri`; with the goal of a numeric habit."""
    if habit.schedule_type == "times_per_week":
        n = habit.times_per_week or 1
        when = "once a week" if n == 1 else f"{n} times a week"
    elif habit.schedule_type == "weekdays":
        names = dict(WEEKDAYS)
        when = ", ".join(names[d] for d in habit.schedule_days or [])
    else:
        when = "Every day"
    if habit.kind == "numeric" and habit.target_value is not None:
        word = "at most" if habit.target_direction == "at_most" else "at least"
        target = f"{habit.target_value.normalize():f}"
        when += f" · {word} {target}{' ' + habit.unit if habit.unit else ''}"
    return when[:1].upper() + when[1:]


# ------------------------------------------------------------------------------ heatmap


@dataclass(frozen=True)
class Cell:
    day: dt.date
    state: str  # done, partial, missed, skipped, rest (not due), empty (before the start / future)
    title: str


@dataclass(frozen=True)
class Heatmap:
    weeks: list[list[Cell]]  # Monday-first columns, oldest first
    months: list[tuple[int, str]]  # (column, month name) where a month starts
    done: int
    days: int
    skipped: int
    summary: str
    rest: bool  # some days are not due (a weekdays habit)


STATE_WORDS = {
    "done": "done",
    "partial": "partly done",
    "missed": "not done",
    "skipped": "skipped",
    "rest": "not due",
}


def heatmap(habit: Habit, records: list[rules.Record], today: dt.date, start: dt.date) -> Heatmap:
    """The last year of a habit as weeks of day cells, and the words a screen reader hears."""
    marks = rules.build_marks(records, stats_svc.goal_of(habit))
    schedule = stats_svc.schedule_of(habit)
    last_monday = today - dt.timedelta(days=today.weekday())
    first = last_monday - dt.timedelta(weeks=HEATMAP_WEEKS - 1)
    weeks: list[list[Cell]] = []
    months: list[tuple[int, str]] = []
    done = days = skipped = 0
    for w in range(HEATMAP_WEEKS):
        column = []
        for d in range(7):
            day = first + dt.timedelta(weeks=w, days=d)
            if d == 0 and (w == 0 or day.day <= 7):
                months.append((w, f"{day:%b}"))
            mark = marks.get(day)
            if day > today or (day < start and mark is None):
                state = "empty"
            elif mark is not None and mark.skipped:
                state, skipped = "skipped", skipped + 1
            elif mark is not None and mark.done:
                state = "done"
            elif mark is not None and mark.completion > 0:
                state = "partial"
            elif not schedule.counts(day):
                state = "rest"
            else:
                state = "missed"
            if state not in ("empty", "rest", "skipped"):  # due days (a skip is neither done nor missed)
                days += 1
                done += state == "done"
            label = f"{day:%a} {day.day} {day:%b} {day.year}"
            title = label if state == "empty" else f"{label}: {STATE_WORDS[state]}"
            column.append(Cell(day, state, title))
        weeks.append(column)
    summary = f"Done {done} of {days} due days in the last year" + (f", {skipped} skipped" if skipped else "")
    rest = any(c.state == "rest" for week in weeks for c in week)
    return Heatmap(weeks, months, done, days, skipped, summary + ".", rest)


# ------------------------------------------------------------------------------ pages


def _today_items() -> list[s.TodayItemOut]:
    board = stats_svc.today_board(current_session(), current_user_id(), user_today())
    return [s.TodayItemOut.model_validate(item, from_attributes=True) for item in board.items]


def _cards(habits: list[Habit]) -> list[dict[str, Any]]:
    session, uid, today, tz = current_session(), current_user_id(), user_today(), _zone()
    cards = []
    for habit in habits:
        records = list(stats_svc.habit_records(session, uid, habit.id))
        stats = stats_svc.stats_of(habit, records, today, tz)
        first = [min(r[0] for r in records)] if records else []  # logs may predate the habit
        out = s.HabitOut.model_validate(habit)
        cards.append(
            {
                "habit": out,
                "schedule": schedule_text(out),
                "stats": s.HabitStatsOut.model_validate(stats, from_attributes=True),
                "heatmap": heatmap(habit, records, today, min([stats_svc.created_on(habit, tz), *first])),
            }
        )
    return cards


@bp.get("")
@login_required
def habits() -> ResponseReturnValue:
    """Today's ticks, then every active habit with its heatmap, streaks and strength."""
    session, uid = current_session(), current_user_id()
    active = habits_svc.list_habits(session, uid, active=True, limit=100).items
    archived = habits_svc.list_habits(session, uid, active=False, limit=100).items
    return _page(
        "habits/habits.html",
        title="Habits",
        items=_today_items(),
        cards=_cards(sorted(active, key=lambda h: bool(h.is_paused))),  # paused ones last
        archived=[s.HabitOut.model_validate(h) for h in archived],
        today=user_today(),
    )


def _item_fragment(habit_id: int, status: int = 200, error: str | None = None) -> ResponseReturnValue:
    items = {i.habit.id: i for i in _today_items()}
    item = items.get(habit_id)
    if item is None:  # no longer due today (e.g. paused meanwhile): an empty row
        return "", 200
    return _page("habits/_tick.html", status, item=item, error=error, next=request.form.get("next", ""))


def _after_tick(habit_id: int, message: str | None = None) -> ResponseReturnValue:
    if request.headers.get("HX-Request"):
        return _item_fragment(habit_id, 200, message)
    if message:
        flash(message, "error")
    return redirect(_back(url_for(".habits")), 303)


@bp.post("/<int:habit_id>/tick")
@login_required
def tick(habit_id: int) -> ResponseReturnValue:
    """Log today as done (a numeric habit logs the value given)."""
    raw = request.form.get("value", "").strip().replace(",", ".")
    try:
        body = parse(s.LogIn, {"value": raw} if raw else {})
        with unit_of_work() as uow:
            logs_svc.log_day(uow, current_user_id(), habit_id, user_today(), user_today(), value=body.value)
    except AppError as exc:
        if exc.status >= 500 or exc.status in (401, 403, 404):
            raise
        return _after_tick(habit_id, FormErrors.of(exc).fields.get("value") or exc.detail)
    return _after_tick(habit_id)


@bp.post("/<int:habit_id>/untick")
@login_required
def untick(habit_id: int) -> ResponseReturnValue:
    """Remove today's log (a tick by mistake); nothing to remove is not an error here."""
    try:
        with unit_of_work() as uow:
            logs_svc.remove_day(uow, current_user_id(), habit_id, user_today())
    except AppError as exc:
        if exc.status != 404 or exc.code == "habits.habit_not_found":
            raise
    return _after_tick(habit_id)


# ------------------------------------------------------------------------------ create, edit


def _form_values(habit: s.HabitOut | None = None) -> dict[str, Any]:
    if habit is None and request.method != "POST":
        return {
            "schedule_type": "daily",
            "kind": "boolean",
            "target_direction": "at_least",
            "schedule_days": [],
        }
    if habit is not None:
        return {
            "name": habit.name,
            "description": habit.description or "",
            "schedule_type": habit.schedule_type,
            "times_per_week": habit.times_per_week or "",
            "schedule_days": habit.schedule_days or [],
            "kind": habit.kind,
            "target_value": "" if habit.target_value is None else f"{habit.target_value.normalize():f}",
            "target_direction": habit.target_direction or "at_least",
            "unit": habit.unit or "",
        }
    form = request.form
    values: dict[str, Any] = {k: form.get(k, "").strip() for k in HABIT_FIELDS if k != "schedule_days"}
    values["schedule_days"] = [int(d) for d in form.getlist("schedule_days") if d.isdigit()]
    return values


def _payload(values: dict[str, Any]) -> dict[str, Any]:
    """The form as the API's JSON body: only the fields the chosen schedule and kind use."""
    data: dict[str, Any] = {
        "name": values["name"],
        "description": values["description"] or None,
        "schedule_type": values["schedule_type"] or "daily",
        "kind": values["kind"] or "boolean",
    }
    if data["schedule_type"] == "times_per_week":
        data["times_per_week"] = _int(values["times_per_week"])
    if data["schedule_type"] == "weekdays":
        data["schedule_days"] = values["schedule_days"]
    if data["kind"] == "numeric":
        data["target_value"] = values["target_value"].replace(",", ".") or None
        data["target_direction"] = values["target_direction"] or "at_least"
        data["unit"] = values["unit"] or None
    return data


def _int(value: str) -> int | str | None:
    try:
        return int(value) if value else None
    except ValueError:
        return value


def _form_page(
    values: dict[str, Any],
    habit: s.HabitOut | None = None,
    errors: FormErrors | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    return _page(
        "habits/form.html",
        status,
        title=f"Edit {habit.name}" if habit else "New habit",
        values=values,
        habit=habit,
        errors=errors or FormErrors(),
        schedules=SCHEDULES,
        kinds=KINDS,
        directions=DIRECTIONS,
        weekdays=WEEKDAYS,
    )


@bp.get("/new")
@login_required
def new_habit() -> ResponseReturnValue:
    return _form_page(_form_values())


@bp.post("/new")
@login_required
def create_habit() -> ResponseReturnValue:
    values = _form_values()
    try:
        body = parse(s.HabitCreateIn, _payload(values))
        with unit_of_work() as uow:
            habit = habits_svc.create_habit(
                uow, current_user_id(), {k: getattr(body, k) for k in body.model_fields_set}
            )
            name = habit.name
    except AppError as exc:
        if exc.status >= 500 or exc.status in (401, 403):
            raise
        return _form_page(values, errors=FormErrors.of(exc, known=HABIT_FIELDS), status=exc.status)
    flash(f"Habit “{name}” created.", "success")
    return redirect(url_for(".habits"), 303)


@bp.get("/<int:habit_id>/edit")
@login_required
def edit_habit(habit_id: int) -> ResponseReturnValue:
    habit = s.HabitOut.model_validate(habits_svc.get_habit(current_session(), current_user_id(), habit_id))
    return _form_page(_form_values(habit), habit)


@bp.post("/<int:habit_id>/edit")
@login_required
def update_habit(habit_id: int) -> ResponseReturnValue:
    habit = s.HabitOut.model_validate(habits_svc.get_habit(current_session(), current_user_id(), habit_id))
    values = _form_values()
    try:
        payload = _payload(values)
        body = parse(s.HabitPatchIn, payload)
        given = {k: getattr(body, k) for k in body.model_fields_set}
        with unit_of_work() as uow:
            habits_svc.update_habit(uow, current_user_id(), habit_id, given)
    except AppError as exc:
        if exc.status >= 500 or exc.status in (401, 403):
            raise
        return _form_page(values, habit, FormErrors.of(exc, known=HABIT_FIELDS), exc.status)
    flash("Habit saved.", "success")
    return redirect(url_for(".habits", _anchor=f"habit-{habit_id}"), 303)


def _set(habit_id: int, field: str, value: bool, message: str) -> ResponseReturnValue:
    with unit_of_work() as uow:
        habit = habits_svc.update_habit(uow, current_user_id(), habit_id, {field: value})
        name = habit.name
    flash(message.format(name=name), "success")
    return redirect(url_for(".habits"), 303)


@bp.post("/<int:habit_id>/pause")
@login_required
def pause_habit(habit_id: int) -> ResponseReturnValue:
    return _set(habit_id, "is_paused", True, "“{name}” is paused: it is not due until you resume it.")


@bp.post("/<int:habit_id>/resume")
@login_required
def resume_habit(habit_id: int) -> ResponseReturnValue:
    return _set(habit_id, "is_paused", False, "“{name}” is due again.")


@bp.post("/<int:habit_id>/archive")
@login_required
def archive_habit(habit_id: int) -> ResponseReturnValue:
    return _set(habit_id, "is_active", False, "“{name}” is archived; its history is kept.")


@bp.post("/<int:habit_id>/restore")
@login_required
def restore_habit(habit_id: int) -> ResponseReturnValue:
    return _set(habit_id, "is_active", True, "“{name}” is back in your habits.")


# ------------------------------------------------------------------------------ Today


@today_card("habits", "habits/_today_card.html", order=20)
def _today_habits() -> dict[str, Any]:
    items = _today_items()
    return {"items": items[:5], "more": max(0, len(items) - 5), "done": sum(1 for i in items if i.done)}
