"""Ledger entry (the finance journal) and transaction views."""

from __future__ import annotations

from typing import Any

from flask import request

from lifeos.domains.finance import schemas as s
from lifeos.domains.finance.api.common import IDEMPOTENCY_HEADER, TAGS_JOURNAL
from lifeos.domains.finance.errors import InvalidEntry
from lifeos.domains.finance.models import LedgerEntry
from lifeos.domains.finance.services import accounts as accounts_svc
from lifeos.domains.finance.services import entries as entries_svc
from lifeos.domains.finance.services import transactions as tx_svc
from lifeos.platform.auth.guard import current_user_id, require_auth
from lifeos.platform.clock import user_today
from lifeos.platform.http import parse_body, parse_query
from lifeos.platform.openapi import api_doc
from lifeos.platform.uow import current_session, unit_of_work

# ------------------------------------------------------------------------------ journal


def _account_names(entries: list[LedgerEntry]) -> dict[int, str]:
    ids = {line.account_id for entry in entries for line in entry.lines}
    return {a.id: a.name for a in accounts_svc.accounts_by_id(current_session(), current_user_id(), ids)}


def _entry_out(entry: LedgerEntry) -> s.JournalEntryOut:
    """The entry with its lines' account names."""
    return s.JournalEntryOut.of(entry, _account_names([entry]))


@api_doc(
    summary="Post a balanced journal entry",
    tags=TAGS_JOURNAL,
    body=s.JournalEntryIn,
    response=s.JournalEntryOut,
    status=201,
    also=(200,),
    errors=(401, 403, 409, 422),
    description="Send `Idempotency-Key` to make retries safe: a replay returns the first entry (200).",
)
@require_auth()
def post_journal() -> Any:
    """Post an entry of 2+ lines whose debits equal its credits; 201 with lines and totals."""
    body = parse_body(s.JournalEntryIn)
    key = request.headers.get(IDEMPOTENCY_HEADER) or None
    if key is not None and len(key) > 128:
        raise InvalidEntry(
            "The Idempotency-Key is too long.",
            errors=[{"field": IDEMPOTENCY_HEADER, "message": "at most 128 characters"}],
        )
    lines = [entries_svc.LineInput(ln.account_id, ln.debit, ln.credit, ln.memo) for ln in body.lines]
    with unit_of_work() as uow:
        entry, created = entries_svc.post_entry(
            uow, current_user_id(), body.date, body.description, lines, idempotency_key=key
        )
        return _entry_out(entry), 201 if created else 200


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
    page = entries_svc.list_entries(
        current_session(),
        current_user_id(),
        date_from=query.from_,
        date_to=query.to,
        account_id=query.account_id,
        q=query.q,
        limit=query.limit,
        cursor=query.cursor,
    )
    names = _account_names(page.items)
    return s.JournalListOut(
        items=[s.JournalEntryOut.of(entry, names) for entry in page.items], next_cursor=page.next_cursor
    )


@api_doc(summary="Get a journal entry", tags=TAGS_JOURNAL, response=s.JournalEntryOut, errors=(401, 404))
@require_auth()
def get_journal(entry_id: int) -> Any:
    """One entry with its lines and totals."""
    entry = entries_svc.get_entry(current_session(), current_user_id(), entry_id)
    return _entry_out(entry)


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
    body = parse_body(s.ReverseIn)
    with unit_of_work() as uow:
        entry = entries_svc.reverse_entry(
            uow, current_user_id(), entry_id, body.date or user_today(), body.description
        )
        return _entry_out(entry), 201


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
    body = parse_body(s.TransactionIn)
    with unit_of_work() as uow:
        tx = tx_svc.create_transaction(
            uow,
            current_user_id(),
            on=body.date,
            amount=body.amount,
            from_account_id=body.from_account_id,
            to_account_id=body.to_account_id,
            description=body.description,
            counterparty=body.counterparty,
            external_id=body.external_id,
        )
        return tx, 201


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
        current_session(),
        current_user_id(),
        date_from=query.from_,
        date_to=query.to,
        account_id=query.account_id,
        limit=query.limit,
        cursor=query.cursor,
    )
    return page


@api_doc(summary="Get a transaction", tags=TAGS_JOURNAL, response=s.TransactionOut, errors=(401, 404))
@require_auth()
def get_transaction(tx_id: int) -> Any:
    """One transaction with its journal_entry_id."""
    return tx_svc.get_transaction(current_session(), current_user_id(), tx_id)
