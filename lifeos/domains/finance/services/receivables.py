"""Receivable trackers (money someone owes me) and their signed entries.

Figures as of a day come from `services.interest` (the one interest rule). Every query is
scoped to the user; another user's tracker is a 404. Rules between fields are 422
`finance.invalid_receivable`: the due date is not before the start, no entry is dated before
the start (so a start may not move past an existing entry).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from lifeos.domains.finance.errors import InvalidReceivable, ReceivableNotFound
from lifeos.domains.finance.events import (
    ReceivableCreated,
    ReceivableDeleted,
    ReceivableEntryRecorded,
    ReceivableUpdated,
)
from lifeos.domains.finance.models import LoanGroup, LoanGroupLink, ReceivableManualEntry, ReceivableTracker
from lifeos.domains.finance.schemas.receivables import (
    CounterpartyListOut,
    CounterpartyOut,
    EntryIn,
    EntryOut,
    InterestOut,
    ReceivableIn,
    ReceivableOut,
)
from lifeos.domains.finance.services.interest import Accrual, Movement, Terms, accrue, cents, overdue
from lifeos.platform.database import utcnow
from lifeos.platform.http import MAX_ID
from lifeos.platform.money import ZERO
from lifeos.platform.pagination import Page, cursor_str, decode_cursor, encode_cursor, newest_by_day
from lifeos.platform.uow import UnitOfWork

FIELDS = ("counterparty", "principal", "start_date", "due_date", "interest", "memo")


def counterparty_key(name: str) -> str:
    """The same person however typed: case-folded, inner whitespace collapsed."""
    return " ".join(name.casefold().split())


def _tidy(name: str) -> str:
    return " ".join(name.split())


def terms_of(tracker: ReceivableTracker) -> Terms:
    """A tracker's interest terms (a legacy rate with kind none earns nothing)."""
    if tracker.interest_kind in ("simple", "compound") and tracker.interest_rate is not None:
        return Terms(tracker.interest_kind, Decimal(tracker.interest_rate), tracker.compounding or "monthly")
    return Terms("none")


def movements(entries: Iterable[ReceivableManualEntry]) -> list[Movement]:
    return [Movement(e.entry_date, Decimal(e.amount)) for e in entries]


def accrual_of(tracker: ReceivableTracker, entries: Iterable[ReceivableManualEntry], as_of: date) -> Accrual:
    return accrue(
        Decimal(tracker.principal), tracker.start_date, terms_of(tracker), movements(entries), as_of
    )


def _interest_out(tracker: ReceivableTracker) -> InterestOut:
    terms = terms_of(tracker)
    if terms.kind == "none":
        return InterestOut(kind="none", annual_rate=None, compounding=None)
    rate = str(cents(terms.annual_rate))
    if terms.kind == "compound":
        return InterestOut(kind="compound", annual_rate=rate, compounding=terms.compounding)
    return InterestOut(kind="simple", annual_rate=rate, compounding=None)


def card(
    tracker: ReceivableTracker, entries: Sequence[ReceivableManualEntry], as_of: date, loan_ids: list[int]
) -> ReceivableOut:
    figures = accrual_of(tracker, entries, as_of)
    repaid = -sum((e.amount for e in entries if e.amount < 0 and e.entry_date <= as_of), start=ZERO)
    late = overdue(tracker.due_date, as_of, figures.outstanding)
    return ReceivableOut(
        id=tracker.id,
        counterparty=tracker.counterparty,
        principal=tracker.principal,
        start_date=tracker.start_date,
        due_date=tracker.due_date,
        interest=_interest_out(tracker),
        memo=tracker.memo,
        as_of=as_of,
        entries_total=cents(figures.entries_total),
        repaid=cents(repaid),
        interest_accrued=cents(figures.interest),
        outstanding=cents(figures.outstanding),
        overdue=late,
        days_overdue=(as_of - tracker.due_date).days if late and tracker.due_date else 0,
        loan_ids=loan_ids,
        created_at=tracker.created_at,
        updated_at=tracker.updated_at,
    )


# ------------------------------------------------------------------------------ reading


