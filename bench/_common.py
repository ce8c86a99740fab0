"""Shared plumbing for the benchmarks: scratch databases, the app, timing, EXPLAIN, tables.

Nothing here is timed itself; it sets up the real app on a database migrated with the real
Alembic chain (flask_migrate.upgrade, never create_all) and measures the code path the API uses.
"""

from __future__ import annotations

import contextlib
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "bench" / "out"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("APP_ENV", "test")

from lifeos.devtools.scratch_db import (  # noqa: E402 - needs ROOT on sys.path
    DEFAULT_PG_ADMIN_URL,
    create_pg_database,
    drop_pg_database,
    sqlite_url,
)

PG_ADMIN_URL = os.environ.get("LIFEOS_BENCH_PG_URL", DEFAULT_PG_ADMIN_URL)


def log(message: str) -> None:
    """Progress on stderr, so stdout carries only the result tables."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Scratch databases (lifeos.devtools.scratch_db, shared with the test suite)


@dataclass
class ScratchDb:
    backend: str  # "postgresql" | "sqlite"
    url: str
    path: Path | None = None  # SQLite file
    _tmpdir: Path | None = None
    keep: bool = False

    @property
    def libpq_url(self) -> str:
        """The URL without SQLAlchemy's driver suffix, for psycopg.connect()."""
        return self.url.replace("postgresql+psycopg://", "postgresql://", 1)

    def drop(self) -> None:
        if self.keep:
            log(f"--keep: leaving {self.backend} database {self.url}")
            return
        if self.backend == "postgresql":
            drop_pg_database(PG_ADMIN_URL, self.url)
        elif self._tmpdir is not None:
            shutil.rmtree(self._tmpdir, ignore_errors=True)


def create_scratch(backend: str, prefix: str, keep: bool) -> ScratchDb:
    """An empty database: PostgreSQL on LIFEOS_BENCH_PG_URL's server, or SQLite in a temp dir."""
    if backend == "postgresql":
        return ScratchDb(backend, create_pg_database(PG_ADMIN_URL, prefix), keep=keep)
    tmpdir = Path(tempfile.mkdtemp(prefix=f"{prefix}_"))
    path = tmpdir / "lifeos_bench.db"
    return ScratchDb(backend, sqlite_url(tmpdir, path.name), path=path, _tmpdir=tmpdir, keep=keep)


def make_app(url: str) -> Any:
    """The real app on `url` (TestConfig-like: no secrets needed, nothing else started)."""
    from lifeos import create_app

    # Rate limits off (thousands of calls from one client); request log lines off (they would
    # drown the tables on stderr).
    return create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "RATELIMIT_ENABLED": False, "LOG_LEVEL": "WARNING"}
    )


def migrate(app: Any) -> None:
    """Run the real migration chain to head, exactly as `flask db upgrade` does."""
    import flask_migrate

    # The revisions print progress; keep stdout for the result tables.
    with app.app_context(), contextlib.redirect_stdout(sys.stderr):
        flask_migrate.upgrade()


def bearer_headers(app: Any, user_id: int) -> dict[str, str]:
    """A real login session for `user_id` (access token issued by the auth service)."""
    from lifeos.extensions import db
    from lifeos.platform.auth.models import User
    from lifeos.platform.auth.tokens import issue_tokens

    with app.app_context():
        user = db.session.get(User, user_id)
        tokens = issue_tokens(db.session, user)
        db.session.commit()
        db.session.remove()
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def head_revision(app: Any) -> str:
    from sqlalchemy import text

    from lifeos.extensions import db

    with app.app_context():
        return ", ".join(r[0] for r in db.session.execute(text("SELECT version_num FROM alembic_version")))


def table_columns(app: Any, table: str) -> dict[str, dict[str, Any]]:
    """The live (migrated) columns of `table`: name → inspector info."""
    from sqlalchemy import inspect

    from lifeos.extensions import db

    with app.app_context():
        return {c["name"]: c for c in inspect(db.engine).get_columns(table)}


def has_table(app: Any, table: str) -> bool:
    from sqlalchemy import inspect

    from lifeos.extensions import db

    with app.app_context():
        return inspect(db.engine).has_table(table)


def check_required_columns(app: Any, table: str, filled: Sequence[str]) -> None:
    """Fail early if the migrated schema has a NOT NULL column without default we don't fill."""
    missing = [
        name
        for name, col in table_columns(app, table).items()
        if not col["nullable"]
        and col.get("default") is None
        and col.get("autoincrement") is not True
        and name not in filled
        and name != "id"
    ]
    if missing:
        raise SystemExit(f"{table}: the generator does not fill NOT NULL column(s) {missing}; update bench/")


