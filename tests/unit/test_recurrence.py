"""Recurrence rules on fixed dates: each expected list is written out by hand from a calendar."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from lifeos.domains.finance.services.schedule import recurrence as rec
from lifeos.domains.finance.services.schedule.recurrence import Rule


def dates(rule: Rule, until: date, since: date | None = None) -> list[date]:
    return [o.date for o in rec.occurrences(rule, until, since=since)]


def test_the_31st_across_a_leap_year_falls_on_each_months_last_day() -> None:
    rule = Rule(date(2028, 1, 31), rec.MONTHLY_DAY)
    assert dates(rule, date(2028, 12, 31)) == [
        date(2028, 1, 31),
        date(2028, 2, 29),  # leap year
        date(2028, 3, 31),
        date(2028, 4, 30),
        date(2028, 5, 31),
        date(2028, 6, 30),
        date(2028, 7, 31),
        date(2028, 8, 31),
        date(2028, 9, 30),
        date(2028, 10, 31),
        date(2028, 11, 30),
        date(2028, 12, 31),
    ]
    # A common year: February 28; the months after February are back on the 31st / 30th.
    common = Rule(date(2027, 1, 31), rec.MONTHLY_DAY)
    assert dates(common, date(2027, 4, 30)) == [
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
    ]


def test_day_of_month_given_explicitly_and_every_two_months() -> None:
    rule = Rule(date(2027, 1, 5), rec.MONTHLY_DAY, every=2, day_of_month=30)
    assert dates(rule, date(2027, 8, 1)) == [
        date(2027, 1, 30),
        date(2027, 3, 30),
        date(2027, 5, 30),
        date(2027, 7, 30),
    ]


def test_monthly_last_day() -> None:
    rule = Rule(date(2027, 1, 10), rec.MONTHLY_LAST)
    assert dates(rule, date(2027, 4, 30)) == [
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
    ]


def test_second_friday_of_each_month() -> None:
    rule = Rule(date(2027, 1, 1), rec.MONTHLY_WEEKDAY, weekdays=(4,), month_week=2)
    assert dates(rule, date(2027, 6, 30)) == [
        date(2027, 1, 8),
        date(2027, 2, 12),
        date(2027, 3, 12),
        date(2027, 4, 9),
        date(2027, 5, 14),
        date(2027, 6, 11),
    ]
    assert all(d.weekday() == 4 for d in dates(rule, date(2027, 12, 31)))


def test_last_friday_and_a_missing_fifth_weekday() -> None:
    last = Rule(date(2027, 1, 1), rec.MONTHLY_WEEKDAY, weekdays=(4,), month_week=-1)
    assert dates(last, date(2027, 3, 31)) == [date(2027, 1, 29), date(2027, 2, 26), date(2027, 3, 26)]
    fifth = Rule(date(2027, 1, 1), rec.MONTHLY_WEEKDAY, weekdays=(4,), month_week=5)
    # 2027: January has a 5th Friday (29th); February and March do not; April has one (30th).
    assert dates(fifth, date(2027, 4, 30)) == [date(2027, 1, 29), date(2027, 4, 30)]


def test_monthly_weekday_defaults_to_the_start_dates_position() -> None:
    # 2027-01-14 is the 2nd Thursday.
    rule = Rule(date(2027, 1, 14), rec.MONTHLY_WEEKDAY)
    assert dates(rule, date(2027, 3, 31)) == [date(2027, 1, 14), date(2027, 2, 11), date(2027, 3, 11)]


def test_yearly_on_february_29_falls_on_february_28_in_other_years() -> None:
    rule = Rule(date(2028, 2, 29), rec.YEARLY)
    assert dates(rule, date(2033, 1, 1)) == [
        date(2028, 2, 29),
        date(2029, 2, 28),
        date(2030, 2, 28),
        date(2031, 2, 28),
        date(2032, 2, 29),
    ]


def test_every_two_weeks_across_a_dst_change_stays_on_the_weekday() -> None:
    # Europe/Berlin moves its clocks on 2027-03-28 and 2027-10-31; America/New_York on
    # 2027-03-14. Occurrences are calendar dates: 14 days apart, always a Friday.
    rule = Rule(date(2027, 3, 5), rec.WEEKLY, every=2)
    got = dates(rule, date(2027, 11, 30))
    assert got[:4] == [date(2027, 3, 5), date(2027, 3, 19), date(2027, 4, 2), date(2027, 4, 16)]
    assert all(b - a == timedelta(days=14) for a, b in itertools.pairwise(got))
    assert all(d.weekday() == 4 for d in got)
    # The same dates at 09:00 local time are 14 calendar days apart in both zones, although
    # one of the intervals is 14 × 24 h ∓ 1 h of real time.
    for zone in ("Europe/Berlin", "America/New_York"):
        tz = ZoneInfo(zone)
        instants = [datetime.combine(d, time(9), tz).astimezone(UTC) for d in got]
        hours = {round((b - a).total_seconds() / 3600) for a, b in itertools.pairwise(instants)}
        assert hours == {335, 336, 337}  # spring forward, ordinary fortnights, fall back
        assert [i.astimezone(tz).date() for i in instants] == got


def test_weekly_on_chosen_weekdays() -> None:
    # Monday and Thursday, starting on a Wednesday: the first Monday is skipped.
    rule = Rule(date(2027, 1, 6), rec.WEEKLY, weekdays=(0, 3))
    assert dates(rule, date(2027, 1, 18)) == [
        date(2027, 1, 7),
        date(2027, 1, 11),
        date(2027, 1, 14),
        date(2027, 1, 18),
    ]


def test_daily_every_n_days_and_once() -> None:
    assert dates(Rule(date(2027, 1, 30), rec.DAILY, every=10), date(2027, 3, 1)) == [
        date(2027, 1, 30),
        date(2027, 2, 9),
        date(2027, 2, 19),
        date(2027, 3, 1),
    ]
    assert dates(Rule(date(2027, 1, 30)), date(2030, 1, 1)) == [date(2027, 1, 30)]
    assert dates(Rule(date(2027, 1, 30)), date(2027, 1, 29)) == []


def test_count_and_until_are_honoured() -> None:
    counted = Rule(date(2027, 1, 15), rec.MONTHLY_DAY, count=3)
    assert dates(counted, date(2030, 1, 1)) == [date(2027, 1, 15), date(2027, 2, 15), date(2027, 3, 15)]
    assert rec.last_occurrence(counted) == date(2027, 3, 15)
    until = Rule(date(2027, 1, 15), rec.MONTHLY_DAY, until=date(2027, 3, 15))
    assert dates(until, date(2030, 1, 1)) == [date(2027, 1, 15), date(2027, 2, 15), date(2027, 3, 15)]
    until_before = Rule(date(2027, 1, 15), rec.MONTHLY_DAY, until=date(2027, 3, 14))
    assert dates(until_before, date(2030, 1, 1)) == [date(2027, 1, 15), date(2027, 2, 15)]
    assert rec.last_occurrence(Rule(date(2027, 1, 15), rec.MONTHLY_DAY)) is None
    # count with since: occurrences before `since` still use up the count
    assert dates(counted, date(2030, 1, 1), since=date(2027, 2, 1)) == [date(2027, 2, 15), date(2027, 3, 15)]


@pytest.mark.parametrize(
    ("weekend_rule", "expected"),
    [
        # 2027-05-01 is a Saturday, 2027-08-01 a Sunday.
        (rec.KEEP, [date(2027, 5, 1), date(2027, 6, 1), date(2027, 7, 1), date(2027, 8, 1)]),
        (rec.PREVIOUS_FRIDAY, [date(2027, 4, 30), date(2027, 6, 1), date(2027, 7, 1), date(2027, 7, 30)]),
        (rec.NEXT_MONDAY, [date(2027, 5, 3), date(2027, 6, 1), date(2027, 7, 1), date(2027, 8, 2)]),
    ],
)
def test_weekend_rule_moves_the_date_but_keeps_the_occurrence(
    weekend_rule: str, expected: list[date]
) -> None:
    rule = Rule(date(2027, 5, 1), rec.MONTHLY_DAY, count=4, weekend_rule=weekend_rule)
    occs = list(rec.occurrences(rule, date(2027, 12, 31)))
    assert [o.date for o in occs] == expected
    # The count is of rule dates: four payments wherever they land; each keeps its rule date.
    assert [o.rule_date for o in occs] == [
        date(2027, 5, 1),
        date(2027, 6, 1),
        date(2027, 7, 1),
        date(2027, 8, 1),
    ]


def test_previous_friday_can_land_inside_the_window_from_a_rule_date_after_it() -> None:
    rule = Rule(date(2027, 5, 1), rec.ONCE, weekend_rule=rec.PREVIOUS_FRIDAY)
    assert dates(rule, date(2027, 4, 30)) == [date(2027, 4, 30)]


def test_next_monday_can_stack_several_rule_dates_on_one_day() -> None:
    rule = Rule(date(2027, 1, 1), rec.DAILY, weekend_rule=rec.NEXT_MONDAY)  # Friday
    assert dates(rule, date(2027, 1, 4)) == [
        date(2027, 1, 1),
        date(2027, 1, 4),
        date(2027, 1, 4),
        date(2027, 1, 4),
    ]


def test_is_occurrence() -> None:
    rule = Rule(date(2027, 1, 31), rec.MONTHLY_DAY)
    assert rec.is_occurrence(rule, date(2027, 2, 28))
    assert not rec.is_occurrence(rule, date(2027, 2, 27))
    assert not rec.is_occurrence(rule, date(2026, 12, 31))


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (Rule(date(2027, 1, 31), rec.MONTHLY_LAST), "every month on the last day, from 2027-01-31"),
        (
            Rule(date(2027, 1, 31), rec.MONTHLY_DAY),
            "every month on day 31 (or the month's last day), from 2027-01-31",
        ),
        (
            Rule(date(2027, 1, 1), rec.MONTHLY_WEEKDAY, weekdays=(4,), month_week=2, count=6),
            "every month on the 2nd Friday, from 2027-01-01, 6 times",
        ),
        (
            Rule(date(2027, 1, 1), rec.WEEKLY, every=2, weekdays=(0, 3), until=date(2027, 6, 30)),
            "every 2 weeks on Monday, Thursday, from 2027-01-01 until 2027-06-30",
        ),
        (Rule(date(2027, 1, 1)), "once on 2027-01-01"),
        (
            Rule(date(2027, 5, 1), rec.MONTHLY_DAY, weekend_rule=rec.NEXT_MONDAY),
            "every month on day 1, from 2027-05-01; weekends move to the Monday after",
        ),
    ],
)
def test_describe(rule: Rule, text: str) -> None:
    assert rec.describe(rule) == text
