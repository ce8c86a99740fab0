"""Report views: trial balance and its settings, balance sheet, income statement."""

from __future__ import annotations

from typing import Any

from lifeos.domains.finance import schemas as s
from lifeos.domains.finance.api.common import TAGS_REPORTS
from lifeos.domains.finance.services import reports as reports_svc
from lifeos.platform.auth.guard import current_user_id, require_auth
from lifeos.platform.clock import user_today
from lifeos.platform.http import parse_body, parse_query
from lifeos.platform.openapi import api_doc
from lifeos.platform.uow import current_session, unit_of_work


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
        current_session(),
        current_user_id(),
        as_of=query.as_of,
        date_from=query.from_,
        hide_zero=query.hide_zero,
    )
    return tb


@api_doc(
    summary="Trial-balance settings", tags=TAGS_REPORTS, response=s.TrialBalanceSettingsOut, errors=(401,)
)
@require_auth()
def get_tb_settings() -> Any:
    """hide_zero_rows and fiscal_year_start_month (defaults until saved)."""
    return reports_svc.get_settings(current_session(), current_user_id())


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
    body = parse_body(s.TrialBalanceSettingsIn)
    with unit_of_work() as uow:
        st = reports_svc.save_settings(
            uow,
            current_user_id(),
            hide_zero_rows=body.hide_zero_rows,
            fiscal_year_start_month=body.fiscal_year_start_month,
        )
        return st


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
    return reports_svc.balance_sheet(current_session(), current_user_id(), query.as_of)


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
        to, reports_svc.get_settings(current_session(), current_user_id()).fiscal_year_start_month
    )
    return reports_svc.income_statement(current_session(), current_user_id(), start, to)
