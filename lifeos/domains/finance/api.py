"""Finance JSON API (placeholder: filled by the finance work)."""

from flask import Flask


def register(app: Flask) -> None:
    """Register finance blueprints under /api/v1/finance and the guide's /finance paths."""
