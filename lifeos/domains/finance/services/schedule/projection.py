"""Projection: the chosen accounts' balance day by day, from today's ledger balance.

* Start: the accounts' ledger balance (debit − credit, summed) including today's postings,
  from the maintained daily totals (one SQL, which also gives future-dated postings).
* Day 1 is the user's today; day N is today + N − 1 (N ≤ 730). Each day's flows are the
  occurrences of the rows on those accounts whose (moved) date is that day, plus postings
  already dated that day in the future; `balance` is the previous balance + inflow − outflow.
* An occurrence matched to a posting never counts (the posting is in the ledger). An open
  match that the automatic matcher would make counts as matched too, so a projection read
  before the subscriber ran does not count a payment twice.
* Overdue: unmatched occurrences dated before today, back to `overdue_days` (default 30).
  They are listed and counted on day 1: the money is still expected. A dismissed match
  (unmatched by hand) counts like any open occurrence.
* Lowest point: the smallest balance and its first date; first day below zero / the floor.

`project` is the pure core (tested by a property test); `build` loads its inputs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import case, delete, func, insert, null, select, union_all
from sqlalchemy.orm import Session

from lifeos.domains.finance.errors import AccountNotFound
from lifeos.domains.finance.events import ScheduleRecomputed
from lifeos.domains.finance.models import (
    Account,
    AccountDailyTotal,
    AccountMonthlyTotal,
    MoneyScheduleDailyBalance,
    MoneyScheduleRow,
    MoneyScheduleScenario,
)
from lifeos.domains.finance.services.schedule import matching
from lifeos.domains.finance.services.schedule import recurrence as rec
from lifeos.domains.finance.services.schedule.common import CASH_SUBTYPES, Emit, lock_schedule
from lifeos.domains.finance.services.schedule.matching import MATCHED, Item, Key, Stored
from lifeos.domains.finance.services.schedule.scenarios import ops_of, overlay
from lifeos.platform.money import ZERO

MAX_DAYS = 730
STORED_DAYS = MAX_DAYS
DEFAULT_OVERDUE_DAYS = 30


@dataclass(frozen=True)
class Due:
    """An occurrence in a projection's overdue list (or a row's occurrence list)."""

    row_id: int | None
    occurrence_date: date
    date: date
    amount: Decimal
    account_id: int
    memo: str | None
    status: str  # expected, overdue, matched, dismissed
    match_id: int | None = None
    journal_line_id: int | None = None


@dataclass(frozen=True)
class Day:
    date: date
    inflow: Decimal
    outflow: Decimal
    balance: Decimal


@dataclass(frozen=True)
class Point:
    date: date
    balance: Decimal


@dataclass
class Projection:
    start_date: date
    days: int
    account_ids: list[int]
    scenario_id: int | None
    start_balance: Decimal
    floor: Decimal | None
    lowest: Point
    first_below_zero: Point | None
    first_below_floor: Point | None
    overdue: list[Due]
    series: list[Day]
    matched: int = 0  # set by recompute_base: occurrences it matched automatically


def project(
    *,
    today: date,
    days: int,
    start_balance: Decimal,
    items: list[Item],
    settled: set[Key],
    overdue_since: date,
    postings: dict[date, Decimal] | None = None,
    floor: Decimal | None = None,
    account_ids: list[int] | None = None,
    scenario_id: int | None = None,
) -> Projection:
    """The pure projection: no database, every input given."""
    end = today + timedelta(days=days - 1)
    flows: dict[date, list[Decimal]] = defaultdict(list)
    for day, amount in (postings or {}).items():
        if today < day <= end:
            flows[day].append(amount)
    overdue: list[Due] = []
    for item in items:
        for occ in rec.occurrences(item.rule, end, since=overdue_since):
            if item.row_id is not None and (item.row_id, occ.rule_date) in settled:
                continue
            if occ.date < today:
                overdue.append(
                    Due(
                        item.row_id,
                        occ.rule_date,
                        occ.date,
                        item.amount,
                        item.account_id,
                        item.memo,
                        "overdue",
                    )
                )
                flows[today].append(item.amount)
            else:
                flows[occ.date].append(item.amount)
    overdue.sort(key=lambda d: (d.date, d.row_id or 0))
    series: list[Day] = []
    balance = start_balance
    lowest = Point(today, start_balance)
    below_zero: Point | None = None
    below_floor: Point | None = None
    for n in range(days):
        day = today + timedelta(days=n)
        amounts = flows.get(day, ())
        inflow = sum((a for a in amounts if a > 0), start=ZERO)
        outflow = -sum((a for a in amounts if a < 0), start=ZERO)
        balance = balance + inflow - outflow
        series.append(Day(day, inflow, outflow, balance))
        if n == 0 or balance < lowest.balance:
            lowest = Point(day, balance)
        if below_zero is None and balance < 0:
            below_zero = Point(day, balance)
        if below_floor is None and floor is not None and balance < floor:
            below_floor = Point(day, balance)
    return Projection(
        start_date=today,
        days=days,
        account_ids=list(account_ids or []),
        scenario_id=scenario_id,
        start_balance=start_balance,
        floor=floor,
        lowest=lowest,
        first_below_zero=below_zero,
        first_below_floor=below_floor,
        overdue=overdue,
        series=series,
    )


def shift(day: date, days: int) -> date:
    """`day` moved by `days`, kept inside the calendar the API accepts (1900–2999)."""
    try:
        moved = day + timedelta(days=days)
    except OverflowError:
        return day
    return min(max(moved, date(1900, 1, 1)), date(2999, 12, 31))


# ---------------------------------------------------------------------------- inputs


def default_accounts(session: Session, user_id: int) -> list[int]:
    """The user's active cash-like asset accounts."""
    return list(
        session.scalars(
            select(Account.id)
            .where(
                Account.user_id == user_id,
                Account.is_active.is_(True),
                Account.account_type == "asset",
                Account.account_subtype.in_(CASH_SUBTYPES),
            )
            .order_by(Account.id)
        )
    )


