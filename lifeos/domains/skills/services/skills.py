"""Skills: create, read, list, update, delete.

Names are unique per user: the unique index `ux_skill_user_name` decides (the insert or rename
runs in a SAVEPOINT and a refusal is a 409), so two concurrent creations cannot both win.
Deleting a skill removes its practice sessions and its metrics in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lifeos.domains.skills.errors import InvalidSkill, NameTaken, SkillNotFound
from lifeos.domains.skills.events import SkillCreated, SkillDeleted, SkillUpdated
from lifeos.domains.skills.models import PracticeSession, Skill, SkillMetric
from lifeos.domains.skills.schemas import SkillOut
from lifeos.domains.skills.services.common import valid_id
from lifeos.platform.database import utcnow
from lifeos.platform.pagination import Page, cursor_int, cursor_str, decode_cursor, paginate
from lifeos.platform.uow import UnitOfWork

FIELDS = ("name", "category", "description", "current_level", "target_level", "tags")
NAME_MAX = 255


def get_skill(session: Session, user_id: int, skill_id: int) -> Skill:
    """The user's skill, or 404 (another user's skill is indistinguishable from none)."""
    skill = None
    if valid_id(skill_id):
        skill = session.scalar(select(Skill).where(Skill.user_id == user_id, Skill.id == skill_id))
    if skill is None:
        raise SkillNotFound(f"Skill {skill_id} not found.")
    return skill


def list_skills(
    session: Session, user_id: int, *, category: str | None = None, limit: int, cursor: str | None = None
) -> Page[Skill]:
    """The user's skills by name (then id), keyset-paginated."""
    stmt = select(Skill).where(Skill.user_id == user_id)
    if category is not None:
        stmt = stmt.where(Skill.category == category)
    key = decode_cursor("skills", cursor, 2)
    if key is not None:
        name, last_id = cursor_str(key[0]), cursor_int(key[1])
        stmt = stmt.where((Skill.name > name) | ((Skill.name == name) & (Skill.id > last_id)))
    rows = list(session.scalars(stmt.order_by(Skill.name, Skill.id).limit(limit + 1)))
    return paginate(rows, limit, "skills", lambda s: [s.name, s.id])


def _check(given: Mapping[str, Any]) -> None:
    unknown = set(given) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown skill fields {sorted(unknown)}")
    if "name" in given and (not isinstance(given["name"], str) or not given["name"].strip()):
        raise InvalidSkill(
            "A skill needs a name.", errors=[{"field": "name", "message": "must not be empty"}]
        )


def _apply(skill: Skill, given: Mapping[str, Any]) -> None:
    for key, value in given.items():
        if key == "tags":
            value = list(value or [])
        setattr(skill, key, value)


def _name_taken(name: str) -> NameTaken:
    return NameTaken(
        f"You already have a skill named {name[:NAME_MAX]!r}.",
        errors=[{"field": "name", "message": "already used by another of your skills"}],
    )


def create_skill(uow: UnitOfWork, user_id: int, given: Mapping[str, Any]) -> Skill:
    """Create a skill; 409 `skills.name_taken` if the user has one with that name."""
    _check(given)
    if "name" not in given:
        raise InvalidSkill("A skill needs a name.", errors=[{"field": "name", "message": "required"}])
    session = uow.session

    def work() -> Skill:
        skill = Skill(user_id=user_id, tags=[])
        _apply(skill, given)
        try:
            with session.begin_nested():
                session.add(skill)
        except IntegrityError as exc:
            raise _name_taken(str(given["name"])) from exc
        uow.emit(
            SkillCreated(
                skill_id=skill.id,
                user_id=user_id,
                skill_name=skill.name,
                category=skill.category,
                current_level=skill.current_level,
                target_level=skill.target_level,
            ),
            user_id,
        )
        return skill

    return uow.run(work)


def update_skill(uow: UnitOfWork, user_id: int, skill_id: int, given: Mapping[str, Any]) -> Skill:
    """Change the fields given (the creation rules apply); emits `skills.skill.updated` if any changed."""
    _check(given)
    session = uow.session

    def work() -> Skill:
        skill = get_skill(session, user_id, skill_id)
        before = SkillOut.fields_of(skill)
        _apply(skill, given)
        after = SkillOut.fields_of(skill)
        changed = tuple(k for k in FIELDS if after[k] != before[k])
        if not changed:
            session.expire(skill)
            return get_skill(session, user_id, skill_id)
        skill.updated_at = utcnow()
        try:
            with session.begin_nested():
                session.flush()
        except IntegrityError as exc:
            raise _name_taken(str(given.get("name"))) from exc
        uow.emit(SkillUpdated(skill_id=skill.id, user_id=user_id, changed=changed), user_id)
        return skill

    return uow.run(work)


def delete_skill(uow: UnitOfWork, user_id: int, skill_id: int) -> None:
    """Delete a skill with its practice sessions and metrics."""
    session = uow.session

    def work() -> None:
        skill = get_skill(session, user_id, skill_id)
        removed = session.scalars(
            delete(PracticeSession)
            .where(PracticeSession.user_id == user_id, PracticeSession.skill_id == skill.id)
            .returning(PracticeSession.id)
        ).all()
        session.execute(delete(SkillMetric).where(SkillMetric.skill_id == skill.id))
        name = skill.name
        session.delete(skill)
        session.flush()
        uow.emit(
            SkillDeleted(skill_id=skill_id, user_id=user_id, skill_name=name, sessions_deleted=len(removed)),
            user_id,
        )

    uow.run(work)
