"""Loan group views: parse, call services.loans, render."""

from __future__ import annotations

from typing import Any

from flask import Response

from lifeos.domains.finance.schemas import receivables as s
from lifeos.domains.finance.services import loans as svc
from lifeos.platform.auth.guard import current_user_id, require_auth
from lifeos.platform.clock import user_today
from lifeos.platform.http import parse_body, parse_query
from lifeos.platform.openapi import api_doc
from lifeos.platform.uow import current_session, unit_of_work

TAGS = ("finance: loans",)

FIGURES = (
    "Paid = repayments (negative entries) of the linked receivables + the totals of the linked "
    "journal entries, up to `as_of` (default today). Without `amortization`: principal = the "
    "receivables' principals + further lending, interest = theirs, outstanding = principal + "
    "interest − paid. With it: each period charges interest on the actual balance and "
    "outstanding is that balance after what was paid."
)


@api_doc(
    summary="Create a loan",
    tags=TAGS,
    body=s.LoanIn,
    response=s.LoanOut,
    status=201,
    errors=(401, 403, 422),
    description="`direction`: lent (they owe you) or borrowed (you owe them). `amortization` "
    "makes it an annuity loan with a payment schedule.",
)
@require_auth()
def create_loan() -> Any:
    body = parse_body(s.LoanIn)
    with unit_of_work() as uow:
        return svc.create_loan(uow, current_user_id(), body, user_today()), 201


@api_doc(
    summary="List loans",
    tags=TAGS,
    query=s.AsOfPageQuery,
    response=s.LoanListOut,
    errors=(401, 422),
    description="Newest first. Cursor-paginated. " + FIGURES,
)
@require_auth()
def list_loans() -> Any:
    query = parse_query(s.AsOfPageQuery)
    return svc.list_loans(
        current_session(),
        current_user_id(),
        query.as_of or user_today(),
        limit=query.limit,
        cursor=query.cursor,
    )


@api_doc(
    summary="Get a loan",
    tags=TAGS,
    query=s.AsOfQuery,
    response=s.LoanOut,
    errors=(401, 404, 422),
    description=FIGURES,
)
@require_auth()
def get_loan(loan_id: int) -> Any:
    query = parse_query(s.AsOfQuery)
    return svc.get_card(current_session(), current_user_id(), loan_id, query.as_of or user_today())


@api_doc(
    summary="Change a loan",
    tags=TAGS,
    body=s.LoanPatch,
    response=s.LoanOut,
    errors=(401, 403, 404, 422),
)
@require_auth()
def patch_loan(loan_id: int) -> Any:
    """Only the fields sent change; `amortization` is replaced whole (null: no schedule)."""
    body = parse_body(s.LoanPatch)
    changes = {name: getattr(body, name) for name in body.model_fields_set}
    with unit_of_work() as uow:
        return svc.update_loan(uow, current_user_id(), loan_id, changes, user_today())


@api_doc(summary="Delete a loan", tags=TAGS, status=204, errors=(401, 403, 404))
@require_auth()
def delete_loan(loan_id: int) -> Any:
    """Delete the loan and its links (the receivables and journal entries stay); 204."""
    with unit_of_work() as uow:
        svc.delete_loan(uow, current_user_id(), loan_id)
    return Response(status=204)


@api_doc(
    summary="Link a receivable or a journal entry to a loan",
    tags=TAGS,
    body=s.LinkIn,
    response=s.LinkOut,
    status=201,
    errors=(401, 403, 404, 409, 422),
    description="Exactly one of `receivable_id` and `journal_entry_id` (422 "
    "`finance.invalid_loan_link` otherwise); a journal entry counts as a payment of its total. "
    "404 for an id that is not yours; 409 `finance.loan_link_exists` when already linked.",
)
@require_auth()
def create_link(loan_id: int) -> Any:
    body = parse_body(s.LinkIn)
    with unit_of_work() as uow:
        return svc.add_link(uow, current_user_id(), loan_id, body), 201


@api_doc(
    summary="A loan's payment schedule against what was paid",
    tags=TAGS,
    query=s.ScheduleQuery,
    response=s.ScheduleOut,
    errors=(401, 404, 409, 422),
    description="Annuity payment `P·i / (1 − (1+i)^−n)` with `i` = annual_rate / payments_per_year, "
    "rounded half-up to cents; interest per row on the balance, rounded to cents; the last "
    "payment takes the rounding remainder so the principal parts sum to the principal. A payment "
    "counts for the first due date on or after its date; paid above the scheduled payment, and a "
    "what-if `extra_amount` after payment `extra_after`, re-amortize the rest: `shorter_term` "
    "keeps the payment, `lower_payment` keeps the term. `ahead` = paid_to_date − "
    "scheduled_to_date (negative: behind). 409 `finance.loan_not_amortizing` without terms.",
)
@require_auth()
def loan_schedule(loan_id: int) -> Any:
    query = parse_query(s.ScheduleQuery)
    return svc.loan_schedule(
        current_session(),
        current_user_id(),
        loan_id,
        query.as_of or user_today(),
        extra_amount=query.extra_amount,
        extra_after=query.extra_after,
        mode=query.mode,
    )
