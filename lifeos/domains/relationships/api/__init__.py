"""Relationships JSON API under /api/v1/relationships: parse the request, call a service,
return the result. No SQL and no rules here; the services hold them and the response
schemas render them."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from lifeos.domains.relationships.api.views import (
    create_person,
    delete_interaction,
    delete_person,
    get_person,
    list_birthdays,
    list_interactions,
    list_people,
    list_reconnect,
    log_interaction,
    patch_interaction,
    patch_person,
)

api = Blueprint("relationships_api", __name__, url_prefix="/api/v1/relationships")

_ROUTES: list[tuple[str, Any, list[str]]] = [
    ("/people", list_people, ["GET"]),
    ("/people", create_person, ["POST"]),
    ("/people/<int:person_id>", get_person, ["GET"]),
    ("/people/<int:person_id>", patch_person, ["PATCH"]),
    ("/people/<int:person_id>", delete_person, ["DELETE"]),
    ("/people/<int:person_id>/interactions", list_interactions, ["GET"]),
    ("/people/<int:person_id>/interactions", log_interaction, ["POST"]),
    ("/interactions/<int:interaction_id>", patch_interaction, ["PATCH"]),
    ("/interactions/<int:interaction_id>", delete_interaction, ["DELETE"]),
    ("/reconnect", list_reconnect, ["GET"]),
    ("/birthdays", list_birthdays, ["GET"]),
]

for _rule, _view, _methods in _ROUTES:
    api.add_url_rule(_rule, view_func=_view, methods=_methods)
