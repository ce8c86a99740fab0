"""Health JSON API under /api/v1/health: parse the request, call a service, return the result.

No SQL and no rules here; the services hold them and the response schemas render them.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from lifeos.domains.health.api.records import (
    create_nutrition,
    create_workout,
    delete_nutrition,
    delete_workout,
    list_biometrics,
    list_nutrition,
    list_workouts,
    patch_nutrition,
    patch_workout,
    put_biometric,
)
from lifeos.domains.health.api.summaries import daily_summary, weekly_summary

api = Blueprint("health_api", __name__, url_prefix="/api/v1/health")

_ROUTES: list[tuple[str, Any, list[str]]] = [
    ("/biometrics", list_biometrics, ["GET"]),
    ("/biometrics/<day:date>", put_biometric, ["PUT"]),
    ("/workouts", list_workouts, ["GET"]),
    ("/workouts", create_workout, ["POST"]),
    ("/workouts/<int:workout_id>", patch_workout, ["PATCH"]),
    ("/workouts/<int:workout_id>", delete_workout, ["DELETE"]),
    ("/nutrition", list_nutrition, ["GET"]),
    ("/nutrition", create_nutrition, ["POST"]),
    ("/nutrition/<int:nutrition_id>", patch_nutrition, ["PATCH"]),
    ("/nutrition/<int:nutrition_id>", delete_nutrition, ["DELETE"]),
    ("/summary/daily", daily_summary, ["GET"]),
    ("/summary/weekly", weekly_summary, ["GET"]),
]

for _rule, _view, _methods in _ROUTES:
    api.add_url_rule(_rule, view_func=_view, methods=_methods)
