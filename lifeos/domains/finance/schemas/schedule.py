"""Cash-flow schedule requests and responses: rows, projection, scenarios, compare, matches.

Shape rules live here (types, ranges, enums); rules across fields (an end date before the
start, weekdays on a monthly row) are the service's, answered 422 `finance.invalid_schedule_row`
with the field named.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema, field_validator

from lifeos.platform.http import OMITTABLE, Cursor, IdIn, IsoDate, Limit100, Schema, not_null
from lifeos.platform.money import ZERO, SignedAmountIn, parse_amount
from lifeos.platform.schemas import MoneyOut, OutSchema, UtcDateTime

RECURRENCE_VALUES = (
    "once",
    "daily",
    "weekly",
    "monthly_day",
    "monthly_last",
    "monthly_weekday",
    "yearly",
)
Recurrence = Literal["once", "daily", "weekly", "monthly_day", "monthly_last", "monthly_weekday", "yearly"]
WeekendRule = Literal["keep", "previous_friday", "next_monday"]
MAX_DAYS = 730

_POSITIVE = r"(?:[1-9][0-9]{0,14}(?:\.[0-9]{1,2})?|0\.(?:0[1-9]|[1-9][0-9]?))"


def _tolerance(value: Any) -> Decimal:
    """Zero or a positive amount with at most 2 places."""
    if isinstance(value, str) and re.fullmatch(r"0(?:\.0{1,2})?", value):
        return ZERO
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool) and value == 0:
        return ZERO
    return parse_amount(value)


ToleranceIn = Annotated[
    Decimal,
    BeforeValidator(_tolerance),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": f"^(?:0(?:\\.0{{1,2}})?|{_POSITIVE})$"},
                {"type": "number", "minimum": 0, "maximum": 10**15 - 1, "multipleOf": 0.01},
            ],
            "description": "How far a posting's amount may differ and still match (0 = exact).",
        },
        mode="validation",
    ),
]
Weekday = Annotated[int, Field(ge=0, le=6)]
Memo = Annotated[str, Field(max_length=2000)]


# ---------------------------------------------------------------------------- rows


class RuleFields(Schema):
    """The recurrence of a row (see services.schedule.recurrence for the exact rules)."""

    recurrence: Recurrence = Field(default="once", description="How the row repeats.")
    every: int = Field(default=1, ge=1, le=999, description="Every N days/weeks/months/years.")
    weekdays: list[Weekday] | None = Field(
        default=None,
        max_length=7,
        description="weekly: the weekdays (0 = Monday … 6 = Sunday); monthly_weekday: one weekday.",
    )
    day_of_month: int | None = Field(
        default=None, ge=1, le=31, description="monthly_day: 1–31; 29–31 fall on a short month's last day."
    )
    month_week: Literal[1, 2, 3, 4, 5, -1] | None = Field(
        default=None, description="monthly_weekday: 1st–5th, or -1 for the last."
    )
    until: IsoDate | None = Field(default=None, description="Last rule date (inclusive).")
    count: int | None = Field(default=None, ge=1, le=10000, description="Number of occurrences.")
    weekend_rule: WeekendRule = Field(default="keep", description="Move Saturday/Sunday dates.")


class ScheduleRowIn(RuleFields):
    """A schedule row: money in (+) or out (-) of an account, once or recurring."""

    account_id: IdIn
    event_date: IsoDate = Field(description="The first (or only) date.")
    amount: SignedAmountIn
    memo: Memo | None = None
    amount_tolerance: ToleranceIn = Field(default=ZERO)
    match_window_days: int = Field(default=3, ge=0, le=31, description="Match postings ± this many days.")


class ScheduleRowPatchIn(Schema):
    """Change some fields of a row; the same rules as on create apply to the result."""

    account_id: IdIn | None = OMITTABLE
    event_date: IsoDate | None = OMITTABLE
    amount: SignedAmountIn | None = OMITTABLE
    memo: Memo | None = None
    recurrence: Recurrence | None = OMITTABLE
    every: int | None = Field(default=None, ge=1, le=999)
    weekdays: list[Weekday] | None = Field(default=None, max_length=7)
    day_of_month: int | None = Field(default=None, ge=1, le=31)
    month_week: Literal[1, 2, 3, 4, 5, -1] | None = None
    until: IsoDate | None = None
    count: int | None = Field(default=None, ge=1, le=10000)
    weekend_rule: WeekendRule | None = OMITTABLE
    amount_tolerance: ToleranceIn | None = OMITTABLE
    match_window_days: int | None = Field(default=None, ge=0, le=31)

    _required = field_validator(
        "account_id", "event_date", "amount", "recurrence", "weekend_rule", "amount_tolerance"
    )(not_null)


class ScheduleRowListQuery(Schema):
    account_id: IdIn | None = None
    limit: Limit100 = 50
    cursor: Cursor


class ScheduleRowOut(OutSchema):
    """A schedule row with its rule, a reading of it, and its next date from today."""

    id: int
    account_id: int
    account_name: str | None
    event_date: dt.date
    amount: MoneyOut
    memo: str | None
    recurrence: str
    every: int
    weekdays: list[int]
    day_of_month: int | None
    month_week: int | None
    until: dt.date | None
    count: int | None
    weekend_rule: str
    amount_tolerance: MoneyOut
    match_window_days: int
    description: str = Field(description='E.g. "every month on the last day, from 2027-01-31".')
    next_date: dt.date | None = Field(description="The next occurrence on or after today.")
    last_date: dt.date | None = Field(description="The last rule date when the row ends.")
    created_at: UtcDateTime | None
    updated_at: UtcDateTime | None


class ScheduleRowListOut(OutSchema):
    items: list[ScheduleRowOut]
    next_cursor: str | None


class OccurrencesQuery(Schema):
    from_: IsoDate | None = Field(default=None, alias="from")
    to: IsoDate | None = None


class OccurrenceOut(OutSchema):
    row_id: int
    occurrence_date: dt.date = Field(description="The rule's date (identifies the occurrence).")
    date: dt.date = Field(description="When the money moves (after the weekend rule).")
    amount: MoneyOut
    account_id: int
    memo: str | None
    status: Literal["expected", "overdue", "matched", "dismissed"]
    match_id: int | None
    journal_line_id: int | None


class OccurrenceListOut(OutSchema):
    items: list[OccurrenceOut]


# ---------------------------------------------------------------------------- projection


class ProjectionQuery(Schema):
    days: int = Field(default=90, ge=1, le=MAX_DAYS, description="1–730 days, today first.")
    accounts: str | None = Field(
        default=None,
        max_length=600,
        pattern=r"^[1-9][0-9]{0,9}(,[1-9][0-9]{0,9}){0,49}$",
        description="Comma-separated account ids (default: active cash and bank accounts).",
    )
    floor: str | None = Field(
        default=None,
        max_length=20,
        pattern=r"^-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,2})?$",
        description="Report the first day below this balance.",
    )
    scenario: IdIn | None = Field(default=None, description="Project with this scenario's overlay.")
    overdue_days: int = Field(
        default=30, ge=0, le=366, description="How far back unmatched occurrences count as overdue."
    )


class DayOut(OutSchema):
    date: dt.date
    inflow: MoneyOut
    outflow: MoneyOut
    balance: MoneyOut


class PointOut(OutSchema):
    date: dt.date
    balance: MoneyOut


class ProjectionOut(OutSchema):
    """Per day of the user's calendar: inflow, outflow (positive) and the closing balance.

    Day 1 is today. Overdue occurrences (unmatched, before today, within `overdue_days`) are
    listed and counted on day 1: they are money still expected. Matched ones never count.
    """

    start_date: dt.date
    days: int
    account_ids: list[int]
    scenario_id: int | None
    start_balance: MoneyOut = Field(
        description="The accounts' ledger balance today (today's postings included)."
    )
    floor: MoneyOut | None
    lowest: PointOut
    first_below_zero: PointOut | None
    first_below_floor: PointOut | None
    overdue: list[OccurrenceOut]
    series: list[DayOut]


class CompareQuery(Schema):
    a: str = Field(default="base", max_length=12, pattern=r"^(base|[1-9][0-9]{0,9})$")
    b: str = Field(max_length=12, pattern=r"^(base|[1-9][0-9]{0,9})$")
    days: int = Field(default=90, ge=1, le=MAX_DAYS)
    accounts: str | None = Field(
        default=None, max_length=600, pattern=r"^[1-9][0-9]{0,9}(,[1-9][0-9]{0,9}){0,49}$"
    )


class CompareDayOut(OutSchema):
    date: dt.date
    a: MoneyOut
    b: MoneyOut
    difference: MoneyOut = Field(description="b − a")


class CompareOut(OutSchema):
    a: str
    b: str
    days: int
    lowest_a: PointOut
    lowest_b: PointOut
    series: list[CompareDayOut]


class RecomputeOut(OutSchema):
    """What a recompute did: matches made, and the stored base projection's summary."""

    matched: int
    days: int
    start_date: dt.date
    lowest: PointOut


