"""'Money moved' records: each posts its balanced entry (debit `to`, credit `from`) atomically."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lifeos.domains.finance.errors import (
    DuplicateTransaction,
    InvalidAccount,
    InvalidTransaction,
    TransactionNotFound,
)
from lifeos.domains.finance.models import Transaction
from lifeos.domains.finance.services.entries import Line, write_entry
from lifeos.platform.money import ZERO
from lifeos.platform.pagination import Page, cursor_datetime, cursor_int, decode_cursor, paginate
from lifeos.platform.uow import UnitOfWork


def create_transaction(
    uow: UnitOfWork,
    user_id: int,
    *,
    on: date,
    amount: Decimal,
    from_account_id: int,
    to_account_id: int,
    description: str | None = None,
    counterparty: str | None = None,
    external_id: str | None = None,
) -> Transaction:
    """Record money moving from one account to another and post its ledger entry."""
    if amount <= 0:
        raise InvalidTransaction(
            "The amount is invalid.", errors=[{"field": "amount", "message": "must be greater than 0"}]
        )
    value = amount
    if from_account_id == to_account_id:
        raise InvalidTransaction(
            "Money must move between two different accounts.",
            errors=[{"field": "to_account_id", "message": "must differ from from_account_id"}],
        )
    session = uow.session

    def work() -> Transaction:
        lines = [
            Line(to_account_id, value, ZERO, description),
            Line(from_account_id, ZERO, value, description),
        ]
        try:
            entry = write_entry(uow, user_id, on, description, lines, source="transaction")
        except InvalidAccount as exc:  # name the request's fields, not the internal lines
            fields = {"lines[0].account_id": "to_account_id", "lines[1].account_id": "from_account_id"}
            for err in exc.errors:
                err["field"] = fields.get(err["field"], err["field"])
            raise
        tx = Transaction(
            user_id=user_id,
            amount=value,
            description=description,
            counterparty=counterparty,
            occurred_at=datetime.combine(on, time()),
            from_account_id=from_account_id,
            to_account_id=to_account_id,
            external_id=external_id,
            journal_entry_id=entry.id,
        )
        # The unique (user_id, external_id) index decides between concurrent imports of one bank
        # row; the loser's entry goes with the rollback of its unit of work.
        try:
            with session.begin_nested():
                session.add(tx)
        except IntegrityError:
            existing = _by_external_id(session, user_id, external_id)
            if existing is None:
                raise
            raise DuplicateTransaction(
                f"A transaction with external_id {external_id!r} already exists.", transaction=existing
            ) from None
        return tx

    return uow.run(work)


def _by_external_id(session: Session, user_id: int, external_id: str | None) -> Transaction | None:
    if not external_id:
        return None
    return session.scalar(
        select(Transaction).where(Transaction.user_id == user_id, Transaction.external_id == external_id)
    )


def get_transaction(session: Session, user_id: int, tx_id: int) -> Transaction:
    """The user's transaction or 404."""
    tx = session.scalar(select(Transaction).where(Transaction.user_id == user_id, Transaction.id == tx_id))
    if tx is None:
        raise TransactionNotFound(f"Transaction {tx_id} not found.")
    return tx


def list_transactions(
    session: Session,
    user_id: int,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    account_id: int | None = None,
    limit: int,
    cursor: str | None = None,
) -> Page[Transaction]:
    """The user's transactions, newest first, keyset-paginated."""
    stmt = select(Transaction).where(Transaction.user_id == user_id)
    if date_from:
        stmt = stmt.where(Transaction.occurred_at >= datetime.combine(date_from, time()))
    if date_to:
        stmt = stmt.where(Transaction.occurred_at < datetime.combine(date_to, time.max))
    if account_id is not None:
        stmt = stmt.where(
            (Transaction.from_account_id == account_id) | (Transaction.to_account_id == account_id)
        )
    key = decode_cursor("transactions", cursor, 2)
    if key is not None:
        at, key_id = cursor_datetime(key[0]), cursor_int(key[1])
        stmt = stmt.where(
            (Transaction.occurred_at < at) | ((Transaction.occurred_at == at) & (Transaction.id < key_id))
        )
    stmt = stmt.order_by(Transaction.occurred_at.desc(), Transaction.id.desc()).limit(limit + 1)
    rows = list(session.scalars(stmt))
    return paginate(rows, limit, "transactions", lambda t: [t.occurred_at.isoformat(), t.id])
