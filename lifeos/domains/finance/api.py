"""Finance JSON API: parse the request, call a service, render the result. No SQL, no rules.

Everything lives under /api/v1/finance; the seed guide's un-prefixed paths (search, inline,
subtypes, types, POST journal) are the same view functions on a second blueprint.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Flask, request

from lifeos.domains.finance import schemas as s
from lifeos.domains.finance.account_types import ACCOUNT_TYPES, get_type
from lifeos.domains.finance.errors import InvalidEntry, UnknownAccountType
from lifeos.domains.finance.serialize import account_brief, account_dict, entry_dict, transaction_dict
from lifeos.domains.finance.services import accounts as accounts_svc
from lifeos.domains.finance.services import journal as journal_svc
from lifeos.domains.finance.services import ledger as ledger_svc
from lifeos.domains.finance.services import reports as reports_svc
from lifeos.domains.finance.services import search as search_svc
from lifeos.domains.finance.services import transactions as tx_svc
from lifeos.extensions import db
from lifeos.platform.auth.guard import current_user, require_auth
from lifeos.platform.db import iso_utc, money_str
from lifeos.platform.errors import MalformedJSON
from lifeos.platform.http import parse, parse_query
from lifeos.platform.openapi import api_doc
from lifeos.platform.ratelimits import limit
from lifeos.platform.uow import UnitOfWork

TAGS_ACC, TAGS_JOURNAL, TAGS_REPORTS = ("finance: accounts",), ("finance: journal",), ("finance: reports",)
IDEMPOTENCY_HEADER = "Idempotency-Key"

api = Blueprint("finance_api", __name__, url_prefix="/api/v1/finance")
guide = Blueprint("finance_guide", __name__, url_prefix="/finance")


def _body(model: type[s.Schema]) -> Any:
    """Parse the JSON body with numbers as Decimal from their text (never via float)."""
    raw = request.get_data(cache=True)
    data: Any = {}
    if raw:
        try:
            data = json.loads(raw, parse_float=Decimal, parse_constant=Decimal)
        except (ValueError, UnicodeDecodeError) as exc:
            raise MalformedJSON("The request body is not valid JSON.") from exc
    if not isinstance(data, dict):
        raise MalformedJSON("The request body must be a JSON object.")
    return parse(model, data)


def _uid() -> int:
    return current_user().id


def _today() -> date:
    tz_name = getattr(current_user(), "timezone", None) or "UTC"
    try:
        zone: Any = ZoneInfo(tz_name)
    except Exception:  # noqa: BLE001 - an unknown zone falls back to UTC
        zone = UTC
    return datetime.now(zone).date()


def _page(page: Any, render: Any) -> dict[str, Any]:
    return {"items": [render(x) for x in page.items], "next_cursor": page.next_cursor}


def _group(g: Any) -> dict[str, Any]:
    return {
        "account_type": g.account_type,
        "label": g.label,
        "normal_balance": g.normal_balance,
        "accounts": [
            {
                "id": r.id,
                "name": r.name,
                "subtype": r.subtype,
                "is_active": r.is_active,
                "debit": money_str(r.debit),
                "credit": money_str(r.credit),
                "balance": money_str(r.balance),
            }
            for r in g.rows
        ],
        "totals": {
            "debit": money_str(g.debit),
            "credit": money_str(g.credit),
            "balance": money_str(g.balance),
        },
    }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _type_dict(code: str) -> dict[str, Any]:
    t = ACCOUNT_TYPES[code]
    return {
        "code": t.code,
        "label": t.label,
        "normal_balance": t.normal_balance,
        "subtypes": [{"code": c, "label": label} for c, label in t.subtypes],
    }


# ------------------------------------------------------------------------------ account types


@api_doc(
    summary="All account types with their subtypes", tags=TAGS_ACC, response=s.AccountTypesOut, auth=False
)
def account_types() -> Any:
    """Every account type in report order, with its normal balance and subtypes."""
    return {"items": [_type_dict(code) for code in ACCOUNT_TYPES]}


@api_doc(
    summary="Subtypes of an account type", tags=TAGS_ACC, response=s.AccountTypeOut, errors=(404,), auth=False
)
def account_subtypes(account_type: str) -> Any:
    """The subtypes of one type; an unknown type is a 404 `finance.unknown_account_type`."""
    if get_type(account_type) is None:
        raise UnknownAccountType(
            f"Unknown account type {account_type[:64]!r}; use one of {', '.join(ACCOUNT_TYPES)}.",
            errors=[{"field": "account_type", "message": "unknown account type"}],
        )
    return _type_dict(account_type)


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
    found = search_svc.search_accounts(db.session, _uid(), query.q, query.limit)
    return {"items": [account_brief(a) for a in found], "next_cursor": None}


@api_doc(
    summary="Create an account inline, or return the existing one",
    tags=TAGS_ACC,
    body=s.AccountInlineIn,
    response=s.AccountInlineOut,
    status=201,
    errors=(401, 403, 409, 422, 429),
)
@limit("account_inline")
@require_auth()
def inline_account() -> Any:
    """201 with `created: true`, or 200 with the user's active account of the same name."""
    body = _body(s.AccountInlineIn)
    with UnitOfWork(db.session) as uow:
        account, created = accounts_svc.create_inline(
            uow, _uid(), body.name, body.account_type, body.account_subtype
        )
        return {"account": account_dict(account), "created": created}, 201 if created else 200


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
        db.session,
        _uid(),
        account_type=query.type,
        active=active,
        q=query.q,
        limit=query.limit,
        cursor=query.cursor,
    )
    return _page(page, account_dict)


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
    body = _body(s.AccountCreateIn)
    with UnitOfWork(db.session) as uow:
        account = accounts_svc.create_account(
            uow, _uid(), body.name, body.account_type, body.account_subtype, body.description
        )
        return account_dict(account), 201


