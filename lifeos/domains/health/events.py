"""Health events. Each docstring is the event's contract for subscribers.

Payloads are JSON: dates as ISO `YYYY-MM-DD` strings, decimals (kg, %, hours, kcal, grams) as
decimal strings, absent measurements as null.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from lifeos.platform.events import Event, register


@register
@dataclass(frozen=True)
class BiometricLogged(Event):
    """A user recorded their biometrics for a date (`PUT /health/biometrics/<date>`).

    There is one record per user and date: `created` is true when the day had none, false
    when the day's record was replaced (same `biometric_id`). The fields are the record as
    stored after the write: `weight` in kg, `body_fat_pct` in %, `resting_hr` in beats per
    minute, `sleep_hours` in hours, `energy` and `stress` 1–5; null when not given.
    """

    name = "health.biometric.logged"
    version = 1

    biometric_id: int
    user_id: int
    date: date
    created: bool
    weight: Decimal | None
    body_fat_pct: Decimal | None
    resting_hr: int | None
    sleep_hours: Decimal | None
    energy: int | None
    stress: int | None


@register
@dataclass(frozen=True)
class WorkoutLogged(Event):
    """A user logged a workout. `calories` (kcal burned) and `intensity` may be null."""

    name = "health.workout.logged"
    version = 1

    workout_id: int
    user_id: int
    date: date
    workout_type: str
    duration_minutes: int
    intensity: str | None
    calories: Decimal | None


@register
@dataclass(frozen=True)
class WorkoutUpdated(Event):
    """A user changed a workout. `changed` names the request fields that were sent; the other
    fields are the workout as stored after the change (`date` may have moved)."""

    name = "health.workout.updated"
    version = 1

    workout_id: int
    user_id: int
    date: date
    changed: tuple[str, ...]
    workout_type: str | None
    duration_minutes: int
    intensity: str | None
    calories: Decimal | None


@register
@dataclass(frozen=True)
class WorkoutDeleted(Event):
    """A user deleted a workout; `date` is the date it was logged for."""

    name = "health.workout.deleted"
    version = 1

    workout_id: int
    user_id: int
    date: date


@register
@dataclass(frozen=True)
class NutritionLogged(Event):
    """A user logged a meal. `calories` (kcal), `protein` (g) and `quality` (1–5) may be null."""

    name = "health.nutrition.logged"
    version = 1

    nutrition_id: int
    user_id: int
    date: date
    meal_type: str
    calories: Decimal | None
    protein: Decimal | None
    quality: int | None


@register
@dataclass(frozen=True)
class NutritionUpdated(Event):
    """A user changed a meal log. `changed` names the request fields that were sent; the other
    fields are the meal as stored after the change."""

    name = "health.nutrition.updated"
    version = 1

    nutrition_id: int
    user_id: int
    date: date
    changed: tuple[str, ...]
    meal_type: str | None
    calories: Decimal | None
    protein: Decimal | None
    quality: int | None


@register
@dataclass(frozen=True)
class NutritionDeleted(Event):
    """A user deleted a meal log; `date` is the date it was logged for."""

    name = "health.nutrition.deleted"
    version = 1

    nutrition_id: int
    user_id: int
    date: date
