"""What the health services share: id range, periods, date arithmetic that cannot overflow."""

from __future__ import annotations

from datetime import date, timedelta

from lifeos.domains.health.errors import InvalidPeriod

MAX_ID = 2**31 - 1  # the id columns are 32-bit integers


def valid_id(value: int) -> bool:
    """Whether `value` can be a row id; larger ids are simply not found (never a 500)."""
    return 1 <= value <= MAX_ID


def check_period(date_from: date | None, date_to: date | None) -> None:
    """422 `health.invalid_period` when `from` is after `to`."""
    if date_from is not None and date_to is not None and date_from > date_to:
        raise InvalidPeriod(
            "`from` must not be after `to`.",
            errors=[{"field": "from", "message": "must not be after `to`"}],
        )


def shift(day: date, days: int) -> date:
    """`day` moved by `days`, clamped to the calendar's ends (date.min … date.max)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.min if days < 0 else date.max
