"""Skills error classes: each carries its HTTP status and its stable `skills.<reason>` code.

Out-of-range fields (a level of 11, a duration of 0, 2026-02-30) are caught by the request
schemas and answered 422 `request.validation_failed` with one entry per field; the codes below
are the rules the schemas cannot see.
"""

from __future__ import annotations

from lifeos.platform.errors import AppError


class SkillsError(AppError):
    """Base of skills errors (never raised itself)."""


class SkillNotFound(SkillsError):
    """No such skill for this user (another user's skill looks the same as none)."""

    status = 404
    code = "skills.skill_not_found"
    title = "Skill not found"


class SessionNotFound(SkillsError):
    """No such practice session for this user."""

    status = 404
    code = "skills.session_not_found"
    title = "Practice session not found"


class NameTaken(SkillsError):
    """Another skill of this user already has this name."""

    status = 409
    code = "skills.name_taken"
    title = "Skill name already in use"


class InvalidSkill(SkillsError):
    """The skill's fields are inconsistent (e.g. a blank name)."""

    status = 422
    code = "skills.invalid_skill"
    title = "Invalid skill"


class InvalidPeriod(SkillsError):
    """The date range is invalid (`from` after `to`)."""

    status = 422
    code = "skills.invalid_period"
    title = "Invalid period"
