"""Skills rules without a database: the practice-streak run and local-day arithmetic."""

from __future__ import annotations

from datetime import date, datetime

from lifeos.domains.skills.services.common import day_start, local_day
from lifeos.domains.skills.services.metrics import run_ending_at


def test_run_counts_consecutive_days_from_the_latest() -> None:
    days = [date(2026, 3, 11), date(2026, 3, 11), date(2026, 3, 10), date(2026, 3, 9), date(2026, 3, 7)]
    assert run_ending_at(days) == 3
    assert run_ending_at([]) == 0
    assert run_ending_at([date(2026, 3, 1), date(2026, 2, 28), date(2026, 2, 27)]) == 3  # across a month


def test_local_days_in_zones_far_from_utc() -> None:
    assert local_day(datetime(2026, 3, 10, 10, 30), "Pacific/Kiritimati") == date(2026, 3, 11)
    assert local_day(datetime(2026, 3, 10, 8, 0), "America/Adak") == date(2026, 3, 9)
    assert day_start(date(2026, 3, 11), "Pacific/Kiritimati") == datetime(2026, 3, 10, 10, 0)
    assert day_start(date(2026, 3, 11), None) == datetime(2026, 3, 11)
