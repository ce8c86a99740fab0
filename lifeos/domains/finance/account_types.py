"""Account types, their subtypes and normal balances (SPEC §4.1): the single source of truth."""

from __future__ import annotations

from dataclasses import dataclass

DEBIT, CREDIT = "debit", "credit"


@dataclass(frozen=True)
class AccountType:
    """One account type: its code, label, normal balance and allowed subtypes (in display order)."""

    code: str
    label: str
    normal_balance: str
    subtypes: tuple[tuple[str, str], ...]

    @property
    def subtype_codes(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.subtypes)


def _subs(*codes: str) -> tuple[tuple[str, str], ...]:
    return tuple((c, c.replace("_", " ").capitalize()) for c in codes)


# Order matters: reports group accounts in exactly this order.
ACCOUNT_TYPES: dict[str, AccountType] = {
    t.code: t
    for t in (
        AccountType(
            "asset", "Asset", DEBIT, _subs("cash", "bank", "investment", "property", "receivable", "other")
        ),
        AccountType("liability", "Liability", CREDIT, _subs("credit_card", "loan", "payable", "other")),
        AccountType(
            "equity", "Equity", CREDIT, _subs("contributed", "retained_earnings", "opening_balance", "other")
        ),
        AccountType("income", "Income", CREDIT, _subs("salary", "investment", "business", "rental", "other")),
        AccountType(
            "expense",
            "Expense",
            DEBIT,
            _subs("groceries", "utilities", "rent", "transportation", "entertainment", "other"),
        ),
    )
}
TYPE_ORDER: tuple[str, ...] = tuple(ACCOUNT_TYPES)


def get_type(code: str) -> AccountType | None:
    """The account type with this code, or None."""
    return ACCOUNT_TYPES.get(code)


def normal_balance(account_type: str) -> str:
    """'debit' or 'credit' for a known account type (unknown legacy types count as debit)."""
    found = ACCOUNT_TYPES.get(account_type)
    return found.normal_balance if found else DEBIT


def type_label(account_type: str) -> str:
    """Human label of a type, for pickers."""
    found = ACCOUNT_TYPES.get(account_type)
    return found.label if found else account_type
