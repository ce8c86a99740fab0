"""Journal full-text search benchmark (issue 9 "Numbers"): p50/p95 of the real search over the
journal of one user, on PostgreSQL (GIN over the generated tsvector) and SQLite (FTS5).

For each backend it creates a scratch database migrated with the real Alembic chain, loads
`--entries` journal entries for the benchmarked user (and `--others` spread over other users,
interleaved), then times:

* service — `lifeos.domains.journal.services.entries.list_entries(db.session, user_id, q=…,
  limit=…)` inside an app context with a real session: the exact call `GET /journal/entries?q=`
  makes, including the highlighted snippet of every hit on the page;
* http — the route itself through the Flask test client with a real access token: auth, the
  service, and each hit rendered with its Markdown body as HTML (the render cache is cleared
  before every call, so each page is rendered from scratch);

over a seeded mix of queries: rare, medium and common words, two words, misses, and Chinese
queries of one, two (SQLite: LIKE fallback) and four characters (SQLite: trigram FTS5). It then
EXPLAINs (ANALYZE on PostgreSQL) the statement of one query per kind, and on SQLite measures the
LIKE fallback against the trigram index for the same four-character query.

    .venv/bin/python -m bench.journal_search                         # both backends, 5,000 entries
    .venv/bin/python -m bench.journal_search --entries 100000        # the issue's size
    .venv/bin/python -m bench.journal_search --backends postgresql --entries 20000 --queries 500
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
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

# ---------------------------------------------------------------------------------------------
# The generated journal (seeded: the same --seed gives the same entries, byte for byte)

_ONSETS = [
    "b",
    "c",
    "d",
    "f",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "w",
    "br",
    "st",
    "tr",
    "ch",
]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ou", "ea"]
_CODAS = ["", "n", "r", "s", "l", "m", "nd", "st", "rk"]
# Frequent Han characters (a Zipf-weighted draw makes a realistic mix of common and rare ones).
_HAN = (
    "的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可"
    "她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已"
    "老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力"
    "机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军"
    "产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常"
    "提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服"
    "毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言"
)
_LATIN_VOCAB = 6000
_ZIPF_S = 1.05


def _vocabulary(rng: random.Random, n: int) -> list[str]:
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < n:
        syllables = rng.choice((1, 2, 2, 3, 3, 4))
        word = "".join(
            rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
        )
        if word not in seen and len(word) >= 3:
            seen.add(word)
            words.append(word)
    return words


def _zipf_cdf(n: int) -> list[float]:
    weights = [1.0 / (rank + 1) ** _ZIPF_S for rank in range(n)]
    total = sum(weights)
    return list(itertools.accumulate(w / total for w in weights))


class Generator:
    """Entries of a personal journal: ~85% Latin-script text, ~15% Chinese, Markdown here and there."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words = _vocabulary(random.Random(seed + 1), _LATIN_VOCAB)
        self.word_cdf = _zipf_cdf(len(self.words))
        self.han_cdf = _zipf_cdf(len(_HAN))

    def _word(self) -> str:
        return self.words[min(bisect.bisect(self.word_cdf, self.rng.random()), len(self.words) - 1)]

    def _han(self) -> str:
        return _HAN[min(bisect.bisect(self.han_cdf, self.rng.random()), len(_HAN) - 1)]

    def _latin_body(self) -> str:
        paragraphs = []
        for _ in range(self.rng.randint(1, 4)):
            sentences = []
            for _ in range(self.rng.randint(2, 6)):
                words = [self._word() for _ in range(self.rng.randint(5, 16))]
                if self.rng.random() < 0.15:
                    i = self.rng.randrange(len(words))
                    words[i] = f"**{words[i]}**"
                sentences.append(" ".join(words).capitalize() + ".")
            paragraphs.append(" ".join(sentences))
        return "\n\n".join(paragraphs)

    def _chinese_body(self) -> str:
        sentences = [
            "".join(self._han() for _ in range(self.rng.randint(6, 24)))
            for _ in range(self.rng.randint(2, 8))
        ]
        return "。".join(sentences) + "。"

    def entry(self, day: date) -> tuple[str, str, str, int | None, str]:
        """(title, body, tags JSON, mood, entry_date)."""
        chinese = self.rng.random() < 0.15
        if chinese:
            title = "".join(self._han() for _ in range(self.rng.randint(2, 6)))
            body = self._chinese_body()
        else:
            title = " ".join(self._word() for _ in range(self.rng.randint(2, 5))).capitalize()
            body = self._latin_body()
        tags = json.dumps(
            self.rng.sample(["work", "family", "health", "travel", "idea", "mood"], self.rng.randint(0, 2))
        )
        mood = self.rng.randint(-5, 5) if self.rng.random() < 0.8 else None
        return title, body, tags, mood, day.isoformat()


