"""People: add, change, snooze, delete, list (by name). Names are unique per user by the
unique index `ux_relationships_person_user_name`: an insert or update runs in a SAVEPOINT and
an IntegrityError there is the 409 (never check-then-insert)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lifeos.domains.relationships.errors import InvalidBirthday, NameTaken, PersonNotFound
from lifeos.domains.relationships.events import PersonCreated, PersonDeleted, PersonSnoozed, PersonUpdated
from lifeos.domains.relationships.models import Interaction, Person
from lifeos.domains.relationships.schemas import PersonCard
from lifeos.domains.relationships.services import rules
from lifeos.platform.database import utcnow
from lifeos.platform.http import MAX_ID
from lifeos.platform.pagination import Page, cursor_int, cursor_str, decode_cursor, paginate
from lifeos.platform.uow import UnitOfWork

# The request fields a person is made of (snoozed_until has its own event).
FIELDS = (
    "name",
    "relationship_type",
    "importance",
    "tags",
    "notes",
    "birthday",
    "first_met_date",
    "cadence_days",
    "snoozed_until",
)


def birthday_of(person: Person) -> tuple[int, int, int | None] | None:
    """(month, day, year or None); legacy rows without month/day fall back to `birthday`."""
    if person.birthday_month is not None and person.birthday_day is not None:
        return person.birthday_month, person.birthday_day, person.birthday_year
    if person.birthday is not None:
        return person.birthday.month, person.birthday.day, person.birthday.year
    return None


def tags_of(value: Any) -> list[str]:
    """Tags as a list of strings; a legacy row may hold its list JSON-encoded as a string."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return [value] if value.strip() else []
    if not isinstance(value, list):
        return []
    return [str(tag) for tag in value]


def card(person: Person, today: date, last_interaction: date | None) -> PersonCard:
    birthday = birthday_of(person)
    age = None
    if birthday is not None and birthday[2] is not None:
        age = rules.age_on(birthday[0], birthday[1], birthday[2], today)
    return PersonCard(
        id=person.id,
        name=person.name,
        relationship_type=person.relationship_type,
        importance=person.importance_level,
        tags=tags_of(person.tags),
        notes=person.notes,
        birthday=None
        if birthday is None
        else {"month": birthday[0], "day": birthday[1], "year": birthday[2]},
        age=age,
        first_met_date=person.first_met_date,
        cadence_days=person.cadence_days,
        snoozed_until=person.snoozed_until,
        last_interaction_date=last_interaction,
        created_at=person.created_at,
        updated_at=person.updated_at,
    )


def last_interactions(session: Session, user_id: int, person_ids: Sequence[int]) -> dict[int, date]:
    """person id → the date of their latest interaction (people never contacted are absent)."""
    if not person_ids:
        return {}
    rows = session.execute(
        select(Interaction.person_id, func.max(Interaction.date))
        .where(Interaction.user_id == user_id, Interaction.person_id.in_(list(person_ids)))
        .group_by(Interaction.person_id)
    ).tuples()
    return {person_id: day for person_id, day in rows if day is not None}


def _check_birthday(value: Mapping[str, Any] | None, today: date) -> None:
    if value is None:
        return
    problem = rules.birthday_problem(value["month"], value["day"], value.get("year"), today)
    if problem is not None:
        field = "birthday.year" if "after today" in problem or "leap" in problem else "birthday.day"
        raise InvalidBirthday(
            f"The birthday is invalid: {problem}.", errors=[{"field": field, "message": problem}]
        )


def _apply(person: Person, changes: Mapping[str, Any]) -> None:
    for field, value in changes.items():
        if field == "importance":
            person.importance_level = value
        elif field == "birthday":
            if value is None:
                person.birthday_month = person.birthday_day = person.birthday_year = None
                person.birthday = None
            else:
                month, day, year = value["month"], value["day"], value.get("year")
                person.birthday_month, person.birthday_day, person.birthday_year = month, day, year
                person.birthday = None if year is None else date(year, month, day)
        else:
            setattr(person, field, value)


def _name_taken(name: str) -> NameTaken:
    return NameTaken(
        f"A person named {name!r} already exists.",
        errors=[{"field": "name", "message": "is already used by another person"}],
    )


