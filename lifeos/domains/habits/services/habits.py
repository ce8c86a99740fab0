"""Habits: create, read, list, update (pause, deactivate), delete.

Names are unique per user: the unique index `ux_habits_habit_user_name` decides (the insert or
rename runs in a SAVEPOINT and a refusal is a 409), so concurrent creations cannot both win.
Pausing and deactivating keep every log; deleting removes the habit and its logs.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lifeos.domains.habits.errors import HabitNotFound, InvalidHabit, NameTaken
from lifeos.domains.habits.events import HabitCreated, HabitDeleted, HabitPaused, HabitUpdated
from lifeos.domains.habits.models import (
    AT_LEAST,
    KIND_BOOLEAN,
    KIND_NUMERIC,
    SCHEDULE_DAILY,
    SCHEDULE_WEEKDAYS,
    SCHEDULE_WEEKLY,
    Habit,
    HabitLog,
)
from lifeos.domains.habits.schemas import HabitOut
from lifeos.platform.database import utcnow
from lifeos.platform.http import MAX_ID
from lifeos.platform.pagination import Page, cursor_int, cursor_str, decode_cursor, paginate
from lifeos.platform.uow import UnitOfWork

NAME_MAX = 255
SCHEDULE_TYPES = (SCHEDULE_DAILY, SCHEDULE_WEEKLY, SCHEDULE_WEEKDAYS)
KINDS = (KIND_BOOLEAN, KIND_NUMERIC)
# API field → column, for the fields that define when a habit is due and what counts as done.
DEFINITION = {
    "schedule_type": "schedule_type",
    "times_per_week": "target_count",
    "schedule_days": "schedule_days",
    "kind": "kind",
    "target_value": "target_value",
    "target_direction": "target_direction",
    "unit": "unit",
}
DEFAULTS: dict[str, Any] = {
    "schedule_type": SCHEDULE_DAILY,
    "times_per_week": None,
    "schedule_days": None,
    "kind": KIND_BOOLEAN,
    "target_value": None,
    "target_direction": AT_LEAST,
    "unit": None,
}
PLAIN = ("description", "time_of_day", "difficulty", "domain_link")
NOT_NULL = ("name", "schedule_type", "kind", "is_paused", "is_active")


def get_habit(session: Session, user_id: int, habit_id: int) -> Habit:
    """The user's habit, or 404 (another user's habit is indistinguishable from none)."""
    habit = None
    if 1 <= habit_id <= MAX_ID:
        habit = session.scalar(select(Habit).where(Habit.user_id == user_id, Habit.id == habit_id))
    if habit is None:
        raise HabitNotFound(f"Habit {habit_id} not found.")
    return habit


def list_habits(
    session: Session, user_id: int, *, active: bool | None = True, limit: int, cursor: str | None = None
) -> Page[Habit]:
    """The user's habits by name (then id), keyset-paginated; `active=None` lists all."""
    stmt = select(Habit).where(Habit.user_id == user_id)
    if active is not None:
        stmt = stmt.where(Habit.is_active.is_(active))
    key = decode_cursor("habits", cursor, 2)
    if key is not None:
        name, last_id = cursor_str(key[0]), cursor_int(key[1])
        stmt = stmt.where((Habit.name > name) | ((Habit.name == name) & (Habit.id > last_id)))
    rows = list(session.scalars(stmt.order_by(Habit.name, Habit.id).limit(limit + 1)))
    return paginate(rows, limit, "habits", lambda h: [h.name, h.id])


def _current_definition(habit: Habit) -> dict[str, Any]:
    return {field: getattr(habit, column) for field, column in DEFINITION.items()}


