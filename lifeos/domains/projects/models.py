"""Projects tables: projects, tasks, and task time logs."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from lifeos.platform.database import NOW_DEFAULTS, STAMP_DEFAULTS, Base

PROJECT_STATUSES = ("active", "completed", "archived")
TASK_STATUSES = ("open", "in_progress", "done", "cancelled")


class Project(Base):
    __tablename__ = "project"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(32), default="active", server_default="active")
    created_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)
    description: Mapped[str | None] = mapped_column(Text)
    target_date: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime | None] = mapped_column(**STAMP_DEFAULTS)
    # Added by 20251218.
    completed_at: Mapped[datetime | None] = mapped_column()

    __table_args__ = (
        Index("ix_project_user_created_at", "user_id", "created_at"),
        Index("ix_project_user_name", "user_id", "name"),
        Index("ix_project_user_status", "user_id", "status"),
        Index("ix_project_user_target_date", "user_id", "target_date"),
    )


class Task(Base):
    __tablename__ = "project_task"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), index=True)
    title: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(32), default="open", server_default="open")
    due_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)
    # Legacy nullable without a foreign key; 20251218 backfills it from the project and tightens it.
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    priority: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime | None] = mapped_column(**STAMP_DEFAULTS)
    # Added by 20251218.
    completed_at: Mapped[datetime | None] = mapped_column()

    __table_args__ = (
        Index("ix_project_task_user_project_status", "user_id", "project_id", "status"),
        Index("ix_project_task_user_due_date", "user_id", "due_date"),
        Index("ix_project_task_user_project_due_date", "user_id", "project_id", "due_date"),
        Index("ix_project_task_user_status_due_date", "user_id", "status", "due_date"),
    )


class TaskLog(Base):
    __tablename__ = "project_task_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("project_task.id"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    logged_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)
    # Legacy nullable without a foreign key; 20251218 backfills it from the task and tightens it.
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    status_snapshot: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime | None] = mapped_column(**NOW_DEFAULTS)
    # Added by 20251218: time spent.
    minutes: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))

    __table_args__ = (
        Index("ix_project_task_log_user_task_logged_at", "user_id", "task_id", "logged_at"),
        Index("ix_project_task_log_user_logged_at", "user_id", "logged_at"),
    )
