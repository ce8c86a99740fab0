"""Journal entries: write, change, delete and read them; the timeline with its filters and
full-text search; "on this day".

Rules (the same for creating and changing an entry; one 422 `journal.invalid_entry` names every
bad field, and nothing is written):

* `title`: optional; whitespace collapsed; at most 255 characters; no control characters.
* `body`: Markdown, at most 50,000 characters; no control characters but tab and newlines.
* an entry has a title or a body (not both blank).
* `mood`: an integer −5…5, or none (stored in `mood_int`; the legacy `mood` label is left alone).
* `tags`: at most 20; each 1–32 characters once trimmed, stored lower-case; duplicates dropped.
* `entry_date`: a date in 1900…2999 (the view defaults it to the user's today, in their zone).
* Text is stored NFC-normalized (one encoding for the same visible text).
"""

from __future__ import annotations

import re
from calendar import isleap
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, TextClause, cast, func, select, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from lifeos.domains.journal.errors import EntryNotFound, InvalidEntry, InvalidFilter
from lifeos.domains.journal.events import EntryCreated, EntryDeleted, EntryUpdated
from lifeos.domains.journal.models import JournalEntry
from lifeos.domains.journal.services import search
from lifeos.domains.journal.text import normalize
from lifeos.platform.database import utcnow
from lifeos.platform.pagination import Page, cursor_date, cursor_int, decode_cursor, paginate
from lifeos.platform.uow import UnitOfWork

MAX_ID = 2**31 - 1
TITLE_MAX, BODY_MAX = 255, 50_000
TAG_MAX, TAGS_MAX = 32, 20
MOOD_MIN, MOOD_MAX = -5, 5
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)
FIELDS = ("title", "body", "mood", "tags", "entry_date", "is_private")
TIMELINE, ON_THIS_DAY = "journal.entries", "journal.on_this_day"

_CONTROL = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
_BODY_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

Errors = list[dict[str, str]]


@dataclass(frozen=True)
class ListedEntry:
    """An entry in the timeline; `snippet` (HTML) when the list was a search."""

    entry: JournalEntry
    snippet: str | None = None


@dataclass(frozen=True)
class DayEntry:
    """An entry shown "on this day", and how many years ago it was written for."""

    entry: JournalEntry
    years_ago: int


# ------------------------------------------------------------------------------------ rules


def _error(errors: Errors, field: str, message: str) -> None:
    errors.append({"field": field, "message": message})


def _title(value: Any, errors: Errors) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        _error(errors, "title", "must be a string or null")
        return None
    title = " ".join(normalize(value).split())
    if _CONTROL.search(title):
        _error(errors, "title", "must not contain control characters")
    elif len(title) > TITLE_MAX:
        _error(errors, "title", f"must be at most {TITLE_MAX} characters")
    return title or None


def _body(value: Any, errors: Errors) -> str:
    if not isinstance(value, str):
        _error(errors, "body", "must be a string")
        return ""
    body = normalize(value)
    if len(body) > BODY_MAX:
        _error(errors, "body", f"must be at most {BODY_MAX:,} characters")
    elif _BODY_CONTROL.search(body):
        _error(errors, "body", "must not contain control characters other than tab and newlines")
    return body


def _mood(value: Any, errors: Errors) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not MOOD_MIN <= value <= MOOD_MAX:
        _error(errors, "mood", f"must be an integer from {MOOD_MIN} to {MOOD_MAX}, or null")
        return None
    return value


def normalize_tag(value: str) -> str:
    """A tag as stored and compared: NFC, whitespace collapsed, lower-case."""
    return " ".join(normalize(value).split()).lower()


def _tags(value: Any, errors: Errors) -> list[str]:
    if not isinstance(value, list):
        _error(errors, "tags", "must be a list of strings")
        return []
    tags: list[str] = []
    for i, raw in enumerate(value):
        field = f"tags[{i}]"
        if not isinstance(raw, str):
            _error(errors, field, "must be a string")
            continue
        tag = normalize_tag(raw)
        if not tag:
            _error(errors, field, "must not be empty")
        elif len(tag) > TAG_MAX:
            _error(errors, field, f"must be at most {TAG_MAX} characters")
        elif _CONTROL.search(tag):
            _error(errors, field, "must not contain control characters")
        elif tag not in tags:
            tags.append(tag)
    if len(tags) > TAGS_MAX:
        _error(errors, "tags", f"must hold at most {TAGS_MAX} different tags")
    return tags


