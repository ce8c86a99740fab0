"""platform_outbox: one row per emitted event, written in the same transaction as the change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from lifeos.platform.database import Base, utcnow

PENDING, SENDING, SENT, DEAD = "pending", "sending", "sent", "dead"
STATUSES = (PENDING, SENDING, SENT, DEAD)


class OutboxMessage(Base):
    __tablename__ = "platform_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    event_type: Mapped[str] = mapped_column(String(128), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default=text("'{}'"))
    status: Mapped[str] = mapped_column(String(32), default=PENDING, server_default=PENDING, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    available_at: Mapped[datetime] = mapped_column(
        default=utcnow, server_default=text("CURRENT_TIMESTAMP"), index=True
    )
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=text("CURRENT_TIMESTAMP"))
    # Added by 20251218: delivery bookkeeping.
    event_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    sent_at: Mapped[datetime | None] = mapped_column()
    locked_until: Mapped[datetime | None] = mapped_column()
    locked_by: Mapped[str | None] = mapped_column(String(128))

    __table_args__ = (
        Index("ix_platform_outbox_user_available_at", "user_id", "available_at"),
        Index("ix_platform_outbox_user_status", "user_id", "status", "available_at"),
        Index("ix_platform_outbox_status_available_at", "status", "available_at"),
        # The worker's claim scans undelivered rows in id order. A partial index keeps that
        # scan proportional to the backlog, not to every message ever sent.
        Index(
            "ix_platform_outbox_undelivered_id",
            "id",
            postgresql_where=text("status IN ('pending', 'sending')"),
            sqlite_where=text("status IN ('pending', 'sending')"),
        ),
    )
