"""Skills events. Each docstring is the event's contract for subscribers.

Payloads are JSON: timestamps as ISO 8601 strings (UTC), absent values as null.
The skills domain itself subscribes to the `skills.practice.*` events (and `skills.skill.created`)
to keep the `skill_metric` rollups current (see `subscribers.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lifeos.platform.events import Event, register


@register
@dataclass(frozen=True)
class SkillCreated(Event):
    """A user created a skill. Levels are 1–10 or null."""

    name = "skills.skill.created"
    version = 1

    skill_id: int
    user_id: int
    skill_name: str
    category: str | None
    current_level: int | None
    target_level: int | None


@register
@dataclass(frozen=True)
class SkillUpdated(Event):
    """A user changed a skill; `changed` names the fields whose value changed."""

    name = "skills.skill.updated"
    version = 1

    skill_id: int
    user_id: int
    changed: tuple[str, ...]


@register
@dataclass(frozen=True)
class SkillDeleted(Event):
    """A user deleted a skill, with its practice sessions and metrics (`sessions_deleted` of them)."""

    name = "skills.skill.deleted"
    version = 1

    skill_id: int
    user_id: int
    skill_name: str
    sessions_deleted: int


@register
@dataclass(frozen=True)
class PracticeLogged(Event):
    """A user logged a practice session of `duration_minutes` (1–1440) at `practiced_at` (UTC).
    `intensity` is 1–5 or null."""

    name = "skills.practice.logged"
    version = 1

    session_id: int
    skill_id: int
    user_id: int
    practiced_at: datetime
    duration_minutes: int
    intensity: int | None


@register
@dataclass(frozen=True)
class PracticeUpdated(Event):
    """A user changed a practice session; `changed` names the request fields that were sent,
    the other fields are the session as stored after the change."""

    name = "skills.practice.updated"
    version = 1

    session_id: int
    skill_id: int
    user_id: int
    changed: tuple[str, ...]
    practiced_at: datetime
    duration_minutes: int
    intensity: int | None


@register
@dataclass(frozen=True)
class PracticeDeleted(Event):
    """A user deleted a practice session; `practiced_at` is when it had been practised."""

    name = "skills.practice.deleted"
    version = 1

    session_id: int
    skill_id: int
    user_id: int
    practiced_at: datetime
