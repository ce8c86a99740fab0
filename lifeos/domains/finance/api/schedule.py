"""Cash-flow schedule views: rows, projection, compare, scenarios, matches."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import Response

from lifeos.domains.finance.errors import AccountNotFound, ScenarioNotFound
from lifeos.domains.finance.models import MoneyScheduleScenario
from lifeos.domains.finance.schemas import schedule as s
from lifeos.domains.finance.services.schedule import matches as matches_svc
from lifeos.domains.finance.services.schedule import matching
from lifeos.domains.finance.services.schedule import projection as projection_svc
from lifeos.domains.finance.services.schedule import rows as rows_svc
from lifeos.domains.finance.services.schedule import scenarios as scenarios_svc
from lifeos.domains.finance.services.schedule.common import get_row
from lifeos.platform.auth.guard import current_user_id, require_auth
from lifeos.platform.clock import user_today
from lifeos.platform.http import MAX_ID, parse_body, parse_query
from lifeos.platform.openapi import api_doc
from lifeos.platform.uow import current_session, unit_of_work

TAGS_SCHEDULE = ("finance: schedule",)
# PATCH fields that cannot be emptied: null there means "unchanged".
_NOT_CLEARABLE = {"every", "match_window_days"}


def _row_out(row: Any) -> Any:
    return rows_svc.view_rows(current_session(), current_user_id(), [row], user_today())[0]


def _account_ids(text: str | None) -> list[int] | None:
    if text is None:
        return None
    ids = [int(part) for part in text.split(",")]
    too_big = [i for i in ids if i > MAX_ID]
    if too_big:
        raise AccountNotFound(
            f"Account {too_big[0]} not found.", errors=[{"field": "accounts", "message": "no such account"}]
        )
    return ids


def _scenario(ref: str | int | None) -> MoneyScheduleScenario | None:
    if ref is None or ref == "base":
        return None
    scenario_id = int(ref)
    if scenario_id > MAX_ID:
        raise ScenarioNotFound(f"Scenario {scenario_id} not found.")
    return scenarios_svc.get_scenario(current_session(), current_user_id(), scenario_id)


# ------------------------------------------------------------------------------ rows


@api_doc(
    summary="List schedule rows",
    tags=TAGS_SCHEDULE,
    query=s.ScheduleRowListQuery,
    response=s.ScheduleRowListOut,
    errors=(401, 422),
)
@require_auth()
def list_rows() -> Any:
    """Oldest first; filter by account_id. Cursor-paginated."""
    query = parse_query(s.ScheduleRowListQuery)
    session, user_id = current_session(), current_user_id()
    page = rows_svc.list_rows(
        session, user_id, account_id=query.account_id, limit=query.limit, cursor=query.cursor
    )
    return s.ScheduleRowListOut.model_validate(
        {
            "items": rows_svc.view_rows(session, user_id, page.items, user_today()),
            "next_cursor": page.next_cursor,
        }
    )


@api_doc(
    summary="Create a schedule row",
    tags=TAGS_SCHEDULE,
    body=s.ScheduleRowIn,
    response=s.ScheduleRowOut,
    status=201,
    errors=(401, 403, 404, 422),
)
@require_auth()
def create_row() -> Any:
    """Money in (+) or out (−) of an account, once or recurring; recomputes the projection."""
    body = parse_body(s.ScheduleRowIn)
    with unit_of_work() as uow:
        row = rows_svc.create_row(uow, current_user_id(), user_today(), body.model_dump())
        return _row_out(row), 201


@api_doc(summary="Get a schedule row", tags=TAGS_SCHEDULE, response=s.ScheduleRowOut, errors=(401, 404))
@require_auth()
def get_row_view(row_id: int) -> Any:
    """The row with its rule, a reading of it, and its next date."""
    return _row_out(get_row(current_session(), current_user_id(), row_id))


@api_doc(
    summary="Change a schedule row",
    tags=TAGS_SCHEDULE,
    body=s.ScheduleRowPatchIn,
    response=s.ScheduleRowOut,
    errors=(401, 403, 404, 422),
)
@require_auth()
def patch_row(row_id: int) -> Any:
    """Change the fields sent (null empties memo, weekdays, day_of_month, month_week, until, count)."""
    get_row(current_session(), current_user_id(), row_id)
    body = parse_body(s.ScheduleRowPatchIn)
    changes = {
        name: getattr(body, name)
        for name in body.model_fields_set
        if not (name in _NOT_CLEARABLE and getattr(body, name) is None)
    }
    with unit_of_work() as uow:
        row = rows_svc.update_row(uow, current_user_id(), row_id, user_today(), changes)
        return _row_out(row)


@api_doc(summary="Delete a schedule row", tags=TAGS_SCHEDULE, status=204, errors=(401, 403, 404))
@require_auth()
def delete_row(row_id: int) -> Any:
    """Delete the row, its matches and the scenario ops naming it; 204."""
    with unit_of_work() as uow:
        rows_svc.delete_row(uow, current_user_id(), row_id, user_today())
    return Response(status=204)


@api_doc(
    summary="List a row's occurrences",
    tags=TAGS_SCHEDULE,
    query=s.OccurrencesQuery,
    response=s.OccurrenceListOut,
    errors=(401, 404, 422),
)
@require_auth()
def row_occurrences(row_id: int) -> Any:
    """Occurrences between from (default 30 days ago) and to (default 365 days ahead, at most
    2 years after from) with their status: expected, overdue, matched or dismissed."""
    session, user_id, today = current_session(), current_user_id(), user_today()
    row = get_row(session, user_id, row_id)
    query = parse_query(s.OccurrencesQuery)
    since = query.from_ or projection_svc.shift(today, -30)
    until = query.to or projection_svc.shift(today, 365)
    until = min(until, projection_svc.shift(since, 2 * 366))
    return {"items": projection_svc.row_occurrences(session, user_id, row, today, since, until)}


@api_doc(
    summary="Postings that could pay an occurrence",
    tags=TAGS_SCHEDULE,
    query=s.CandidatesQuery,
    response=s.CandidateListOut,
    errors=(401, 404, 422),
)
@require_auth()
def row_candidates(row_id: int) -> Any:
    """Journal lines on the row's account within its window and tolerance, not matched yet."""
    get_row(current_session(), current_user_id(), row_id)  # another user's row: 404 before 422
    query = parse_query(s.CandidatesQuery)
    lines = matching.candidates_for(current_session(), current_user_id(), row_id, query.occurrence_date)
    return {
        "items": [
            {
                "journal_line_id": ln.id,
                "entry_id": ln.entry_id,
                "date": ln.date,
                "amount": ln.amount,
                "description": ln.description,
            }
            for ln in lines
        ]
    }


