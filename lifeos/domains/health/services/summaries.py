"""Daily and weekly health summaries, and the 7-day weight trend in them.

Totals come from SQL aggregates grouped by date (calories through the legacy-aware
`calories_value` expression); averages are means over the days that have the value — a day
without a weigh-in, a sleep record or a meal is left out, never counted as zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lifeos.domains.health.errors import InvalidPeriod
from lifeos.domains.health.models import Biometric, NutritionLog, Workout
from lifeos.domains.health.services.biometrics import between, mean, moving_average, weights_between
from lifeos.domains.health.services.common import shift

WEEK_DAYS = 7
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class WorkoutTotals:
    count: int = 0
    minutes: int = 0
    calories: Decimal = ZERO


@dataclass(frozen=True)
class NutritionTotals:
    meals: int = 0
    calories: Decimal = ZERO
    protein: Decimal = ZERO
    quality_sum: int = 0
    quality_count: int = 0

    @property
    def quality_avg(self) -> Decimal | None:
        if not self.quality_count:
            return None
        return mean([Decimal(self.quality_sum) / self.quality_count])


@dataclass(frozen=True)
class DailySummary:
    date: date
    biometric: Biometric | None
    weight_trend: Decimal | None
    workouts: WorkoutTotals
    nutrition: NutritionTotals


@dataclass(frozen=True)
class Day:
    date: date
    weight: Decimal | None
    weight_trend: Decimal | None
    sleep_hours: Decimal | None
    energy: int | None
    stress: int | None
    workouts: int
    workout_minutes: int
    calories_burned: Decimal
    calories_eaten: Decimal
    protein: Decimal


@dataclass(frozen=True)
class WeekBiometrics:
    days_logged: int
    weigh_ins: int
    weight_avg: Decimal | None
    weight_trend: Decimal | None
    body_fat_pct_avg: Decimal | None
    resting_hr_avg: Decimal | None
    sleep_hours_avg: Decimal | None
    energy_avg: Decimal | None
    stress_avg: Decimal | None


@dataclass(frozen=True)
class WeekWorkouts(WorkoutTotals):
    active_days: int = 0


@dataclass(frozen=True)
class WeekNutrition(NutritionTotals):
    days_logged: int = 0

    @property
    def calories_daily_avg(self) -> Decimal | None:
        return mean([self.calories / self.days_logged]) if self.days_logged else None


@dataclass(frozen=True)
class WeeklySummary:
    start: date
    end: date
    days: list[Day]
    biometrics: WeekBiometrics
    workouts: WeekWorkouts
    nutrition: WeekNutrition


def _money(value: Decimal | int | None) -> Decimal:
    return Decimal(value or 0).quantize(ZERO)


def workout_totals_by_day(
    session: Session, user_id: int, first: date, last: date
) -> dict[date, WorkoutTotals]:
    rows = session.execute(
        select(
            Workout.date,
            func.count(Workout.id),
            func.sum(Workout.duration_minutes),
            func.sum(Workout.calories_value),
        )
        .where(Workout.user_id == user_id, Workout.date.between(first, last))
        .group_by(Workout.date)
    ).tuples()
    return {
        on: WorkoutTotals(count=int(count), minutes=int(minutes or 0), calories=_money(calories))
        for on, count, minutes, calories in rows
    }


def nutrition_totals_by_day(
    session: Session, user_id: int, first: date, last: date
) -> dict[date, NutritionTotals]:
    rows = session.execute(
        select(
            NutritionLog.date,
            func.count(NutritionLog.id),
            func.sum(NutritionLog.calories_value),
            func.sum(NutritionLog.protein),
            func.sum(NutritionLog.quality_score),
            func.count(NutritionLog.quality_score),
        )
        .where(NutritionLog.user_id == user_id, NutritionLog.date.between(first, last))
        .group_by(NutritionLog.date)
    ).tuples()
    return {
        on: NutritionTotals(
            meals=int(meals),
            calories=_money(calories),
            protein=_money(protein),
            quality_sum=int(quality_sum or 0),
            quality_count=int(quality_count),
        )
        for on, meals, calories, protein, quality_sum, quality_count in rows
    }


def daily_summary(session: Session, user_id: int, day: date) -> DailySummary:
    """The day's biometric record, its weight trend, and the day's workout and meal totals."""
    weights = weights_between(session, user_id, shift(day, -(WEEK_DAYS - 1)), day)
    return DailySummary(
        date=day,
        biometric=between(session, user_id, day, day).get(day),
        weight_trend=moving_average(weights, day),
        workouts=workout_totals_by_day(session, user_id, day, day).get(day, WorkoutTotals()),
        nutrition=nutrition_totals_by_day(session, user_id, day, day).get(day, NutritionTotals()),
    )


def week_start(today: date) -> date:
    """The Monday of `today`'s week (the default `start` of a weekly summary)."""
    return today - timedelta(days=today.weekday())


