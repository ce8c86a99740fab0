"""Skills request and response schemas (pydantic): one response schema per resource.

Ranges (a value outside them is a 422 naming the field):

| field | range |
|---|---|
| `name` | 1–255 characters, unique per user (409 `skills.name_taken`) |
| `category` | ≤ 128 characters |
| `current_level`, `target_level` | integer 1–10 |
| `tags` | ≤ 20 distinct strings of 1–64 characters |
| `duration_minutes` | integer 1–1440 |
| `intensity` | integer 1–5 |
| `practiced_at` | ISO 8601 timestamp **with an offset** (`Z` or `±hh:mm`), years 1900–2999 |
| `notes`, `description` | ≤ 2000 characters |

Timestamps are stored in UTC and rendered ISO 8601 with their offset.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema, field_validator, model_validator

from lifeos.domains.skills.models import PracticeSession, Skill
from lifeos.platform.http import OMITTABLE, Cursor, IsoDate, Limit100, Schema, no_nul
from lifeos.platform.schemas import OutSchema, UtcDateTime

# ---------------------------------------------------------------------------- field types


def _no_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("must be an integer")
    return value


_TIMESTAMP_PATTERN = (
    r"^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
)
_TIMESTAMP = re.compile(_TIMESTAMP_PATTERN)


def _timestamp(value: Any) -> dt.datetime:
    """An ISO 8601 timestamp with an offset, as naive UTC (how the columns store instants)."""
    if isinstance(value, dt.datetime):
        instant = value
    elif not isinstance(value, str) or not _TIMESTAMP.fullmatch(value.strip()):
        raise ValueError("must be an ISO 8601 timestamp with an offset, e.g. 2026-03-01T18:30:00+01:00")
    else:
        try:
            instant = dt.datetime.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValueError("must be a valid calendar date and time") from exc
    if instant.tzinfo is None:
        raise ValueError("must carry a UTC offset (Z or ±hh:mm)")
    return instant.astimezone(dt.UTC).replace(tzinfo=None)


Timestamp = Annotated[
    dt.datetime,
    BeforeValidator(_timestamp),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": _TIMESTAMP_PATTERN}),
]
# Strings are stripped before their length is checked: the documented pattern says "not blank".
_NOT_BLANK = {"pattern": "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"}
Name = Annotated[
    str, Field(min_length=1, max_length=255, json_schema_extra=_NOT_BLANK), AfterValidator(no_nul)
]
Category = Annotated[str, Field(max_length=128), AfterValidator(no_nul)]
LongText = Annotated[str, Field(max_length=2000), AfterValidator(no_nul)]
Tag = Annotated[str, Field(min_length=1, max_length=64, json_schema_extra=_NOT_BLANK), AfterValidator(no_nul)]
Level = Annotated[
    int, Field(ge=1, le=10, description="1 (novice) to 10 (master)."), BeforeValidator(_no_bool)
]
Minutes = Annotated[int, Field(ge=1, le=1440, description="Minutes."), BeforeValidator(_no_bool)]
Intensity = Annotated[
    int, Field(ge=1, le=5, description="1 (light) to 5 (all-out)."), BeforeValidator(_no_bool)
]


def _tags(value: list[str] | None) -> list[str] | None:
    if value is None:
        return None
    seen: list[str] = []
    for tag in value:
        if tag not in seen:
            seen.append(tag)
    return seen


Tags = Annotated[list[Tag], Field(max_length=20, description="Up to 20 tags; duplicates are dropped.")]


# ---------------------------------------------------------------------------- requests


class SkillIn(Schema):
    name: Name
    category: Category | None = None
    description: LongText | None = None
    current_level: Level | None = None
    target_level: Level | None = None
    tags: Tags | None = None

    @field_validator("tags")
    @classmethod
    def _dedupe(cls, value: list[str] | None) -> list[str] | None:
        return _tags(value)


class SkillPatch(Schema):
    """Only the fields sent change; the same rules as creation apply. `name` may be left out,
    not set to null; the others may be set to null to clear them."""

    name: Name | None = OMITTABLE
    category: Category | None = None
    description: LongText | None = None
    current_level: Level | None = None
    target_level: Level | None = None
    tags: Tags | None = None

    @field_validator("name")
    @classmethod
    def _required(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("may be left out but not set to null")
        return value

    @field_validator("tags")
    @classmethod
    def _dedupe(cls, value: list[str] | None) -> list[str] | None:
        return _tags(value)


class SkillListQuery(Schema):
    """By name (then id); `category` filters on the exact category."""

    category: Category | None = None
    limit: Limit100 = 50
    cursor: Cursor


class SessionIn(Schema):
    duration_minutes: Minutes
    practiced_at: Timestamp | None = Field(default=None, description="Defaults to now.")
    intensity: Intensity | None = None
    notes: LongText | None = None


class SessionPatch(Schema):
    """Only the fields sent change; the same rules as creation apply."""

    duration_minutes: Minutes | None = OMITTABLE
    practiced_at: Timestamp | None = OMITTABLE
    intensity: Intensity | None = None
    notes: LongText | None = None

    @field_validator("duration_minutes", "practiced_at")
    @classmethod
    def _required(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("may be left out but not set to null")
        return value


class SessionListQuery(Schema):
    """Newest first (practiced_at, then id); `from`/`to` are inclusive dates in the user's zone."""

    from_: IsoDate | None = Field(default=None, alias="from", description="First date (inclusive).")
    to: IsoDate | None = Field(default=None, description="Last date (inclusive).")
    limit: Limit100 = 50
    cursor: Cursor


