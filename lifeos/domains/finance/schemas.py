"""Request and response schemas for the finance API (pydantic). Money travels as 2-dp strings."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field, field_validator

from lifeos.domains.finance.services.money import parse_amount
from lifeos.platform.http import Schema

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DATE.match(value.strip()):
        raise ValueError("must be a date formatted YYYY-MM-DD")
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValueError("must be a valid calendar date (YYYY-MM-DD)") from exc


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Limit100 = Annotated[int, Field(ge=1, le=100)]
Text255 = Annotated[str, Field(max_length=255)]


def _amount(value: Any) -> Any:
    if value is None:
        return None
    return parse_amount(value)


# ---------------------------------------------------------------------------- accounts


class AccountFields(Schema):
    name: str = Field(max_length=4000, description="Display name; trimmed, 1–255 characters.")
    account_type: str = Field(max_length=64, description="asset, liability, equity, income or expense.")
    account_subtype: str | None = Field(
        default=None, max_length=64, description="One of the type's subtypes."
    )


class AccountInlineIn(AccountFields):
    """Create an account from a picker, or get the existing one with the same name."""


class AccountCreateIn(AccountFields):
    description: str | None = Field(default=None, max_length=2000)


class AccountPatchIn(Schema):
    name: str | None = Field(default=None, max_length=4000)
    account_type: str | None = Field(default=None, max_length=64)
    account_subtype: str | None = Field(default=None, max_length=64)
    description: str | None = Field(default=None, max_length=2000)


class AccountSearchQuery(Schema):
    q: str = Field(
        default="", max_length=255, description="Typed text; empty returns the most used accounts."
    )
    limit: int = Field(default=20, ge=1, le=50)


class AccountListQuery(Schema):
    type: str | None = Field(default=None, max_length=64)
    active: Literal["true", "false", "all"] = "true"
    q: str | None = Field(default=None, max_length=255)
    limit: Limit100 = 50
    cursor: str | None = Field(default=None, max_length=512)


class AccountBrief(BaseModel):
    id: int
    name: str
    account_type: str
    account_subtype: str | None
    normal_balance: Literal["debit", "credit"]
    type_label: str


class AccountOut(AccountBrief):
    normalized_name: str
    description: str | None
    is_active: bool
    use_count: int
    last_used_at: str | None
    created_at: str | None
    updated_at: str | None


class AccountSearchOut(BaseModel):
    items: list[AccountBrief]
    next_cursor: None = None


class AccountListOut(BaseModel):
    items: list[AccountOut]
    next_cursor: str | None


class AccountInlineOut(BaseModel):
    account: AccountOut
    created: bool


class SubtypeOut(BaseModel):
    code: str
    label: str


class AccountTypeOut(BaseModel):
    code: str
    label: str
    normal_balance: Literal["debit", "credit"]
    subtypes: list[SubtypeOut]


class AccountTypesOut(BaseModel):
    items: list[AccountTypeOut]


# ---------------------------------------------------------------------------- journal


class JournalLineIn(Schema):
    account_id: int = Field(ge=1)
    debit: str | int | None = Field(default=None, description='Positive, ≤ 2 decimals, e.g. "12.34".')
    credit: str | int | None = Field(default=None, description='Positive, ≤ 2 decimals, e.g. "12.34".')
    memo: str | None = Field(default=None, max_length=1000)

    @field_validator("debit", "credit", mode="before")
    @classmethod
    def _money(cls, value: Any) -> Any:
        return None if value is None else str(_amount(value))


class JournalEntryIn(Schema):
    date: IsoDate
    description: str | None = Field(default=None, max_length=2000)
    lines: list[JournalLineIn] = Field(max_length=500)


class JournalListQuery(Schema):
    from_: IsoDate | None = Field(default=None, alias="from")
    to: IsoDate | None = None
    account_id: int | None = Field(default=None, ge=1)
    q: str | None = Field(default=None, max_length=255)
    limit: Limit100 = 50
    cursor: str | None = Field(default=None, max_length=512)


class ReverseIn(Schema):
    date: IsoDate | None = None
    description: str | None = Field(default=None, max_length=2000)


class JournalLineOut(BaseModel):
    id: int
    account_id: int
    account_name: str | None
    debit: str | None
    credit: str | None
    memo: str | None


class Totals(BaseModel):
    debit: str
    credit: str


class JournalEntryOut(BaseModel):
    id: int
    date: str
    description: str | None
    posted_at: str | None
    source: str
    reversal_of_id: int | None
    lines: list[JournalLineOut]
    totals: Totals


class JournalListOut(BaseModel):
    items: list[JournalEntryOut]
    next_cursor: str | None


# ---------------------------------------------------------------------------- transactions


class TransactionIn(Schema):
    date: IsoDate
    amount: str | int = Field(description='Positive, ≤ 2 decimals, e.g. "12.34".')
    description: str | None = Field(default=None, max_length=2000)
    counterparty: Text255 | None = None
    from_account_id: int = Field(ge=1)
    to_account_id: int = Field(ge=1)
    external_id: str | None = Field(default=None, max_length=128)

    @field_validator("amount", mode="before")
    @classmethod
    def _money(cls, value: Any) -> Any:
        return str(_amount(value))


class TransactionListQuery(Schema):
    from_: IsoDate | None = Field(default=None, alias="from")
    to: IsoDate | None = None
    account_id: int | None = Field(default=None, ge=1)
    limit: Limit100 = 50
    cursor: str | None = Field(default=None, max_length=512)


class TransactionOut(BaseModel):
    id: int
    date: str
    amount: str
    description: str | None
    counterparty: str | None
    from_account_id: int | None
    to_account_id: int | None
    external_id: str | None
    journal_entry_id: int | None
    created_at: str | None


class TransactionListOut(BaseModel):
    items: list[TransactionOut]
    next_cursor: str | None


# ---------------------------------------------------------------------------- reports


class TrialBalanceQuery(Schema):
    as_of: IsoDate | None = None
    from_: IsoDate | None = Field(default=None, alias="from")
    hide_zero: bool | None = Field(default=None, description="Override the saved hide_zero_rows setting.")


class TrialBalanceSettingsIn(Schema):
    hide_zero_rows: bool = Field(strict=True)
    fiscal_year_start_month: int = Field(ge=1, le=12, strict=True)


class TrialBalanceSettingsOut(BaseModel):
    hide_zero_rows: bool
    fiscal_year_start_month: int
    updated_at: str | None


class LedgerQuery(Schema):
    from_: IsoDate | None = Field(default=None, alias="from")
    to: IsoDate | None = None
    order: Literal["asc", "desc"] = "asc"
    limit: Limit100 = 50
    cursor: str | None = Field(default=None, max_length=512)


class BalanceSheetQuery(Schema):
    as_of: IsoDate | None = None


class IncomeStatementQuery(Schema):
    from_: IsoDate | None = Field(default=None, alias="from")
    to: IsoDate | None = None


class ReportRowOut(BaseModel):
    id: int
    name: str
    subtype: str | None
    is_active: bool
    debit: str
    credit: str
    balance: str


class ReportGroupOut(BaseModel):
    account_type: str
    label: str
    normal_balance: str
    accounts: list[ReportRowOut]
    totals: dict[str, str]


class TrialBalanceOut(BaseModel):
    as_of: str | None
    from_: str | None = Field(alias="from")
    groups: list[ReportGroupOut]
    totals: dict[str, str]
    balanced: bool


class LedgerPostingOut(BaseModel):
    line_id: int
    entry_id: int
    date: str
    description: str | None
    memo: str | None
    debit: str
    credit: str
    amount: str
    balance: str


class LedgerOut(BaseModel):
    account: AccountBrief
    items: list[LedgerPostingOut]
    next_cursor: str | None
    opening_balance: str
    closing_balance: str


class BalanceSheetOut(BaseModel):
    as_of: str | None
    assets: ReportGroupOut
    liabilities: ReportGroupOut
    equity: ReportGroupOut
    retained_net_income: str
    total_assets: str
    total_liabilities_and_equity: str
    balanced: bool


class IncomeStatementOut(BaseModel):
    from_: str = Field(alias="from")
    to: str
    income: ReportGroupOut
    expense: ReportGroupOut
    net_income: str
