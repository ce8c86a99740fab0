"""Time as a person means it: "today" is the date in their own time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone(name: str | None) -> tzinfo:
    """The named IANA zone; UTC when the name is missing or unknown."""
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def today_in(zone_name: str | None, now: datetime | None = None) -> date:
    """The calendar date in that zone at `now` (default: this instant)."""
    instant = now if now is not None else datetime.now(UTC)
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(zone(zone_name)).date()


def user_today() -> date:
    """Today for the signed-in user of this request, in their time zone (views only)."""
    from lifeos.platform.auth.guard import current_user

    return today_in(getattr(current_user(), "timezone", None))
