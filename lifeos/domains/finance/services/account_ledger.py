"""Account drill-down: postings in date order with a running balance in the normal-balance sign.

The running balance is cumulative from the account's first posting, so the balance at the
newest posting equals the account's trial-balance figure. A page's starting balance comes
from the monthly and daily totals before its first day plus that day's earlier lines — never a scan
of the whole history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from lifeos.domains.finance.account_types import normal_balance
from lifeos.domains.finance.models import Account, LedgerEntry, LedgerLine
from lifeos.domains.finance.services.accounts import get_account
from lifeos.domains.finance.services.money import signed
from lifeos.domains.finance.services.reports import ONE_DAY, account_sums, check_period
from lifeos.platform.money import ZERO
from lifeos.platform.pagination import cursor_date, cursor_int, decode_cursor, encode_cursor


@dataclass
class Posting:
    line_id: int
    entry_id: int
    entry_date: date
    description: str | None
    memo: str | None
    debit: Decimal
    credit: Decimal
    amount: Decimal
    balance: Decimal


@dataclass
class Ledger:
    account: Account
    items: list[Posting]
    next_cursor: str | None
    opening_balance: Decimal
    closing_balance: Decimal


def _balance_before(session: Session, account: Account, day: date, line_id: int | None) -> Decimal:
    """Normal-sign balance of every posting strictly before (day, line_id); line_id None = before the day."""
    debit, credit = _sums(session, account, day - ONE_DAY) if day > date.min else (ZERO, ZERO)
    if line_id is not None:
        d2, c2 = session.execute(
            select(
                func.coalesce(func.sum(LedgerLine.debit), 0), func.coalesce(func.sum(LedgerLine.credit), 0)
            ).where(
                LedgerLine.user_id == account.user_id,
                LedgerLine.account_id == account.id,
                LedgerLine.entry_date == day,
                LedgerLine.id < line_id,
            )
        ).one()
        debit, credit = Decimal(debit) + Decimal(d2), Decimal(credit) + Decimal(c2)
    return signed(Decimal(debit), Decimal(credit), normal_balance(account.account_type)).quantize(ZERO)


def _sums(session: Session, account: Account, as_of: date | None) -> tuple[Decimal, Decimal]:
    """The account's debit and credit totals through `as_of` (monthly + edge-day totals)."""
    sums = account_sums(session, account.user_id, date_from=None, as_of=as_of, account_ids=[account.id])
    row = session.execute(sums).first()
    return (Decimal(row.debit), Decimal(row.credit)) if row else (ZERO, ZERO)


def _balance_through(session: Session, account: Account, day: date | None) -> Decimal:
    debit, credit = _sums(session, account, day)
    return signed(debit, credit, normal_balance(account.account_type)).quantize(ZERO)


def account_ledger(
    session: Session,
    user_id: int,
    account_id: int,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    order: str = "asc",
    limit: int,
    cursor: str | None = None,
) -> Ledger:
    """One page of an account's postings with running balances."""
    check_period(date_from, date_to)
    account = get_account(session, user_id, account_id)
    line = LedgerLine
    conds: list[Any] = [line.user_id == user_id, line.account_id == account_id]
    if date_from:
        conds.append(line.entry_date >= date_from)
    if date_to:
        conds.append(line.entry_date <= date_to)
    key = decode_cursor(f"ledger:{account_id}:{order}", cursor, 2)
    if key is not None:
        kd, kid = cursor_date(key[0]), cursor_int(key[1])
        if order == "asc":
            conds.append(or_(line.entry_date > kd, and_(line.entry_date == kd, line.id > kid)))
        else:
            conds.append(or_(line.entry_date < kd, and_(line.entry_date == kd, line.id < kid)))
    sort = (line.entry_date, line.id) if order == "asc" else (line.entry_date.desc(), line.id.desc())
    stmt = (
        select(
            line.id,
            line.entry_id,
            line.entry_date,
            line.debit,
            line.credit,
            line.memo,
            LedgerEntry.description,
        )
        .join(LedgerEntry, LedgerEntry.id == line.entry_id)
        .where(*conds)
        .order_by(*sort)
        .limit(limit + 1)
    )
    rows = session.execute(stmt).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    nb = normal_balance(account.account_type)
    items: list[Posting] = []
    if rows:
        first = rows[0]
        running = _balance_before(session, account, first.entry_date, first.id)
        newest_first = order != "asc"
        if newest_first:  # start from the balance after the page's newest posting
            running += signed(first.debit, first.credit, nb)
        for r in rows:
            amount = signed(r.debit, r.credit, nb)
            if not newest_first:
                running += amount
            items.append(
                Posting(
                    r.id, r.entry_id, r.entry_date, r.description, r.memo, r.debit, r.credit, amount, running
                )
            )
            if newest_first:
                running -= amount
    opening = _balance_before(session, account, date_from, None) if date_from else ZERO
    closing = _balance_through(session, account, date_to)
    next_cursor = None
    if has_more:
        last = rows[-1]
        next_cursor = encode_cursor(f"ledger:{account_id}:{order}", [last.entry_date.isoformat(), last.id])
    return Ledger(account, items, next_cursor, opening, closing)
