"""Bank dates as text → date, by a named format, an explicit strptime format, or detection.

Named formats accept `.`, `/` or `-` between the parts and an ignored time of day after the
date. Detection keeps the named formats that read every date of the file; it answers only
when they all agree on every date (so 03/04/2026 alone, day or month first, is not guessed).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime

from lifeos.platform.http import FIRST_DAY, LAST_DAY

_TIME = re.compile(r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)$")
_PATTERNS: dict[str, tuple[re.Pattern[str], tuple[int, int, int]]] = {
    # name: (pattern, positions of year, month, day among the groups)
    "iso": (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), (0, 1, 2)),
    "ymd": (re.compile(r"(\d{4})[./](\d{1,2})[./](\d{1,2})|(\d{4})(\d{2})(\d{2})"), (0, 1, 2)),
    "dmy": (re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})"), (2, 1, 0)),
    "mdy": (re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})"), (2, 0, 1)),
}
NAMED = tuple(_PATTERNS)


class DateError(ValueError):
    """The text is not a date in the format."""


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:  # strptime's rule for %y
        year += 1900 if year >= 69 else 2000
    return year


def _checked(day: date) -> date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise DateError(f"is outside {FIRST_DAY.year}–{LAST_DAY.year}")
    return day


def _named(name: str) -> Callable[[str], date]:
    pattern, (y, m, d) = _PATTERNS[name]

    def read(text: str) -> date:
        match = pattern.fullmatch(_TIME.sub("", text.strip()))
        if match is None:
            raise DateError(f"is not a date in the {name} format")
        parts = [g for g in match.groups() if g is not None]
        try:
            return _checked(date(_year(parts[y]), int(parts[m]), int(parts[d])))
        except ValueError:
            raise DateError("is not a real calendar date") from None

    return read


def reader(date_format: str) -> Callable[[str], date]:
    """A function reading one date in `date_format` (named, or a strptime format)."""
    if date_format in _PATTERNS:
        return _named(date_format)

    def read(text: str) -> date:
        try:
            return _checked(datetime.strptime(text.strip(), date_format).date())
        except ValueError:
            raise DateError(f"does not match the date format {date_format!r}") from None

    return read


def detect(texts: Iterable[str]) -> str | None:
    """The named format that reads every text, when all that do agree on every date; else None."""
    values = [t for t in texts if t.strip()]
    if not values:
        return None
    results: dict[str, list[date]] = {}
    for name in NAMED:
        read = _named(name)
        try:
            results[name] = [read(v) for v in values]
        except DateError:
            continue
    if not results:
        return None
    first, *others = results
    if any(results[o] != results[first] for o in others):
        return None
    return first
