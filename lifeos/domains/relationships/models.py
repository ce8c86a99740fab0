"""Relationships tables: people and interactions with them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from lifeos.platform.database import NOW_DEFAULTS, STAMP_DEFAULTS, Base

METHODS = ("call", "message", "meeting", "other")
SENTIMENT_MIN, SENTIMENT_MAX = -2, 2  # very negative … very positive; stored as text (legacy column)


class Person(Base):
    __tablename__ = "relationships_person"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    relationship_type: Mapped[str | None] = mapped_column(String(64))
    importance_level: Mapped[int | None] = mapped_column(Integer)
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    notes: Mapped[str | None] = mapped_column(Text)
    birthday: Mapped[dt.date | None] = mapped_column(Date)
    first_met_date: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(**NOW_DEFAULTS)
    updated_at: Mapped[dt.datetime] = mapped_column(**STAMP_DEFAULTS)
    # Added by 20251218: how often to keep in touch (None = no reminder).
    cadence_days: Mapped[int | None] = mapped_column(Integer)
    # Added by 20261128_relationships_rules. A birthday is month and day, plus the year when it
    # is known; `birthday` (legacy) holds the full date only when the year is known.
    birthday_month: Mapped[int | None] = mapped_column(Integer)
    birthday_day: Mapped[int | None] = mapped_column(Integer)
    birthday_year: Mapped[int | None] = mapped_column(Integer)
    # Off the reconnect list until this date (back on it on the date itself).
    snoozed_until: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (
        Index("ux_relationships_person_user_name", "user_id", "name", unique=True),
        Index("ix_relationships_person_user_importance", "user_id", "importance_level"),
        Index("ix_relationships_person_user_type", "user_id", "relationship_type"),
        Index("ix_relationships_person_user_birthday", "user_id", "birthday"),
        Index("ix_relationships_person_user_birthday_md", "user_id", "birthday_month", "birthday_day"),
    )


class Interaction(Base):
    __tablename__ = "relationships_interaction"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("relationships_person.id", ondelete="CASCADE"), index=True
    )
    date: Mapped[dt.date] = mapped_column(Date, server_default=text("CURRENT_DATE"))
    method: Mapped[str | None] = mapped_column(String(64))
    notes: Mapped[str | None] = mapped_column(Text)
    sentiment: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(**NOW_DEFAULTS)
    # Added by 20251218.
    updated_at: Mapped[dt.datetime | None] = mapped_column(**STAMP_DEFAULTS)

    @property
    def sentiment_score(self) -> int | None:
        """The stored sentiment as −2…2, or None (not given, or a legacy text outside that)."""
        text_value = (self.sentiment or "").strip()
        try:
            score = int(text_value)
        except ValueError:
            return None
        return score if SENTIMENT_MIN <= score <= SENTIMENT_MAX else None

    __table_args__ = (
        Index("ix_relationships_interaction_user_date", "user_id", "date"),
        Index("ix_relationships_interaction_person_date", "user_id", "person_id", "date"),
    )
