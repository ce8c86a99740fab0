"""Property: skipping ahead to `since` gives exactly the dates a walk from the start gives."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from lifeos.domains.finance.services.schedule import recurrence as rec

starts = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))
rules = st.builds(
    rec.Rule,
    start=starts,
    recurrence=st.sampled_from(rec.RECURRENCES),
    every=st.integers(1, 5),
    weekdays=st.lists(st.integers(0, 6), min_size=1, max_size=3, unique=True).map(lambda w: tuple(sorted(w))),
    day_of_month=st.none() | st.integers(1, 31),
    month_week=st.sampled_from([1, 2, 3, 4, 5, -1]),
    until=st.none() | starts,
    count=st.none() | st.integers(1, 40),
    weekend_rule=st.sampled_from(rec.WEEKEND_RULES),
)


@settings(max_examples=400, deadline=None)
@given(rule=rules, offset=st.integers(-400, 4000), length=st.integers(0, 800))
def test_since_and_until_select_from_the_full_walk(rule: rec.Rule, offset: int, length: int) -> None:
    since = rule.start + timedelta(days=offset)
    until = since + timedelta(days=length)
    walked = [o for o in rec.occurrences(rule, until) if o.date >= since]
    assert list(rec.occurrences(rule, until, since=since)) == walked
    # Every occurrence is a rule date of the rule, in order, never before the start.
    assert all(o.rule_date >= rule.start for o in walked)
    assert [o.rule_date for o in walked] == sorted(o.rule_date for o in walked)
    for o in walked:
        assert rec.is_occurrence(rule, o.rule_date)
        if rule.weekend_rule == rec.KEEP:
            assert o.date == o.rule_date
        else:
            assert abs((o.date - o.rule_date).days) <= 2 and o.date.weekday() < 5


@settings(max_examples=200, deadline=None)
@given(rule=rules)
def test_last_occurrence_is_the_last_of_the_walk(rule: rec.Rule) -> None:
    last = rec.last_occurrence(rule)
    if rule.recurrence != rec.ONCE and rule.count is None and rule.until is None:
        assert last is None
        return
    horizon = rule.until if rule.until is not None else date(2999, 12, 1)
    every = [o.rule_date for o in rec.occurrences(rule, max(horizon, rule.start) + timedelta(days=3))]
    assert last == (every[-1] if every else None)
