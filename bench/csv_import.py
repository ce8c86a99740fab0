"""CSV import benchmark (issue #8, Numbers): preview and commit of a 10,000-row bank statement.

For each backend: a scratch database migrated with the real Alembic chain, a user with a bank
account and an "Uncategorized" counter account, and a seeded statement (semicolon-separated,
comma decimals, dd.mm.yyyy dates, a quarter of the rows with the bank's id, some identical
rows on one day). Through the Flask test client with a real access token, as multipart uploads:

* ``POST /api/v1/finance/import/preview`` (mapping detection, parsing, duplicate lookup);
* ``POST /api/v1/finance/import/commit`` of the whole file (one transaction: every row a
  transaction with its balanced journal entry, totals and outbox events);
* the same commit again (every row a duplicate: nothing written), and a preview of it.

    .venv/bin/python bench/csv_import.py                      # both backends, 10,000 rows
    .venv/bin/python bench/csv_import.py --rows 2000 --backends sqlite
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (
    create_scratch,
    head_revision,
    log,
    machine_line,
    make_app,
    migrate,
    pg_version,
    print_table,
    sqlite_version,
    time_ms,
)

API = "/api/v1/finance"
SHOPS = ["REWE", "Edeka", "Deutsche Bahn", "Stadtwerke", "Miete", "Café Süß", "Amazon", "Apotheke"]


def statement(rows: int, seed: int) -> bytes:
    """A seeded German-style statement: `;`, comma decimals, thousands dots, dd.mm.yyyy."""
    rng = random.Random(seed)
    lines = ["Buchungstag;Betrag;Verwendungszweck;Referenz"]
    prev_cents, prev_shop = 0, SHOPS[0]
    for i in range(rows):
        day = 1 + (i // 40) % 28
        month = 1 + (i // (40 * 28)) % 12
        cents = rng.randint(100, 250_000) * (1 if rng.random() < 0.15 else -1)
        if i % 50 == 1:  # the same purchase twice on one day: two transactions
            cents = prev_cents
        whole, frac = divmod(abs(cents), 100)
        amount = f"{'-' if cents < 0 else ''}{whole:,}".replace(",", ".") + f",{frac:02d}"
        shop = SHOPS[i % len(SHOPS)] if i % 50 != 1 else prev_shop
        ref = f"BANK{i:08d}" if i % 4 == 0 else ""
        lines.append(f"{day:02d}.{month:02d}.2026;{amount};{shop} {i // 2 if i % 50 == 1 else i};{ref}")
        prev_cents, prev_shop = cents, shop
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _setup(app: Any) -> tuple[dict[str, str], int, int]:
    from lifeos.domains.finance.services.accounts import create_account
    from lifeos.extensions import db
    from lifeos.platform.auth.services import create_user
    from lifeos.platform.auth.tokens import issue_tokens
    from lifeos.platform.uow import UnitOfWork

    with app.app_context():
        user = create_user(db.session, email="import@bench.example", password="correct-horse-battery")  # noqa: S106
        db.session.commit()
        uow = UnitOfWork(db.session)
        bank = create_account(uow, user.id, "Girokonto", "asset", "bank")
        other = create_account(uow, user.id, "Uncategorized", "expense", "other")
        tokens = issue_tokens(db.session, user)
        db.session.commit()
        ids = (bank.id, other.id)
        db.session.remove()
    headers = {"Authorization": f"Bearer {tokens['access_token']}", "X-CSRF-Token": tokens["csrf_token"]}
    return headers, ids[0], ids[1]


def _post(client: Any, path: str, headers: dict[str, str], bank: int, mapping: str, raw: bytes) -> Any:
    data = {"account_id": str(bank), "mapping": mapping, "file": (io.BytesIO(raw), "statement.csv")}
    return client.post(f"{API}{path}", data=data, headers=headers, content_type="multipart/form-data")


def run_backend(backend: str, rows: int, seed: int, keep: bool) -> list[list[Any]]:
    scratch = create_scratch(backend, "lifeos_bench_import", keep)
    try:
        app = make_app(scratch.url)
        migrate(app)
        log(f"{backend}: migrated to {head_revision(app)}")
        headers, bank, other = _setup(app)
        raw = statement(rows, seed)
        mapping = json.dumps(
            {
                "counter_account_id": other,
                "date": "Buchungstag",
                "amount": {"kind": "signed", "column": "Betrag"},
                "description": "Verwendungszweck",
                "bank_id": "Referenz",
            }
        )
        client = app.test_client()
        results: list[list[Any]] = []
        steps = [
            ("preview (all new)", "/import/preview", 200),
            ("commit (all new)", "/import/commit", 201),
            ("preview again (all duplicates)", "/import/preview", 200),
            ("commit again (nothing written)", "/import/commit", 201),
        ]
        for label, path, status in steps:
            ms, resp = time_ms(lambda path=path: _post(client, path, headers, bank, mapping, raw))
            body = resp.get_json()
            if resp.status_code != status:
                raise SystemExit(f"{label}: {resp.status_code} {json.dumps(body)[:500]}")
            counts = body["counts"]
            written = body.get("created", "")
            log(f"{backend}: {label}: {ms:.0f} ms {counts}")
            results.append(
                [
                    backend,
                    label,
                    rows,
                    f"{len(raw) / 1024:.0f} KiB",
                    round(ms),
                    written,
                    counts["new"],
                    counts["duplicate"],
                    counts["near_match"],
                ]
            )
        return results
    finally:
        scratch.drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--backends", default="postgresql,sqlite")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    rows: list[list[Any]] = []
    for backend in args.backends.split(","):
        rows += run_backend(backend.strip(), args.rows, args.seed, args.keep)
    print(machine_line())
    print(f"{pg_version()}, {sqlite_version()}")
    print_table(
        f"CSV import of {args.rows} rows (multipart upload, Flask test client, wall ms)",
        ["backend", "step", "rows", "file", "ms", "created", "new", "duplicate", "near_match"],
        rows,
    )


if __name__ == "__main__":
    main()