# ------------------------------------------------------------------------------ projection


@api_doc(
    summary="Project the balance day by day",
    tags=TAGS_SCHEDULE,
    query=s.ProjectionQuery,
    response=s.ProjectionOut,
    errors=(401, 404, 422),
)
@require_auth()
def projection() -> Any:
    """From today's ledger balance of the accounts (default: active cash and bank accounts),
    each day's inflow, outflow and balance; the lowest point; the first day below zero and
    below `floor`. Matched occurrences do not count; overdue ones are listed and count on day 1."""
    query = parse_query(s.ProjectionQuery)
    scenario = _scenario(query.scenario)
    return projection_svc.build(
        current_session(),
        current_user_id(),
        user_today(),
        days=query.days,
        account_ids=_account_ids(query.accounts),
        floor=Decimal(query.floor) if query.floor is not None else None,
        scenario=scenario,
        overdue_days=query.overdue_days,
    )


@api_doc(
    summary="Compare two projections",
    tags=TAGS_SCHEDULE,
    query=s.CompareQuery,
    response=s.CompareOut,
    errors=(401, 404, 422),
)
@require_auth()
def compare() -> Any:
    """`a` and `b` are `base` (the real schedule) or a scenario id; per day both balances and
    b − a, and both lowest points."""
    query = parse_query(s.CompareQuery)
    a, b = _scenario(query.a), _scenario(query.b)
    return projection_svc.compare(
        current_session(),
        current_user_id(),
        user_today(),
        a=a,
        b=b,
        days=query.days,
        account_ids=_account_ids(query.accounts),
    )


