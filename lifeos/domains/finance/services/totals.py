"""Per-account daily totals, kept in step with journal lines inside the posting transaction."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import delete, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from lifeos.domains.finance.models import AccountDailyTotal, JournalLine

_T = AccountDailyTotal.__table__


def apply_lines(session: Session, user_id: int, entry_date: date, lines: list[JournalLine]) -> None:
    """Add the lines' debits/credits to the day's totals (an upsert per account, in id order)."""
    sums: dict[int, list[Decimal | int]] = defaultdict(lambda: [Decimal(0), Decimal(0), 0])
    for line in lines:
        acc = sums[line.account_id]
        acc[0] += line.debit
        acc[1] += line.credit
        acc[2] += 1
    rows = [
        {
            "user_id": user_id,
            "account_id": account_id,
            "entry_date": entry_date,
            "debit": v[0],
            "credit": v[1],
            "line_count": v[2],
        }
        for account_id, v in sorted(sums.items())
    ]
    dialect = session.get_bind().dialect.name
    make = pg_insert if dialect == "postgresql" else sqlite_insert
    for row in rows:  # one statement per account keeps lock order deterministic
        stmt = make(_T).values(**row)
        stmt = stmt.on_conflict_do_update(
            index_elements=[_T.c.user_id, _T.c.account_id, _T.c.entry_date],
            set_={
                "debit": _T.c.debit + stmt.excluded.debit,
                "credit": _T.c.credit + stmt.excluded.credit,
                "line_count": _T.c.line_count + stmt.excluded.line_count,
            },
        )
        session.execute(stmt)


def rebuild_daily_totals(session: Session, user_id: int) -> int:
    """Recompute a user's daily totals from the journal lines; returns the number of rows."""
    session.execute(delete(AccountDailyTotal).where(AccountDailyTotal.user_id == user_id))
    grouped = (
        select(
            JournalLine.user_id,
            JournalLine.account_id,
            JournalLine.entry_date,
            func.sum(JournalLine.debit),
            func.sum(JournalLine.credit),
            func.count(),
        )
        .where(JournalLine.user_id == user_id)
        .group_by(JournalLine.user_id, JournalLine.account_id, JournalLine.entry_date)
    )
    session.execute(
        insert(AccountDailyTotal).from_select(
            ["user_id", "account_id", "entry_date", "debit", "credit", "line_count"], grouped
        )
    )
    # rowcount of INSERT … SELECT is not reported by every driver: count instead.
    counted = select(func.count()).select_from(AccountDailyTotal).where(AccountDailyTotal.user_id == user_id)
    return int(session.scalar(counted) or 0)