# ---------------------------------------------------------------------------------------------
# Versions and machine


def pg_version() -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(PG_ADMIN_URL)
    with engine.connect() as conn:
        version = conn.execute(text("SHOW server_version")).scalar_one()
    engine.dispose()
    return f"PostgreSQL {version}"


def sqlite_version() -> str:
    return f"SQLite {sqlite3.sqlite_version}"


def machine_line() -> str:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kib / 1024 / 1024:.0f} GiB RAM"
    return f"{os.cpu_count()} cores{' ' + cpu if cpu else ''}{mem}, Python {platform.python_version()}"


def load_average() -> str:
    """The 1/5/15-minute load averages: other work on the machine skews the numbers."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


# ---------------------------------------------------------------------------------------------
# Timing


@dataclass
class Stats:
    samples_ms: list[float] = field(default_factory=list)

    def add(self, ms: float) -> None:
        self.samples_ms.append(ms)

    def pct(self, p: float) -> float:
        """Nearest-rank percentile."""
        data = sorted(self.samples_ms)
        if not data:
            return float("nan")
        rank = max(1, min(len(data), round(p / 100 * len(data) + 0.5)))
        return data[rank - 1]

    @property
    def n(self) -> int:
        return len(self.samples_ms)

    @property
    def p50(self) -> float:
        return statistics.median(self.samples_ms) if self.samples_ms else float("nan")

    @property
    def p95(self) -> float:
        return self.pct(95)

    @property
    def mean(self) -> float:
        return statistics.fmean(self.samples_ms) if self.samples_ms else float("nan")

    @property
    def min(self) -> float:
        return min(self.samples_ms) if self.samples_ms else float("nan")

    @property
    def max(self) -> float:
        return max(self.samples_ms) if self.samples_ms else float("nan")


def time_ms(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000.0, result


@dataclass
class ProcessRun:
    wall_s: float
    max_rss_mib: float
    returncode: int
    stdout: str
    stderr: str


def run_process(cmd: Sequence[str], env: dict[str, str] | None = None) -> ProcessRun:
    """Run a command, measure its wall time and peak RSS (via wait4), capture its output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return ProcessRun(
            wall,
            usage.ru_maxrss / 1024.0,
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


# ---------------------------------------------------------------------------------------------
# Capturing and explaining the SQL a service emits


@contextlib.contextmanager
def capture_sql(engine: Any) -> Iterator[list[tuple[str, Any]]]:
    """Record every (statement, parameters) the engine sends while the block runs."""
    from sqlalchemy import event

    captured: list[tuple[str, Any]] = []

    def _before(
        conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
    ) -> None:
        captured.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", _before)
    try:
        yield captured
    finally:
        event.remove(engine, "before_cursor_execute", _before)


def is_query(statement: str) -> bool:
    head = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
    return head in {"SELECT", "WITH"}


def explain(conn: Any, dialect: str, statement: str, parameters: Any, analyze: bool = True) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL, EXPLAIN QUERY PLAN on SQLite; returns the plan text."""
    if dialect == "postgresql":
        prefix = "EXPLAIN (ANALYZE, BUFFERS) " if analyze else "EXPLAIN "
        if parameters:
            rows = conn.exec_driver_sql(prefix + statement, parameters).fetchall()
        else:  # SQLAlchemy still hands psycopg a parameter set: double the literal '%'
            rows = conn.exec_driver_sql(prefix + statement.replace("%", "%%")).fetchall()
        return "\n".join(r[0] for r in rows)
    rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters or ()).fetchall()
    # (id, parent, notused, detail): indent by depth.
    depth: dict[int, int] = {0: -1}
    out = []
    for rid, parent, _unused, detail in rows:
        depth[rid] = depth.get(parent, -1) + 1
        out.append("  " * depth[rid] + str(detail))
    return "\n".join(out)


def plan_uses_seq_scan(plan: str, dialect: str, table: str) -> bool:
    if dialect == "postgresql":
        return any(f"Seq Scan on {table}" in line for line in plan.splitlines())
    return any(line.strip().startswith(f"SCAN {table}") and "USING" not in line for line in plan.splitlines())


# ---------------------------------------------------------------------------------------------
# Output


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    cells = [[_fmt(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    print()
    print(title)
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells:
        print(
            "| "
            + " | ".join(c.rjust(w) if _numeric(c) else c.ljust(w) for c, w in zip(row, widths, strict=True))
            + " |"
        )
    sys.stdout.flush()


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        if value != value:  # NaN
            return "–"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        return f"{value:.2f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _numeric(text: str) -> bool:
    stripped = text.replace(",", "").replace(".", "").replace("×", "").replace("-", "").strip()
    return stripped.isdigit()