def get_person(session: Session, user_id: int, person_id: int) -> Person:
    """The user's person, or 404 (another user's looks the same as none)."""
    person = None
    if 1 <= person_id <= MAX_ID:
        person = session.scalar(select(Person).where(Person.user_id == user_id, Person.id == person_id))
    if person is None:
        raise PersonNotFound(f"Person {person_id} not found.")
    return person


def get_card(session: Session, user_id: int, person_id: int, today: date) -> PersonCard:
    person = get_person(session, user_id, person_id)
    return card(person, today, last_interactions(session, user_id, [person.id]).get(person.id))


def create_person(uow: UnitOfWork, user_id: int, data: Mapping[str, Any], today: date) -> PersonCard:
    """Add a person; 409 `relationships.name_taken` when the user has one of that name."""
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown person fields {sorted(unknown)}")
    _check_birthday(data.get("birthday"), today)
    session = uow.session

    def work() -> PersonCard:
        person = Person(user_id=user_id, tags=[])
        _apply(person, data)
        try:
            with session.begin_nested():
                session.add(person)
        except IntegrityError as exc:
            raise _name_taken(person.name) from exc
        uow.emit(
            PersonCreated(
                person_id=person.id,
                user_id=user_id,
                person_name=person.name,
                importance=person.importance_level,
                cadence_days=person.cadence_days,
            ),
            user_id,
        )
        return card(person, today, None)

    return uow.run(work)


def update_person(
    uow: UnitOfWork, user_id: int, person_id: int, changes: Mapping[str, Any], today: date
) -> PersonCard:
    """Change the fields given; emits `relationships.person.updated` for the fields other than
    `snoozed_until` and `relationships.person.snoozed` for that one."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown person fields {sorted(unknown)}")
    if "birthday" in changes:
        _check_birthday(changes["birthday"], today)
    session = uow.session

    def work() -> PersonCard:
        person = get_person(session, user_id, person_id)
        if changes:
            _apply(person, changes)
            person.updated_at = utcnow()
            try:
                with session.begin_nested():
                    session.flush()
            except IntegrityError as exc:
                raise _name_taken(str(changes.get("name"))) from exc
        changed = tuple(sorted(f for f in changes if f != "snoozed_until"))
        if changed:
            uow.emit(
                PersonUpdated(
                    person_id=person.id,
                    user_id=user_id,
                    changed=changed,
                    person_name=person.name,
                    importance=person.importance_level,
                    cadence_days=person.cadence_days,
                ),
                user_id,
            )
        if "snoozed_until" in changes:
            uow.emit(
                PersonSnoozed(person_id=person.id, user_id=user_id, snoozed_until=person.snoozed_until),
                user_id,
            )
        return card(person, today, last_interactions(session, user_id, [person.id]).get(person.id))

    return uow.run(work)


def delete_person(uow: UnitOfWork, user_id: int, person_id: int) -> None:
    """Delete the person and their interactions; emits `relationships.person.deleted`."""
    session = uow.session

    def work() -> None:
        person = get_person(session, user_id, person_id)
        session.execute(
            delete(Interaction).where(Interaction.user_id == user_id, Interaction.person_id == person.id)
        )
        session.delete(person)
        session.flush()
        uow.emit(PersonDeleted(person_id=person_id, user_id=user_id), user_id)

    uow.run(work)


def list_people(
    session: Session, user_id: int, today: date, *, limit: int, cursor: str | None = None
) -> Page[PersonCard]:
    """The user's people by name (then id), keyset-paginated."""
    stmt = select(Person).where(Person.user_id == user_id)
    key = decode_cursor("relationships.people", cursor, 2)
    if key is not None:
        name, key_id = cursor_str(key[0]), cursor_int(key[1])
        stmt = stmt.where((Person.name > name) | ((Person.name == name) & (Person.id > key_id)))
    rows = list(session.scalars(stmt.order_by(Person.name, Person.id).limit(limit + 1)))
    page = paginate(rows, limit, "relationships.people", lambda p: [p.name, p.id])
    last = last_interactions(session, user_id, [p.id for p in page.items])
    return Page([card(p, today, last.get(p.id)) for p in page.items], page.next_cursor)
