"""Skills JSON API under /api/v1/skills: parse the request, call a service, return the result."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from lifeos.domains.skills.api.views import (
    create_session,
    create_skill,
    delete_session,
    delete_skill,
    get_metrics,
    get_skill,
    list_sessions,
    list_skills,
    patch_session,
    patch_skill,
)

api = Blueprint("skills_api", __name__, url_prefix="/api/v1/skills")

_ROUTES: list[tuple[str, Any, list[str]]] = [
    ("", list_skills, ["GET"]),
    ("", create_skill, ["POST"]),
    ("/<int:skill_id>", get_skill, ["GET"]),
    ("/<int:skill_id>", patch_skill, ["PATCH"]),
    ("/<int:skill_id>", delete_skill, ["DELETE"]),
    ("/<int:skill_id>/sessions", list_sessions, ["GET"]),
    ("/<int:skill_id>/sessions", create_session, ["POST"]),
    ("/sessions/<int:session_id>", patch_session, ["PATCH"]),
    ("/sessions/<int:session_id>", delete_session, ["DELETE"]),
    ("/<int:skill_id>/metrics", get_metrics, ["GET"]),
]

for _rule, _view, _methods in _ROUTES:
    api.add_url_rule(_rule, view_func=_view, methods=_methods)
