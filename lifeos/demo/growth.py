"""The demo's skills (practice sessions, their metrics) and projects (tasks, time logs)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from lifeos.demo.context import Demo
from lifeos.domains.projects.services import projects as projects_service
from lifeos.domains.projects.services import tasks as tasks_service
from lifeos.domains.skills.services.metrics import rebuild_all
from lifeos.domains.skills.services.sessions import SessionInput, create_session
from lifeos.domains.skills.services.skills import create_skill


@dataclass(frozen=True)
class SkillPlan:
    given: dict[str, Any]
    starts_days_ago: int
    weekly: float  # sessions a week, on average
    minutes: tuple[int, int]
    hour: tuple[int, int]  # local hours the sessions start in
    streak_days: int = 0  # practised every day just before today
    gap_days_ago: tuple[int, int] | None = None  # no practice then
    on_this_day: bool = False  # practised a year ago today


SKILLS = (
    SkillPlan(
        {"name": "Guitar", "category": "music", "current_level": 4, "target_level": 7, "tags": ["evenings"]},
        400,
        3.5,
        (20, 60),
        (19, 21),
        on_this_day=True,
    ),
    SkillPlan(
        {
            "name": "Spanish",
            "category": "language",
            "current_level": 5,
            "target_level": 8,
            "tags": ["travel"],
        },
        330,
        4.5,
        (15, 35),
        (7, 8),
        streak_days=11,
        gap_days_ago=(150, 130),
    ),
    SkillPlan(
        {"name": "Python", "category": "programming", "current_level": 6, "target_level": 9, "tags": []},
        380,
        1.2,
        (60, 150),
        (10, 14),
    ),
    SkillPlan(
        {"name": "Watercolour", "category": "art", "current_level": 1, "target_level": 4, "tags": ["calm"]},
        60,
        1.5,
        (30, 90),
        (15, 17),
    ),
)


def skills(demo: Demo) -> None:
    rng = demo.rng("skills")
    year_ago = demo.year_ago()
    for plan in SKILLS:
        skill = create_skill(demo.uow, demo.user_id, plan.given)
        demo.count("skills")
        day = max(demo.first, demo.today - timedelta(days=plan.starts_days_ago))
        while day < demo.today:  # today's practice is still to come
            ago = (demo.today - day).days
            roll = rng.random()
            minutes, hour, minute = (
                rng.randint(*plan.minutes),
                rng.randint(*plan.hour),
                rng.randrange(0, 60, 5),
            )
            gap = plan.gap_days_ago is not None and plan.gap_days_ago[1] <= ago <= plan.gap_days_ago[0]
            wanted = (
                roll < plan.weekly / 7 or ago <= plan.streak_days or (plan.on_this_day and day == year_ago)
            )
            if wanted and not gap:
                data = SessionInput(
                    duration_minutes=minutes,
                    practiced_at=demo.at(day, hour, minute),
                    intensity=rng.randint(2, 4),
                    notes="Breakthrough!" if roll < 0.01 else None,
                )
                create_session(demo.uow, demo.user_id, skill.id, data)
                demo.count("practice sessions")
            day += timedelta(days=1)
    rebuild_all(demo.uow.session, user_id=demo.user_id)  # Today and the skills pages are fresh at once


# -------------------------------------------------------------------------------- projects


@dataclass(frozen=True)
class TaskPlan:
    title: str
    status: str  # todo | doing | done
    due_in: int | None  # days from today (negative: in the past)
    priority: int | None = None
    logs: int = 0  # time logs before today


@dataclass(frozen=True)
class ProjectPlan:
    name: str
    description: str
    target_in: int | None
    status: str
    started_days_ago: int
    tasks: tuple[TaskPlan, ...]


PROJECTS = (
    ProjectPlan(
        "Kitchen renovation",
        "New worktop, tiles and lighting before the summer.",
        45,
        "active",
        75,
        (
            TaskPlan("Get three quotes", "done", -60, 2, logs=2),
            TaskPlan("Choose the worktop", "done", -30, 2, logs=1),
            TaskPlan("Order the tiles", "todo", -4, 1),
            TaskPlan("Book the electrician", "doing", -1, 1, logs=1),
            TaskPlan("Pick paint colours", "todo", 2, 3),
            TaskPlan("Clear out the cupboards", "todo", 5, 3),
            TaskPlan("Plan the lighting", "todo", None, 4),
        ),
    ),
    ProjectPlan(
        "Spanish B1 exam",
        "Pass the B1 exam this spring.",
        100,
        "active",
        120,
        (
            TaskPlan("Register for the exam", "done", -40, 1, logs=1),
            TaskPlan("Finish the grammar book", "doing", 20, 2, logs=8),
            TaskPlan("Mock exam", "todo", 0, 2),
        ),
    ),
    ProjectPlan(
        "Tax return",
        "File before the deadline.",
        12,
        "active",
        20,
        (
            TaskPlan("Collect the payslips", "done", -3, 2, logs=1),
            TaskPlan("Fill in the form", "todo", 6, 1),
            TaskPlan("Pay the balance", "todo", 12, 1),
        ),
    ),
    ProjectPlan(
        "Learn to sail",
        "Day skipper course at the harbour.",
        -200,
        "completed",
        300,
        (
            TaskPlan("Theory course", "done", -260, 2, logs=4),
            TaskPlan("Five practice sails", "done", -215, 2, logs=5),
            TaskPlan("Exam day", "done", -200, 1, logs=1),
        ),
    ),
    ProjectPlan(
        "Blog redesign",
        "Shelved: no time this year.",
        None,
        "archived",
        330,
        (TaskPlan("Pick a theme", "done", -320, 3, logs=2), TaskPlan("Rewrite the about page", "todo", -300)),
    ),
)
LOG_NOTES = ("", "Good progress", "Slow going", "Phone calls", "Research")


def projects(demo: Demo) -> None:
    rng = demo.rng("projects")
    for plan in PROJECTS:
        started = max(demo.first, demo.today - timedelta(days=plan.started_days_ago))
        given: dict[str, Any] = {"name": plan.name, "description": plan.description}
        if plan.target_in is not None:
            given["target_date"] = demo.today + timedelta(days=plan.target_in)
        project = projects_service.create(demo.uow, demo.user_id, given, demo.today)
        demo.count("projects")
        for task in plan.tasks:
            _task(demo, rng, project.id, task, started)
        if plan.status != "active":
            projects_service.update(demo.uow, demo.user_id, project.id, {"status": plan.status}, demo.today)


def _task(demo: Demo, rng: random.Random, project_id: int, plan: TaskPlan, started: date) -> None:
    given: dict[str, Any] = {"title": plan.title, "priority": plan.priority}
    if plan.due_in is not None:
        given["due_date"] = demo.today + timedelta(days=plan.due_in)
    task = tasks_service.create(demo.uow, demo.user_id, project_id, given, demo.today)
    demo.count("tasks")
    last = demo.today - timedelta(days=1)
    if plan.due_in is not None and plan.status == "done":
        last = min(last, demo.today + timedelta(days=plan.due_in))
    span = max((last - started).days, 0)
    for _ in range(plan.logs):
        day = started + timedelta(days=rng.randint(0, span))
        note = rng.choice(LOG_NOTES) or None
        tasks_service.log_time(demo.uow, demo.user_id, task.id, rng.randrange(15, 121, 5), note, day)
        demo.count("time logs")
    if plan.status != "todo":
        tasks_service.update(demo.uow, demo.user_id, task.id, {"status": plan.status}, demo.today)
