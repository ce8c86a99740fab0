"""Finance JSON API: parse the request, call a service, render the result. No SQL, no rules.

Everything lives under /api/v1/finance; the seed guide's un-prefixed paths (search, inline,
subtypes, types, POST journal) are the same view functions on a second blueprint.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from lifeos.domains.finance.api.accounts import (
    account_ledger,
    account_subtypes,
    account_types,
    create_account,
    deactivate_account,
    get_account,
    inline_account,
    list_accounts,
    patch_account,
    reactivate_account,
    search_accounts,
)
from lifeos.domains.finance.api.entries import (
    create_transaction,
    get_journal,
    get_transaction,
    list_journal,
    list_transactions,
    post_journal,
    reverse_journal,
)
from lifeos.domains.finance.api.imports import commit_import, get_import_mapping, preview_import
from lifeos.domains.finance.api.loans import (
    create_link,
    create_loan,
    delete_loan,
    get_loan,
    list_loans,
    loan_schedule,
    patch_loan,
)
from lifeos.domains.finance.api.receivables import (
    create_entry,
    create_receivable,
    delete_receivable,
    get_receivable,
    list_counterparties,
    list_entries,
    list_receivables,
    patch_receivable,
)
from lifeos.domains.finance.api.reports import (
    balance_sheet,
    get_tb_settings,
    income_statement,
    put_tb_settings,
    trial_balance,
)
from lifeos.domains.finance.api.schedule import ROUTES as SCHEDULE_ROUTES

api = Blueprint("finance_api", __name__, url_prefix="/api/v1/finance")
guide = Blueprint("finance_guide", __name__, url_prefix="/finance")


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
    ("/receivables", list_receivables, ["GET"], False),
    ("/receivables", create_receivable, ["POST"], False),
    ("/receivables/counterparties", list_counterparties, ["GET"], False),
    ("/receivables/<int:receivable_id>", get_receivable, ["GET"], False),
    ("/receivables/<int:receivable_id>", patch_receivable, ["PATCH"], False),
    ("/receivables/<int:receivable_id>", delete_receivable, ["DELETE"], False),
    ("/receivables/<int:receivable_id>/entries", list_entries, ["GET"], False),
    ("/receivables/<int:receivable_id>/entries", create_entry, ["POST"], False),
    ("/loans", list_loans, ["GET"], False),
    ("/loans", create_loan, ["POST"], False),
    ("/loans/<int:loan_id>", get_loan, ["GET"], False),
    ("/loans/<int:loan_id>", patch_loan, ["PATCH"], False),
    ("/loans/<int:loan_id>", delete_loan, ["DELETE"], False),
    ("/loans/<int:loan_id>/links", create_link, ["POST"], False),
    ("/loans/<int:loan_id>/schedule", loan_schedule, ["GET"], False),
    ("/import/preview", preview_import, ["POST"], False),
    ("/import/commit", commit_import, ["POST"], False),
    ("/import/mapping", get_import_mapping, ["GET"], False),
    *SCHEDULE_ROUTES,
]

for _rule, _view, _methods, _on_guide in _ROUTES:
    api.add_url_rule(_rule, view_func=_view, methods=_methods)
    if _on_guide:
        guide.add_url_rule(_rule, view_func=_view, methods=_methods)