def resolve_definition(current: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """The habit's schedule and goal after applying `given` to `current`, or a 422.

    A field that does not fit the (new) schedule or kind is an error when given, and is
    cleared when carried over; changing the schedule or kind never keeps the old type's
    fields. The same rules apply to creation (current = the defaults) and update.
    """
    errors: list[dict[str, str]] = []

    def pick(key: str, fits: bool, changed: bool, what: str) -> Any:
        if key in given:
            value = given[key]
            if value is not None and not fits:
                errors.append({"field": key, "message": f"only applies to {what}"})
            return value if fits else None
        return current[key] if fits and not changed else None

    schedule = given.get("schedule_type", current["schedule_type"])
    kind = given.get("kind", current["kind"])
    if schedule not in SCHEDULE_TYPES:
        errors.append({"field": "schedule_type", "message": "must be daily, times_per_week or weekdays"})
    if kind not in KINDS:
        errors.append({"field": "kind", "message": "must be boolean or numeric"})
    new_schedule = schedule != current["schedule_type"]
    new_kind = kind != current["kind"]

    per_week = pick("times_per_week", schedule == SCHEDULE_WEEKLY, new_schedule, "times_per_week schedules")
    days = pick("schedule_days", schedule == SCHEDULE_WEEKDAYS, new_schedule, "weekdays schedules")
    if schedule == SCHEDULE_WEEKLY and not (isinstance(per_week, int) and 1 <= per_week <= 7):
        errors.append({"field": "times_per_week", "message": "a times_per_week habit needs 1–7"})
    if schedule == SCHEDULE_WEEKDAYS:
        if not days:
            errors.append({"field": "schedule_days", "message": "a weekdays habit needs at least one day"})
        elif len(set(days)) != len(days) or not all(isinstance(d, int) and 1 <= d <= 7 for d in days):
            errors.append({"field": "schedule_days", "message": "ISO weekdays 1–7, each once"})
        else:
            days = sorted(days)

    numeric = kind == KIND_NUMERIC
    target = pick("target_value", numeric, new_kind, "numeric habits")
    unit = pick("unit", numeric, new_kind, "numeric habits")
    direction = pick("target_direction", numeric, new_kind, "numeric habits") or AT_LEAST
    if numeric and (target is None or target <= 0):
        errors.append({"field": "target_value", "message": "a numeric habit needs a target greater than 0"})
    if errors:
        raise InvalidHabit("The habit's schedule or goal is invalid.", errors=errors)
    return {
        "schedule_type": schedule,
        "times_per_week": per_week,
        "schedule_days": days,
        "kind": kind,
        "target_value": target,
        "target_direction": direction,
        "unit": unit,
    }


def _check_not_null(given: dict[str, Any]) -> None:
    nulls = [k for k in NOT_NULL if k in given and given[k] is None]
    errors = [{"field": k, "message": "must not be null"} for k in nulls]
    if errors:
        raise InvalidHabit("Some fields may not be null.", errors=errors)


def _apply(habit: Habit, given: dict[str, Any], definition: dict[str, Any] | None) -> None:
    if "name" in given:
        habit.name = given["name"]
    for key in (*PLAIN, "is_paused", "is_active"):
        if key in given:
            setattr(habit, key, given[key])
    for field, column in DEFINITION.items():
        if definition is not None:
            setattr(habit, column, definition[field])


def create_habit(uow: UnitOfWork, user_id: int, given: dict[str, Any]) -> Habit:
    """Create a habit from the given API fields; 409 `habits.name_taken` if the name is used."""
    _check_not_null(given)
    if not isinstance(given.get("name"), str) or not given["name"].strip():
        error = {"field": "name", "message": "must not be empty"}
        raise InvalidHabit("A habit needs a name.", errors=[error])
    definition = resolve_definition(DEFAULTS, given)
    session = uow.session

    def work() -> Habit:
        habit = Habit(user_id=user_id, is_active=True, is_paused=False)
        _apply(habit, given, definition)
        try:
            with session.begin_nested():
                session.add(habit)
        except IntegrityError as exc:
            raise _name_taken(habit.name) from exc
        uow.emit(
            HabitCreated(
                habit_id=habit.id,
                user_id=user_id,
                habit_name=habit.name,
                schedule_type=habit.schedule_type,
                kind=habit.kind,
            ),
            user_id,
        )
        return habit

    return uow.run(work)


def update_habit(uow: UnitOfWork, user_id: int, habit_id: int, given: dict[str, Any]) -> Habit:
    """Change a habit's fields (the creation rules apply); pause/resume, deactivate/reactivate."""
    _check_not_null(given)
    session = uow.session

    def work() -> Habit:
        habit = get_habit(session, user_id, habit_id)
        definition = None
        if any(key in given for key in DEFINITION):
            definition = resolve_definition(_current_definition(habit), given)
        before = HabitOut.fields_of(habit)
        _apply(habit, given, definition)
        after = HabitOut.fields_of(habit)
        changed = tuple(k for k in after if k not in {"updated_at", "is_paused"} and after[k] != before[k])
        paused_changed = after["is_paused"] != before["is_paused"]
        if not changed and not paused_changed:
            session.expire(habit)  # nothing to write (e.g. the same values again)
            return get_habit(session, user_id, habit_id)
        habit.updated_at = utcnow()
        try:
            with session.begin_nested():
                session.flush()
        except IntegrityError as exc:
            raise _name_taken(str(given.get("name"))) from exc
        if changed:
            uow.emit(HabitUpdated(habit_id=habit.id, user_id=user_id, changed=changed), user_id)
        if paused_changed:
            uow.emit(HabitPaused(habit_id=habit.id, user_id=user_id, paused=bool(habit.is_paused)), user_id)
        return habit

    return uow.run(work)


def delete_habit(uow: UnitOfWork, user_id: int, habit_id: int) -> None:
    """Delete a habit and all its logs and skips."""
    session = uow.session

    def work() -> None:
        habit = get_habit(session, user_id, habit_id)
        removed = session.scalars(
            delete(HabitLog)
            .where(HabitLog.user_id == user_id, HabitLog.habit_id == habit.id)
            .returning(HabitLog.id)
        ).all()
        name = habit.name
        session.delete(habit)
        session.flush()
        uow.emit(
            HabitDeleted(habit_id=habit_id, user_id=user_id, habit_name=name, logs_deleted=len(removed)),
            user_id,
        )

    uow.run(work)


def _name_taken(name: str) -> NameTaken:
    return NameTaken(
        f"You already have a habit named {name[:NAME_MAX]!r}.",
        errors=[{"field": "name", "message": "already used by another of your habits"}],
    )
