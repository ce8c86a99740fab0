"""Journal events: names start with `journal.`; each docstring is its contract.

Payloads never carry the title or body (entries are private by default): a subscriber that
needs the text reads the entry by id, as its owner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifeos.platform.events import Event, register


@register
@dataclass(frozen=True)
class EntryCreated(Event):
    """A user wrote a journal entry.

    `entry_date` is the day the entry is about (ISO date; defaults to the user's today in their
    time zone); `mood` is −5…5 or null; `tags` are lower-case, unique, in the order given.
    """

    name = "journal.entry.created"
    version = 1

    entry_id: int
    user_id: int
    entry_date: date
    mood: int | None
    tags: tuple[str, ...]
    is_private: bool


@register
@dataclass(frozen=True)
class EntryUpdated(Event):
    """A journal entry changed (emitted only when a field really changed).

    The fields carry the entry's state after the change; `changed` names the API fields that
    changed (title, body, mood, tags, entry_date, is_private), sorted.
    """

    name = "journal.entry.updated"
    version = 1

    entry_id: int
    user_id: int
    entry_date: date
    mood: int | None
    tags: tuple[str, ...]
    is_private: bool
    changed: tuple[str, ...]


@register
@dataclass(frozen=True)
class EntryDeleted(Event):
    """A journal entry was deleted for good; `entry_date` is the day it was about."""

    name = "journal.entry.deleted"
    version = 1

    entry_id: int
    user_id: int
    entry_date: date
