"""Cash-flow schedule tables: rows, projected daily balances, scenarios, occurrence matches.

A row's recurrence lives in explicit columns (`RuleColumns`, shared with a scenario's added
rows); `services.schedule.recurrence` is the one place that turns them into dates. A legacy
row (no rule columns filled) is a one-off on its `event_date`.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lifeos.domains.finance.models._columns import user_fk as _user_fk
from lifeos.domains.finance.models._columns import zero as _zero
from lifeos.platform.database import NOW_DEFAULTS, STAMP_DEFAULTS, Base, Money


class RuleColumns:
    """The recurrence of a schedule row (added by 20261207_schedule_rules).

    `recurrence`: once, daily, weekly, monthly_day, monthly_last, monthly_weekday, yearly;
    `repeat_every`: every N days/weeks/months/years; `weekdays`: "0,4" (Monday = 0) for weekly,
    one weekday for monthly_weekday; `day_of_month`: 1–31 (29–31 fall on a shorter month's last
    day); `month_week`: 1–5 or -1 (last) for monthly_weekday; end: `until_date` or
    `occurrence_count` (neither = never); `weekend_rule`: keep, previous_friday, next_monday.
    """

    recurrence: Mapped[str] = mapped_column(String(16), default="once", server_default="once")
    repeat_every: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    weekdays: Mapped[str | None] = mapped_column(String(16))
    day_of_month: Mapped[int | None] = mapped_column(Integer)
    month_week: Mapped[int | None] = mapped_column(Integer)
    until_date: Mapped[date | None] = mapped_column(Date)
    occurrence_count: Mapped[int | None] = mapped_column(Integer)
    weekend_rule: Mapped[str] = mapped_column(String(16), default="keep", server_default="keep")


class MoneyScheduleRow(RuleColumns, Base):
    __tablename__ = "finance_money_schedule_row"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    account_id: Mapped[int] = mapped_column(ForeignKey("finance_account.id"))
    event_date: Mapped[date] = mapped_column(Date, index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    memo: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)
    # Matching: a posting within ± match_window_days whose amount is within amount_tolerance.
    amount_tolerance: Mapped[Decimal] = _zero(Money)
    match_window_days: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    updated_at: Mapped[datetime | None] = mapped_column(**STAMP_DEFAULTS)

    __table_args__ = (
        Index("ix_finance_money_schedule_row_user_event_date", "user_id", "event_date"),
        Index("ix_finance_money_schedule_row_user_account", "user_id", "account_id"),
    )


class MoneyScheduleDailyBalance(Base):
    """The stored base projection (default accounts), rebuilt whole by each recompute."""

    __tablename__ = "finance_money_schedule_daily_balance"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    as_of: Mapped[date] = mapped_column(Date, index=True)
    balance: Mapped[Decimal] = mapped_column(Money)
    inflow: Mapped[Decimal] = _zero(Money)
    outflow: Mapped[Decimal] = _zero(Money)

    __table_args__ = (
        Index("ix_finance_money_schedule_daily_balance_user_as_of", "user_id", "as_of"),
        Index("ux_finance_money_schedule_daily_balance_user_as_of", "user_id", "as_of", unique=True),
    )


class MoneyScheduleScenario(Base):
    __tablename__ = "finance_money_schedule_scenario"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    name: Mapped[str] = mapped_column(String(128))
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)


class MoneyScheduleScenarioRow(RuleColumns, Base):
    """One overlay op: add (a whole row), change (amount and/or event_date of a base row), drop.

    Legacy rows (base_row_id + delta_amount, no op) are changes by `delta_amount`.
    """

    __tablename__ = "finance_money_schedule_scenario_row"

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("finance_money_schedule_scenario.id"), index=True)
    base_row_id: Mapped[int | None] = mapped_column(ForeignKey("finance_money_schedule_row.id"))
    delta_amount: Mapped[Decimal] = _zero(Money)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    op: Mapped[str] = mapped_column(String(8), default="change", server_default="change")
    account_id: Mapped[int | None] = mapped_column(ForeignKey("finance_account.id"))
    event_date: Mapped[date | None] = mapped_column(Date)
    amount: Mapped[Decimal | None] = mapped_column(Money)
    memo: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("ix_finance_money_schedule_scenario_row_user_scenario", "user_id", "scenario_id"),
    )


class MoneyScheduleMatch(Base):
    """An occurrence (row, occurrence_date) matched to a journal line, or dismissed by hand.

    `occurrence_date` is the rule's date before the weekend rule moves it. status `matched`
    names the line (auto or manual); `dismissed` (line empty) records a manual unmatch, so the
    automatic matcher leaves that occurrence alone.
    """

    __tablename__ = "finance_money_schedule_match"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    row_id: Mapped[int] = mapped_column(ForeignKey("finance_money_schedule_row.id"))
    occurrence_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="matched", server_default="matched")
    journal_line_id: Mapped[int | None] = mapped_column(ForeignKey("finance_journal_line.id"))
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("finance_journal_entry.id"))
    matched_by: Mapped[str] = mapped_column(String(8), default="auto", server_default="auto")
    created_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)

    __table_args__ = (
        Index("ux_finance_money_schedule_match_row_occurrence", "row_id", "occurrence_date", unique=True),
        # A posting pays one occurrence at most (NULLs, dismissed marks, are not constrained).
        Index("ux_finance_money_schedule_match_line", "journal_line_id", unique=True),
        Index("ix_finance_money_schedule_match_user_occurrence", "user_id", "occurrence_date"),
    )
