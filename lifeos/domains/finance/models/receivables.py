"""Receivables (money someone owes me) and loan groups."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lifeos.domains.finance.models._columns import user_fk as _user_fk
from lifeos.platform.database import NOW_DEFAULTS, Base, Money


class ReceivableTracker(Base):
    __tablename__ = "finance_receivable_tracker"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    counterparty: Mapped[str] = mapped_column(String(255))
    principal: Mapped[Decimal] = mapped_column(Money)
    start_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    interest_rate: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    created_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)

    __table_args__ = (
        Index("ix_finance_receivable_tracker_user_counterparty", "user_id", "counterparty"),
        Index("ix_finance_receivable_tracker_user_due_date", "user_id", "due_date"),
    )


class ReceivableManualEntry(Base):
    __tablename__ = "finance_receivable_manual_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    tracker_id: Mapped[int] = mapped_column(ForeignKey("finance_receivable_tracker.id"), index=True)
    entry_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Money)
    memo: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))

    __table_args__ = (Index("ix_finance_receivable_manual_entry_user_entry_date", "user_id", "entry_date"),)


class LoanGroup(Base):
    __tablename__ = "finance_loan_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    name: Mapped[str] = mapped_column(String(128))
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)


class LoanGroupLink(Base):
    __tablename__ = "finance_loan_group_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("finance_loan_group.id"), index=True)
    tracker_id: Mapped[int] = mapped_column(ForeignKey("finance_receivable_tracker.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))

    __table_args__ = (Index("ix_finance_loan_group_link_user_group", "user_id", "group_id"),)
