"""Habits error classes: each carries its HTTP status and its stable `habits.<reason>` code."""

from __future__ import annotations

from lifeos.platform.errors import AppError


class HabitsError(AppError):
    """Base of habits errors (never raised itself)."""


class HabitNotFound(HabitsError):
    """No such habit for this user."""

    status = 404
    code = "habits.habit_not_found"
    title = "Habit not found"


class LogNotFound(HabitsError):
    """The habit has no log or skip on that day."""

    status = 404
    code = "habits.log_not_found"
    title = "Habit log not found"


class NameTaken(HabitsError):
    """Another habit of this user already has this name (active, paused or deactivated)."""

    status = 409
    code = "habits.name_taken"
    title = "Habit name already in use"


class HabitInactive(HabitsError):
    """The habit is deactivated: its history is kept read-only until it is reactivated."""

    status = 409
    code = "habits.habit_inactive"
    title = "Habit is deactivated"


class InvalidHabit(HabitsError):
    """The habit's schedule or goal is inconsistent (e.g. times_per_week without a count,
    a numeric habit without a target, a target on a yes/no habit)."""

    status = 422
    code = "habits.invalid_habit"
    title = "Invalid habit"


class InvalidLog(HabitsError):
    """The logged value does not fit the habit (a numeric habit needs a value; a yes/no
    habit takes no value, 1, or 0 for "not done")."""

    status = 422
    code = "habits.invalid_log"
    title = "Invalid habit log"


class InvalidDate(HabitsError):
    """The day is outside what can be logged: after today in the user's time zone, or
    before 1970-01-01."""

    status = 422
    code = "habits.invalid_date"
    title = "Invalid date"