def chosen_accounts(session: Session, user_id: int, account_ids: list[int] | None) -> list[int]:
    """The accounts asked for (each the user's: 404 otherwise), or the default ones."""
    if account_ids is None:
        return default_accounts(session, user_id)
    wanted = sorted(set(account_ids))
    found = set(session.scalars(select(Account.id).where(Account.user_id == user_id, Account.id.in_(wanted))))
    missing = [a for a in wanted if a not in found]
    if missing:
        raise AccountNotFound(
            f"Account {missing[0]} not found.",
            errors=[{"field": "accounts", "message": f"no account {missing[0]}"}],
        )
    return wanted


def ledger_flows(
    session: Session, user_id: int, account_ids: list[int], today: date, end: date
) -> tuple[Decimal, dict[date, Decimal]]:
    """(balance through today, net of each future day ≤ end), one statement over the totals:
    whole months before this one from the monthly totals, the rest from the daily totals."""
    if not account_ids:
        return ZERO, {}
    M, T = AccountMonthlyTotal, AccountDailyTotal
    this_month = today.replace(day=1)
    bucket = case((T.entry_date > today, T.entry_date), else_=null())
    months = select(null().label("day"), func.sum(M.debit - M.credit).label("net")).where(
        M.user_id == user_id, M.account_id.in_(account_ids), M.month < this_month
    )
    days = (
        select(bucket.label("day"), func.sum(T.debit - T.credit).label("net"))
        .where(
            T.user_id == user_id,
            T.account_id.in_(account_ids),
            T.entry_date >= this_month,
            T.entry_date <= end,
        )
        .group_by(bucket)
    )
    start, future = ZERO, {}
    for day, net in session.execute(union_all(days, months)).tuples():
        if day is None:
            start += Decimal(net or 0)
        else:
            future[day if isinstance(day, date) else date.fromisoformat(str(day))] = Decimal(net or 0)
    return start.quantize(Decimal("0.01")), future


