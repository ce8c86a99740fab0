"""Report views: trial balance and its settings, balance sheet, income statement."""

from __future__ import annotations

from typing import Any

from lifeos.domains.finance import schemas as s
from lifeos.domains.finance.api.common import (
    TAGS_REPORTS,
    current_uid,
    iso_date,
    parse_json,
    user_today,
)
from lifeos.domains.finance.services import reports as reports_svc
from lifeos.extensions import db
from lifeos.platform.auth.guard import require_auth
from lifeos.platform.db import iso_utc, money_str
from lifeos.platform.http import parse_query
from lifeos.platform.openapi import api_doc
from lifeos.platform.uow import UnitOfWork

# ------------------------------------------------------------------------------ reports


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


def _tb_dict(tb: Any) -> dict[str, Any]:
    return {
        "as_of": iso_date(tb.as_of),
        "from": iso_date(tb.date_from),
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
        db.session, current_uid(), as_of=query.as_of, date_from=query.from_, hide_zero=query.hide_zero
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
    return _settings_dict(reports_svc.get_settings(db.session, current_uid()))


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
    body = parse_json(s.TrialBalanceSettingsIn)
    with UnitOfWork(db.session) as uow:
        st = reports_svc.save_settings(
            uow,
            current_uid(),
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
    bs = reports_svc.balance_sheet(db.session, current_uid(), query.as_of)
    return {
        "as_of": iso_date(bs["as_of"]),
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
    to = query.to or user_today()
    start = query.from_ or reports_svc.fiscal_year_start(
        to, reports_svc.get_settings(db.session, current_uid()).fiscal_year_start_month
    )
    st = reports_svc.income_statement(db.session, current_uid(), start, to)
    return {
        "from": iso_date(st["from"]),
        "to": iso_date(st["to"]),
        "income": _group(st["income"]),
        "expense": _group(st["expense"]),
        "net_income": money_str(st["net_income"]),
    }
