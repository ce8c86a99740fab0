"""Today and export benchmark (issue #10, Numbers): the demo user and a user with ten years of data.

For each backend: a scratch database migrated with the real Alembic chain; the demo user made by
`lifeos.demo.generate.run_demo` (the code `flask demo` runs; its time is reported too), and a
"ten-year" user loaded in bulk through the models (seeded; every domain, see `_ten_years`), with
the derived tables rebuilt by their services (finance totals, skill metrics). Then, after a
warm-up, through the Flask test client with a real access token:

* ``GET /api/v1/today`` for each user: p50/p95/max (target p95 < 50 ms on PostgreSQL);
* ``GET /api/v1/export`` for each user: time and size of the document.

    .venv/bin/python bench/today.py                         # both backends
    .venv/bin/python bench/today.py --backends sqlite --runs 50 --years 3
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (
    OUT_DIR,
    Stats,
    bearer_headers,
    create_scratch,
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
from lifeos.platform.startup import freeze_startup_objects

ZONE = "Europe/Berlin"
TARGET_MS = 50.0

DEMO_EMAIL = "demo@bench.example"
TEN_EMAIL = "ten-years@bench.example"
CENT = Decimal("0.01")


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return (Decimal(rng.randint(low * 100, high * 100)) / 100).quantize(CENT)


def _insert(session: Any, model: Any, rows: list[dict[str, Any]], returning: bool = False) -> list[int]:
    """Bulk insert; with `returning`, the new ids in the order of `rows`."""
    from sqlalchemy import insert

    if not rows:
        return []
    if returning:
        stmt = insert(model).returning(model.id, sort_by_parameter_order=True)
        return list(session.scalars(stmt, rows))
    session.execute(insert(model), rows)
    return []


def _ten_years(app: Any, years: int, seed: int) -> tuple[int, dict[str, int]]:
    """A user with `years` years of everything; returns (user id, rows per table)."""
    from lifeos.domains.finance.models import LedgerEntry, LedgerLine, Transaction
    from lifeos.domains.finance.services import totals
    from lifeos.domains.finance.services.accounts import create_account
    from lifeos.domains.habits.models import Habit, HabitLog
    from lifeos.domains.health.models import Biometric, NutritionLog, Workout
    from lifeos.domains.journal.models import JournalEntry
    from lifeos.domains.projects.models import Project, Task, TaskLog
    from lifeos.domains.relationships.models import Interaction, Person
    from lifeos.domains.skills.models import PracticeSession, Skill
    from lifeos.domains.skills.services.metrics import rebuild_all
    from lifeos.extensions import db
    from lifeos.platform.auth.services import create_user
    from lifeos.platform.clock import today_in
    from lifeos.platform.uow import unit_of_work

    rng = random.Random(seed)
    today = today_in(ZONE)
    first = today - timedelta(days=years * 365 + years // 4)
    days = [first + timedelta(days=n) for n in range((today - first).days + 1)]
    counts: dict[str, int] = {}
    with app.app_context():
        s = db.session
        user = create_user(s, email=TEN_EMAIL, password=secrets.token_urlsafe(16), timezone=ZONE)
        s.commit()
        uid = user.id
        accounts = {}
        for name, kind, sub in (
            ("Checking", "asset", "bank"),
            ("Savings", "asset", "bank"),
            ("Wallet", "asset", "cash"),
            ("Card", "liability", "credit_card"),
            ("Salary", "income", "salary"),
            ("Rent", "expense", "rent"),
            ("Groceries", "expense", "groceries"),
            ("Utilities", "expense", "utilities"),
            ("Fun", "expense", "entertainment"),
        ):
            with unit_of_work() as uow:
                accounts[name] = create_account(uow, uid, name, kind, sub).id
        # Finance: ~40 postings a month, each an entry with two lines and a transaction.
        moves: list[tuple[date, Decimal, str, str, str]] = []
        for d in days:
            if d.day == 1:
                moves.append((d, Decimal("1250.00"), "Checking", "Rent", "Rent"))
            if d.day == 25:
                moves.append((d, Decimal("3850.00"), "Salary", "Checking", "Salary"))
            if d.day == 26:
                moves.append((d, Decimal("400.00"), "Checking", "Savings", "Savings"))
            if d.day == 12:
                moves.append((d, _money(rng, 50, 140), "Checking", "Utilities", "Power"))
            if d.day == 20:
                moves.append((d, _money(rng, 300, 900), "Checking", "Card", "Card bill"))
            for _ in range(rng.choice((0, 1, 1, 2))):
                target = rng.choice(("Groceries", "Groceries", "Fun"))
                moves.append(
                    (d, _money(rng, 5, 90), rng.choice(("Card", "Wallet", "Checking")), target, target)
                )
        entry_ids = _insert(
            s,
            LedgerEntry,
            [
                {"user_id": uid, "entry_date": d, "description": t, "source": "transaction"}
                for d, _, _, _, t in moves
            ],
            returning=True,
        )
        lines = []
        txs = []
        for eid, (d, amount, src, dst, text) in zip(entry_ids, moves, strict=True):
            lines.append(
                {
                    "user_id": uid,
                    "entry_id": eid,
                    "entry_date": d,
                    "account_id": accounts[dst],
                    "debit": amount,
                    "credit": 0,
                    "memo": text,
                }
            )
            lines.append(
                {
                    "user_id": uid,
                    "entry_id": eid,
                    "entry_date": d,
                    "account_id": accounts[src],
                    "debit": 0,
                    "credit": amount,
                    "memo": text,
                }
            )
            txs.append(
                {
                    "user_id": uid,
                    "amount": amount,
                    "description": text,
                    "occurred_at": datetime.combine(d, datetime.min.time()),
                    "journal_entry_id": eid,
                    "from_account_id": accounts[src],
                    "to_account_id": accounts[dst],
                }
            )
        _insert(s, LedgerLine, lines)
        _insert(s, Transaction, txs)
        totals.rebuild_totals(s, uid)
        counts |= {
            "finance_journal_entry": len(entry_ids),
            "finance_journal_line": len(lines),
            "finance_transaction": len(txs),
        }

        # Habits: six daily habits over the whole span, ~80% done, some skips.
        habit_ids = _insert(
            s,
            Habit,
            [
                {"user_id": uid, "name": f"Habit {i}", "schedule_type": "daily", "kind": "boolean"}
                for i in range(6)
            ],
            returning=True,
        )
        logs = [
            {
                "user_id": uid,
                "habit_id": h,
                "logged_date": d,
                "value": Decimal(1) if roll < 0.8 else None,
                "is_skip": roll >= 0.8,
            }
            for h in habit_ids
            for d in days
            if (roll := rng.random()) < 0.85
        ]
        _insert(s, HabitLog, logs)
        counts["habits_habit_log"] = len(logs)

        # Health: weigh-ins most days, a workout every other day, two or three meals a day.
        bios = [
            {
                "user_id": uid,
                "date": d,
                "weight": Decimal(80 + rng.uniform(-3, 3)).quantize(CENT),
                "sleep_hours": Decimal(7),
                "resting_hr": rng.randint(50, 65),
            }
            for d in days
            if rng.random() < 0.7
        ]
        workouts = [
            {
                "user_id": uid,
                "date": d,
                "workout_type": rng.choice(("run", "cycling", "yoga")),
                "duration_minutes": rng.randint(20, 80),
                "intensity": "moderate",
            }
            for d in days
            if rng.random() < 0.5
        ]
        meals = [
            {
                "user_id": uid,
                "date": d,
                "meal_type": m,
                "items": "Meal",
                "calories": Decimal(rng.randint(200, 900)),
            }
            for d in days
            for m in ("breakfast", "lunch", "dinner")
            if rng.random() < 0.8
        ]
        _insert(s, Biometric, bios)
        _insert(s, Workout, workouts)
        _insert(s, NutritionLog, meals)
        counts |= {
            "health_biometric": len(bios),
            "health_workout": len(workouts),
            "health_nutrition_log": len(meals),
        }

        # Skills: five skills, ~1.5 sessions a day between them.
        skill_ids = _insert(
            s,
            Skill,
            [
                {"user_id": uid, "name": f"Skill {i}", "current_level": 3, "target_level": 8, "tags": []}
                for i in range(5)
            ],
            returning=True,
        )
        sessions = [
            {
                "user_id": uid,
                "skill_id": k,
                "duration_minutes": rng.randint(15, 90),
                "practiced_at": datetime.combine(d, datetime.min.time())
                + timedelta(hours=rng.randint(6, 21)),
            }
            for d in days
            for k in skill_ids
            if rng.random() < 0.3
        ]
        _insert(s, PracticeSession, sessions)
        rebuild_all(s, user_id=uid)
        counts["skill_practice_session"] = len(sessions)

        # Projects: one a month, eight tasks each (the last months' still open), time logs.
        project_rows = [
            {
                "user_id": uid,
                "name": f"Project {i}",
                "status": "completed" if i < years * 12 - 3 else "active",
                "target_date": first + timedelta(days=30 * i + 25),
            }
            for i in range(years * 12)
        ]
        project_ids = _insert(s, Project, project_rows, returning=True)
        task_rows = []
        for i, pid in enumerate(project_ids):
            for t in range(8):
                due = first + timedelta(days=30 * i + 3 * t)
                done = project_rows[i]["status"] == "completed" or t < 3
                task_rows.append(
                    {
                        "user_id": uid,
                        "project_id": pid,
                        "title": f"Task {t}",
                        "status": "done" if done else "open",
                        "due_date": due,
                        "priority": 1 + t % 4,
                    }
                )
        task_ids = _insert(s, Task, task_rows, returning=True)
        task_logs = [
            {
                "user_id": uid,
                "task_id": tid,
                "minutes": rng.randint(15, 120),
                "logged_at": datetime.combine(task_rows[n]["due_date"], datetime.min.time()),
            }
            for n, tid in enumerate(task_ids)
            for _ in range(rng.randint(0, 2))
        ]
        _insert(s, TaskLog, task_logs)
        counts |= {
            "project": len(project_ids),
            "project_task": len(task_ids),
            "project_task_log": len(task_logs),
        }

        # Relationships: 80 people with cadences and birthdays, ~a contact a day between them.
        people = [
            {
                "user_id": uid,
                "name": f"Person {i:02d}",
                "importance_level": 1 + i % 5,
                "cadence_days": (7, 14, 30, 90, None)[i % 5],
                "birthday_month": 1 + i % 12,
                "birthday_day": 1 + (i * 7) % 28,
                "birthday_year": 1960 + i % 40,
                "tags": [],
            }
            for i in range(80)
        ]
        person_ids = _insert(s, Person, people, returning=True)
        interactions = [
            {
                "user_id": uid,
                "person_id": rng.choice(person_ids),
                "date": d,
                "method": "call",
                "sentiment": "1",
            }
            for d in days
            if rng.random() < 0.9
        ]
        _insert(s, Interaction, interactions)
        counts |= {"relationships_person": len(person_ids), "relationships_interaction": len(interactions)}

        # Journal: an entry most days.
        words = [
            "today",
            "walked",
            "read",
            "wrote",
            "cooked",
            "called",
            "worked",
            "rested",
            "travelled",
            "practised",
        ]
        entries = [
            {
                "user_id": uid,
                "entry_date": d,
                "title": f"Day {d}",
                "body": " ".join(rng.choices(words, k=60)),
                "mood_int": rng.randint(-3, 5),
                "tags": ["daily"],
                "is_private": True,
            }
            for d in days
            if rng.random() < 0.7
        ]
        _insert(s, JournalEntry, entries)
        counts["journal_entry"] = len(entries)
        s.commit()
        _analyze(db)
        db.session.remove()
    return uid, counts


def _analyze(db: Any) -> None:
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")


def _demo(app: Any, seed: int) -> tuple[int, float, dict[str, int]]:
    from lifeos.demo.generate import run_demo
    from lifeos.extensions import db

    with app.app_context():
        ms, result = time_ms(lambda: run_demo(db.session(), email=DEMO_EMAIL, seed=seed, timezone=ZONE))
        _analyze(db)
        db.session.remove()
    return result.user_id, ms / 1000, result.counts


def _sections(app: Any, user_id: int, runs: int) -> dict[str, float]:
    """p50 (ms) of each section of the Today answer, called as `today_view` calls it."""
    from lifeos.composition import today as t
    from lifeos.domains.relationships.services import lists
    from lifeos.extensions import db
    from lifeos.platform.clock import today_in

    day = today_in(ZONE)
    parts: dict[str, Any] = {
        "cash (trial balance)": lambda s: t.cash_position(s, user_id, day),
        "habits": lambda s: t.habits_due(s, user_id, day),
        "tasks": lambda s: t.tasks_due(s, user_id, day),
        "reconnect": lambda s: lists.reconnect(s, user_id, day, limit=t.RECONNECT_LIMIT),
        "birthdays": lambda s: lists.birthdays(s, user_id, day, t.BIRTHDAYS_WITHIN, limit=t.BIRTHDAYS_LIMIT),
        "mood": lambda s: t.latest_mood(s, user_id, day),
        "on this day: journal": lambda s: t.journal_memories(s, user_id, day),
        "on this day: workouts": lambda s: t.workout_memories(s, user_id, day),
        "on this day: practice": lambda s: t.practice_memories(s, user_id, day, ZONE),
        "whole today_view": lambda s: t.today_view(s, user_id, day, ZONE),
    }
    out = {}
    with app.app_context():
        for name, call in parts.items():
            stats = Stats()
            for i in range(runs + 3):
                ms, _ = time_ms(lambda: call(db.session()))  # noqa: B023
                db.session.remove()
                if i >= 3:
                    stats.add(ms)
            out[name] = stats.p50
    return out


def _cli_export(app: Any, user_id: int) -> tuple[float, int]:
    """`flask users export --email … --output FILE`: wall time and file size."""
    import tempfile

    from lifeos.extensions import db
    from lifeos.platform.auth.models import User

    with app.app_context():
        user = db.session.get(User, user_id)
        assert user is not None
        email = user.email
        db.session.remove()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.json"
        args = ["users", "export", "--email", email, "--output", str(path)]
        ms, result = time_ms(lambda: app.test_cli_runner().invoke(args=args))
        assert result.exit_code == 0, result.output
        return ms, path.stat().st_size


def _measure(
    client: Any, headers: dict[str, str], url: str, warmup: int, runs: int
) -> tuple[Stats, Stats, int]:
    """Wall time and this process's CPU time (ms) per request, and the response size."""
    stats, cpu = Stats(), Stats()
    size = 0
    for i in range(warmup + runs):
        cpu_start = time.process_time()
        ms, response = time_ms(lambda: client.get(url, headers=headers))
        cpu_ms = (time.process_time() - cpu_start) * 1000
        assert response.status_code == 200, response.get_json()
        size = len(response.get_data())
        if i >= warmup:
            stats.add(ms)
            cpu.add(cpu_ms)
    return stats, cpu, size


