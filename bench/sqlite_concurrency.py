"""SQLite under concurrent writes: gunicorn with 4 workers, 200 mixed writes at once, no 5xx.

    .venv/bin/python -m bench.sqlite_concurrency                 # 200 writes, 4 workers
    .venv/bin/python -m bench.sqlite_concurrency --writes 400 --workers 4

Starts `gunicorn lifeos.wsgi:app` on 127.0.0.1 over a scratch SQLite database migrated with the
real chain, then fires a mix of writes from as many client threads as there are writes, released
together: logins, registrations, balanced journal postings (all hitting the same two accounts)
and trial-balance settings saves. Prints the status counts and exits non-zero on any 5xx or on
any disagreement afterwards between the trial balance (read from the maintained daily and monthly
totals) and the same sums taken straight from the journal lines. Traffic goes only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import sys
import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import create_scratch, log, machine_line, make_app
from bench.api_load import EMAIL, HOST, PASSWORD, _create_user, _start_server, _wait_ready


def _login(base: str) -> dict[str, str]:
    import requests

    body = requests.post(f"{base}/auth/login", json={"email": EMAIL, "password": PASSWORD}, timeout=30).json()
    return {"Authorization": f"Bearer {body['access_token']}", "X-CSRF-Token": body["csrf_token"]}


def _accounts(base: str, headers: dict[str, str]) -> tuple[int, int]:
    import requests

    ids = []
    for name, kind, sub in (("Checking", "asset", "bank"), ("Groceries", "expense", "groceries")):
        body = {"name": name, "account_type": kind, "account_subtype": sub}
        ids.append(
            requests.post(f"{base}/finance/accounts/inline", json=body, headers=headers, timeout=30).json()
        )
    return ids[0]["account"]["id"], ids[1]["account"]["id"]


def _agreement(url: str) -> tuple[bool, str]:
    """Trial balance (maintained totals) == sums of the journal lines, for every account."""
    from sqlalchemy import func, select

    from lifeos.domains.finance.models import LedgerLine
    from lifeos.domains.finance.services.reports import trial_balance
    from lifeos.extensions import db

    app = make_app(url)
    with app.app_context():
        user_id = db.session.execute(db.text('SELECT id FROM "user" WHERE email = :e'), {"e": EMAIL}).scalar()
        tb = trial_balance(db.session(), user_id, hide_zero=False)
        from_totals = {r.id: (r.debit, r.credit) for g in tb.groups for r in g.rows}
        stmt = select(LedgerLine.account_id, func.sum(LedgerLine.debit), func.sum(LedgerLine.credit)).where(
            LedgerLine.user_id == user_id
        )
        from_lines = {
            a: (Decimal(d).quantize(Decimal("0.01")), Decimal(c).quantize(Decimal("0.01")))
            for a, d, c in db.session.execute(stmt.group_by(LedgerLine.account_id))
        }
        db.engine.dispose()
    same = all(from_totals.get(a) == v for a, v in from_lines.items())
    return same and tb.balanced, f"{len(from_lines)} accounts, balanced={tb.balanced}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--writes", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8798)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)

    import requests

    log(machine_line())
    scratch = create_scratch("sqlite", "lifeos_bench_sqlite", args.keep)
    server = None
    try:
        _create_user(scratch.url)
        server = _start_server(scratch.url, args.port, args.workers)
        base = f"http://{HOST}:{args.port}"
        _wait_ready(base)
        headers = _login(base)
        bank, food = _accounts(base, headers)
        kinds = ["login", "register", "post", "settings"]
        barrier = threading.Barrier(args.writes)

        def write(i: int) -> tuple[str, int]:
            kind = kinds[i % len(kinds)]
            barrier.wait(timeout=60)
            if kind == "login":
                r = requests.post(
                    f"{base}/auth/login", json={"email": EMAIL, "password": PASSWORD}, timeout=120
                )
            elif kind == "register":
                body = {"email": f"u{uuid.uuid4().hex[:10]}@example.com", "password": "a-long-password-1"}
                r = requests.post(f"{base}/auth/register", json=body, timeout=120)
            elif kind == "post":
                lines = [{"account_id": food, "debit": "1.25"}, {"account_id": bank, "credit": "1.25"}]
                body = {"date": "2026-11-28", "description": f"w{i}", "lines": lines}
                r = requests.post(f"{base}/api/v1/finance/journal", json=body, headers=headers, timeout=120)
            else:
                body = {"hide_zero_rows": i % 2 == 0, "fiscal_year_start_month": 1 + i % 12}
                r = requests.put(
                    f"{base}/api/v1/finance/trial-balance/settings", json=body, headers=headers, timeout=120
                )
            return kind, r.status_code

        log(f"{args.writes} writes at once against gunicorn with {args.workers} workers on SQLite")
        with ThreadPoolExecutor(max_workers=args.writes) as pool:
            results = list(pool.map(write, range(args.writes)))
        counts: Counter[tuple[str, int]] = Counter(results)
        for (kind, status), n in sorted(counts.items()):
            print(f"{kind:9} {status}: {n}")
        server_errors = sum(n for (_, status), n in counts.items() if status >= 500)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    agree, detail = _agreement(scratch.url)
    print(f"5xx: {server_errors}; trial balance agrees with the journal lines: {agree} ({detail})")
    if not args.keep:
        scratch.drop()
    return 0 if server_errors == 0 and agree else 1


if __name__ == "__main__":
    raise SystemExit(main())
