"""The habit rules as pure functions: what a day's log means, streaks, completion rates, strength.

No database, no clock: callers pass the day records (day, value, is_skip), the schedule, the
goal and "today" (the date in the user's own time zone). The records are laid on a `Timeline`
(one slot per day up to today) that every rule walks. Every rule treats a day the same way:

* a **done** day is a log that meets the goal (yes/no: any log whose value is not 0; numeric:
  value ≥ target for "at least", value ≤ target for "at most");
* a **skipped** day neither breaks nor extends anything: streaks walk through it, completion
  rates leave it out of the denominator, strength keeps its score;
* **today is still open**: until today is done (or logged), it is neither a miss nor counted —
  the current streak may end yesterday, today is not in the rates' denominator, and strength
  is computed through yesterday;
* schedules: `daily` (every day counts), `times_per_week` (N done days in a Monday–Sunday week
  make the week count; its streaks are counted in weeks; a week short of N whose skipped days
  cover the shortfall neither breaks nor extends the run; this week stays open until it
  reaches N) and `weekdays` (only the chosen ISO weekdays count; logs on other days are
  ignored).

Strength is Loop Habit Tracker's score: with frequency f (1 daily, N/7 for N a week, k/7 for k
chosen weekdays) and m = 0.5^(√f / 13), each day score = previous × m + completion × (1 − m).
For a daily habit completion is the day's completion (1 done, numeric: min(1, value/target) for
"at least", clamp(1 − (value − target)/target, 0, 1) for "at most", 0 missed). For the other
schedules it is, as in Loop, min(1, sum of the completions of the last 7 days / N) — so a habit
done 3 times each week converges to 100, not to 3/7. A skipped day leaves the score unchanged.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import accumulate
from typing import NamedTuple

DAILY, TIMES_PER_WEEK, WEEKDAYS = "daily", "times_per_week", "weekdays"
AT_LEAST, AT_MOST = "at_least", "at_most"
DAYS, WEEKS = "days", "weeks"
RATE_WINDOWS = (7, 30, 90)
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Schedule:
    """When a habit is due: every day, N days a week, or the chosen ISO weekdays (1 = Monday)."""

    kind: str = DAILY
    per_week: int = 1
    weekdays: frozenset[int] = field(default_factory=frozenset)

    @property
    def per_period(self) -> int:
        """Done days wanted per 7 days (1 for daily: its window is one day)."""
        if self.kind == TIMES_PER_WEEK:
            return max(1, min(7, self.per_week))
        if self.kind == WEEKDAYS:
            return max(1, len(self.weekdays))
        return 1

    @property
    def window(self) -> int:
        """Days over which completions are summed for strength: 1 for daily, else 7."""
        return 1 if self.kind == DAILY else 7

    @property
    def frequency(self) -> float:
        """Loop's frequency f: 1 for daily, N/7 otherwise."""
        return 1.0 if self.kind == DAILY else self.per_period / 7

    @property
    def unit(self) -> str:
        return WEEKS if self.kind == TIMES_PER_WEEK else DAYS

    def counts(self, day: date) -> bool:
        """Whether a log on this day counts at all (only chosen weekdays for a weekday habit)."""
        return self.kind != WEEKDAYS or day.isoweekday() in self.weekdays


@dataclass(frozen=True)
class Goal:
    """What a log must reach: yes/no, or a numeric target at least / at most."""

    numeric: bool = False
    target: Decimal | None = None
    direction: str = AT_LEAST

    def completion(self, value: Decimal | None) -> float:
        """0…1: how far a logged value goes towards the goal."""
        if not self.numeric:
            return 0.0 if value is not None and value == 0 else 1.0
        if value is None or self.target is None or self.target <= 0:
            return 0.0
        ratio = float(value / self.target)
        if self.direction == AT_MOST:
            return min(1.0, max(0.0, 1.0 - (ratio - 1.0)))
        return min(1.0, ratio)

    def done(self, value: Decimal | None) -> bool:
        """Whether a logged value meets the goal."""
        if not self.numeric:
            return not (value is not None and value == 0)
        if value is None or self.target is None:
            return False
        return value <= self.target if self.direction == AT_MOST else value >= self.target


