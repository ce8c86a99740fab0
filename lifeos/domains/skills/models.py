"""Skills tables: skills, practice sessions, and maintained per-skill metrics."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from lifeos.platform.database import NOW_DEFAULTS, STAMP_DEFAULTS, Base

# skill_metric.name values kept current by the skills subscriber.
METRIC_NAMES = (
    "total_minutes",
    "session_count",
    "last_practiced",
    "streak_days",
    "minutes_7d",
    "minutes_30d",
)


class Skill(Base):
    __tablename__ = "skill"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    # Legacy text level ("beginner"…); current_level/target_level are the numeric levels.
    level: Mapped[str] = mapped_column(String(32), default="beginner", server_default="beginner")
    created_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)
    category: Mapped[str | None] = mapped_column(String(128))
    difficulty: Mapped[str | None] = mapped_column(String(32))
    target_level: Mapped[int | None] = mapped_column(Integer)
    current_level: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[list[Any] | None] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    updated_at: Mapped[datetime | None] = mapped_column(**STAMP_DEFAULTS)

    __table_args__ = (
        Index("ux_skill_user_name", "user_id", "name", unique=True),
        Index("ix_skill_user_category", "user_id", "category"),
    )


class PracticeSession(Base):
    __tablename__ = "skill_practice_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("skill.id"), index=True)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    notes: Mapped[str | None] = mapped_column(Text)
    practiced_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)
    # Legacy nullable without a foreign key; 20251218 backfills it from the skill and tightens it.
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    intensity: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime | None] = mapped_column(**NOW_DEFAULTS)

    __table_args__ = (
        Index("ix_skill_session_user_practiced_at", "user_id", "practiced_at"),
        Index("ix_skill_session_skill_practiced_at", "skill_id", "practiced_at"),
    )


class SkillMetric(Base):
    """One maintained rollup value per skill and metric name (see METRIC_NAMES)."""

    __tablename__ = "skill_metric"

    id: Mapped[int] = mapped_column(primary_key=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("skill.id"), index=True)
    name: Mapped[str] = mapped_column(String(128))
    value: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    recorded_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)
    # Added by 20251218 (user_id backfilled from the skill).
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    # Timestamp-valued metrics (last_practiced) keep their instant here.
    value_at: Mapped[datetime | None] = mapped_column()

    __table_args__ = (
        Index("ix_skill_metric_user_skill", "user_id", "skill_id"),
        Index("ux_skill_metric_skill_name", "skill_id", "name", unique=True),
    )
