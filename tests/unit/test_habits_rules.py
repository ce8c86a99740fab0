"""The habit rules on fixed dates: streaks, completion rates, strength (Loop Habit Tracker's score).

"Today" is a fixed Wednesday, 2026-03-11; day offsets count back from it (0 = today,
1 = yesterday…). Expected strengths are the issue's numbers: with m = 0.5^(1/13) a daily habit
done n days in a row from nothing scores 100 × (1 − m^n).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

import pytest

from lifeos.domains.habits.services.rules import (
    AT_MOST,
    DAYS,
    TIMES_PER_WEEK,
    WEEKDAYS,
    WEEKS,
    Goal,
    Marks,
    Rate,
    Schedule,
    build_marks,
    completion_rate,
    is_due,
    marks_timeline,
    multiplier,
    streaks,
    strength,
    summarize,
    unbroken,
    with_done_today,
)

TODAY = date(2026, 3, 11)  # a Wednesday
DAILY = Schedule()
YES_NO = Goal()


def ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def marks(
    done: Iterable[int] = (),
    skipped: Iterable[int] = (),
    values: dict[int, str] | None = None,
    goal: Goal = YES_NO,
) -> Marks:
    records = [(ago(n), None, False) for n in done]
    records += [(ago(n), None, True) for n in skipped]
    records += [(ago(n), Decimal(v), False) for n, v in (values or {}).items()]
    return build_marks(records, goal)


# ----------------------------------------------------------------------------- streaks


def test_days_1_3_5_give_a_current_streak_of_1_not_3() -> None:
    # Days 1, 3 and 5 of a five-day stretch ending today.
    result = streaks(marks(done=[4, 2, 0]), DAILY, TODAY)
    assert (result.current, result.longest, result.unit) == (1, 1, DAYS)


def test_five_consecutive_days_give_5_and_5() -> None:
    result = streaks(marks(done=range(5)), DAILY, TODAY)
    assert (result.current, result.longest) == (5, 5)


def test_a_run_ending_yesterday_is_current_while_today_is_open() -> None:
    result = streaks(marks(done=range(1, 6)), DAILY, TODAY)
    assert (result.current, result.longest) == (5, 5)


def test_a_skip_inside_a_run_keeps_it_without_extending_it() -> None:
    result = streaks(marks(done=[0, 1, 3, 4], skipped=[2]), DAILY, TODAY)
    assert (result.current, result.longest) == (4, 4)
    # The same run with a miss instead of the skip is broken in two.
    broken = streaks(marks(done=[0, 1, 3, 4]), DAILY, TODAY)
    assert (broken.current, broken.longest) == (2, 2)


def test_skipped_days_bridge_to_yesterday() -> None:
    # Done 3..5 days ago, skipped the two days after; today open: the run is still current.
    result = streaks(marks(done=[3, 4, 5], skipped=[1, 2]), DAILY, TODAY)
    assert (result.current, result.longest) == (3, 3)


def test_current_is_0_when_neither_today_nor_yesterday_is_done() -> None:
    result = streaks(marks(done=[2, 3, 4, 5, 6, 7, 8]), DAILY, TODAY)
    assert (result.current, result.longest) == (0, 7)


def test_a_not_done_log_breaks_a_run_like_a_miss() -> None:
    goal = Goal(numeric=True, target=Decimal(10))
    result = streaks(marks(values={0: "10", 1: "9.99", 2: "12"}, goal=goal), DAILY, TODAY)
    assert (result.current, result.longest) == (1, 1)


def test_longest_streak_survives_a_later_break() -> None:
    result = streaks(marks(done=[*range(20, 28), 10, 11, 0]), DAILY, TODAY)
    assert (result.current, result.longest) == (1, 8)


def test_three_per_week_done_three_times_in_each_of_two_weeks_is_a_two_week_streak() -> None:
    weekly = Schedule(TIMES_PER_WEEK, per_week=3)
    # Last week (Mon 2 – Sun 8 March): Mon, Wed, Fri; the week before: Tue, Thu, Sun.
    days = [date(2026, 3, 2), date(2026, 3, 4), date(2026, 3, 6)]
    days += [date(2026, 2, 24), date(2026, 2, 26), date(2026, 3, 1)]
    result = streaks(build_marks([(d, None, False) for d in days], YES_NO), weekly, TODAY)
    assert (result.current, result.longest, result.unit) == (2, 2, WEEKS)
    # Two done days in the week before those breaks nothing earlier but is not a counted week.
    more = [*days, date(2026, 2, 17), date(2026, 2, 18)]
    assert streaks(build_marks([(d, None, False) for d in more], YES_NO), weekly, TODAY).current == 2
    # Reaching 3 this week (Mon–Wed) makes it 3 weeks; this week still open does not break it.
    this_week = [*days, date(2026, 3, 9), date(2026, 3, 10), date(2026, 3, 11)]
    assert streaks(build_marks([(d, None, False) for d in this_week], YES_NO), weekly, TODAY).current == 3


def test_a_week_short_of_n_breaks_a_weekly_run_unless_skips_cover_it() -> None:
    weekly = Schedule(TIMES_PER_WEEK, per_week=3)
    two_weeks_ago = [date(2026, 2, 23), date(2026, 2, 24), date(2026, 2, 25)]
    last_week = [(date(2026, 3, 2), None, False), (date(2026, 3, 3), None, False)]
    records = [(d, None, False) for d in two_weeks_ago] + last_week
    assert streaks(build_marks(records, YES_NO), weekly, TODAY).current == 0
    excused = [*records, (date(2026, 3, 4), None, True)]
    result = streaks(build_marks(excused, YES_NO), weekly, TODAY)
    assert (result.current, result.longest) == (1, 1)


def test_weekday_habits_count_only_their_scheduled_days() -> None:
    mon_wed_fri = Schedule(WEEKDAYS, weekdays=frozenset({1, 3, 5}))
    # Mon 2, Wed 4, Fri 6, Mon 9 March: today (Wed 11) still open. Tue 10 was logged but
    # is not a scheduled day: it neither counts nor matters.
    days = [date(2026, 3, 2), date(2026, 3, 4), date(2026, 3, 6), date(2026, 3, 9), date(2026, 3, 10)]
    result = streaks(build_marks([(d, None, False) for d in days], YES_NO), mon_wed_fri, TODAY)
    assert (result.current, result.longest, result.unit) == (4, 4, DAYS)
    # Missing Friday 6 breaks it.
    gap = [d for d in days if d != date(2026, 3, 6)]
    assert streaks(build_marks([(d, None, False) for d in gap], YES_NO), mon_wed_fri, TODAY).current == 1


def test_ticking_today_shows_what_it_does_to_the_streak() -> None:
    run = marks(done=range(1, 5))
    assert streaks(with_done_today(run, TODAY), DAILY, TODAY).current == 5
    assert streaks(with_done_today(marks(done=[2, 3]), TODAY), DAILY, TODAY).current == 1


# ----------------------------------------------------------------------------- strength


def test_thirty_done_days_score_79_8() -> None:
    assert strength(marks(done=range(30)), DAILY, TODAY) == 79.8
    assert round(strength(marks(done=range(30)), DAILY, TODAY)) == 80
    # Done through yesterday, today still open: the same.
    assert strength(marks(done=range(1, 31)), DAILY, TODAY) == 79.8


def test_sixty_done_days_score_95_9_and_one_miss_gives_90_9() -> None:
    assert strength(marks(done=range(60)), DAILY, TODAY) == 95.9
    assert strength(marks(done=range(2, 62)), DAILY, TODAY) == 90.9  # yesterday missed


def test_thirteen_missed_days_halve_the_score() -> None:
    assert multiplier(DAILY) ** 13 == pytest.approx(0.5)
    assert strength(marks(done=range(14, 74)), DAILY, TODAY) == 48.0  # 95.9… / 2 = 47.96


def test_a_skipped_day_changes_nothing() -> None:
    assert strength(marks(done=range(2, 32), skipped=[1]), DAILY, TODAY) == 79.8
    assert strength(marks(done=range(1, 31), skipped=[0]), DAILY, TODAY) == 79.8
    # The same day missed instead: 79.8 × m.
    assert strength(marks(done=range(2, 32)), DAILY, TODAY) == 75.7


def test_numeric_at_least_scores_the_share_of_the_target() -> None:
    at_least = Goal(numeric=True, target=Decimal(10))
    half = marks(values=dict.fromkeys(range(30), "5"), goal=at_least)
    assert strength(half, DAILY, TODAY) == 39.9  # 0.5 × 79.8…
    over = marks(values=dict.fromkeys(range(30), "25"), goal=at_least)
    assert strength(over, DAILY, TODAY) == 79.8  # capped at 1
    assert at_least.completion(Decimal("7.5")) == 0.75 and not at_least.done(Decimal("9.99"))


def test_numeric_at_most_loses_by_the_share_over_the_target() -> None:
    at_most = Goal(numeric=True, target=Decimal(10), direction=AT_MOST)
    assert [at_most.completion(Decimal(v)) for v in ("0", "8", "10", "15", "20", "25")] == [
        1.0,
        1.0,
        1.0,
        0.5,
        0.0,
        0.0,
    ]
    assert at_most.done(Decimal(10)) and not at_most.done(Decimal("10.01"))
    over = marks(values=dict.fromkeys(range(30), "15"), goal=at_most)
    assert strength(over, DAILY, TODAY) == 39.9
    assert streaks(over, DAILY, TODAY).current == 0
    under = marks(values=dict.fromkeys(range(30), "3"), goal=at_most)
    assert strength(under, DAILY, TODAY) == 79.8 and streaks(under, DAILY, TODAY).current == 30


def test_three_per_week_strength_uses_loops_rolling_week() -> None:
    weekly = Schedule(TIMES_PER_WEEK, per_week=3)
    m = 0.5 ** (math.sqrt(3 / 7) / 13)
    assert multiplier(weekly) == pytest.approx(m)
    # Done Mon 9, Tue 10, Wed 11 (today): completions 1/3, 2/3, 1 of the week's 3.
    days = [(date(2026, 3, 9) + timedelta(days=i), None, False) for i in range(3)]
    assert strength(build_marks(days, YES_NO), weekly, TODAY) == 6.7
    # Thu–Sat keep a full window (1 each); Sunday 15 is today and still open.
    assert strength(build_marks(days, YES_NO), weekly, date(2026, 3, 15)) == 16.0
    # Three a week for a year converges to 100, not to 3/7.
    year = [
        (date(2025, 3, 3) + timedelta(weeks=w, days=d), None, False) for w in range(53) for d in (0, 2, 4)
    ]
    assert strength(build_marks(year, YES_NO), weekly, date(2026, 3, 6)) == 100.0


# ----------------------------------------------------------------------------- completion rates


def test_completion_rate_leaves_skips_and_an_open_today_out() -> None:
    done = marks(done=[1, 2, 3, 4, 5], skipped=[6])
    start = ago(100)
    assert completion_rate(done, DAILY, TODAY, start, 7) == Rate(7, 5, 5.0, 100.0)
    assert completion_rate(done, DAILY, TODAY, start, 30) == Rate(30, 5, 28.0, 17.9)
    assert completion_rate(done, DAILY, TODAY, ago(9), 30) == Rate(30, 5, 8.0, 62.5)  # since the start
    assert completion_rate(marks(done=[0]), DAILY, TODAY, TODAY, 7) == Rate(7, 1, 1.0, 100.0)
    assert completion_rate(marks(), DAILY, TODAY, TODAY, 7) == Rate(7, 0, 0.0, None)


def test_completion_rate_of_n_per_week_and_weekday_habits() -> None:
    weekly = Schedule(TIMES_PER_WEEK, per_week=3)
    # 7 days ending today: today open, so 6 eligible days expect 6 × 3/7 = 2.57 done.
    rate = completion_rate(marks(done=[1, 3]), weekly, TODAY, ago(100), 7)
    assert rate == Rate(7, 2, 2.6, 77.8)
    mon_wed_fri = Schedule(WEEKDAYS, weekdays=frozenset({1, 3, 5}))
    # Thu 5 … Wed 11: Fri 6 and Mon 9 scheduled (today open); Tue 10 does not count.
    rate = completion_rate(marks(done=[2, 1]), mon_wed_fri, TODAY, ago(100), 7)
    assert rate == Rate(7, 1, 2.0, 50.0)


# ----------------------------------------------------------------------------- due today, summary


def due(days: Marks, schedule: Schedule) -> bool:
    return is_due(marks_timeline(days, schedule, TODAY), schedule)


def test_due_today_by_schedule() -> None:
    weekly = Schedule(TIMES_PER_WEEK, per_week=2)
    assert due(marks(), DAILY)
    assert due(marks(done=[1]), weekly)  # one of two this week
    assert not due(marks(done=[1, 2]), weekly)  # the week's two already done (Mon, Tue)
    assert due(marks(done=[2, 3]), weekly)  # Sun, Mon: only Mon is this week
    assert due(marks(done=[0, 1, 2]), weekly)  # done today: still shown
    assert due(marks(), Schedule(WEEKDAYS, weekdays=frozenset({3})))
    assert not due(marks(), Schedule(WEEKDAYS, weekdays=frozenset({1, 2})))


def test_ticking_a_timeline_changes_only_today() -> None:
    line = marks_timeline(marks(done=[1, 2], skipped=[3]), DAILY, TODAY, min_days=7)
    assert line.state == [0, 0, 0, 2, 1, 1, 0]
    ticked = line.ticked()
    assert ticked.state == [0, 0, 0, 2, 1, 1, 1] and ticked.completion[-1] == 1.0
    assert line.state[-1] == 0  # the original is unchanged


def test_unbroken_says_when_a_run_may_reach_past_the_timeline() -> None:
    weekly = Schedule(TIMES_PER_WEEK, per_week=1)
    assert unbroken(marks_timeline(marks(done=range(1, 7), skipped=[0]), DAILY, TODAY, min_days=7), DAILY)
    assert unbroken(marks_timeline(marks(done=range(1, 7)), DAILY, TODAY, min_days=7), DAILY)  # today open
    assert not unbroken(marks_timeline(marks(done=range(1, 6)), DAILY, TODAY, min_days=7), DAILY)
    # Weeks from Monday 23 February: one done day each, this week still open.
    weeks = marks(done=[16, 9, 2])
    assert unbroken(marks_timeline(weeks, weekly, TODAY, min_days=17), weekly)
    assert not unbroken(marks_timeline(marks(done=[16, 2]), weekly, TODAY, min_days=17), weekly)


def test_summary_ignores_days_after_today() -> None:
    line = marks_timeline(marks(done=[0, 1, 2, -1], skipped=[3]), DAILY, TODAY)
    summary = summarize(line, DAILY, ago(10))
    assert (summary.streaks.current, summary.total_done, summary.total_skipped) == (3, 3, 1)
    assert (summary.first_date, summary.last_done_date) == (ago(3), TODAY)
