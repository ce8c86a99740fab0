"""Habits request and response schemas (pydantic): one response schema per resource.

Requests refuse unknown fields, NUL characters and out-of-range numbers (values and targets
fit NUMERIC(10,2)). Responses are read from the models and the services' result objects;
values and targets go out as JSON numbers, dates as YYYY-MM-DD.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, PlainSerializer, WithJsonSchema, model_validator

from lifeos.domains.habits.models import (
    KIND_NUMERIC,
    SCHEDULE_WEEKDAYS,
    SCHEDULE_WEEKLY,
    Habit,
)
from lifeos.platform.http import Cursor, IsoDate, Limit100, Schema, no_nul
from lifeos.platform.schemas import OutSchema, UtcDateTime

Text = Annotated[str, AfterValidator(no_nul)]
# A value or target: NUMERIC(10,2), never negative.
# Documented as JSON numbers with their real bounds (NUMERIC(10,2) holds < 10⁸).
Quantity = Annotated[
    Decimal,
    Field(ge=0, max_digits=10, decimal_places=2, allow_inf_nan=False),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 99999999.99, "multipleOf": 0.01}),
]
Target = Annotated[
    Decimal,
    Field(gt=0, max_digits=10, decimal_places=2, allow_inf_nan=False),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "maximum": 99999999.99, "multipleOf": 0.01}),
]
# Out: a Decimal as a JSON number.
Number = Annotated[
    Decimal,
    PlainSerializer(float, return_type=float),
    WithJsonSchema({"type": "number"}, mode="serialization"),
]
ScheduleType = Literal["daily", "times_per_week", "weekdays"]
Kind = Literal["boolean", "numeric"]
Direction = Literal["at_least", "at_most"]


# ---------------------------------------------------------------------------- habits


class HabitFields(Schema):
    """The fields a habit is made of (the same rules apply to create and update)."""

    description: Text | None = Field(default=None, max_length=2000)
    schedule_type: ScheduleType | None = Field(
        default=None, description="daily (default), times_per_week (needs times_per_week) or weekdays."
    )
    times_per_week: int | None = Field(default=None, ge=1, le=7, description="For times_per_week: N (1–7).")
    schedule_days: list[Annotated[int, Field(ge=1, le=7)]] | None = Field(
        default=None, max_length=7, description="For weekdays: ISO weekdays, 1 = Monday … 7 = Sunday."
    )
    kind: Kind | None = Field(default=None, description="boolean (yes/no, default) or numeric.")
    target_value: Target | None = Field(default=None, description="Numeric habits: the daily target (> 0).")
    target_direction: Direction | None = Field(
        default=None, description="Numeric habits: at_least (default) or at_most the target."
    )
    unit: Text | None = Field(default=None, max_length=32)
    time_of_day: Text | None = Field(default=None, max_length=32)
    difficulty: Text | None = Field(default=None, max_length=32)
    domain_link: Text | None = Field(default=None, max_length=64)


class HabitCreateIn(HabitFields):
    name: Text = Field(min_length=1, max_length=255, description="Unique among the user's habits.")


class HabitPatchIn(HabitFields):
    name: Text | None = Field(default=None, min_length=1, max_length=255)
    is_paused: bool | None = Field(default=None, strict=True, description="Pause or resume.")
    is_active: bool | None = Field(default=None, strict=True, description="Deactivate or reactivate.")


class HabitListQuery(Schema):
    active: Literal["true", "false", "all"] = Field(
        default="true", description="Active habits (default), deactivated ones, or all."
    )
    limit: Limit100 = 50
    cursor: Cursor


class HabitOut(OutSchema):
    """A habit. Fields that do not apply to its schedule or kind are null."""

    id: int
    name: str
    description: str | None
    schedule_type: str
    times_per_week: int | None
    schedule_days: list[int] | None
    kind: str
    target_value: Number | None
    target_direction: str | None
    unit: str | None
    time_of_day: str | None
    difficulty: str | None
    domain_link: str | None
    is_active: bool
    is_paused: bool
    created_at: UtcDateTime | None
    updated_at: UtcDateTime | None

    @model_validator(mode="before")
    @classmethod
    def _from_habit(cls, value: Any) -> Any:
        return cls.fields_of(value) if isinstance(value, Habit) else value

    @classmethod
    def fields_of(cls, habit: Habit) -> dict[str, Any]:
        numeric = habit.kind == KIND_NUMERIC
        return {
            "id": habit.id,
            "name": habit.name,
            "description": habit.description,
            "schedule_type": habit.schedule_type,
            "times_per_week": habit.target_count if habit.schedule_type == SCHEDULE_WEEKLY else None,
            "schedule_days": list(habit.schedule_days or [])
            if habit.schedule_type == SCHEDULE_WEEKDAYS
            else None,
            "kind": habit.kind,
            "target_value": habit.target_value if numeric else None,
            "target_direction": habit.target_direction if numeric else None,
            "unit": habit.unit if numeric else None,
            "time_of_day": habit.time_of_day,
            "difficulty": habit.difficulty,
            "domain_link": habit.domain_link,
            "is_active": bool(habit.is_active),
            "is_paused": bool(habit.is_paused),
            "created_at": habit.created_at,
            "updated_at": habit.updated_at,
        }


class HabitListOut(OutSchema):
    items: list[HabitOut]
    next_cursor: str | None


# ---------------------------------------------------------------------------- logs


class DayPath(Schema):
    """The `<date>` of a log route."""

    date: IsoDate


class LogIn(Schema):
    value: Quantity | None = Field(
        default=None,
        description="Numeric habits: required. Yes/no habits: omit (done), 1 (done) or 0 (not done).",
    )
    note: Text | None = Field(default=None, max_length=2000)


class SkipIn(Schema):
    note: Text | None = Field(default=None, max_length=2000)


class LogListQuery(Schema):
    from_: IsoDate | None = Field(default=None, alias="from")
    to: IsoDate | None = None
    limit: Limit100 = 50
    cursor: Cursor


class HabitLogOut(OutSchema):
    """One day of a habit: a log (done or not) or a skip. Newest first in lists."""

    habit_id: int
    date: dt.date
    value: Number | None
    note: str | None
    skipped: bool
    done: bool
    completion: float = Field(description="0–1: how far the value goes towards the goal (0 for a skip).")
    created_at: UtcDateTime | None
    updated_at: UtcDateTime | None


class HabitLogListOut(OutSchema):
    items: list[HabitLogOut]
    next_cursor: str | None


# ---------------------------------------------------------------------------- stats and today


class RateOut(OutSchema):
    days: int
    done: int
    expected: float = Field(description="Days (N per week: N/7 of the days) expected, skips excluded.")
    rate: float | None = Field(description="Percent with one decimal; null when nothing was expected.")


class HabitStatsOut(OutSchema):
    """Streaks, strength and completion rates of one habit as of today in the user's zone."""

    habit_id: int
    as_of: dt.date
    streak_unit: Literal["days", "weeks"]
    current_streak: int
    longest_streak: int
    strength: float = Field(description="Loop Habit Tracker's score, 0–100 with one decimal.")
    completion: list[RateOut]
    total_done: int
    total_skipped: int
    first_date: dt.date | None
    last_done_date: dt.date | None
    done_today: bool
    due_today: bool


class TodayItemOut(OutSchema):
    habit: HabitOut
    done: bool
    skipped: bool
    value: Number | None
    note: str | None
    streak_unit: Literal["days", "weeks"]
    current_streak: int
    streak_if_done: int = Field(description="The current streak once today is ticked (done).")
    week_done: int | None = Field(description="N-per-week habits: done days this week.")
    week_target: int | None


class TodayOut(OutSchema):
    """The habits due today in the user's time zone (active, not paused), by name."""

    date: dt.date
    items: list[TodayItemOut]
    next_cursor: None = None
