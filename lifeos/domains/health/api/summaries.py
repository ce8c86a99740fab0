"""Daily and weekly summary views."""

from __future__ import annotations

from typing import Any

from lifeos.domains.health import schemas as s
from lifeos.domains.health.services import summaries as summary_svc
from lifeos.platform.auth.guard import current_user_id, require_auth
from lifeos.platform.clock import user_today
from lifeos.platform.http import parse_query
from lifeos.platform.openapi import api_doc
from lifeos.platform.uow import current_session

TAGS_SUMMARY = ("health: summaries",)


@api_doc(
    summary="A day's health summary",
    tags=TAGS_SUMMARY,
    query=s.DailyQuery,
    response=s.DailySummaryOut,
    errors=(401, 422),
)
@require_auth()
def daily_summary() -> Any:
    """The day's biometric record, the 7-day weight trend, and workout and meal totals.

    `date` defaults to today in the user's time zone.
    """
    query = parse_query(s.DailyQuery)
    return summary_svc.daily_summary(current_session(), current_user_id(), query.date or user_today())


@api_doc(
    summary="A week's health summary",
    tags=TAGS_SUMMARY,
    query=s.WeeklyQuery,
    response=s.WeeklySummaryOut,
    errors=(401, 422),
)
@require_auth()
def weekly_summary() -> Any:
    """Seven days from `start` (default: this week's Monday in the user's time zone), day by day
    with the 7-day weight trend, and the week's totals and means (missing days are skipped)."""
    query = parse_query(s.WeeklyQuery)
    start = query.start or summary_svc.week_start(user_today())
    return summary_svc.weekly_summary(current_session(), current_user_id(), start)
