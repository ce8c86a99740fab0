"""Web UI: layout, static assets, the landing page and the browsable API docs.

Every asset is served by the app itself (no CDN). Domain pages arrive with the web UI work;
they extend `web/base.html`.
"""

from __future__ import annotations

from flask import Blueprint, Flask, render_template
from flask.typing import ResponseReturnValue

from lifeos.extensions import limiter

bp = Blueprint(
    "web",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/assets",
)
limiter.exempt(bp)


@bp.get("/")
def index() -> ResponseReturnValue:
    """What LifeOS is, and how to get started."""
    return render_template("web/index.html")


@bp.get("/api/docs")
def api_docs() -> ResponseReturnValue:
    """A browsable rendering of /api/v1/openapi.json (self-contained HTML + JS)."""
    return render_template("web/api_docs.html")


def register(app: Flask) -> None:
    """Register the landing page, the API docs page and /assets/*."""
    app.register_blueprint(bp)