def get_tracker(session: Session, user_id: int, tracker_id: int, *, lock: bool = False) -> ReceivableTracker:
    """The user's tracker, or 404 (another user's looks the same as none). `lock` holds its row
    (PostgreSQL) so a concurrent delete cannot pull it from under a new entry or link."""
    tracker = None
    if 1 <= tracker_id <= MAX_ID:
        stmt = select(ReceivableTracker).where(
            ReceivableTracker.user_id == user_id, ReceivableTracker.id == tracker_id
        )
        tracker = session.scalar(stmt.with_for_update() if lock else stmt)
    if tracker is None:
        raise ReceivableNotFound(f"Receivable {tracker_id} not found.")
    return tracker


def entries_of(
    session: Session, user_id: int, tracker_ids: Sequence[int]
) -> dict[int, list[ReceivableManualEntry]]:
    """tracker id → its entries in date order (then id)."""
    out: dict[int, list[ReceivableManualEntry]] = defaultdict(list)
    if not tracker_ids:
        return out
    rows = session.scalars(
        select(ReceivableManualEntry)
        .where(
            ReceivableManualEntry.user_id == user_id,
            ReceivableManualEntry.tracker_id.in_(list(tracker_ids)),
        )
        .order_by(ReceivableManualEntry.entry_date, ReceivableManualEntry.id)
    )
    for entry in rows:
        out[entry.tracker_id].append(entry)
    return out


def loans_of(session: Session, user_id: int, tracker_ids: Sequence[int]) -> dict[int, list[int]]:
    """tracker id → the loan groups it is linked to (by id)."""
    out: dict[int, list[int]] = defaultdict(list)
    if not tracker_ids:
        return out
    rows = session.execute(
        select(LoanGroupLink.tracker_id, LoanGroupLink.group_id)
        .where(LoanGroupLink.user_id == user_id, LoanGroupLink.tracker_id.in_(list(tracker_ids)))
        .order_by(LoanGroupLink.group_id)
    ).tuples()
    for tracker_id, group_id in rows:
        if tracker_id is not None:
            out[tracker_id].append(group_id)
    return out


def cards(
    session: Session, user_id: int, trackers: Sequence[ReceivableTracker], as_of: date
) -> list[ReceivableOut]:
    ids = [t.id for t in trackers]
    entries, loans = entries_of(session, user_id, ids), loans_of(session, user_id, ids)
    return [card(t, entries.get(t.id, []), as_of, loans.get(t.id, [])) for t in trackers]


def get_card(session: Session, user_id: int, tracker_id: int, as_of: date) -> ReceivableOut:
    return cards(session, user_id, [get_tracker(session, user_id, tracker_id)], as_of)[0]


def list_trackers(
    session: Session,
    user_id: int,
    as_of: date,
    *,
    counterparty: str | None = None,
    limit: int,
    cursor: str | None = None,
) -> Page[ReceivableOut]:
    """Newest start first (then id); `counterparty` matches case-insensitively (ASCII)."""
    stmt = select(ReceivableTracker).where(ReceivableTracker.user_id == user_id)
    if counterparty:
        stmt = stmt.where(func.lower(ReceivableTracker.counterparty) == _tidy(counterparty).lower())
    page = newest_by_day(
        session,
        stmt,
        ReceivableTracker.start_date,
        ReceivableTracker.id,
        kind="receivables",
        limit=limit,
        cursor=cursor,
    )
    return Page(cards(session, user_id, page.items, as_of), page.next_cursor)


