"""The calendar rules of relationships, free of the database: birthdays, ages, overdue-ness."""

from __future__ import annotations

import calendar
from datetime import date
from fractions import Fraction

LEAP_DAY = (2, 29)


def birthday_problem(month: int, day: int, year: int | None, today: date) -> str | None:
    """Why (month, day, year) is not a birthday, or None when it is one.

    Without a year any day of the month in a leap year counts (29 February included); with a
    year the date must exist and not be after today.
    """
    longest = calendar.monthrange(2000 if year is None else year, month)[1]
    if day > longest:
        if year is not None and (month, day) == LEAP_DAY:
            return f"{year} is not a leap year"
        return f"month {month} has no day {day}"
    if year is not None and date(year, month, day) > today:
        return "must not be after today"
    return None


def celebrated_on(month: int, day: int, year: int) -> date:
    """The day a (month, day) birthday is celebrated in `year`: 29 February → 28 February in
    years that are not leap years."""
    if (month, day) == LEAP_DAY and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, month, day)


def next_celebration(month: int, day: int, today: date) -> date:
    """The first celebration on or after today."""
    this_year = celebrated_on(month, day, today.year)
    return this_year if this_year >= today else celebrated_on(month, day, today.year + 1)


def age_on(month: int, day: int, year: int, on: date) -> int:
    """Completed years on `on` (a 29 February baby turns a year older on 28 February in
    non-leap years); 0 before the first birthday."""
    years = on.year - year - (1 if on < celebrated_on(month, day, on.year) else 0)
    return max(years, 0)


def overdue_ratio(overdue_days: int, cadence_days: int) -> Fraction:
    return Fraction(overdue_days, cadence_days)


def ratio_text(ratio: Fraction) -> str:
    """A ratio as a decimal string with two places, rounded half up."""
    hundredths = (ratio * 100 * 2 + 1) // 2
    return f"{hundredths // 100}.{hundredths % 100:02d}"
