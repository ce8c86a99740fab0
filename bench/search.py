"""Account typeahead benchmark (SPEC §4.1, §7): p50/p95 of the real search at 100,000 accounts.

For each backend it creates a scratch database migrated with the real Alembic chain, loads
`--total` accounts (`--size` of them for the benchmarked user, the rest spread over other users
of `--size` accounts each), then times:

* service — `lifeos.domains.finance.services.search.search_accounts(db.session, user_id, q, limit)`
  inside an app context with a real session: the exact call the API route makes;
* http — ``GET /api/v1/finance/accounts/search`` through the Flask test client with a real
  access token (in-process: auth, validation, the service, serialisation; no network);

over a seeded mix of queries (1–4 letter prefixes, word starts, substring hits and misses, an
empty q). It then EXPLAINs (ANALYZE, BUFFERS on PostgreSQL) every statement the service emits for
one query of each kind, and the guide's prefix query ``user_id = ? AND normalized_name LIKE
'sav%'``, and says whether it is served by an index.

    .venv/bin/python -m bench.search                 # both backends, the SPEC's sizes
    .venv/bin/python -m bench.search --backends sqlite --size 10000 --total 20000
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import ledger_gen
from bench._common import (
    OUT_DIR,
    Stats,
    bearer_headers,
    capture_sql,
    create_scratch,
    explain,
    head_revision,
    is_query,
    load_average,
    log,
    machine_line,
    make_app,
    migrate,
    pg_version,
    plan_uses_seq_scan,
    print_table,
    sqlite_version,
    time_ms,
)

# The query mix: (category, share of the timed queries, queries). Words come from the generator.
QUERY_MIX: list[tuple[str, float, list[str]]] = [
    ("prefix-1", 0.15, ["s", "g", "c", "d", "m", "v", "t", "r", "b", "e"]),
    ("prefix-2", 0.15, ["sa", "gr", "ch", "di", "mo", "vi", "tr", "re", "co", "el"]),
    ("prefix-3", 0.15, ["sav", "gro", "che", "din", "mor", "vis", "tra", "ren", "cof", "ele"]),
    ("prefix-4", 0.15, ["savi", "groc", "chec", "dini", "mort", "visa", "trav", "rent", "coff", "elec"]),
    (
        "word-start",
        0.15,
        ["ally", "lidl", "netflix", "costco", "chase", "spot", "shell", "joint", "zür", "0412"],
    ),
    ("substring-hit", 0.05, ["ving", "ocer", "flix", "ortg", "ricit"]),
    ("substring-miss", 0.10, ["zzq", "xylo", "qwv", "kkx", "savings zzz", "visa 99999"]),
    ("empty", 0.10, [""]),
]
# The deployment guide's check, verbatim in shape (a literal pattern, no ORDER BY / LIMIT).
PREFIX_SQL = "SELECT * FROM finance_account WHERE user_id = {uid} AND normalized_name LIKE 'sav%'"


def build_mix(seed: int, n: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    mix: list[tuple[str, str]] = []
    for category, share, queries in QUERY_MIX:
        count = max(len(queries), round(share * n))
        mix += [(category, queries[i % len(queries)]) for i in range(count)]
    rng.shuffle(mix)
    return mix


def run_backend(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    from sqlalchemy import text

    from lifeos.domains.finance.services.search import search_accounts
    from lifeos.extensions import db

    result: dict[str, Any] = {"backend": backend}
    scratch = create_scratch(backend, "lifeos_bench_search", args.keep)
    log(f"{backend}: scratch database {scratch.url}")
    app = None
    try:
        app = make_app(scratch.url)
        elapsed, _ = time_ms(lambda: migrate(app))
        result["revision"] = head_revision(app)
        log(f"{backend}: migrated to {result['revision']} in {elapsed / 1000:.1f} s")

        # Users: the benchmarked one first, then the others that fill the table to --total.
        others = max(0, -(-(args.total - args.size) // args.size))
        per_user: dict[int, int] = {}
        with app.app_context():
            db.engine.dispose()
        start = time.perf_counter()
        if backend == "postgresql":
            import psycopg

            with psycopg.connect(scratch.libpq_url) as conn:
                ids = [
                    ledger_gen.create_user_postgres(conn, f"bench-search-{i}@example.com")
                    for i in range(others + 1)
                ]
                conn.commit()
        else:
            import sqlite3

            conn = sqlite3.connect(scratch.path)
            ids = [
                ledger_gen.create_user_sqlite(conn, f"bench-search-{i}@example.com")
                for i in range(others + 1)
            ]
            conn.commit()
            conn.close()
        uid = ids[0]
        left = args.total
        for user_id in ids:
            per_user[user_id] = min(args.size, left)
            left -= per_user[user_id]
        if backend == "postgresql":
            n = ledger_gen.load_accounts_postgres(scratch.libpq_url, args.seed, per_user)
            with psycopg.connect(scratch.libpq_url, autocommit=True) as conn:
                conn.execute("VACUUM (ANALYZE) finance_account")
        else:
            n = ledger_gen.load_accounts_sqlite(scratch.path, args.seed, per_user)
        result["load_s"] = time.perf_counter() - start
        result["accounts_total"] = n
        result["accounts_user"] = per_user[uid]
        log(
            f"{backend}: loaded {n:,} accounts ({per_user[uid]:,} for user {uid}) in {result['load_s']:.1f} s"
        )

        with app.app_context():
            active = db.session.execute(
                text("SELECT count(*) FROM finance_account WHERE user_id = :u AND is_active = :t"),
                {"u": uid, "t": True},
            ).scalar_one()
            result["accounts_user_active"] = int(active)
            db.session.remove()

            n_queries = args.queries if backend == "postgresql" else min(args.queries, args.sqlite_queries)
            result["n_queries"] = n_queries
            mix = build_mix(args.seed, n_queries)
            # Warm-up: every distinct query once (fills caches, as a running server has them).
            for _category, q in {(c, q) for c, q in mix}:
                search_accounts(db.session, uid, q, args.limit)
                db.session.remove()
            stats: dict[str, Stats] = {"all": Stats()}
            hits: dict[str, list[int]] = {}
            for category, q in mix:
                ms, found = time_ms(lambda q=q: search_accounts(db.session, uid, q, args.limit))
                db.session.remove()  # end of request: the connection goes back to the pool
                stats.setdefault(category, Stats()).add(ms)
                stats["all"].add(ms)
                hits.setdefault(category, []).append(len(found))
                _check_order(category, q, found)
            result["service"] = _summary(stats, hits)

            result["http"] = _http_timings(app, uid, mix[: args.http_queries], args.limit)
            result["explain"] = _explain_all(app, uid, args.limit, backend)
            if backend == "postgresql" and args.what_if:
                result["what_if"] = _what_if_trigram(app, uid, args)
    finally:
        if app is not None:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
        scratch.drop()
    return result


def _check_order(category: str, q: str, found: list[Any]) -> None:
    """Cheap correctness guard: prefix queries return prefix matches first."""
    if category.startswith("prefix") and found:
        assert found[0].normalized_name.startswith(q), (q, found[0].normalized_name)


def _summary(stats: dict[str, Stats], hits: dict[str, list[int]]) -> dict[str, Any]:
    out = {}
    for category, st in stats.items():
        h = hits.get(category) or [x for v in hits.values() for x in v]
        out[category] = {
            "n": st.n,
            "p50": st.p50,
            "p95": st.p95,
            "max": st.max,
            "mean": st.mean,
            "avg_results": sum(h) / len(h) if h else 0,
        }
    return out


def _http_timings(app: Any, uid: int, mix: list[tuple[str, str]], limit: int) -> dict[str, Any]:
    """End-to-end in-process: the route with auth, validation, service and JSON."""
    try:
        headers = bearer_headers(app, uid)
    except Exception as exc:  # noqa: BLE001 - the auth API may move; report, don't crash
        log(f"http timings skipped: {exc!r}")
        return {"error": repr(exc)}
    client = app.test_client()
    url = "/api/v1/finance/accounts/search"
    for _c, q in mix[:50]:  # warm-up
        client.get(url, query_string={"q": q, "limit": limit}, headers=headers)
    stats: dict[str, Stats] = {"all": Stats()}
    for category, q in mix:
        start = time.perf_counter()
        resp = client.get(url, query_string={"q": q, "limit": limit}, headers=headers)
        ms = (time.perf_counter() - start) * 1000
        if resp.status_code != 200:
            return {"error": f"HTTP {resp.status_code}: {resp.get_data(as_text=True)[:300]}"}
        stats.setdefault(category, Stats()).add(ms)
        stats["all"].add(ms)
    return _summary(stats, {})


_NODE = re.compile(
    r"(Seq Scan|Index Only Scan(?: Backward)?|Index Scan(?: Backward)?|Bitmap Index Scan|"
    r"Bitmap Heap Scan|Sort|Incremental Sort|Limit|Gather|Aggregate|HashAggregate|GroupAggregate)"
    r"( using \S+)?( on \S+)?"
)


def plan_summary(plan: str, dialect: str) -> str:
    if dialect != "postgresql":
        return " / ".join(line.strip() for line in plan.splitlines())
    nodes = []
    for line in plan.splitlines():
        m = _NODE.search(line)
        if m and ("->" in line or line == plan.splitlines()[0]):
            nodes.append("".join(g for g in m.groups() if g))
    exec_time = next((line.strip() for line in plan.splitlines() if line.startswith("Execution Time")), "")
    return " → ".join(nodes) + (f"  [{exec_time}]" if exec_time else "")


def _explain_all(app: Any, uid: int, limit: int, backend: str) -> dict[str, Any]:
    from sqlalchemy import text

    from lifeos.domains.finance.services.search import search_accounts
    from lifeos.extensions import db

    dialect = db.engine.dialect.name
    plans: list[dict[str, Any]] = []
    full: list[str] = []
    for category, _share, queries in QUERY_MIX:
        q = queries[2 % len(queries)]
        with capture_sql(db.engine) as captured:
            search_accounts(db.session, uid, q, limit)
        db.session.remove()
        with db.engine.connect() as conn:
            for i, (statement, params) in enumerate(s for s in captured if is_query(s[0])):
                plan = explain(conn, dialect, statement, params)
                plans.append(
                    {
                        "category": category,
                        "q": q,
                        "stmt": i + 1,
                        "summary": plan_summary(plan, dialect),
                        "seq_scan": plan_uses_seq_scan(plan, dialect, "finance_account"),
                    }
                )
                full.append(f"--- {category} q={q!r} statement {i + 1}\n{statement}\n{params}\n\n{plan}\n")
    # The guide's query, with a literal pattern.
    sql = PREFIX_SQL.format(uid=uid)
    with db.engine.connect() as conn:
        plan = explain(conn, dialect, sql, ())
    full.append(f"--- guide prefix query\n{sql}\n\n{plan}\n")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"search_explain_{backend}.txt"
    path.write_text("\n".join(full), encoding="utf-8")
    with db.engine.connect() as conn:
        indexes = (
            conn.execute(
                text(
                    "SELECT indexdef FROM pg_indexes WHERE tablename = 'finance_account' ORDER BY indexname"
                    if dialect == "postgresql"
                    else "SELECT sql FROM sqlite_master WHERE type = 'index' "
                    "AND tbl_name = 'finance_account' ORDER BY name"
                )
            )
            .scalars()
            .all()
        )
    return {
        "plans": plans,
        "prefix_plan": plan,
        "prefix_seq_scan": plan_uses_seq_scan(plan, dialect, "finance_account"),
        "prefix_index_scan": "Index" in plan if dialect == "postgresql" else "USING" in plan,
        "prefix_range_in_index": prefix_range_in_index(plan, dialect),
        "indexes": [i for i in indexes if i],
        "file": str(path),
    }


def prefix_range_in_index(plan: str, dialect: str) -> bool:
    """Is the LIKE prefix an index range (not just a filter over the user's rows)?"""
    if dialect == "postgresql":
        return any("Index Cond" in line and "normalized_name" in line for line in plan.splitlines())
    return "normalized_name>" in plan.replace(" ", "")


SLOW_TIER = ("word-start", "substring-hit", "substring-miss")


def _what_if_trigram(app: Any, uid: int, args: argparse.Namespace) -> dict[str, Any]:
    """What-if on the scratch database only: a trigram GIN index for the word-start/substring tier.

    Adds pg_trgm + btree_gin and ``GIN (user_id, normalized_name gin_trgm_ops)``, then re-times
    the service on the queries that reach the second tier and EXPLAINs that tier's statement.
    """
    from sqlalchemy import text

    from lifeos.domains.finance.services.search import search_accounts
    from lifeos.extensions import db

    ddl = (
        "CREATE INDEX bench_ix_account_trgm ON finance_account "
        "USING gin (user_id, normalized_name gin_trgm_ops)"
    )
    with db.engine.begin() as conn:
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS btree_gin"))
        start = time.perf_counter()
        conn.execute(text(ddl))
        build_s = time.perf_counter() - start
        conn.execute(text("ANALYZE finance_account"))
    db.engine.dispose()  # fresh connections: no plans cached from before the index
    mix = [(c, q) for c, q in build_mix(args.seed, args.queries) if c in SLOW_TIER]
    for _c, q in {(c, q) for c, q in mix}:
        search_accounts(db.session, uid, q, args.limit)
        db.session.remove()
    stats: dict[str, Stats] = {}
    for category, q in mix:
        ms, _found = time_ms(lambda q=q: search_accounts(db.session, uid, q, args.limit))
        db.session.remove()
        stats.setdefault(category, Stats()).add(ms)
    with capture_sql(db.engine) as captured:
        search_accounts(db.session, uid, "netflix", args.limit)
    db.session.remove()
    statement, params = [c for c in captured if is_query(c[0])][-1]
    with db.engine.connect() as conn:
        plan = explain(conn, "postgresql", statement, params)
    return {
        "ddl": ddl,
        "build_s": build_s,
        "plan": plan,
        "summary": plan_summary(plan, "postgresql"),
        "stats": {c: {"n": st.n, "p50": st.p50, "p95": st.p95} for c, st in stats.items()},
    }


def report(results: list[dict[str, Any]], args: argparse.Namespace) -> None:
    print(f"\nAccount search benchmark — {time.strftime('%Y-%m-%d %H:%M')} — {machine_line()}")
    print(f"Load average at start / end: {args.load_start} / {load_average()}")
    versions = [pg_version() if r["backend"] == "postgresql" else sqlite_version() for r in results]
    print(
        f"Databases: {', '.join(versions)}; seed {args.seed}; limit {args.limit}; "
        f"timed service calls: {args.queries} (PostgreSQL) / "
        f"{min(args.queries, args.sqlite_queries)} (SQLite), "
        f"HTTP calls: {args.http_queries}"
    )
    for r in results:
        print(
            f"\n## {r['backend']}: {r['accounts_user']:,} accounts for the user "
            f"({r['accounts_user_active']:,} active), {r['accounts_total']:,} in the table; "
            f"revision {r['revision']}; load {r['load_s']:.1f} s"
        )
        rows = []
        http = r.get("http", {})
        for category in ["all", *(c for c, _s, _q in QUERY_MIX)]:
            s = r["service"].get(category)
            if not s:
                continue
            h = http.get(category) if "error" not in http else None
            rows.append(
                [
                    category,
                    s["n"],
                    s["p50"],
                    s["p95"],
                    s["max"],
                    s["avg_results"],
                    h["p50"] if h else float("nan"),
                    h["p95"] if h else float("nan"),
                ]
            )
        print_table(
            "Server time of search_accounts() (ms) and end-to-end HTTP via the test client (ms)",
            ["queries", "n", "p50", "p95", "max", "avg hits", "http p50", "http p95"],
            rows,
        )
        if "error" in http:
            print(f"(HTTP timings not taken: {http['error']})")
        ex = r["explain"]
        print_table(
            "Plans of the statements the service emits (one query per kind)",
            ["queries", "q", "stmt", "seq scan?", "plan"],
            [
                [p["category"], repr(p["q"]), p["stmt"], "YES" if p["seq_scan"] else "no", p["summary"]]
                for p in ex["plans"]
            ],
        )
        if ex["prefix_seq_scan"] or not ex["prefix_index_scan"]:
            verdict = "NOT an index scan"
        elif ex["prefix_range_in_index"]:
            verdict = "index scan; the prefix is an index range condition"
        else:
            verdict = "index scan on user_id only; the prefix is a filter over the user's rows"
        print(f"\nGuide prefix query ({verdict}):\n  {PREFIX_SQL.format(uid='?')}")
        print("  " + ex["prefix_plan"].replace("\n", "\n  "))
        print(f"(full plans: {ex['file']})")
        wi = r.get("what_if")
        if wi:
            rows = []
            for category in SLOW_TIER:
                before, after = r["service"].get(category), wi["stats"].get(category)
                if before and after:
                    rows.append([category, before["p50"], before["p95"], after["p50"], after["p95"]])
            print_table(
                f"What-if (scratch database only, not the app's schema): {wi['ddl']} "
                f"(built in {wi['build_s']:.1f} s)",
                ["queries", "p50 as is", "p95 as is", "p50 with trigram", "p95 with trigram"],
                rows,
            )
            print(f"  second-tier plan for 'netflix' with it: {wi['summary']}")
    print()
    for r in results:
        target = 10.0 if r["backend"] == "postgresql" else 100.0
        measured = r["service"]["all"]["p95"]
        http = r.get("http", {}).get("all")
        e2e = f", HTTP p95 {http['p95']:.2f} ms" if http else ""
        print(
            f"{r['backend']}: service p95 {measured:.2f} ms (target < {target:.0f} ms: "
            f"{'met' if measured < target else 'MISSED'}){e2e}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backends", default="postgresql,sqlite")
    parser.add_argument("--size", type=int, default=100_000, help="accounts of the benchmarked user")
    parser.add_argument("--total", type=int, default=1_000_000, help="accounts in the table (all users)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=2000, help="timed service calls per backend")
    parser.add_argument("--http-queries", type=int, default=500, help="timed HTTP calls per backend")
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases")
    parser.add_argument(
        "--no-what-if",
        dest="what_if",
        action="store_false",
        help="skip the trigram-index what-if on the PostgreSQL scratch database",
    )
    parser.add_argument(
        "--sqlite-queries",
        type=int,
        default=600,
        help="timed service calls on SQLite (its second tier is slow; default 600)",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    if args.total < args.size:
        parser.error("--total must be at least --size")
    args.load_start = load_average()
    results = [run_backend(b.strip(), args) for b in args.backends.split(",") if b.strip()]
    report(results, args)
    out = args.json or OUT_DIR / "search_results.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
