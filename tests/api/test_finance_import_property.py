"""Property: an import never doubles or drops a row, whatever the statement holds.

Statements are drawn with few dates, amounts and descriptions, so identical rows on one day are
common. For each: every row is written once; the same rows again (in any order) write nothing;
the statement plus one more copy of a row it already holds writes exactly that one.
"""

from __future__ import annotations

import base64
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from lifeos.domains.finance.models import Transaction
from tests.api.finance_support import API, account

ROW = st.tuples(
    st.sampled_from(["2026-05-01", "2026-05-02", "2026-05-04"]),
    st.sampled_from(["-4.00", "4.00-", "12.50", "(4.00)", "\u22124.00"]),
    st.sampled_from(["Coffee", "coffee ", "COFFEE", "Bakery", ""]),
)
MAPPING = {
    "date": "Date",
    "amount": {"kind": "signed", "column": "Amount"},
    "description": "Text",
    "delimiter": ";",
    "decimal_mark": ".",
}


def _csv(rows: list[tuple[str, str, str]]) -> str:
    # -4.00 written four ways is one amount; Coffee, "coffee " and COFFEE are one description.
    return "Date;Amount;Text\n" + "".join(f"{d};{a};{t}\n" for d, a, t in rows)


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(rows=st.lists(ROW, min_size=1, max_size=12), order=st.randoms(use_true_random=False))
def test_rows_are_written_once(app: Any, user_factory: Any, auth_headers: Any, rows: Any, order: Any) -> None:
    from lifeos.extensions import db

    client = app.test_client()
    user = user_factory()
    headers = auth_headers(user)
    bank = account(client, headers, "Checking", "asset", "bank")
    other = account(client, headers, "Uncategorized", "expense", "other")

    def commit(batch: list[tuple[str, str, str]]) -> dict[str, Any]:
        body = {
            "account_id": bank,
            "content_base64": base64.b64encode(_csv(batch).encode()).decode(),
            "mapping": {"counter_account_id": other, **MAPPING},
        }
        resp = client.post(f"{API}/import/commit", json=body, headers=headers)
        assert resp.status_code == 201, resp.get_json()
        return resp.get_json()  # type: ignore[no-any-return]

    def stored() -> int:
        db.session.expire_all()
        stmt = select(func.count()).select_from(Transaction).where(Transaction.user_id == user.id)
        return int(db.session.scalar(stmt) or 0)

    first = commit(rows)
    assert (first["created"], first["duplicates"]) == (len(rows), 0)
    assert stored() == len(rows)

    shuffled = list(rows)
    order.shuffle(shuffled)
    again = commit(shuffled)
    assert (again["created"], again["duplicates"]) == (0, len(rows))

    extra = commit([*rows, rows[0]])
    assert (extra["created"], extra["duplicates"]) == (1, len(rows))
    assert stored() == len(rows) + 1
