"""Auth endpoints (placeholder: filled by the auth work)."""

from flask import Flask


def register(app: Flask) -> None:
    """Register the auth blueprint under /auth and /api/v1/auth."""
