"""Receivable tracker views: parse, call services.receivables, render."""

from __future__ import annotations

from typing import Any

from flask import Response

from lifeos.domains.finance.schemas import receivables as s
from lifeos.domains.finance.services import receivables as svc
from lifeos.platform.auth.guard import current_user_id, require_auth
from lifeos.platform.clock import user_today
from lifeos.platform.http import parse_body, parse_query
from lifeos.platform.openapi import api_doc
from lifeos.platform.uow import current_session, unit_of_work

TAGS = ("finance: receivables",)

INTEREST_RULE = (
    "Interest (day count actual/365, from `start_date` to `as_of`, the day `as_of` not counted): "
    "`simple` accrues on the outstanding principal only; `compound` accrues the same way on the "
    "running balance and adds the interest to the balance at the end of each compounding period "
    "(periods anchored on `start_date`; a 31st falls on a shorter month's last day; `daily` "
    "capitalizes every day). A repayment pays accrued interest first, then the balance; no "
    "interest accrues on a balance at or below zero. Amounts are rounded half-up to cents only "
    "when shown. `outstanding` = principal + entries + interest accrued, as of `as_of` (default "
    "today in your time zone; before `start_date` everything is 0). `overdue` from the day after "
    "`due_date` while at least a cent is outstanding."
)


@api_doc(
    summary="Start tracking money someone owes you",
    tags=TAGS,
    body=s.ReceivableIn,
    response=s.ReceivableOut,
    status=201,
    errors=(401, 403, 422),
    description="422 `finance.invalid_receivable` when `due_date` is before `start_date`. " + INTEREST_RULE,
)
@require_auth()
def create_receivable() -> Any:
    body = parse_body(s.ReceivableIn)
    with unit_of_work() as uow:
        return svc.create_tracker(uow, current_user_id(), body, user_today()), 201


@api_doc(
    summary="List receivables",
    tags=TAGS,
    query=s.ReceivableListQuery,
    response=s.ReceivableListOut,
    errors=(401, 422),
    description="Newest `start_date` first (then id), each with its figures as of `as_of`. "
    "Cursor-paginated. " + INTEREST_RULE,
)
@require_auth()
def list_receivables() -> Any:
    query = parse_query(s.ReceivableListQuery)
    return svc.list_trackers(
        current_session(),
        current_user_id(),
        query.as_of or user_today(),
        counterparty=query.counterparty,
        limit=query.limit,
        cursor=query.cursor,
    )


@api_doc(
    summary="Receivables netted per counterparty",
    tags=TAGS,
    query=s.AsOfPageQuery,
    response=s.CounterpartyListOut,
    errors=(401, 422),
    description="One item per person (name compared case-insensitively, spaces collapsed), by name: "
    "`owed_to_me` sums the outstanding of their trackers, `owed_by_me` that of their trackers "
    "linked to a *borrowed* loan, `net` the difference; `overdue` when any tracker is. "
    "Cursor-paginated.",
)
@require_auth()
def list_counterparties() -> Any:
    query = parse_query(s.AsOfPageQuery)
    return svc.counterparties(
        current_session(),
        current_user_id(),
        query.as_of or user_today(),
        limit=query.limit,
        cursor=query.cursor,
    )


@api_doc(
    summary="Get a receivable",
    tags=TAGS,
    query=s.AsOfQuery,
    response=s.ReceivableOut,
    errors=(401, 404, 422),
    description=INTEREST_RULE,
)
@require_auth()
def get_receivable(receivable_id: int) -> Any:
    query = parse_query(s.AsOfQuery)
    return svc.get_card(current_session(), current_user_id(), receivable_id, query.as_of or user_today())


@api_doc(
    summary="Change a receivable",
    tags=TAGS,
    body=s.ReceivablePatch,
    response=s.ReceivableOut,
    errors=(401, 403, 404, 422),
    description="Only the fields sent change (`interest` is replaced whole). 422 "
    "`finance.invalid_receivable` for a due date before the start or a start after an entry.",
)
@require_auth()
def patch_receivable(receivable_id: int) -> Any:
    body = parse_body(s.ReceivablePatch)
    changes = {name: getattr(body, name) for name in body.model_fields_set}
    with unit_of_work() as uow:
        return svc.update_tracker(uow, current_user_id(), receivable_id, changes, user_today())


@api_doc(summary="Delete a receivable", tags=TAGS, status=204, errors=(401, 403, 404))
@require_auth()
def delete_receivable(receivable_id: int) -> Any:
    """Delete the tracker with its entries and its loan links; 204."""
    with unit_of_work() as uow:
        svc.delete_tracker(uow, current_user_id(), receivable_id)
    return Response(status=204)


@api_doc(
    summary="Record a repayment or further lending",
    tags=TAGS,
    body=s.EntryIn,
    response=s.EntryOut,
    status=201,
    errors=(401, 403, 404, 422),
    description="`amount` is signed: negative repays, positive lends more. 422 "
    "`finance.invalid_receivable` for a date before the receivable's `start_date`.",
)
@require_auth()
def create_entry(receivable_id: int) -> Any:
    body = parse_body(s.EntryIn)
    with unit_of_work() as uow:
        return svc.record_entry(uow, current_user_id(), receivable_id, body), 201


@api_doc(
    summary="List a receivable's entries",
    tags=TAGS,
    query=s.PageQuery,
    response=s.EntryListOut,
    errors=(401, 404, 422),
)
@require_auth()
def list_entries(receivable_id: int) -> Any:
    """Newest first (date, then id). Cursor-paginated."""
    query = parse_query(s.PageQuery)
    return svc.list_entries(
        current_session(), current_user_id(), receivable_id, limit=query.limit, cursor=query.cursor
    )
