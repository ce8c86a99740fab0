"""Finance tables. Column names follow the legacy LifeOS schema where it has the concept."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
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
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lifeos.domains.finance.models._columns import user_fk as _user_fk
from lifeos.domains.finance.models._columns import zero as _zero
from lifeos.platform.database import NOW_DEFAULTS, STAMP_DEFAULTS, Base, Money


class AccountCategory(Base):
    """Legacy chart-of-accounts folders (1000 Assets, …); kept, no longer required."""

    __tablename__ = "finance_account_category"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    normal_balance: Mapped[str] = mapped_column(String(8), default="debit", server_default="debit")


class Account(Base):
    __tablename__ = "finance_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    # Legacy NOT NULL, relaxed by 20251218: accounts are classified by account_type now.
    category_id: Mapped[int | None] = mapped_column(ForeignKey("finance_account_category.id"))
    name: Mapped[str] = mapped_column(String(255))
    code: Mapped[str | None] = mapped_column(String(32), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    account_type: Mapped[str] = mapped_column(String(16), default="asset", server_default="asset")
    account_subtype: Mapped[str | None] = mapped_column(String(64))
    normalized_name: Mapped[str] = mapped_column(String(255), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)
    # Added by 20251218: usage for typeahead ranking, maintained when entries post.
    updated_at: Mapped[datetime | None] = mapped_column(**STAMP_DEFAULTS)
    use_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_used_at: Mapped[datetime | None] = mapped_column()

    __table_args__ = (
        Index("ix_finance_account_type", "account_type"),
        Index("ix_finance_account_user_type", "user_id", "account_type"),
        Index("ix_finance_account_normalized_name", "normalized_name"),
        # varchar_pattern_ops lets PostgreSQL serve `LIKE 'sav%'` from the index in any collation.
        Index(
            "ix_finance_account_user_normalized_name",
            "user_id",
            "normalized_name",
            postgresql_ops={"normalized_name": "varchar_pattern_ops"},
        ),
        Index("ix_finance_account_user_usage", "user_id", "use_count", "last_used_at"),
        # PostgreSQL only (pg_trgm): serves the word-start/substring tier, `LIKE '%flix%'`.
        Index(
            "ix_finance_account_normalized_name_trgm",
            "normalized_name",
            postgresql_using="gin",
            postgresql_ops={"normalized_name": "gin_trgm_ops"},
        ).ddl_if(dialect="postgresql"),
        # PostgreSQL only: the typeahead's ranking order with the columns its filters read, so
        # its walks are index-only scans (revision 20261207_search_indexes).
        Index(
            "ix_finance_account_user_rank",
            "user_id",
            text("use_count DESC"),
            text("last_used_at DESC NULLS LAST"),
            "name",
            "id",
            postgresql_include=["is_active", "normalized_name"],
        ).ddl_if(dialect="postgresql"),
        # One active account per normalized name per user: inline creation relies on it.
        Index(
            "ux_finance_account_user_active_name",
            "user_id",
            "normalized_name",
            unique=True,
            postgresql_where=text("is_active"),
            sqlite_where=text("is_active = 1"),
        ),
    )


class LedgerEntry(Base):
    __tablename__ = "finance_journal_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    description: Mapped[str | None] = mapped_column(Text)
    posted_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)
    # Added by 20251218 (backfilled from posted_at for legacy rows).
    entry_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)
    reversal_of_id: Mapped[int | None] = mapped_column(ForeignKey("finance_journal_entry.id"))
    idempotency_key: Mapped[str | None] = mapped_column(String(128))
    source: Mapped[str] = mapped_column(String(32), default="manual", server_default="manual")

    lines: Mapped[list[LedgerLine]] = relationship(
        "LedgerLine",
        back_populates="entry",
        order_by=lambda: LedgerLine.id,
        lazy="selectin",
    )

    __table_args__ = (
        Index("ix_finance_journal_entry_user_posted_at", "user_id", "posted_at"),
        Index("ix_finance_journal_entry_user_entry_date", "user_id", "entry_date"),
        Index("ux_finance_journal_entry_user_idempotency_key", "user_id", "idempotency_key", unique=True),
        # An entry is reversed at most once. A unique index (not a constraint) so 20251218 can add
        # it to a legacy table without a SQLite table rebuild.
        Index("ux_finance_journal_entry_reversal_of_id", "reversal_of_id", unique=True),
    )


class LedgerLine(Base):
    __tablename__ = "finance_journal_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("finance_journal_entry.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("finance_account.id"), index=True)
    debit: Mapped[Decimal] = _zero(Money)
    credit: Mapped[Decimal] = _zero(Money)
    memo: Mapped[str | None] = mapped_column(Text)
    # Added by 20251218 (backfilled from the entry).
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    # Added by 20251218: the entry's date, copied so the ledger reads one index in date order.
    entry_date: Mapped[date] = mapped_column(Date)

    entry: Mapped[LedgerEntry] = relationship("LedgerEntry", back_populates="lines")

    __table_args__ = (
        Index("ix_finance_journal_line_user_account", "user_id", "account_id"),
        Index("ix_finance_journal_line_user_account_date", "user_id", "account_id", "entry_date", "id"),
    )


class AccountDailyTotal(Base):
    """Debit/credit totals per account per day, maintained in the posting transaction.

    The trial balance and reports sum these rows (accounts × active days) instead of every
    journal line; `services.totals.rebuild_daily_totals` recomputes them from the lines.
    """

    __tablename__ = "finance_account_daily_total"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("finance_account.id"), primary_key=True)
    entry_date: Mapped[date] = mapped_column(Date, primary_key=True)
    debit: Mapped[Decimal] = _zero(Numeric(24, 2))
    credit: Mapped[Decimal] = _zero(Numeric(24, 2))
    line_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __table_args__ = (Index("ix_finance_account_daily_total_user_date", "user_id", "entry_date"),)


class AccountMonthlyTotal(Base):
    """Debit/credit totals per account per calendar month (`month` = its first day).

    Maintained in the same posting transaction as the daily totals. Reports sum whole months
    from here and only a range's partial first/last month from the daily totals.
    """

    __tablename__ = "finance_account_monthly_total"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("finance_account.id"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    debit: Mapped[Decimal] = _zero(Numeric(24, 2))
    credit: Mapped[Decimal] = _zero(Numeric(24, 2))
    line_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Transaction(Base):
    """'Money moved' record; always posts its balanced journal entry."""

    __tablename__ = "finance_transaction"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    amount: Mapped[Decimal] = mapped_column(Money)
    description: Mapped[str | None] = mapped_column(Text)
    occurred_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)
    journal_entry_id: Mapped[int | None] = mapped_column(ForeignKey("finance_journal_entry.id"))
    counterparty: Mapped[str | None] = mapped_column(String(255))
    category: Mapped[str | None] = mapped_column(String(128))
    # Added by 20251218.
    from_account_id: Mapped[int | None] = mapped_column(ForeignKey("finance_account.id"))
    to_account_id: Mapped[int | None] = mapped_column(ForeignKey("finance_account.id"))
    external_id: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)
    # Added by 20261207_import_rules: a CSV row without a bank id, as (account, date, amount,
    # description, occurrence in its file) hashed; NULL for everything not imported that way.
    import_fingerprint: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_finance_transaction_user_occurred_at", "user_id", "occurred_at"),
        Index("ix_finance_transaction_user_external_id", "user_id", "external_id"),
        # One row per bank row: concurrent imports of the same external id cannot both land.
        Index("ux_finance_transaction_user_external_id", "user_id", "external_id", unique=True),
        # The same for rows without a bank id: one transaction per fingerprint.
        Index("ux_finance_transaction_user_import_fingerprint", "user_id", "import_fingerprint", unique=True),
        # Postings → their transaction (import previews show which transaction a match is).
        Index("ix_finance_transaction_user_journal_entry", "user_id", "journal_entry_id"),
    )


class TrialBalanceSetting(Base):
    """Per-user trial-balance preferences."""

    __tablename__ = "finance_trial_balance_setting"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    # Legacy NOT NULL (a per-month row), relaxed by 20251218: settings are per user now.
    month: Mapped[str | None] = mapped_column(String(7))
    auto_rollup: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Added by 20251218.
    hide_zero_rows: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    fiscal_year_start_month: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_at: Mapped[datetime | None] = mapped_column(**STAMP_DEFAULTS)

    __table_args__ = (
        # One per-user settings row (month NULL); legacy per-month rows are not constrained.
        Index(
            "ux_finance_trial_balance_setting_user",
            "user_id",
            unique=True,
            postgresql_where=text("month IS NULL"),
            sqlite_where=text("month IS NULL"),
        ),
    )


# Planning tables live beside the ledger, one module each; re-exported so `models.X` keeps working.
from lifeos.domains.finance.models.imports import ImportMapping  # noqa: E402
from lifeos.domains.finance.models.receivables import (  # noqa: E402
    LoanGroup,
    LoanGroupLink,
    ReceivableManualEntry,
    ReceivableTracker,
)
from lifeos.domains.finance.models.schedule import (  # noqa: E402
    MoneyScheduleDailyBalance,
    MoneyScheduleMatch,
    MoneyScheduleRow,
    MoneyScheduleScenario,
    MoneyScheduleScenarioRow,
)

__all__ = [
    "Account",
    "AccountCategory",
    "AccountDailyTotal",
    "AccountMonthlyTotal",
    "ImportMapping",
    "LedgerEntry",
    "LedgerLine",
    "LoanGroup",
    "LoanGroupLink",
    "MoneyScheduleDailyBalance",
    "MoneyScheduleMatch",
    "MoneyScheduleRow",
    "MoneyScheduleScenario",
    "MoneyScheduleScenarioRow",
    "ReceivableManualEntry",
    "ReceivableTracker",
    "Transaction",
    "TrialBalanceSetting",
]