def counterparties(
    session: Session, user_id: int, as_of: date, *, limit: int, cursor: str | None = None
) -> CounterpartyListOut:
    """Every tracker with the same person (case and spaces ignored) netted, by name.

    A tracker linked to a *borrowed* loan is money I owe them: it counts in `owed_by_me`;
    every other tracker is money they owe me. `net` = owed_to_me − owed_by_me.
    """
    trackers = list(
        session.scalars(
            select(ReceivableTracker)
            .where(ReceivableTracker.user_id == user_id)
            .order_by(ReceivableTracker.start_date.desc(), ReceivableTracker.id.desc())
        )
    )
    borrowed = set(
        session.scalars(
            select(LoanGroupLink.tracker_id)
            .join(LoanGroup, LoanGroup.id == LoanGroupLink.group_id)
            .where(
                LoanGroupLink.user_id == user_id,
                LoanGroup.user_id == user_id,
                LoanGroup.direction == "borrowed",
            )
        )
    )
    entries = entries_of(session, user_id, [t.id for t in trackers])
    groups: dict[str, list[ReceivableTracker]] = defaultdict(list)
    for tracker in trackers:
        groups[counterparty_key(tracker.counterparty)].append(tracker)
    keys = sorted(groups)
    after = decode_cursor("counterparties", cursor, 1)
    if after is not None:
        last = cursor_str(after[0])
        keys = [k for k in keys if k > last]
    items: list[CounterpartyOut] = []
    for key in keys[:limit]:
        owed_to_me = owed_by_me = Decimal(0)
        late = False
        next_due: date | None = None
        for tracker in groups[key]:
            outstanding = accrual_of(tracker, entries.get(tracker.id, []), as_of).outstanding
            if tracker.id in borrowed:
                owed_by_me += outstanding
            else:
                owed_to_me += outstanding
            late = late or overdue(tracker.due_date, as_of, outstanding)
            if tracker.due_date and tracker.due_date >= as_of and cents(outstanding) > 0:
                next_due = min(next_due or tracker.due_date, tracker.due_date)
        items.append(
            CounterpartyOut(
                counterparty=groups[key][0].counterparty,
                receivable_ids=sorted(t.id for t in groups[key]),
                owed_to_me=cents(owed_to_me),
                owed_by_me=cents(owed_by_me),
                net=cents(owed_to_me - owed_by_me),
                overdue=late,
                next_due_date=next_due,
            )
        )
    next_cursor = encode_cursor("counterparties", [keys[limit - 1]]) if len(keys) > limit else None
    return CounterpartyListOut(as_of=as_of, items=items, next_cursor=next_cursor)


# ------------------------------------------------------------------------------ writing


def _interest_columns(interest: Any) -> dict[str, Any]:
    kind = interest.kind
    return {
        "interest_kind": kind,
        "interest_rate": getattr(interest, "annual_rate", None),
        "compounding": getattr(interest, "compounding", None),
    }


def _invalid(field: str, message: str) -> InvalidReceivable:
    return InvalidReceivable(
        f"The receivable is invalid: {field} {message}.", errors=[{"field": field, "message": message}]
    )


def _check_dates(session: Session, user_id: int, tracker: ReceivableTracker) -> None:
    if tracker.due_date is not None and tracker.due_date < tracker.start_date:
        raise _invalid("due_date", "must not be before start_date")
    if tracker.id is None:
        return
    first = session.scalar(
        select(func.min(ReceivableManualEntry.entry_date)).where(
            ReceivableManualEntry.user_id == user_id, ReceivableManualEntry.tracker_id == tracker.id
        )
    )
    if first is not None and tracker.start_date > first:
        raise _invalid("start_date", f"must not be after the first entry ({first.isoformat()})")


def create_tracker(uow: UnitOfWork, user_id: int, body: ReceivableIn, as_of: date) -> ReceivableOut:
    """Start tracking a receivable; emits `finance.receivable.created`."""
    session = uow.session

    def work() -> ReceivableOut:
        tracker = ReceivableTracker(
            user_id=user_id,
            counterparty=_tidy(body.counterparty),
            principal=body.principal,
            start_date=body.start_date,
            due_date=body.due_date,
            memo=body.memo,
            **_interest_columns(body.interest),
        )
        _check_dates(session, user_id, tracker)
        session.add(tracker)
        session.flush()
        uow.emit(
            ReceivableCreated(
                receivable_id=tracker.id,
                user_id=user_id,
                counterparty=tracker.counterparty,
                principal=tracker.principal,
                start_date=tracker.start_date,
                due_date=tracker.due_date,
                interest_kind=tracker.interest_kind,
                annual_rate=tracker.interest_rate,
                compounding=tracker.compounding,
            ),
            user_id,
        )
        return card(tracker, [], as_of, [])

    return uow.run(work)