_ROW_COLUMNS = (
    MoneyScheduleRow.id,
    MoneyScheduleRow.account_id,
    MoneyScheduleRow.amount,
    MoneyScheduleRow.memo,
    MoneyScheduleRow.event_date,
    MoneyScheduleRow.recurrence,
    MoneyScheduleRow.repeat_every,
    MoneyScheduleRow.weekdays,
    MoneyScheduleRow.day_of_month,
    MoneyScheduleRow.month_week,
    MoneyScheduleRow.until_date,
    MoneyScheduleRow.occurrence_count,
    MoneyScheduleRow.weekend_rule,
    MoneyScheduleRow.amount_tolerance,
    MoneyScheduleRow.match_window_days,
)


def base_items(session: Session, user_id: int, account_ids: list[int] | None = None) -> list[Item]:
    """The user's rows as projection items (plain columns: no ORM objects on the hot path)."""
    stmt = select(*_ROW_COLUMNS).where(MoneyScheduleRow.user_id == user_id)
    if account_ids is not None:
        stmt = stmt.where(MoneyScheduleRow.account_id.in_(account_ids))
    items = []
    for r in session.execute(stmt.order_by(MoneyScheduleRow.id)).tuples():
        (
            row_id,
            account_id,
            amount,
            memo,
            start,
            kind,
            every,
            weekdays,
            dom,
            week,
            until,
            count,
            weekend,
            tol,
            win,
        ) = r
        rule = rec.Rule(
            start=start,
            recurrence=kind or rec.ONCE,
            every=every or 1,
            weekdays=rec.parse_weekdays(weekdays),
            day_of_month=dom,
            month_week=week,
            until=until,
            count=count,
            weekend_rule=weekend or rec.KEEP,
        )
        items.append(Item(row_id, account_id, amount, memo, rule, tol or ZERO, 3 if win is None else win))
    return items


def settled_keys(
    session: Session, user_id: int, items: list[Item], today: date, since: date
) -> tuple[set[Key], dict[Key, Stored]]:
    """Occurrences that do not count: stored matches plus the matches the matcher would make."""
    stored = matching.stored_matches(session, user_id, since - timedelta(days=2))
    settled = {key for key, s in stored.items() if s.status == MATCHED}
    lines = matching.open_lines(
        session,
        user_id,
        {i.account_id for i in items},
        since - timedelta(days=matching.MAX_WINDOW),
        today + timedelta(days=2 * matching.MAX_WINDOW),
        {(i.amount, i.tolerance) for i in items if i.row_id is not None},
    )
    for item, occ, _line in matching.find_auto(items, stored, lines, since, today):
        if item.row_id is not None:
            settled.add((item.row_id, occ.rule_date))
    return settled, stored


def build(
    session: Session,
    user_id: int,
    today: date,
    *,
    days: int,
    account_ids: list[int] | None = None,
    floor: Decimal | None = None,
    scenario: MoneyScheduleScenario | None = None,
    overdue_days: int = DEFAULT_OVERDUE_DAYS,
) -> Projection:
    """The projection of the chosen accounts (default: cash-like), optionally with a scenario."""
    accounts = chosen_accounts(session, user_id, account_ids)
    end = today + timedelta(days=days - 1)
    start, future = ledger_flows(session, user_id, accounts, today, end)
    items = base_items(session, user_id, accounts) if accounts else []
    since = today - timedelta(days=overdue_days)
    settled, _ = settled_keys(session, user_id, items, today, since) if items else (set(), {})
    if scenario is not None:
        wanted = set(accounts)
        ops = ops_of(session, user_id, scenario.id)
        items = [i for i in overlay(base_items(session, user_id), ops) if i.account_id in wanted]
    return project(
        today=today,
        days=days,
        start_balance=start,
        items=items,
        settled=settled,
        overdue_since=since,
        postings=future,
        floor=floor,
        account_ids=accounts,
        scenario_id=scenario.id if scenario is not None else None,
    )


