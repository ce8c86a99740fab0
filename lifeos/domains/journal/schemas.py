"""Journal request and response schemas (pydantic): one response schema per resource.

Request schemas check shapes and bound sizes (no NUL characters or lone surrogates anywhere);
the rules (title length after trimming, tag form, a non-empty entry) are the service's. The
entry resource is rendered from the model; `body_html` is the sanitized Markdown rendering.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from lifeos.domains.journal.models import JournalEntry
from lifeos.domains.journal.text import render_markdown
from lifeos.platform.http import IsoDate, Schema
from lifeos.platform.pagination import MAX_LIMIT
from lifeos.platform.schemas import OutSchema, UtcDateTime

MOOD_MIN, MOOD_MAX = -5, 5
TITLE_INPUT_MAX = 1_000  # the rule (255 after trimming) is the service's
BODY_MAX = 50_000
TAG_INPUT_MAX, TAGS_INPUT_MAX = 200, 100
QUERY_MAX = 200
DEFAULT_LIMIT = 20  # entries carry their rendered body: pages are kept short

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _storable(value: str) -> str:
    if _UNSTORABLE.search(value):
        raise ValueError("must not contain NUL characters or unpaired surrogates")
    return value


def _whole_number(value: Any) -> Any:
    """A JSON integer, also when written with a zero fraction (`3.0`); never a bool or a string."""
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    return value


Text = Annotated[str, AfterValidator(_storable)]
Mood = Annotated[int, Field(ge=MOOD_MIN, le=MOOD_MAX, strict=True), BeforeValidator(_whole_number)]
TagIn = Annotated[Text, Field(max_length=TAG_INPUT_MAX)]
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT)]
Cursor = Annotated[str, Field(max_length=512), AfterValidator(_storable)]


# ---------------------------------------------------------------------------------- requests


class EntryCreateIn(Schema):
    """A new entry; at least one of title and body must have text."""

    title: Annotated[Text, Field(max_length=TITLE_INPUT_MAX)] | None = Field(
        default=None, description="Up to 255 characters after trimming; null for none."
    )
    body: Annotated[Text, Field(max_length=BODY_MAX)] = Field(
        default="", description="Markdown (raw HTML is shown as text); up to 50,000 characters."
    )
    mood: Mood | None = Field(default=None, description="−5 (worst) … 5 (best), or null.")
    tags: list[TagIn] = Field(
        default_factory=list,
        max_length=TAGS_INPUT_MAX,
        description="Up to 20 tags of 1–32 characters; stored lower-case, duplicates dropped.",
    )
    entry_date: IsoDate | None = Field(
        default=None, description="The day the entry is about; default: today in the user's time zone."
    )
    is_private: bool = Field(default=True, strict=True)


class EntryPatchIn(Schema):
    """Change the fields sent; the same rules as creation apply. Only `title` and `mood` may be
    set to null (cleared)."""

    title: Annotated[Text, Field(max_length=TITLE_INPUT_MAX)] | None = None
    body: Annotated[Text, Field(max_length=BODY_MAX)] | None = None
    mood: Mood | None = None
    tags: Annotated[list[TagIn], Field(max_length=TAGS_INPUT_MAX)] | None = None
    entry_date: IsoDate | None = None
    is_private: Annotated[bool, Field(strict=True)] | None = None


class EntryListQuery(Schema):
    q: Annotated[Text, Field(max_length=QUERY_MAX)] | None = Field(
        default=None,
        description=(
            "Full-text search of title and body: every word must occur (whole words, any case); "
            "Chinese, Japanese, Korean, Thai… text matches as a substring. Results carry a "
            "highlighted `snippet`."
        ),
    )
    from_: IsoDate | None = Field(default=None, alias="from", description="Earliest entry_date.")
    to: IsoDate | None = Field(default=None, description="Latest entry_date.")
    mood_min: int | None = Field(default=None, ge=MOOD_MIN, le=MOOD_MAX)
    mood_max: int | None = Field(default=None, ge=MOOD_MIN, le=MOOD_MAX)
    tag: Annotated[Text, Field(max_length=TAG_INPUT_MAX)] | None = Field(
        default=None, description="Only entries with this tag (any case)."
    )
    limit: Limit = DEFAULT_LIMIT
    cursor: Cursor | None = None


class OnThisDayQuery(Schema):
    date: IsoDate | None = Field(default=None, description="Default: today in the user's time zone.")
    limit: Limit = DEFAULT_LIMIT
    cursor: Cursor | None = None


# --------------------------------------------------------------------------------- responses


def _tags(value: Any) -> list[str]:
    """Stored tags as a list of strings (legacy rows may hold anything JSON)."""
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, str)]


class EntryOut(OutSchema):
    """A journal entry. `body` is the Markdown as written; `body_html` its sanitized rendering."""

    id: int
    title: str | None
    body: str
    body_html: str
    mood: int | None
    tags: list[str]
    entry_date: dt.date
    is_private: bool
    created_at: UtcDateTime
    updated_at: UtcDateTime

    @model_validator(mode="before")
    @classmethod
    def _from_entry(cls, value: Any) -> Any:
        return cls.fields_of(value) if isinstance(value, JournalEntry) else value

    @staticmethod
    def fields_of(entry: JournalEntry) -> dict[str, Any]:
        body = entry.body or ""
        return {
            "id": entry.id,
            "title": entry.title,
            "body": body,
            "body_html": render_markdown(body),
            "mood": entry.mood_int,
            "tags": _tags(entry.tags),
            "entry_date": entry.entry_date,
            "is_private": entry.is_private,
            "created_at": entry.created_at,
            "updated_at": entry.updated_at,
        }


class EntryListItemOut(EntryOut):
    """An entry in a list; with `q`, `snippet` is HTML: escaped text with the matches in `<mark>`."""

    snippet: str | None

    @model_validator(mode="before")
    @classmethod
    def _from_entry(cls, value: Any) -> Any:
        if isinstance(value, JournalEntry):
            return {**cls.fields_of(value), "snippet": None}
        if not isinstance(value, dict) and isinstance(getattr(value, "entry", None), JournalEntry):
            return {**cls.fields_of(value.entry), "snippet": getattr(value, "snippet", None)}
        return value


class EntryListOut(OutSchema):
    """Newest first (entry_date, then id); `next_cursor` is null on the last page."""

    items: list[EntryListItemOut]
    next_cursor: str | None


class OnThisDayItemOut(EntryOut):
    """An entry from an earlier year, and how many years ago it was."""

    years_ago: int

    @model_validator(mode="before")
    @classmethod
    def _from_entry(cls, value: Any) -> Any:
        if not isinstance(value, dict) and isinstance(getattr(value, "entry", None), JournalEntry):
            return {**cls.fields_of(value.entry), "years_ago": getattr(value, "years_ago", 0)}
        return value


class OnThisDayOut(OutSchema):
    """Entries from the same month and day in earlier years, newest first.

    On 28 February of a year without 29 February, entries from 29 February are included.
    """

    date: dt.date
    items: list[OnThisDayItemOut]
    next_cursor: str | None
