"""Journal entry views: the timeline (filters, full-text search), CRUD, "on this day"."""

from __future__ import annotations

from typing import Any

from flask import Response

from lifeos.domains.journal import schemas as s
from lifeos.domains.journal.services import entries as svc
from lifeos.platform.auth.guard import current_user_id, require_auth
from lifeos.platform.clock import user_today
from lifeos.platform.http import parse_body, parse_query
from lifeos.platform.openapi import api_doc
from lifeos.platform.uow import current_session, unit_of_work

TAGS = ("journal",)


@api_doc(
    summary="List journal entries (timeline, filters, full-text search)",
    tags=TAGS,
    query=s.EntryListQuery,
    response=s.EntryListOut,
    errors=(401, 422),
)
@require_auth()
def list_entries() -> Any:
    """Newest first (entry_date, then id). Filters: from/to (entry_date), mood_min/mood_max, tag;
    `q` searches title and body through the full-text index and adds a highlighted `snippet`.
    Cursor-paginated."""
    query = parse_query(s.EntryListQuery)
    return svc.list_entries(
        current_session(),
        current_user_id(),
        q=query.q,
        date_from=query.from_,
        date_to=query.to,
        mood_min=query.mood_min,
        mood_max=query.mood_max,
        tag=query.tag,
        limit=query.limit,
        cursor=query.cursor,
    )


@api_doc(
    summary="Write a journal entry",
    tags=TAGS,
    body=s.EntryCreateIn,
    response=s.EntryOut,
    status=201,
    errors=(401, 403, 422),
)
@require_auth()
def create_entry() -> Any:
    """201 with the entry; `entry_date` defaults to today in the user's time zone."""
    body = parse_body(s.EntryCreateIn)
    with unit_of_work() as uow:
        entry = svc.create_entry(
            uow,
            current_user_id(),
            title=body.title,
            body=body.body,
            mood=body.mood,
            tags=body.tags,
            entry_date=body.entry_date or user_today(),
            is_private=body.is_private,
        )
        return entry, 201


@api_doc(summary="Get a journal entry", tags=TAGS, response=s.EntryOut, errors=(401, 404))
@require_auth()
def get_entry(entry_id: int) -> Any:
    """One of the user's entries; another user's id is a 404."""
    return svc.get_entry(current_session(), current_user_id(), entry_id)


@api_doc(
    summary="Change a journal entry",
    tags=TAGS,
    body=s.EntryPatchIn,
    response=s.EntryOut,
    errors=(401, 403, 404, 422),
)
@require_auth()
def patch_entry(entry_id: int) -> Any:
    """Change the fields sent (the same rules as creation); 200 with the entry."""
    body = parse_body(s.EntryPatchIn)
    changes = {name: getattr(body, name) for name in body.model_fields_set}
    with unit_of_work() as uow:
        return svc.update_entry(uow, current_user_id(), entry_id, changes)


@api_doc(summary="Delete a journal entry", tags=TAGS, status=204, errors=(401, 403, 404))
@require_auth()
def delete_entry(entry_id: int) -> Response:
    """Deleted for good; 204."""
    with unit_of_work() as uow:
        svc.delete_entry(uow, current_user_id(), entry_id)
    return Response(status=204)


@api_doc(
    summary="Journal entries on this day in earlier years",
    tags=TAGS,
    query=s.OnThisDayQuery,
    response=s.OnThisDayOut,
    errors=(401, 422),
)
@require_auth()
def on_this_day() -> Any:
    """Entries whose entry_date has the same month and day in an earlier year, newest first;
    on 28 February of a year without a 29th, entries of 29 February too. `date` defaults to
    today in the user's time zone. Cursor-paginated."""
    query = parse_query(s.OnThisDayQuery)
    day = query.date or user_today()
    page = svc.on_this_day(current_session(), current_user_id(), day, limit=query.limit, cursor=query.cursor)
    return {"date": day, "items": page.items, "next_cursor": page.next_cursor}
