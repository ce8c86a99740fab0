"""Ledger entries (the double-entry journal): post balanced entries, reverse them, read them back.

Posted entries are immutable; a correction is a reversal (a mirror entry linked to the
original). Posting updates account usage (typeahead ranking) and the daily totals that the
reports read, all in the same transaction as the entry and its outbox event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lifeos.domains.finance.errors import (
    EntryAlreadyReversed,
    EntryIsReversal,
    EntryNotFound,
    IdempotencyKeyReused,
    InvalidAccount,
    InvalidEntry,
    UnbalancedEntry,
)
from lifeos.domains.finance.events import JournalPosted
from lifeos.domains.finance.models import Account, LedgerEntry, LedgerLine
from lifeos.domains.finance.services import totals
from lifeos.platform.database import like_escape, utcnow
from lifeos.platform.money import ZERO
from lifeos.platform.pagination import Page, cursor_date, cursor_int, decode_cursor, paginate
from lifeos.platform.uow import UnitOfWork

MIN_LINES, MAX_LINES = 2, 500


@dataclass(frozen=True)
class LineInput:
    """One requested line: exactly one of debit/credit is set (positive, 2 dp: parsed at the edge)."""

    account_id: int
    debit: Decimal | None = None
    credit: Decimal | None = None
    memo: str | None = None


@dataclass(frozen=True)
class Line:
    """A checked line: one side is the amount, the other zero."""

    account_id: int
    debit: Decimal
    credit: Decimal
    memo: str | None


def check_lines(lines: list[LineInput]) -> list[Line]:
    """Apply the shape rules (count, one positive amount per line, balance) or raise 422."""
    if not MIN_LINES <= len(lines) <= MAX_LINES:
        raise InvalidEntry(
            f"An entry needs between {MIN_LINES} and {MAX_LINES} lines.",
            errors=[{"field": "lines", "message": f"must have {MIN_LINES} to {MAX_LINES} lines"}],
        )
    errors: list[dict[str, str]] = []
    out: list[Line] = []
    for i, line in enumerate(lines):
        if (line.debit is None) == (line.credit is None):
            errors.append({"field": f"lines[{i}]", "message": "give exactly one of debit or credit"})
            continue
        side, amount = ("debit", line.debit) if line.debit is not None else ("credit", line.credit)
        if amount is None or amount <= 0:
            errors.append({"field": f"lines[{i}].{side}", "message": "must be greater than 0"})
            continue
        debit, credit = (amount, ZERO) if side == "debit" else (ZERO, amount)
        out.append(Line(line.account_id, debit, credit, line.memo))
    if errors:
        raise InvalidEntry("Some lines are invalid.", errors=errors)
    total_debit = sum((line.debit for line in out), start=ZERO)
    total_credit = sum((line.credit for line in out), start=ZERO)
    if total_debit != total_credit:
        last = len(out) - 1
        side = "credit" if total_debit > total_credit else "debit"
        difference = abs(total_debit - total_credit)
        message = f"debits {total_debit} must equal credits {total_credit} (difference {difference})"
        raise UnbalancedEntry(
            f"Debits ({total_debit}) do not equal credits ({total_credit}).",
            errors=[
                {"field": "lines", "message": message},
                {"field": f"lines[{last}].{side}", "message": message},
            ],
            extra={"total_debit": str(total_debit), "total_credit": str(total_credit)},
        )
    return out


def _lock_accounts(session: Session, user_id: int, ids: set[int]) -> dict[int, Account]:
    """The user's accounts among `ids`, row-locked in id order (PostgreSQL) against races."""
    stmt = select(Account).where(Account.user_id == user_id, Account.id.in_(ids)).order_by(Account.id)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    return {a.id: a for a in session.scalars(stmt)}


