"""Admin endpoints for the outbox (placeholder: filled by the outbox work)."""

from flask import Flask


def register(app: Flask) -> None:
    """Register /api/v1/admin/outbox routes."""