# ---------------------------------------------------------------------------- responses


class SkillOut(OutSchema):
    id: int
    name: str
    category: str | None
    description: str | None
    current_level: int | None
    target_level: int | None
    tags: list[str]
    created_at: UtcDateTime | None
    updated_at: UtcDateTime | None

    @model_validator(mode="before")
    @classmethod
    def _from_model(cls, value: Any) -> Any:
        if not isinstance(value, Skill):
            return value
        return cls.fields_of(value)

    @staticmethod
    def fields_of(skill: Skill) -> dict[str, Any]:
        return {
            "id": skill.id,
            "name": skill.name,
            "category": skill.category,
            "description": skill.description,
            "current_level": skill.current_level,
            "target_level": skill.target_level,
            "tags": [str(t) for t in (skill.tags or [])],
            "created_at": skill.created_at,
            "updated_at": skill.updated_at,
        }


class SessionOut(OutSchema):
    id: int
    skill_id: int
    duration_minutes: int
    practiced_at: UtcDateTime
    intensity: int | None
    notes: str | None
    created_at: UtcDateTime | None

    @model_validator(mode="before")
    @classmethod
    def _from_model(cls, value: Any) -> Any:
        if not isinstance(value, PracticeSession):
            return value
        return {
            "id": value.id,
            "skill_id": value.skill_id,
            "duration_minutes": value.duration_minutes,
            "practiced_at": value.practiced_at,
            "intensity": value.intensity,
            "notes": value.notes,
            "created_at": value.created_at,
        }


class SkillListOut(OutSchema):
    items: list[SkillOut]
    next_cursor: str | None


class SessionListOut(OutSchema):
    items: list[SessionOut]
    next_cursor: str | None


class FreshnessOut(OutSchema):
    computed_at: UtcDateTime | None = Field(
        description="When the stored rollup was last recomputed; null if it never was."
    )
    pending_changes: int = Field(
        description="Session changes of this skill still waiting in the outbox (not yet in the rollup)."
    )
    up_to_date: bool = Field(description="True when the rollup exists and no change is pending.")


class MetricsOut(OutSchema):
    """A skill's practice rollup.

    `total_minutes`, `session_count`, `last_practiced_at` and the streak's run come from the
    stored rollup (kept current by the outbox subscriber; see `freshness`). Numbers relative to
    today — `streak_days`, `minutes_7d`, `minutes_30d` — are for `as_of`, today in the user's
    time zone: the streak counts consecutive local days with practice ending today or
    yesterday (0 otherwise); the windows are the last 7 / 30 local days including today.
    """

    skill_id: int
    as_of: dt.date
    total_minutes: int
    session_count: int
    last_practiced_at: UtcDateTime | None
    last_practiced_on: dt.date | None = Field(description="`last_practiced_at` as a date in the user's zone.")
    streak_days: int
    minutes_7d: int
    minutes_30d: int
    freshness: FreshnessOut
