"""API under load: gunicorn on loopback, requests/s and latency percentiles, no errors allowed.

    .venv/bin/python -m bench.api_load                          # PostgreSQL, 15 s per scenario
    .venv/bin/python -m bench.api_load --backend sqlite --seconds 5 --clients 4

Starts the real WSGI app (`gunicorn lifeos.wsgi:app`, gunicorn.conf.py) on 127.0.0.1 against a
scratch database migrated with the real chain, logs in through the API, creates accounts, then
drives two scenarios from client threads for a bounded time and request count:

* account typeahead: `GET /api/v1/finance/accounts/search?q=<prefix>&limit=20`
* journal posting:   `POST /api/v1/finance/journal` (a balanced two-line entry)

Prints requests/s, p50/p95/p99 (client-side, end to end) and the error count per scenario; exits
non-zero if any request failed. Traffic goes only to 127.0.0.1; the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import string
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import ROOT, Stats, create_scratch, log, machine_line, make_app, migrate, print_table

HOST = "127.0.0.1"
PASSWORD = "bench-password-123"  # noqa: S105 - scratch user on a scratch database
EMAIL = "bench@example.com"


def _create_user(url: str) -> None:
    from lifeos.extensions import db
    from lifeos.platform.auth.services import create_user

    app = make_app(url)
    migrate(app)
    with app.app_context():
        create_user(db.session, email=EMAIL, password=PASSWORD, roles=("user",))
        db.session.commit()
        db.engine.dispose()


def _start_server(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.update(
        {
            "APP_ENV": "development",
            "DATABASE_URL": url,
            "RATELIMIT_ENABLED": "false",
            "LOG_LEVEL": "WARNING",
            "GUNICORN_BIND": f"{HOST}:{port}",
            "GUNICORN_WORKERS": str(workers),
        }
    )
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    return subprocess.Popen(
        [gunicorn, "lifeos.wsgi:app"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _wait_ready(base: str, timeout: float = 60) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/ready", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError("the server did not become ready")


def _drive(
    name: str,
    clients: int,
    seconds: float,
    max_requests: int,
    make_request: Callable[[Any, random.Random], int],
) -> dict[str, Any]:
    import requests

    stats = Stats()
    errors: list[int] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    budget = iter(range(max_requests))

    def client(seed: int) -> None:
        rng = random.Random(seed)
        session = requests.Session()
        while time.monotonic() < deadline:
            with lock:
                if next(budget, None) is None:
                    return
            started = time.perf_counter()
            status = make_request(session, rng)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                stats.add(elapsed)
                if not 200 <= status < 300:
                    errors.append(status)

    log(f"{name}: {clients} clients for up to {seconds:.0f} s / {max_requests} requests")
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(client, range(clients)))
    wall = time.perf_counter() - started
    return {
        "scenario": name,
        "requests": stats.n,
        "rps": stats.n / wall if wall else 0.0,
        "p50": stats.p50,
        "p95": stats.p95,
        "p99": stats.pct(99),
        "errors": len(errors),
        "statuses": sorted(set(errors)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads")
    parser.add_argument("--seconds", type=float, default=15.0, help="duration of each scenario")
    parser.add_argument("--max-requests", type=int, default=50_000, help="cap per scenario")
    parser.add_argument("--accounts", type=int, default=500, help="accounts created before the run")
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args(argv)

    import requests

    scratch = create_scratch(args.backend, "lifeos_bench_api", args.keep)
    server: subprocess.Popen[bytes] | None = None
    try:
        _create_user(scratch.url)
        server = _start_server(scratch.url, args.port, args.workers)
        base = f"http://{HOST}:{args.port}"
        _wait_ready(base)
        login = requests.post(f"{base}/auth/login", json={"email": EMAIL, "password": PASSWORD}, timeout=10)
        login.raise_for_status()
        tokens = login.json()
        headers = {"Authorization": f"Bearer {tokens['access_token']}", "X-CSRF-Token": tokens["csrf_token"]}

        log(f"creating {args.accounts} accounts through the API")
        words = ["savings", "checking", "groceries", "rent", "salary", "travel", "utilities", "brokerage"]
        account_ids: list[int] = []
        with requests.Session() as session:
            for i in range(args.accounts):
                kind = ("asset", "bank") if i % 2 == 0 else ("expense", "other")
                body = {
                    "name": f"{words[i % len(words)]} {i}",
                    "account_type": kind[0],
                    "account_subtype": kind[1],
                }
                response = session.post(
                    f"{base}/api/v1/finance/accounts/inline", json=body, headers=headers, timeout=10
                )
                response.raise_for_status()
                account_ids.append(response.json()["account"]["id"])
        assets, expenses = account_ids[0::2], account_ids[1::2]

        def search(session: Any, rng: random.Random) -> int:
            q = rng.choice(words)[: rng.randint(1, 4)] + rng.choice(
                ["", "", string.ascii_lowercase[rng.randint(0, 25)]]
            )
            url = f"{base}/api/v1/finance/accounts/search"
            return session.get(url, params={"q": q, "limit": 20}, headers=headers, timeout=10).status_code

        def post_entry(session: Any, rng: random.Random) -> int:
            amount = f"{rng.randint(1, 50_000) / 100:.2f}"
            body = {
                "date": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "description": "bench",
                "lines": [
                    {"account_id": rng.choice(expenses), "debit": amount},
                    {"account_id": rng.choice(assets), "credit": amount},
                ],
            }
            return session.post(
                f"{base}/api/v1/finance/journal", json=body, headers=headers, timeout=10
            ).status_code

        results = [
            _drive("account search", args.clients, args.seconds, args.max_requests, search),
            _drive("journal posting", args.clients, args.seconds, args.max_requests, post_entry),
        ]
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        scratch.drop()

    print(machine_line())
    print_table(
        f"API under load — gunicorn {args.workers} workers, {args.clients} clients, {args.backend}",
        ["scenario", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"],
        [
            [
                r["scenario"],
                r["requests"],
                f"{r['rps']:.0f}",
                f"{r['p50']:.1f}",
                f"{r['p95']:.1f}",
                f"{r['p99']:.1f}",
                f"{r['errors']} {r['statuses'] or ''}".strip(),
            ]
            for r in results
        ],
    )
    return 1 if any(r["errors"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