# ---------------------------------------------------------------------------- scenarios


class ScenarioIn(Schema):
    name: str = Field(min_length=1, max_length=128)
    description: str | None = Field(default=None, max_length=2000)


class ScenarioPatchIn(Schema):
    name: Annotated[str, Field(min_length=1, max_length=128)] | None = OMITTABLE
    description: str | None = Field(default=None, max_length=2000)

    _required = field_validator("name")(not_null)


class ScenarioRowIn(RuleFields):
    """One overlay op. add: a whole row (account_id, event_date, amount, rule…); change:
    base_row_id and amount and/or event_date; drop: base_row_id."""

    op: Literal["add", "change", "drop"]
    base_row_id: IdIn | None = None
    account_id: IdIn | None = None
    event_date: IsoDate | None = None
    amount: SignedAmountIn | None = None
    memo: Memo | None = None


class ScenarioRowOut(OutSchema):
    id: int
    op: str
    base_row_id: int | None
    account_id: int | None
    event_date: dt.date | None
    amount: MoneyOut | None
    delta_amount: MoneyOut
    memo: str | None
    recurrence: str
    every: int
    weekdays: list[int]
    day_of_month: int | None
    month_week: int | None
    until: dt.date | None
    count: int | None
    weekend_rule: str
    description: str | None


