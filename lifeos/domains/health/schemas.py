"""Health request and response schemas (pydantic): one response schema per resource.

Units and ranges (a value outside them is a 422 naming the field):

| field | unit | range | places |
|---|---|---|---|
| `weight` | kg | 20–500 | ≤ 2 |
| `body_fat_pct` | % | 2–75 | ≤ 2 |
| `resting_hr` | beats per minute | 20–250 | integer |
| `sleep_hours` | hours | 0–24 | ≤ 2 |
| `energy`, `stress`, `quality` | score | 1–5 | integer |
| `duration_minutes` | minutes | 1–1440 | integer |
| `calories` | kcal | 0–20000 | ≤ 2 |
| `protein`, `carbs`, `fat` | g | 0–2000 | ≤ 2 |

Decimal quantities are `Decimal` end to end (NUMERIC columns; JSON numbers are parsed from their
text, never via float; strings such as "72.5" are accepted too). Responses render every decimal
quantity — measurements, totals and averages — as a decimal **string with two places**
("72.50"), like money; integers (heart rate, scores, minutes, counts) are JSON integers. Dates
are `YYYY-MM-DD` and must be real calendar dates (2026-02-30 is refused); dates written are
within 1900-01-01…2999-12-31.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PlainSerializer,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from lifeos.domains.health.models import Biometric, NutritionLog, Workout
from lifeos.platform.http import OMITTABLE, Cursor, IsoDate, Limit100, Schema, no_nul, not_null
from lifeos.platform.schemas import OutSchema, UtcDateTime

CENT = Decimal("0.01")

# ---------------------------------------------------------------------------- field types


def _decimal(value: Any, low: int, high: int) -> Decimal:
    """A number (JSON number, integer or numeric string) in [low, high] with ≤ 2 places."""
    hint = "must be a decimal number such as 72.5"
    if isinstance(value, (bool, float)):
        raise ValueError(hint)
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        if not text or len(text) > 40:
            raise ValueError(hint)
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(hint) from exc
    else:
        raise ValueError(hint)
    if not number.is_finite():
        raise ValueError("must be a finite number")
    if not low <= number <= high:
        raise ValueError(f"must be between {low} and {high}")
    if number != number.quantize(CENT):
        raise ValueError("must have at most 2 decimal places")
    return number.quantize(CENT)


def _number_doc(low: int, high: int, unit: str) -> dict[str, Any]:
    # Documented as a JSON number (what clients send); a decimal string such as "72.50" — the
    # form responses use — is accepted as well.
    return {
        "type": "number",
        "minimum": low,
        "maximum": high,
        "multipleOf": 0.01,
        "description": f"{unit}, {low}–{high}, at most 2 decimal places; never parsed via float.",
    }


def _weight(v: Any) -> Decimal:
    return _decimal(v, 20, 500)


def _body_fat(v: Any) -> Decimal:
    return _decimal(v, 2, 75)


def _sleep(v: Any) -> Decimal:
    return _decimal(v, 0, 24)


def _kcal(v: Any) -> Decimal:
    return _decimal(v, 0, 20000)


def _grams(v: Any) -> Decimal:
    return _decimal(v, 0, 2000)


Weight = Annotated[Decimal, BeforeValidator(_weight), WithJsonSchema(_number_doc(20, 500, "kg"))]
BodyFat = Annotated[Decimal, BeforeValidator(_body_fat), WithJsonSchema(_number_doc(2, 75, "%"))]
SleepHours = Annotated[Decimal, BeforeValidator(_sleep), WithJsonSchema(_number_doc(0, 24, "hours"))]
Kcal = Annotated[Decimal, BeforeValidator(_kcal), WithJsonSchema(_number_doc(0, 20000, "kcal"))]
Grams = Annotated[Decimal, BeforeValidator(_grams), WithJsonSchema(_number_doc(0, 2000, "grams"))]


def _no_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("must be an integer")
    return value


Score = Annotated[int, Field(ge=1, le=5, description="1 (low) to 5 (high)."), BeforeValidator(_no_bool)]
RestingHr = Annotated[int, Field(ge=20, le=250, description="Beats per minute."), BeforeValidator(_no_bool)]
Minutes = Annotated[int, Field(ge=1, le=1440, description="Minutes."), BeforeValidator(_no_bool)]
Notes = Annotated[str, Field(max_length=2000), AfterValidator(no_nul)]
WorkoutType = Annotated[
    str,
    Field(min_length=1, max_length=64, description="Free text, e.g. run, cycling, strength."),
    AfterValidator(no_nul),
]
Intensity = Literal["low", "moderate", "high"]
MealType = Literal["breakfast", "lunch", "dinner", "snack"]


# ---------------------------------------------------------------------------- requests


class BiometricIn(Schema):
    """The day's record, replaced as a whole: a field left out is stored as null.

    At least one measurement or a note (422 `health.empty_biometric` otherwise).
    """

    weight: Weight | None = None
    body_fat_pct: BodyFat | None = None
    resting_hr: RestingHr | None = None
    sleep_hours: SleepHours | None = None
    energy: Score | None = None
    stress: Score | None = None
    notes: Notes | None = None


class DatePath(Schema):
    """The `<date>` of `PUT /health/biometrics/<date>`."""

    date: IsoDate


class WorkoutIn(Schema):
    type: WorkoutType
    duration_minutes: Minutes
    intensity: Intensity | None = None
    calories: Kcal | None = Field(default=None, description="kcal burned.")
    date: IsoDate | None = Field(default=None, description="Defaults to today in the user's time zone.")
    notes: Notes | None = None


class WorkoutPatch(Schema):
    """Only the fields sent change; the same rules as creation apply."""

    # Fields the resource always has may be left out, never set to null.
    type: WorkoutType | None = OMITTABLE
    duration_minutes: Minutes | None = OMITTABLE
    intensity: Intensity | None = None
    calories: Kcal | None = None
    date: IsoDate | None = OMITTABLE
    notes: Notes | None = None

    @field_validator("type", "duration_minutes", "date")
    @classmethod
    def _required(cls, value: Any) -> Any:
        return not_null(value)


class NutritionIn(Schema):
    meal_type: MealType
    items: Notes | None = Field(default=None, description="What was eaten (free text).")
    calories: Kcal | None = Field(default=None, description="kcal eaten.")
    protein: Grams | None = None
    carbs: Grams | None = None
    fat: Grams | None = None
    quality: Score | None = None
    date: IsoDate | None = Field(default=None, description="Defaults to today in the user's time zone.")


class NutritionPatch(Schema):
    """Only the fields sent change; the same rules as creation apply."""

    meal_type: MealType | None = OMITTABLE
    items: Notes | None = None
    calories: Kcal | None = None
    protein: Grams | None = None
    carbs: Grams | None = None
    fat: Grams | None = None
    quality: Score | None = None
    date: IsoDate | None = OMITTABLE

    @field_validator("meal_type", "date")
    @classmethod
    def _required(cls, value: Any) -> Any:
        return not_null(value)


class RangeQuery(Schema):
    """Newest first (date, then id); `from`/`to` are inclusive dates."""

    from_: IsoDate | None = Field(default=None, alias="from", description="First date (inclusive).")
    to: IsoDate | None = Field(default=None, description="Last date (inclusive).")
    limit: Limit100 = 50
    cursor: Cursor


class DailyQuery(Schema):
    date: IsoDate | None = Field(default=None, description="Defaults to today in the user's time zone.")


class WeeklyQuery(Schema):
    start: IsoDate | None = Field(
        default=None,
        description="First of the 7 days; defaults to the Monday of this week in the user's time zone.",
    )


# ---------------------------------------------------------------------------- responses


def _two_places(value: Decimal) -> str:
    return str(value.quantize(CENT))


# A decimal quantity in a response: a string with two places ("72.50").
Dec2 = Annotated[
    Decimal,
    PlainSerializer(_two_places, return_type=str),
    WithJsonSchema({"type": "string", "examples": ["72.50"]}, mode="serialization"),
]


class BiometricOut(OutSchema):
    """One day's biometrics (weight kg, body fat %, resting heart rate bpm, sleep hours, 1–5 scores)."""

    id: int
    date: dt.date
    weight: Dec2 | None
    body_fat_pct: Dec2 | None
    resting_hr: int | None
    sleep_hours: Dec2 | None
    energy: int | None
    stress: int | None
    notes: str | None
    recorded_at: UtcDateTime | None
    created_at: UtcDateTime | None
    updated_at: UtcDateTime | None

    @model_validator(mode="before")
    @classmethod
    def _from_model(cls, value: Any) -> Any:
        if not isinstance(value, Biometric):
            return value
        return {
            "id": value.id,
            "date": value.date,
            "weight": value.weight,
            "body_fat_pct": value.body_fat_pct,
            "resting_hr": value.resting_hr,
            "sleep_hours": value.sleep_hours,
            "energy": value.energy_level,
            "stress": value.stress_level,
            "notes": value.notes,
            "recorded_at": value.recorded_at,
            "created_at": value.created_at,
            "updated_at": value.updated_at,
        }


