"""Trial-balance benchmark (SPEC §4.3, §7): LifeOS vs hledger vs Beancount on one ledger.

One seeded ledger of `--size` journal lines (default 1,000,000: two-line entries with some
three- and four-line splits) is generated once and

* loaded into a scratch PostgreSQL and a scratch SQLite database migrated with the real Alembic
  chain (COPY / executemany), with the derived per-account daily totals rebuilt by the finance
  service (`services.totals.rebuild_totals`: daily, then monthly), then the real
  `services.reports.trial_balance(db.session, user_id)` is timed in an app context (the call
  the API route makes) and ``GET /api/v1/finance/trial-balance`` through the Flask test client;
* written as an hledger journal and a Beancount file in bench/out/, and ``hledger balance`` and
  ``bean-query`` (load cache disabled) are timed on them.

Every account's totals are cross-checked: the generator's exact sums, LifeOS on each backend,
hledger and Beancount must all agree. The SQL the service emits is EXPLAINed (ANALYZE).

    .venv/bin/python -m bench.trial_balance                     # the SPEC's 1,000,000 lines
    .venv/bin/python -m bench.trial_balance --size 20000 --runs 5
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import shutil
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import ledger_gen
from bench._common import (
    OUT_DIR,
    ProcessRun,
    Stats,
    bearer_headers,
    capture_sql,
    create_scratch,
    explain,
    has_table,
    head_revision,
    is_query,
    load_average,
    log,
    machine_line,
    make_app,
    migrate,
    pg_version,
    print_table,
    run_process,
    sqlite_version,
    table_columns,
    time_ms,
)

CENT = Decimal("0.01")
SPOT_CHECK = [
    "Assets:Bank:Checking01",
    "Assets:Receivable:Friend08",
    "Liabilities:CreditCard:Visa01",
    "Equity:Contributed:Capital01",
    "Income:Salary:Employer01",
    "Expenses:Groceries:Store01",
    "Expenses:Entertainment:Venue30",
]
RAW_LINES_SQL = (
    "SELECT account_id, SUM(debit) AS debit, SUM(credit) AS credit FROM finance_journal_line "
    "WHERE user_id = {uid} GROUP BY account_id"
)


def cents(value: Any) -> int:
    return int((Decimal(str(value)).quantize(CENT) * 100).to_integral_value())


# ---------------------------------------------------------------------------------------------
# LifeOS


def run_lifeos(backend: str, ledger: ledger_gen.Ledger, args: argparse.Namespace) -> dict[str, Any]:

    from lifeos.domains.finance.services.reports import trial_balance
    from lifeos.extensions import db

    result: dict[str, Any] = {"backend": backend}
    scratch = create_scratch(backend, "lifeos_bench_tb", args.keep)
    log(f"{backend}: scratch database {scratch.url}")
    app = None
    try:
        app = make_app(scratch.url)
        ms, _ = time_ms(lambda: migrate(app))
        result["revision"] = head_revision(app)
        log(f"{backend}: migrated to {result['revision']} in {ms / 1000:.1f} s")
        with_date = "entry_date" in table_columns(app, "finance_journal_line")
        with app.app_context():
            db.engine.dispose()

        start = time.perf_counter()
        if backend == "postgresql":
            loaded = ledger_gen.load_ledger_postgres(ledger, scratch.libpq_url, with_date)
        else:
            loaded = ledger_gen.load_ledger_sqlite(ledger, scratch.path, with_date)
        result["load_s"] = time.perf_counter() - start
        uid = loaded.user_id
        log(
            f"{backend}: loaded {ledger.n_entries:,} entries / {ledger.n_lines:,} lines "
            f"in {result['load_s']:.1f} s"
        )

        result["daily_totals_rows"] = None
        if has_table(app, "finance_account_daily_total"):
            from lifeos.domains.finance.services.totals import rebuild_totals

            with app.app_context():
                start = time.perf_counter()
                rebuilt = rebuild_totals(db.session, uid)
                db.session.commit()
                result["rebuild_s"] = time.perf_counter() - start
                result["daily_totals_rows"] = rebuilt.daily
                result["monthly_totals_rows"] = rebuilt.monthly
                db.session.remove()
            log(
                f"{backend}: rebuild_totals → {rebuilt.daily:,} daily / {rebuilt.monthly:,} monthly rows "
                f"in {result['rebuild_s']:.1f} s"
            )
        _settle(scratch, backend)

        with app.app_context():
            call = lambda: trial_balance(db.session, uid, hide_zero=False)  # noqa: E731
            result["first_ms"], tb = time_ms(call)
            db.session.remove()
            stats = Stats()
            for _ in range(args.runs):
                ms, tb = time_ms(call)
                db.session.remove()
                stats.add(ms)
            result["tb"] = _stats(stats)
            result["totals"] = {
                row.name: (cents(row.debit), cents(row.credit)) for g in tb.groups for row in g.rows
            }
            result["tb_total"] = (cents(tb.total_debit), cents(tb.total_credit), tb.balanced)

            # A one-year period (from / as_of), as the report is also used.
            last = ledger.entry_date(ledger.n_entries - 1)
            period = (date(last.year, 1, 1), last)
            pstats = Stats()
            for _ in range(args.runs):
                ms, _tb = time_ms(
                    lambda: trial_balance(
                        db.session, uid, date_from=period[0], as_of=period[1], hide_zero=False
                    )
                )
                db.session.remove()
                pstats.add(ms)
            result["tb_period"] = _stats(pstats)
            result["period"] = f"{period[0]}..{period[1]}"

            # Reference: the same sums straight from the 1M journal lines (no daily totals).
            raw = Stats()
            sql = RAW_LINES_SQL.format(uid=uid)
            for _ in range(max(1, min(3, args.runs))):
                with db.engine.connect() as conn:
                    ms, _rows = time_ms(lambda conn=conn: conn.exec_driver_sql(sql).fetchall())
                raw.add(ms)
            result["raw_lines"] = _stats(raw)

            result["explain"] = _explain(app, uid, backend)
            with db.engine.connect() as conn:
                raw_plan = explain(conn, db.engine.dialect.name, sql, ())
            result["raw_plan"] = raw_plan
            result["http"] = _http(app, uid, args.http_runs)
        if backend == "postgresql" and args.what_if and has_table(app, "finance_account_daily_total"):
            with app.app_context():
                db.engine.dispose()
            result["what_if"] = what_if_postgres(scratch.libpq_url, uid, args.runs)
    finally:
        if app is not None:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
        scratch.drop()
    return result


def _settle(scratch: Any, backend: str) -> None:
    """Statistics (and, on PostgreSQL, the visibility map) as a settled database has them."""
    if backend == "postgresql":
        import psycopg

        with psycopg.connect(scratch.libpq_url, autocommit=True) as conn:
            conn.execute("VACUUM (ANALYZE)")
    else:
        import sqlite3

        conn = sqlite3.connect(scratch.path)
        conn.execute("ANALYZE")
        conn.close()


WHAT_IF_SQL = """
SELECT a.id, a.name, a.account_type, a.account_subtype, a.is_active, s.debit, s.credit
FROM finance_account a
LEFT JOIN (SELECT account_id, SUM(debit) AS debit, SUM(credit) AS credit FROM {source}
           WHERE user_id = %(u)s GROUP BY account_id) s ON s.account_id = a.id
