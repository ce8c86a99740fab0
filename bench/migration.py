"""Benchmark: revision 20251218_backend_updates_validation on 1,000,000 accounts needing backfill.

Builds a scratch PostgreSQL database at 20251216 (the legacy shape), bulk-loads accounts with
empty normalized_name spread over users (generate_series), runs the validation revision, and
prints the total time, the longest single statement (each runs in its own transaction, so that
is also the longest lock) and the longest statement holding a lock that blocks writers (batch
UPDATEs, ALTER TABLE, the DDL transaction; not CREATE INDEX CONCURRENTLY or VALIDATE).
Targets: < 30 s total, no statement that blocks the app's writes for 5 s or more.

    .venv/bin/python bench/migration.py [--accounts 1000000] [--users 1000] [--keep]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from contextlib import redirect_stdout
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("APP_ENV", "test")

from lifeos.devtools.scratch_db import (
    DEFAULT_PG_ADMIN_URL,
    create_pg_database,
    drop_pg_database,
)

ADMIN_URL = os.environ.get("LIFEOS_BENCH_PG_URL", DEFAULT_PG_ADMIN_URL)
BEFORE, TARGET = "20251216_drop_legacy_habits_relationships", "20251218_backend_updates_validation"


def _load(conn: sa.Connection, accounts: int, users: int) -> None:
    conn.execute(sa.text(
        "INSERT INTO \"user\" (id, email, password_hash) "
        "SELECT g, 'user' || g || '@example.com', 'x' FROM generate_series(1, :users) AS g"
    ), {"users": users})  # fmt: skip
    conn.execute(
        sa.text("INSERT INTO finance_account_category (id, code, name) VALUES (1, '1000', 'Assets')")
    )
    # Mixed case, padding and doubled spaces so the backfill has real work; unique per user.
    conn.execute(sa.text(
        "INSERT INTO finance_account (user_id, category_id, name, account_type, normalized_name) "
        "SELECT 1 + g % :users, 1, '  Savings  Account ' || g || ' ', 'asset', '' "
        "FROM generate_series(1, :accounts) AS g"
    ), {"users": users, "accounts": accounts})  # fmt: skip
    conn.execute(sa.text("ANALYZE"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=1_000)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()

    import flask_migrate

    from lifeos import create_app
    from lifeos.extensions import db
    from lifeos.migrations.helpers.batched import NEEDS_NAME
    from lifeos.migrations.helpers.timing import TIMINGS

    url = create_pg_database(ADMIN_URL, "lifeos_bench_mig")
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            with redirect_stdout(io.StringIO()):
                flask_migrate.upgrade(revision=BEFORE)
            start = time.perf_counter()
            with db.engine.begin() as conn:
                _load(conn, args.accounts, args.users)
            print(f"loaded {args.accounts:,} accounts for {args.users:,} users at {BEFORE} "
                  f"in {time.perf_counter() - start:.1f}s")  # fmt: skip

            start = time.perf_counter()
            out = io.StringIO()
            with redirect_stdout(out):
                flask_migrate.upgrade(revision=TARGET)
            total = time.perf_counter() - start

            with db.engine.connect() as conn:
                count = sa.text(f"SELECT COUNT(*) FROM finance_account WHERE {NEEDS_NAME}")
                left = conn.execute(count).scalar_one()

            label, longest = TIMINGS.longest()
            blocking_label, blocking = TIMINGS.longest(blocking_only=True)
            entries = list(TIMINGS.entries)
            # The revisions after it (re-normalizing every name, the typeahead's covering index).
            start = time.perf_counter()
            with redirect_stdout(io.StringIO()):
                flask_migrate.upgrade()
            rest = time.perf_counter() - start
            db.engine.dispose()

        print(f"validation revision: total {total:.2f}s (target < 30 s)")
        # CREATE INDEX CONCURRENTLY holds SHARE UPDATE EXCLUSIVE, which blocks no read or write
        # (only VACUUM and other DDL): the target is on locks that stop the app.
        print(f"longest single statement: {longest:.2f}s — {label}")
        print(f"longest write-blocking statement: {blocking:.2f}s — {blocking_label} (target < 5 s)")
        for kind in ("normalized_name SQL update", "normalized_name update"):
            batches = [e.seconds for e in entries if e.label.startswith(kind)]
            if batches:
                mean_ms, max_ms = sum(batches) / len(batches) * 1000, max(batches) * 1000
                n = len(batches)
                print(f"backfill ({kind}): {n} batches, mean {mean_ms:.0f} ms, max {max_ms:.0f} ms")
        print(f"accounts still needing backfill: {left}")
        print(f"the later revisions, to head: {rest:.2f}s")
        for line in out.getvalue().splitlines():
            if "WARNING" in line or "done in" in line:
                print("  " + line)
        slow = sorted(entries, key=lambda e: -e.seconds)[:8]
        print("slowest statements:")
        for e in slow:
            print(f"  {e.seconds:6.2f}s {'blocks writes' if e.blocks_writes else 'concurrent   '} {e.label}")
        with open("/proc/loadavg") as f:
            print(f"load average after the run: {' '.join(f.read().split()[:3])}")
        ok = total < 30 and blocking < 5 and left == 0
        return 0 if ok else 1
    finally:
        if not args.keep:
            drop_pg_database(ADMIN_URL, url)


if __name__ == "__main__":
    raise SystemExit(main())