@api_doc(summary="Get an account", tags=TAGS_ACC, response=s.AccountOut, errors=(401, 404))
@require_auth()
def get_account(account_id: int) -> Any:
    """One of the user's accounts."""
    return account_dict(accounts_svc.get_account(db.session, _uid(), account_id))


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
    body = _body(s.AccountPatchIn)
    changes = {k: getattr(body, k) for k in body.model_fields_set}
    with UnitOfWork(db.session) as uow:
        account = accounts_svc.update_account(uow, _uid(), account_id, **changes)
        return account_dict(account)


@api_doc(summary="Deactivate an account", tags=TAGS_ACC, response=s.AccountOut, errors=(401, 403, 404))
@require_auth()
def deactivate_account(account_id: int) -> Any:
    """Hide the account from search and new entries; its history stays."""
    with UnitOfWork(db.session) as uow:
        return account_dict(accounts_svc.set_active(uow, _uid(), account_id, False))


@api_doc(summary="Reactivate an account", tags=TAGS_ACC, response=s.AccountOut, errors=(401, 403, 404, 409))
@require_auth()
def reactivate_account(account_id: int) -> Any:
    """Make the account usable again; 409 if another active account now holds its name."""
    with UnitOfWork(db.session) as uow:
        return account_dict(accounts_svc.set_active(uow, _uid(), account_id, True))


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
    led = ledger_svc.account_ledger(
        db.session,
        _uid(),
        account_id,
        date_from=query.from_,
        date_to=query.to,
        order=query.order,
        limit=query.limit,
        cursor=query.cursor,
    )
    return {
        "account": account_brief(led.account),
        "items": [
            {
                "line_id": p.line_id,
                "entry_id": p.entry_id,
                "date": p.entry_date.isoformat(),
                "description": p.description,
                "memo": p.memo,
                "debit": money_str(p.debit),
                "credit": money_str(p.credit),
                "amount": money_str(p.amount),
                "balance": money_str(p.balance),
            }
            for p in led.items
        ],
        "next_cursor": led.next_cursor,
        "opening_balance": money_str(led.opening_balance),
        "closing_balance": money_str(led.closing_balance),
    }


# ------------------------------------------------------------------------------ journal


