"""Skills subscribers: keep the `skill_metric` rollups current.

Each handler recomputes the skill's whole rollup from its sessions inside the worker's
transaction (`message.session`), so a message delivered twice, late or out of order leaves
the same rows as one delivery would: idempotent by construction, no message bookkeeping.
"""

from __future__ import annotations

from typing import Any

from lifeos.domains.skills.services.metrics import METRIC_EVENTS, recompute_skill_metrics
from lifeos.platform.subscribers import Delivered, subscribe


def _skill_id(payload: dict[str, Any]) -> int | None:
    value = payload.get("skill_id")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def refresh_metrics(message: Delivered) -> None:
    """Recompute the rollup of the message's skill (nothing when the skill is gone)."""
    skill_id = _skill_id(message.payload)
    if message.session is None or skill_id is None:
        return
    recompute_skill_metrics(message.session, skill_id)


for _event in METRIC_EVENTS:
    subscribe(_event)(refresh_metrics)
