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
