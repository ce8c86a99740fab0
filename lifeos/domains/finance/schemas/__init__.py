"""Finance request and response schemas (pydantic): one response schema per resource.

Request schemas parse money once (`AmountIn`: Decimal, never float). Response schemas are built
from the models and the services' report objects (by attribute) and are what the views render
and what the OpenAPI document describes; money goes out as 2-dp strings.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BeforeValidator, Field, computed_field, field_validator, model_validator

from lifeos.domains.finance.account_types import ACCOUNT_TYPES, AccountType, normal_balance, type_label
from lifeos.domains.finance.models import Account, LedgerEntry, Transaction
from lifeos.platform.http import MAX_ID, Cursor, IsoDate, Limit100, Schema
from lifeos.platform.money import ZERO, AmountIn, MoneyOut
from lifeos.platform.schemas import OutSchema, UtcDateTime


def _whole_number(value: Any) -> Any:
    """JSON's 3 or 3.0 (a Decimal here), never true or "3"."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise ValueError("must be a whole number")
    if isinstance(value, Decimal) and value != value.to_integral_value():
        raise ValueError("must be a whole number")
    return int(value)


Text255 = Annotated[str, Field(max_length=255)]


# ---------------------------------------------------------------------------- accounts


class AccountFields(Schema):
    name: str = Field(max_length=4000, description="Display name; trimmed, 1–255 characters.")
    account_type: str = Field(
        max_length=64,
        description="asset, liability, equity, income or expense.",
        json_schema_extra={"enum": list(ACCOUNT_TYPES)},
    )
    account_subtype: str | None = Field(
        default=None, max_length=64, description="One of the type's subtypes."
    )


class AccountInlineIn(AccountFields):
    """Create an account from a picker, or get the existing one with the same name."""


class AccountCreateIn(AccountFields):
    description: str | None = Field(default=None, max_length=2000)


class AccountPatchIn(Schema):
    name: str | None = Field(default=None, max_length=4000)
    account_type: str | None = Field(
        default=None, max_length=64, json_schema_extra={"enum": [*ACCOUNT_TYPES, None]}
    )
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
    cursor: Cursor


class AccountBrief(OutSchema):
    """What a picker needs: id, name, type, subtype, normal balance and the type's label."""

    id: int
    name: str
    account_type: str
    account_subtype: str | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def normal_balance(self) -> Literal["debit", "credit"]:
        return "credit" if normal_balance(self.account_type) == "credit" else "debit"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def type_label(self) -> str:
        return type_label(self.account_type)


class AccountOut(AccountBrief):
    """The full account resource."""

    normalized_name: str
    description: str | None
    is_active: bool
    use_count: int
    last_used_at: UtcDateTime | None
    created_at: UtcDateTime | None
    updated_at: UtcDateTime | None

    @field_validator("use_count", mode="before")
    @classmethod
    def _count(cls, value: Any) -> Any:
        return value or 0

    @classmethod
    def of(cls, account: Account) -> AccountOut:
        return cls.model_validate(account)


class AccountSearchOut(OutSchema):
    items: list[AccountBrief]
    next_cursor: None = None


class AccountListOut(OutSchema):
    items: list[AccountOut]
    next_cursor: str | None


class AccountInlineOut(OutSchema):
    account: AccountOut
    created: bool


class SubtypeOut(OutSchema):
    code: str
    label: str


class AccountTypeOut(OutSchema):
    code: str
    label: str
    normal_balance: Literal["debit", "credit"]
    subtypes: list[SubtypeOut]

    @classmethod
    def of(cls, t: AccountType) -> AccountTypeOut:
        subtypes = [SubtypeOut(code=code, label=label) for code, label in t.subtypes]
        return cls(code=t.code, label=t.label, normal_balance=_side(t.normal_balance), subtypes=subtypes)


class AccountTypesOut(OutSchema):
    items: list[AccountTypeOut]

    @classmethod
    def all(cls) -> AccountTypesOut:
        return cls(items=[AccountTypeOut.of(t) for t in ACCOUNT_TYPES.values()])


def _side(value: str) -> Literal["debit", "credit"]:
    return "credit" if value == "credit" else "debit"


