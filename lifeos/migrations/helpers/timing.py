"""Statement timings of the running migration, so operators and the benchmark can see lock lengths.

Each entry says whether the statement holds a lock that blocks writers of existing rows while it
runs (`blocks_writes`): batch UPDATEs (row locks on their rows), ALTER TABLE under an exclusive
lock, the DDL transaction. Reads, `CREATE/DROP INDEX CONCURRENTLY` and `VALIDATE CONSTRAINT`
(SHARE UPDATE EXCLUSIVE) do not block writers.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Entry:
    label: str
    seconds: float
    blocks_writes: bool = True


@dataclass
class Timings:
    entries: list[Entry] = field(default_factory=list)

    def add(self, label: str, seconds: float, blocks_writes: bool = True) -> None:
        self.entries.append(Entry(label, seconds, blocks_writes))

    def longest(self, *, blocking_only: bool = False) -> tuple[str, float]:
        pool = [e for e in self.entries if e.blocks_writes or not blocking_only]
        best = max(pool, key=lambda e: e.seconds, default=Entry("-", 0.0))
        return best.label, best.seconds

    def total(self) -> float:
        return sum(e.seconds for e in self.entries)


# Reset by each revision's upgrade(); read by bench/migration.py after it runs.
TIMINGS = Timings()


def reset() -> Timings:
    TIMINGS.entries.clear()
    return TIMINGS


@contextmanager
def timed(label: str, *, blocks_writes: bool = True) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        TIMINGS.add(label, time.perf_counter() - start, blocks_writes)
