"""Workouts: log, change, delete, list (newest first, by date range)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lifeos.domains.health.errors import WorkoutNotFound
from lifeos.domains.health.events import WorkoutDeleted, WorkoutLogged, WorkoutUpdated
from lifeos.domains.health.models import Workout
from lifeos.domains.health.services.common import check_period, valid_id
from lifeos.platform.pagination import Page, newest_by_day
from lifeos.platform.uow import UnitOfWork

# API field → the columns it writes. Writing a field clears the legacy column it supersedes,
# so the read fallbacks (Workout.kind, Workout.calories_value) never resurrect an old value.
_COLUMNS: dict[str, dict[str, Any]] = {
    "type": {"workout_type": None, "activity": ""},
    "duration_minutes": {"duration_minutes": None},
    "intensity": {"intensity": None},
    "calories": {"calories": None, "calories_est": None},
    "date": {"date": None},
    "notes": {"notes": None},
}


@dataclass(frozen=True)
class WorkoutInput:
    type: str
    duration_minutes: int
    date: date
    intensity: str | None = None
    calories: Decimal | None = None
    notes: str | None = None


def _apply(workout: Workout, changes: Mapping[str, Any]) -> None:
    for field, value in changes.items():
        for column, cleared in _COLUMNS[field].items():
            setattr(workout, column, value if cleared is None else cleared)


def create_workout(uow: UnitOfWork, user_id: int, data: WorkoutInput) -> Workout:
    """Log a workout; emits `health.workout.logged`."""
    session = uow.session

    def work() -> Workout:
        workout = Workout(user_id=user_id)
        _apply(workout, vars(data))
        session.add(workout)
        session.flush()
        uow.emit(
            WorkoutLogged(
                workout_id=workout.id,
                user_id=user_id,
                date=workout.date,
                workout_type=data.type,
                duration_minutes=workout.duration_minutes,
                intensity=workout.intensity,
                calories=workout.calories,
            ),
            user_id,
        )
        return workout

    return uow.run(work)


def get_workout(session: Session, user_id: int, workout_id: int) -> Workout:
    """The user's workout, or 404 (another user's looks the same as none)."""
    workout = None
    if valid_id(workout_id):
        workout = session.scalar(select(Workout).where(Workout.user_id == user_id, Workout.id == workout_id))
    if workout is None:
        raise WorkoutNotFound(f"Workout {workout_id} not found.")
    return workout


def update_workout(uow: UnitOfWork, user_id: int, workout_id: int, changes: Mapping[str, Any]) -> Workout:
    """Change the fields given (validated at the edge); emits `health.workout.updated` if any."""
    unknown = set(changes) - set(_COLUMNS)
    if unknown:
        raise ValueError(f"unknown workout fields {sorted(unknown)}")
    session = uow.session

    def work() -> Workout:
        workout = get_workout(session, user_id, workout_id)
        if not changes:
            return workout
        _apply(workout, changes)
        session.flush()
        uow.emit(
            WorkoutUpdated(
                workout_id=workout.id,
                user_id=user_id,
                date=workout.date,
                changed=tuple(sorted(changes)),
                workout_type=workout.kind,
                duration_minutes=workout.duration_minutes,
                intensity=workout.intensity,
                calories=workout.calories_value,
            ),
            user_id,
        )
        return workout

    return uow.run(work)


def delete_workout(uow: UnitOfWork, user_id: int, workout_id: int) -> None:
    """Delete the workout; emits `health.workout.deleted`."""
    session = uow.session

    def work() -> None:
        workout = get_workout(session, user_id, workout_id)
        on = workout.date
        session.delete(workout)
        session.flush()
        uow.emit(WorkoutDeleted(workout_id=workout_id, user_id=user_id, date=on), user_id)

    uow.run(work)


def list_workouts(
    session: Session,
    user_id: int,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int,
    cursor: str | None = None,
) -> Page[Workout]:
    """The user's workouts, newest first, keyset-paginated on (date, id)."""
    check_period(date_from, date_to)
    stmt = select(Workout).where(Workout.user_id == user_id)
    return newest_by_day(
        session,
        stmt,
        Workout.date,
        Workout.id,
        kind="health.workouts",
        limit=limit,
        cursor=cursor,
        date_from=date_from,
        date_to=date_to,
    )