class WorkoutOut(OutSchema):
    """A workout; `type` and `calories` fall back to the legacy columns for old rows."""

    id: int
    date: dt.date
    type: str | None
    duration_minutes: int
    intensity: str | None
    calories: Dec2 | None
    notes: str | None
    created_at: UtcDateTime | None
    updated_at: UtcDateTime | None

    @model_validator(mode="before")
    @classmethod
    def _from_model(cls, value: Any) -> Any:
        if not isinstance(value, Workout):
            return value
        return {
            "id": value.id,
            "date": value.date,
            "type": value.kind,
            "duration_minutes": value.duration_minutes,
            "intensity": value.intensity,
            "calories": value.calories_value,
            "notes": value.notes,
            "created_at": value.created_at,
            "updated_at": value.updated_at,
        }


class NutritionOut(OutSchema):
    """A meal; `items` and `calories` fall back to the legacy columns for old rows."""

    id: int
    date: dt.date
    meal_type: str | None
    items: str | None
    calories: Dec2 | None
    protein: Dec2 | None
    carbs: Dec2 | None
    fat: Dec2 | None
    quality: int | None
    created_at: UtcDateTime | None
    updated_at: UtcDateTime | None

    @model_validator(mode="before")
    @classmethod
    def _from_model(cls, value: Any) -> Any:
        if not isinstance(value, NutritionLog):
            return value
        return {
            "id": value.id,
            "date": value.date,
            "meal_type": value.meal_type,
            "items": value.description,
            "calories": value.calories_value,
            "protein": value.protein,
            "carbs": value.carbs,
            "fat": value.fat,
            "quality": value.quality_score,
            "created_at": value.created_at,
            "updated_at": value.updated_at,
        }


