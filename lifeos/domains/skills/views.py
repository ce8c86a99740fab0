"""Skills pages under /skills: the same services as the JSON API, rendered as HTML.

The list shows each skill with its levels and practice metrics (the rollup `GET
/skills/{id}/metrics` answers, with its freshness), a form to log practice and the minutes per
week as a chart; a skill's page adds its sessions. Forms are parsed with the API's request
schemas, so a 422 names the same fields and is shown beside them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from pydantic import Field

from lifeos.domains.skills import schemas as s
from lifeos.domains.skills.errors import SkillsError
from lifeos.domains.skills.models import PracticeSession
from lifeos.domains.skills.services import metrics as metrics_svc
from lifeos.domains.skills.services import sessions as sessions_svc
from lifeos.domains.skills.services import skills as skills_svc
from lifeos.domains.skills.services.common import local_day
from lifeos.platform.auth.browser import login_required
from lifeos.platform.auth.guard import current_user, current_user_id
from lifeos.platform.clock import user_today, zone
from lifeos.platform.errors import AppError, ValidationFailed
from lifeos.platform.http import IsoDate, Schema, parse
from lifeos.platform.uow import current_session, unit_of_work
from lifeos.web.forms import FormErrors

bp = Blueprint("skills_web", __name__, url_prefix="/skills", template_folder="templates")

WEEKS = 26  # weeks in the minutes-per-week chart: half a year
PRACTICE_FIELDS = ("skill_id", "duration_minutes", "date", "intensity", "notes")
SKILL_FIELDS = ("name", "category", "current_level", "target_level", "tags", "description")
LEVEL_FIELDS = ("current_level", "target_level")
INTENSITIES = [(1, "1 · light"), (2, "2"), (3, "3 · steady"), (4, "4"), (5, "5 · all-out")]
LEVELS = [(n, str(n)) for n in range(1, 11)]


class PracticeDay(Schema):
    """The day a practice happened, as the form asks for it (the API takes an instant)."""

    date: IsoDate | None = Field(default=None)


def _zone_name() -> str | None:
    return getattr(current_user(), "timezone", None)


def _int_or_text(value: str) -> int | str | None:
    """A number field: an int when it is one, else the text (the schema reports it)."""
    value = value.strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        return value


def _practiced_at(day: dt.date | None) -> str | None:
    """The instant of a practice on `day`: now for today (or no day), else noon that day, local."""
    if day is None or day == user_today():
        return None
    # In UTC: a zone's historic offset may have seconds (London 1900: −00:01:15), which the
    # API's timestamp format (±hh:mm) does not take.
    noon = dt.datetime.combine(day, dt.time(12), tzinfo=zone(_zone_name()))
    return noon.astimezone(dt.UTC).isoformat()


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def minutes_per_week(
    sessions: Iterable[PracticeSession], zone_name: str | None, today: dt.date, weeks: int = WEEKS
) -> list[dict[str, Any]]:
    """Minutes practised in each of the last `weeks` weeks (Monday first), oldest first."""
    first = week_start(today) - dt.timedelta(weeks=weeks - 1)
    totals = {first + dt.timedelta(weeks=i): 0 for i in range(weeks)}
    for practice in sessions:
        start = week_start(local_day(practice.practiced_at, zone_name))
        if start in totals:
            totals[start] += practice.duration_minutes
    return [{"week": start, "minutes": minutes} for start, minutes in totals.items()]


def _sessions_since(skill_ids: Iterable[int], since: dt.date) -> list[PracticeSession]:
    """Every session of these skills from `since` (local), through the API's paged listing."""
    found: list[PracticeSession] = []
    for skill_id in skill_ids:
        cursor: str | None = None
        while True:
            page = sessions_svc.list_sessions(
                current_session(),
                current_user_id(),
                skill_id,
                zone_name=_zone_name(),
                date_from=since,
                limit=100,
                cursor=cursor,
            )
            found.extend(page.items)
            cursor = page.next_cursor
            if cursor is None:
                break
    return found


def _all_skills() -> list[s.SkillOut]:
    items: list[s.SkillOut] = []
    cursor: str | None = None
    while True:
        page = skills_svc.list_skills(current_session(), current_user_id(), limit=100, cursor=cursor)
        items.extend(s.SkillOut.model_validate(skill) for skill in page.items)
        cursor = page.next_cursor
        if cursor is None:
            return items


