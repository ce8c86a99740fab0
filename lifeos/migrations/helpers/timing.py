"""Statement timings of the running migration, so operators and the benchmark can see lock lengths."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Timings:
    entries: list[tuple[str, float]] = field(default_factory=list)

    def longest(self) -> tuple[str, float]:
        return max(self.entries, key=lambda e: e[1], default=("-", 0.0))

    def total(self) -> float:
        return sum(seconds for _, seconds in self.entries)


# Reset by each revision's upgrade(); read by bench/migration.py after it runs.
TIMINGS = Timings()


def reset() -> Timings:
    TIMINGS.entries.clear()
    return TIMINGS


@contextmanager
def timed(label: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        TIMINGS.entries.append((label, time.perf_counter() - start))
