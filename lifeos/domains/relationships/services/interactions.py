"""Interactions: log, change, delete, list a person's (newest first)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lifeos.domains.relationships.errors import InteractionNotFound
from lifeos.domains.relationships.events import InteractionDeleted, InteractionLogged, InteractionUpdated
from lifeos.domains.relationships.models import Interaction
from lifeos.domains.relationships.services.people import get_person
from lifeos.platform.http import MAX_ID
from lifeos.platform.pagination import Page, cursor_date, cursor_int, decode_cursor, paginate
from lifeos.platform.uow import UnitOfWork

FIELDS = ("date", "method", "notes", "sentiment")


def _apply(interaction: Interaction, changes: Mapping[str, Any]) -> None:
    for field, value in changes.items():
        if field == "sentiment":
            interaction.sentiment = None if value is None else str(value)
        else:
            setattr(interaction, field, value)


def get_interaction(session: Session, user_id: int, interaction_id: int) -> Interaction:
    """The user's interaction, or 404 (another user's looks the same as none)."""
    found = None
    if 1 <= interaction_id <= MAX_ID:
        found = session.scalar(
            select(Interaction).where(Interaction.user_id == user_id, Interaction.id == interaction_id)
        )
    if found is None:
        raise InteractionNotFound(f"Interaction {interaction_id} not found.")
    return found


def log_interaction(uow: UnitOfWork, user_id: int, person_id: int, data: Mapping[str, Any]) -> Interaction:
    """Log an interaction with the user's person (`date` required here; the view defaults it to
    today in the user's zone); emits `relationships.interaction.logged`."""
    unknown = set(data) - set(FIELDS)
    if unknown or data.get("date") is None:
        raise ValueError(f"bad interaction fields {sorted(data)}")
    session = uow.session

    def work() -> Interaction:
        person = get_person(session, user_id, person_id)
        interaction = Interaction(user_id=user_id, person_id=person.id)
        _apply(interaction, data)
        session.add(interaction)
        session.flush()
        uow.emit(
            InteractionLogged(
                interaction_id=interaction.id,
                person_id=person.id,
                user_id=user_id,
                date=interaction.date,
                method=interaction.method,
                sentiment=interaction.sentiment_score,
            ),
            user_id,
        )
        return interaction

    return uow.run(work)


def update_interaction(
    uow: UnitOfWork, user_id: int, interaction_id: int, changes: Mapping[str, Any]
) -> Interaction:
    """Change the fields given; emits `relationships.interaction.updated` if any."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown interaction fields {sorted(unknown)}")
    session = uow.session

    def work() -> Interaction:
        interaction = get_interaction(session, user_id, interaction_id)
        if not changes:
            return interaction
        _apply(interaction, changes)
        session.flush()
        uow.emit(
            InteractionUpdated(
                interaction_id=interaction.id,
                person_id=interaction.person_id,
                user_id=user_id,
                changed=tuple(sorted(changes)),
                date=interaction.date,
                method=interaction.method,
                sentiment=interaction.sentiment_score,
            ),
            user_id,
        )
        return interaction

    return uow.run(work)


def delete_interaction(uow: UnitOfWork, user_id: int, interaction_id: int) -> None:
    """Delete the interaction; emits `relationships.interaction.deleted`."""
    session = uow.session

    def work() -> None:
        interaction = get_interaction(session, user_id, interaction_id)
        person_id, on = interaction.person_id, interaction.date
        session.delete(interaction)
        session.flush()
        uow.emit(
            InteractionDeleted(interaction_id=interaction_id, person_id=person_id, user_id=user_id, date=on),
            user_id,
        )

    uow.run(work)


def list_interactions(
    session: Session, user_id: int, person_id: int, *, limit: int, cursor: str | None = None
) -> Page[Interaction]:
    """The person's interactions, newest first, keyset-paginated on (date, id); 404 when the
    person is not the user's."""
    person = get_person(session, user_id, person_id)
    stmt = select(Interaction).where(Interaction.user_id == user_id, Interaction.person_id == person.id)
    key = decode_cursor("relationships.interactions", cursor, 2)
    if key is not None:
        on, key_id = cursor_date(key[0]), cursor_int(key[1])
        stmt = stmt.where((Interaction.date < on) | ((Interaction.date == on) & (Interaction.id < key_id)))
    stmt = stmt.order_by(Interaction.date.desc(), Interaction.id.desc()).limit(limit + 1)
    rows = list(session.scalars(stmt))
    return paginate(rows, limit, "relationships.interactions", lambda i: [i.date.isoformat(), i.id])
