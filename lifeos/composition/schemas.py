"""Response schemas of the Today answer (money as 2-dp strings)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from lifeos.domains.projects.schemas import TaskOut
from lifeos.domains.relationships.schemas import BirthdayItemOut, ReconnectItemOut
from lifeos.platform.money import MoneyOut
from lifeos.platform.schemas import OutSchema


class CashOut(OutSchema):
    """The summed balance, through today, of the user's cash and bank asset accounts."""

    balance: MoneyOut
    accounts: int = Field(description="How many cash/bank accounts were summed.")
    forecast: None = Field(default=None, description="The forecast's next low point (not yet available).")


class HabitDueOut(OutSchema):
    habit_id: int
    name: str
    done: bool
    skipped: bool
    current_streak: int
    streak_unit: Literal["days", "weeks"]


class TasksDueOut(OutSchema):
    """Open tasks due today or overdue, earliest due first (at most 10); `total` counts them all."""

    total: int
    items: list[TaskOut]


class MoodOut(OutSchema):
    """The mood of the newest journal entry, dated today or earlier, that has one."""

    value: int
    date: dt.date


class JournalMemoryOut(OutSchema):
    id: int
    title: str | None
    entry_date: dt.date
    mood: int | None
    years_ago: int


class WorkoutMemoryOut(OutSchema):
    id: int
    date: dt.date
    workout_type: str | None
    duration_minutes: int
    years_ago: int


class PracticeMemoryOut(OutSchema):
    id: int
    skill_id: int
    skill_name: str
    date: dt.date = Field(description="The practice day in the user's zone.")
    duration_minutes: int
    years_ago: int


class OnThisDayOut(OutSchema):
    """The same month and day in earlier years (newest first, at most 3 of each)."""

    journal: list[JournalMemoryOut]
    workouts: list[WorkoutMemoryOut]
    practice: list[PracticeMemoryOut]


class TodayOut(OutSchema):
    """Today across the domains, in the user's time zone; every section is always present."""

    date: dt.date
    timezone: str
    cash: CashOut
    habits: list[HabitDueOut]
    tasks: TasksDueOut
    reconnect: list[ReconnectItemOut] = Field(description="At most 5, most overdue first.")
    birthdays: list[BirthdayItemOut] = Field(description="Today through 7 days ahead, soonest first.")
    mood: MoodOut | None
    on_this_day: OnThisDayOut
