"""Concurrent schedule writes of one user each recompute the stored projection without
colliding: every request succeeds and the stored days are one complete, consistent set."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import func, select

from lifeos.domains.finance.models import MoneyScheduleDailyBalance
from lifeos.extensions import db
from tests.api.test_finance_schedule_support import SCHEDULE, funded_bank

WORKERS = 6


def test_concurrent_row_writes_keep_one_stored_projection(committed_app, user_factory, auth_headers) -> None:  # type: ignore[no-untyped-def]
    user = user_factory()
    user_id, headers = user.id, auth_headers(user)
    db.session.commit()
    client = committed_app.test_client()
    bank = funded_bank(client, headers, on="2020-01-01")
    barrier = threading.Barrier(WORKERS)

    def create(n: int) -> tuple[int, Any]:
        own = committed_app.test_client()
        barrier.wait(timeout=10)
        body = {"account_id": bank, "event_date": "2999-01-01", "amount": f"-{n + 1}.00"}
        response = own.post(f"{SCHEDULE}/rows", json=body, headers=headers)
        return response.status_code, response.get_json()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(create, range(WORKERS)))
    assert [status for status, _ in results] == [201] * WORKERS, results

    db.session.remove()
    days = db.session.execute(
        select(func.count(), func.count(func.distinct(MoneyScheduleDailyBalance.as_of))).where(
            MoneyScheduleDailyBalance.user_id == user_id
        )
    ).one()
    assert tuple(days) == (730, 730)