def row_occurrences(
    session: Session, user_id: int, row: MoneyScheduleRow, today: date, since: date, until: date
) -> list[Due]:
    """A row's occurrences between two dates with their match status."""
    item = matching.item_of(row)
    stored = matching.stored_matches(session, user_id, since - timedelta(days=2))
    out = []
    for occ in rec.occurrences(item.rule, until, since=since):
        found = stored.get((row.id, occ.rule_date))
        if found is not None:
            status = found.status
        else:
            status = "overdue" if occ.date < today else "expected"
        out.append(
            Due(
                row.id,
                occ.rule_date,
                occ.date,
                row.amount,
                row.account_id,
                row.memo,
                status,
                found.id if found else None,
                found.journal_line_id if found else None,
            )
        )
    return out


# ---------------------------------------------------------------------------- stored base


def recompute_base(session: Session, user_id: int, today: date, emit: Emit) -> Projection:
    """Match what is unambiguous, rebuild the stored base projection, emit `recomputed`.

    Runs in the caller's transaction (a request's unit of work or the outbox worker's), so
    the stored days and the event commit together or not at all; never commits.
    """
    lock_schedule(session, user_id)
    matched = matching.auto_match(session, user_id, today, emit)
    result = build(session, user_id, today, days=STORED_DAYS)
    result.matched = matched
    session.execute(delete(MoneyScheduleDailyBalance).where(MoneyScheduleDailyBalance.user_id == user_id))
    session.execute(
        insert(MoneyScheduleDailyBalance),
        [
            {
                "user_id": user_id,
                "as_of": d.date,
                "balance": d.balance,
                "inflow": d.inflow,
                "outflow": d.outflow,
            }
            for d in result.series
        ],
    )
    emit(
        ScheduleRecomputed(
            user_id=user_id,
            start_date=today,
            days=result.days,
            lowest_balance=result.lowest.balance,
            lowest_date=result.lowest.date,
            first_below_zero=result.first_below_zero.date if result.first_below_zero else None,
            matched=matched,
        ),
        user_id,
    )
    return result


def stored_days(session: Session, user_id: int) -> list[MoneyScheduleDailyBalance]:
    return list(
        session.scalars(
            select(MoneyScheduleDailyBalance)
            .where(MoneyScheduleDailyBalance.user_id == user_id)
            .order_by(MoneyScheduleDailyBalance.as_of)
        )
    )


# ---------------------------------------------------------------------------- compare


@dataclass(frozen=True)
class CompareDay:
    date: date
    a: Decimal
    b: Decimal
    difference: Decimal


@dataclass
class Comparison:
    a: str
    b: str
    days: int
    lowest_a: Point
    lowest_b: Point
    series: list[CompareDay]


def compare(
    session: Session,
    user_id: int,
    today: date,
    *,
    a: MoneyScheduleScenario | None,
    b: MoneyScheduleScenario | None,
    days: int,
    account_ids: list[int] | None = None,
) -> Comparison:
    """Two projections (None = the real schedule) side by side; difference = b − a."""
    first = build(session, user_id, today, days=days, account_ids=account_ids, scenario=a)
    second = build(session, user_id, today, days=days, account_ids=account_ids, scenario=b)
    return Comparison(
        a=str(a.id) if a is not None else "base",
        b=str(b.id) if b is not None else "base",
        days=days,
        lowest_a=first.lowest,
        lowest_b=second.lowest,
        series=[
            CompareDay(x.date, x.balance, y.balance, y.balance - x.balance)
            for x, y in zip(first.series, second.series, strict=True)
        ],
    )
