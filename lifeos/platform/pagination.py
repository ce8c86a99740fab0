"""Keyset pagination, the one convention for every list endpoint.

A request carries `limit` (1–100, default 50) and an opaque `cursor`; a response carries
`items` and `next_cursor` (null on the last page). A cursor is the sort key of the last row
returned, tagged with the listing it belongs to; a forged or foreign cursor is a 422.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import Select
from sqlalchemy.orm import Session

from lifeos.platform.errors import AppError

T = TypeVar("T")
DEFAULT_LIMIT, MAX_LIMIT = 50, 100
CURSOR_MAX_CHARS = 512


class InvalidCursor(AppError):
    """The pagination cursor is malformed or belongs to another listing."""

    status = 422
    code = "request.invalid_cursor"
    title = "Invalid cursor"


def _invalid(detail: str) -> InvalidCursor:
    return InvalidCursor(detail, errors=[{"field": "cursor", "message": "invalid cursor"}])


@dataclass
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def encode_cursor(kind: str, key: Sequence[Any]) -> str:
    """Opaque cursor for the row whose sort key is `key` (JSON scalars)."""
    raw = json.dumps([kind, list(key)], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str | None, size: int) -> list[Any] | None:
    """The key inside a cursor of this listing, or a 422 when it is not one."""
    if not cursor:
        return None
    try:
        if len(cursor) > CURSOR_MAX_CHARS:
            raise ValueError("too long")
        padded = cursor + "=" * (-len(cursor) % 4)
        tag, key = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, TypeError, UnicodeError, binascii.Error) as exc:
        raise _invalid("The cursor is not valid.") from exc
    if tag != kind or not isinstance(key, list) or len(key) != size:
        raise _invalid("The cursor belongs to another listing.")
    return key


def cursor_int(value: Any, *, low: int = 1, high: int = 2**31 - 1) -> int:
    """An id from a cursor key, in the column's range."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _invalid("The cursor is not valid.")
    return value


def cursor_date(value: Any) -> date:
    """A date from a cursor key."""
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _invalid("The cursor is not valid.") from None


def cursor_datetime(value: Any) -> datetime:
    """A timestamp from a cursor key."""
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise _invalid("The cursor is not valid.") from None


def cursor_str(value: Any) -> str:
    """A text key from a cursor."""
    if not isinstance(value, str) or "\x00" in value:
        raise _invalid("The cursor is not valid.")
    return value


def paginate(rows: list[T], limit: int, kind: str, key_of: Callable[[T], Sequence[Any]]) -> Page[T]:
    """Cut a `limit + 1` fetch into a page and the cursor of its last row."""
    if len(rows) > limit:
        rows = rows[:limit]
        return Page(rows, encode_cursor(kind, key_of(rows[-1])))
    return Page(rows, None)


def newest_by_day(
    session: Session,
    stmt: Select[tuple[T]],
    day: Any,
    row_id: Any,
    *,
    kind: str,
    limit: int,
    cursor: str | None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> Page[T]:
    """One page of `stmt`'s rows, newest day first (then id), within [date_from, date_to].

    `day` and `row_id` are the model's date and id columns; the cursor is the last row's
    (day, id). Every dated list (workouts, meals, records…) pages this one way.
    """
    if date_from is not None:
        stmt = stmt.where(day >= date_from)
    if date_to is not None:
        stmt = stmt.where(day <= date_to)
    key = decode_cursor(kind, cursor, 2)
    if key is not None:
        on, key_id = cursor_date(key[0]), cursor_int(key[1])
        stmt = stmt.where((day < on) | ((day == on) & (row_id < key_id)))
    rows = list(session.scalars(stmt.order_by(day.desc(), row_id.desc()).limit(limit + 1)))
    return paginate(
        rows, limit, kind, lambda row: [getattr(row, day.key).isoformat(), getattr(row, row_id.key)]
    )
