"""Health error classes: each carries its HTTP status and its stable `health.<reason>` code.

Out-of-range fields (energy 0, a weight of 5 kg, 2026-02-30) are caught by the request schemas
and answered 422 `request.validation_failed` with one entry per field; the codes below are
the rules the schemas cannot see.
"""

from __future__ import annotations

from lifeos.platform.errors import AppError


class HealthError(AppError):
    """Base of health errors (never raised itself)."""


class WorkoutNotFound(HealthError):
    """No such workout for this user."""

    status = 404
    code = "health.workout_not_found"
    title = "Workout not found"


class NutritionNotFound(HealthError):
    """No such meal log for this user."""

    status = 404
    code = "health.nutrition_not_found"
    title = "Meal log not found"


class EmptyBiometric(HealthError):
    """A biometric record must hold at least one measurement or a note."""

    status = 422
    code = "health.empty_biometric"
    title = "Empty biometric record"


class InvalidPeriod(HealthError):
    """The date range is invalid (`from` after `to`, or a week that runs past 9999-12-31)."""

    status = 422
    code = "health.invalid_period"
    title = "Invalid period"
