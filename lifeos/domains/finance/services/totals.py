"""Per-account daily and monthly totals, kept in step with journal lines inside the posting transaction."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, cast, delete, func, insert, literal_column, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from lifeos.domains.finance.models import AccountDailyTotal, AccountMonthlyTotal, LedgerLine

_DAY = AccountDailyTotal.__table__
_MONTH = AccountMonthlyTotal.__table__


def month_start(day: date) -> date:
    return day.replace(day=1)


def _upsert(
    session: Session, table: Any, key: str, when: date, user_id: int, sums: dict[int, list[Any]]
) -> None:
    dialect = session.get_bind().dialect.name
    make = pg_insert if dialect == "postgresql" else sqlite_insert
    for account_id, (debit, credit, count) in sorted(sums.items()):  # account order: deterministic locks
        stmt = make(table).values(
            user_id=user_id,
            account_id=account_id,
            debit=debit,
            credit=credit,
            line_count=count,
            **{key: when},
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[table.c.user_id, table.c.account_id, table.c[key]],
            set_={
                "debit": table.c.debit + stmt.excluded.debit,
                "credit": table.c.credit + stmt.excluded.credit,
                "line_count": table.c.line_count + stmt.excluded.line_count,
            },
        )
        session.execute(stmt)


def apply_lines(session: Session, user_id: int, entry_date: date, lines: list[LedgerLine]) -> None:
    """Add the lines' debits/credits to the day's and the month's totals (upserts, in account order).

    All daily rows first, then all monthly rows: every posting takes its row locks in the same
    order, so concurrent postings cannot deadlock on them.
    """
    sums: dict[int, list[Any]] = defaultdict(lambda: [Decimal(0), Decimal(0), 0])
    for line in lines:
        acc = sums[line.account_id]
        acc[0] += line.debit
        acc[1] += line.credit
        acc[2] += 1
    _upsert(session, _DAY, "entry_date", entry_date, user_id, sums)
    _upsert(session, _MONTH, "month", month_start(entry_date), user_id, sums)


def month_of(session: Session, column: Any) -> ColumnElement[Any]:
    """SQL for the first day of `column`'s month."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.date_trunc("month", column), Date)
    return func.date(column, literal_column("'start of month'"))


@dataclass(frozen=True)
class RebuiltTotals:
    daily: int
    monthly: int


def users_with_lines(session: Session) -> list[int]:
    """Every user who has ledger lines (what a full rebuild walks)."""
    return list(session.scalars(select(LedgerLine.user_id).distinct().order_by(LedgerLine.user_id)))


def rebuild_totals(session: Session, user_id: int) -> RebuiltTotals:
    """Recompute a user's daily totals from the journal lines, then the monthly ones from those."""
    session.execute(delete(AccountMonthlyTotal).where(AccountMonthlyTotal.user_id == user_id))
    session.execute(delete(AccountDailyTotal).where(AccountDailyTotal.user_id == user_id))
    by_day = (
        select(
            LedgerLine.user_id,
            LedgerLine.account_id,
            LedgerLine.entry_date,
            func.sum(LedgerLine.debit),
            func.sum(LedgerLine.credit),
            func.count(),
        )
        .where(LedgerLine.user_id == user_id)
        .group_by(LedgerLine.user_id, LedgerLine.account_id, LedgerLine.entry_date)
    )
    columns = ["user_id", "account_id", "debit", "credit", "line_count"]
    session.execute(
        insert(AccountDailyTotal).from_select(
            ["user_id", "account_id", "entry_date", "debit", "credit", "line_count"], by_day
        )
    )
    d = AccountDailyTotal
    month = month_of(session, d.entry_date)
    by_month = (
        select(d.user_id, d.account_id, month, func.sum(d.debit), func.sum(d.credit), func.sum(d.line_count))
        .where(d.user_id == user_id)
        .group_by(d.user_id, d.account_id, month)
    )
    session.execute(insert(AccountMonthlyTotal).from_select([*columns[:2], "month", *columns[2:]], by_month))

    # rowcount of INSERT … SELECT is not reported by every driver: count instead.
    def count(model: Any) -> int:
        return int(
            session.scalar(select(func.count()).select_from(model).where(model.user_id == user_id)) or 0
        )

    return RebuiltTotals(count(AccountDailyTotal), count(AccountMonthlyTotal))


def rebuild_daily_totals(session: Session, user_id: int) -> int:
    """Recompute the user's daily and monthly totals; returns the number of daily rows."""
    return rebuild_totals(session, user_id).daily
