"""Nutrition: log meals, change, delete, list (newest first, by date range)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lifeos.domains.health.errors import NutritionNotFound
from lifeos.domains.health.events import NutritionDeleted, NutritionLogged, NutritionUpdated
from lifeos.domains.health.models import NutritionLog
from lifeos.domains.health.services.common import check_period, valid_id
from lifeos.platform.pagination import Page, newest_by_day
from lifeos.platform.uow import UnitOfWork

# API field → the columns it writes; writing a field clears the legacy column it supersedes
# (see NutritionLog.description and NutritionLog.calories_value).
_COLUMNS: dict[str, dict[str, Any]] = {
    "meal_type": {"meal_type": None},
    "items": {"items": None, "meal": ""},
    "calories": {"calories": None, "calories_est": None},
    "protein": {"protein": None},
    "carbs": {"carbs": None},
    "fat": {"fat": None},
    "quality": {"quality_score": None},
    "date": {"date": None},
}


@dataclass(frozen=True)
class NutritionInput:
    meal_type: str
    date: date
    items: str | None = None
    calories: Decimal | None = None
    protein: Decimal | None = None
    carbs: Decimal | None = None
    fat: Decimal | None = None
    quality: int | None = None


def _apply(log: NutritionLog, changes: Mapping[str, Any]) -> None:
    for field, value in changes.items():
        for column, cleared in _COLUMNS[field].items():
            setattr(log, column, value if cleared is None else cleared)


def create_nutrition(uow: UnitOfWork, user_id: int, data: NutritionInput) -> NutritionLog:
    """Log a meal; emits `health.nutrition.logged`."""
    session = uow.session

    def work() -> NutritionLog:
        log = NutritionLog(user_id=user_id)
        _apply(log, vars(data))
        session.add(log)
        session.flush()
        uow.emit(
            NutritionLogged(
                nutrition_id=log.id,
                user_id=user_id,
                date=log.date,
                meal_type=data.meal_type,
                calories=log.calories,
                protein=log.protein,
                quality=log.quality_score,
            ),
            user_id,
        )
        return log

    return uow.run(work)


def get_nutrition(session: Session, user_id: int, nutrition_id: int) -> NutritionLog:
    """The user's meal log, or 404 (another user's looks the same as none)."""
    log = None
    if valid_id(nutrition_id):
        log = session.scalar(
            select(NutritionLog).where(NutritionLog.user_id == user_id, NutritionLog.id == nutrition_id)
        )
    if log is None:
        raise NutritionNotFound(f"Meal log {nutrition_id} not found.")
    return log


def update_nutrition(
    uow: UnitOfWork, user_id: int, nutrition_id: int, changes: Mapping[str, Any]
) -> NutritionLog:
    """Change the fields given (validated at the edge); emits `health.nutrition.updated` if any."""
    unknown = set(changes) - set(_COLUMNS)
    if unknown:
        raise ValueError(f"unknown nutrition fields {sorted(unknown)}")
    session = uow.session

    def work() -> NutritionLog:
        log = get_nutrition(session, user_id, nutrition_id)
        if not changes:
            return log
        _apply(log, changes)
        session.flush()
        uow.emit(
            NutritionUpdated(
                nutrition_id=log.id,
                user_id=user_id,
                date=log.date,
                changed=tuple(sorted(changes)),
                meal_type=log.meal_type,
                calories=log.calories_value,
                protein=log.protein,
                quality=log.quality_score,
            ),
            user_id,
        )
        return log

    return uow.run(work)


def delete_nutrition(uow: UnitOfWork, user_id: int, nutrition_id: int) -> None:
    """Delete the meal log; emits `health.nutrition.deleted`."""
    session = uow.session

    def work() -> None:
        log = get_nutrition(session, user_id, nutrition_id)
        on = log.date
        session.delete(log)
        session.flush()
        uow.emit(NutritionDeleted(nutrition_id=nutrition_id, user_id=user_id, date=on), user_id)

    uow.run(work)


def list_nutrition(
    session: Session,
    user_id: int,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int,
    cursor: str | None = None,
) -> Page[NutritionLog]:
    """The user's meal logs, newest first, keyset-paginated on (date, id)."""
    check_period(date_from, date_to)
    stmt = select(NutritionLog).where(NutritionLog.user_id == user_id)
    return newest_by_day(
        session,
        stmt,
        NutritionLog.date,
        NutritionLog.id,
        kind="health.nutrition",
        limit=limit,
        cursor=cursor,
        date_from=date_from,
        date_to=date_to,
    )
