"""Habit views: CRUD, day logs and skips, stats, today. No SQL, no rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lifeos.domains.habits import schemas as s
from lifeos.domains.habits.services import habits as habits_svc
from lifeos.domains.habits.services import logs as logs_svc
from lifeos.domains.habits.services import stats as stats_svc
from lifeos.platform.auth.guard import current_user, current_user_id, require_auth
from lifeos.platform.clock import user_today, zone
from lifeos.platform.http import parse, parse_body, parse_query
from lifeos.platform.openapi import api_doc
from lifeos.platform.uow import current_session, unit_of_work

TAGS = ("habits",)


def _zone() -> dt.tzinfo:
    """The signed-in user's time zone (UTC when unset)."""
    return zone(getattr(current_user(), "timezone", None))


def _day(value: str) -> dt.date:
    """The `<date>` path segment as a date, or a 422 naming the field `date`."""
    return parse(s.DayPath, {"date": value}).date


# ------------------------------------------------------------------------------ habits


@api_doc(summary="List habits", tags=TAGS, query=s.HabitListQuery, response=s.HabitListOut, errors=(401, 422))
@require_auth()
def list_habits() -> Any:
    """The user's habits by name; `active` true (default), false or all. Cursor-paginated."""
    query = parse_query(s.HabitListQuery)
    active = {"true": True, "false": False, "all": None}[query.active]
    return habits_svc.list_habits(
        current_session(), current_user_id(), active=active, limit=query.limit, cursor=query.cursor
    )


@api_doc(
    summary="Create a habit",
    tags=TAGS,
    body=s.HabitCreateIn,
    response=s.HabitOut,
    status=201,
    errors=(401, 403, 409, 422),
)
@require_auth()
def create_habit() -> Any:
    """Daily, N times per week or chosen weekdays; yes/no or numeric (target, at least/at most).

    409 `habits.name_taken` when another of the user's habits has the name.
    """
    body = parse_body(s.HabitCreateIn)
    given = {k: getattr(body, k) for k in body.model_fields_set}
    with unit_of_work() as uow:
        return habits_svc.create_habit(uow, current_user_id(), given), 201


@api_doc(summary="Get a habit", tags=TAGS, response=s.HabitOut, errors=(401, 404))
@require_auth()
def get_habit(habit_id: int) -> Any:
    """One of the user's habits."""
    return habits_svc.get_habit(current_session(), current_user_id(), habit_id)


@api_doc(
    summary="Update, pause or deactivate a habit",
    tags=TAGS,
    body=s.HabitPatchIn,
    response=s.HabitOut,
    errors=(401, 403, 404, 409, 422),
)
@require_auth()
def patch_habit(habit_id: int) -> Any:
    """Change fields (the creation rules apply); `is_paused` pauses/resumes, `is_active`
    deactivates/reactivates. Both keep the habit's history."""
    body = parse_body(s.HabitPatchIn)
    given = {k: getattr(body, k) for k in body.model_fields_set}
    with unit_of_work() as uow:
        return habits_svc.update_habit(uow, current_user_id(), habit_id, given)


@api_doc(summary="Delete a habit and its logs", tags=TAGS, status=204, errors=(401, 403, 404))
@require_auth()
def delete_habit(habit_id: int) -> Any:
    """Delete the habit with all its logs and skips (pause or deactivate to keep them)."""
    with unit_of_work() as uow:
        habits_svc.delete_habit(uow, current_user_id(), habit_id)
    return "", 204


# ------------------------------------------------------------------------------ days


@api_doc(
    summary="List a habit's logs and skips",
    tags=TAGS,
    query=s.LogListQuery,
    response=s.HabitLogListOut,
    errors=(401, 404, 422),
)
@require_auth()
def list_logs(habit_id: int) -> Any:
    """Newest first; filters `from` and `to` (inclusive). Cursor-paginated."""
    query = parse_query(s.LogListQuery)
    return logs_svc.list_days(
        current_session(),
        current_user_id(),
        habit_id,
        date_from=query.from_,
        date_to=query.to,
        limit=query.limit,
        cursor=query.cursor,
    )


@api_doc(
    summary="Log a day (upsert)",
    tags=TAGS,
    body=s.LogIn,
    response=s.HabitLogOut,
    status=201,
    also=(200,),
    errors=(401, 403, 404, 409, 422),
)
@require_auth()
def put_log(habit_id: int, date: str) -> Any:
    """One log per habit per day: 201 when the day had no row, 200 when its log or skip was
    replaced (the latest write wins). `value` is required for numeric habits; yes/no habits
    take none (done), 1 or 0 (not done). Days after today in the user's zone are refused."""
    day = _day(date)
    body = parse_body(s.LogIn)
    with unit_of_work() as uow:
        result = logs_svc.log_day(
            uow, current_user_id(), habit_id, day, user_today(), value=body.value, note=body.note
        )
        return result, 201 if result.created else 200


@api_doc(summary="Remove a day's log or skip", tags=TAGS, status=204, errors=(401, 403, 404, 409, 422))
@require_auth()
def delete_log(habit_id: int, date: str) -> Any:
    """Remove whatever the day holds (a log or a skip); 404 when it holds nothing."""
    day = _day(date)
    with unit_of_work() as uow:
        logs_svc.remove_day(uow, current_user_id(), habit_id, day)
    return "", 204


@api_doc(
    summary="Skip a day",
    tags=TAGS,
    body=s.SkipIn,
    response=s.HabitLogOut,
    status=201,
    also=(200,),
    errors=(401, 403, 404, 409, 422),
)
@require_auth()
def put_skip(habit_id: int, date: str) -> Any:
    """Mark the day skipped: it neither breaks nor extends a streak. Replaces a log of that day
    (the latest write wins); 201 when the day had no row, else 200."""
    day = _day(date)
    body = parse_body(s.SkipIn)
    with unit_of_work() as uow:
        result = logs_svc.skip_day(uow, current_user_id(), habit_id, day, user_today(), note=body.note)
        return result, 201 if result.created else 200


# ------------------------------------------------------------------------------ stats and today


@api_doc(summary="Habit stats", tags=TAGS, response=s.HabitStatsOut, errors=(401, 404))
@require_auth()
def habit_stats(habit_id: int) -> Any:
    """Current and longest streak (days, or weeks for N-per-week habits), strength (Loop Habit
    Tracker's score, 0–100) and completion over 7/30/90 days, as of today in the user's zone."""
    return stats_svc.habit_stats(current_session(), current_user_id(), habit_id, user_today(), _zone())


@api_doc(summary="Habits due today", tags=TAGS, response=s.TodayOut, errors=(401,))
@require_auth()
def habits_today() -> Any:
    """Active, unpaused habits due today in the user's zone: done or not, the current streak and
    the streak once ticked."""
    return stats_svc.today_board(current_session(), current_user_id(), user_today())
