"""Outbox throughput: one worker draining N pending events on PostgreSQL (target ≥ 2,000/s).

    .venv/bin/python bench/outbox.py [--events 50000] [--batch-size 200] [--handler-writes]

Creates a scratch PostgreSQL database (unique name), migrates it with the real Alembic chain
(flask_migrate.upgrade inside the app context), inserts N pending `bench.event.happened`
messages, runs ONE `OutboxWorker` (the code `flask outbox run` runs) until nothing is due, checks
every message is `sent` and was delivered to the subscriber exactly once, prints events/s and
drops the database. `--handler-writes` makes the subscriber insert a row per message through
the worker's session (a realistic handler) instead of only recording the id in memory.

The admin URL comes from LIFEOS_BENCH_PG_URL (default postgres@127.0.0.1:5432, trust auth).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("APP_ENV", "test")

from sqlalchemy import func, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from lifeos.devtools.scratch_db import DEFAULT_PG_ADMIN_URL, create_pg_database, drop_pg_database  # noqa: E402

PG_ADMIN_URL = os.environ.get("LIFEOS_BENCH_PG_URL", DEFAULT_PG_ADMIN_URL)
EVENT_NAME = "bench.event.happened"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--batch-size", type=int, default=None, help="default: OUTBOX_BATCH_SIZE (200)")
    parser.add_argument(
        "--handler-writes", action="store_true", help="subscriber inserts one row per message"
    )
    parser.add_argument("--keep-db", action="store_true", help="do not drop the scratch database")
    args = parser.parse_args(argv)

    url = create_pg_database(PG_ADMIN_URL, "lifeos_bench_outbox")
    print(f"scratch database {make_url(url).database}", file=sys.stderr)
    try:
        return _run(url, args)
    finally:
        if not args.keep_db:
            drop_pg_database(PG_ADMIN_URL, url)


def _run(url: str, args: argparse.Namespace) -> int:
    import flask_migrate

    from lifeos import create_app
    from lifeos.extensions import db
    from lifeos.platform.database import utcnow
    from lifeos.platform.events import Event, register, unregister
    from lifeos.platform.outbox.models import SENT, OutboxMessage
    from lifeos.platform.outbox.worker import OutboxWorker, WorkerSettings
    from lifeos.platform.subscribers import Delivered, subscribe, unsubscribe

    @register
    @dataclass(frozen=True)
    class BenchHappened(Event):
        """Benchmark-only event."""

        name = EVENT_NAME
        seq: int

    deliveries: Counter[int] = Counter()

    @subscribe(EVENT_NAME)
    def record(message: Delivered) -> None:
        deliveries[message.id] += 1  # idempotent by id: a redelivery would only bump the count
        if args.handler_writes:
            message.session.execute(  # type: ignore[union-attr]
                text("INSERT INTO bench_outbox_effect (message_id) VALUES (:id) ON CONFLICT DO NOTHING"),
                {"id": message.id},
            )

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    table = OutboxMessage.__table__
    try:
        with app.app_context():
            started = time.perf_counter()
            flask_migrate.upgrade()
            print(f"migrated in {time.perf_counter() - started:.1f}s", file=sys.stderr)
            if args.handler_writes:
                db.session.execute(text("CREATE TABLE bench_outbox_effect (message_id bigint PRIMARY KEY)"))
            now = utcnow()
            started = time.perf_counter()
            chunk = 5_000
            for first in range(0, args.events, chunk):
                rows = [
                    {
                        "event_type": EVENT_NAME,
                        "event_version": 1,
                        "payload": {"seq": i},
                        "available_at": now,
                        "created_at": now,
                    }
                    for i in range(first, min(first + chunk, args.events))
                ]
                db.session.execute(insert(table), rows)
            db.session.commit()
            db.session.execute(text("ANALYZE platform_outbox"))
            db.session.commit()
            print(
                f"inserted {args.events} pending events in {time.perf_counter() - started:.1f}s",
                file=sys.stderr,
            )

            settings = WorkerSettings.from_config(app.config, batch_size=args.batch_size, poll_seconds=0.05)
            worker = OutboxWorker(db.session, settings)
            started = time.perf_counter()
            result = worker.run(until_idle=True)
            elapsed = time.perf_counter() - started

            sent = db.session.scalar(select(func.count()).select_from(table).where(table.c.status == SENT))
            duplicates = sum(1 for n in deliveries.values() if n > 1)
            ok = sent == args.events and len(deliveries) == args.events and duplicates == 0
            rate = result.sent / elapsed if elapsed else float("inf")
            handler = "writes a row" if args.handler_writes else "in memory"
            print(
                f"outbox: {result.sent} events through one worker in {elapsed:.2f}s = {rate:,.0f} events/s "
                f"(batch {settings.batch_size}, handler {handler}; target >= 2,000/s) "
                f"{'OK' if ok else 'MISMATCH'}"
            )
            if not ok:
                print(f"sent={sent} delivered={len(deliveries)} duplicates={duplicates}", file=sys.stderr)
            db.session.remove()
            db.engine.dispose()
            return 0 if ok and rate >= 2000 else 1
    finally:
        unsubscribe(EVENT_NAME)
        unregister(EVENT_NAME)


if __name__ == "__main__":
    raise SystemExit(main())
