"""Template filters: money, dates and times as a person reads them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from flask import Flask, g

from lifeos.platform.clock import today_in, zone

MINUS = "\u2212"  # a real minus sign, not a hyphen


def money(value: Decimal | int | str | None, blank_zero: bool = False) -> str:
    """`1234.5` → `1,234.50`; negatives carry a real minus sign (−1,234.50)."""
    if value is None or value == "":
        return ""
    amount = Decimal(value).quantize(Decimal("0.01"))
    if blank_zero and amount == 0:
        return ""
    text = f"{abs(amount):,.2f}"
    return f"{MINUS}{text}" if amount < 0 else text


def _user_zone_name() -> str | None:
    user = g.get("current_user")
    return getattr(user, "timezone", None) if user is not None else None


def user_today() -> date:
    """Today in the signed-in person's zone (UTC for anonymous pages)."""
    return today_in(_user_zone_name())


def human_date(value: date | datetime | str | None, with_year: bool | None = None) -> str:
    """`Fri 27 Nov` this year, `Fri 27 Nov 2025` otherwise."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        value = value.date()
    show_year = with_year if with_year is not None else value.year != user_today().year
    text = f"{value:%a} {value.day} {value:%b}"
    return f"{text} {value.year}" if show_year else text


def human_datetime(value: datetime | None) -> str:
    """A stored naive-UTC timestamp in the person's zone: `Fri 27 Nov, 14:05`."""
    if value is None:
        return ""
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value
    local = aware.astimezone(zone(_user_zone_name()))
    return f"{human_date(local.date())}, {local:%H:%M}"


def label(code: str | None) -> str:
    """`credit_card` → `Credit card`."""
    return (code or "").replace("_", " ").capitalize()


def iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def register_filters(app: Flask) -> None:
    filters: dict[str, Any] = {
        "money": money,
        "human_date": human_date,
        "human_datetime": human_datetime,
        "label": label,
        "iso": iso,
    }
    app.jinja_env.filters.update(filters)
