"""What every part of the demo generator gets: the unit of work, the user, the days, the seed."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from lifeos.platform.clock import zone
from lifeos.platform.uow import UnitOfWork

CENT = Decimal("0.01")


@dataclass
class Demo:
    uow: UnitOfWork
    user_id: int
    today: date  # the user's today, in their zone: every date is relative to it
    days: int  # how many days of history, ending today
    seed: int
    zone_name: str | None = None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def first(self) -> date:
        return self.today - timedelta(days=self.days - 1)

    def rng(self, part: str) -> random.Random:
        """A generator of its own per part, so one part's changes never shift another's data."""
        return random.Random(f"{self.seed}:{part}")  # noqa: S311 - reproducible demo data, not secrets

    def each_day(self) -> Iterator[date]:
        day = self.first
        while day <= self.today:
            yield day
            day += timedelta(days=1)

    def year_ago(self) -> date | None:
        """Today's month and day last year (28 February for 29 February), if within the history."""
        try:
            then = self.today.replace(year=self.today.year - 1)
        except ValueError:
            then = date(self.today.year - 1, 2, 28)
        return then if then >= self.first else None

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        """A local wall-clock time on `day` in the user's zone, as naive UTC (how instants are stored)."""
        local = datetime.combine(day, time(hour, minute), tzinfo=zone(self.zone_name))
        return local.astimezone(UTC).replace(tzinfo=None)

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n


def money(rng: random.Random, low: float, high: float) -> Decimal:
    """A random amount between low and high, in cents."""
    return (Decimal(rng.randint(round(low * 100), round(high * 100))) / 100).quantize(CENT)