def _days(n: int, end: date) -> list[date]:
    """n entry dates ending at `end`: one to three entries a day, newest last."""
    days: list[date] = []
    day = end
    rng = random.Random(n)
    while len(days) < n:
        days.extend([day] * rng.randint(1, 3))
        day -= timedelta(days=1)
    return sorted(days[:n])


# ---------------------------------------------------------------------------------------------
# Loading (the migrated schema; bulk paths, then the indexes rebuilt exactly as migrated)

_COLUMNS = (
    "user_id",
    "title",
    "body",
    "tags",
    "entry_date",
    "is_private",
    "mood_int",
    "created_at",
    "updated_at",
)


def _rows(seed: int, users: list[tuple[int, int]]) -> list[tuple[Any, ...]]:
    """Every user's entries, interleaved by date (a shared table fills over time)."""
    gen = Generator(seed)
    now = datetime(2026, 11, 28, 12, 0, 0)
    rows: list[tuple[Any, ...]] = []
    for user_id, n in users:
        for day in _days(n, date(2026, 11, 27)):
            title, body, tags, mood, entry_date = gen.entry(day)
            rows.append((user_id, title, body, tags, entry_date, True, mood, now, now))
    rows.sort(key=lambda r: (r[4], r[0]))
    return rows


def load_postgres(url: str, rows: list[tuple[Any, ...]]) -> None:
    import psycopg

    with psycopg.connect(url) as conn:
        indexes = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'journal_entry' "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        ).fetchall()
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        with conn.cursor().copy(f"COPY journal_entry ({', '.join(_COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        for _name, ddl in indexes:
            conn.execute(ddl)
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE) journal_entry")


def load_sqlite(path: Path, rows: list[tuple[Any, ...]]) -> None:
    import sqlite3

    conn = sqlite3.connect(path)
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'journal_entry'"
    ).fetchall()
    for name, _ in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    conn.executemany(
        f"INSERT INTO journal_entry ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
        [(*r[:7], r[7].isoformat(" "), r[8].isoformat(" ")) for r in rows],
    )
    for table in ("journal_entry_fts", "journal_entry_fts_trigram"):
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('rebuild')")
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
    for _name, ddl in triggers:
        conn.execute(ddl)
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()


# ---------------------------------------------------------------------------------------------
# Queries


def build_mix(gen: Generator, seed: int, n: int) -> list[tuple[str, str]]:
    """(category, q), shuffled; words are picked by their frequency rank in the generated text."""
    rng = random.Random(seed)
    words = gen.words
    han = _HAN
    kinds: list[tuple[str, float, list[str]]] = [
        ("word: common (rank 1-20)", 0.15, words[0:20]),
        ("word: medium (rank 200-400)", 0.15, words[200:400]),
        ("word: rare (rank 3000-6000)", 0.15, words[3000:6000]),
        ("two words (medium + common)", 0.15, [f"{words[200 + i]} {words[i]}" for i in range(50)]),
        ("miss", 0.10, ["zzqx", "qwertyuiop", "xylophonic", "kkvvkk"]),
        ("Chinese: 1 char", 0.10, list(han[:40])),
        ("Chinese: 2 chars", 0.10, [han[i] + han[i + 1] for i in range(0, 80, 2)]),
        ("Chinese: 4 chars", 0.10, [han[i : i + 2] + han[i + 2 : i + 4] for i in range(0, 40, 4)]),
    ]
    mix: list[tuple[str, str]] = []
    for category, share, queries in kinds:
        count = max(1, round(share * n))
        mix += [(category, rng.choice(queries)) for _ in range(count)]
    rng.shuffle(mix)
    return mix


def _matches(session: Any, uid: int, q: str) -> int:
    """How many of the user's entries match q (the selectivity behind each timing)."""
    from sqlalchemy import func, select

    from lifeos.domains.journal.models import JournalEntry
    from lifeos.domains.journal.services import search

    terms = search.parse_query(q)
    dialect = session.get_bind().dialect.name
    stmt = (
        select(func.count())
        .select_from(JournalEntry)
        .where(JournalEntry.user_id == uid, search.condition(dialect, terms))
    )
    return int(session.scalar(stmt))


def _check(found: Any, q: str) -> None:
    """Cheap correctness guard: every hit holds each term (words case-insensitively)."""
    for item in found.items:
        text = f"{item.entry.title or ''} {item.entry.body}".lower()
        for term in q.lower().split():
            assert term in text, (q, item.entry.id)
        assert item.snippet and "<mark>" in item.snippet, (q, item.snippet)