Record = tuple[date, Decimal | None, bool]  # (day, value, is_skip): one row of the log table


class Mark(NamedTuple):
    """One day's record: a log (done or not, with its completion) or a skip."""

    day: date
    done: bool
    completion: float
    skipped: bool = False


Marks = dict[date, Mark]


def build_marks(records: Iterable[Record], goal: Goal) -> Marks:
    """Day → Mark from (day, value, is_skip) rows."""
    return {
        day: Mark(day, state == DONE, completion, state == SKIPPED)
        for day, state, completion in _read(records, goal)
    }


def with_done_today(marks: Marks, today: date) -> Marks:
    """The marks as they would be after ticking today (a fully completed log)."""
    return {**marks, today: Mark(today, True, 1.0)}


def week_start(day: date) -> date:
    """The Monday of the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())


# ----------------------------------------------------------------------------- the timeline

# A day's state on the timeline.
NOTHING, DONE, SKIPPED, NOT_DONE = 0, 1, 2, 3
Entry = tuple[date, int, float]  # (day, state, completion)


def _read(records: Iterable[Record], goal: Goal) -> list[Entry]:
    entries: list[Entry] = []
    add, numeric = entries.append, goal.numeric
    for day, value, is_skip in records:
        if is_skip:
            add((day, SKIPPED, 0.0))
        elif value is None and not numeric:
            add((day, DONE, 1.0))
        else:
            add((day, DONE if goal.done(value) else NOT_DONE, goal.completion(value)))
    return entries


@dataclass(frozen=True)
class Timeline:
    """The days from `origin` through today as flat lists (index 0 = origin, last = today).

    `origin` is on or before the first record, so the days before it hold nothing and change
    no result (a score of 0 stays 0, a run cannot start there). `counts[i]` says whether the
    schedule counts day i; `completion[i]` is 0 for days it does not count and for skips.
    """

    origin: date
    state: list[int]
    completion: list[float]
    counts: list[bool]

    @property
    def last(self) -> int:
        return len(self.state) - 1

    def index(self, day: date) -> int:
        return (day - self.origin).days

    def ticked(self) -> Timeline:
        """The timeline as it would be after ticking today (a fully completed log)."""
        done = [*self.state[:-1], DONE]
        return Timeline(
            self.origin, done, [*self.completion[:-1], 1.0 if self.counts[-1] else 0.0], self.counts
        )


def _lay(entries: list[Entry], schedule: Schedule, today: date, min_days: int) -> Timeline:
    origin = today - timedelta(days=max(1, min_days) - 1)
    if entries:
        origin = min(origin, min(e[0] for e in entries))
    size = (today - origin).days + 1
    counts = _counts(schedule, origin, size)
    state, completion = [NOTHING] * size, [0.0] * size
    base = origin.toordinal()
    for day, day_state, day_completion in entries:
        i = day.toordinal() - base
        if i < size:  # days after today are ignored
            state[i] = day_state
            completion[i] = day_completion if counts[i] and day_state != SKIPPED else 0.0
    return Timeline(origin, state, completion, counts)


def timeline(
    records: Iterable[Record], goal: Goal, schedule: Schedule, today: date, *, min_days: int = 90
) -> Timeline:
    """Lay the log rows up to today on a timeline covering at least the last `min_days` days."""
    rows = records if isinstance(records, Sequence) else list(records)
    origin = today - timedelta(days=max(1, min_days) - 1)
    if rows:
        origin = min(origin, min(r[0] for r in rows))
    size = (today - origin).days + 1
    counts = _counts(schedule, origin, size)
    state, completion = [NOTHING] * size, [0.0] * size
    base, numeric = origin.toordinal(), goal.numeric
    for day, value, is_skip in rows:
        i = day.toordinal() - base
        if i >= size:
            continue  # after today
        if is_skip:
            state[i] = SKIPPED
        elif value is None and not numeric:
            state[i] = DONE
            completion[i] = 1.0 if counts[i] else 0.0
        else:
            state[i] = DONE if goal.done(value) else NOT_DONE
            completion[i] = goal.completion(value) if counts[i] else 0.0
    return Timeline(origin, state, completion, counts)


def _counts(schedule: Schedule, origin: date, size: int) -> list[bool]:
    if schedule.kind != WEEKDAYS:
        return [True] * size
    week = [(origin.weekday() + k) % 7 + 1 in schedule.weekdays for k in range(7)]
    return (week * (size // 7 + 1))[:size]


def marks_timeline(marks: Marks, schedule: Schedule, today: date, *, min_days: int = 90) -> Timeline:
    """The same from marks."""
    entries = [
        (d, SKIPPED if m.skipped else DONE if m.done else NOT_DONE, m.completion) for d, m in marks.items()
    ]
    return _lay(entries, schedule, today, min_days)


# ----------------------------------------------------------------------------- streaks


@dataclass(frozen=True)
class Streaks:
    current: int
    longest: int
    unit: str


def streaks(marks: Marks, schedule: Schedule, today: date) -> Streaks:
    """Current and longest streak, in days (daily, weekdays) or weeks (N times per week)."""
    return timeline_streaks(marks_timeline(marks, schedule, today, min_days=1), schedule)


def timeline_streaks(line: Timeline, schedule: Schedule) -> Streaks:
    if schedule.kind == TIMES_PER_WEEK:
        return _week_streaks(line, schedule.per_period)
    run = longest = 0
    last, counts = line.last, line.counts
    for i, state in enumerate(line.state):
        if not counts[i] or state == SKIPPED:
            continue
        if state == DONE:
            run += 1
            if run > longest:
                longest = run
        elif i != last:  # a missed scheduled day; today is still open
            run = 0
    # `run` now ends on the latest scheduled day that is not open: today if done, else the one before.
    return Streaks(run, longest, DAYS)


def _weeks(line: Timeline, needed: int) -> list[str]:
    """Each Monday–Sunday week's status: done (reached N), open (this week, not yet), skipped
    (short of N but skipped days cover the shortfall: neutral) or missed."""
    offset = line.origin.weekday()  # index 0 is this many days after its Monday
    weeks = (offset + line.last) // 7 + 1
    done, skipped = [0] * weeks, [0] * weeks
    for i, state in enumerate(line.state):
        if state == DONE:
            done[(offset + i) // 7] += 1
        elif state == SKIPPED:
            skipped[(offset + i) // 7] += 1
    statuses = []
    for week in range(weeks):
        if done[week] >= needed:
            statuses.append("done")
        elif week == weeks - 1:
            statuses.append("open")
        else:
            statuses.append("skipped" if done[week] + skipped[week] >= needed else "missed")
    return statuses


def _week_streaks(line: Timeline, needed: int) -> Streaks:
    run = longest = 0
    for status in _weeks(line, needed):
        if status == "done":
            run += 1
            longest = max(longest, run)
        elif status == "missed":
            run = 0
    return Streaks(run, longest, WEEKS)


def unbroken(line: Timeline, schedule: Schedule) -> bool:
    """Whether nothing before today breaks the current run, so it may reach back past the
    timeline's origin (a caller holding only recent days must then look further back)."""
    if schedule.kind == TIMES_PER_WEEK:
        return "missed" not in _weeks(line, schedule.per_period)
    state, counts = line.state, line.counts
    return all(state[i] in (DONE, SKIPPED) for i in range(line.last) if counts[i])


