"""Habit stats benchmark (issue "Life domains, part 1", Numbers): one habit with 10 years of daily logs.

For each backend it creates a scratch database migrated with the real Alembic chain, creates a
user (time zone Pacific/Kiritimati) with `--habits` daily habits through the habits service, and
loads `--years` years of days for each (seeded: ~85% done, ~5% skipped, the rest missed, every
tenth habit numeric), so the log table holds other habits' rows around the measured one. Then
it times, after a warm-up:

* service — `lifeos.domains.habits.services.stats.habit_stats(db.session, user_id, habit_id,
  today, zone)`: the exact call `GET /api/v1/habits/<id>/stats` makes (one indexed query, then
  streaks, strength and 7/30/90-day rates in memory); split into its query and its computation;
* http — ``GET /api/v1/habits/<id>/stats`` through the Flask test client with a real access
  token (auth, the service, serialisation; in-process, no network);
* today — ``GET /api/v1/habits/today`` for the same user (all its habits).

Wall times on a busy machine include waiting for a CPU; the service's CPU time (of this process:
all of it on SQLite, the client side on PostgreSQL) is printed beside them, with the load average.

It prints p50/p95/max per backend against the target (< 20 ms for the stats of one habit), the
query plan of the stats query, and drops the databases.

    .venv/bin/python bench/habit_stats.py                        # both backends, 10 years
    .venv/bin/python bench/habit_stats.py --backends sqlite --runs 50
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (
    OUT_DIR,
    Stats,
    bearer_headers,
    capture_sql,
    create_scratch,
    explain,
    head_revision,
    load_average,
    log,
    machine_line,
    make_app,
    migrate,
    pg_version,
    print_table,
    sqlite_version,
    time_ms,
)

ZONE = "Pacific/Kiritimati"
TARGET_MS = 20.0


def _load(app: Any, args: argparse.Namespace) -> tuple[int, int, date, int]:
    """The user, its habits and their days; returns (user_id, measured habit id, today, log rows)."""
    from sqlalchemy import insert

    from lifeos.domains.habits.models import HabitLog
    from lifeos.domains.habits.services.habits import create_habit
    from lifeos.extensions import db
    from lifeos.platform.auth.services import create_user
    from lifeos.platform.clock import today_in
    from lifeos.platform.uow import unit_of_work

    rng = random.Random(args.seed)
    today = today_in(ZONE)
    days = args.years * 365 + args.years // 4
    with app.app_context():
        password = secrets.token_urlsafe(16)  # never used: the bench issues tokens directly
        user = create_user(db.session, email="bench-habits@example.com", password=password, timezone=ZONE)
        db.session.commit()
        user_id = user.id
        habit_ids = []
        for i in range(args.habits):
            numeric = i % 10 == 9
            given: dict[str, Any] = {"name": f"Habit {i:03d}"}
            if numeric:
                given |= {"kind": "numeric", "target_value": Decimal(30), "unit": "min"}
            with unit_of_work() as uow:
                habit_ids.append(create_habit(uow, user_id, given).id)
        rows = 0
        for i, habit_id in enumerate(habit_ids):
            batch = []
            for n in range(days):
                roll = rng.random()
                if roll >= 0.90:
                    continue  # missed
                skipped = roll >= 0.85
                value = None if i % 10 != 9 or skipped else Decimal(rng.randint(10, 45))
                batch.append(
                    {
                        "user_id": user_id,
                        "habit_id": habit_id,
                        "logged_date": today - timedelta(days=n),
                        "value": value,
                        "is_skip": skipped,
                    }
                )
            db.session.execute(insert(HabitLog), batch)
            rows += len(batch)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM (ANALYZE) habits_habit_log")
        else:
            with db.engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE")
        db.session.remove()
    return user_id, habit_ids[0], today, rows


def run_backend(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    from lifeos.domains.habits.models import Habit
    from lifeos.domains.habits.services import stats as stats_svc
    from lifeos.extensions import db
    from lifeos.platform.clock import zone
    from lifeos.platform.startup import freeze_startup_objects

    result: dict[str, Any] = {"backend": backend}
    scratch = create_scratch(backend, "lifeos_bench_habits", args.keep)
    log(f"{backend}: scratch database {scratch.url}")
    try:
        app = make_app(scratch.url)
        elapsed, _ = time_ms(lambda: migrate(app))
        result["revision"] = head_revision(app)
        log(f"{backend}: migrated to {result['revision']} in {elapsed / 1000:.1f} s")
        elapsed, (user_id, habit_id, today, rows) = time_ms(lambda: _load(app, args))
        result |= {"log_rows": rows, "load_s": elapsed / 1000}
        log(f"{backend}: {args.habits} habits, {rows:,} day rows loaded in {elapsed / 1000:.1f} s")
        # As lifeos/wsgi.py does once the app is built: what start-up (here also the migration and
        # the load) left behind is not walked again by every full collection.
        freeze_startup_objects()
        tz = zone(ZONE)

        service, cpu, query, compute = Stats(), Stats(), Stats(), Stats()
        with app.app_context():
            for i in range(args.warmup + args.runs):
                cpu_start = time.process_time()
                ms, summary = time_ms(lambda: stats_svc.habit_stats(db.session, user_id, habit_id, today, tz))
                db.session.remove()
                cpu_ms = (time.process_time() - cpu_start) * 1000
                q_ms, records = time_ms(lambda: stats_svc.habit_records(db.session, user_id, habit_id))
                habit = db.session.get(Habit, habit_id)
                c_ms, _ = time_ms(lambda: stats_svc.stats_of(habit, records, today, tz))  # noqa: B023
                db.session.remove()
                if i >= args.warmup:
                    service.add(ms)
                    cpu.add(cpu_ms)
                    query.add(q_ms)
                    compute.add(c_ms)
            result["days_in_history"] = len(records)
            result["summary"] = {
                "current_streak": summary.current_streak,
                "longest_streak": summary.longest_streak,
                "strength": summary.strength,
                "rates": [r.rate for r in summary.completion],
            }
            with capture_sql(db.engine) as captured:
                stats_svc.habit_stats(db.session, user_id, habit_id, today, tz)
            db.session.remove()
            statement, params = next((s, p) for s, p in captured if "habits_habit_log" in s)
            with db.engine.connect() as conn:
                result["plan"] = explain(conn, backend, statement, params)

        headers = bearer_headers(app, user_id)
        client = app.test_client()
        http, today_http = Stats(), Stats()
        for i in range(args.warmup + args.http_runs):
            ms, response = time_ms(lambda: client.get(f"/api/v1/habits/{habit_id}/stats", headers=headers))
            assert response.status_code == 200, response.get_json()
            t_ms, board = time_ms(lambda: client.get("/api/v1/habits/today", headers=headers))
            assert board.status_code == 200, board.get_json()
            if i >= args.warmup:
                http.add(ms)
                today_http.add(t_ms)
        result["timings"] = {
            name: {"p50": s.p50, "p95": s.p95, "max": s.max, "n": s.n}
            for name, s in (
                ("service", service),
                ("service: CPU of this process", cpu),
                ("service: query", query),
                ("service: rules", compute),
                ("http stats", http),
                (f"http today ({args.habits} habits)", today_http),
            )
        }
        return result
    finally:
        scratch.drop()


def report(results: list[dict[str, Any]], args: argparse.Namespace) -> None:
    print(f"# Habit stats: one habit with {args.years} years of daily logs (target < {TARGET_MS:.0f} ms)")
    print(f"machine: {machine_line()}; load average at start {args.load_start}, at end {load_average()}")
    versions = [sqlite_version()]
    if any(r["backend"] == "postgresql" for r in results):
        versions.insert(0, pg_version())
    print("databases: " + ", ".join(versions))
    rows = []
    for r in results:
        for name, t in r["timings"].items():
            within = "yes" if t["p95"] < TARGET_MS else "no"
            rows.append([r["backend"], name, t["n"], t["p50"], t["p95"], t["max"], within])
    print_table(
        "Timings (ms)", ["backend", "what", "runs", "p50", "p95", "max", f"p95 < {TARGET_MS:.0f} ms"], rows
    )
    print_table(
        "Data and result",
        ["backend", "log rows", "days of the habit", "current", "longest", "strength", "rates 7/30/90"],
        [
            [
                r["backend"],
                r["log_rows"],
                r["days_in_history"],
                r["summary"]["current_streak"],
                r["summary"]["longest_streak"],
                r["summary"]["strength"],
                " / ".join(str(x) for x in r["summary"]["rates"]),
            ]
            for r in results
        ],
    )
    for r in results:
        print(f"\nQuery plan of the stats query ({r['backend']}):\n{r['plan']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backends", default="postgresql,sqlite")
    parser.add_argument("--years", type=int, default=10, help="years of daily logs per habit")
    parser.add_argument("--habits", type=int, default=10, help="habits of the user (the first is measured)")
    parser.add_argument("--runs", type=int, default=200, help="timed service calls per backend")
    parser.add_argument("--http-runs", type=int, default=100, help="timed HTTP calls per backend")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases")
    parser.add_argument("--json", type=Path, default=None, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    args.load_start = load_average()
    results = [run_backend(b.strip(), args) for b in args.backends.split(",") if b.strip()]
    report(results, args)
    out = args.json or OUT_DIR / "habit_stats_results.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
