"""Operator endpoints for the outbox (admin role): queue status and retrying dead messages."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask
from pydantic import BaseModel, Field

from lifeos.extensions import db
from lifeos.platform.auth.guard import require_auth
from lifeos.platform.http import Schema, parse_body
from lifeos.platform.openapi import api_doc
from lifeos.platform.outbox.service import queue_status, retry_dead
from lifeos.platform.uow import unit_of_work

bp = Blueprint("outbox_admin", __name__, url_prefix="/api/v1/admin/outbox")


class OutboxCounts(BaseModel):
    pending: int
    sending: int
    sent: int
    dead: int


class OutboxStatus(BaseModel):
    counts: OutboxCounts
    oldest_pending_age_seconds: float | None = Field(
        description="Seconds since the oldest pending message was written; null when none is pending."
    )


class RetryDeadRequest(Schema):
    ids: list[int] | None = Field(
        default=None,
        max_length=10_000,
        description="Only these message ids; omit to retry every dead message.",
    )


class RetryDeadResult(BaseModel):
    retried: int


@bp.get("")
@api_doc(
    summary="Outbox queue: counts per status and oldest pending age",
    tags=("admin",),
    response=OutboxStatus,
    errors=(401, 403),
)
@require_auth(role="admin")
def outbox_status() -> dict[str, Any]:
    """Counts of outbox messages per status and the age of the oldest pending one."""
    return queue_status(db.session())


@bp.post("/retry-dead")
@api_doc(
    summary="Put dead outbox messages back to pending",
    tags=("admin",),
    body=RetryDeadRequest,
    response=RetryDeadResult,
    errors=(401, 403, 422),
)
@require_auth(role="admin")
def outbox_retry_dead() -> dict[str, Any]:
    """Dead messages (all, or the given ids) go back to pending with their attempts reset."""
    body = parse_body(RetryDeadRequest)
    with unit_of_work() as uow:
        retried = retry_dead(uow.session, body.ids)
        uow.commit()
    return {"retried": retried}


def register(app: Flask) -> None:
    """Register /api/v1/admin/outbox routes."""
    app.register_blueprint(bp)
