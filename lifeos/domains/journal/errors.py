"""Journal error classes: each carries its HTTP status and its stable `journal.<reason>` code."""

from __future__ import annotations

from lifeos.platform.errors import AppError


class JournalError(AppError):
    """Base of journal errors (never raised itself)."""


class EntryNotFound(JournalError):
    """No such journal entry for this user (another user's entry looks exactly the same)."""

    status = 404
    code = "journal.entry_not_found"
    title = "Journal entry not found"


class InvalidEntry(JournalError):
    """The entry breaks a rule: title, body, mood, tags or date; `errors` names each field."""

    status = 422
    code = "journal.invalid_entry"
    title = "Invalid journal entry"


class InvalidFilter(JournalError):
    """The list filters contradict each other (`from` after `to`, `mood_min` above `mood_max`)."""

    status = 422
    code = "journal.invalid_filter"
    title = "Invalid journal filter"
