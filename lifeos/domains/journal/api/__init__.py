"""Journal JSON API under /api/v1/journal: parse the request, call a service, return the result."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from lifeos.domains.journal.api.entries import (
    create_entry,
    delete_entry,
    get_entry,
    list_entries,
    on_this_day,
    patch_entry,
)

api = Blueprint("journal_api", __name__, url_prefix="/api/v1/journal")

_ROUTES: list[tuple[str, Any, list[str]]] = [
    ("/entries", list_entries, ["GET"]),
    ("/entries", create_entry, ["POST"]),
    ("/entries/<int:entry_id>", get_entry, ["GET"]),
    ("/entries/<int:entry_id>", patch_entry, ["PATCH"]),
    ("/entries/<int:entry_id>", delete_entry, ["DELETE"]),
    ("/on-this-day", on_this_day, ["GET"]),
]

for _rule, _view, _methods in _ROUTES:
    api.add_url_rule(_rule, view_func=_view, methods=_methods)
