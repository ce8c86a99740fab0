"""Habits tables: habits and their daily logs (one per habit per day; a log may be a skip)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    false,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from lifeos.platform.database import NOW_DEFAULTS, STAMP_DEFAULTS, Base

# schedule_type values: every day, N times per week (target_count), or chosen weekdays (schedule_days).
SCHEDULE_DAILY, SCHEDULE_WEEKLY, SCHEDULE_WEEKDAYS = "daily", "times_per_week", "weekdays"
KIND_BOOLEAN, KIND_NUMERIC = "boolean", "numeric"
AT_LEAST, AT_MOST = "at_least", "at_most"


class Habit(Base):
    __tablename__ = "habits_habit"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    domain_link: Mapped[str | None] = mapped_column(String(64))
    schedule_type: Mapped[str] = mapped_column(
        String(32), default=SCHEDULE_DAILY, server_default=SCHEDULE_DAILY
    )
    # Times per week for SCHEDULE_WEEKLY.
    target_count: Mapped[int | None] = mapped_column(Integer)
    time_of_day: Mapped[str | None] = mapped_column(String(32))
    difficulty: Mapped[str | None] = mapped_column(String(32))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)
    updated_at: Mapped[datetime] = mapped_column(**STAMP_DEFAULTS)
    # Added by 20251218.
    # ISO weekdays (1=Monday … 7=Sunday) for SCHEDULE_WEEKDAYS.
    schedule_days: Mapped[list[int] | None] = mapped_column(JSON)
    kind: Mapped[str] = mapped_column(String(16), default=KIND_BOOLEAN, server_default=KIND_BOOLEAN)
    # Numeric habits: the daily target and whether the value must reach it or stay under it.
    target_value: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    target_direction: Mapped[str] = mapped_column(String(8), default=AT_LEAST, server_default=AT_LEAST)
    unit: Mapped[str | None] = mapped_column(String(32))
    is_paused: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    __table_args__ = (
        Index("ux_habits_habit_user_name", "user_id", "name", unique=True),
        Index("ix_habits_habit_user_domain_link", "user_id", "domain_link"),
        Index("ix_habits_habit_user_active", "user_id", "is_active"),
    )


class HabitLog(Base):
    __tablename__ = "habits_habit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    habit_id: Mapped[int] = mapped_column(ForeignKey("habits_habit.id", ondelete="CASCADE"), index=True)
    value: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    note: Mapped[str | None] = mapped_column(Text)
    logged_date: Mapped[date] = mapped_column(Date, server_default=text("CURRENT_DATE"))
    created_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)
    # Added by 20251218: a skip neither breaks nor extends a streak.
    is_skip: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    updated_at: Mapped[datetime | None] = mapped_column(**STAMP_DEFAULTS)

    __table_args__ = (
        Index("ix_habits_log_user_logged_date", "user_id", "logged_date"),
        Index("ix_habits_log_habit_logged_date", "habit_id", "logged_date"),
        # One log per habit per day: logging is an upsert on this key.
        Index("ux_habits_habit_log_habit_date", "habit_id", "logged_date", unique=True),
    )