def _metrics(skill_id: int) -> s.MetricsOut:
    found = metrics_svc.read_metrics(current_session(), current_user_id(), skill_id, _zone_name())
    return s.MetricsOut.model_validate(found, from_attributes=True)


def _chart(skill_ids: list[int]) -> list[dict[str, Any]]:
    today = user_today()
    since = week_start(today) - dt.timedelta(weeks=WEEKS - 1)
    return minutes_per_week(_sessions_since(skill_ids, since), _zone_name(), today)


def _blank_practice(skill_id: int | None = None) -> dict[str, str]:
    return {
        "skill_id": str(skill_id or ""),
        "duration_minutes": "",
        "date": user_today().isoformat(),
        "intensity": "",
        "notes": "",
    }


# ------------------------------------------------------------------------------ list


def _list_page(
    *,
    practice: dict[str, str] | None = None,
    practice_errors: FormErrors | None = None,
    new: dict[str, str] | None = None,
    new_errors: FormErrors | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    skills = _all_skills()
    rows = [(skill, _metrics(skill.id)) for skill in skills]
    return (
        render_template(
            "skills/skills.html",
            section="skills",
            title="Skills",
            rows=rows,
            weeks=_chart([skill.id for skill in skills]),
            practice=practice or _blank_practice(),
            practice_errors=practice_errors or FormErrors(),
            new=new or {},
            new_errors=new_errors or FormErrors(),
            skill_options=[(skill.id, skill.name) for skill in skills],
            intensities=INTENSITIES,
            levels=LEVELS,
        ),
        status,
    )


@bp.get("")
@login_required
def skills() -> ResponseReturnValue:
    """Every skill with its levels and metrics, the practice form and minutes per week."""
    chosen = _int_or_text(request.args.get("skill", ""))
    return _list_page(practice=_blank_practice(chosen if isinstance(chosen, int) else None))


@bp.post("")
@login_required
def create_skill() -> ResponseReturnValue:
    values = {k: request.form.get(k, "").strip() for k in SKILL_FIELDS}
    data: dict[str, Any] = {"name": values["name"]}
    for key in ("category", "description"):
        if values[key]:
            data[key] = values[key]
    for key in LEVEL_FIELDS:
        if values[key]:
            data[key] = _int_or_text(values[key])
    if tags := [tag.strip() for tag in values["tags"].split(",") if tag.strip()]:
        data["tags"] = tags
    try:
        body = parse(s.SkillIn, data)
        with unit_of_work() as uow:
            skill = skills_svc.create_skill(
                uow, current_user_id(), {k: getattr(body, k) for k in body.model_fields_set}
            )
            skill_id, name = skill.id, skill.name
    except (SkillsError, ValidationFailed) as exc:
        return _list_page(new=values, new_errors=_skill_errors(exc), status=exc.status)
    flash(f"Skill “{name}” added. Log your first practice below.", "success")
    return redirect(url_for(".skills", skill=skill_id, _anchor="log-practice"), 303)


def _skill_errors(exc: AppError) -> FormErrors:
    """The API's field names as the form's (`tags[3]` → `tags`)."""
    errors = FormErrors.of(exc, known=(*SKILL_FIELDS, *(f"tags[{i}]" for i in range(20))))
    for field in [f for f in errors.fields if f.startswith("tags[")]:
        errors.fields.setdefault("tags", errors.fields.pop(field))
    return errors


# ------------------------------------------------------------------------------ one skill


def _skill_page(
    skill_id: int,
    *,
    practice: dict[str, str] | None = None,
    practice_errors: FormErrors | None = None,
    level: dict[str, str] | None = None,
    level_errors: FormErrors | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    session, uid = current_session(), current_user_id()
    skill = s.SkillOut.model_validate(skills_svc.get_skill(session, uid, skill_id))
    recent = sessions_svc.list_sessions(session, uid, skill_id, zone_name=_zone_name(), limit=20)
    return (
        render_template(
            "skills/skill.html",
            section="skills",
            title=skill.name,
            skill=skill,
            metrics=_metrics(skill_id),
            weeks=_chart([skill_id]),
            sessions=[s.SessionOut.model_validate(p) for p in recent.items],
            more_sessions=recent.next_cursor is not None,
            practice=practice or _blank_practice(skill_id),
            practice_errors=practice_errors or FormErrors(),
            intensities=INTENSITIES,
            level=level or {k: str(getattr(skill, k) or "") for k in LEVEL_FIELDS},
            level_errors=level_errors or FormErrors(),
            levels=LEVELS,
        ),
        status,
    )


@bp.post("/<int:skill_id>/levels")
@login_required
def update_levels(skill_id: int) -> ResponseReturnValue:
    """Change the level now and the target (`PATCH /skills/{id}`'s schema and service); blank clears."""
    values = {k: request.form.get(k, "").strip() for k in LEVEL_FIELDS}
    try:
        body = parse(s.SkillPatch, {k: _int_or_text(v) for k, v in values.items()})
        with unit_of_work() as uow:
            skills_svc.update_skill(
                uow, current_user_id(), skill_id, {k: getattr(body, k) for k in LEVEL_FIELDS}
            )
    except (SkillsError, ValidationFailed) as exc:
        if exc.status == 404:
            raise
        errors = FormErrors.of(exc, known=LEVEL_FIELDS)
        return _skill_page(skill_id, level=values, level_errors=errors, status=exc.status)
    flash("Levels saved.", "success")
    return redirect(url_for(".skill", skill_id=skill_id), 303)


@bp.get("/<int:skill_id>")
@login_required
def skill(skill_id: int) -> ResponseReturnValue:
    """One skill: metrics, minutes per week, the practice form and the latest sessions."""
    return _skill_page(skill_id)


@bp.get("/<int:skill_id>/metrics")
@login_required
def metrics_fragment(skill_id: int) -> ResponseReturnValue:
    """The metrics list alone (htmx polls it while the rollup catches up with a new session)."""
    tries = _int_or_text(request.args.get("tries", ""))
    return render_template(
        "skills/_metrics.html",
        metrics=_metrics(skill_id),
        skill_id=skill_id,
        tries=tries if isinstance(tries, int) else 0,
    )


@bp.post("/practice")
@login_required
def log_practice() -> ResponseReturnValue:
    """Log a practice session with the API's schema and service; back to where the form was."""
    values = {k: request.form.get(k, "").strip() for k in PRACTICE_FIELDS}
    from_skill = request.form.get("from") == "skill"
    raw_id = _int_or_text(values["skill_id"])
    skill_id = raw_id if isinstance(raw_id, int) else 0
    try:
        if not skill_id:
            raise ValidationFailed(
                "Some fields are invalid.", errors=[{"field": "skill_id", "message": "Choose a skill."}]
            )
        day = parse(PracticeDay, {"date": values["date"]} if values["date"] else {}).date
        data: dict[str, Any] = {"duration_minutes": _int_or_text(values["duration_minutes"])}
        if (at := _practiced_at(day)) is not None:
            data["practiced_at"] = at
        if values["intensity"]:
            data["intensity"] = _int_or_text(values["intensity"])
        if values["notes"]:
            data["notes"] = values["notes"]
        body = parse(s.SessionIn, data)
        with unit_of_work() as uow:
            practice = sessions_svc.create_session(
                uow,
                current_user_id(),
                skill_id,
                sessions_svc.SessionInput(
                    duration_minutes=body.duration_minutes,
                    practiced_at=body.practiced_at,
                    intensity=body.intensity,
                    notes=body.notes,
                ),
            )
            minutes = practice.duration_minutes
    except AppError as exc:
        if exc.status >= 500 or exc.status in (401, 403):
            raise
        errors = _practice_errors(exc)
        if from_skill and skill_id and exc.status != 404:
            return _skill_page(skill_id, practice=values, practice_errors=errors, status=exc.status)
        return _list_page(practice=values, practice_errors=errors, status=exc.status)
    flash(f"Logged {minutes} minutes of practice.", "success")
    if from_skill:
        return redirect(url_for(".skill", skill_id=skill_id), 303)
    return redirect(url_for(".skills"), 303)


def _practice_errors(exc: AppError) -> FormErrors:
    """The API's field names as the form's: `practiced_at` is asked for as a date."""
    if exc.status == 404:
        return FormErrors({"skill_id": "Choose one of your skills."}, exc.detail)
    errors = FormErrors.of(exc, known=(*PRACTICE_FIELDS, "practiced_at"))
    if "practiced_at" in errors.fields:
        errors.fields.setdefault("date", errors.fields.pop("practiced_at"))
    return errors