def _check_accounts(
    session: Session, user_id: int, lines: list[Line], *, allow_inactive: bool = False
) -> dict[int, Account]:
    accounts = _lock_accounts(session, user_id, {line.account_id for line in lines})
    errors = []
    for i, line in enumerate(lines):
        account = accounts.get(line.account_id)
        if account is None:
            errors.append({"field": f"lines[{i}].account_id", "message": "no such account"})
        elif not account.is_active and not allow_inactive:
            errors.append({"field": f"lines[{i}].account_id", "message": "account is inactive"})
    if errors:
        raise InvalidAccount("Some lines name unusable accounts.", errors=errors)
    return accounts


def _same_request(entry: LedgerEntry, entry_date: date, description: str | None, lines: list[Line]) -> bool:
    stored = [(ln.account_id, ln.debit, ln.credit, ln.memo) for ln in sorted(entry.lines, key=lambda x: x.id)]
    asked = [(ln.account_id, ln.debit, ln.credit, ln.memo) for ln in lines]
    return (
        entry.entry_date == entry_date
        and (entry.description or None) == (description or None)
        and stored == asked
    )


def _by_key(session: Session, user_id: int, key: str) -> LedgerEntry | None:
    return session.scalar(
        select(LedgerEntry).where(LedgerEntry.user_id == user_id, LedgerEntry.idempotency_key == key)
    )


def write_entry(
    uow: UnitOfWork,
    user_id: int,
    entry_date: date,
    description: str | None,
    lines: list[Line],
    *,
    source: str = "manual",
    reversal_of_id: int | None = None,
    idempotency_key: str | None = None,
    allow_inactive: bool = False,
) -> LedgerEntry:
    """Insert a checked, balanced entry with usage, totals and event; the caller commits."""
    session = uow.session
    accounts = _check_accounts(session, user_id, lines, allow_inactive=allow_inactive)
    entry = LedgerEntry(
        user_id=user_id,
        entry_date=entry_date,
        description=description,
        posted_at=utcnow(),
        source=source,
        reversal_of_id=reversal_of_id,
        idempotency_key=idempotency_key,
    )
    entry.lines = [
        LedgerLine(
            user_id=user_id,
            entry_date=entry_date,
            account_id=ln.account_id,
            debit=ln.debit,
            credit=ln.credit,
            memo=ln.memo,
        )
        for ln in lines
    ]
    session.add(entry)
    session.flush()
    now = utcnow()
    session.execute(
        update(Account)
        .where(Account.user_id == user_id, Account.id.in_(sorted(accounts)))
        .values(use_count=Account.use_count + 1, last_used_at=now)
        .execution_options(synchronize_session=False)
    )
    totals.apply_lines(session, user_id, entry_date, entry.lines)
    uow.emit(
        JournalPosted(
            entry_id=entry.id,
            user_id=user_id,
            entry_date=entry_date,
            total=sum((ln.debit for ln in lines), start=ZERO),
            line_count=len(lines),
            account_ids=tuple(sorted(accounts)),
            reversal_of_id=reversal_of_id,
            source=source,
        ),
        user_id,
    )
    return entry


def post_entry(
    uow: UnitOfWork,
    user_id: int,
    entry_date: date,
    description: str | None,
    lines: list[LineInput],
    idempotency_key: str | None = None,
) -> tuple[LedgerEntry, bool]:
    """Post a balanced entry. Returns (entry, created); a replayed Idempotency-Key returns the first."""
    checked = check_lines(lines)
    session = uow.session

    def replay(entry: LedgerEntry) -> tuple[LedgerEntry, bool]:
        if not _same_request(entry, entry_date, description, checked):
            raise IdempotencyKeyReused("This Idempotency-Key was used for a different entry.")
        return entry, False

    def work() -> tuple[LedgerEntry, bool]:
        if idempotency_key:
            existing = _by_key(session, user_id, idempotency_key)
            if existing is not None:
                return replay(existing)
        try:
            entry = write_entry(
                uow, user_id, entry_date, description, checked, idempotency_key=idempotency_key
            )
        except IntegrityError:
            uow.rollback()
            existing = _by_key(session, user_id, idempotency_key) if idempotency_key else None
            if existing is None:
                raise
            return replay(existing)
        return entry, True

    return uow.run(work)


