"""People, interaction, reconnect and birthday views."""

from __future__ import annotations

from typing import Any

from flask import Response

from lifeos.domains.relationships import schemas as s
from lifeos.domains.relationships.services import interactions as interactions_svc
from lifeos.domains.relationships.services import lists as lists_svc
from lifeos.domains.relationships.services import people as people_svc
from lifeos.platform.auth.guard import current_user_id, require_auth
from lifeos.platform.clock import user_today
from lifeos.platform.http import parse_body, parse_query
from lifeos.platform.openapi import api_doc
from lifeos.platform.uow import current_session, unit_of_work

TAGS_PEOPLE, TAGS_INTERACTIONS, TAGS_LISTS = (
    ("relationships: people",),
    ("relationships: interactions",),
    ("relationships: reminders",),
)

# ------------------------------------------------------------------------------ people


@api_doc(
    summary="Add a person",
    tags=TAGS_PEOPLE,
    body=s.PersonIn,
    response=s.PersonOut,
    status=201,
    errors=(401, 403, 409, 422),
    description="409 `relationships.name_taken` when the user already has a person of that name; "
    "422 `relationships.invalid_birthday` for a birthday that is no calendar day or after today.",
)
@require_auth()
def create_person() -> Any:
    """Add a person; 201 with the person."""
    body = parse_body(s.PersonIn)
    with unit_of_work() as uow:
        return people_svc.create_person(uow, current_user_id(), body.model_dump(), user_today()), 201


@api_doc(
    summary="List people", tags=TAGS_PEOPLE, query=s.PageQuery, response=s.PersonListOut, errors=(401, 422)
)
@require_auth()
def list_people() -> Any:
    """By name, then id. Cursor-paginated."""
    query = parse_query(s.PageQuery)
    return people_svc.list_people(
        current_session(), current_user_id(), user_today(), limit=query.limit, cursor=query.cursor
    )


@api_doc(summary="Get a person", tags=TAGS_PEOPLE, response=s.PersonOut, errors=(401, 404))
@require_auth()
def get_person(person_id: int) -> Any:
    """The person, with today's age and the last interaction's date."""
    return people_svc.get_card(current_session(), current_user_id(), person_id, user_today())


@api_doc(
    summary="Change, snooze or unsnooze a person",
    tags=TAGS_PEOPLE,
    body=s.PersonPatch,
    response=s.PersonOut,
    errors=(401, 403, 404, 409, 422),
    description="Only the fields sent change. `snoozed_until` takes the person off the reconnect "
    "list until that date (null lifts the snooze).",
)
@require_auth()
def patch_person(person_id: int) -> Any:
    body = parse_body(s.PersonPatch)
    changes = body.model_dump(include=body.model_fields_set)
    with unit_of_work() as uow:
        return people_svc.update_person(uow, current_user_id(), person_id, changes, user_today())


@api_doc(summary="Delete a person", tags=TAGS_PEOPLE, status=204, errors=(401, 403, 404))
@require_auth()
def delete_person(person_id: int) -> Any:
    """Delete the person and their interactions; 204."""
    with unit_of_work() as uow:
        people_svc.delete_person(uow, current_user_id(), person_id)
    return Response(status=204)


# ------------------------------------------------------------------------------ interactions


@api_doc(
    summary="Log an interaction with a person",
    tags=TAGS_INTERACTIONS,
    body=s.InteractionIn,
    response=s.InteractionOut,
    status=201,
    errors=(401, 403, 404, 422),
)
@require_auth()
def log_interaction(person_id: int) -> Any:
    """`date` defaults to today in the user's time zone."""
    body = parse_body(s.InteractionIn)
    data = body.model_dump()
    data["date"] = body.date or user_today()
    with unit_of_work() as uow:
        return interactions_svc.log_interaction(uow, current_user_id(), person_id, data), 201


@api_doc(
    summary="List a person's interactions",
    tags=TAGS_INTERACTIONS,
    query=s.PageQuery,
    response=s.InteractionListOut,
    errors=(401, 404, 422),
)
@require_auth()
def list_interactions(person_id: int) -> Any:
    """Newest first (date, then id). Cursor-paginated."""
    query = parse_query(s.PageQuery)
    return interactions_svc.list_interactions(
        current_session(), current_user_id(), person_id, limit=query.limit, cursor=query.cursor
    )


@api_doc(
    summary="Change an interaction",
    tags=TAGS_INTERACTIONS,
    body=s.InteractionPatch,
    response=s.InteractionOut,
    errors=(401, 403, 404, 422),
)
@require_auth()
def patch_interaction(interaction_id: int) -> Any:
    """Change the fields sent; the rules of logging apply."""
    body = parse_body(s.InteractionPatch)
    changes = body.model_dump(include=body.model_fields_set)
    with unit_of_work() as uow:
        return interactions_svc.update_interaction(uow, current_user_id(), interaction_id, changes)


@api_doc(summary="Delete an interaction", tags=TAGS_INTERACTIONS, status=204, errors=(401, 403, 404))
@require_auth()
def delete_interaction(interaction_id: int) -> Any:
    with unit_of_work() as uow:
        interactions_svc.delete_interaction(uow, current_user_id(), interaction_id)
    return Response(status=204)


# ------------------------------------------------------------------------------ reminders


@api_doc(
    summary="People to reconnect with",
    tags=TAGS_LISTS,
    query=s.PageQuery,
    response=s.ReconnectListOut,
    errors=(401, 422),
    description="People with a cadence never contacted (first), then those whose last interaction "
    "is more than `cadence_days` days before today (user's zone), most overdue first "
    "(overdue days ÷ cadence), then importance, name. Snoozed people are off the list until "
    "their `snoozed_until` date.",
)
@require_auth()
def list_reconnect() -> Any:
    query = parse_query(s.PageQuery)
    return lists_svc.reconnect(
        current_session(), current_user_id(), user_today(), limit=query.limit, cursor=query.cursor
    )


@api_doc(
    summary="Upcoming birthdays",
    tags=TAGS_LISTS,
    query=s.BirthdaysQuery,
    response=s.BirthdayListOut,
    errors=(401, 422),
    description="Birthdays celebrated from today through `within` days ahead in the user's time "
    "zone (across New Year), soonest first. 29 February is celebrated on 28 February in "
    "non-leap years; `turns` is null when the year is unknown.",
)
@require_auth()
def list_birthdays() -> Any:
    query = parse_query(s.BirthdaysQuery)
    return lists_svc.birthdays(
        current_session(),
        current_user_id(),
        user_today(),
        query.within,
        limit=query.limit,
        cursor=query.cursor,
    )
