"""Habits JSON API under /api/v1/habits: parse the request, call a service, return the result."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from lifeos.domains.habits.api.views import (
    create_habit,
    delete_habit,
    delete_log,
    get_habit,
    habit_stats,
    habits_today,
    list_habits,
    list_logs,
    patch_habit,
    put_log,
    put_skip,
)

api = Blueprint("habits_api", __name__, url_prefix="/api/v1/habits")

_ROUTES: list[tuple[str, Any, list[str]]] = [
    ("", list_habits, ["GET"]),
    ("", create_habit, ["POST"]),
    ("/today", habits_today, ["GET"]),
    ("/<int:habit_id>", get_habit, ["GET"]),
    ("/<int:habit_id>", patch_habit, ["PATCH"]),
    ("/<int:habit_id>", delete_habit, ["DELETE"]),
    ("/<int:habit_id>/stats", habit_stats, ["GET"]),
    ("/<int:habit_id>/logs", list_logs, ["GET"]),
    ("/<int:habit_id>/logs/<day:date>", put_log, ["PUT"]),
    ("/<int:habit_id>/logs/<day:date>", delete_log, ["DELETE"]),
    ("/<int:habit_id>/skips/<day:date>", put_skip, ["PUT"]),
]

for _rule, _view, _methods in _ROUTES:
    api.add_url_rule(_rule, view_func=_view, methods=_methods)