def _day(value: Any, errors: Errors) -> date:
    if not isinstance(value, date) or not FIRST_DAY <= value <= LAST_DAY:
        _error(errors, "entry_date", f"must be a date from {FIRST_DAY} to {LAST_DAY}")
        return FIRST_DAY
    return value


def _private(value: Any, errors: Errors) -> bool:
    if not isinstance(value, bool):
        _error(errors, "is_private", "must be true or false")
        return True
    return value


_CLEANERS: dict[str, Callable[[Any, Errors], Any]] = {
    "title": _title,
    "body": _body,
    "mood": _mood,
    "tags": _tags,
    "entry_date": _day,
    "is_private": _private,
}


def _clean(changes: dict[str, Any]) -> dict[str, Any]:
    """Check and normalize the given fields; raise one 422 naming every bad one."""
    errors: Errors = []
    unknown = sorted(set(changes) - set(FIELDS))
    for name in unknown:
        _error(errors, name, "is not a journal entry field")
    clean = {name: _CLEANERS[name](changes[name], errors) for name in FIELDS if name in changes}
    if errors:
        raise InvalidEntry("The journal entry is invalid.", errors=errors)
    return clean


def _require_text(title: str | None, body: str) -> None:
    if not title and not body.strip():
        raise InvalidEntry(
            "An entry needs a title or a body.",
            errors=[{"field": "body", "message": "a title or a body is required"}],
        )


# ------------------------------------------------------------------------------------ writes


def _attr(field: str) -> str:
    return "mood_int" if field == "mood" else field


def _tags_of(entry: JournalEntry) -> tuple[str, ...]:
    return tuple(t for t in entry.tags if isinstance(t, str)) if isinstance(entry.tags, list) else ()


def create_entry(
    uow: UnitOfWork,
    user_id: int,
    *,
    title: Any = None,
    body: Any = "",
    mood: Any = None,
    tags: Any = None,
    entry_date: Any,
    is_private: Any = True,
) -> JournalEntry:
    """Write a new entry (201 in the API)."""
    data = _clean(
        {
            "title": title,
            "body": body,
            "mood": mood,
            "tags": [] if tags is None else tags,
            "entry_date": entry_date,
            "is_private": is_private,
        }
    )
    _require_text(data["title"], data["body"])
    session = uow.session

    def work() -> JournalEntry:
        entry = JournalEntry(user_id=user_id, **{_attr(k): v for k, v in data.items()})
        session.add(entry)
        session.flush()
        uow.emit(
            EntryCreated(
                entry_id=entry.id,
                user_id=user_id,
                entry_date=entry.entry_date,
                mood=entry.mood_int,
                tags=_tags_of(entry),
                is_private=entry.is_private,
            ),
            user_id,
        )
        return entry

    return uow.run(work)


def update_entry(uow: UnitOfWork, user_id: int, entry_id: int, changes: dict[str, Any]) -> JournalEntry:
    """Change the given fields; an event only when something really changed."""
    data = _clean(changes)
    session = uow.session

    def work() -> JournalEntry:
        entry = get_entry(session, user_id, entry_id)
        if "title" in data or "body" in data:
            _require_text(data.get("title", entry.title), data.get("body", entry.body or ""))
        changed = []
        for field, value in data.items():
            if getattr(entry, _attr(field)) != value:
                setattr(entry, _attr(field), value)
                changed.append(field)
        if not changed:
            return entry
        entry.updated_at = utcnow()
        session.flush()
        uow.emit(
            EntryUpdated(
                entry_id=entry.id,
                user_id=user_id,
                entry_date=entry.entry_date,
                mood=entry.mood_int,
                tags=_tags_of(entry),
                is_private=entry.is_private,
                changed=tuple(sorted(changed)),
            ),
            user_id,
        )
        return entry

    return uow.run(work)


