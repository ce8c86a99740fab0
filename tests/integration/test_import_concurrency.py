"""Concurrent commits of one CSV file write each bank row once (real connections, real commits).

A werkzeug server runs in a thread over `committed_app`'s database; several commits of the
same statement start together behind a barrier. On PostgreSQL they truly overlap: the unique
fingerprint and bank-id keys stop the later ones, which roll back and count the rows as
duplicates. On SQLite the write lock serializes them (the same outcome is checked).
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import func, select
from werkzeug.serving import make_server

from lifeos.domains.finance.models import LedgerEntry, Transaction
from lifeos.extensions import db
from tests.api.finance_support import API, account

WRITERS = 4
ROWS = 60


@pytest.fixture
def live_url(committed_app, network_guard) -> Iterator[str]:  # type: ignore[no-untyped-def]
    server = make_server("127.0.0.1", 0, committed_app, threaded=True)
    network_guard.allow_loopback_port(server.server_port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def _statement() -> bytes:
    lines = ["Date,Amount,Description,Ref"]
    for i in range(ROWS):
        # Every third row carries the bank's id; the others rely on the fingerprint, and pairs of
        # identical rows on one day test the occurrence counter under the race.
        ref = f"R{i}" if i % 3 == 0 else ""
        lines.append(f"2026-04-{1 + (i // 2) % 28:02d},-{1 + i // 2}.00,Shop {i // 2},{ref}")
    return ("\n".join(lines) + "\n").encode()


def test_concurrent_commits_of_one_file_write_each_row_once(
    live_url, committed_app, user_factory, auth_headers
):  # type: ignore[no-untyped-def]
    user = user_factory()
    user_id = user.id
    headers = auth_headers(user)
    client = committed_app.test_client()
    bank = account(client, headers, "Checking", "asset", "bank")
    other = account(client, headers, "Uncategorized", "expense", "other")
    db.session.commit()
    body = {
        "account_id": bank,
        "content_base64": base64.b64encode(_statement()).decode(),
        "mapping": {
            "counter_account_id": other,
            "date": "Date",
            "amount": {"kind": "signed", "column": "Amount"},
            "description": "Description",
            "bank_id": "Ref",
        },
    }
    barrier = threading.Barrier(WRITERS)

    def commit(_: int) -> dict[str, int]:
        barrier.wait(timeout=10)
        resp = requests.post(f"{live_url}{API}/import/commit", json=body, headers=headers, timeout=120)
        assert resp.status_code == 201, resp.text
        return resp.json()  # type: ignore[no-any-return]

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        results = list(pool.map(commit, range(WRITERS)))

    assert sum(r["created"] for r in results) == ROWS
    assert all(r["created"] + r["duplicates"] == ROWS for r in results)
    db.session.remove()
    txs = db.session.scalar(
        select(func.count()).select_from(Transaction).where(Transaction.user_id == user_id)
    )
    entries = db.session.scalar(
        select(func.count()).select_from(LedgerEntry).where(LedgerEntry.user_id == user_id)
    )
    assert txs == ROWS and entries == ROWS  # no entry left behind by a losing commit
