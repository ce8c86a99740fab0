"""Relationships error classes: each carries its HTTP status and its stable
`relationships.<reason>` code.

Out-of-range fields (importance 6, a date of 2026-02-30, an unknown method) are caught by the
request schemas and answered 422 `request.validation_failed` with one entry per field; the
codes below are the rules the schemas cannot see.
"""

from __future__ import annotations

from lifeos.platform.errors import AppError


class RelationshipsError(AppError):
    """Base of relationships errors (never raised itself)."""


class PersonNotFound(RelationshipsError):
    """No such person for this user."""

    status = 404
    code = "relationships.person_not_found"
    title = "Person not found"


class InteractionNotFound(RelationshipsError):
    """No such interaction for this user."""

    status = 404
    code = "relationships.interaction_not_found"
    title = "Interaction not found"


class NameTaken(RelationshipsError):
    """Another person of this user already has this name (names are compared exactly)."""

    status = 409
    code = "relationships.name_taken"
    title = "Person name already in use"


class InvalidBirthday(RelationshipsError):
    """The birthday is not a day of the calendar (31 April; 29 February of a known non-leap
    year) or lies in the future."""

    status = 422
    code = "relationships.invalid_birthday"
    title = "Invalid birthday"
