"""The demo's habits (streaks, skips, gaps, a paused one) and health (weigh-ins, workouts, meals)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from lifeos.demo.context import Demo
from lifeos.domains.habits.services.habits import create_habit, update_habit
from lifeos.domains.habits.services.logs import log_day, skip_day
from lifeos.domains.health.services.biometrics import BiometricInput, put_biometric
from lifeos.domains.health.services.nutrition import NutritionInput, create_nutrition
from lifeos.domains.health.services.workouts import WorkoutInput, create_workout

ONE = Decimal(1)


@dataclass(frozen=True)
class HabitPlan:
    given: dict[str, Any]
    starts_days_ago: int  # capped at the history
    done_rate: float
    streak_days: int  # the last days before today are all done: a current streak
    today: bool  # already done today (the others stay due on Today)
    values: tuple[int, int] | None = None  # numeric habits: the range of a day's value
    weekdays: tuple[int, ...] | None = None  # only these ISO weekdays are logged
    paused_days_ago: int | None = None  # logged until then, then paused


HABITS = (
    HabitPlan({"name": "Morning walk", "time_of_day": "morning"}, 400, 0.82, 16, True),
    HabitPlan(
        {"name": "Read", "kind": "numeric", "target_value": Decimal(20), "unit": "pages"},
        340,
        0.7,
        9,
        False,
        values=(4, 45),
    ),
    HabitPlan(
        {"name": "Strength training", "schedule_type": "times_per_week", "times_per_week": 3},
        300,
        0.45,
        0,
        False,
    ),
    HabitPlan(
        {"name": "Meditate", "schedule_type": "weekdays", "schedule_days": [1, 2, 3, 4, 5]},
        260,
        0.72,
        5,
        False,
        weekdays=(1, 2, 3, 4, 5),
    ),
    HabitPlan(
        {
            "name": "Screen time",
            "kind": "numeric",
            "target_value": Decimal(120),
            "target_direction": "at_most",
            "unit": "min",
        },
        120,
        0.9,
        0,
        False,
        values=(45, 210),
    ),
    HabitPlan({"name": "Floss", "time_of_day": "evening"}, 380, 0.6, 0, False, paused_days_ago=150),
)
HOLIDAY_DAYS_AGO = (120, 109)  # a trip: the walk is skipped, the rest simply not logged
GAP_DAYS_AGO = (200, 180)  # three weeks off meditation


def habits(demo: Demo) -> None:
    rng = demo.rng("habits")
    for plan in HABITS:
        habit = create_habit(demo.uow, demo.user_id, plan.given)
        demo.count("habits")
        start = max(demo.first, demo.today - timedelta(days=plan.starts_days_ago))
        end = demo.today - timedelta(days=plan.paused_days_ago or 0)
        day = start
        while day <= end:
            ago = (demo.today - day).days
            logged = _log(demo, rng, plan, habit.id, day, ago)
            demo.count("habit days", int(logged))
            day += timedelta(days=1)
        if plan.paused_days_ago is not None:
            update_habit(demo.uow, demo.user_id, habit.id, {"is_paused": True})


def _log(demo: Demo, rng: random.Random, plan: HabitPlan, habit_id: int, day: date, ago: int) -> bool:
    """Write one day of a habit (or nothing); True when a row was written."""
    roll = rng.random()  # drawn every day, so the pattern does not depend on earlier branches
    value = ONE if plan.values is None else Decimal(rng.randint(*plan.values))
    if plan.weekdays is not None and day.isoweekday() not in plan.weekdays:
        return False
    if ago == 0 and not plan.today:
        return False
    if HOLIDAY_DAYS_AGO[1] <= ago <= HOLIDAY_DAYS_AGO[0]:
        if plan.given["name"] == "Morning walk":
            skip_day(demo.uow, demo.user_id, habit_id, day, demo.today, note="Holiday")
            return True
        return False
    if GAP_DAYS_AGO[1] <= ago <= GAP_DAYS_AGO[0] and plan.given["name"] == "Meditate":
        return False
    streak = ago <= plan.streak_days
    if not streak and roll >= plan.done_rate:
        if roll > 0.97:
            skip_day(demo.uow, demo.user_id, habit_id, day, demo.today, note="Sick")
            return True
        return False
    if streak and plan.values is not None:
        target = int(plan.given["target_value"])
        value = Decimal(target + 5 if plan.given.get("target_direction") != "at_most" else target - 20)
    log_day(demo.uow, demo.user_id, habit_id, day, demo.today, value=value)
    return True


# ---------------------------------------------------------------------------------- health

WORKOUTS = (  # type, minutes range, intensities, kcal per minute
    ("run", (25, 55), ("moderate", "high"), 10),
    ("cycling", (30, 90), ("low", "moderate", "high"), 8),
    ("strength", (35, 60), ("moderate", "high"), 6),
    ("yoga", (20, 45), ("low",), 3),
)
MEALS = {
    "breakfast": ("Porridge with berries", "Eggs on toast", "Yoghurt and granola", "Coffee and a croissant"),
    "lunch": ("Chicken salad", "Lentil soup", "Leftover curry", "Sandwich and an apple", "Sushi box"),
    "dinner": ("Salmon, rice and greens", "Pasta with tomato sauce", "Stir-fried tofu", "Homemade pizza"),
    "snack": ("Banana", "Handful of almonds", "Dark chocolate", "Hummus and carrots"),
}
MEAL_CHANCE = {"breakfast": 0.85, "lunch": 0.9, "dinner": 0.95, "snack": 0.4}
MEAL_KCAL = {"breakfast": (300, 550), "lunch": (450, 800), "dinner": (550, 950), "snack": (120, 300)}
MEAL_LOG_DAYS = 90  # meals were logged for the last three months only


def health(demo: Demo) -> None:
    rng = demo.rng("health")
    year_ago = demo.year_ago()
    total = max(demo.days - 1, 1)
    for day in demo.each_day():
        progress = 1 - (demo.today - day).days / total
        if rng.random() < 0.72 or day == demo.today:
            _weigh_in(demo, rng, day, progress)
        if rng.random() < 0.42 or day == year_ago:
            _workout(demo, rng, day)
        if (demo.today - day).days < MEAL_LOG_DAYS:
            _meals(demo, rng, day)


def _weigh_in(demo: Demo, rng: random.Random, day: date, progress: float) -> None:
    weight = Decimal(83.5 - 4.5 * progress + rng.uniform(-0.4, 0.4)).quantize(Decimal("0.1"))
    values = BiometricInput(
        weight=weight,
        body_fat_pct=Decimal(24 - 3 * progress).quantize(Decimal("0.1")) if day.day == 1 else None,
        resting_hr=rng.randint(52, 64),
        sleep_hours=Decimal(rng.randint(22, 34)) / 4,
        energy=rng.randint(2, 5),
        stress=rng.randint(1, 4),
        notes="Slept badly" if rng.random() < 0.05 else None,
    )
    put_biometric(demo.uow, demo.user_id, day, values)
    demo.count("biometric days")


def _workout(demo: Demo, rng: random.Random, day: date) -> None:
    kind, (low, high), intensities, per_minute = rng.choice(WORKOUTS)
    minutes = rng.randint(low, high)
    data = WorkoutInput(
        type=kind,
        duration_minutes=minutes,
        date=day,
        intensity=rng.choice(intensities),
        calories=Decimal(minutes * per_minute + rng.randint(-20, 20)),
        notes="Felt strong" if rng.random() < 0.1 else None,
    )
    create_workout(demo.uow, demo.user_id, data)
    demo.count("workouts")


def _meals(demo: Demo, rng: random.Random, day: date) -> None:
    for meal_type, items in MEALS.items():
        if rng.random() >= MEAL_CHANCE[meal_type]:
            continue
        kcal = rng.randint(*MEAL_KCAL[meal_type])
        data = NutritionInput(
            meal_type=meal_type,
            date=day,
            items=rng.choice(items),
            calories=Decimal(kcal),
            protein=Decimal(kcal * rng.randint(12, 30) // 400),
            carbs=Decimal(kcal * rng.randint(35, 55) // 400),
            fat=Decimal(kcal * rng.randint(20, 35) // 900),
            quality=rng.randint(2, 5),
        )
        create_nutrition(demo.uow, demo.user_id, data)
        demo.count("meals")
