"""The relationships calendar rules, without a database."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from lifeos.domains.relationships.services import rules


@pytest.mark.parametrize(
    ("month", "day", "year", "problem"),
    [
        (2, 29, None, None),
        (2, 29, 2000, None),
        (2, 29, 1900, "1900 is not a leap year"),
        (2, 30, None, "month 2 has no day 30"),
        (4, 31, 1990, "month 4 has no day 31"),
        (12, 31, 2026, "must not be after today"),
        (3, 11, 2026, None),
    ],
)
def test_birthday_problem(month: int, day: int, year: int | None, problem: str | None) -> None:
    assert rules.birthday_problem(month, day, year, date(2026, 3, 11)) == problem


def test_leap_day_is_celebrated_on_28_february_in_other_years() -> None:
    assert rules.celebrated_on(2, 29, 2027) == date(2027, 2, 28)
    assert rules.celebrated_on(2, 29, 2028) == date(2028, 2, 29)
    assert rules.celebrated_on(2, 29, 2100) == date(2100, 2, 28)
    assert rules.next_celebration(2, 29, date(2027, 3, 1)) == date(2028, 2, 29)
    assert rules.next_celebration(2, 29, date(2027, 2, 28)) == date(2027, 2, 28)
    assert rules.next_celebration(1, 2, date(2026, 12, 31)) == date(2027, 1, 2)


def test_age() -> None:
    assert rules.age_on(2, 29, 2000, date(2027, 2, 27)) == 26
    assert rules.age_on(2, 29, 2000, date(2027, 2, 28)) == 27
    assert rules.age_on(2, 29, 2000, date(2028, 2, 28)) == 27
    assert rules.age_on(2, 29, 2000, date(2028, 2, 29)) == 28
    assert rules.age_on(6, 1, 2026, date(2026, 3, 1)) == 0


def test_ratio_text_rounds_half_up() -> None:
    assert [rules.ratio_text(Fraction(n, d)) for n, d in [(2, 3), (3, 14), (1, 8), (60, 30), (0, 7)]] == [
        "0.67",
        "0.21",
        "0.13",
        "2.00",
        "0.00",
    ]