def delete_entry(uow: UnitOfWork, user_id: int, entry_id: int) -> None:
    """Delete the entry for good (its search index rows go with it)."""
    session = uow.session

    def work() -> None:
        entry = get_entry(session, user_id, entry_id)
        event = EntryDeleted(entry_id=entry.id, user_id=user_id, entry_date=entry.entry_date)
        session.delete(entry)
        session.flush()
        uow.emit(event, user_id)

    uow.run(work)


# ------------------------------------------------------------------------------------- reads


def get_entry(session: Session, user_id: int, entry_id: int) -> JournalEntry:
    """The user's entry, or 404 (another user's entry is indistinguishable from none)."""
    entry = None
    if 1 <= entry_id <= MAX_ID:
        entry = session.scalar(
            select(JournalEntry).where(JournalEntry.user_id == user_id, JournalEntry.id == entry_id)
        )
    if entry is None:
        raise EntryNotFound(f"Journal entry {entry_id} not found.")
    return entry


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _has_tag(dialect: str, tag: str) -> ColumnElement[bool] | TextClause:
    if dialect == "postgresql":
        return cast(JournalEntry.tags, JSONB).contains([tag])
    return text(
        "EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(journal_entry.tags) "
        "THEN journal_entry.tags ELSE '[]' END) AS journal_tag WHERE journal_tag.value = :journal_tag)"
    ).bindparams(journal_tag=tag)


NEWEST_FIRST = (JournalEntry.entry_date.desc(), JournalEntry.id.desc())
RECENT_WINDOW = 1_000  # entries a search looks through newest first before asking the index


def _older_than(key_date: date, key_id: int) -> ColumnElement[bool]:
    """Entries after (entry_date, id) in newest-first order (a range on the date index)."""
    return (JournalEntry.entry_date <= key_date) & ~(
        (JournalEntry.entry_date == key_date) & (JournalEntry.id >= key_id)
    )


def _not_older_than(key_date: date, key_id: int) -> ColumnElement[bool]:
    return (JournalEntry.entry_date >= key_date) & ~(
        (JournalEntry.entry_date == key_date) & (JournalEntry.id < key_id)
    )


def _cursor_condition(kind: str, cursor: str | None) -> list[ColumnElement[bool]]:
    key = decode_cursor(kind, cursor, 2)
    if key is None:
        return []
    return [_older_than(cursor_date(key[0]), cursor_int(key[1]))]


def _page(rows: list[JournalEntry], limit: int, kind: str) -> Page[JournalEntry]:
    return paginate(rows, limit, kind, lambda e: [e.entry_date.isoformat(), e.id])


def _search(
    session: Session,
    user_id: int,
    where: list[Any],
    date_range: list[Any],
    terms: search.SearchTerms,
    want: int,
) -> list[JournalEntry]:
    """The newest `want` entries matching `terms` (and `where`), newest first."""
    dialect = _dialect(session)
    bound = session.execute(
        select(JournalEntry.entry_date, JournalEntry.id)
        .where(JournalEntry.user_id == user_id, *date_range)
        .order_by(*NEWEST_FIRST)
        .offset(RECENT_WINDOW - 1)
        .limit(1)
    ).first()
    recent = select(JournalEntry).where(*where, search.condition(dialect, terms, probe=True))
    if bound is not None:
        recent = recent.where(_not_older_than(bound.entry_date, bound.id))
    rows = list(session.scalars(recent.order_by(*NEWEST_FIRST).limit(want)))
    if bound is None or len(rows) == want:
        return rows
    # Not enough among the recent entries: the index lists the older matches (few, then).
    hits = select(JournalEntry.id, JournalEntry.entry_date).where(
        *where, _older_than(bound.entry_date, bound.id), search.condition(dialect, terms)
    )
    if dialect == "postgresql":  # materialized: the planner must not walk the date index instead
        cte = hits.cte("journal_hits").prefix_with("MATERIALIZED", dialect="postgresql")
        ids_stmt = select(cte.c.id).order_by(cte.c.entry_date.desc(), cte.c.id.desc())
    else:
        ids_stmt = hits.with_only_columns(JournalEntry.id).order_by(*NEWEST_FIRST)
    ids = list(session.scalars(ids_stmt.limit(want - len(rows))))
    if ids:
        older = session.scalars(select(JournalEntry).where(JournalEntry.id.in_(ids)))
        rows += sorted(older, key=lambda e: (e.entry_date, e.id), reverse=True)
    return rows


