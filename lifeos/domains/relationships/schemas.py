"""Relationships request and response schemas (pydantic): one response schema per resource.

Fields and ranges (a value outside them is a 422 `request.validation_failed` naming the field):

| field | range |
|---|---|
| `name` | 1–255 characters, unique among the user's people (exact comparison) |
| `relationship_type` | free text, 1–64 characters (e.g. friend, family, colleague) |
| `importance` | 1 (low) … 5 (high) |
| `tags` | up to 20 tags of 1–32 characters |
| `birthday` | `{month 1–12, day 1–31, year 1900–2999 or null}`; the year may be unknown |
| `cadence_days` | 1–3650: keep in touch at least this often (null: no reminder) |
| `snoozed_until` | a date: off the reconnect list until then (back on it on that date) |
| `method` | call, message, meeting or other |
| `sentiment` | −2 (very negative), −1, 0 (neutral), 1, 2 (very positive) |

A birthday that is not a calendar day (31 April; 29 February of a known non-leap year) or is
after today is 422 `relationships.invalid_birthday`; 29 February without a year is fine and
is celebrated on 28 February in non-leap years. Dates are `YYYY-MM-DD`, real calendar dates
within 1900-01-01…2999-12-31 (2026-02-30 is refused).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, field_validator, model_validator

from lifeos.domains.relationships.models import SENTIMENT_MAX, SENTIMENT_MIN, Interaction
from lifeos.platform.http import OMITTABLE, Cursor, IsoDate, Limit100, Schema, no_nul, not_null
from lifeos.platform.schemas import OutSchema, UtcDateTime

# A string with at least one character that is not whitespace (strings are stripped).
NOT_BLANK = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"


def _int_only(value: Any) -> Any:
    """JSON integers only: true/false and numeric strings are refused, not coerced."""
    if isinstance(value, (bool, str)):
        raise ValueError("must be an integer")
    return value


_BLANK_REFUSED: dict[str, Any] = {"pattern": NOT_BLANK}

Name = Annotated[
    str,
    Field(
        min_length=1,
        max_length=255,
        description="Unique among the user's people (compared exactly).",
        json_schema_extra=_BLANK_REFUSED,
    ),
    AfterValidator(no_nul),
]
RelationshipType = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        description="Free text, e.g. friend, family, colleague.",
        json_schema_extra=_BLANK_REFUSED,
    ),
    AfterValidator(no_nul),
]
Tag = Annotated[
    str, Field(min_length=1, max_length=32, json_schema_extra=_BLANK_REFUSED), AfterValidator(no_nul)
]
Notes = Annotated[str, Field(max_length=5000), AfterValidator(no_nul)]
Importance = Annotated[int, Field(ge=1, le=5, description="1 (low) … 5 (high)."), BeforeValidator(_int_only)]
CadenceDays = Annotated[
    int,
    Field(ge=1, le=3650, description="Keep in touch at least every this many days."),
    BeforeValidator(_int_only),
]
Sentiment = Annotated[
    int,
    Field(
        ge=SENTIMENT_MIN,
        le=SENTIMENT_MAX,
        description="−2 very negative, −1 negative, 0 neutral, 1 positive, 2 very positive.",
    ),
    BeforeValidator(_int_only),
]
Month = Annotated[int, Field(ge=1, le=12), BeforeValidator(_int_only)]
Day = Annotated[int, Field(ge=1, le=31), BeforeValidator(_int_only)]
Year = Annotated[int, Field(ge=1900, le=2999), BeforeValidator(_int_only)]
Method = Literal["call", "message", "meeting", "other"]
Tags = Annotated[list[Tag], Field(max_length=20)]


# ---------------------------------------------------------------------------- requests


class BirthdayIn(Schema):
    """Month and day, and the year when it is known (null or left out: unknown)."""

    month: Month
    day: Day
    year: Year | None = None


class PersonFields(Schema):
    relationship_type: RelationshipType | None = None
    importance: Importance | None = None
    notes: Notes | None = None
    birthday: BirthdayIn | None = None
    first_met_date: IsoDate | None = None
    cadence_days: CadenceDays | None = Field(default=None, description="Null: no reconnect reminder.")
    snoozed_until: IsoDate | None = Field(
        default=None, description="Off the reconnect list until this date (null: not snoozed)."
    )


class PersonIn(PersonFields):
    name: Name
    tags: Tags = Field(default_factory=list)


class PersonPatch(PersonFields):
    """Only the fields sent change; the same rules as creation apply."""

    name: Name | None = OMITTABLE
    tags: Tags | None = OMITTABLE

    @field_validator("name", "tags")
    @classmethod
    def _required(cls, value: Any) -> Any:
        return not_null(value)


class InteractionIn(Schema):
    date: IsoDate | None = Field(default=None, description="Defaults to today in the user's time zone.")
    method: Method | None = None
    notes: Notes | None = None
    sentiment: Sentiment | None = None


class InteractionPatch(Schema):
    """Only the fields sent change; the same rules as creation apply."""

    date: IsoDate | None = OMITTABLE
    method: Method | None = None
    notes: Notes | None = None
    sentiment: Sentiment | None = None

    @field_validator("date")
    @classmethod
    def _required(cls, value: Any) -> Any:
        return not_null(value)


class PageQuery(Schema):
    limit: Limit100 = 50
    cursor: Cursor


class BirthdaysQuery(PageQuery):
    within: Annotated[int, Field(ge=1, le=366)] = Field(
        default=30, description="Days ahead (1–366), today included, in the user's time zone."
    )


# ---------------------------------------------------------------------------- results


@dataclass(frozen=True)
class PersonCard:
    """A person with what is derived from today and their interactions."""

    id: int
    name: str
    relationship_type: str | None
    importance: int | None
    tags: list[str]
    notes: str | None
    birthday: dict[str, int | None] | None
    age: int | None
    first_met_date: dt.date | None
    cadence_days: int | None
    snoozed_until: dt.date | None
    last_interaction_date: dt.date | None
    created_at: dt.datetime | None
    updated_at: dt.datetime | None


@dataclass(frozen=True)
class ReconnectItem:
    person_id: int
    name: str
    importance: int | None
    cadence_days: int
    last_interaction_date: dt.date | None
    days_since_contact: int | None
    overdue_days: int | None
    overdue_ratio: str | None


@dataclass(frozen=True)
class ReconnectList:
    today: dt.date
    items: list[ReconnectItem]
    next_cursor: str | None


@dataclass(frozen=True)
class BirthdayItem:
    person_id: int
    name: str
    month: int
    day: int
    year: int | None
    date: dt.date
    days_until: int
    turns: int | None


@dataclass(frozen=True)
class BirthdayList:
    today: dt.date
    within: int
    items: list[BirthdayItem]
    next_cursor: str | None


# ---------------------------------------------------------------------------- responses


class BirthdayOut(OutSchema):
    month: int
    day: int
    year: int | None = Field(description="Null when the year is unknown.")


class PersonOut(OutSchema):
    """A person. `age` is today's age in the user's time zone, null when the birth year is
    unknown; `last_interaction_date` is the latest interaction's date (null: never)."""

    id: int
    name: str
    relationship_type: str | None
    importance: int | None
    tags: list[str]
    notes: str | None
    birthday: BirthdayOut | None
    age: int | None
    first_met_date: dt.date | None
    cadence_days: int | None
    snoozed_until: dt.date | None
    last_interaction_date: dt.date | None
    created_at: UtcDateTime | None
    updated_at: UtcDateTime | None


