"""Health tables: biometrics (one row per date), workouts, nutrition.

The tables keep their legacy shape. Legacy rows may carry a value only in an older column;
the read accessors below (`kind`, `description`, `calories_value`) say which column wins, so
the API, the summaries and SQL aggregates agree:

* a workout's type is `workout_type`, else the legacy `activity`;
* a meal's items are `items`, else the legacy `meal`;
* calories are `calories`, else `calories_est` when `calories` is NULL or 0 (the legacy
  nutrition table defaults `calories` to 0 and kept the estimate in `calories_est`).

The API writes only the current columns and clears the legacy twin it supersedes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Integer, Numeric, String, Text, and_, case, or_, text
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql import ColumnElement

from lifeos.platform.database import NOW_DEFAULTS, STAMP_DEFAULTS, Base

_TODAY = text("CURRENT_DATE")


def _calories(calories: Decimal | None, estimate: Decimal | None) -> Decimal | None:
    if estimate is not None and (calories is None or calories == 0):
        return estimate
    return calories


class Biometric(Base):
    __tablename__ = "health_biometric"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    # Legacy one-metric-per-row columns; the app writes the wide columns below
    # (20261128_health_rules folded known legacy metrics into them).
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
        # One row per user per date: biometrics are upserted by date (INSERT … ON CONFLICT).
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

    @property
    def kind(self) -> str | None:
        """The workout type: `workout_type`, else the legacy `activity`."""
        return self.workout_type or self.activity or None

    @hybrid_property
    def calories_value(self) -> Decimal | None:
        """Calories burned: `calories`, else the legacy `calories_est`."""
        return _calories(self.calories, self.calories_est)

    @calories_value.inplace.expression
    @classmethod
    def _calories_value_expression(cls) -> ColumnElement[Decimal | None]:
        return case(
            (
                and_(cls.calories_est.is_not(None), or_(cls.calories.is_(None), cls.calories == 0)),
                cls.calories_est,
            ),
            else_=cls.calories,
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

    @property
    def description(self) -> str | None:
        """What was eaten: `items`, else the legacy `meal`."""
        return self.items or self.meal or None

    @hybrid_property
    def calories_value(self) -> Decimal | None:
        """Calories eaten: `calories`, else the legacy `calories_est` (when `calories` is NULL or 0)."""
        return _calories(self.calories, self.calories_est)

    @calories_value.inplace.expression
    @classmethod
    def _calories_value_expression(cls) -> ColumnElement[Decimal | None]:
        return case(
            (
                and_(cls.calories_est.is_not(None), or_(cls.calories.is_(None), cls.calories == 0)),
                cls.calories_est,
            ),
            else_=cls.calories,
        )
