"""Which parsed rows are already in the ledger, and which nearly match a posting.

A row with the bank's id is that id (unique per user). A row without one is its fingerprint:
(account, date, amount, normalized description, occurrence), where occurrence counts identical
rows in the same file, so two identical rows on one day are two transactions and the same
file imported again matches both. A near match is a posting on the account with the same
signed amount within ±3 days that is not the row's exact duplicate: shown, never merged.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from lifeos.domains.finance.models import LedgerEntry, LedgerLine, Transaction
from lifeos.domains.finance.services.imports.mapping import ParsedRow

NEAR_DAYS = 3
MAX_MATCHES = 5
_CHUNK = 500


@dataclass(frozen=True)
class Match:
    journal_entry_id: int
    transaction_id: int | None
    date: date
    amount: Decimal
    description: str | None


@dataclass
class RowState:
    parsed: ParsedRow
    occurrence: int = 0
    fingerprint: str | None = None
    status: str = "new"
    matches: list[Match] = field(default_factory=list)


def normalize(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def fingerprint(account_id: int, day: date, amount: Decimal, description: str | None, occurrence: int) -> str:
    key = f"{account_id}|{day.isoformat()}|{amount}|{normalize(description)}|{occurrence}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _chunks(values: list[str]) -> list[list[str]]:
    return [values[i : i + _CHUNK] for i in range(0, len(values), _CHUNK)]


def _existing(session: Session, user_id: int, column: object, values: set[str]) -> dict[str, Transaction]:
    found: dict[str, Transaction] = {}
    for chunk in _chunks(sorted(values)):
        stmt = select(Transaction).where(Transaction.user_id == user_id, column.in_(chunk))  # type: ignore[attr-defined]
        for tx in session.scalars(stmt):
            found[getattr(tx, column.key)] = tx  # type: ignore[attr-defined]
    return found


def _as_match(tx: Transaction, account_id: int) -> Match:
    sign = 1 if tx.to_account_id == account_id else -1
    return Match(tx.journal_entry_id or 0, tx.id, tx.occurred_at.date(), sign * tx.amount, tx.description)


def _postings(
    session: Session, user_id: int, account_id: int, days: list[date]
) -> dict[Decimal, list[Match]]:
    """The account's postings around the file's dates, by signed amount (debit positive)."""
    if not days:
        return {}
    start, end = min(days) - timedelta(days=NEAR_DAYS), max(days) + timedelta(days=NEAR_DAYS)
    stmt = (
        select(
            LedgerLine.entry_id,
            LedgerLine.entry_date,
            LedgerLine.debit,
            LedgerLine.credit,
            LedgerEntry.description,
            Transaction.id,
        )
        .join(LedgerEntry, LedgerEntry.id == LedgerLine.entry_id)
        .outerjoin(
            Transaction, (Transaction.user_id == user_id) & (Transaction.journal_entry_id == LedgerEntry.id)
        )
        .where(LedgerLine.user_id == user_id, LedgerLine.account_id == account_id)
        .where(LedgerLine.entry_date >= start, LedgerLine.entry_date <= end)
        .order_by(LedgerLine.entry_date, LedgerLine.id)
    )
    out: dict[Decimal, list[Match]] = defaultdict(list)
    for entry_id, day, debit, credit, description, tx_id in session.execute(stmt):
        amount = Decimal(debit) - Decimal(credit)
        out[amount].append(Match(entry_id, tx_id, day, amount, description))
    return out


def classify(session: Session, user_id: int, account_id: int, rows: list[ParsedRow]) -> list[RowState]:
    """Each row's occurrence, fingerprint and status: error, duplicate, near_match or new."""
    states = [RowState(r) for r in rows]
    seen: Counter[tuple[date, Decimal, str]] = Counter()
    for state in states:
        row = state.parsed
        if row.errors or row.date is None or row.amount is None:
            state.status = "error"
            continue
        key = (row.date, row.amount, normalize(row.description))
        seen[key] += 1
        state.occurrence = seen[key]
        if not row.bank_id:
            state.fingerprint = fingerprint(
                account_id, row.date, row.amount, row.description, state.occurrence
            )

    live = [s for s in states if s.status != "error"]
    by_bank = _existing(
        session, user_id, Transaction.external_id, {s.parsed.bank_id for s in live if s.parsed.bank_id}
    )
    by_print = _existing(
        session, user_id, Transaction.import_fingerprint, {s.fingerprint for s in live if s.fingerprint}
    )
    consumed: set[int] = set()
    bank_ids_in_file: set[str] = set()
    for state in live:
        bank_id = state.parsed.bank_id
        tx = by_bank.get(bank_id) if bank_id else by_print.get(state.fingerprint or "")
        if tx is not None:
            state.status = "duplicate"
            state.matches = [_as_match(tx, account_id)]
            consumed.add(tx.journal_entry_id or 0)
        elif bank_id and bank_id in bank_ids_in_file:
            state.status = "duplicate"  # the bank lists the same row twice: written once
        if bank_id:
            bank_ids_in_file.add(bank_id)

    postings = _postings(session, user_id, account_id, [s.parsed.date for s in live if s.parsed.date])
    for state in live:
        if state.status != "new" or state.parsed.amount is None or state.parsed.date is None:
            continue
        day = state.parsed.date
        near = [
            m
            for m in postings.get(state.parsed.amount, [])
            if abs((m.date - day).days) <= NEAR_DAYS and m.journal_entry_id not in consumed
        ]
        if near:
            state.status = "near_match"
            state.matches = near[:MAX_MATCHES]
    return states


def occurred_at(day: date) -> datetime:
    return datetime.combine(day, time())
