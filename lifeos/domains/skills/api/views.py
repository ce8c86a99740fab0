"""Skill, practice-session and metrics views. No SQL, no rules."""

from __future__ import annotations

from typing import Any

from flask import Response

from lifeos.domains.skills import schemas as s
from lifeos.domains.skills.services import metrics as metrics_svc
from lifeos.domains.skills.services import sessions as sessions_svc
from lifeos.domains.skills.services import skills as skills_svc
from lifeos.platform.auth.guard import current_user, current_user_id, require_auth
from lifeos.platform.http import parse_body, parse_query
from lifeos.platform.openapi import api_doc
from lifeos.platform.uow import current_session, unit_of_work

TAGS_SKILLS, TAGS_SESSIONS = ("skills",), ("skills: sessions",)


def _zone_name() -> str | None:
    """The signed-in user's IANA zone name (None = UTC)."""
    return getattr(current_user(), "timezone", None)


# ------------------------------------------------------------------------------ skills


@api_doc(
    summary="List skills",
    tags=TAGS_SKILLS,
    query=s.SkillListQuery,
    response=s.SkillListOut,
    errors=(401, 422),
)
@require_auth()
def list_skills() -> Any:
    """The user's skills by name; `category` filters on the exact category. Cursor-paginated."""
    query = parse_query(s.SkillListQuery)
    return skills_svc.list_skills(
        current_session(), current_user_id(), category=query.category, limit=query.limit, cursor=query.cursor
    )


@api_doc(
    summary="Create a skill",
    tags=TAGS_SKILLS,
    body=s.SkillIn,
    response=s.SkillOut,
    status=201,
    errors=(401, 403, 409, 422),
)
@require_auth()
def create_skill() -> Any:
    """Name unique per user (409 `skills.name_taken`), levels 1–10, up to 20 tags."""
    body = parse_body(s.SkillIn)
    given = {k: getattr(body, k) for k in body.model_fields_set}
    with unit_of_work() as uow:
        return skills_svc.create_skill(uow, current_user_id(), given), 201


@api_doc(summary="Get a skill", tags=TAGS_SKILLS, response=s.SkillOut, errors=(401, 404))
@require_auth()
def get_skill(skill_id: int) -> Any:
    """One of the user's skills; 404 for another user's."""
    return skills_svc.get_skill(current_session(), current_user_id(), skill_id)


@api_doc(
    summary="Change a skill",
    tags=TAGS_SKILLS,
    body=s.SkillPatch,
    response=s.SkillOut,
    errors=(401, 403, 404, 409, 422),
)
@require_auth()
def patch_skill(skill_id: int) -> Any:
    """Change the fields sent; the rules of creation apply."""
    body = parse_body(s.SkillPatch)
    given = {k: getattr(body, k) for k in body.model_fields_set}
    with unit_of_work() as uow:
        return skills_svc.update_skill(uow, current_user_id(), skill_id, given)


@api_doc(summary="Delete a skill", tags=TAGS_SKILLS, status=204, errors=(401, 403, 404))
@require_auth()
def delete_skill(skill_id: int) -> Any:
    """Delete the skill with its practice sessions and metrics; 204."""
    with unit_of_work() as uow:
        skills_svc.delete_skill(uow, current_user_id(), skill_id)
    return Response(status=204)


# ------------------------------------------------------------------------------ sessions


@api_doc(
    summary="List a skill's practice sessions",
    tags=TAGS_SESSIONS,
    query=s.SessionListQuery,
    response=s.SessionListOut,
    errors=(401, 404, 422),
)
@require_auth()
def list_sessions(skill_id: int) -> Any:
    """Newest first; `from`/`to` are inclusive dates in the user's time zone. Cursor-paginated."""
    query = parse_query(s.SessionListQuery)
    return sessions_svc.list_sessions(
        current_session(),
        current_user_id(),
        skill_id,
        zone_name=_zone_name(),
        date_from=query.from_,
        date_to=query.to,
        limit=query.limit,
        cursor=query.cursor,
    )


@api_doc(
    summary="Log a practice session",
    tags=TAGS_SESSIONS,
    body=s.SessionIn,
    response=s.SessionOut,
    status=201,
    errors=(401, 403, 404, 422),
)
@require_auth()
def create_session(skill_id: int) -> Any:
    """Log a session of the skill; `practiced_at` defaults to now. The metrics follow via the outbox."""
    body = parse_body(s.SessionIn)
    data = sessions_svc.SessionInput(
        duration_minutes=body.duration_minutes,
        practiced_at=body.practiced_at,
        intensity=body.intensity,
        notes=body.notes,
    )
    with unit_of_work() as uow:
        return sessions_svc.create_session(uow, current_user_id(), skill_id, data), 201


@api_doc(
    summary="Change a practice session",
    tags=TAGS_SESSIONS,
    body=s.SessionPatch,
    response=s.SessionOut,
    errors=(401, 403, 404, 422),
)
@require_auth()
def patch_session(session_id: int) -> Any:
    """Change the fields sent; the rules of creation apply."""
    body = parse_body(s.SessionPatch)
    changes = {name: getattr(body, name) for name in body.model_fields_set}
    with unit_of_work() as uow:
        return sessions_svc.update_session(uow, current_user_id(), session_id, changes)


@api_doc(summary="Delete a practice session", tags=TAGS_SESSIONS, status=204, errors=(401, 403, 404))
@require_auth()
def delete_session(session_id: int) -> Any:
    """Delete the session; 204. The metrics follow via the outbox."""
    with unit_of_work() as uow:
        sessions_svc.delete_session(uow, current_user_id(), session_id)
    return Response(status=204)


# ------------------------------------------------------------------------------ metrics


@api_doc(summary="A skill's practice metrics", tags=TAGS_SKILLS, response=s.MetricsOut, errors=(401, 404))
@require_auth()
def get_metrics(skill_id: int) -> Any:
    """Total minutes, sessions, last practised, streak and 7/30-day minutes, with their freshness.

    The rollup is maintained by the outbox worker: `freshness.pending_changes` counts session
    changes not yet applied, `freshness.computed_at` says when it was last recomputed.
    """
    return metrics_svc.read_metrics(current_session(), current_user_id(), skill_id, _zone_name())
