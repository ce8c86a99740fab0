"""Relationships events. Each docstring is the event's contract for subscribers.

Payloads are JSON: dates as ISO `YYYY-MM-DD` strings, absent values as null. Names are
people's names as stored; notes are never in a payload.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifeos.platform.events import Event, register


@register
@dataclass(frozen=True)
class PersonCreated(Event):
    """A user added a person. `cadence_days` is how often to keep in touch (null: no reminder)."""

    name = "relationships.person.created"
    version = 1

    person_id: int
    user_id: int
    person_name: str
    importance: int | None
    cadence_days: int | None


@register
@dataclass(frozen=True)
class PersonUpdated(Event):
    """A user changed a person. `changed` names the request fields that were sent (other than
    `snoozed_until`, which emits `relationships.person.snoozed`); the other fields are the
    person as stored after the change."""

    name = "relationships.person.updated"
    version = 1

    person_id: int
    user_id: int
    changed: tuple[str, ...]
    person_name: str
    importance: int | None
    cadence_days: int | None


@register
@dataclass(frozen=True)
class PersonSnoozed(Event):
    """A user snoozed a person off the reconnect list until `snoozed_until` (back on it on
    that date), or lifted the snooze (`snoozed_until` null)."""

    name = "relationships.person.snoozed"
    version = 1

    person_id: int
    user_id: int
    snoozed_until: date | None


@register
@dataclass(frozen=True)
class PersonDeleted(Event):
    """A user deleted a person; their interactions were deleted with them (no
    `relationships.interaction.deleted` is emitted for those)."""

    name = "relationships.person.deleted"
    version = 1

    person_id: int
    user_id: int


@register
@dataclass(frozen=True)
class InteractionLogged(Event):
    """A user logged an interaction with a person on `date`. `method` is call, message,
    meeting or other (null if not given); `sentiment` is −2 (very negative) … 2 (very
    positive), or null."""

    name = "relationships.interaction.logged"
    version = 1

    interaction_id: int
    person_id: int
    user_id: int
    date: date
    method: str | None
    sentiment: int | None


@register
@dataclass(frozen=True)
class InteractionUpdated(Event):
    """A user changed an interaction. `changed` names the request fields that were sent; the
    other fields are the interaction as stored after the change (`date` may have moved)."""

    name = "relationships.interaction.updated"
    version = 1

    interaction_id: int
    person_id: int
    user_id: int
    changed: tuple[str, ...]
    date: date
    method: str | None
    sentiment: int | None


@register
@dataclass(frozen=True)
class InteractionDeleted(Event):
    """A user deleted an interaction; `date` is the date it was logged for."""

    name = "relationships.interaction.deleted"
    version = 1

    interaction_id: int
    person_id: int
    user_id: int
    date: date
