"""The health rules that need no database: the 7-day weight trend, means, dates, ranges."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from lifeos.domains.health.schemas import BiometricIn, NutritionIn, WorkoutPatch
from lifeos.domains.health.services.biometrics import BiometricInput, mean, moving_average
from lifeos.domains.health.services.common import shift
from lifeos.domains.health.services.summaries import week_start

D = Decimal


def test_trend_skips_days_without_a_weigh_in() -> None:
    # Monday to Sunday with Wednesday and Friday missing.
    weights = {
        date(2026, 3, 2): D("80.00"),
        date(2026, 3, 3): D("80.40"),
        date(2026, 3, 5): D("79.80"),
        date(2026, 3, 7): D("79.60"),
        date(2026, 3, 8): D("79.40"),
    }
    assert moving_average(weights, date(2026, 3, 8)) == D("79.84")  # 399.20 / 5, not / 7
    assert moving_average(weights, date(2026, 3, 4)) == D("80.20")  # a missing day keeps the trend
    assert moving_average(weights, date(2026, 3, 6)) == D("80.07")  # 240.20 / 3 = 80.0666…, half up


def test_trend_window_is_exactly_seven_days() -> None:
    weights = {date(2026, 3, 1): D("90.00"), date(2026, 3, 7): D("80.00")}
    assert moving_average(weights, date(2026, 3, 7)) == D("85.00")  # 1 March is 6 days back: in
    assert moving_average(weights, date(2026, 3, 8)) == D("80.00")  # 7 days back: out
    assert moving_average(weights, date(2026, 2, 28)) is None  # before any weigh-in
    assert moving_average(weights, date(2026, 3, 13)) == D("80.00")
    assert moving_average(weights, date(2026, 3, 14)) is None


def test_mean_rounds_half_up_to_two_places() -> None:
    assert mean([D("0.005")]) == D("0.01")
    assert mean([1, 2]) == D("1.50")
    assert mean([]) is None


def test_dates_never_overflow() -> None:
    assert shift(date(1, 1, 3), -6) == date.min
    assert shift(date(9999, 12, 30), 6) == date.max
    assert moving_average({date.min: D("70")}, date(1, 1, 2)) == D("70.00")
    assert week_start(date(2026, 3, 8)) == date(2026, 3, 2)  # Sunday → its Monday
    assert week_start(date(2026, 3, 2)) == date(2026, 3, 2)


def test_empty_record_means_no_measurement_and_no_note() -> None:
    assert BiometricInput().is_empty() and BiometricInput(notes="").is_empty()
    assert not BiometricInput(stress=1).is_empty() and not BiometricInput(notes="slept badly").is_empty()


@pytest.mark.parametrize(
    ("schema", "body", "field"),
    [
        (BiometricIn, {"energy": 0}, "energy"),
        (BiometricIn, {"stress": 6}, "stress"),
        (BiometricIn, {"weight": D("80.001")}, "weight"),
        (BiometricIn, {"weight": 80.5}, "weight"),  # a float never carries a measurement
        (BiometricIn, {"sleep_hours": D("Infinity")}, "sleep_hours"),
        (NutritionIn, {"meal_type": "lunch", "quality": 0}, "quality"),
        (WorkoutPatch, {"duration_minutes": None}, "duration_minutes"),
    ],
)
def test_ranges_are_field_errors(schema, body, field) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        schema.model_validate(body)
    assert [e["loc"][0] for e in info.value.errors()] == [field]


def test_measurements_are_exact_decimals() -> None:
    parsed = BiometricIn.model_validate({"weight": D("80.15"), "sleep_hours": "7.5", "body_fat_pct": 20})
    assert (parsed.weight, parsed.sleep_hours, parsed.body_fat_pct) == (D("80.15"), D("7.50"), D("20.00"))
    assert all(isinstance(v, Decimal) for v in (parsed.weight, parsed.sleep_hours, parsed.body_fat_pct))
