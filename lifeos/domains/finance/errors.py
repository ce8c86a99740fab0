"""Finance error classes: each carries its HTTP status and its stable `finance.<reason>` code."""

from __future__ import annotations

from typing import Any

from lifeos.domains.finance.models import Account, Transaction
from lifeos.domains.finance.schemas import AccountOut, TransactionOut
from lifeos.platform.errors import AppError


class FinanceError(AppError):
    """Base of finance errors (never raised itself)."""


class UnknownAccountType(FinanceError):
    """The account type is not one of asset, liability, equity, income, expense."""

    status = 404
    code = "finance.unknown_account_type"
    title = "Unknown account type"


class InvalidAccount(FinanceError):
    """Account fields are invalid (type, subtype, name), or a journal line names an account
    that is missing, another user's, or inactive."""

    status = 422
    code = "finance.invalid_account"
    title = "Invalid account"


class AccountNotFound(FinanceError):
    """No such account for this user."""

    status = 404
    code = "finance.account_not_found"
    title = "Account not found"


class _NamesAccount(FinanceError):
    """A conflict about an existing account, which the problem body shows as `account`."""

    def __init__(self, detail: str, *, account: Account | None = None, **kwargs: Any) -> None:
        super().__init__(detail, **kwargs)
        if account is not None:
            self.extra["account"] = AccountOut.of(account).model_dump(mode="json")


class AccountNameTaken(_NamesAccount):
    """Another active account of this user already has this name."""

    status = 409
    code = "finance.account_name_taken"
    title = "Account name already in use"


class AccountTypeConflict(_NamesAccount):
    """An account with this name exists with another type; the existing account is in the body."""

    status = 409
    code = "finance.account_type_conflict"
    title = "Account exists with another type"


class AccountHasPostings(FinanceError):
    """The change is not allowed because the account already has journal postings."""

    status = 409
    code = "finance.account_has_postings"
    title = "Account has postings"


class AccountStateConflict(FinanceError):
    """The account is already in the requested state."""

    status = 409
    code = "finance.account_state_conflict"
    title = "Account state conflict"


class InvalidEntry(FinanceError):
    """The journal entry is malformed (lines, amounts, accounts)."""

    status = 422
    code = "finance.invalid_entry"
    title = "Invalid journal entry"


class UnbalancedEntry(FinanceError):
    """Total debits differ from total credits."""

    status = 422
    code = "finance.unbalanced_entry"
    title = "Unbalanced journal entry"


class EntryNotFound(FinanceError):
    """No such journal entry for this user."""

    status = 404
    code = "finance.entry_not_found"
    title = "Journal entry not found"


class EntryAlreadyReversed(FinanceError):
    """The entry has already been reversed."""

    status = 409
    code = "finance.entry_already_reversed"
    title = "Entry already reversed"


class EntryIsReversal(FinanceError):
    """A reversal cannot itself be reversed; post a new entry instead."""

    status = 409
    code = "finance.entry_is_reversal"
    title = "Entry is a reversal"


class IdempotencyKeyReused(FinanceError):
    """The Idempotency-Key was already used for a different request body."""

    status = 422
    code = "finance.idempotency_key_reused"
    title = "Idempotency key reused"


class TransactionNotFound(FinanceError):
    """No such transaction for this user."""

    status = 404
    code = "finance.transaction_not_found"
    title = "Transaction not found"


class InvalidTransaction(FinanceError):
    """The transaction is invalid (same account on both sides, bad accounts)."""

    status = 422
    code = "finance.invalid_transaction"
    title = "Invalid transaction"


class DuplicateTransaction(FinanceError):
    """A transaction with this external_id already exists; it is in the body as `transaction`."""

    def __init__(self, detail: str, *, transaction: Transaction | None = None, **kwargs: Any) -> None:
        super().__init__(detail, **kwargs)
        if transaction is not None:
            self.extra["transaction"] = TransactionOut.of(transaction).model_dump(mode="json")

    status = 409
    code = "finance.duplicate_transaction"
    title = "Duplicate transaction"


class InvalidPeriod(FinanceError):
    """The date range is invalid (from after to)."""

    status = 422
    code = "finance.invalid_period"
    title = "Invalid period"


# ---------------------------------------------------------------------------- CSV import


