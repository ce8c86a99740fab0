"""Chart of accounts views: types, typeahead, inline creation, CRUD, ledger drill-down."""

from __future__ import annotations

from typing import Any

from lifeos.domains.finance import schemas as s
from lifeos.domains.finance.account_types import ACCOUNT_TYPES, get_type
from lifeos.domains.finance.api.common import TAGS_ACC, TAGS_REPORTS
from lifeos.domains.finance.errors import UnknownAccountType
from lifeos.domains.finance.services import account_ledger as ledger_svc
from lifeos.domains.finance.services import accounts as accounts_svc
from lifeos.domains.finance.services import search as search_svc
from lifeos.platform.auth.guard import current_user_id, require_auth
from lifeos.platform.http import parse_body, parse_query
from lifeos.platform.openapi import api_doc
from lifeos.platform.ratelimits import limit
from lifeos.platform.uow import current_session, unit_of_work

# ------------------------------------------------------------------------------ account types


@api_doc(
    summary="All account types with their subtypes", tags=TAGS_ACC, response=s.AccountTypesOut, auth=False
)
def account_types() -> Any:
    """Every account type in report order, with its normal balance and subtypes."""
    return s.AccountTypesOut.all()


@api_doc(
    summary="Subtypes of an account type", tags=TAGS_ACC, response=s.AccountTypeOut, errors=(404,), auth=False
)
def account_subtypes(account_type: str) -> Any:
    """The subtypes of one type; an unknown type is a 404 `finance.unknown_account_type`."""
    found = get_type(account_type)
    if found is None:
        raise UnknownAccountType(
            f"Unknown account type {account_type[:64]!r}; use one of {', '.join(ACCOUNT_TYPES)}.",
            errors=[{"field": "account_type", "message": "unknown account type"}],
        )
    return s.AccountTypeOut.of(found)


# ------------------------------------------------------------------------------ accounts


@api_doc(
    summary="Typeahead search of active accounts",
    tags=TAGS_ACC,
    query=s.AccountSearchQuery,
    response=s.AccountSearchOut,
    errors=(401, 422, 429),
)
@limit("account_search")
@require_auth()
def search_accounts() -> Any:
    """Prefix matches first, then word-start, then substring; busy and recent accounts first."""
    query = parse_query(s.AccountSearchQuery)
    found = search_svc.search_accounts(current_session(), current_user_id(), query.q, query.limit)
    return {"items": found, "next_cursor": None}


@api_doc(
    summary="Create an account inline, or return the existing one",
    tags=TAGS_ACC,
    body=s.AccountInlineIn,
    response=s.AccountInlineOut,
    status=201,
    also=(200,),
    errors=(401, 403, 409, 422, 429),
)
@limit("account_inline")
@require_auth()
def inline_account() -> Any:
    """201 with `created: true`, or 200 with the user's active account of the same name."""
    body = parse_body(s.AccountInlineIn)
    with unit_of_work() as uow:
        account, created = accounts_svc.create_inline(
            uow, current_user_id(), body.name, body.account_type, body.account_subtype
        )
        return {"account": account, "created": created}, 201 if created else 200


@api_doc(
    summary="List accounts",
    tags=TAGS_ACC,
    query=s.AccountListQuery,
    response=s.AccountListOut,
    errors=(401, 422),
)
@require_auth()
def list_accounts() -> Any:
    """The chart of accounts by name; filters: type, active (true|false|all), q. Cursor-paginated."""
    query = parse_query(s.AccountListQuery)
    active = {"true": True, "false": False, "all": None}[query.active]
    page = accounts_svc.list_accounts(
        current_session(),
        current_user_id(),
        account_type=query.type,
        active=active,
        q=query.q,
        limit=query.limit,
        cursor=query.cursor,
    )
    return page


@api_doc(
    summary="Create an account",
    tags=TAGS_ACC,
    body=s.AccountCreateIn,
    response=s.AccountOut,
    status=201,
    errors=(401, 403, 409, 422),
)
@require_auth()
def create_account() -> Any:
    """Create an account; 409 `finance.account_name_taken` if an active account has the name."""
    body = parse_body(s.AccountCreateIn)
    with unit_of_work() as uow:
        account = accounts_svc.create_account(
            uow, current_user_id(), body.name, body.account_type, body.account_subtype, body.description
        )
        return account, 201


@api_doc(summary="Get an account", tags=TAGS_ACC, response=s.AccountOut, errors=(401, 404))
@require_auth()
def get_account(account_id: int) -> Any:
    """One of the user's accounts."""
    return accounts_svc.get_account(current_session(), current_user_id(), account_id)


@api_doc(
    summary="Rename or reclassify an account",
    tags=TAGS_ACC,
    body=s.AccountPatchIn,
    response=s.AccountOut,
    errors=(401, 403, 404, 409, 422),
)
@require_auth()
def patch_account(account_id: int) -> Any:
    """Rename (normalized name follows), change subtype, or change type while it has no postings."""
    body = parse_body(s.AccountPatchIn)
    changes = {k: getattr(body, k) for k in body.model_fields_set}
    with unit_of_work() as uow:
        return accounts_svc.update_account(uow, current_user_id(), account_id, **changes)


@api_doc(summary="Deactivate an account", tags=TAGS_ACC, response=s.AccountOut, errors=(401, 403, 404))
@require_auth()
def deactivate_account(account_id: int) -> Any:
    """Hide the account from search and new entries; its history stays."""
    with unit_of_work() as uow:
        return accounts_svc.set_active(uow, current_user_id(), account_id, False)


@api_doc(summary="Reactivate an account", tags=TAGS_ACC, response=s.AccountOut, errors=(401, 403, 404, 409))
@require_auth()
def reactivate_account(account_id: int) -> Any:
    """Make the account usable again; 409 if another active account now holds its name."""
    with unit_of_work() as uow:
        return accounts_svc.set_active(uow, current_user_id(), account_id, True)


@api_doc(
    summary="Account ledger with running balance",
    tags=TAGS_REPORTS,
    query=s.LedgerQuery,
    response=s.LedgerOut,
    errors=(401, 404, 422),
)
@require_auth()
def account_ledger(account_id: int) -> Any:
    """The account's postings (order asc|desc) with a cumulative running balance; cursor-paginated."""
    query = parse_query(s.LedgerQuery)
    return ledger_svc.account_ledger(
        current_session(),
        current_user_id(),
        account_id,
        date_from=query.from_,
        date_to=query.to,
        order=query.order,
        limit=query.limit,
        cursor=query.cursor,
    )
