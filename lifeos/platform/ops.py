"""Operability endpoints: /health, /ready, OpenAPI document and docs page."""

from flask import Blueprint, Flask

bp = Blueprint("ops", __name__)


@bp.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


def register(app: Flask) -> None:
    app.register_blueprint(bp)
