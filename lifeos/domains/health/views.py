"""Health pages under /health/ (`/health` itself is the liveness endpoint): the same services
as the JSON API, rendered as HTML.

One page: the week in numbers, weight with its 7-day average as a chart (and a table), a form
to log a day's biometrics (an upsert, pre-filled with what the day already holds), and workouts
and meals with their forms. Forms are parsed with the API's request schemas, so a 422 names the
same fields and is shown beside them; the page keeps what was typed.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from lifeos.domains.health import schemas as s
from lifeos.domains.health.services import biometrics as bio_svc
from lifeos.domains.health.services import nutrition as nutrition_svc
from lifeos.domains.health.services import summaries as summary_svc
from lifeos.domains.health.services import workouts as workouts_svc
from lifeos.platform.auth.browser import login_required
from lifeos.platform.auth.guard import current_user, current_user_id
from lifeos.platform.clock import user_today, zone
from lifeos.platform.errors import AppError, ValidationFailed
from lifeos.platform.http import parse
from lifeos.platform.uow import current_session, unit_of_work
from lifeos.web.forms import FormErrors

bp = Blueprint("health_web", __name__, url_prefix="/health", template_folder="templates")

BIO_FIELDS = ("date", "weight", "body_fat_pct", "resting_hr", "sleep_hours", "energy", "stress", "notes")
WORKOUT_FIELDS = ("type", "duration_minutes", "intensity", "calories", "date", "notes")
MEAL_FIELDS = ("meal_type", "items", "calories", "protein", "carbs", "fat", "quality", "date")
RANGES = [(30, "30 days"), (90, "90 days"), (365, "1 year")]
SCORES = [(n, f"{n}") for n in range(1, 6)]
INTENSITIES = [("low", "Low"), ("moderate", "Moderate"), ("high", "High")]
MEALS = [("breakfast", "Breakfast"), ("lunch", "Lunch"), ("dinner", "Dinner"), ("snack", "Snack")]
RECENT = 10
TENTH = Decimal("0.1")


class _Day(s.DailyQuery):
    """`?date=` of the day whose biometrics the form shows."""


def _day_param() -> tuple[dt.date, str | None]:
    raw = request.args.get("date", "").strip()
    if not raw:
        return user_today(), None
    try:
        return parse(_Day, {"date": raw}).date or user_today(), None
    except ValidationFailed as exc:
        return user_today(), FormErrors.of(exc).get("date") or exc.detail


def _range_param() -> int:
    try:
        days = int(request.args.get("range", "90"))
    except ValueError:
        return 90
    return days if days in dict(RANGES) else 90


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _bio_values(day: dt.date) -> dict[str, str]:
    record = bio_svc.get_for_day(current_session(), current_user_id(), day)
    out = s.BiometricOut.model_validate(record).model_dump() if record is not None else {}
    values = {k: _text(out.get(k)) for k in BIO_FIELDS}
    values["date"] = day.isoformat()
    return values


def _weight_chart(days: int) -> dict[str, Any]:
    """The weigh-ins of the last `days` days and the 7-day average on each of them."""
    today = user_today()
    first = today - dt.timedelta(days=days - 1)
    weights = bio_svc.weights_between(
        current_session(), current_user_id(), first - dt.timedelta(days=6), today
    )
    shown = sorted(d for d in weights if d >= first)
    averages = [bio_svc.moving_average(weights, d) for d in shown]
    latest = shown[-1] if shown else None
    return {
        "x": [d.isoformat() for d in shown],
        "weights": [str(weights[d]) for d in shown],
        "averages": [None if a is None else str(a) for a in averages],
        "weights_shown": [kg(weights[d]) for d in shown],
        "averages_shown": [kg(a) for a in averages],
        "latest": latest,
        "latest_weight": kg(weights[latest]) if latest else None,
        "latest_average": kg(averages[-1]) if averages else None,
    }


def kg(value: Decimal | None) -> str | None:
    """`77.25` → `77.3 kg` (one decimal, half up, as the chart's legend shows it)."""
    return None if value is None else f"{value.quantize(TENTH, ROUND_HALF_UP)} kg"


def _health_page(status: int = 200, **forms: Any) -> ResponseReturnValue:
    session, uid, today = current_session(), current_user_id(), user_today()
    day, day_error = _day_param()
    days = _range_param()
    week = s.WeeklySummaryOut.model_validate(
        summary_svc.weekly_summary(session, uid, today - dt.timedelta(days=6)), from_attributes=True
    )
    biometrics = bio_svc.list_biometrics(session, uid, limit=RECENT)
    workouts = workouts_svc.list_workouts(session, uid, limit=RECENT)
    meals = nutrition_svc.list_nutrition(session, uid, limit=RECENT)
    context: dict[str, Any] = {
        "bio_values": _bio_values(day),
        "bio_errors": FormErrors({"date": day_error} if day_error else {}),
        "workout_values": {"date": today.isoformat(), "intensity": "moderate"},
        "workout_errors": FormErrors(),
        "meal_values": {"date": today.isoformat(), "meal_type": _meal_now()},
        "meal_errors": FormErrors(),
    }
    context.update(forms)
    return render_template(
        "health/health.html",
        section="health",
        title="Health",
        today=today,
        week=week,
        weight=_weight_chart(days),
        days=days,
        ranges=RANGES,
        biometrics=[s.BiometricOut.model_validate(b) for b in biometrics.items],
        workouts=[s.WorkoutOut.model_validate(w) for w in workouts.items],
        meals=[s.NutritionOut.model_validate(m) for m in meals.items],
        scores=SCORES,
        intensities=INTENSITIES,
        meal_types=MEALS,
        kg=kg,
        **context,
    ), status


def _meal_now() -> str:
    hour = dt.datetime.now(zone(getattr(current_user(), "timezone", None))).hour
    return "breakfast" if hour < 11 else "lunch" if hour < 16 else "dinner"


@bp.get("/")
@login_required
def health() -> ResponseReturnValue:
    return _health_page()


def _form(fields: tuple[str, ...]) -> dict[str, str]:
    return {k: request.form.get(k, "").strip() for k in fields}


def _data(values: dict[str, str], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The non-empty form fields as the API's JSON body (numbers as text: parsed exactly)."""
    text = ("notes", "items", "type")
    return {k: v if k in text else v.replace(",", ".") for k, v in values.items() if v and k not in skip}


def _refused(exc: AppError) -> bool:
    return exc.status >= 500 or exc.status in (401, 403)


@bp.post("/biometrics")
@login_required
def log_biometrics() -> ResponseReturnValue:
    """Create or replace the day's record (`PUT /health/biometrics/<date>`)."""
    values = _form(BIO_FIELDS)
    try:
        day = parse(s.DatePath, {"date": values["date"]}).date
        body = parse(s.BiometricIn, _data(values, skip=("date",)))
        with unit_of_work() as uow:
            _, created = bio_svc.put_biometric(
                uow, current_user_id(), day, bio_svc.BiometricInput(**body.model_dump())
            )
    except AppError as exc:
        if _refused(exc):
            raise
        return _health_page(exc.status, bio_values=values, bio_errors=FormErrors.of(exc, known=BIO_FIELDS))
    flash(f"{'Saved' if created else 'Updated'} {day:%a} {day.day} {day:%b}.", "success")
    return redirect(url_for(".health", date=day.isoformat(), _anchor="weight"), 303)


@bp.post("/workouts")
@login_required
def log_workout() -> ResponseReturnValue:
    values = _form(WORKOUT_FIELDS)
    try:
        body = parse(s.WorkoutIn, _data(values))
        data = workouts_svc.WorkoutInput(
            type=body.type,
            duration_minutes=body.duration_minutes,
            date=body.date or user_today(),
            intensity=body.intensity,
            calories=body.calories,
            notes=body.notes,
        )
        with unit_of_work() as uow:
            workouts_svc.create_workout(uow, current_user_id(), data)
    except AppError as exc:
        if _refused(exc):
            raise
        return _health_page(
            exc.status, workout_values=values, workout_errors=FormErrors.of(exc, known=WORKOUT_FIELDS)
        )
    flash(f"Workout logged: {data.type}, {data.duration_minutes} min.", "success")
    return redirect(url_for(".health", _anchor="workouts"), 303)


@bp.post("/workouts/<int:workout_id>/delete")
@login_required
def delete_workout(workout_id: int) -> ResponseReturnValue:
    with unit_of_work() as uow:
        workouts_svc.delete_workout(uow, current_user_id(), workout_id)
    flash("Workout deleted.", "success")
    return redirect(url_for(".health", _anchor="workouts"), 303)


@bp.post("/meals")
@login_required
def log_meal() -> ResponseReturnValue:
    values = _form(MEAL_FIELDS)
    try:
        body = parse(s.NutritionIn, _data(values))
        data = nutrition_svc.NutritionInput(
            **{**body.model_dump(exclude={"date"}), "date": body.date or user_today()}
        )
        with unit_of_work() as uow:
            nutrition_svc.create_nutrition(uow, current_user_id(), data)
    except AppError as exc:
        if _refused(exc):
            raise
        return _health_page(exc.status, meal_values=values, meal_errors=FormErrors.of(exc, known=MEAL_FIELDS))
    flash(f"{data.meal_type.capitalize()} logged.", "success")
    return redirect(url_for(".health", _anchor="meals"), 303)


@bp.post("/meals/<int:meal_id>/delete")
@login_required
def delete_meal(meal_id: int) -> ResponseReturnValue:
    with unit_of_work() as uow:
        nutrition_svc.delete_nutrition(uow, current_user_id(), meal_id)
    flash("Meal deleted.", "success")
    return redirect(url_for(".health", _anchor="meals"), 303)
