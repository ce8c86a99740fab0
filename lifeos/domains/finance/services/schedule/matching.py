"""Matching: an occurrence that happened ↔ the journal line that paid it.

A line is a candidate for an occurrence when it is on the row's account, its signed amount
(debit − credit, the sign a row's amount uses) is within the row's `amount_tolerance` of the
row's amount, its date is within ± `match_window_days` of the occurrence's (moved) date, its
entry is neither reversed nor a reversal, and it pays no other occurrence yet.

Automatic matching takes only the unambiguous: the occurrence has exactly one candidate and
that line is a candidate of no other open occurrence. Two candidates → nothing is matched;
the user picks one by hand (`manual_match`). Unmatching by hand leaves a `dismissed` mark so
the automatic matcher does not take the occurrence again; the occurrence counts again.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased

from lifeos.domains.finance.errors import InvalidScheduleMatch
from lifeos.domains.finance.events import ScheduleOccurrenceMatched
from lifeos.domains.finance.models import LedgerEntry, LedgerLine, MoneyScheduleMatch, MoneyScheduleRow
from lifeos.domains.finance.services.schedule import recurrence as rec
from lifeos.domains.finance.services.schedule.common import Emit, get_row, rule_of

MATCHED, DISMISSED = "matched", "dismissed"
AUTO, MANUAL = "auto", "manual"
LOOKBACK_DAYS = 62  # the automatic matcher looks this far back
MAX_WINDOW = 31


@dataclass(frozen=True)
class Item:
    """A schedule row as the projection and the matcher see it (scenario adds: row_id None)."""

    row_id: int | None
    account_id: int
    amount: Decimal
    memo: str | None
    rule: rec.Rule
    tolerance: Decimal = Decimal("0")
    window: int = 3


@dataclass(frozen=True)
class LineInfo:
    id: int
    entry_id: int
    account_id: int
    date: date
    amount: Decimal  # debit − credit
    description: str | None


@dataclass(frozen=True)
class Stored:
    id: int
    status: str
    journal_line_id: int | None


Key = tuple[int, date]  # (row_id, rule date)


def item_of(row: MoneyScheduleRow) -> Item:
    return Item(
        row_id=row.id,
        account_id=row.account_id,
        amount=row.amount,
        memo=row.memo,
        rule=rule_of(row, row.event_date),
        tolerance=row.amount_tolerance or Decimal("0"),
        window=row.match_window_days if row.match_window_days is not None else 3,
    )


def stored_matches(session: Session, user_id: int, since: date) -> dict[Key, Stored]:
    """Matches and dismissals of occurrences whose rule date is on or after `since`."""
    M = MoneyScheduleMatch
    rows = session.execute(
        select(M.row_id, M.occurrence_date, M.id, M.status, M.journal_line_id).where(
            M.user_id == user_id, M.occurrence_date >= since
        )
    ).tuples()
    return {(r, d): Stored(i, s, line) for r, d, i, s, line in rows}


def open_lines(
    session: Session,
    user_id: int,
    account_ids: Iterable[int],
    lo: date,
    hi: date,
    amounts: Iterable[tuple[Decimal, Decimal]] | None = None,
) -> list[LineInfo]:
    """Lines on the accounts between lo and hi that could still pay an occurrence.

    `amounts`: (amount, tolerance) pairs; only lines whose signed amount can match one of them
    are returned. None returns every line.
    """
    ids = sorted(set(account_ids))
    if not ids:
        return []
    L, E = LedgerLine, LedgerEntry
    reversal = aliased(LedgerEntry)
    stmt = (
        select(L.id, L.entry_id, L.account_id, L.entry_date, L.debit - L.credit, E.description)
        .join(E, E.id == L.entry_id)
        .where(
            L.user_id == user_id,
            L.account_id.in_(ids),
            L.entry_date >= lo,
            L.entry_date <= hi,
            E.reversal_of_id.is_(None),
            ~exists().where(reversal.reversal_of_id == E.id),
            ~exists().where(MoneyScheduleMatch.journal_line_id == L.id),
        )
        .order_by(L.entry_date, L.id)
    )
    rows = session.execute(stmt).tuples()
    if amounts is None:
        return [LineInfo(*row) for row in rows]
    exact: set[Decimal] = set()
    ranges: list[tuple[Decimal, Decimal]] = []
    for amount, tolerance in amounts:
        if tolerance == 0:
            exact.add(amount)
        else:
            ranges.append((amount - tolerance, amount + tolerance))
    # Filtered here, not in SQL: an OR of IN lists sends SQLite's planner astray.
    return [
        LineInfo(*row)
        for row in rows
        if row[4] in exact or any(low <= row[4] <= high for low, high in ranges)
    ]


def _by_account(lines: list[LineInfo]) -> dict[int, tuple[list[date], list[LineInfo]]]:
    grouped: dict[int, list[LineInfo]] = defaultdict(list)
    for line in lines:
        grouped[line.account_id].append(line)
    return {a: ([ln.date for ln in ls], ls) for a, ls in grouped.items()}


def candidates(item: Item, when: date, index: dict[int, tuple[list[date], list[LineInfo]]]) -> list[LineInfo]:
    dates, lines = index.get(item.account_id, ([], []))
    lo = bisect.bisect_left(dates, when - timedelta(days=item.window))
    hi = bisect.bisect_right(dates, when + timedelta(days=item.window))
    return [ln for ln in lines[lo:hi] if abs(ln.amount - item.amount) <= item.tolerance]


def find_auto(
    items: list[Item], stored: dict[Key, Stored], lines: list[LineInfo], since: date, today: date
) -> list[tuple[Item, rec.Occurrence, LineInfo]]:
    """The unambiguous pairs among open occurrences (date since…today + window) and lines."""
    index = _by_account(lines)
    found: list[tuple[Item, rec.Occurrence, list[LineInfo]]] = []
    claims: dict[int, int] = defaultdict(int)
    for item in items:
        if item.row_id is None:
            continue
        for occ in rec.occurrences(item.rule, today + timedelta(days=item.window), since=since):
            if (item.row_id, occ.rule_date) in stored:
                continue
            cands = candidates(item, occ.date, index)
            if not cands:
                continue
            found.append((item, occ, cands))
            for line in cands:
                claims[line.id] += 1
    return [
        (item, occ, cands[0]) for item, occ, cands in found if len(cands) == 1 and claims[cands[0].id] == 1
    ]


def auto_match(session: Session, user_id: int, today: date, emit: Emit) -> int:
    """Store the unambiguous matches of the user's open occurrences; returns how many."""
    rows = list(session.scalars(select(MoneyScheduleRow).where(MoneyScheduleRow.user_id == user_id)))
    if not rows:
        return 0
    items = [item_of(r) for r in rows]
    since = today - timedelta(days=LOOKBACK_DAYS)
    stored = stored_matches(session, user_id, since - timedelta(days=2))
    lines = open_lines(
        session,
        user_id,
        {i.account_id for i in items},
        since - timedelta(days=MAX_WINDOW),
        today + timedelta(days=2 * MAX_WINDOW),
        {(i.amount, i.tolerance) for i in items},
    )
    pairs = find_auto(items, stored, lines, since, today)
    for item, occ, line in pairs:
        if item.row_id is not None:
            store(session, user_id, item.row_id, occ.rule_date, line, AUTO, emit)
    return len(pairs)


