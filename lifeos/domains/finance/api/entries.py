"""Journal entry and transaction views."""

from __future__ import annotations

from typing import Any

from flask import request

from lifeos.domains.finance import schemas as s
from lifeos.domains.finance.api.common import (
    IDEMPOTENCY_HEADER,
    TAGS_JOURNAL,
    current_uid,
    parse_json,
    render_page,
    user_today,
)
from lifeos.domains.finance.errors import InvalidEntry
from lifeos.domains.finance.serialize import entry_dict, transaction_dict
from lifeos.domains.finance.services import accounts as accounts_svc
from lifeos.domains.finance.services import journal as journal_svc
from lifeos.domains.finance.services import transactions as tx_svc
from lifeos.extensions import db
from lifeos.platform.auth.guard import require_auth
from lifeos.platform.http import parse_query
from lifeos.platform.openapi import api_doc
from lifeos.platform.uow import UnitOfWork

# ------------------------------------------------------------------------------ journal


def _names(entry: Any) -> dict[int, str]:
    ids = {line.account_id for line in entry.lines}
    return {a.id: a.name for a in accounts_svc.accounts_by_id(db.session, current_uid(), ids)}


@api_doc(
    summary="Post a balanced journal entry",
    tags=TAGS_JOURNAL,
    body=s.JournalEntryIn,
    response=s.JournalEntryOut,
    status=201,
    errors=(401, 403, 409, 422),
    description="Send `Idempotency-Key` to make retries safe: a replay returns the first entry.",
)
@require_auth()
def post_journal() -> Any:
    """Post an entry of 2+ lines whose debits equal its credits; 201 with lines and totals."""
    body = parse_json(s.JournalEntryIn)
    key = request.headers.get(IDEMPOTENCY_HEADER) or None
    if key is not None and len(key) > 128:
        raise InvalidEntry(
            "The Idempotency-Key is too long.",
            errors=[{"field": IDEMPOTENCY_HEADER, "message": "at most 128 characters"}],
        )
    lines = [journal_svc.LineInput(ln.account_id, ln.debit, ln.credit, ln.memo) for ln in body.lines]
    with UnitOfWork(db.session) as uow:
        entry, created = journal_svc.post_entry(
            uow, current_uid(), body.date, body.description, lines, idempotency_key=key
        )
        return entry_dict(entry, _names(entry)), 201 if created else 200


@api_doc(
    summary="List journal entries",
    tags=TAGS_JOURNAL,
    query=s.JournalListQuery,
    response=s.JournalListOut,
    errors=(401, 422),
)
@require_auth()
def list_journal() -> Any:
    """Newest first; filters from/to (dates), account_id, q (description or memo). Cursor-paginated."""
    query = parse_query(s.JournalListQuery)
    page = journal_svc.list_entries(
        db.session,
        current_uid(),
        date_from=query.from_,
        date_to=query.to,
        account_id=query.account_id,
        q=query.q,
        limit=query.limit,
        cursor=query.cursor,
    )
    return render_page(page, entry_dict)


@api_doc(summary="Get a journal entry", tags=TAGS_JOURNAL, response=s.JournalEntryOut, errors=(401, 404))
@require_auth()
def get_journal(entry_id: int) -> Any:
    """One entry with its lines and totals."""
    entry = journal_svc.get_entry(db.session, current_uid(), entry_id)
    return entry_dict(entry, _names(entry))


@api_doc(
    summary="Reverse a journal entry",
    tags=TAGS_JOURNAL,
    body=s.ReverseIn,
    response=s.JournalEntryOut,
    status=201,
    errors=(401, 403, 404, 409, 422),
)
@require_auth()
def reverse_journal(entry_id: int) -> Any:
    """Post the mirror entry (dated today unless `date` is given); 409 if reversed already."""
    body = parse_json(s.ReverseIn)
    with UnitOfWork(db.session) as uow:
        entry = journal_svc.reverse_entry(
            uow, current_uid(), entry_id, body.date or user_today(), body.description
        )
        return entry_dict(entry, _names(entry)), 201


# ------------------------------------------------------------------------------ transactions


@api_doc(
    summary="Record money moving between accounts",
    tags=TAGS_JOURNAL,
    body=s.TransactionIn,
    response=s.TransactionOut,
    status=201,
    errors=(401, 403, 409, 422),
)
@require_auth()
def create_transaction() -> Any:
    """Posts the balanced entry (debit `to`, credit `from`) in the same transaction."""
    body = parse_json(s.TransactionIn)
    with UnitOfWork(db.session) as uow:
        tx = tx_svc.create_transaction(
            uow,
            current_uid(),
            on=body.date,
            amount=body.amount,
            from_account_id=body.from_account_id,
            to_account_id=body.to_account_id,
            description=body.description,
            counterparty=body.counterparty,
            external_id=body.external_id,
        )
        return transaction_dict(tx), 201


@api_doc(
    summary="List transactions",
    tags=TAGS_JOURNAL,
    query=s.TransactionListQuery,
    response=s.TransactionListOut,
    errors=(401, 422),
)
@require_auth()
def list_transactions() -> Any:
    """Newest first; filters from/to, account_id. Cursor-paginated."""
    query = parse_query(s.TransactionListQuery)
    page = tx_svc.list_transactions(
        db.session,
        current_uid(),
        date_from=query.from_,
        date_to=query.to,
        account_id=query.account_id,
        limit=query.limit,
        cursor=query.cursor,
    )
    return render_page(page, transaction_dict)


@api_doc(summary="Get a transaction", tags=TAGS_JOURNAL, response=s.TransactionOut, errors=(401, 404))
@require_auth()
def get_transaction(tx_id: int) -> Any:
    """One transaction with its journal_entry_id."""
    return transaction_dict(tx_svc.get_transaction(db.session, current_uid(), tx_id))
