"""Recurrence: a schedule row's rule turned into calendar dates. Stdlib only, every rule explicit.

Rules (stated here and tested, not left to a library's defaults):

* `start` (the row's event_date) anchors the rule; no occurrence falls before it.
* once: the start itself. daily: start + k·N days.
* weekly: the chosen weekdays (default: the start's) of every Nth week, weeks counted
  Monday-first from the start's week.
* monthly_day: day D (default the start's day) of every Nth month from the start's month;
  D = 29–31 in a shorter month falls on that month's last day (never skipped).
* monthly_last: the last day of every Nth month.
* monthly_weekday: the Nth weekday (month_week 1–5, or -1 = the last) of every Nth month;
  a month without a 5th such weekday has none.
* yearly: the start's month and day every N years; Feb 29 falls on Feb 28 in other years.
* End: `until` (inclusive, compared with the rule's date) or `count` (the first `count` rule
  dates), or never.
* Weekend rule, applied last: keep, previous_friday or next_monday. It moves the date but
  not the count or the end: an occurrence is identified by its rule date
  (`Occurrence.rule_date`), so "after 12" is 12 payments wherever they land, and two rule
  dates may land on one day (a daily row with next_monday pays three times on Monday).

Dates are calendar days in the user's zone; nothing here knows about clocks, so daylight
saving cannot move an occurrence.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

ONCE, DAILY, WEEKLY = "once", "daily", "weekly"
MONTHLY_DAY, MONTHLY_LAST, MONTHLY_WEEKDAY, YEARLY = (
    "monthly_day",
    "monthly_last",
    "monthly_weekday",
    "yearly",
)
RECURRENCES = (ONCE, DAILY, WEEKLY, MONTHLY_DAY, MONTHLY_LAST, MONTHLY_WEEKDAY, YEARLY)
KEEP, PREVIOUS_FRIDAY, NEXT_MONDAY = "keep", "previous_friday", "next_monday"
WEEKEND_RULES = (KEEP, PREVIOUS_FRIDAY, NEXT_MONDAY)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MAX_YEAR = 2999


@dataclass(frozen=True)
class Rule:
    start: date
    recurrence: str = ONCE
    every: int = 1
    weekdays: tuple[int, ...] = ()
    day_of_month: int | None = None
    month_week: int | None = None
    until: date | None = None
    count: int | None = None
    weekend_rule: str = KEEP


@dataclass(frozen=True)
class Occurrence:
    rule_date: date  # identifies the occurrence (matching keys on it)
    date: date  # when the money moves, after the weekend rule


def parse_weekdays(text: str | None) -> tuple[int, ...]:
    """'0,4' → (0, 4); invalid parts are ignored (the schema validates input)."""
    if not text:
        return ()
    out = {int(p) for p in text.split(",") if p.strip().isdigit() and 0 <= int(p) <= 6}
    return tuple(sorted(out))


def format_weekdays(days: tuple[int, ...] | list[int] | None) -> str | None:
    return ",".join(str(d) for d in sorted(set(days))) if days else None


@functools.lru_cache(maxsize=4096)
def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """The nth (1–5, or -1 for the last) given weekday of the month, or None."""
    if nth == -1:
        day = date(year, month, last_day(year, month))
        return day - timedelta(days=(day.weekday() - weekday) % 7)
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    return day if day.month == month else None


def _rule_dates(rule: Rule, near: date | None = None) -> Iterator[date]:
    """The rule dates from the start on, ascending (unbounded but for the calendar's end).

    `near`: skip whole periods that end before it (only for rules without a count, whose
    occurrences need not be numbered from the start). The first date yielded is still ≤ the
    first rule date on or after `near`.
    """
    start, every = rule.start, max(1, rule.every)
    skip = near is not None and rule.count is None and near > start
    gap = (near - start).days if skip and near is not None else 0
    kind = rule.recurrence
    if kind == ONCE:
        yield start
    elif kind == DAILY:
        day = start + timedelta(days=every * max(0, gap // every - 1))
        while day.year <= MAX_YEAR:
            yield day
            day += timedelta(days=every)
    elif kind == WEEKLY:
        weekdays = rule.weekdays or (start.weekday(),)
        first_week = start - timedelta(days=start.weekday())
        week = first_week + timedelta(weeks=every * max(0, gap // 7 // every - 1))
        while week.year <= MAX_YEAR:
            for wd in weekdays:
                day = week + timedelta(days=wd)
                if day >= start:
                    yield day
            week += timedelta(weeks=every)
    elif kind == YEARLY:
        first = start.year + every * max(0, gap // 366 // every - 1)
        for year in range(first, MAX_YEAR + 1, every):
            yield date(year, start.month, min(start.day, last_day(year, start.month)))
    else:
        yield from _monthly(rule, every, max(0, gap // 31 // every - 1))


def _monthly(rule: Rule, every: int, k: int = 0) -> Iterator[date]:
    start, kind = rule.start, rule.recurrence
    while True:
        year, month = _add_months(start.year, start.month, k * every)
        if year > MAX_YEAR:
            return
        k += 1
        day: date | None
        if kind == MONTHLY_DAY:
            wanted = rule.day_of_month or start.day
            day = date(year, month, min(wanted, last_day(year, month)))
        elif kind == MONTHLY_LAST:
            day = date(year, month, last_day(year, month))
        elif kind == MONTHLY_WEEKDAY:
            weekday = rule.weekdays[0] if rule.weekdays else start.weekday()
            nth = rule.month_week if rule.month_week is not None else (start.day - 1) // 7 + 1
            day = nth_weekday(year, month, weekday, nth)
        else:
            raise ValueError(f"unknown recurrence {kind!r}")
        if day is not None and day >= start:
            yield day


def shift_weekend(day: date, weekend_rule: str) -> date:
    weekday = day.weekday()
    if weekday < 5 or weekend_rule == KEEP:
        return day
    if weekend_rule == PREVIOUS_FRIDAY:
        return day - timedelta(days=weekday - 4)
    return day + timedelta(days=7 - weekday)


def occurrences(rule: Rule, until: date, since: date | None = None) -> Iterator[Occurrence]:
    """The rule's occurrences whose (moved) date is ≤ `until` (and ≥ `since` when given)."""
    # A weekend move is at most 2 days: stop once rule dates are past that.
    horizon = until + timedelta(days=2)
    if rule.until is not None and rule.until < horizon:
        horizon = rule.until
    near = since - timedelta(days=3) if since is not None else None
    count, keep = rule.count, rule.weekend_rule == KEEP
    n = 0
    for rule_date in _rule_dates(rule, near):
        n += 1
        if (count is not None and n > count) or rule_date > horizon:
            return
        moved = rule_date if keep or rule_date.weekday() < 5 else shift_weekend(rule_date, rule.weekend_rule)
        if moved > until or (since is not None and moved < since):
            continue
        yield Occurrence(rule_date, moved)


def is_occurrence(rule: Rule, rule_date: date) -> bool:
    """Whether `rule_date` is one of the rule's dates (before the weekend rule)."""
    window = occurrences(rule, rule_date + timedelta(days=2), since=rule_date - timedelta(days=2))
    return any(o.rule_date == rule_date for o in window)


def last_occurrence(rule: Rule) -> date | None:
    """The rule's last date when it ends (once, until, count), else None."""
    if rule.recurrence != ONCE and rule.count is None and rule.until is None:
        return None
    # Skipping to the end is quick; when the periods near it hold no date, walk from the start.
    near = rule.until - timedelta(days=3) if rule.until is not None else None
    return _last(rule, near) or (_last(rule, None) if near is not None else None)


def _last(rule: Rule, near: date | None) -> date | None:
    last = None
    for n, rule_date in enumerate(_rule_dates(rule, near), start=1):
        if (rule.count is not None and n > rule.count) or (rule.until is not None and rule_date > rule.until):
            break
        last = rule_date
    return last


def _ordinal(n: int) -> str:
    if n == -1:
        return "last"
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


def _every(n: int, unit: str) -> str:
    return f"every {unit}" if n == 1 else f"every {n} {unit}s"


def describe(rule: Rule) -> str:
    """A person's reading of the rule, e.g. "every month on the last day, until 2027-06-30"."""
    kind, every = rule.recurrence, max(1, rule.every)
    start = rule.start
    if kind == ONCE:
        text = f"once on {start.isoformat()}"
    elif kind == DAILY:
        text = _every(every, "day")
    elif kind == WEEKLY:
        days = rule.weekdays or (start.weekday(),)
        text = f"{_every(every, 'week')} on " + ", ".join(WEEKDAY_NAMES[d] for d in days)
    elif kind == MONTHLY_DAY:
        day = rule.day_of_month or start.day
        text = f"{_every(every, 'month')} on day {day}"
        if day > 28:
            text += " (or the month's last day)"
    elif kind == MONTHLY_LAST:
        text = f"{_every(every, 'month')} on the last day"
    elif kind == MONTHLY_WEEKDAY:
        weekday = rule.weekdays[0] if rule.weekdays else start.weekday()
        nth = rule.month_week if rule.month_week is not None else (start.day - 1) // 7 + 1
        text = f"{_every(every, 'month')} on the {_ordinal(nth)} {WEEKDAY_NAMES[weekday]}"
    else:
        text = f"{_every(every, 'year')} on {start.strftime('%B')} {start.day}"
        if start.month == 2 and start.day == 29:
            text += " (Feb 28 in other years)"
    if kind != ONCE:
        text += f", from {start.isoformat()}"
        if rule.until is not None:
            text += f" until {rule.until.isoformat()}"
        if rule.count is not None:
            text += f", {rule.count} times"
    if rule.weekend_rule == PREVIOUS_FRIDAY:
        text += "; weekends move to the Friday before"
    elif rule.weekend_rule == NEXT_MONDAY:
        text += "; weekends move to the Monday after"
    return text