def store(
    session: Session, user_id: int, row_id: int, rule_date: date, line: LineInfo, by: str, emit: Emit
) -> MoneyScheduleMatch:
    match = session.scalar(
        select(MoneyScheduleMatch).where(
            MoneyScheduleMatch.row_id == row_id, MoneyScheduleMatch.occurrence_date == rule_date
        )
    )
    if match is None:
        match = MoneyScheduleMatch(user_id=user_id, row_id=row_id, occurrence_date=rule_date)
        session.add(match)
    match.status, match.journal_line_id, match.entry_id, match.matched_by = (
        MATCHED,
        line.id,
        line.entry_id,
        by,
    )
    session.flush()
    emit(
        ScheduleOccurrenceMatched(
            match_id=match.id,
            user_id=user_id,
            row_id=row_id,
            occurrence_date=rule_date,
            journal_line_id=line.id,
            entry_id=line.entry_id,
            matched_by=by,
        ),
        user_id,
    )
    return match


def candidates_for(session: Session, user_id: int, row_id: int, rule_date: date) -> list[LineInfo]:
    """The lines that could pay this occurrence (what the automatic matcher would weigh)."""
    row = get_row(session, user_id, row_id)
    item = item_of(row)
    occ = next(
        (
            o
            for o in rec.occurrences(
                item.rule, rule_date + timedelta(days=2), since=rule_date - timedelta(days=2)
            )
            if o.rule_date == rule_date
        ),
        None,
    )
    if occ is None:
        raise InvalidScheduleMatch(
            "Not an occurrence of this row.",
            errors=[{"field": "occurrence_date", "message": "not a date of this row's rule"}],
        )
    lines = open_lines(
        session,
        user_id,
        [row.account_id],
        occ.date - timedelta(days=item.window),
        occ.date + timedelta(days=item.window),
        [(item.amount, item.tolerance)],
    )
    return candidates(item, occ.date, _by_account(lines))