WHERE a.user_id = %(u)s AND (a.is_active OR s.account_id IS NOT NULL)
ORDER BY a.normalized_name, a.id
"""


def what_if_postgres(libpq_url: str, uid: int, runs: int) -> list[dict[str, Any]]:
    """Schema alternatives, tried on the scratch database only (never the app's schema).

    The all-time trial balance query, same shape as the service's, over: the daily totals as
    migrated; the same with a covering index; a monthly rollup; one row per account.
    """
    import psycopg

    variants = [
        ("daily totals, as migrated (baseline)", "finance_account_daily_total", []),
        (
            "daily totals + covering index (user_id, account_id) INCLUDE (debit, credit)",
            "finance_account_daily_total",
            [
                "CREATE INDEX bench_ix_daily_cover ON finance_account_daily_total (user_id, account_id) "
                "INCLUDE (debit, credit)",
                "VACUUM (ANALYZE) finance_account_daily_total",
            ],
        ),
        (
            "monthly totals table (user_id, account_id, month)",
            "bench_monthly_total",
            [
                "CREATE TABLE bench_monthly_total AS SELECT user_id, account_id, "
                "date_trunc('month', entry_date)::date AS month, SUM(debit) AS debit, SUM(credit) AS credit "
                "FROM finance_account_daily_total GROUP BY 1, 2, 3",
                "ALTER TABLE bench_monthly_total ADD PRIMARY KEY (user_id, account_id, month)",
                "VACUUM (ANALYZE) bench_monthly_total",
            ],
        ),
        (
            "per-account balance table (user_id, account_id)",
            "bench_account_total",
            [
                "CREATE TABLE bench_account_total AS SELECT user_id, account_id, SUM(debit) AS debit, "
                "SUM(credit) AS credit FROM finance_account_daily_total GROUP BY 1, 2",
                "ALTER TABLE bench_account_total ADD PRIMARY KEY (user_id, account_id)",
                "VACUUM (ANALYZE) bench_account_total",
            ],
        ),
    ]
    out = []
    with psycopg.connect(libpq_url, autocommit=True) as conn:
        for label, source, setup in variants:
            for ddl in setup:
                conn.execute(ddl)
            rows = conn.execute(
                f"SELECT count(*) FROM {source} WHERE user_id = %(u)s", {"u": uid}
            ).fetchone()[0]
            sql = WHAT_IF_SQL.format(source=source)
            conn.execute(sql, {"u": uid}).fetchall()  # warm
            st = Stats()
            for _ in range(runs):
                ms, _r = time_ms(lambda sql=sql: conn.execute(sql, {"u": uid}).fetchall())
                st.add(ms)
            plan = "\n".join(r[0] for r in conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, {"u": uid}))
            out.append({"label": label, "rows": rows, **_stats(st), "plan": plan})
    return out


def _stats(st: Stats) -> dict[str, float]:
    return {"n": st.n, "min": st.min, "p50": st.p50, "p95": st.p95, "max": st.max}


def _explain(app: Any, uid: int, backend: str) -> list[dict[str, str]]:
    from lifeos.domains.finance.services.reports import trial_balance
    from lifeos.extensions import db

    with capture_sql(db.engine) as captured:
        trial_balance(db.session, uid, hide_zero=False)
    db.session.remove()
    plans = []
    with db.engine.connect() as conn:
        for statement, params in captured:
            if is_query(statement):
                plans.append(
                    {
                        "sql": statement,
                        "params": str(params),
                        "plan": explain(conn, db.engine.dialect.name, statement, params),
                    }
                )
    return plans


def _http(app: Any, uid: int, runs: int) -> dict[str, Any]:
    try:
        headers = bearer_headers(app, uid)
    except Exception as exc:  # noqa: BLE001 - the auth API may move; report, don't crash
        return {"error": repr(exc)}
    client = app.test_client()
    url = "/api/v1/finance/trial-balance"
    client.get(url, query_string={"hide_zero": "false"}, headers=headers)
    st = Stats()
    for _ in range(runs):
        start = time.perf_counter()
        resp = client.get(url, query_string={"hide_zero": "false"}, headers=headers)
        st.add((time.perf_counter() - start) * 1000)
        if resp.status_code != 200:
            return {"error": f"HTTP {resp.status_code}: {resp.get_data(as_text=True)[:300]}"}
    body = resp.get_json()
    return {**_stats(st), "balanced": body.get("balanced"), "totals": body.get("totals")}


# ---------------------------------------------------------------------------------------------
# hledger and Beancount


def run_hledger(journal: Path, runs: int) -> dict[str, Any]:
    exe = shutil.which("hledger")
    if not exe:
        return {"error": "hledger not installed (apt-get install -y hledger)"}
    version = run_process([exe, "--version"]).stdout.strip()
    cmd = [exe, "-f", str(journal), "balance", "--flat", "--no-total", "-O", "csv"]
    runs_out = [run_process(cmd) for _ in range(runs)]
    last = runs_out[-1]
    if last.returncode != 0:
        return {"error": f"hledger exited {last.returncode}: {last.stderr[:500]}"}
    totals = {}
    for row in csv.DictReader(io.StringIO(last.stdout)):
        amount = row["balance"].replace("USD", "").replace(",", "").strip() or "0"
        totals[row["account"]] = cents(amount)
    return {"version": version, "cmd": " ".join(cmd), **_proc_stats(runs_out), "net": totals}


def run_beancount(ledger_file: Path, runs: int) -> dict[str, Any]:
    exe = shutil.which("bean-query") or str(Path(sys.executable).parent / "bean-query")
    if not Path(exe).exists():
        return {"error": "bean-query not installed (pip install -r requirements-bench.txt)"}
    env = dict(os.environ, BEANCOUNT_DISABLE_LOAD_CACHE="1")
    from importlib.metadata import version

    query = "SELECT account, sum(number) AS balance GROUP BY account ORDER BY account"
    cmd = [exe, "-f", "csv", str(ledger_file), query]
    runs_out = []
    for _ in range(runs):
        # Belt and braces: no pickle cache may survive from an earlier run.
        for cache in ledger_file.parent.glob(f".{ledger_file.name}.picklecache"):
            cache.unlink()
        runs_out.append(run_process(cmd, env=env))
    last = runs_out[-1]
    if last.returncode != 0:
        return {"error": f"bean-query exited {last.returncode}: {last.stderr[:500]}"}
    totals = {
        row["account"].strip(): cents(row["balance"].strip() or "0")
        for row in csv.DictReader(io.StringIO(last.stdout))
    }
    return {
        "version": f"beancount {version('beancount')}, beanquery {version('beanquery')}",
        "cmd": "BEANCOUNT_DISABLE_LOAD_CACHE=1 " + " ".join(cmd[:-1]) + f' "{query}"',
        **_proc_stats(runs_out),
        "net": totals,
        "warnings": last.stderr.strip()[:300],
    }


def _proc_stats(runs: list[ProcessRun]) -> dict[str, Any]:
    walls = sorted(r.wall_s for r in runs)
    return {
        "runs": len(runs),
        "wall_s": walls[len(walls) // 2],
        "wall_min_s": walls[0],
        "max_rss_mib": max(r.max_rss_mib for r in runs),
    }


# ---------------------------------------------------------------------------------------------
# Report


def cross_check(
    truth: dict[str, tuple[int, int]], lifeos: list[dict[str, Any]], tools: dict[str, dict[str, Any]]
) -> tuple[list[list[Any]], list[str]]:
    """Compare every account's debit/credit (LifeOS) and net (all) against the generator."""
    problems: list[str] = []
    for r in lifeos:
        for name, (d, c) in truth.items():
            got = r["totals"].get(name)
            if got != (d, c):
                problems.append(f"LifeOS/{r['backend']} {name}: {got} != {(d, c)}")
        td, tc, balanced = r["tb_total"]
        if (td, tc) != (sum(d for d, _ in truth.values()), sum(c for _, c in truth.values())) or not balanced:
            problems.append(f"LifeOS/{r['backend']} report totals {td}/{tc} balanced={balanced}")
    for tool, res in tools.items():
        if "net" not in res:
            continue
        for name, (d, c) in truth.items():
            if res["net"].get(name, 0) != d - c:
                problems.append(f"{tool} {name}: {res['net'].get(name)} != {d - c}")
    rows = []
    for name in SPOT_CHECK:
        d, c = truth[name]
        row: list[Any] = [name, _money(d - c)]
        for r in lifeos:
            ld, lc = r["totals"].get(name, (0, 0))
            row.append(_money(ld - lc))
        for res in tools.values():
            row.append(_money(res["net"].get(name, 0)) if "net" in res else "–")
        rows.append(row)
    return rows, problems


def _money(c: int) -> str:
    return f"{Decimal(c) / 100:,.2f}"


def report(
    args: argparse.Namespace,
    ledger: ledger_gen.Ledger,
    gen_s: float,
    files_s: float,
    lifeos: list[dict[str, Any]],
    tools: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    print(f"\nTrial balance benchmark — {time.strftime('%Y-%m-%d %H:%M')} — {machine_line()}")
    print(f"Load average at start / end: {args.load_start} / {load_average()}")
    versions = [pg_version() if r["backend"] == "postgresql" else sqlite_version() for r in lifeos]
    tool_versions = [t.get("version", "") for t in tools.values() if t.get("version")]
    print("Versions: " + ", ".join(versions + tool_versions))
    print(
        f"Ledger: seed {args.seed}, {ledger.n_entries:,} entries, {ledger.n_lines:,} journal lines, "
        f"{len(ledger.accounts)} accounts, {ledger.start}..{ledger.entry_date(ledger.n_entries - 1)}; "
        f"generated in {gen_s:.1f} s, .journal + .beancount written in {files_s:.1f} s"
    )

    rows = []
    for r in lifeos:
        rows.append(
            [
                f"LifeOS {r['backend']}: trial_balance() (all time)",
                r["tb"]["p50"],
                r["tb"]["p95"],
                r["tb"]["min"],
                r["first_ms"],
                r["tb"]["n"],
            ]
        )
        rows.append(
            [
                f"LifeOS {r['backend']}: trial_balance() {r['period']}",
                r["tb_period"]["p50"],
                r["tb_period"]["p95"],
                r["tb_period"]["min"],
                float("nan"),
                r["tb_period"]["n"],
            ]
        )
        http = r["http"]
        if "error" not in http:
            rows.append(
                [
                    f"LifeOS {r['backend']}: GET /trial-balance (test client)",
                    http["p50"],
                    http["p95"],
                    http["min"],
                    float("nan"),
                    http["n"],
                ]
            )
        rows.append(
            [
                f"  reference: SUM over journal lines ({r['backend']})",
                r["raw_lines"]["p50"],
                r["raw_lines"]["p95"],
                r["raw_lines"]["min"],
                float("nan"),
                r["raw_lines"]["n"],
            ]
        )
    for name, res in tools.items():
        if "error" in res:
            rows.append([name, "error", "", "", "", ""])
        else:
            rows.append(
                [
                    name,
                    res["wall_s"] * 1000,
                    float("nan"),
                    res["wall_min_s"] * 1000,
                    float("nan"),
                    res["runs"],
                ]
            )
    print_table("Wall / server time (ms)", ["what", "p50", "p95", "min", "first call", "runs"], rows)

    base = next((r for r in lifeos if r["backend"] == "postgresql"), lifeos[0] if lifeos else None)
    if base:
        ratio_rows = []
        for r in lifeos:
            ratio_rows.append([f"LifeOS {r['backend']}", r["tb"]["p50"], r["tb"]["p50"] / base["tb"]["p50"]])
        for name, res in tools.items():
            if "error" not in res:
                ratio_rows.append(
                    [
                        f"{name} (peak RSS {res['max_rss_mib']:,.0f} MiB)",
                        res["wall_s"] * 1000,
                        res["wall_s"] * 1000 / base["tb"]["p50"],
                    ]
                )
        print_table(
            f"Ratios to LifeOS {base['backend']} trial_balance() p50",
            ["what", "ms", "× LifeOS " + base["backend"]],
            ratio_rows,
        )

    setup_rows = [
        [
            r["backend"],
            r["revision"],
            r["load_s"],
            r.get("rebuild_s", float("nan")),
            r["daily_totals_rows"] if r["daily_totals_rows"] is not None else "no table",
            r.get("monthly_totals_rows", "no table"),
        ]
        for r in lifeos
    ]
    print_table(
        "Setup (not part of the timings)",
        ["backend", "revision", "load s", "rebuild_totals s", "daily-total rows", "monthly-total rows"],
        setup_rows,
    )

    truth = ledger.totals()
    spot, problems = cross_check(truth, lifeos, tools)
    print_table(
        "Cross-check: net balance (debit − credit) of a few accounts",
        ["account", "generator", *(f"LifeOS {r['backend']}" for r in lifeos), *tools.keys()],
        spot,
    )
    n_acc = len(truth)
    if problems:
        print(f"\nCROSS-CHECK FAILED: {len(problems)} difference(s) over {n_acc} accounts:")
        for p in problems[:20]:
            print("  " + p)
    else:
        sources = len(lifeos) + sum(1 for t in tools.values() if "net" in t)
        total = sum(d for d, _ in truth.values())
        print(
            f"\nCross-check OK: all {n_acc} accounts agree across the generator and {sources} reports; "
            f"total debits = total credits = {_money(total)}"
        )

    for r in lifeos:
        if r.get("what_if"):
            print_table(
                f"What-if on the {r['backend']} scratch database (SQL only, same query shape; "
                "not the app's schema)",
                ["source of the sums", "rows summed", "p50 ms", "p95 ms"],
                [[w["label"], w["rows"], w["p50"], w["p95"]] for w in r["what_if"]],
            )
    for r in lifeos:
        print(f"\nEXPLAIN of the statements trial_balance() emits on {r['backend']}:")
        for p in r["explain"]:
            print("  " + p["plan"].replace("\n", "\n  "))
        print(f"EXPLAIN of the reference SUM over journal lines on {r['backend']}:")
        print("  " + r["raw_plan"].replace("\n", "\n  "))

    print()
    for r in lifeos:
        if r["backend"] == "postgresql":
            ok = r["tb"]["p95"] < 100
            print(
                f"postgresql: trial_balance() p95 {r['tb']['p95']:.1f} ms over {ledger.n_lines:,} lines "
                f"(target < 100 ms: {'met' if ok else 'MISSED'})"
            )
    return {"problems": problems}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=1_000_000, help="journal lines (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--years", type=int, default=10, help="the ledger spans this many years")
    parser.add_argument("--backends", default="postgresql,sqlite")
    parser.add_argument("--runs", type=int, default=20, help="timed trial_balance() calls per backend")
    parser.add_argument("--http-runs", type=int, default=10)
    parser.add_argument("--tool-runs", type=int, default=1, help="runs of hledger and bean-query each")
    parser.add_argument("--no-tools", action="store_true", help="skip hledger and Beancount")
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases and the ledger files")
    parser.add_argument(
        "--no-what-if",
        dest="what_if",
        action="store_false",
        help="skip the schema what-ifs on the PostgreSQL scratch database",
    )
    args = parser.parse_args(argv)
    args.load_start = load_average()

    start = time.perf_counter()
    ledger = ledger_gen.generate_ledger(args.seed, args.size, args.years)
    gen_s = time.perf_counter() - start
    log(f"generated {ledger.n_entries:,} entries / {ledger.n_lines:,} lines in {gen_s:.1f} s")
    start = time.perf_counter()
    stem = OUT_DIR / f"ledger_{args.size}_{args.seed}"
    journal, beancount = stem.with_suffix(".journal"), stem.with_suffix(".beancount")
    if not args.no_tools:
        ledger_gen.write_journal(ledger, journal)
        ledger_gen.write_beancount(ledger, beancount)
    files_s = time.perf_counter() - start

    lifeos = [run_lifeos(b.strip(), ledger, args) for b in args.backends.split(",") if b.strip()]
    tools: dict[str, dict[str, Any]] = {}
    if not args.no_tools:
        log("hledger balance …")
        tools["hledger balance"] = run_hledger(journal, args.tool_runs)
        log("bean-query …")
        tools["bean-query"] = run_beancount(beancount, args.tool_runs)
    outcome = report(args, ledger, gen_s, files_s, lifeos, tools)

    results = {
        "args": dict(vars(args).items()),
        "lifeos": lifeos,
        "tools": {k: {kk: vv for kk, vv in v.items() if kk != "net"} for k, v in tools.items()},
    }
    for r in results["lifeos"]:
        r.pop("totals", None)
    for r in lifeos:
        for w in r.get("what_if", []):
            print(f"\n-- what-if plan: {w['label']}\n{w['plan']}", file=sys.stderr)
    (OUT_DIR / "trial_balance_results.json").write_text(
        json.dumps(results, indent=2, default=str), encoding="utf-8"
    )
    if not args.keep:
        for path in (journal, beancount):
            with contextlib.suppress(OSError):
                path.unlink()
    return 1 if outcome["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