def run_backend(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    from lifeos.domains.journal import text as journal_text
    from lifeos.domains.journal.services.entries import list_entries
    from lifeos.extensions import db

    result: dict[str, Any] = {"backend": backend}
    scratch = create_scratch(backend, "lifeos_bench_journal", args.keep)
    log(f"{backend}: scratch database {scratch.url}")
    app = None
    try:
        app = make_app(scratch.url)
        elapsed, _ = time_ms(lambda: migrate(app))
        result["revision"] = head_revision(app)
        log(f"{backend}: migrated to {result['revision']} in {elapsed / 1000:.1f} s")
        with app.app_context():
            db.engine.dispose()

        n_others = max(0, args.others)
        users = [(0, args.entries)] + [(i, n_others // 4) for i in range(1, 5) if n_others // 4]
        start = time.perf_counter()
        if backend == "postgresql":
            import psycopg

            from bench import ledger_gen

            with psycopg.connect(scratch.libpq_url) as conn:
                ids = [
                    ledger_gen.create_user_postgres(conn, f"bench-journal-{i}@example.com") for i, _ in users
                ]
                conn.commit()
        else:
            import sqlite3

            from bench import ledger_gen

            conn = sqlite3.connect(scratch.path)
            ids = [ledger_gen.create_user_sqlite(conn, f"bench-journal-{i}@example.com") for i, _ in users]
            conn.commit()
            conn.close()
        uid = ids[0]
        rows = _rows(args.seed, [(ids[i], n) for i, (_, n) in enumerate(users)])
        log(f"{backend}: generated {len(rows):,} entries in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        if backend == "postgresql":
            load_postgres(scratch.libpq_url, rows)
        else:
            assert scratch.path is not None
            load_sqlite(scratch.path, rows)
        result["load_s"] = time.perf_counter() - start
        result["entries_user"] = args.entries
        result["entries_total"] = len(rows)
        log(f"{backend}: loaded and indexed {len(rows):,} entries in {result['load_s']:.1f} s")
        del rows

        gen = Generator(args.seed)
        mix = build_mix(gen, args.seed, args.queries)
        with app.app_context():
            selectivity = {q: _matches(db.session, uid, q) for q in sorted({q for _, q in mix})}
            db.session.remove()
            for _category, q in sorted(set(mix)):  # warm-up: every distinct query once
                list_entries(db.session, uid, q=q, limit=args.limit)
                db.session.remove()
            stats: dict[str, Stats] = {"all": Stats()}
            matched: dict[str, list[int]] = {}
            for category, q in mix:
                journal_text._cached_markdown.cache_clear()
                ms, found = time_ms(lambda q=q: list_entries(db.session, uid, q=q, limit=args.limit))
                db.session.remove()
                _check(found, q)
                stats.setdefault(category, Stats()).add(ms)
                stats["all"].add(ms)
                matched.setdefault(category, []).append(selectivity[q])
            result["service"] = _summary(stats, matched)
            result["http"] = _http_timings(app, uid, mix[: args.http_queries], args.limit)
            result["explain"] = _explain_all(app, uid, mix, args.limit, backend)
            if backend == "sqlite":
                result["cjk_like_vs_trigram"] = _like_vs_trigram(app, uid, mix)
    finally:
        if app is not None:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
        scratch.drop()
    return result


def _summary(stats: dict[str, Stats], matched: dict[str, list[int]]) -> dict[str, Any]:
    out = {}
    for category, st in stats.items():
        m = matched.get(category) or [x for v in matched.values() for x in v]
        out[category] = {
            "n": st.n,
            "p50": st.p50,
            "p95": st.p95,
            "max": st.max,
            "avg_matches": sum(m) / len(m) if m else 0,
        }
    return out


def _http_timings(app: Any, uid: int, mix: list[tuple[str, str]], limit: int) -> dict[str, Any]:
    from lifeos.domains.journal import text as journal_text

    headers = bearer_headers(app, uid)
    client = app.test_client()
    url = "/api/v1/journal/entries"
    stats: dict[str, Stats] = {"all": Stats()}
    for category, q in mix:
        journal_text._cached_markdown.cache_clear()
        start = time.perf_counter()
        resp = client.get(url, query_string={"q": q, "limit": limit}, headers=headers)
        ms = (time.perf_counter() - start) * 1000
        if resp.status_code != 200:
            return {"error": f"HTTP {resp.status_code}: {resp.get_data(as_text=True)[:300]}"}
        stats.setdefault(category, Stats()).add(ms)
        stats["all"].add(ms)
    return _summary(stats, {})


def _explain_all(app: Any, uid: int, mix: list[tuple[str, str]], limit: int, backend: str) -> dict[str, str]:
    """The plan of every statement the service runs for one query of each kind."""
    from lifeos.domains.journal.services.entries import list_entries
    from lifeos.extensions import db

    plans: dict[str, str] = {}
    with app.app_context():
        for category, q in sorted(dict(mix).items()):
            with capture_sql(db.engine) as captured:
                list_entries(db.session, uid, q=q, limit=limit)
            db.session.remove()
            parts = []
            with db.engine.connect() as conn:
                for statement, parameters in captured:
                    if "journal_entry" not in statement or not statement.lstrip().upper().startswith(
                        ("SELECT", "WITH")
                    ):
                        continue
                    parts.append(f"-- {' '.join(statement.split())[:160]}…")
                    parts.append(explain(conn, backend, statement, parameters))
            plans[f"{category}: {q}"] = "\n".join(parts)
    return plans


def _like_vs_trigram(app: Any, uid: int, mix: list[tuple[str, str]]) -> dict[str, Any]:
    """The same 4-character Chinese query through the trigram FTS5 table and as a LIKE scan."""
    from sqlalchemy import text

    from lifeos.extensions import db

    queries = sorted({q for c, q in mix if c == "Chinese: 4 chars"})
    sql = {
        "trigram FTS5": (
            "SELECT id FROM journal_entry WHERE user_id = :u AND id IN (SELECT rowid FROM "
            "journal_entry_fts_trigram WHERE journal_entry_fts_trigram MATCH :m) "
            "ORDER BY entry_date DESC, id DESC LIMIT 21"
        ),
        "LIKE scan": (
            "SELECT id FROM journal_entry WHERE user_id = :u AND "
            "(coalesce(title, '') || ' ' || body) LIKE :p ORDER BY entry_date DESC, id DESC LIMIT 21"
        ),
    }
    out: dict[str, Any] = {}
    with app.app_context(), db.engine.connect() as conn:
        for name, statement in sql.items():
            st = Stats()
            for _ in range(5):
                for q in queries:
                    params = {"u": uid, "m": f'"{q}"', "p": f"%{q}%"}
                    ms, _ = time_ms(lambda s=statement, p=params: conn.execute(text(s), p).all())
                    st.add(ms)
            out[name] = {"n": st.n, "p50": st.p50, "p95": st.p95, "max": st.max}
    return out


# ---------------------------------------------------------------------------------------------
# Report


def report(results: list[dict[str, Any]], args: argparse.Namespace) -> None:
    print(f"# Journal full-text search — {args.entries:,} entries of one user (+{args.others:,} of others)")
    print(f"Machine: {machine_line()}; load average {load_average()}")
    versions = []
    for r in results:
        versions.append(pg_version() if r["backend"] == "postgresql" else sqlite_version())
    print("Versions: " + ", ".join(versions) + f"; seed {args.seed}; limit {args.limit}")
    for r in results:
        print(f"\n## {r['backend']} (revision {r['revision']}; load + index {r['load_s']:.1f} s)")
        rows = [
            [cat, s["n"], s["p50"], s["p95"], s["max"], s["avg_matches"]]
            for cat, s in sorted(r["service"].items(), key=lambda kv: (kv[0] != "all", kv[0]))
        ]
        print_table(
            "Service (list_entries with q; snippets rendered): ms",
            ["queries", "n", "p50", "p95", "max", "matching entries (avg)"],
            rows,
        )
        http = r["http"]
        if "error" in http:
            print(f"\nHTTP: {http['error']}")
        else:
            print_table(
                "HTTP GET /api/v1/journal/entries?q= (in-process): ms",
                ["queries", "n", "p50", "p95", "max"],
                [
                    [c, s["n"], s["p50"], s["p95"], s["max"]]
                    for c, s in sorted(http.items(), key=lambda kv: (kv[0] != "all", kv[0]))
                ],
            )
        if "cjk_like_vs_trigram" in r:
            print_table(
                "SQLite, the same 4-character Chinese queries: trigram FTS5 vs LIKE (SQL only): ms",
                ["path", "n", "p50", "p95", "max"],
                [[k, v["n"], v["p50"], v["p95"], v["max"]] for k, v in r["cjk_like_vs_trigram"].items()],
            )
        print("\nPlans (one query of each kind):")
        for name, plan in r["explain"].items():
            print(f"\n### {name}\n" + "\n".join("    " + line for line in plan.splitlines()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backends", default="postgresql,sqlite")
    parser.add_argument("--entries", type=int, default=5_000, help="entries of the benchmarked user")
    parser.add_argument(
        "--others", type=int, default=None, help="entries of 4 other users (default entries/10)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=400, help="timed service calls per backend")
    parser.add_argument("--http-queries", type=int, default=100, help="timed HTTP calls per backend")
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases")
    parser.add_argument("--json", type=Path, default=None, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    if args.others is None:
        args.others = args.entries // 10
    results = []
    for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
        results.append(run_backend(backend, args))
    report(results, args)
    out = args.json or OUT_DIR / f"journal_search_{args.entries}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=str))
    log(f"results written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
