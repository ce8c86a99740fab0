"""Journal tables. Every legacy column is kept so the live schema matches the models."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, Numeric, String, Text, text, true
from sqlalchemy.orm import Mapped, mapped_column

from lifeos.platform.database import NOW_DEFAULTS, STAMP_DEFAULTS, Base


class JournalEntry(Base):
    __tablename__ = "journal_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    title: Mapped[str | None] = mapped_column(String(255))
    # Legacy plain-text body; `body` (Markdown) is the field the app writes.
    content: Mapped[str | None] = mapped_column(Text)
    # Legacy free-text mood label; `mood_int` (-5…5) is the one the app reads and filters on.
    mood: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)
    body: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    entry_date: Mapped[date] = mapped_column(Date, server_default=text("CURRENT_DATE"))
    is_private: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    sentiment_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    emotion_label: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(**STAMP_DEFAULTS)
    mood_int: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_journal_entry_user_entry_date", "user_id", "entry_date"),
        Index("ix_journal_entry_user_created_at", "user_id", "created_at"),
        Index("ix_journal_entry_user_mood", "user_id", "mood_int"),
    )