def weekly_summary(session: Session, user_id: int, start: date) -> WeeklySummary:
    """Seven days from `start`: each day, and the week's totals and means."""
    end = shift(start, WEEK_DAYS - 1)
    if (end - start).days != WEEK_DAYS - 1:
        raise InvalidPeriod(
            "A week must end by 9999-12-31.",
            errors=[{"field": "start", "message": "must be 9999-12-25 or earlier"}],
        )
    records = between(session, user_id, start, end)
    weights = weights_between(session, user_id, shift(start, -(WEEK_DAYS - 1)), end)
    workouts = workout_totals_by_day(session, user_id, start, end)
    meals = nutrition_totals_by_day(session, user_id, start, end)

    days: list[Day] = []
    for offset in range(WEEK_DAYS):
        on = start + timedelta(days=offset)
        record = records.get(on)
        trained = workouts.get(on, WorkoutTotals())
        ate = meals.get(on, NutritionTotals())
        days.append(
            Day(
                date=on,
                weight=record.weight if record else None,
                weight_trend=moving_average(weights, on),
                sleep_hours=record.sleep_hours if record else None,
                energy=record.energy_level if record else None,
                stress=record.stress_level if record else None,
                workouts=trained.count,
                workout_minutes=trained.minutes,
                calories_burned=trained.calories,
                calories_eaten=ate.calories,
                protein=ate.protein,
            )
        )

    week = list(records.values())
    biometrics = WeekBiometrics(
        days_logged=len(week),
        weigh_ins=sum(1 for r in week if r.weight is not None),
        weight_avg=mean([r.weight for r in week if r.weight is not None]),
        weight_trend=moving_average(weights, end),
        body_fat_pct_avg=mean([r.body_fat_pct for r in week if r.body_fat_pct is not None]),
        resting_hr_avg=mean([r.resting_hr for r in week if r.resting_hr is not None]),
        sleep_hours_avg=mean([r.sleep_hours for r in week if r.sleep_hours is not None]),
        energy_avg=mean([r.energy_level for r in week if r.energy_level is not None]),
        stress_avg=mean([r.stress_level for r in week if r.stress_level is not None]),
    )
    return WeeklySummary(
        start=start,
        end=end,
        days=days,
        biometrics=biometrics,
        workouts=WeekWorkouts(
            count=sum(t.count for t in workouts.values()),
            minutes=sum(t.minutes for t in workouts.values()),
            calories=_money(sum((t.calories for t in workouts.values()), start=ZERO)),
            active_days=len(workouts),
        ),
        nutrition=WeekNutrition(
            meals=sum(t.meals for t in meals.values()),
            calories=_money(sum((t.calories for t in meals.values()), start=ZERO)),
            protein=_money(sum((t.protein for t in meals.values()), start=ZERO)),
            quality_sum=sum(t.quality_sum for t in meals.values()),
            quality_count=sum(t.quality_count for t in meals.values()),
            days_logged=len(meals),
        ),
    )
