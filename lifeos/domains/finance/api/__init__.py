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
from lifeos.domains.finance.api.reports import (
    balance_sheet,
    get_tb_settings,
    income_statement,
    put_tb_settings,
    trial_balance,
)

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
]

for _rule, _view, _methods, _on_guide in _ROUTES:
    api.add_url_rule(_rule, view_func=_view, methods=_methods)
    if _on_guide:
        guide.add_url_rule(_rule, view_func=_view, methods=_methods)
