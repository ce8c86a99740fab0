"""Projects rules without a database: progress percentages, the task status vocabulary, and
the request schemas' integer bounds (as JSON sends them: numbers arrive as Decimal)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from lifeos.domains.projects.schemas import DueQuery, TaskCreateIn, TimeLogIn
from lifeos.domains.projects.services.common import FROM_STORED, TO_STORED, Progress, api_status, is_open


@pytest.mark.parametrize(
    ("total", "done", "percent"),
    [(0, 0, None), (3, 1, 33.3), (3, 2, 66.7), (4, 1, 25.0), (9, 1, 11.1), (2, 2, 100.0)],
)
def test_percent_done(total: int, done: int, percent: float | None) -> None:
    assert Progress(tasks_total=total, tasks_done=done).percent_done == percent


def test_status_vocabulary_round_trips_and_legacy_values_show_as_stored() -> None:
    assert TO_STORED == {"todo": "open", "doing": "in_progress", "done": "done"}
    assert {api_status(TO_STORED[s]) for s in TO_STORED} == set(TO_STORED)
    assert FROM_STORED["in_progress"] == "doing"
    assert api_status("cancelled") == "cancelled"
    assert (is_open("open"), is_open("in_progress"), is_open("done"), is_open("cancelled")) == (
        True,
        True,
        False,
        False,
    )


@pytest.mark.parametrize("value", [1, 1440, Decimal("30"), Decimal("30.0")])
def test_minutes_in_range_are_accepted(value: object) -> None:
    assert TimeLogIn.model_validate({"minutes": value}).minutes == int(value)  # type: ignore[call-overload]


@pytest.mark.parametrize("value", [0, 1441, Decimal("30.5"), "30", True, None, Decimal("Infinity")])
def test_minutes_out_of_range_or_not_integers_are_refused(value: object) -> None:
    with pytest.raises(ValidationError):
        TimeLogIn.model_validate({"minutes": value})


def test_priority_and_window_bounds_are_in_the_json_schema() -> None:
    priority = TaskCreateIn.model_json_schema()["properties"]["priority"]["anyOf"][0]
    assert (priority["type"], priority["minimum"], priority["maximum"]) == ("integer", 1, 4)
    minutes = TimeLogIn.model_json_schema()["properties"]["minutes"]
    assert (minutes["minimum"], minutes["maximum"]) == (1, 1440)
    within = DueQuery.model_json_schema()["properties"]["within"]
    assert (within["minimum"], within["maximum"], within["default"]) == (1, 365, 7)
