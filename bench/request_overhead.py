"""Per-request overhead: the same search served by two source trees, side by side.

    .venv/bin/python -m bench.request_overhead                       # this tree only
    git worktree add /tmp/lifeos-before <commit>
    .venv/bin/python -m bench.request_overhead --baseline /tmp/lifeos-before

The setting the issue measured the earlier LifeOS in: SQLite, 10,000 accounts for one user,
gunicorn with one sync worker, 200 sequential `GET .../accounts/search?q=sav` per round, rounds
interleaved between the trees so machine noise falls on both alike. Each tree gets its own
scratch database migrated by its own code. Also prints the SQL statements one request runs
(counted in process, with this tree's code). Client-side times, loopback only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import ROOT, Stats, log, machine_line, print_table

HOST = "127.0.0.1"
EMAIL = "overhead@example.com"
PASSWORD = "overhead-password-123"  # noqa: S105 - scratch user on a scratch database
QUERY = "/api/v1/finance/accounts/search?q=sav&limit=20"
WORDS = [
    "Checking",
    "Savings",
    "Salary",
    "Rent",
    "Groceries",
    "Fuel",
    "Travel",
    "Insurance",
    "Utilities",
    "Phone",
    "Internet",
    "Gym",
    "Books",
    "Dining",
    "Coffee",
    "Gifts",
    "Charity",
    "Taxes",
    "Pension",
    "Brokerage",
    "Mortgage",
    "Car",
    "Repairs",
    "Garden",
    "Pets",
    "Health",
    "Dentist",
    "Clothing",
    "Music",
    "Games",
    "Streaming",
    "Holidays",
    "Furniture",
    "Electronics",
    "Tools",
    "Hobby",
]

# Run with the tree's own code (cwd = the tree): migrate, one user, N accounts, print nothing else.
SETUP = """
import sys, json, random
sys.path.insert(0, ".")
from bench._common import make_app, migrate
from lifeos.extensions import db
from lifeos.platform.auth.services import create_user
from lifeos.domains.finance.models import Account
from lifeos.domains.finance.naming import normalize_name
url, n, words = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
email, password = sys.argv[4], sys.argv[5]
app = make_app(url)
migrate(app)
rng = random.Random(7)
with app.app_context():
    user = create_user(db.session, email=email, password=password, roles=("user",))
    db.session.flush()
    rows = []
    for i in range(n):
        name = f"{rng.choice(words)} {rng.choice(words)} {i}"
        rows.append(dict(user_id=user.id, name=name, normalized_name=normalize_name(name),
                         account_type="asset", account_subtype="bank", is_active=True))
    db.session.execute(Account.__table__.insert(), rows)
    db.session.commit()
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _prepare(tree: Path, accounts: int) -> tuple[str, Path]:
    tmp = Path(tempfile.mkdtemp(prefix="lifeos_overhead_"))
    url = f"sqlite:///{tmp / 'lifeos.db'}"
    env = dict(os.environ, APP_ENV="test")
    subprocess.run(
        [sys.executable, "-c", SETUP, url, str(accounts), json.dumps(WORDS), EMAIL, PASSWORD],
        cwd=tree,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return url, tmp


def _serve(tree: Path, url: str, port: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.update(
        {
            "APP_ENV": "development",
            "DATABASE_URL": url,
            "RATELIMIT_ENABLED": "false",
            "LOG_LEVEL": "WARNING",
            "GUNICORN_BIND": f"{HOST}:{port}",
            "GUNICORN_WORKERS": "1",
        }
    )
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    return subprocess.Popen(
        [gunicorn, "lifeos.wsgi:app"], cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _login(session: Any, base: str) -> dict[str, str]:
    import requests

    deadline = time.monotonic() + 60
    while True:
        try:
            response = session.post(f"{base}/api/v1/auth/login", json={"email": EMAIL, "password": PASSWORD})
            if response.status_code == 200:
                return {"Authorization": f"Bearer {response.json()['access_token']}"}
        except requests.RequestException:
            time.sleep(0.3)  # the server is still starting
            continue
        if time.monotonic() > deadline:
            raise RuntimeError(f"{base} did not accept the login")
        time.sleep(0.3)


def _statements_per_request(accounts: int) -> int:
    """SQL statements one authenticated search runs, counted in process with this tree's code."""
    from sqlalchemy import event

    from bench._common import bearer_headers, make_app, migrate
    from lifeos.extensions import db
    from lifeos.platform.auth.services import create_user

    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(f"sqlite:///{tmp}/count.db")
        migrate(app)
        with app.app_context():
            user_id = create_user(db.session, email=EMAIL, password=PASSWORD, roles=("user",)).id
            db.session.commit()
        headers = bearer_headers(app, user_id)
        client = app.test_client()
        client.get(QUERY, headers=headers)
        seen: list[str] = []
        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
        client.get(QUERY, headers=headers)
        return len(seen)


def main(argv: list[str] | None = None) -> int:
    import requests

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--baseline", type=Path, help="another source tree to serve side by side")
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200, help="sequential searches per round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)

    trees = {"this tree": ROOT}
    if args.baseline is not None:
        trees["baseline"] = args.baseline.resolve()
    servers: dict[str, tuple[subprocess.Popen[bytes], str]] = {}
    stats = {name: Stats() for name in trees}
    try:
        for name, tree in trees.items():
            log(f"{name}: migrating and filling {args.accounts:,} accounts ({tree})")
            url, _tmp = _prepare(tree, args.accounts)
            port = _free_port()
            servers[name] = (_serve(tree, url, port), f"http://{HOST}:{port}")
        sessions = {name: requests.Session() for name in trees}
        headers = {name: _login(sessions[name], base) for name, (_proc, base) in servers.items()}
        for name, (_proc, base) in servers.items():  # warm-up
            for _ in range(20):
                sessions[name].get(base + QUERY, headers=headers[name]).raise_for_status()
        order = list(trees)
        for round_no in range(args.rounds):
            random.Random(round_no).shuffle(order)
            for name in order:
                base = servers[name][1]
                for _ in range(args.requests):
                    started = time.perf_counter()
                    sessions[name].get(base + QUERY, headers=headers[name]).raise_for_status()
                    stats[name].add((time.perf_counter() - started) * 1000)
    finally:
        for proc, _base in servers.values():
            proc.terminate()
            proc.wait(timeout=30)

    print(machine_line())
    rows = [[name, s.n, f"{s.p50:.2f}", f"{s.p95:.2f}"] for name, s in stats.items()]
    print_table(
        "GET search q=sav, SQLite, gunicorn 1 sync worker (ms)", ["tree", "requests", "p50", "p95"], rows
    )
    if "baseline" in stats:
        base, this = stats["baseline"], stats["this tree"]
        print(f"baseline / this tree: p50 {base.p50 / this.p50:.2f}x, p95 {base.p95 / this.p95:.2f}x")
    print(f"SQL statements per authenticated search (this tree): {_statements_per_request(args.accounts)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
