"""Cash-flow forecast benchmark (issue #8): a 730-day projection on PostgreSQL and SQLite,
and `hledger --forecast` on the same data.

One seeded data set — `--accounts` bank accounts (default 5) with `--postings` journal
postings on them (default 50,000 two-line entries over three years, against income and
expense accounts) and `--rows` recurring schedule rows (default 500: every kind of rule,
some with counts, weekend rules) — is loaded into a scratch database migrated with the real
Alembic chain, the daily totals rebuilt by the finance service, and then timed:

* `services.schedule.projection.build(…, days=730)` in an app context (server time: the
  call the route makes: start balances, rows, matches, the matcher's lines, the projection);
* `GET /api/v1/finance/schedule/projection?days=730` through the Flask test client (auth,
  JSON rendering of 730 days included);
* `recompute_base` (the write path after a row change or a posting: automatic matching,
  730 stored days, the event).

The same postings and rows are written as an hledger journal (periodic transactions for the
rows) and `hledger balance --forecast -D --historical` is timed on it, when hledger is
installed; otherwise the output says so (nothing is estimated). Rows whose rule hledger
cannot state (day 29-31 clamped, the last day or last weekday, counts, weekend rules) are left
out of its journal and counted, so hledger does comparable, not identical, work.

    .venv/bin/python -m bench.forecast
    .venv/bin/python -m bench.forecast --backends postgresql --runs 10
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import shutil
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (
    OUT_DIR,
    Stats,
    bearer_headers,
    create_scratch,
    load_average,
    log,
    machine_line,
    make_app,
    migrate,
    print_table,
    run_process,
    time_ms,
)

KINDS = (
    ("monthly_day", 40),
    ("monthly_last", 10),
    ("weekly", 15),
    ("monthly_weekday", 10),
    ("daily", 10),
    ("yearly", 10),
    ("once", 5),
)
WEEKDAY_ABBR = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass
class DataSet:
    today: date
    accounts: int
    postings: list[tuple[date, int, int]]  # (date, bank index, cents: + into the bank)
    rows: list[dict[str, Any]]


def generate(seed: int, n_accounts: int, n_postings: int, n_rows: int, today: date) -> DataSet:
    rng = random.Random(seed)
    first = today - timedelta(days=3 * 365)
    span = (today - first).days
    postings = []
    for _ in range(n_postings):
        day = first + timedelta(days=rng.randrange(span + 1))
        cents = rng.randint(100, 300_000) if rng.random() < 0.3 else -rng.randint(100, 90_000)
        postings.append((day, rng.randrange(n_accounts), cents))
    postings.sort()
    names = [k for k, _ in KINDS]
    weights = [w for _, w in KINDS]
    rows = []
    for _ in range(n_rows):
        kind = rng.choices(names, weights)[0]
        start = today + timedelta(days=rng.randint(-400, 60))
        row: dict[str, Any] = {
            "account": rng.randrange(n_accounts),
            "event_date": start,
            "amount": Decimal(rng.randint(1000, 400_000) * (1 if rng.random() < 0.25 else -1)) / 100,
            "recurrence": kind,
            "repeat_every": 1,
            "weekdays": None,
            "day_of_month": None,
            "month_week": None,
            "occurrence_count": None,
            "weekend_rule": rng.choice(("keep", "keep", "previous_friday", "next_monday")),
        }
        if kind == "weekly":
            row["repeat_every"] = rng.choice((1, 2))
            row["weekdays"] = str(start.weekday())
        elif kind == "daily":
            row["repeat_every"] = rng.randint(7, 30)
        elif kind == "monthly_day":
            row["day_of_month"] = rng.choice((1, 5, 15, 25, 28, 30, 31))
        elif kind == "monthly_weekday":
            row["weekdays"] = str(rng.randrange(5))
            row["month_week"] = rng.choice((1, 2, 3, -1))
        if kind != "once" and rng.random() < 0.2:
            row["occurrence_count"] = rng.randint(3, 36)
        rows.append(row)
    return DataSet(today, n_accounts, postings, rows)


# ---------------------------------------------------------------------------------------------
# Loading


def load(app: Any, data: DataSet) -> int:
    from sqlalchemy import insert

    from lifeos.domains.finance.models import Account, LedgerEntry, LedgerLine, MoneyScheduleRow
    from lifeos.domains.finance.naming import normalize_name
    from lifeos.domains.finance.services.totals import rebuild_totals
    from lifeos.extensions import db
    from lifeos.platform.auth.services import create_user

    with app.app_context():
        session = db.session
        user = create_user(
            session,
            email="forecast@example.com",
            password="bench-password-1",  # noqa: S106
            roles=("user",),
        )
        session.flush()
        uid = user.id

        def account(name: str, kind: str, subtype: str) -> int:
            acc = Account(
                user_id=uid,
                name=name,
                normalized_name=normalize_name(name),
                account_type=kind,
                account_subtype=subtype,
            )
            session.add(acc)
            session.flush()
            return acc.id

        banks = [account(f"Bank {i + 1:02d}", "asset", "bank") for i in range(data.accounts)]
        income = account("Salary", "income", "salary")
        spend = account("Spending", "expense", "other")
        entries, lines = [], []
        for n, (day, bank, cents) in enumerate(data.postings, start=1):
            amount = Decimal(abs(cents)) / 100
            other = income if cents > 0 else spend
            entries.append({"id": n, "user_id": uid, "entry_date": day, "description": f"posting {n}"})
            bank_side, other_side = ("debit", "credit") if cents > 0 else ("credit", "debit")
            for account_id, side in ((banks[bank], bank_side), (other, other_side)):
                lines.append(
                    {
                        "entry_id": n,
                        "user_id": uid,
                        "entry_date": day,
                        "account_id": account_id,
                        "debit": amount if side == "debit" else Decimal(0),
                        "credit": amount if side == "credit" else Decimal(0),
                    }
                )
        for start in range(0, len(entries), 5000):
            session.execute(insert(LedgerEntry), entries[start : start + 5000])
        for start in range(0, len(lines), 10000):
            session.execute(insert(LedgerLine), lines[start : start + 10000])
        rebuild_totals(session, uid)
        session.execute(
            insert(MoneyScheduleRow),
            [
                {
                    **{k: v for k, v in r.items() if k != "account"},
                    "user_id": uid,
                    "account_id": banks[r["account"]],
                }
                for r in data.rows
            ],
        )
        if session.get_bind().dialect.name == "postgresql":
            top = "(SELECT max(id) FROM finance_journal_entry)"
            session.execute(db.text(f"SELECT setval('finance_journal_entry_id_seq', {top})"))
            session.execute(db.text("ANALYZE"))
        session.commit()
        session.remove()
        return uid


# ---------------------------------------------------------------------------------------------
# LifeOS


def run_lifeos(backend: str, data: DataSet, args: argparse.Namespace) -> dict[str, Any]:
    from unittest import mock

    scratch = create_scratch(backend, "lifeos_bench_forecast", args.keep)
    try:
        app = make_app(scratch.url)
        log(f"{backend}: migrating …")
        migrate(app)
        log(f"{backend}: loading {len(data.postings):,} postings and {len(data.rows)} rows …")
        start = time.perf_counter()
        uid = load(app, data)
        load_s = time.perf_counter() - start
        headers = bearer_headers(app, uid)

        from lifeos.domains.finance.services.schedule import projection as projection_svc
        from lifeos.extensions import db
        from lifeos.platform.uow import UnitOfWork

        service, http, write = Stats(), Stats(), Stats()
        result: Any = None
        with app.app_context():
            for i in range(args.runs + 2):
                ms, result = time_ms(
                    lambda: projection_svc.build(db.session, uid, data.today, days=args.days)
                )
                db.session.rollback()
                if i >= 2:  # two warm-up calls
                    service.add(ms)
            for i in range(max(3, args.runs // 5) + 1):
                uow = UnitOfWork(db.session)
                ms, _ = time_ms(
                    lambda uow=uow: uow.run(
                        lambda: projection_svc.recompute_base(uow.session, uid, data.today, uow.emit)
                    )
                )
                if i >= 1:
                    write.add(ms)
            db.session.remove()
        client = app.test_client()
        # The request's "today" is the data set's today (the user's zone is UTC).
        with mock.patch("lifeos.platform.clock.today_in", return_value=data.today):
            for i in range(args.runs + 2):
                ms, resp = time_ms(
                    lambda: client.get(
                        f"/api/v1/finance/schedule/projection?days={args.days}", headers=headers
                    )
                )
                assert resp.status_code == 200, resp.get_json()
                if i >= 2:
                    http.add(ms)
        body = resp.get_json()
        return {
            "backend": backend,
            "load_s": load_s,
            "service": service,
            "http": http,
            "write": write,
            "last": body["series"][-1],
            "lowest": body["lowest"],
            "start_balance": body["start_balance"],
            "overdue": len(body["overdue"]),
            "occurrences": sum(1 for d in result.series if d.inflow or d.outflow),
        }
    finally:
        scratch.drop()


# ---------------------------------------------------------------------------------------------
# hledger


MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
NO_EQUIVALENT = (
    "no hledger equivalent (monthly 29-31st / last day / last weekday, "
    "every N weeks from a non-Monday, ends, weekend rules)"
)


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _period(row: dict[str, Any]) -> str | None:
    """The row's rule as an hledger periodic expression (None: no faithful equivalent)."""
    start: date = row["event_date"]
    kind, every = row["recurrence"], row["repeat_every"]
    if kind == "daily":
        return f"every {every} days from {start}"
    if kind == "weekly":
        # hledger aligns week intervals to Mondays: "every N weeks" only from a Monday; one
        # weekday every week is "every Nth day of week" (1st = Monday).
        if every == 1:
            return f"every {_ordinal(start.weekday() + 1)} day of week from {start}"
        return f"every {every} weeks from {start}" if start.weekday() == 0 else None
    if kind == "monthly_day":
        day = row["day_of_month"] or start.day
        return f"every {_ordinal(day)} day of month from {start}" if day <= 28 else None
    if kind == "monthly_weekday":
        nth = row["month_week"]
        if nth == -1:
            return None
        ordinal = {1: "1st", 2: "2nd", 3: "3rd"}[nth]
        return f"every {ordinal} {WEEKDAY_ABBR[int(row['weekdays'])]} of month from {start}"
    if kind == "yearly":
        return (
            f"every {_ordinal(start.day)} {MONTH_ABBR[start.month - 1]} from {start}"
            if not (start.month == 2 and start.day == 29)
            else None
        )
    return None


