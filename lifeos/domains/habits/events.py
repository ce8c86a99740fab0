"""Habits events. Each docstring is the event's contract for subscribers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from lifeos.platform.events import Event, register


@register
@dataclass(frozen=True)
class HabitCreated(Event):
    """A user created a habit.

    `schedule_type` is daily, times_per_week or weekdays; `kind` is boolean (yes/no) or
    numeric.
    """

    name = "habits.habit.created"
    version = 1

    habit_id: int
    user_id: int
    habit_name: str
    schedule_type: str
    kind: str


@register
@dataclass(frozen=True)
class HabitUpdated(Event):
    """A habit's definition changed (name, schedule, goal, active flag…).

    `changed` lists the API field names whose value changed. Pausing and resuming are
    `habits.habit.paused`, not this event.
    """

    name = "habits.habit.updated"
    version = 1

    habit_id: int
    user_id: int
    changed: tuple[str, ...]


@register
@dataclass(frozen=True)
class HabitPaused(Event):
    """A habit was paused (`paused` true) or resumed (`paused` false).

    A paused habit keeps its history and is not due on the today list.
    """

    name = "habits.habit.paused"
    version = 1

    habit_id: int
    user_id: int
    paused: bool


@register
@dataclass(frozen=True)
class HabitDeleted(Event):
    """A habit was deleted together with its logs and skips (`logs_deleted` rows)."""

    name = "habits.habit.deleted"
    version = 1

    habit_id: int
    user_id: int
    habit_name: str
    logs_deleted: int


@register
@dataclass(frozen=True)
class HabitLogged(Event):
    """A day was logged for a habit (created, or replaced: one log per habit per day).

    `logged_date` is the day in the user's calendar; `value` is a decimal string or null
    (yes/no habits); `done` says whether the log meets the habit's goal; `created` is false
    when an existing log or skip of that day was replaced.
    """

    name = "habits.habit.logged"
    version = 1

    habit_id: int
    user_id: int
    logged_date: date
    value: Decimal | None
    done: bool
    created: bool


@register
@dataclass(frozen=True)
class HabitSkipped(Event):
    """A day was marked skipped for a habit (it neither breaks nor extends a streak).

    `created` is false when it replaced a log of that day (the latest write wins).
    """

    name = "habits.habit.skipped"
    version = 1

    habit_id: int
    user_id: int
    skipped_date: date
    created: bool


@register
@dataclass(frozen=True)
class HabitUnlogged(Event):
    """The log or skip of a day was removed; `was_skip` says which it was."""

    name = "habits.habit.unlogged"
    version = 1

    habit_id: int
    user_id: int
    logged_date: date
    was_skip: bool