def update_tracker(
    uow: UnitOfWork, user_id: int, tracker_id: int, changes: Mapping[str, Any], as_of: date
) -> ReceivableOut:
    """Change the fields given (`interest` is replaced whole); emits `finance.receivable.updated`."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown receivable fields {sorted(unknown)}")
    session = uow.session

    def work() -> ReceivableOut:
        tracker = get_tracker(session, user_id, tracker_id, lock=True)
        for field, value in changes.items():
            if field == "interest":
                for column, column_value in _interest_columns(value).items():
                    setattr(tracker, column, column_value)
            elif field == "counterparty":
                tracker.counterparty = _tidy(value)
            else:
                setattr(tracker, field, value)
        _check_dates(session, user_id, tracker)
        if changes:
            tracker.updated_at = utcnow()
            session.flush()
            uow.emit(
                ReceivableUpdated(receivable_id=tracker.id, user_id=user_id, changed=tuple(sorted(changes))),
                user_id,
            )
        return cards(session, user_id, [tracker], as_of)[0]

    return uow.run(work)


def delete_tracker(uow: UnitOfWork, user_id: int, tracker_id: int) -> None:
    """Delete the tracker, its entries and its loan links; emits `finance.receivable.deleted`."""
    session = uow.session

    def work() -> None:
        tracker = get_tracker(session, user_id, tracker_id, lock=True)
        session.execute(
            delete(ReceivableManualEntry).where(
                ReceivableManualEntry.user_id == user_id, ReceivableManualEntry.tracker_id == tracker.id
            )
        )
        session.execute(
            delete(LoanGroupLink).where(
                LoanGroupLink.user_id == user_id, LoanGroupLink.tracker_id == tracker.id
            )
        )
        session.delete(tracker)
        session.flush()
        uow.emit(ReceivableDeleted(receivable_id=tracker_id, user_id=user_id), user_id)

    uow.run(work)


def entry_out(entry: ReceivableManualEntry) -> EntryOut:
    return EntryOut(
        id=entry.id,
        receivable_id=entry.tracker_id,
        date=entry.entry_date,
        amount=entry.amount,
        memo=entry.memo,
    )


def record_entry(uow: UnitOfWork, user_id: int, tracker_id: int, body: EntryIn) -> EntryOut:
    """Record a signed entry (repayment < 0, further lending > 0) on or after the start;
    emits `finance.receivable.entry_recorded`."""
    session = uow.session

    def work() -> EntryOut:
        tracker = get_tracker(session, user_id, tracker_id, lock=True)
        if body.date < tracker.start_date:
            raise _invalid(
                "date", f"must not be before the receivable's start_date ({tracker.start_date.isoformat()})"
            )
        entry = ReceivableManualEntry(
            user_id=user_id, tracker_id=tracker.id, entry_date=body.date, amount=body.amount, memo=body.memo
        )
        session.add(entry)
        session.flush()
        uow.emit(
            ReceivableEntryRecorded(
                entry_id=entry.id,
                receivable_id=tracker.id,
                user_id=user_id,
                entry_date=entry.entry_date,
                amount=entry.amount,
            ),
            user_id,
        )
        return entry_out(entry)

    return uow.run(work)


def list_entries(
    session: Session, user_id: int, tracker_id: int, *, limit: int, cursor: str | None = None
) -> Page[EntryOut]:
    """Newest first (date, then id)."""
    tracker = get_tracker(session, user_id, tracker_id)
    page = newest_by_day(
        session,
        select(ReceivableManualEntry).where(
            ReceivableManualEntry.user_id == user_id, ReceivableManualEntry.tracker_id == tracker.id
        ),
        ReceivableManualEntry.entry_date,
        ReceivableManualEntry.id,
        kind="receivable_entries",
        limit=limit,
        cursor=cursor,
    )
    return Page([entry_out(e) for e in page.items], page.next_cursor)