def week_done(line: Timeline, *, before_today: bool = False) -> int:
    """Done days in today's week (through today, or only the days before it)."""
    monday = max(0, line.last - (line.origin + timedelta(days=line.last)).weekday())
    end = line.last if before_today else line.last + 1
    return sum(1 for state in line.state[monday:end] if state == DONE)


# ----------------------------------------------------------------------------- completion rates


@dataclass(frozen=True)
class Rate:
    """Done days against expected days over the last `days` days (skips left out)."""

    days: int
    done: int
    expected: float
    rate: float | None  # percent, one decimal; None when nothing was expected yet


def completion_rate(marks: Marks, schedule: Schedule, today: date, start: date, days: int) -> Rate:
    """Completion over the `days` days ending today, from the habit's start, skips excluded."""
    return timeline_rate(marks_timeline(marks, schedule, today, min_days=days), schedule, start, days)


def timeline_rate(line: Timeline, schedule: Schedule, start: date, days: int) -> Rate:
    """Daily and weekday habits expect each counted day; an N-per-week habit expects N/7 of the
    eligible days (capped at 100%). Today is only counted once it is done."""
    first = max(line.index(start), line.last - days + 1, 0)
    eligible = done = 0
    for i in range(first, line.last + 1):
        state = line.state[i]
        if not line.counts[i] or state == SKIPPED or (i == line.last and state != DONE):
            continue
        eligible += 1
        done += state == DONE
    expected = eligible * schedule.per_period / 7 if schedule.kind == TIMES_PER_WEEK else float(eligible)
    if expected <= 0:
        return Rate(days, done, 0.0, None)
    return Rate(days, done, _one_decimal(expected), _one_decimal(min(100.0, 100.0 * done / expected)))


