"""Projects request and response schemas (pydantic): one response schema per resource.

Values: project status active | completed | archived; task status todo | doing | done;
task priority 1 (highest) … 4 (lowest) or null; time logged 1–1440 minutes per log; dates
`YYYY-MM-DD` within 1900–2999 (2026-02-30 is refused). Requests refuse unknown fields, NUL
characters and out-of-range numbers. PATCH: only the fields sent change; a field the resource
always has (name, title, status) may be left out but not set to null.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, field_validator

from lifeos.platform.http import OMITTABLE, Cursor, IsoDate, Limit100, Schema, no_nul, not_null
from lifeos.platform.schemas import OutSchema, UtcDateTime

PRIORITY_MIN, PRIORITY_MAX = 1, 4
MINUTES_MIN, MINUTES_MAX = 1, 1440
WITHIN_MIN, WITHIN_MAX = 1, 365


def _whole(value: Any) -> Any:
    """An integer as JSON sends it (numbers arrive as Decimal): no booleans, strings or fractions."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise ValueError("must be an integer")
    if isinstance(value, Decimal):
        if not value.is_finite() or value != value.to_integral_value():
            raise ValueError("must be an integer")
        return int(value)
    return value


Name = Annotated[str, Field(min_length=1, max_length=255), AfterValidator(no_nul)]
LongText = Annotated[str, Field(max_length=5000), AfterValidator(no_nul)]
Note = Annotated[str, Field(max_length=2000), AfterValidator(no_nul)]
Priority = Annotated[
    int,
    Field(ge=PRIORITY_MIN, le=PRIORITY_MAX, description="1 (highest) to 4 (lowest)."),
    BeforeValidator(_whole),
]
Minutes = Annotated[
    int,
    Field(ge=MINUTES_MIN, le=MINUTES_MAX, description="Minutes spent (1–1440)."),
    BeforeValidator(_whole),
]
Within = Annotated[int, Field(ge=WITHIN_MIN, le=WITHIN_MAX, description="Days ahead (1–365).")]
ProjectStatus = Literal["active", "completed", "archived"]
TaskStatus = Literal["todo", "doing", "done"]


# ---------------------------------------------------------------------------- projects


class ProjectCreateIn(Schema):
    name: Name
    description: LongText | None = None
    status: ProjectStatus = Field(default="active", description="active (default), completed or archived.")
    target_date: IsoDate | None = None


class ProjectPatchIn(Schema):
    """Only the fields sent change. Setting status completed stamps completed_at; any other
    status clears it."""

    name: Name | None = OMITTABLE
    description: LongText | None = None
    status: ProjectStatus | None = OMITTABLE
    target_date: IsoDate | None = None

    @field_validator("name", "status")
    @classmethod
    def _required(cls, value: Any) -> Any:
        return not_null(value)


class ProjectListQuery(Schema):
    status: Literal["active", "completed", "archived", "all"] = Field(
        default="all", description="Only projects with this status; all (default) lists every one."
    )
    limit: Limit100 = 50
    cursor: Cursor


class ProgressOut(OutSchema):
    """Tasks done out of all tasks, time spent, and tasks overdue today in the user's zone."""

    tasks_total: int
    tasks_done: int
    percent_done: float | None = Field(description="Done ÷ total × 100, one decimal; null without tasks.")
    minutes_spent: int
    overdue_tasks: int


class ProjectOut(OutSchema):
    id: int
    name: str
    description: str | None
    status: str
    target_date: dt.date | None
    completed_at: UtcDateTime | None
    created_at: UtcDateTime | None
    updated_at: UtcDateTime | None
    progress: ProgressOut


class ProjectListOut(OutSchema):
    items: list[ProjectOut]
    next_cursor: str | None


# ---------------------------------------------------------------------------- tasks


class TaskCreateIn(Schema):
    title: Name
    notes: LongText | None = None
    status: TaskStatus = Field(default="todo", description="todo (default), doing or done.")
    priority: Priority | None = None
    due_date: IsoDate | None = None


class TaskPatchIn(Schema):
    """Only the fields sent change. Moving to done stamps completed_at; moving out of done
    (reopening) clears it."""

    title: Name | None = OMITTABLE
    notes: LongText | None = None
    status: TaskStatus | None = OMITTABLE
    priority: Priority | None = None
    due_date: IsoDate | None = None

    @field_validator("title", "status")
    @classmethod
    def _required(cls, value: Any) -> Any:
        return not_null(value)


class TaskListQuery(Schema):
    status: TaskStatus | None = Field(default=None, description="Only tasks with this status.")
    overdue: Literal["true", "false"] | None = Field(
        default=None, description="true: only overdue tasks; false: only tasks not overdue."
    )
    limit: Limit100 = 50
    cursor: Cursor


class DueQuery(Schema):
    within: Within = 7
    limit: Limit100 = 50
    cursor: Cursor


class TaskOut(OutSchema):
    """A task. `overdue`: not done and due before today in the user's zone. Legacy rows may
    carry status cancelled (never due nor overdue, not counted in progress)."""

    id: int
    project_id: int
    title: str
    notes: str | None
    status: str
    priority: int | None
    due_date: dt.date | None
    completed_at: UtcDateTime | None
    overdue: bool
    minutes_spent: int
    created_at: UtcDateTime | None
    updated_at: UtcDateTime | None


class TaskListOut(OutSchema):
    items: list[TaskOut]
    next_cursor: str | None


class DueOut(OutSchema):
    """Tasks not done that are due by `until` (today + within) in the user's zone, overdue ones
    included (marked `overdue`), earliest due first."""

    today: dt.date
    until: dt.date
    items: list[TaskOut]
    next_cursor: str | None


# ---------------------------------------------------------------------------- time logs


class TimeLogIn(Schema):
    minutes: Minutes
    note: Note | None = None
    date: IsoDate | None = Field(default=None, description="Defaults to today in the user's time zone.")


class TimeLogOut(OutSchema):
    id: int
    task_id: int
    minutes: int
    note: str | None
    date: dt.date
    created_at: UtcDateTime | None