# ---------------------------------------------------------------------------- journal


class JournalLineIn(Schema):
    account_id: int = Field(ge=1, le=MAX_ID)
    debit: AmountIn | None = None
    credit: AmountIn | None = None
    memo: str | None = Field(default=None, max_length=1000)


class JournalEntryIn(Schema):
    date: IsoDate
    description: str | None = Field(default=None, max_length=2000)
    # 2–500 lines is a rule of the entry (422 finance.invalid_entry), stated here for clients.
    lines: list[JournalLineIn] = Field(max_length=500, json_schema_extra={"minItems": 2})


class JournalListQuery(Schema):
    from_: IsoDate | None = Field(default=None, alias="from")
    to: IsoDate | None = None
    account_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    q: str | None = Field(default=None, max_length=255)
    limit: Limit100 = 50
    cursor: Cursor


class ReverseIn(Schema):
    date: IsoDate | None = None
    description: str | None = Field(default=None, max_length=2000)


class JournalLineOut(OutSchema):
    id: int
    account_id: int
    account_name: str | None
    debit: MoneyOut | None
    credit: MoneyOut | None
    memo: str | None


class DebitCreditOut(OutSchema):
    debit: MoneyOut
    credit: MoneyOut


class JournalEntryOut(OutSchema):
    """A ledger entry with its lines (by id) and totals."""

    id: int
    date: dt.date
    description: str | None
    posted_at: UtcDateTime | None
    source: str
    reversal_of_id: int | None
    lines: list[JournalLineOut]
    totals: DebitCreditOut

    @model_validator(mode="before")
    @classmethod
    def _from_entry(cls, value: Any) -> Any:
        return cls.fields_of(value) if isinstance(value, LedgerEntry) else value

    @classmethod
    def fields_of(cls, entry: LedgerEntry, names: dict[int, str] | None = None) -> dict[str, Any]:
        lines = sorted(entry.lines, key=lambda line: line.id)
        return {
            "id": entry.id,
            "date": entry.entry_date,
            "description": entry.description,
            "posted_at": entry.posted_at,
            "source": entry.source,
            "reversal_of_id": entry.reversal_of_id,
            "lines": [
                {
                    "id": line.id,
                    "account_id": line.account_id,
                    "account_name": (names or {}).get(line.account_id),
                    "debit": line.debit or None,
                    "credit": line.credit or None,
                    "memo": line.memo,
                }
                for line in lines
            ],
            "totals": {
                "debit": sum((line.debit for line in lines), start=ZERO),
                "credit": sum((line.credit for line in lines), start=ZERO),
            },
        }

    @classmethod
    def of(cls, entry: LedgerEntry, names: dict[int, str] | None = None) -> JournalEntryOut:
        return cls.model_validate(cls.fields_of(entry, names))


class JournalListOut(OutSchema):
    items: list[JournalEntryOut]
    next_cursor: str | None


# ---------------------------------------------------------------------------- transactions


class TransactionIn(Schema):
    date: IsoDate
    amount: AmountIn
    description: str | None = Field(default=None, max_length=2000)
    counterparty: Text255 | None = None
    from_account_id: int = Field(ge=1, le=MAX_ID)
    to_account_id: int = Field(ge=1, le=MAX_ID)
    external_id: str | None = Field(default=None, max_length=128)


class TransactionListQuery(Schema):
    from_: IsoDate | None = Field(default=None, alias="from")
    to: IsoDate | None = None
    account_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    limit: Limit100 = 50
    cursor: Cursor


class TransactionOut(OutSchema):
    """Money moved from one account to another, and the entry it posted."""

    id: int
    date: dt.date = Field(validation_alias=AliasChoices("date", "occurred_at"))
    amount: MoneyOut
    description: str | None
    counterparty: str | None
    from_account_id: int | None
    to_account_id: int | None
    external_id: str | None
    journal_entry_id: int | None
    created_at: UtcDateTime | None

    @field_validator("date", mode="before")
    @classmethod
    def _day(cls, value: Any) -> Any:
        return value.date() if isinstance(value, dt.datetime) else value

    @classmethod
    def of(cls, tx: Transaction) -> TransactionOut:
        return cls.model_validate(tx)