class PersonListOut(OutSchema):
    items: list[PersonOut]
    next_cursor: str | None


class InteractionOut(OutSchema):
    """An interaction. Legacy rows may hold a `method` outside call/message/meeting/other;
    a legacy sentiment that is not an integer −2…2 is shown as null (it is kept as stored)."""

    id: int
    person_id: int
    date: dt.date
    method: str | None
    notes: str | None
    sentiment: int | None
    created_at: UtcDateTime | None
    updated_at: UtcDateTime | None

    @model_validator(mode="before")
    @classmethod
    def _from_model(cls, value: Any) -> Any:
        if not isinstance(value, Interaction):
            return value
        return {
            "id": value.id,
            "person_id": value.person_id,
            "date": value.date,
            "method": value.method,
            "notes": value.notes,
            "sentiment": value.sentiment_score,
            "created_at": value.created_at,
            "updated_at": value.updated_at,
        }


class InteractionListOut(OutSchema):
    items: list[InteractionOut]
    next_cursor: str | None


class ReconnectItemOut(OutSchema):
    """`days_since_contact` and `overdue_days` (days past the cadence) are null for someone
    never contacted; `overdue_ratio` is overdue days ÷ cadence as a decimal string (2 places)."""

    person_id: int
    name: str
    importance: int | None
    cadence_days: int
    last_interaction_date: dt.date | None
    days_since_contact: int | None
    overdue_days: int | None
    overdue_ratio: str | None


class ReconnectListOut(OutSchema):
    today: dt.date
    items: list[ReconnectItemOut]
    next_cursor: str | None


class BirthdayItemOut(OutSchema):
    """The next celebration on or after today: `date` (28 February for a 29 February birthday
    in a non-leap year), `days_until` it (0 = today), and `turns` (the age reached that day,
    null when the year is unknown)."""

    person_id: int
    name: str
    month: int
    day: int
    year: int | None
    date: dt.date
    days_until: int
    turns: int | None


class BirthdayListOut(OutSchema):
    today: dt.date
    within: int
    items: list[BirthdayItemOut]
    next_cursor: str | None