class ScenarioOut(OutSchema):
    id: int
    name: str
    description: str | None
    created_at: UtcDateTime | None
    rows: list[ScenarioRowOut]


class ScenarioListQuery(Schema):
    limit: Limit100 = 50
    cursor: Cursor


class ScenarioListOut(OutSchema):
    items: list[ScenarioOut]
    next_cursor: str | None


# ---------------------------------------------------------------------------- matches


class MatchIn(Schema):
    """Match an occurrence (row and rule date) to a journal line on the row's account."""

    row_id: IdIn
    occurrence_date: IsoDate
    journal_line_id: IdIn


class MatchOut(OutSchema):
    id: int
    row_id: int
    occurrence_date: dt.date
    status: str
    journal_line_id: int | None
    entry_id: int | None
    matched_by: str
    created_at: UtcDateTime | None


class MatchListQuery(Schema):
    row_id: IdIn | None = None
    limit: Limit100 = 50
    cursor: Cursor


class MatchListOut(OutSchema):
    items: list[MatchOut]
    next_cursor: str | None


class CandidatesQuery(Schema):
    occurrence_date: IsoDate


class CandidateOut(OutSchema):
    journal_line_id: int
    entry_id: int
    date: dt.date
    amount: MoneyOut
    description: str | None


class CandidateListOut(OutSchema):
    items: list[CandidateOut]
