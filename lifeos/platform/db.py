"""Declarative base, naming convention, and column helpers shared by all models."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import MetaData, Numeric, text
from sqlalchemy.orm import DeclarativeBase

# Predictable constraint names, so migrations can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Money: NUMERIC(18,2), always Decimal in Python.
Money = Numeric(18, 2, asdecimal=True)
CENT = Decimal("0.01")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Naive UTC now: every DATETIME column stores UTC without an offset (legacy schema shape)."""
    return datetime.now(UTC).replace(tzinfo=None)


# mapped_column(**NOW_DEFAULTS) / (**STAMP_DEFAULTS): set by Python, with a database default
# too so rows written outside the app (legacy code, SQL backfills) still get a value.
NOW_DEFAULTS = {"default": utcnow, "server_default": text("CURRENT_TIMESTAMP")}
STAMP_DEFAULTS = {**NOW_DEFAULTS, "onupdate": utcnow}


def iso_utc(value: datetime | None) -> str | None:
    """Render a stored naive-UTC timestamp as ISO 8601 with its offset."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat()


def money_str(value: Decimal | int | None) -> str | None:
    """Money travels as a decimal string with two places."""
    if value is None:
        return None
    return str(Decimal(value).quantize(CENT))
