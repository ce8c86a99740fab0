"""The reconnect list and upcoming birthdays, computed for "today" in the user's zone.

Both lists are ordered in Python (the order depends on today) and cut into pages by a cursor
holding the last row's sort key, like every other list (`platform.pagination`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from fractions import Fraction
from typing import Any, TypeVar

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from lifeos.domains.relationships.models import Interaction, Person
from lifeos.domains.relationships.schemas import BirthdayItem, BirthdayList, ReconnectItem, ReconnectList
from lifeos.domains.relationships.services import rules
from lifeos.domains.relationships.services.people import birthday_of
from lifeos.platform.pagination import cursor_int, cursor_str, decode_cursor, encode_cursor

T = TypeVar("T")
RECONNECT, BIRTHDAYS = "relationships.reconnect", "relationships.birthdays"
HIGHEST = 2**31 - 1


def _page(
    items: list[T],
    limit: int,
    kind: str,
    raw_of: Callable[[T], list[Any]],
    key_of: Callable[[Sequence[Any]], tuple[Any, ...]],
    cursor_key: tuple[Any, ...] | None,
) -> tuple[list[T], str | None]:
    """Items sorted by `key_of(raw_of(item))`, those after `cursor_key`, at most `limit`."""
    items = sorted(items, key=lambda item: key_of(raw_of(item)))
    if cursor_key is not None:
        items = [item for item in items if key_of(raw_of(item)) > cursor_key]
    if len(items) > limit:
        items = items[:limit]
        return items, encode_cursor(kind, raw_of(items[-1]))
    return items, None


# ------------------------------------------------------------------------------ reconnect


def _reconnect_raw(item: ReconnectItem) -> list[Any]:
    never = item.last_interaction_date is None
    return [
        0 if never else 1,
        item.overdue_days or 0,
        item.cadence_days,
        item.importance or 0,
        item.name,
        item.person_id,
    ]


def _reconnect_key(raw: Sequence[Any]) -> tuple[Any, ...]:
    # Never contacted first; then most overdue (overdue days ÷ cadence); then importance
    # (high first), name, id.
    group, overdue, cadence, importance, name, person_id = raw
    ratio = Fraction(0) if group == 0 else Fraction(overdue, cadence)
    return (group, -ratio, -importance, name, person_id)


def _reconnect_cursor(cursor: str | None) -> tuple[Any, ...] | None:
    key = decode_cursor(RECONNECT, cursor, 6)
    if key is None:
        return None
    raw = [
        cursor_int(key[0], low=0, high=1),
        cursor_int(key[1], low=0, high=HIGHEST),
        cursor_int(key[2], low=1, high=HIGHEST),
        cursor_int(key[3], low=-HIGHEST, high=HIGHEST),
        cursor_str(key[4]),
        cursor_int(key[5]),
    ]
    return _reconnect_key(raw)


def reconnect(
    session: Session, user_id: int, today: date, *, limit: int, cursor: str | None = None
) -> ReconnectList:
    """People with a cadence never contacted, or whose last interaction is more than
    `cadence_days` days before today; people snoozed past today are left out."""
    cursor_key = _reconnect_cursor(cursor)
    last = (
        select(Interaction.person_id, func.max(Interaction.date).label("last_date"))
        .where(Interaction.user_id == user_id)
        .group_by(Interaction.person_id)
        .subquery()
    )
    rows = session.execute(
        select(Person, last.c.last_date)
        .outerjoin(last, last.c.person_id == Person.id)
        .where(
            Person.user_id == user_id,
            Person.cadence_days > 0,
            or_(Person.snoozed_until.is_(None), Person.snoozed_until <= today),
        )
    ).tuples()
    items: list[ReconnectItem] = []
    for person, last_date in rows:
        cadence = int(person.cadence_days or 0)
        if last_date is None:
            items.append(
                ReconnectItem(
                    person.id, person.name, person.importance_level, cadence, None, None, None, None
                )
            )
            continue
        since = (today - last_date).days
        overdue = since - cadence
        if overdue <= 0:
            continue
        ratio = rules.ratio_text(rules.overdue_ratio(overdue, cadence))
        items.append(
            ReconnectItem(
                person.id, person.name, person.importance_level, cadence, last_date, since, overdue, ratio
            )
        )
    page, next_cursor = _page(items, limit, RECONNECT, _reconnect_raw, _reconnect_key, cursor_key)
    return ReconnectList(today, page, next_cursor)


# ------------------------------------------------------------------------------ birthdays


def _birthday_raw(item: BirthdayItem) -> list[Any]:
    return [item.days_until, item.name, item.person_id]


def _birthday_key(raw: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(raw)


def _birthday_cursor(cursor: str | None) -> tuple[Any, ...] | None:
    key = decode_cursor(BIRTHDAYS, cursor, 3)
    if key is None:
        return None
    return (cursor_int(key[0], low=0, high=HIGHEST), cursor_str(key[1]), cursor_int(key[2]))


def birthdays(
    session: Session, user_id: int, today: date, within: int, *, limit: int, cursor: str | None = None
) -> BirthdayList:
    """Birthdays celebrated from today through `within` days ahead (a window may cross New
    Year), soonest first (then name, id)."""
    if not 1 <= within <= 366:
        raise ValueError("within must be 1–366")
    cursor_key = _birthday_cursor(cursor)
    rows = session.scalars(
        select(Person).where(
            Person.user_id == user_id,
            or_(Person.birthday_month.is_not(None), Person.birthday.is_not(None)),
        )
    )
    items: list[BirthdayItem] = []
    for person in rows:
        birthday = birthday_of(person)
        if birthday is None:
            continue
        month, day, year = birthday
        try:
            on = rules.next_celebration(month, day, today)
        except ValueError:  # a stored month/day that is no calendar day (written outside the API)
            continue
        days_until = (on - today).days
        if days_until > within:
            continue
        turns = None if year is None else rules.age_on(month, day, year, on)
        items.append(BirthdayItem(person.id, person.name, month, day, year, on, days_until, turns))
    page, next_cursor = _page(items, limit, BIRTHDAYS, _birthday_raw, _birthday_key, cursor_key)
    return BirthdayList(today, within, page, next_cursor)
