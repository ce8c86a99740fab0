"""Post many imported rows at once: the same rows, totals, usage and events as one posting each.

`POST /finance/transactions` posts one entry through `entries.write_entry` (lock the accounts,
insert the entry and its two lines, bump account usage, upsert the day's and month's totals,
emit `finance.journal.posted`) and records its `finance_transaction`. Doing that 10,000 times
costs ~12 ms a row, mostly in per-entry upserts; here the same writes are batched: accounts
locked once (id order, as write_entry does), entries, lines and transactions inserted in bulk
(INSERT … RETURNING), the totals upserted once per day, usage bumped once, and one event per
entry as before. tests/api/test_finance_import.py checks the totals against a rebuild.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from lifeos.domains.finance.events import JournalPosted
from lifeos.domains.finance.models import Account, LedgerEntry, LedgerLine, Transaction
from lifeos.domains.finance.services import totals
from lifeos.domains.finance.services.imports.dedupe import RowState, occurred_at
from lifeos.platform.database import utcnow
from lifeos.platform.money import ZERO
from lifeos.platform.uow import UnitOfWork

# Rows per multi-row INSERT … RETURNING. psycopg converts each statement's placeholders anew; with
# SQLAlchemy's default of 1,000 rows that conversion was the largest single cost in a profile.
PAGE = 100


@dataclass(frozen=True)
class _Line:
    """What totals.apply_lines reads of a line."""

    account_id: int
    debit: Decimal
    credit: Decimal


def _lock(session: Session, user_id: int, ids: set[int]) -> None:
    stmt = select(Account.id).where(Account.user_id == user_id, Account.id.in_(ids)).order_by(Account.id)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    session.execute(stmt).all()


def post_rows(uow: UnitOfWork, user_id: int, account_id: int, counter_id: int, rows: list[RowState]) -> int:
    """Write each row as a transaction with its balanced entry; returns how many were written."""
    if not rows:
        return 0
    session = uow.session
    _lock(session, user_id, {account_id, counter_id})
    now = utcnow()
    plans: list[tuple[RowState, date, Decimal, int, int]] = []
    for state in rows:
        row = state.parsed
        if row.date is None or row.amount is None:  # classify() marks such rows as errors
            raise ValueError(f"row {row.row} has no date or amount")
        # Money in debits the imported account; money out credits it.
        to_id, from_id = (account_id, counter_id) if row.amount > 0 else (counter_id, account_id)
        plans.append((state, row.date, abs(row.amount), to_id, from_id))
    # Bulk INSERT … RETURNING (ids in the order of the rows), not one unit-of-work flush per object.
    entry_ids = list(
        session.scalars(
            insert(LedgerEntry)
            .returning(LedgerEntry.id, sort_by_parameter_order=True)
            .execution_options(insertmanyvalues_page_size=PAGE),
            [
                {
                    "user_id": user_id,
                    "entry_date": day,
                    "description": st.parsed.description,
                    "posted_at": now,
                    "created_at": now,
                    "source": "transaction",
                }
                for st, day, _, _, _ in plans
            ],
        )
    )
    lines: list[dict[str, Any]] = []
    for entry_id, (st, day, amount, to_id, from_id) in zip(entry_ids, plans, strict=True):
        common = {"user_id": user_id, "entry_id": entry_id, "entry_date": day, "memo": st.parsed.description}
        lines.append({**common, "account_id": to_id, "debit": amount, "credit": ZERO})
        lines.append({**common, "account_id": from_id, "debit": ZERO, "credit": amount})
    session.execute(insert(LedgerLine), lines)
    # The unique keys (bank id, fingerprint) speak here.
    session.execute(
        insert(Transaction),
        [
            {
                "user_id": user_id,
                "amount": amount,
                "description": st.parsed.description,
                "counterparty": st.parsed.counterparty,
                "occurred_at": occurred_at(day),
                "from_account_id": from_id,
                "to_account_id": to_id,
                "external_id": st.parsed.bank_id,
                "import_fingerprint": st.fingerprint,
                "journal_entry_id": entry_id,
                "created_at": now,
            }
            for entry_id, (st, day, amount, to_id, from_id) in zip(entry_ids, plans, strict=True)
        ],
    )
    by_day: dict[date, list[Any]] = defaultdict(list)
    for line in lines:
        by_day[line["entry_date"]].append(_Line(line["account_id"], line["debit"], line["credit"]))
    for day in sorted(by_day):
        totals.apply_lines(session, user_id, day, by_day[day])
    session.execute(
        update(Account)
        .where(Account.user_id == user_id, Account.id.in_(sorted({account_id, counter_id})))
        .values(use_count=Account.use_count + len(plans), last_used_at=now)
        .execution_options(synchronize_session=False)
    )
    for entry_id, (_, day, amount, to_id, from_id) in zip(entry_ids, plans, strict=True):
        uow.emit(
            JournalPosted(
                entry_id=entry_id,
                user_id=user_id,
                entry_date=day,
                total=amount,
                line_count=2,
                account_ids=tuple(sorted((to_id, from_id))),
                reversal_of_id=None,
                source="transaction",
            ),
            user_id,
        )
    return len(plans)