def list_entries(
    session: Session,
    user_id: int,
    *,
    q: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    mood_min: int | None = None,
    mood_max: int | None = None,
    tag: str | None = None,
    limit: int,
    cursor: str | None = None,
) -> Page[ListedEntry]:
    """The timeline: newest first (entry_date, then id), filtered, keyset-paginated.

    With `q`, only entries matching every search term (see services/search.py), each with a
    highlighted snippet. A `q` with nothing searchable in it (only punctuation) matches nothing.
    """
    errors: Errors = []
    if date_from is not None and date_to is not None and date_from > date_to:
        _error(errors, "from", "must not be after `to`")
    if mood_min is not None and mood_max is not None and mood_min > mood_max:
        _error(errors, "mood_min", "must not be above `mood_max`")
    if errors:
        raise InvalidFilter("The filters contradict each other.", errors=errors)
    after = _cursor_condition(TIMELINE, cursor)  # a bad cursor is a 422 even when nothing matches

    date_range: list[Any] = [*after]
    if date_from is not None:
        date_range.append(JournalEntry.entry_date >= date_from)
    if date_to is not None:
        date_range.append(JournalEntry.entry_date <= date_to)
    where: list[Any] = [JournalEntry.user_id == user_id, *date_range]
    if mood_min is not None:
        where.append(JournalEntry.mood_int >= mood_min)
    if mood_max is not None:
        where.append(JournalEntry.mood_int <= mood_max)
    if tag is not None and normalize_tag(tag):
        where.append(_has_tag(_dialect(session), normalize_tag(tag)))

    if q is None or not q.strip():
        stmt = select(JournalEntry).where(*where).order_by(*NEWEST_FIRST).limit(limit + 1)
        page = _page(list(session.scalars(stmt)), limit, TIMELINE)
        return Page([ListedEntry(e) for e in page.items], page.next_cursor)
    terms = search.parse_query(q)
    if terms.empty:
        return Page([], None)
    page = _page(_search(session, user_id, where, date_range, terms, limit + 1), limit, TIMELINE)
    return Page([ListedEntry(e, search.snippet(e, terms)) for e in page.items], page.next_cursor)


def same_day_in(year: int, day: date) -> list[date]:
    """The dates of `year` that count as `day`'s month and day.

    29 February counts only in leap years; on 28 February of a year without a 29th, the
    29 February of earlier leap years is shown too.
    """
    if (day.month, day.day) == (2, 29):
        return [date(year, 2, 29)] if isleap(year) else []
    if (day.month, day.day) == (2, 28) and not isleap(day.year) and isleap(year):
        return [date(year, 2, 28), date(year, 2, 29)]
    return [date(year, day.month, day.day)]


def on_this_day(
    session: Session, user_id: int, day: date, *, limit: int, cursor: str | None = None
) -> Page[DayEntry]:
    """Entries from the same month and day in earlier years, newest first, keyset-paginated."""
    after = _cursor_condition(ON_THIS_DAY, cursor)
    first = session.scalar(select(func.min(JournalEntry.entry_date)).where(JournalEntry.user_id == user_id))
    if first is None or first.year >= day.year:
        return Page([], None)
    dates = [d for year in range(first.year, day.year) for d in same_day_in(year, day)]
    if not dates:
        return Page([], None)
    stmt = (
        select(JournalEntry)
        .where(JournalEntry.user_id == user_id, JournalEntry.entry_date.in_(dates), *after)
        .order_by(*NEWEST_FIRST)
        .limit(limit + 1)
    )
    page = _page(list(session.scalars(stmt)), limit, ON_THIS_DAY)
    return Page([DayEntry(e, day.year - e.entry_date.year) for e in page.items], page.next_cursor)