# ----------------------------------------------------------------------------- strength


def multiplier(schedule: Schedule) -> float:
    """m = 0.5^(√f / 13): a daily habit's score halves in 13 missed days."""
    return float(0.5 ** (math.sqrt(schedule.frequency) / 13))


def strength(marks: Marks, schedule: Schedule, today: date) -> float:
    """The score as 0–100 with one decimal."""
    return timeline_strength(marks_timeline(marks, schedule, today, min_days=1), schedule)


def timeline_strength(line: Timeline, schedule: Schedule) -> float:
    """Loop Habit Tracker's score as 0–100 with one decimal; today counts once it is logged."""
    m = multiplier(schedule)
    gain, window, needed = 1 - m, schedule.window, schedule.per_period
    completion, counts, last = line.completion, line.counts, line.last
    # Sums of the last `window` days' completions from prefix sums; a sum within 1e-9 of the
    # target counts as reaching it (float sums of fractions may land just under).
    prefix = list(accumulate(completion, initial=0.0)) if window > 1 else completion
    full = needed - 1e-9
    value = 0.0
    for i, state in enumerate(line.state):
        if state == SKIPPED and counts[i]:
            continue  # a skipped day leaves the score unchanged
        if i == last and (state == NOTHING or not counts[i]):
            break  # today is still open
        if window == 1:
            value = value * m + completion[i] * gain
        else:
            done = prefix[i + 1] - prefix[i + 1 - window if i + 1 > window else 0]
            value = value * m + (gain if done >= full else done / needed * gain)
    return _one_decimal(100.0 * value)


def _one_decimal(value: float) -> float:
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


# ----------------------------------------------------------------------------- due today


def is_due(line: Timeline, schedule: Schedule) -> bool:
    """Due today: daily always; weekdays on a chosen day; N a week while the week still needs
    a done day (or today is the day that was done)."""
    if schedule.kind == WEEKDAYS:
        return line.counts[line.last]
    if schedule.kind == TIMES_PER_WEEK:
        if line.state[line.last] == DONE:
            return True
        return week_done(line, before_today=True) < schedule.per_period
    return True


@dataclass(frozen=True)
class Summary:
    """Everything the stats route shows for one habit."""

    today: date
    streaks: Streaks
    strength: float
    rates: list[Rate]
    total_done: int
    total_skipped: int
    first_date: date | None
    last_done_date: date | None


def summarize(line: Timeline, schedule: Schedule, start: date) -> Summary:
    """Streaks, strength, completion rates and totals of a habit's timeline."""
    state, counts = line.state, line.counts
    if schedule.kind == WEEKDAYS:
        total_done = sum(1 for s, c in zip(state, counts, strict=True) if s == DONE and c)
    else:
        total_done = state.count(DONE)
    first = next((i for i, s in enumerate(state) if s != NOTHING), None)
    last_done = next((i for i in range(line.last, -1, -1) if state[i] == DONE and counts[i]), None)
    return Summary(
        today=line.origin + timedelta(days=line.last),
        streaks=timeline_streaks(line, schedule),
        strength=timeline_strength(line, schedule),
        rates=[timeline_rate(line, schedule, start, n) for n in RATE_WINDOWS],
        total_done=total_done,
        total_skipped=state.count(SKIPPED),
        first_date=None if first is None else line.origin + timedelta(days=first),
        last_done_date=None if last_done is None else line.origin + timedelta(days=last_done),
    )