class ImportFileInvalid(FinanceError):
    """The CSV file cannot be read: encoding, delimiter, size, row or line limits, or a date
    format or decimal mark that the file does not decide. `errors` name the file's line."""

    status = 422
    code = "finance.import_file_invalid"
    title = "Import file cannot be read"


class ImportMappingInvalid(FinanceError):
    """The mapping does not fit the file or the accounts (a column that is not there, a column
    named without a header row, the counter account equal to the account, no saved mapping)."""

    status = 422
    code = "finance.import_mapping_invalid"
    title = "Import mapping invalid"


class ImportRowsInvalid(FinanceError):
    """Some rows cannot be imported; `errors` name each row and column. Nothing was written."""

    status = 422
    code = "finance.import_rows_invalid"
    title = "Import rows invalid"


class ImportUndecided(FinanceError):
    """Rows nearly match existing postings and the commit says neither `accept_rows` nor
    `skip_rows` for them. Nothing was written."""

    status = 422
    code = "finance.import_undecided"
    title = "Import needs decisions"


class ImportMappingNotFound(FinanceError):
    """No mapping is saved for this account yet."""

    status = 404
    code = "finance.import_mapping_not_found"
    title = "Import mapping not found"


# ---------------------------------------------------------------------------- cash-flow schedule


class ScheduleRowNotFound(FinanceError):
    """No such schedule row for this user."""

    status = 404
    code = "finance.schedule_row_not_found"
    title = "Schedule row not found"


class InvalidScheduleRow(FinanceError):
    """The row's fields do not fit together (an end before the start, weekdays on a monthly
    row, both an end date and a count…); `errors` names each field."""

    status = 422
    code = "finance.invalid_schedule_row"
    title = "Invalid schedule row"


class ScenarioNotFound(FinanceError):
    """No such scenario for this user."""

    status = 404
    code = "finance.scenario_not_found"
    title = "Scenario not found"


class ScenarioRowNotFound(FinanceError):
    """No such row in this scenario."""

    status = 404
    code = "finance.scenario_row_not_found"
    title = "Scenario row not found"


class InvalidScenarioRow(FinanceError):
    """A scenario op misses what it needs (add: a whole row; change: base_row_id and amount
    and/or event_date; drop: base_row_id) or carries what it must not."""

    status = 422
    code = "finance.invalid_scenario_row"
    title = "Invalid scenario row"


class ScheduleMatchNotFound(FinanceError):
    """No such occurrence match for this user."""

    status = 404
    code = "finance.schedule_match_not_found"
    title = "Schedule match not found"


class JournalLineNotFound(FinanceError):
    """No such journal line for this user."""

    status = 404
    code = "finance.journal_line_not_found"
    title = "Journal line not found"


class InvalidScheduleMatch(FinanceError):
    """The line cannot pay this occurrence (another account, not an occurrence of the row)."""

    status = 422
    code = "finance.invalid_schedule_match"
    title = "Invalid schedule match"


class ScheduleMatchConflict(FinanceError):
    """The occurrence is already matched, or the line already pays another occurrence."""

    status = 409
    code = "finance.schedule_match_conflict"
    title = "Schedule match conflict"


# ------------------------------------------------------------------ receivables and loans


class ReceivableNotFound(FinanceError):
    """No such receivable tracker for this user."""

    status = 404
    code = "finance.receivable_not_found"
    title = "Receivable not found"


class InvalidReceivable(FinanceError):
    """A receivable's fields disagree (a due date before the start, an entry before the
    start, a start after an existing entry)."""

    status = 422
    code = "finance.invalid_receivable"
    title = "Invalid receivable"


class LoanNotFound(FinanceError):
    """No such loan group for this user."""

    status = 404
    code = "finance.loan_not_found"
    title = "Loan not found"


class InvalidLoanLink(FinanceError):
    """A link names neither or both of a receivable and a journal entry."""

    status = 422
    code = "finance.invalid_loan_link"
    title = "Invalid loan link"


class LoanLinkExists(FinanceError):
    """The receivable or journal entry is already linked to this loan."""

    status = 409
    code = "finance.loan_link_exists"
    title = "Already linked"


class LoanNotAmortizing(FinanceError):
    """The loan has no amortization terms, so it has no payment schedule."""

    status = 409
    code = "finance.loan_not_amortizing"
    title = "Loan has no schedule"
