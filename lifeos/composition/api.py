"""GET /api/v1/today: the cross-domain Today answer (read-only)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask

from lifeos.composition import today as today_svc
from lifeos.composition.schemas import TodayOut
from lifeos.platform.auth.guard import current_user, current_user_id, require_auth
from lifeos.platform.clock import user_today
from lifeos.platform.openapi import api_doc
from lifeos.platform.uow import current_session

api = Blueprint("today_api", __name__, url_prefix="/api/v1/today")


@api_doc(summary="Today across the domains", tags=("today",), response=TodayOut, errors=(401,))
@require_auth()
def get_today() -> Any:
    """In the user's zone: cash position, habits due, tasks due or overdue, people to reconnect
    with, birthdays in the next 7 days, the latest mood, and "on this day" from every domain."""
    zone_name = getattr(current_user(), "timezone", None)
    return today_svc.today_view(current_session(), current_user_id(), user_today(), zone_name)


api.add_url_rule("", view_func=get_today, methods=["GET"])


def register(app: Flask) -> None:
    app.register_blueprint(api)