@api_doc(
    summary="Recompute the stored projection", tags=TAGS_SCHEDULE, response=s.RecomputeOut, errors=(401, 403)
)
@require_auth()
def recompute() -> Any:
    """Match what is unambiguous and rebuild the stored 730-day base projection now (the
    subscriber does this when postings land)."""
    user_id, today = current_user_id(), user_today()
    with unit_of_work() as uow:
        result = uow.run(lambda: projection_svc.recompute_base(uow.session, user_id, today, uow.emit))
        return {
            "matched": result.matched,
            "days": result.days,
            "start_date": result.start_date,
            "lowest": result.lowest,
        }


# ------------------------------------------------------------------------------ scenarios


def _scenario_out(scenario: MoneyScheduleScenario) -> Any:
    return scenarios_svc.view_scenario(current_session(), current_user_id(), scenario)


@api_doc(
    summary="List scenarios",
    tags=TAGS_SCHEDULE,
    query=s.ScenarioListQuery,
    response=s.ScenarioListOut,
    errors=(401, 422),
)
@require_auth()
def list_scenarios() -> Any:
    """Oldest first, each with its rows. Cursor-paginated."""
    query = parse_query(s.ScenarioListQuery)
    page = scenarios_svc.list_scenarios(
        current_session(), current_user_id(), limit=query.limit, cursor=query.cursor
    )
    return {"items": [_scenario_out(x) for x in page.items], "next_cursor": page.next_cursor}


@api_doc(
    summary="Create a scenario",
    tags=TAGS_SCHEDULE,
    body=s.ScenarioIn,
    response=s.ScenarioOut,
    status=201,
    errors=(401, 403, 422),
)
@require_auth()
def create_scenario() -> Any:
    """A named what-if; add rows to it with POST …/rows."""
    body = parse_body(s.ScenarioIn)
    with unit_of_work() as uow:
        scenario = scenarios_svc.create_scenario(uow, current_user_id(), body.name, body.description)
        return _scenario_out(scenario), 201


@api_doc(summary="Get a scenario", tags=TAGS_SCHEDULE, response=s.ScenarioOut, errors=(401, 404))
@require_auth()
def get_scenario(scenario_id: int) -> Any:
    """The scenario with its rows (ops) in the order they apply."""
    return _scenario_out(scenarios_svc.get_scenario(current_session(), current_user_id(), scenario_id))


@api_doc(
    summary="Rename a scenario",
    tags=TAGS_SCHEDULE,
    body=s.ScenarioPatchIn,
    response=s.ScenarioOut,
    errors=(401, 403, 404, 422),
)
@require_auth()
def patch_scenario(scenario_id: int) -> Any:
    """Change name and/or description."""
    scenarios_svc.get_scenario(current_session(), current_user_id(), scenario_id)
    body = parse_body(s.ScenarioPatchIn)
    changes = {name: getattr(body, name) for name in body.model_fields_set}
    with unit_of_work() as uow:
        scenario = scenarios_svc.update_scenario(uow, current_user_id(), scenario_id, changes)
        return _scenario_out(scenario)


@api_doc(summary="Delete a scenario", tags=TAGS_SCHEDULE, status=204, errors=(401, 403, 404))
@require_auth()
def delete_scenario(scenario_id: int) -> Any:
    """Delete the scenario and its rows; the real schedule is untouched. 204."""
    with unit_of_work() as uow:
        scenarios_svc.delete_scenario(uow, current_user_id(), scenario_id)
    return Response(status=204)


@api_doc(
    summary="Add a row to a scenario",
    tags=TAGS_SCHEDULE,
    body=s.ScenarioRowIn,
    response=s.ScenarioRowOut,
    status=201,
    errors=(401, 403, 404, 422),
)
@require_auth()
def add_scenario_row(scenario_id: int) -> Any:
    """`{"op": "add", …a row…}`, `{"op": "change", "base_row_id", "amount"?, "event_date"?}` or
    `{"op": "drop", "base_row_id"}`; base rows must be the user's (404)."""
    scenarios_svc.get_scenario(current_session(), current_user_id(), scenario_id)
    body = parse_body(s.ScenarioRowIn)
    if body.op == "add":
        values = body.model_dump()
    else:
        values = {name: getattr(body, name) for name in body.model_fields_set}
        values["op"] = body.op
    with unit_of_work() as uow:
        row = scenarios_svc.add_op(uow, current_user_id(), scenario_id, values)
        return scenarios_svc.view_op(row), 201