def _names(entry: Any) -> dict[int, str]:
    ids = {line.account_id for line in entry.lines}
    return {a.id: a.name for a in accounts_svc.accounts_by_id(db.session, _uid(), ids)}


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
    body = _body(s.JournalEntryIn)
    key = request.headers.get(IDEMPOTENCY_HEADER) or None
    if key is not None and len(key) > 128:
        raise InvalidEntry(
            "The Idempotency-Key is too long.",
            errors=[{"field": IDEMPOTENCY_HEADER, "message": "at most 128 characters"}],
        )
    lines = [journal_svc.LineInput(ln.account_id, ln.debit, ln.credit, ln.memo) for ln in body.lines]
    with UnitOfWork(db.session) as uow:
        entry, created = journal_svc.post_entry(
            uow, _uid(), body.date, body.description, lines, idempotency_key=key
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
        _uid(),
        date_from=query.from_,
        date_to=query.to,
        account_id=query.account_id,
        q=query.q,
        limit=query.limit,
        cursor=query.cursor,
    )
    return _page(page, entry_dict)


@api_doc(summary="Get a journal entry", tags=TAGS_JOURNAL, response=s.JournalEntryOut, errors=(401, 404))
@require_auth()
def get_journal(entry_id: int) -> Any:
    """One entry with its lines and totals."""
    entry = journal_svc.get_entry(db.session, _uid(), entry_id)
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
    body = _body(s.ReverseIn)
    with UnitOfWork(db.session) as uow:
        entry = journal_svc.reverse_entry(uow, _uid(), entry_id, body.date or _today(), body.description)
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
    body = _body(s.TransactionIn)
    with UnitOfWork(db.session) as uow:
        tx = tx_svc.create_transaction(
            uow,
            _uid(),
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
        _uid(),
        date_from=query.from_,
        date_to=query.to,
        account_id=query.account_id,
        limit=query.limit,
        cursor=query.cursor,
    )
    return _page(page, transaction_dict)


@api_doc(summary="Get a transaction", tags=TAGS_JOURNAL, response=s.TransactionOut, errors=(401, 404))
@require_auth()
def get_transaction(tx_id: int) -> Any:
    """One transaction with its journal_entry_id."""
    return transaction_dict(tx_svc.get_transaction(db.session, _uid(), tx_id))


# ------------------------------------------------------------------------------ reports


def _tb_dict(tb: Any) -> dict[str, Any]:
    return {
        "as_of": _iso(tb.as_of),
        "from": _iso(tb.date_from),
        "groups": [_group(g) for g in tb.groups],
        "totals": {"debit": money_str(tb.total_debit), "credit": money_str(tb.total_credit)},
        "balanced": tb.balanced,
    }


@api_doc(
    summary="Trial balance",
    tags=TAGS_REPORTS,
    query=s.TrialBalanceQuery,
    response=s.TrialBalanceOut,
    errors=(401, 422),
)
@require_auth()
def trial_balance() -> Any:
    """Accounts grouped asset, liability, equity, income, expense; debit/credit totals, balances."""
    query = parse_query(s.TrialBalanceQuery)
    tb = reports_svc.trial_balance(
        db.session, _uid(), as_of=query.as_of, date_from=query.from_, hide_zero=query.hide_zero
    )
    return _tb_dict(tb)


def _settings_dict(st: Any) -> dict[str, Any]:
    return {
        "hide_zero_rows": st.hide_zero_rows,
        "fiscal_year_start_month": st.fiscal_year_start_month,
        "updated_at": iso_utc(st.updated_at),
    }


@api_doc(
    summary="Trial-balance settings", tags=TAGS_REPORTS, response=s.TrialBalanceSettingsOut, errors=(401,)
)
@require_auth()
def get_tb_settings() -> Any:
    """hide_zero_rows and fiscal_year_start_month (defaults until saved)."""
    return _settings_dict(reports_svc.get_settings(db.session, _uid()))


@api_doc(
    summary="Save trial-balance settings",
    tags=TAGS_REPORTS,
    body=s.TrialBalanceSettingsIn,
    response=s.TrialBalanceSettingsOut,
    errors=(401, 403, 422),
)
@require_auth()
def put_tb_settings() -> Any:
    """Replace the user's trial-balance settings."""
    body = _body(s.TrialBalanceSettingsIn)
    with UnitOfWork(db.session) as uow:
        st = reports_svc.save_settings(
            uow,
            _uid(),
            hide_zero_rows=body.hide_zero_rows,
            fiscal_year_start_month=body.fiscal_year_start_month,
        )
        return _settings_dict(st)