class TransactionListOut(OutSchema):
    items: list[TransactionOut]
    next_cursor: str | None


# ---------------------------------------------------------------------------- reports


class TrialBalanceQuery(Schema):
    as_of: IsoDate | None = None
    from_: IsoDate | None = Field(default=None, alias="from")
    hide_zero: bool | None = Field(default=None, description="Override the saved hide_zero_rows setting.")


class TrialBalanceSettingsIn(Schema):
    hide_zero_rows: bool = Field(strict=True)
    fiscal_year_start_month: Annotated[int, BeforeValidator(_whole_number)] = Field(ge=1, le=12)


class TrialBalanceSettingsOut(OutSchema):
    hide_zero_rows: bool
    fiscal_year_start_month: int
    updated_at: UtcDateTime | None


class LedgerQuery(Schema):
    from_: IsoDate | None = Field(default=None, alias="from")
    to: IsoDate | None = None
    order: Literal["asc", "desc"] = "asc"
    limit: Limit100 = 50
    cursor: Cursor


class BalanceSheetQuery(Schema):
    as_of: IsoDate | None = None


class IncomeStatementQuery(Schema):
    from_: IsoDate | None = Field(default=None, alias="from")
    to: IsoDate | None = None


class ReportRowOut(OutSchema):
    id: int
    name: str
    subtype: str | None
    is_active: bool
    debit: MoneyOut
    credit: MoneyOut
    balance: MoneyOut


class ReportTotalsOut(DebitCreditOut):
    balance: MoneyOut


class ReportGroupOut(OutSchema):
    """One account type's rows and totals (read from the report's group object)."""

    account_type: str
    label: str
    normal_balance: str
    accounts: list[ReportRowOut] = Field(validation_alias=AliasChoices("accounts", "rows"))
    totals: ReportTotalsOut

    @model_validator(mode="before")
    @classmethod
    def _from_group(cls, value: Any) -> Any:
        if isinstance(value, dict) or not hasattr(value, "rows"):
            return value
        totals = {"debit": value.debit, "credit": value.credit, "balance": value.balance}
        return {
            "account_type": value.account_type,
            "label": value.label,
            "normal_balance": value.normal_balance,
            "accounts": value.rows,
            "totals": totals,
        }


class TrialBalanceOut(OutSchema):
    as_of: dt.date | None
    from_: dt.date | None = Field(alias="from", validation_alias=AliasChoices("from", "from_", "date_from"))
    groups: list[ReportGroupOut]
    totals: DebitCreditOut
    balanced: bool

    @model_validator(mode="before")
    @classmethod
    def _from_report(cls, value: Any) -> Any:
        if isinstance(value, dict) or not hasattr(value, "total_debit"):
            return value
        return {
            "as_of": value.as_of,
            "from": value.date_from,
            "groups": value.groups,
            "totals": {"debit": value.total_debit, "credit": value.total_credit},
            "balanced": value.balanced,
        }


class LedgerPostingOut(OutSchema):
    line_id: int
    entry_id: int
    date: dt.date = Field(validation_alias=AliasChoices("date", "entry_date"))
    description: str | None
    memo: str | None
    debit: MoneyOut
    credit: MoneyOut
    amount: MoneyOut
    balance: MoneyOut


class LedgerOut(OutSchema):
    account: AccountBrief
    items: list[LedgerPostingOut]
    next_cursor: str | None
    opening_balance: MoneyOut
    closing_balance: MoneyOut


class BalanceSheetOut(OutSchema):
    as_of: dt.date | None
    assets: ReportGroupOut
    liabilities: ReportGroupOut
    equity: ReportGroupOut
    retained_net_income: MoneyOut
    total_assets: MoneyOut
    total_liabilities_and_equity: MoneyOut
    balanced: bool


class IncomeStatementOut(OutSchema):
    from_: dt.date = Field(alias="from", validation_alias=AliasChoices("from", "from_", "date_from"))
    to: dt.date = Field(validation_alias=AliasChoices("to", "date_to"))
    income: ReportGroupOut
    expense: ReportGroupOut
    net_income: MoneyOut
