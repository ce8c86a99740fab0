"""Cash-flow schedule tables: rows, projected daily balances, scenarios."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lifeos.domains.finance.models._columns import user_fk as _user_fk
from lifeos.domains.finance.models._columns import zero as _zero
from lifeos.platform.database import NOW_DEFAULTS, Base, Money


class MoneyScheduleRow(Base):
    __tablename__ = "finance_money_schedule_row"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    account_id: Mapped[int] = mapped_column(ForeignKey("finance_account.id"))
    event_date: Mapped[date] = mapped_column(Date, index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    memo: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)

    __table_args__ = (Index("ix_finance_money_schedule_row_user_event_date", "user_id", "event_date"),)


class MoneyScheduleDailyBalance(Base):
    __tablename__ = "finance_money_schedule_daily_balance"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    as_of: Mapped[date] = mapped_column(Date, index=True)
    balance: Mapped[Decimal] = mapped_column(Money)
    inflow: Mapped[Decimal] = _zero(Money)
    outflow: Mapped[Decimal] = _zero(Money)

    __table_args__ = (Index("ix_finance_money_schedule_daily_balance_user_as_of", "user_id", "as_of"),)


class MoneyScheduleScenario(Base):
    __tablename__ = "finance_money_schedule_scenario"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    name: Mapped[str] = mapped_column(String(128))
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)


class MoneyScheduleScenarioRow(Base):
    __tablename__ = "finance_money_schedule_scenario_row"

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("finance_money_schedule_scenario.id"), index=True)
    base_row_id: Mapped[int | None] = mapped_column(ForeignKey("finance_money_schedule_row.id"))
    delta_amount: Mapped[Decimal] = _zero(Money)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))

    __table_args__ = (
        Index("ix_finance_money_schedule_scenario_row_user_scenario", "user_id", "scenario_id"),
    )
