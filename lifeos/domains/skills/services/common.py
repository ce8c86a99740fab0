"""What the skills services share: ids, and local-date ↔ UTC-instant arithmetic."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from lifeos.platform.clock import zone
from lifeos.platform.http import MAX_ID


def valid_id(value: int) -> bool:
    """Whether `value` can be a row id; larger ids are simply not found (never a 500)."""
    return 1 <= value <= MAX_ID


def local_day(instant: datetime, zone_name: str | None) -> date:
    """The calendar date of a stored naive-UTC instant in the named zone."""
    return instant.replace(tzinfo=UTC).astimezone(zone(zone_name)).date()


def day_start(day: date, zone_name: str | None) -> datetime:
    """The naive-UTC instant at which `day` begins in the named zone (clamped to the calendar)."""
    try:
        local = datetime.combine(day, time.min, tzinfo=zone(zone_name))
        return local.astimezone(UTC).replace(tzinfo=None)
    except OverflowError:
        return datetime.min if day.year < 2000 else datetime.max


def shift(day: date, days: int) -> date:
    """`day` moved by `days`, clamped to the calendar's ends."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.min if days < 0 else date.max