@api_doc(summary="Remove a row from a scenario", tags=TAGS_SCHEDULE, status=204, errors=(401, 403, 404))
@require_auth()
def delete_scenario_row(scenario_id: int, row_id: int) -> Any:
    """204."""
    with unit_of_work() as uow:
        scenarios_svc.delete_op(uow, current_user_id(), scenario_id, row_id)
    return Response(status=204)


# ------------------------------------------------------------------------------ matches


@api_doc(
    summary="List occurrence matches",
    tags=TAGS_SCHEDULE,
    query=s.MatchListQuery,
    response=s.MatchListOut,
    errors=(401, 422),
)
@require_auth()
def list_matches() -> Any:
    """Matches (and dismissed marks) by id; filter by row_id. Cursor-paginated."""
    query = parse_query(s.MatchListQuery)
    return matches_svc.list_matches(
        current_session(), current_user_id(), row_id=query.row_id, limit=query.limit, cursor=query.cursor
    )


@api_doc(
    summary="Match an occurrence to a posting by hand",
    tags=TAGS_SCHEDULE,
    body=s.MatchIn,
    response=s.MatchOut,
    status=201,
    errors=(401, 403, 404, 409, 422),
)
@require_auth()
def create_match() -> Any:
    """The occurrence (row_id and its rule date) stops counting in the projection. The line
    must be on the row's account; amount and date are the user's call. 409 when the
    occurrence or the line is matched already."""
    body = parse_body(s.MatchIn)
    with unit_of_work() as uow:
        match = matches_svc.manual_match(
            uow, current_user_id(), user_today(), body.row_id, body.occurrence_date, body.journal_line_id
        )
        return match, 201


@api_doc(summary="Unmatch an occurrence", tags=TAGS_SCHEDULE, status=204, errors=(401, 403, 404))
@require_auth()
def delete_match(match_id: int) -> Any:
    """The occurrence counts again and is left alone by the automatic matcher; 204."""
    with unit_of_work() as uow:
        matches_svc.unmatch(uow, current_user_id(), user_today(), match_id)
    return Response(status=204)


ROUTES: list[tuple[str, Any, list[str], bool]] = [
    ("/schedule/rows", list_rows, ["GET"], False),
    ("/schedule/rows", create_row, ["POST"], False),
    ("/schedule/rows/<int:row_id>", get_row_view, ["GET"], False),
    ("/schedule/rows/<int:row_id>", patch_row, ["PATCH"], False),
    ("/schedule/rows/<int:row_id>", delete_row, ["DELETE"], False),
    ("/schedule/rows/<int:row_id>/occurrences", row_occurrences, ["GET"], False),
    ("/schedule/rows/<int:row_id>/candidates", row_candidates, ["GET"], False),
    ("/schedule/projection", projection, ["GET"], False),
    ("/schedule/compare", compare, ["GET"], False),
    ("/schedule/recompute", recompute, ["POST"], False),
    ("/schedule/scenarios", list_scenarios, ["GET"], False),
    ("/schedule/scenarios", create_scenario, ["POST"], False),
    ("/schedule/scenarios/<int:scenario_id>", get_scenario, ["GET"], False),
    ("/schedule/scenarios/<int:scenario_id>", patch_scenario, ["PATCH"], False),
    ("/schedule/scenarios/<int:scenario_id>", delete_scenario, ["DELETE"], False),
    ("/schedule/scenarios/<int:scenario_id>/rows", add_scenario_row, ["POST"], False),
    ("/schedule/scenarios/<int:scenario_id>/rows/<int:row_id>", delete_scenario_row, ["DELETE"], False),
    ("/schedule/matches", list_matches, ["GET"], False),
    ("/schedule/matches", create_match, ["POST"], False),
    ("/schedule/matches/<int:match_id>", delete_match, ["DELETE"], False),
]
