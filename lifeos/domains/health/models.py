"""Health tables: biometrics (one row per date), workouts, nutrition."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Integer, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from lifeos.platform.database import NOW_DEFAULTS, STAMP_DEFAULTS, Base

_TODAY = text("CURRENT_DATE")


class Biometric(Base):
    __tablename__ = "health_biometric"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    # Legacy one-metric-per-row columns; the app writes the wide columns below.
    metric: Mapped[str | None] = mapped_column(String(64), default="", server_default=text("''"))
    value: Mapped[Decimal | None] = mapped_column(Numeric(10, 2), server_default=text("0"))
    recorded_at: Mapped[dt.datetime] = mapped_column(**NOW_DEFAULTS)
    date: Mapped[dt.date] = mapped_column(Date, server_default=_TODAY)
    weight: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    body_fat_pct: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    resting_hr: Mapped[int | None] = mapped_column(Integer)
    energy_level: Mapped[int | None] = mapped_column(Integer)
    stress_level: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(**NOW_DEFAULTS)
    # Added by 20251218.
    sleep_hours: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))
    updated_at: Mapped[dt.datetime | None] = mapped_column(**STAMP_DEFAULTS)

    __table_args__ = (
        Index("ix_health_biometric_user_date", "user_id", "date"),
        Index("ix_health_biometric_user_recorded_at", "user_id", "recorded_at"),
        # One row per user per date: biometrics are upserted by date.
        Index("ux_health_biometric_user_date", "user_id", "date", unique=True),
    )


class Workout(Base):
    __tablename__ = "health_workout"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    activity: Mapped[str | None] = mapped_column(String(128), default="", server_default=text("''"))
    duration_minutes: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    calories: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    performed_at: Mapped[dt.datetime] = mapped_column(**NOW_DEFAULTS)
    date: Mapped[dt.date] = mapped_column(Date, server_default=_TODAY)
    workout_type: Mapped[str | None] = mapped_column(String(64))
    intensity: Mapped[str | None] = mapped_column(String(16))
    calories_est: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(**NOW_DEFAULTS)
    # Added by 20251218.
    updated_at: Mapped[dt.datetime | None] = mapped_column(**STAMP_DEFAULTS)

    __table_args__ = (
        Index("ix_health_workout_user_performed_at", "user_id", "performed_at"),
        Index("ix_health_workout_user_date", "user_id", "date"),
    )


class NutritionLog(Base):
    __tablename__ = "health_nutrition_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    meal: Mapped[str | None] = mapped_column(String(128), default="", server_default=text("''"))
    calories: Mapped[Decimal | None] = mapped_column(Numeric(10, 2), server_default=text("0"))
    protein: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    carbs: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    fat: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    logged_at: Mapped[dt.datetime] = mapped_column(**NOW_DEFAULTS)
    date: Mapped[dt.date] = mapped_column(Date, server_default=_TODAY)
    meal_type: Mapped[str | None] = mapped_column(String(32))
    items: Mapped[str | None] = mapped_column(Text)
    calories_est: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    quality_score: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(**NOW_DEFAULTS)
    # Added by 20251218.
    updated_at: Mapped[dt.datetime | None] = mapped_column(**STAMP_DEFAULTS)

    __table_args__ = (
        Index("ix_health_nutrition_log_user_date", "user_id", "date"),
        Index("ix_health_nutrition_log_user_logged_at", "user_id", "logged_at"),
    )
