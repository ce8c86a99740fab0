"""Receivable and loan request/response schemas (pydantic): one response schema per resource.

| field | rule |
|---|---|
| `counterparty` | 1–255 characters, not blank |
| `principal` | positive money, ≤ 2 places (a string such as `"1200.00"`) |
| `interest` | `{"kind": "none"}`, `{"kind": "simple", annual_rate}`, `{"kind": "compound", …}` |
| `annual_rate` | percent per year, 0–100; trackers ≤ 2 places, loans ≤ 4 places |
| `compounding` | (compound: annual_rate and compounding) daily, monthly, quarterly or yearly |
| entry `amount` | signed money ≠ 0: repayments negative, further lending positive |
| loan `direction` | lent (they owe me) or borrowed (I owe them) |
| `amortization` | principal, annual_rate, first_payment_date, term_payments 1–1200, |
| | payments_per_year 1, 2, 4, 12, 26 or 52, extra_payment_mode shorter_term or lower_payment |

Dates are `YYYY-MM-DD` within 1900–2999. Rules between fields (a due date before the start,
an entry before its tracker's start) are 422 `finance.invalid_receivable` naming the field.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, WithJsonSchema, field_validator

from lifeos.platform.http import MAX_ID, OMITTABLE, Cursor, IsoDate, Limit100, Schema, no_nul, not_null
from lifeos.platform.money import AmountIn, SignedAmountIn
from lifeos.platform.schemas import OutSchema, UtcDateTime

NOT_BLANK = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"


def _money_text(value: Decimal) -> str:
    """A 2-dp string of any size: interest over decades can outgrow the default 28 digits."""
    value = Decimal(value)
    with localcontext() as ctx:
        ctx.prec = max(40, value.adjusted() + 4)
        return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


# Money in these responses: a 2-dp string, like platform.money.MoneyOut, of any magnitude.
MoneyOut = Annotated[
    Decimal,
    PlainSerializer(_money_text, return_type=str),
    WithJsonSchema({"type": "string", "examples": ["12.34"]}, mode="serialization"),
]


def _rate_check(places: int) -> Any:
    """A percent rate 0–100 with at most `places` decimals (string or exact JSON number)."""
    pattern = re.compile(_rate_pattern(places))

    def check(value: Any) -> Decimal:
        if isinstance(value, (bool, float)):
            raise ValueError("must be a decimal string or an exact number")
        if isinstance(value, int):
            value = Decimal(value)
        if isinstance(value, Decimal):
            text = format(value, "f") if value.is_finite() else "x"
        elif isinstance(value, str):
            text = value
        else:
            raise ValueError('must be a percentage such as "5.00"')
        if not pattern.fullmatch(text):
            raise ValueError(f"must be a percentage from 0 to 100 with at most {places} decimal places")
        return Decimal(text)

    return check


def _rate_pattern(places: int) -> str:
    return rf"(?:100(?:\.0{{1,{places}}})?|[0-9]{{1,2}}(?:\.[0-9]{{1,{places}}})?)"


def _rate_schema(places: int) -> dict[str, Any]:
    return {
        "anyOf": [
            {"type": "string", "pattern": f"^{_rate_pattern(places)}$"},
            {"type": "number", "minimum": 0, "maximum": 100, "multipleOf": 10**-places},
        ],
        "description": f"Percent per year, 0–100, at most {places} decimals.",
        "examples": ["5.00"],
    }


TrackerRate = Annotated[
    Decimal, BeforeValidator(_rate_check(2)), WithJsonSchema(_rate_schema(2), mode="validation")
]
LoanRate = Annotated[
    Decimal, BeforeValidator(_rate_check(4)), WithJsonSchema(_rate_schema(4), mode="validation")
]


Counterparty = Annotated[
    str,
    Field(min_length=1, max_length=255, json_schema_extra={"pattern": NOT_BLANK}),
    AfterValidator(no_nul),
]
Memo = Annotated[str, Field(max_length=2000), AfterValidator(no_nul)]
LoanName = Annotated[
    str,
    Field(min_length=1, max_length=128, json_schema_extra={"pattern": NOT_BLANK}),
    AfterValidator(no_nul),
]
Compounding = Literal["daily", "monthly", "quarterly", "yearly"]
Direction = Literal["lent", "borrowed"]
ExtraMode = Literal["shorter_term", "lower_payment"]


def _strict_int(value: Any) -> Any:
    if isinstance(value, (bool, str)) or (isinstance(value, Decimal) and value != value.to_integral_value()):
        raise ValueError("must be an integer")
    return int(value) if isinstance(value, Decimal) else value


TermPayments = Annotated[int, Field(ge=1, le=1200), BeforeValidator(_strict_int)]
PerYear = Annotated[
    int,
    Field(json_schema_extra={"enum": [1, 2, 4, 12, 26, 52]}),
    BeforeValidator(_strict_int),
]


def _per_year(value: int) -> int:
    if value not in (1, 2, 4, 12, 26, 52):
        raise ValueError("must be 1, 2, 4, 12, 26 or 52")
    return value


# ---------------------------------------------------------------------------- receivables


class NoInterest(Schema):
    kind: Literal["none"]


class SimpleInterest(Schema):
    kind: Literal["simple"]
    annual_rate: TrackerRate


class CompoundInterest(Schema):
    kind: Literal["compound"]
    annual_rate: TrackerRate
    compounding: Compounding


Interest = Annotated[NoInterest | SimpleInterest | CompoundInterest, Field(discriminator="kind")]


class ReceivableIn(Schema):
    counterparty: Counterparty
    principal: AmountIn
    start_date: IsoDate
    due_date: IsoDate | None = None
    interest: Interest = Field(default_factory=lambda: NoInterest(kind="none"))
    memo: Memo | None = None


class ReceivablePatch(Schema):
    """Only the fields sent change; the same rules as creation apply."""

    counterparty: Counterparty | None = OMITTABLE
    principal: AmountIn | None = OMITTABLE
    start_date: IsoDate | None = OMITTABLE
    due_date: IsoDate | None = None
    interest: Interest | None = OMITTABLE
    memo: Memo | None = None

    @field_validator("counterparty", "principal", "start_date", "interest")
    @classmethod
    def _required(cls, value: Any) -> Any:
        return not_null(value)


class AsOfQuery(Schema):
    as_of: IsoDate | None = Field(default=None, description="Figures as of this day (default: today).")


class ReceivableListQuery(AsOfQuery):
    counterparty: str | None = Field(
        default=None, max_length=255, description="Only this counterparty (case and spaces ignored)."
    )
    limit: Limit100 = 50
    cursor: Cursor


class AsOfPageQuery(AsOfQuery):
    limit: Limit100 = 50
    cursor: Cursor


class EntryIn(Schema):
    date: IsoDate
    amount: SignedAmountIn
    memo: Memo | None = None


class PageQuery(Schema):
    limit: Limit100 = 50
    cursor: Cursor


class InterestOut(OutSchema):
    kind: Literal["none", "simple", "compound"]
    annual_rate: str | None = Field(description='Percent per year, e.g. "5.00".')
    compounding: str | None


class ReceivableOut(OutSchema):
    """A tracker with its figures as of `as_of` (interest by the rule of services.interest)."""

    id: int
    counterparty: str
    principal: MoneyOut
    start_date: dt.date
    due_date: dt.date | None
    interest: InterestOut
    memo: str | None
    as_of: dt.date
    entries_total: MoneyOut
    repaid: MoneyOut
    interest_accrued: MoneyOut
    outstanding: MoneyOut
    overdue: bool
    days_overdue: int
    loan_ids: list[int]
    created_at: UtcDateTime | None
    updated_at: UtcDateTime | None


class ReceivableListOut(OutSchema):
    items: list[ReceivableOut]
    next_cursor: str | None


class EntryOut(OutSchema):
    id: int
    receivable_id: int
    date: dt.date
    amount: MoneyOut
    memo: str | None


class EntryListOut(OutSchema):
    items: list[EntryOut]
    next_cursor: str | None


class CounterpartyOut(OutSchema):
    """Every tracker with one person netted: what they owe me minus what I owe them."""

    counterparty: str
    receivable_ids: list[int]
    owed_to_me: MoneyOut
    owed_by_me: MoneyOut
    net: MoneyOut
    overdue: bool
    next_due_date: dt.date | None


class CounterpartyListOut(OutSchema):
    as_of: dt.date
    items: list[CounterpartyOut]
    next_cursor: str | None


# ---------------------------------------------------------------------------- loans


class AmortizationIn(Schema):
    principal: AmountIn
    annual_rate: LoanRate
    term_payments: TermPayments = Field(description="Number of payments, 1–1200.")
    payments_per_year: PerYear = 12
    first_payment_date: IsoDate
    extra_payment_mode: ExtraMode = Field(
        default="shorter_term",
        description="After an extra payment: keep the payment and end early, or keep the term.",
    )

    @field_validator("payments_per_year")
    @classmethod
    def _allowed(cls, value: int) -> int:
        return _per_year(value)


class LoanIn(Schema):
    name: LoanName
    description: Memo | None = None
    direction: Direction = "lent"
    amortization: AmortizationIn | None = Field(default=None, description="Null: not an annuity loan.")


class LoanPatch(Schema):
    """Only the fields sent change; `amortization` is replaced whole (null removes it)."""

    name: LoanName | None = OMITTABLE
    description: Memo | None = None
    direction: Direction | None = OMITTABLE
    amortization: AmortizationIn | None = None

    @field_validator("name", "direction")
    @classmethod
    def _required(cls, value: Any) -> Any:
        return not_null(value)


class LinkIn(Schema):
    """Exactly one of the two: a tracker of mine, or a journal entry of mine (a payment)."""

    receivable_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    journal_entry_id: int | None = Field(default=None, ge=1, le=MAX_ID)


class ScheduleQuery(AsOfQuery):
    extra_amount: AmountIn | None = Field(default=None, description="What if: an extra payment …")
    extra_after: int | None = Field(default=None, ge=1, le=1200, description="… right after this payment.")
    mode: ExtraMode | None = Field(default=None, description="Default: the loan's extra_payment_mode.")


class AmortizationOut(OutSchema):
    principal: MoneyOut
    annual_rate: str
    term_payments: int
    payments_per_year: int
    first_payment_date: dt.date
    extra_payment_mode: str
    payment: MoneyOut


class LinkOut(OutSchema):
    id: int
    loan_id: int
    receivable_id: int | None
    journal_entry_id: int | None


class LoanOut(OutSchema):
    """A loan with principal, paid and outstanding as of `as_of`."""

    id: int
    name: str
    description: str | None
    direction: Direction
    amortization: AmortizationOut | None
    links: list[LinkOut]
    as_of: dt.date
    principal: MoneyOut
    paid: MoneyOut
    interest: MoneyOut
    outstanding: MoneyOut
    created_at: UtcDateTime | None
    updated_at: UtcDateTime | None


class LoanListOut(OutSchema):
    items: list[LoanOut]
    next_cursor: str | None


class ScheduleRowOut(OutSchema):
    number: int
    date: dt.date
    payment: MoneyOut
    interest: MoneyOut
    principal: MoneyOut
    extra: MoneyOut
    balance: MoneyOut
    paid: MoneyOut


class ScheduleTotalsOut(OutSchema):
    payment: MoneyOut
    interest: MoneyOut
    principal: MoneyOut
    extra: MoneyOut


class ScheduleOut(OutSchema):
    """The annuity schedule (re-amortized after extra payments) against what was paid."""

    loan_id: int
    as_of: dt.date
    mode: ExtraMode
    payment: MoneyOut
    rows: list[ScheduleRowOut]
    totals: ScheduleTotalsOut
    scheduled_to_date: MoneyOut
    paid_to_date: MoneyOut
    ahead: MoneyOut
    outstanding: MoneyOut