def get_entry(session: Session, user_id: int, entry_id: int) -> LedgerEntry:
    """The user's entry or 404."""
    entry = session.scalar(
        select(LedgerEntry).where(LedgerEntry.user_id == user_id, LedgerEntry.id == entry_id)
    )
    if entry is None:
        raise EntryNotFound(f"Journal entry {entry_id} not found.")
    return entry


def reversal_of(session: Session, user_id: int, entry_id: int) -> int | None:
    """The id of the entry that reversed this one, if any (an entry is reversed at most once)."""
    return session.scalar(
        select(LedgerEntry.id).where(LedgerEntry.user_id == user_id, LedgerEntry.reversal_of_id == entry_id)
    )


def reverse_entry(
    uow: UnitOfWork, user_id: int, entry_id: int, entry_date: date, description: str | None = None
) -> LedgerEntry:
    """Post the mirror of an entry (debits ↔ credits), linked by reversal_of_id."""
    session = uow.session

    def work() -> LedgerEntry:
        stmt = select(LedgerEntry).where(LedgerEntry.user_id == user_id, LedgerEntry.id == entry_id)
        if session.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        original = session.scalar(stmt)
        if original is None:
            raise EntryNotFound(f"Journal entry {entry_id} not found.")
        if original.reversal_of_id is not None:
            raise EntryIsReversal("A reversal cannot be reversed; post a new entry instead.")
        if session.scalar(select(exists().where(LedgerEntry.reversal_of_id == original.id))):
            raise EntryAlreadyReversed(f"Journal entry {entry_id} is already reversed.")
        mirror = [
            Line(ln.account_id, ln.credit, ln.debit, ln.memo)
            for ln in sorted(original.lines, key=lambda x: x.id)
        ]
        text = description or f"Reversal of entry {original.id}" + (
            f": {original.description}" if original.description else ""
        )
        try:
            entry = write_entry(
                uow,
                user_id,
                entry_date,
                text[:2000],
                mirror,
                source="reversal",
                reversal_of_id=original.id,
                allow_inactive=True,
            )
        except IntegrityError as exc:
            raise EntryAlreadyReversed(f"Journal entry {entry_id} is already reversed.") from exc
        return entry

    return uow.run(work)


def list_entries(
    session: Session,
    user_id: int,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    account_id: int | None = None,
    q: str | None = None,
    limit: int,
    cursor: str | None = None,
) -> Page[LedgerEntry]:
    """The user's entries, newest first (date, then id), keyset-paginated."""
    stmt = select(LedgerEntry).where(LedgerEntry.user_id == user_id)
    if date_from:
        stmt = stmt.where(LedgerEntry.entry_date >= date_from)
    if date_to:
        stmt = stmt.where(LedgerEntry.entry_date <= date_to)
    if account_id is not None:
        stmt = stmt.where(
            exists().where(
                LedgerLine.entry_id == LedgerEntry.id,
                LedgerLine.user_id == user_id,
                LedgerLine.account_id == account_id,
            )
        )
    if q:
        pattern = f"%{like_escape(q.strip().lower())}%"
        memo_match = exists().where(
            LedgerLine.entry_id == LedgerEntry.id, LedgerLine.memo.ilike(pattern, escape="\\")
        )
        stmt = stmt.where(LedgerEntry.description.ilike(pattern, escape="\\") | memo_match)
    key = decode_cursor("journal", cursor, 2)
    if key is not None:
        key_date, key_id = cursor_date(key[0]), cursor_int(key[1])
        stmt = stmt.where(
            (LedgerEntry.entry_date < key_date)
            | ((LedgerEntry.entry_date == key_date) & (LedgerEntry.id < key_id))
        )
    stmt = stmt.order_by(LedgerEntry.entry_date.desc(), LedgerEntry.id.desc()).limit(limit + 1)
    rows = list(session.scalars(stmt))
    return paginate(rows, limit, "journal", lambda e: [e.entry_date.isoformat(), e.id])