@api_doc(
    summary="Balance sheet",
    tags=TAGS_REPORTS,
    query=s.BalanceSheetQuery,
    response=s.BalanceSheetOut,
    errors=(401, 422),
)
@require_auth()
def balance_sheet() -> Any:
    """Assets = liabilities + equity + retained net income, as of a date (default: everything)."""
    query = parse_query(s.BalanceSheetQuery)
    bs = reports_svc.balance_sheet(db.session, _uid(), query.as_of)
    return {
        "as_of": _iso(bs["as_of"]),
        "assets": _group(bs["assets"]),
        "liabilities": _group(bs["liabilities"]),
        "equity": _group(bs["equity"]),
        "retained_net_income": money_str(bs["retained_net_income"]),
        "total_assets": money_str(bs["total_assets"]),
        "total_liabilities_and_equity": money_str(bs["total_liabilities_and_equity"]),
        "balanced": bs["balanced"],
    }


@api_doc(
    summary="Income statement",
    tags=TAGS_REPORTS,
    query=s.IncomeStatementQuery,
    response=s.IncomeStatementOut,
    errors=(401, 422),
)
@require_auth()
def income_statement() -> Any:
    """Income, expense and net income for [from, to] (default: fiscal year to date)."""
    query = parse_query(s.IncomeStatementQuery)
    to = query.to or _today()
    start = query.from_ or reports_svc.fiscal_year_start(
        to, reports_svc.get_settings(db.session, _uid()).fiscal_year_start_month
    )
    st = reports_svc.income_statement(db.session, _uid(), start, to)
    return {
        "from": _iso(st["from"]),
        "to": _iso(st["to"]),
        "income": _group(st["income"]),
        "expense": _group(st["expense"]),
        "net_income": money_str(st["net_income"]),
    }


# ------------------------------------------------------------------------------ routing

_ROUTES: list[tuple[str, Any, list[str], bool]] = [
    # (rule, view, methods, also on the guide's un-prefixed /finance blueprint)
    ("/accounts/types", account_types, ["GET"], True),
    ("/accounts/subtypes/<account_type>", account_subtypes, ["GET"], True),
    ("/accounts/search", search_accounts, ["GET"], True),
    ("/accounts/inline", inline_account, ["POST"], True),
    ("/accounts", list_accounts, ["GET"], False),
    ("/accounts", create_account, ["POST"], False),
    ("/accounts/<int:account_id>", get_account, ["GET"], False),
    ("/accounts/<int:account_id>", patch_account, ["PATCH"], False),
    ("/accounts/<int:account_id>/deactivate", deactivate_account, ["POST"], False),
    ("/accounts/<int:account_id>/reactivate", reactivate_account, ["POST"], False),
    ("/accounts/<int:account_id>/ledger", account_ledger, ["GET"], False),
    ("/journal", post_journal, ["POST"], True),
    ("/journal", list_journal, ["GET"], False),
    ("/journal/<int:entry_id>", get_journal, ["GET"], False),
    ("/journal/<int:entry_id>/reverse", reverse_journal, ["POST"], False),
    ("/transactions", list_transactions, ["GET"], False),
    ("/transactions", create_transaction, ["POST"], False),
    ("/transactions/<int:tx_id>", get_transaction, ["GET"], False),
    ("/trial-balance", trial_balance, ["GET"], False),
    ("/trial-balance/settings", get_tb_settings, ["GET"], False),
    ("/trial-balance/settings", put_tb_settings, ["PUT"], False),
    ("/reports/balance-sheet", balance_sheet, ["GET"], False),
    ("/reports/income-statement", income_statement, ["GET"], False),
]

for _rule, _view, _methods, _on_guide in _ROUTES:
    api.add_url_rule(_rule, view_func=_view, methods=_methods)
    if _on_guide:
        guide.add_url_rule(_rule, view_func=_view, methods=_methods)


def register(app: Flask) -> None:
    """Register finance blueprints under /api/v1/finance and the guide's /finance paths."""
    from lifeos.domains.finance.cli import finance_cli

    app.register_blueprint(api)
    app.register_blueprint(guide)
    app.cli.add_command(finance_cli)
