"""Keyset pagination, the one convention for every finance list.

A request carries `limit` (1–100, default 50) and an opaque `cursor`; a response carries
`items` and `next_cursor` (null on the last page). A cursor is the sort key of the last row
returned, tagged with the listing it belongs to.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from lifeos.domains.finance.errors import InvalidCursor

T = TypeVar("T")
DEFAULT_LIMIT, MAX_LIMIT = 50, 100


@dataclass
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def encode_cursor(kind: str, key: list[Any]) -> str:
    """Opaque cursor for the row whose sort key is `key`."""
    raw = json.dumps([kind, key], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str | None, size: int) -> list[Any] | None:
    """The key inside a cursor of this listing, or a 422 when it is not one."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        tag, key = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except Exception as exc:
        raise InvalidCursor(
            "The cursor is not valid.", errors=[{"field": "cursor", "message": "invalid cursor"}]
        ) from exc
    if tag != kind or not isinstance(key, list) or len(key) != size:
        raise InvalidCursor(
            "The cursor belongs to another listing.",
            errors=[{"field": "cursor", "message": "invalid cursor"}],
        )
    return key


def paginate(rows: list[T], limit: int, kind: str, key_of: Any) -> Page[T]:
    """Cut a `limit + 1` fetch into a page and the cursor of its last row."""
    if len(rows) > limit:
        rows = rows[:limit]
        return Page(rows, encode_cursor(kind, key_of(rows[-1])))
    return Page(rows, None)