class BiometricListOut(OutSchema):
    items: list[BiometricOut]
    next_cursor: str | None


class WorkoutListOut(OutSchema):
    items: list[WorkoutOut]
    next_cursor: str | None


class NutritionListOut(OutSchema):
    items: list[NutritionOut]
    next_cursor: str | None


class WorkoutTotalsOut(OutSchema):
    count: int
    minutes: int
    calories: Dec2 = Field(description="kcal burned (workouts without calories count 0).")


class NutritionTotalsOut(OutSchema):
    meals: int
    calories: Dec2 = Field(description="kcal eaten.")
    protein: Dec2 = Field(description="grams.")
    quality_avg: Dec2 | None = Field(description="Mean of the meals that have a quality score.")


class DailySummaryOut(OutSchema):
    """One day: its biometric record, the weight trend, workout and nutrition totals."""

    date: dt.date
    biometric: BiometricOut | None
    weight_trend: Dec2 | None = Field(
        description="Mean of the weigh-ins in the 7 days ending on `date`; null when there are none."
    )
    workouts: WorkoutTotalsOut
    nutrition: NutritionTotalsOut


class DayOut(OutSchema):
    date: dt.date
    weight: Dec2 | None
    weight_trend: Dec2 | None = Field(
        description="7-day moving average: mean of the weigh-ins in the 7 days ending on this date "
        "(days without a weigh-in are skipped, not zeros); null when there are none."
    )
    sleep_hours: Dec2 | None
    energy: int | None
    stress: int | None
    workouts: int
    workout_minutes: int
    calories_burned: Dec2
    calories_eaten: Dec2
    protein: Dec2


class WeekBiometricsOut(OutSchema):
    """Means over the days that have the measurement (missing days are skipped)."""

    days_logged: int
    weigh_ins: int
    weight_avg: Dec2 | None
    weight_trend: Dec2 | None = Field(description="The 7-day moving average on the last day of the week.")
    body_fat_pct_avg: Dec2 | None
    resting_hr_avg: Dec2 | None
    sleep_hours_avg: Dec2 | None
    energy_avg: Dec2 | None
    stress_avg: Dec2 | None


class WeekWorkoutsOut(WorkoutTotalsOut):
    active_days: int


class WeekNutritionOut(NutritionTotalsOut):
    days_logged: int
    calories_daily_avg: Dec2 | None = Field(description="kcal eaten per day, over the days with meals.")


class WeeklySummaryOut(OutSchema):
    """Seven days from `start` (through `end`), day by day and in total."""

    start: dt.date
    end: dt.date
    days: list[DayOut]
    biometrics: WeekBiometricsOut
    workouts: WeekWorkoutsOut
    nutrition: WeekNutritionOut
