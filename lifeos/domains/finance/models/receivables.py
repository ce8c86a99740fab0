"""Receivables (money someone owes me) and loan groups.

A tracker's interest is explicit (added by 20261207_receivable_rules): `interest_kind` none,
simple or compound, `compounding` monthly/quarterly/yearly/daily for compound, and the legacy
`interest_rate` (annual percent, NUMERIC(5,2)) as its rate; `services.interest` is the one place
that turns them into money. A loan group is lent or borrowed; when its amortization terms are
set (principal, annual_rate, term_payments, payments_per_year, first_payment_date) it has an
annuity schedule (`services.amortization`). A link ties a tracker or a journal entry to a group.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lifeos.domains.finance.models._columns import user_fk as _user_fk
from lifeos.platform.database import NOW_DEFAULTS, STAMP_DEFAULTS, Base, Money


class ReceivableTracker(Base):
    __tablename__ = "finance_receivable_tracker"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    counterparty: Mapped[str] = mapped_column(String(255))
    principal: Mapped[Decimal] = mapped_column(Money)
    start_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    # Annual rate in percent (legacy column); only counts when interest_kind is not "none".
    interest_rate: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    created_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)
    # Added by 20261207_receivable_rules (legacy rows with a rate > 0 became "simple").
    interest_kind: Mapped[str] = mapped_column(String(16), default="none", server_default="none")
    compounding: Mapped[str | None] = mapped_column(String(16))
    memo: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime | None] = mapped_column(**STAMP_DEFAULTS)

    __table_args__ = (
        Index("ix_finance_receivable_tracker_user_counterparty", "user_id", "counterparty"),
        Index("ix_finance_receivable_tracker_user_due_date", "user_id", "due_date"),
        Index("ix_finance_receivable_tracker_user_start_date", "user_id", "start_date", "id"),
    )


class ReceivableManualEntry(Base):
    """A signed movement on a tracker: repayments negative, further lending positive."""

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
    # Added by 20261207_receivable_rules.
    direction: Mapped[str] = mapped_column(String(16), default="lent", server_default="lent")
    principal: Mapped[Decimal | None] = mapped_column(Money)
    annual_rate: Mapped[Decimal | None] = mapped_column(Numeric(7, 4))
    term_payments: Mapped[int | None] = mapped_column(Integer)
    payments_per_year: Mapped[int | None] = mapped_column(Integer)
    first_payment_date: Mapped[date | None] = mapped_column(Date)
    extra_payment_mode: Mapped[str] = mapped_column(
        String(16), default="shorter_term", server_default="shorter_term"
    )
    updated_at: Mapped[datetime | None] = mapped_column(**STAMP_DEFAULTS)


class LoanGroupLink(Base):
    """A tracker or (since 20261207_receivable_rules) a journal entry belonging to a loan group."""

    __tablename__ = "finance_loan_group_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("finance_loan_group.id"), index=True)
    tracker_id: Mapped[int | None] = mapped_column(ForeignKey("finance_receivable_tracker.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    journal_entry_id: Mapped[int | None] = mapped_column(ForeignKey("finance_journal_entry.id"))

    __table_args__ = (
        Index("ix_finance_loan_group_link_user_group", "user_id", "group_id"),
        # A tracker or an entry is linked to a group once (NULLs are distinct on both databases).
        Index("ux_finance_loan_group_link_group_tracker", "group_id", "tracker_id", unique=True),
        Index("ux_finance_loan_group_link_group_entry", "group_id", "journal_entry_id", unique=True),
    )
