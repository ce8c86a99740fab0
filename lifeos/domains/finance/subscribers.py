"""Finance subscribers: keep the stored cash-flow projection current as postings land.

On `finance.journal.posted` touching an account that has schedule rows or is projected by
default, the handler matches what is now unambiguous and rebuilds the stored base projection
inside the worker's transaction (`message.session`); `finance.schedule.recomputed` goes to
the outbox in that same transaction. A recompute rebuilds everything from the ledger and the
rows, so a message delivered twice or late leaves the same state as one delivery; while a
later posting of the same user waits in the outbox, the earlier ones leave the work to it.
"""

from __future__ import annotations

from typing import Any

from lifeos.domains.finance.services.schedule.posting import refresh_after_posting
from lifeos.platform.subscribers import Delivered, subscribe


def _ids(payload: dict[str, Any]) -> list[int]:
    raw = payload.get("account_ids")
    if not isinstance(raw, list):
        return []
    return [v for v in raw if isinstance(v, int) and not isinstance(v, bool)]


@subscribe("finance.journal.posted")
def recompute_schedule(message: Delivered) -> None:
    """Rematch and recompute the user's projection when a posting lands on a projected account."""
    if message.session is None or message.user_id is None:
        return
    refresh_after_posting(message.session, message.user_id, _ids(message.payload), message.id)
