"""Trial balance, balance sheet and income statement, summed in SQL from monthly and daily totals."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, union_all
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lifeos.domains.finance.account_types import ACCOUNT_TYPES, TYPE_ORDER, normal_balance
from lifeos.domains.finance.errors import InvalidPeriod
from lifeos.domains.finance.models import Account, AccountDailyTotal, AccountMonthlyTotal, TrialBalanceSetting
from lifeos.domains.finance.services.money import signed
from lifeos.platform.database import utcnow
from lifeos.platform.money import ZERO
from lifeos.platform.uow import UnitOfWork

ONE_DAY = timedelta(days=1)


@dataclass
class Row:
    id: int
    name: str
    account_type: str
    subtype: str | None
    is_active: bool
    debit: Decimal
    credit: Decimal
    balance: Decimal


@dataclass
class Group:
    account_type: str
    label: str
    normal_balance: str
    rows: list[Row] = field(default_factory=list)
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    balance: Decimal = ZERO


@dataclass
class TrialBalance:
    as_of: date | None
    date_from: date | None
    groups: list[Group]
    total_debit: Decimal
    total_credit: Decimal

    @property
    def balanced(self) -> bool:
        return self.total_debit == self.total_credit

    def group(self, account_type: str) -> Group:
        return next(g for g in self.groups if g.account_type == account_type)


def check_period(date_from: date | None, date_to: date | None) -> None:
    """Refuse a range that ends before it starts."""
    if date_from and date_to and date_from > date_to:
        raise InvalidPeriod(
            "`from` is after the end date.",
            errors=[{"field": "from", "message": "must not be after the end date"}],
        )


def _next_month(day: date) -> date:
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


def split_period(
    date_from: date | None, as_of: date | None
) -> tuple[tuple[date | None, date | None] | None, list[tuple[date | None, date | None]]]:
    """Split [from, as_of] into whole months and the partial edge months.

    Returns (months, days): `months` is the half-open range [first, end) of month starts to
    read from the monthly totals (None when no whole month lies inside; either bound may be None
    for an open end); `days` are the inclusive day ranges left for the daily totals.
    """
    first = None if date_from is None else (date_from if date_from.day == 1 else _next_month(date_from))
    end = None
    if as_of is not None:
        end = _next_month(as_of) if (as_of + ONE_DAY).day == 1 else as_of.replace(day=1)
    if first is not None and end is not None and first >= end:
        return None, [(date_from, as_of)]
    days: list[tuple[date | None, date | None]] = []
    if date_from is not None and first is not None and first != date_from:
        days.append((date_from, first - ONE_DAY))
    if as_of is not None and end is not None and end <= as_of:
        days.append((end, as_of))
    return (first, end), days


def account_sums(
    session: Session,
    user_id: int,
    *,
    date_from: date | None,
    as_of: date | None,
    account_ids: list[int] | None = None,
) -> Any:
    """SELECT account_id, SUM(debit), SUM(credit) over [from, as_of].

    Whole months come from the monthly totals, the partial first/last month from the daily
    totals, so an all-time report reads accounts × months rows, never accounts × days.
    """
    months, days = split_period(date_from, as_of)
    parts = []
    if months is not None:
        m = AccountMonthlyTotal
        conds = [m.user_id == user_id]
        if months[0] is not None:
            conds.append(m.month >= months[0])
        if months[1] is not None:
            conds.append(m.month < months[1])
        if account_ids is not None:
            conds.append(m.account_id.in_(account_ids))
        parts.append(select(m.account_id, m.debit, m.credit).where(*conds))
    for lo, hi in days:
        d = AccountDailyTotal
        conds = [d.user_id == user_id]
        if lo is not None:
            conds.append(d.entry_date >= lo)
        if hi is not None:
            conds.append(d.entry_date <= hi)
        if account_ids is not None:
            conds.append(d.account_id.in_(account_ids))
        parts.append(select(d.account_id, d.debit, d.credit).where(*conds))
    rows = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery()
    return select(
        rows.c.account_id.label("account_id"),
        func.sum(rows.c.debit).label("debit"),
        func.sum(rows.c.credit).label("credit"),
    ).group_by(rows.c.account_id)


def trial_balance(
    session: Session,
    user_id: int,
    *,
    as_of: date | None = None,
    date_from: date | None = None,
    hide_zero: bool | None = None,
) -> TrialBalance:
    """Debit/credit totals and normal-sign balances per account, grouped by account type."""
    check_period(date_from, as_of)
    if hide_zero is None:
        hide_zero = get_settings(session, user_id).hide_zero_rows
    sums = account_sums(session, user_id, date_from=date_from, as_of=as_of).subquery()
    stmt = (
        select(
            Account.id,
            Account.name,
            Account.account_type,
            Account.account_subtype,
            Account.is_active,
            sums.c.debit,
            sums.c.credit,
        )
        .outerjoin(sums, sums.c.account_id == Account.id)
        .where(Account.user_id == user_id, Account.is_active.is_(True) | sums.c.account_id.is_not(None))
        .order_by(Account.normalized_name, Account.id)
    )
    groups = {code: Group(code, t.label, t.normal_balance) for code, t in ACCOUNT_TYPES.items()}
    for id_, name, type_, subtype, active, debit, credit in session.execute(stmt):
        debit, credit = Decimal(debit or 0).quantize(ZERO), Decimal(credit or 0).quantize(ZERO)
        if type_ not in groups:  # a legacy type outside the five: report it last
            groups[type_] = Group(type_, type_.capitalize(), normal_balance(type_))
        balance = signed(debit, credit, groups[type_].normal_balance)
        if hide_zero and balance == 0:
            continue
        group = groups[type_]
        group.rows.append(Row(id_, name, type_, subtype, bool(active), debit, credit, balance))
        group.debit += debit
        group.credit += credit
        group.balance += balance
    ordered = [groups[c] for c in TYPE_ORDER] + [g for c, g in groups.items() if c not in TYPE_ORDER]
    return TrialBalance(
        as_of=as_of,
        date_from=date_from,
        groups=ordered,
        total_debit=sum((g.debit for g in ordered), start=ZERO),
        total_credit=sum((g.credit for g in ordered), start=ZERO),
    )


@dataclass
class BalanceSheet:
    as_of: date | None
    assets: Group
    liabilities: Group
    equity: Group
    retained_net_income: Decimal
    total_assets: Decimal
    total_liabilities_and_equity: Decimal

    @property
    def balanced(self) -> bool:
        return self.total_assets == self.total_liabilities_and_equity


@dataclass
class IncomeStatement:
    date_from: date
    date_to: date
    income: Group
    expense: Group

    @property
    def net_income(self) -> Decimal:
        return self.income.balance - self.expense.balance


def balance_sheet(session: Session, user_id: int, as_of: date | None = None) -> BalanceSheet:
    """Assets = liabilities + equity + retained net income (income − expense to date)."""
    tb = trial_balance(session, user_id, as_of=as_of, hide_zero=False)
    net_income = tb.group("income").balance - tb.group("expense").balance
    assets = tb.group("asset")
    liabilities = tb.group("liability")
    equity = tb.group("equity")
    rhs = liabilities.balance + equity.balance + net_income
    return BalanceSheet(as_of, assets, liabilities, equity, net_income, assets.balance, rhs)


def income_statement(session: Session, user_id: int, date_from: date, date_to: date) -> IncomeStatement:
    """Income and expense for a period, and the net income."""
    tb = trial_balance(session, user_id, as_of=date_to, date_from=date_from, hide_zero=False)
    income, expense = tb.group("income"), tb.group("expense")
    income.rows = [r for r in income.rows if r.debit or r.credit]
    expense.rows = [r for r in expense.rows if r.debit or r.credit]
    return IncomeStatement(date_from, date_to, income, expense)


def fiscal_year_start(today: date, start_month: int) -> date:
    """First day of the fiscal year that contains `today`."""
    year = today.year if today.month >= start_month else today.year - 1
    return date(year, start_month, 1)


@dataclass
class Settings:
    hide_zero_rows: bool = False
    fiscal_year_start_month: int = 1
    updated_at: datetime | None = None


def _settings_row(session: Session, user_id: int) -> TrialBalanceSetting | None:
    return session.scalar(
        select(TrialBalanceSetting)
        .where(TrialBalanceSetting.user_id == user_id, TrialBalanceSetting.month.is_(None))
        .order_by(TrialBalanceSetting.id)
        .limit(1)
    )


def get_settings(session: Session, user_id: int) -> Settings:
    """The user's trial-balance settings (defaults when never saved)."""
    row = _settings_row(session, user_id)
    if row is None:
        return Settings()
    return Settings(bool(row.hide_zero_rows), int(row.fiscal_year_start_month or 1), row.updated_at)


def save_settings(
    uow: UnitOfWork, user_id: int, *, hide_zero_rows: bool, fiscal_year_start_month: int
) -> Settings:
    """Create or replace the user's trial-balance settings."""
    if not 1 <= fiscal_year_start_month <= 12:
        raise InvalidPeriod(
            "fiscal_year_start_month must be 1–12.",
            errors=[{"field": "fiscal_year_start_month", "message": "must be between 1 and 12"}],
        )

    def work() -> Settings:
        session = uow.session
        row = _settings_row(session, user_id)
        if row is None:
            # The partial unique index keeps one row per user: a concurrent first save that
            # loses the insert updates the winner's row instead.
            try:
                with session.begin_nested():
                    row = TrialBalanceSetting(user_id=user_id, month=None)
                    session.add(row)
            except IntegrityError:
                row = _settings_row(session, user_id)
                if row is None:
                    raise
        row.hide_zero_rows = hide_zero_rows
        row.fiscal_year_start_month = fiscal_year_start_month
        row.updated_at = utcnow()
        return Settings(hide_zero_rows, fiscal_year_start_month, row.updated_at)

    return uow.run(work)


__all__ = ["balance_sheet", "get_settings", "income_statement", "save_settings", "trial_balance"]