def write_journal(data: DataSet, path: Path) -> dict[str, int]:
    """Postings as transactions, rows as periodic transactions; counts what had no equivalent."""
    skipped = {NO_EQUIVALENT: 0}
    with path.open("w", encoding="utf-8") as out:
        for day, bank, cents in data.postings:
            amount = Decimal(cents) / 100
            other = "income:salary" if cents > 0 else "expenses:spending"
            out.write(f"{day} posting\n    assets:bank{bank + 1:02d}  {amount:.2f} USD\n    {other}\n\n")
        for n, row in enumerate(data.rows):
            period = _period(row)
            faithful = row["weekend_rule"] == "keep" and row["occurrence_count"] is None
            posting = (
                f"    assets:bank{row['account'] + 1:02d}  {row['amount']:.2f} USD\n    equity:forecast\n\n"
            )
            if row["recurrence"] == "once":
                out.write(f"{row['event_date']} row {n}\n{posting}")
                continue
            if period is None or not faithful:
                skipped[next(iter(skipped))] += 1
                continue
            out.write(f"~ {period}  row {n}\n{posting}")
    return skipped


def run_hledger(data: DataSet, args: argparse.Namespace) -> dict[str, Any]:
    exe = shutil.which("hledger")
    journal = OUT_DIR / "forecast.journal"
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    skipped = write_journal(data, journal)
    if not exe:
        return {
            "error": "hledger is not installed here (apt-get install -y hledger): no ratio measured",
            "skipped": skipped,
        }
    end = data.today + timedelta(days=args.days)
    cmd = [
        exe, "-f", str(journal), "balance", "assets:bank", "--forecast", f"--begin={data.today}",
        f"--end={end}", "--historical", "--daily", "-O", "csv",
    ]  # fmt: skip
    stats = Stats()
    last = None
    for _ in range(args.tool_runs):
        last = run_process(cmd)
        stats.add(last.wall_s * 1000.0)
    assert last is not None
    if last.returncode != 0:
        return {"error": f"hledger exited {last.returncode}: {last.stderr[:400]}", "skipped": skipped}
    rows = list(csv.reader(io.StringIO(last.stdout)))
    return {
        "version": run_process([exe, "--version"]).stdout.strip(),
        "cmd": " ".join(cmd),
        "wall": stats,
        "rows": len(rows),
        "skipped": skipped,
    }


# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--accounts", type=int, default=5)
    parser.add_argument("--postings", type=int, default=50_000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--tool-runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--backends", default="postgresql,sqlite")
    parser.add_argument("--no-tools", action="store_true")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    load_start = load_average()
    data = generate(args.seed, args.accounts, args.postings, args.rows, date.today())
    results = [run_lifeos(b.strip(), data, args) for b in args.backends.split(",") if b.strip()]
    tool = None if args.no_tools else run_hledger(data, args)

    print(f"\nmachine: {machine_line()}; load before: {load_start}")
    print(
        f"data: {args.accounts} bank accounts, {len(data.postings):,} postings (two-line entries) "
        f"over 3 years, {len(data.rows)} schedule rows; projection of {args.days} days from {data.today}"
    )
    print_table(
        "LifeOS projection (ms)",
        ["backend", "what", "n", "p50", "p95", "max"],
        [
            [r["backend"], label, st.n, f"{st.p50:.1f}", f"{st.p95:.1f}", f"{st.max:.1f}"]
            for r in results
            for label, st in (
                ("projection.build() (server)", r["service"]),
                ("GET /schedule/projection (test client)", r["http"]),
                ("recompute_base() + commit (write path)", r["write"]),
            )
        ],
    )
    for r in results:
        print(
            f"{r['backend']}: load {r['load_s']:.1f} s; start balance {r['start_balance']}; days with flows "
            f"{r['occurrences']}; overdue {r['overdue']}; lowest {r['lowest']}; last day {r['last']}"
        )
    if tool is not None:
        if "error" in tool:
            print(f"hledger --forecast: {tool['error']}")
        else:
            pg = next((r for r in results if r["backend"] == "postgresql"), results[0])
            ratio = tool["wall"].p50 / pg["service"].p50 if pg["service"].p50 else float("nan")
            print(
                f"hledger --forecast ({tool['version']}): p50 {tool['wall'].p50:.0f} ms wall over "
                f"{tool['wall'].n} runs; LifeOS ({pg['backend']}) server p50 is {ratio:.1f}x faster"
            )
        print(f"rows left out of the hledger journal: {tool['skipped']}")
    for r in results:
        if r["backend"] == "postgresql":
            ok = r["service"].p95 < 200
            verdict = "met" if ok else "MISSED"
            print(f"postgresql: projection p95 {r['service'].p95:.1f} ms (target < 200 ms: {verdict})")
    (OUT_DIR / "forecast_results.json").write_text(
        json.dumps(
            {
                "args": vars(args),
                "lifeos": [
                    {k: (v.samples_ms if isinstance(v, Stats) else v) for k, v in r.items()} for r in results
                ],
                "hledger": {
                    k: (v.samples_ms if isinstance(v, Stats) else v) for k, v in (tool or {}).items()
                },
            },
            indent=2,
            default=str,
        ),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