def run_backend(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    result: dict[str, Any] = {"backend": backend}
    scratch = create_scratch(backend, "lifeos_bench_today", args.keep)
    log(f"{backend}: scratch database {scratch.url}")
    try:
        app = make_app(scratch.url)
        migrate(app)
        result["revision"] = head_revision(app)
        demo_id, demo_s, demo_counts = _demo(app, args.seed)
        result |= {"demo_fill_s": demo_s, "demo_rows": sum(demo_counts.values())}
        log(f"{backend}: demo user filled in {demo_s:.1f} s ({demo_counts})")
        elapsed, (ten_id, counts) = time_ms(lambda: _ten_years(app, args.years, args.seed))
        result |= {"ten_load_s": elapsed / 1000, "ten_rows": counts}
        total = sum(counts.values())
        log(f"{backend}: {args.years}-year user loaded in {elapsed / 1000:.1f} s, {total:,} rows")
        freeze_startup_objects()  # as lifeos/wsgi.py does: start-up (here the loads too) not walked again
        client = app.test_client()
        result["timings"] = {}
        for label, uid in (("demo user", demo_id), (f"{args.years}-year user", ten_id)):
            headers = bearer_headers(app, uid)
            today, today_cpu, _ = _measure(client, headers, "/api/v1/today", args.warmup, args.runs)
            export, export_cpu, size = _measure(client, headers, "/api/v1/export", 1, args.export_runs)
            sections = _sections(app, uid, args.section_runs)
            cli_ms, cli_bytes = _cli_export(app, uid)
            result["timings"][label] = {
                "today": {
                    "p50": today.p50,
                    "p95": today.p95,
                    "max": today.max,
                    "n": today.n,
                    "cpu_p50": today_cpu.p50,
                    "cpu_p95": today_cpu.p95,
                },
                "export": {
                    "p50": export.p50,
                    "max": export.max,
                    "n": export.n,
                    "bytes": size,
                    "cpu": export_cpu.p50,
                },
                "sections": sections,
                "cli_export": {"ms": cli_ms, "bytes": cli_bytes},
            }
            log(f"{backend}: {label}: today p95 {today.p95:.1f} ms, export {export.p50:.0f} ms, {size:,} B")
        return result
    finally:
        scratch.drop()


def report(results: list[dict[str, Any]], args: argparse.Namespace) -> None:
    print(f"# GET /api/v1/today and GET /api/v1/export: the demo user and a {args.years}-year user")
    print(f"machine: {machine_line()}; load average at start {args.load_start}, at end {load_average()}")
    versions = [sqlite_version()]
    if any(r["backend"] == "postgresql" for r in results):
        versions.insert(0, pg_version())
    print("databases: " + ", ".join(versions))
    rows = []
    for r in results:
        for who, t in r["timings"].items():
            today = t["today"]
            rows.append(
                [
                    r["backend"],
                    who,
                    today["n"],
                    today["p50"],
                    today["p95"],
                    today["max"],
                    today["cpu_p50"],
                    today["cpu_p95"],
                    "yes" if today["p95"] < TARGET_MS else "no",
                ]
            )
    print_table(
        "GET /api/v1/today (ms)",
        ["backend", "user", "runs", "p50", "p95", "max", "CPU p50", "CPU p95", f"p95 < {TARGET_MS:.0f} ms"],
        rows,
    )
    rows = []
    for r in results:
        for who, t in r["timings"].items():
            export = t["export"]
            rows.append(
                [
                    r["backend"],
                    who,
                    export["n"],
                    export["p50"],
                    export["max"],
                    export["cpu"],
                    f"{export['bytes'] / 1e6:.2f} MB",
                ]
            )
    names = list(results[0]["timings"][next(iter(results[0]["timings"]))]["sections"]) if results else []
    print_table(
        "Today, section by section: p50 ms of the service call (no HTTP)",
        ["section", *(f"{r['backend']}: {who}" for r in results for who in r["timings"])],
        [[name, *(t["sections"][name] for r in results for t in r["timings"].values())] for name in names],
    )
    print_table(
        "flask users export --output FILE",
        ["backend", "user", "ms", "file size"],
        [
            [r["backend"], who, t["cli_export"]["ms"], f"{t['cli_export']['bytes'] / 1e6:.2f} MB"]
            for r in results
            for who, t in r["timings"].items()
        ],
    )
    print_table(
        "GET /api/v1/export",
        ["backend", "user", "runs", "p50 ms", "max ms", "CPU p50 ms (this process)", "size"],
        rows,
    )
    print_table(
        "Data",
        ["backend", "demo fill (s)", "demo rows", f"{args.years}-year load (s)", f"{args.years}-year rows"],
        [
            [r["backend"], r["demo_fill_s"], r["demo_rows"], r["ten_load_s"], sum(r["ten_rows"].values())]
            for r in results
        ],
    )
    if results:
        print(
            "\n"
            + f"{args.years}-year user, rows per table: "
            + ", ".join(f"{k} {v:,}" for k, v in results[0]["ten_rows"].items())
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backends", default="postgresql,sqlite")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=100, help="timed GET /today per user and backend")
    parser.add_argument("--section-runs", type=int, default=30, help="timed calls of each Today section")
    parser.add_argument("--export-runs", type=int, default=3, help="timed GET /export per user and backend")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases")
    parser.add_argument("--json", type=Path, default=None, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    args.load_start = load_average()
    results = [run_backend(b.strip(), args) for b in args.backends.split(",") if b.strip()]
    report(results, args)
    out = args.json or OUT_DIR / "today_results.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
