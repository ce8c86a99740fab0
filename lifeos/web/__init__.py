"""Web UI shell: layout, sign-in pages, Today, error pages, and static assets (no CDN).

Pages are server-rendered Jinja2 with htmx for fragments. Each domain's pages live in the
domain's `views.py` (they call the same services as its JSON API) and extend
`web/base.html`, using the shared macros in `web/_macros.html`. The shell never imports a
domain: domains add their Today card with `lifeos.web.today.today_card`.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, g, request

from lifeos.extensions import limiter
from lifeos.platform.auth.browser import init_browser_sessions, pre_session_csrf_token, session_csrf_token
from lifeos.platform.errors import ValidationFailed, set_html_error_renderer
from lifeos.platform.http import storable
from lifeos.web import assets, pages, settings
from lifeos.web.errors import render_error
from lifeos.web.filters import register_filters, user_today

# The domains in the navigation, in order: (key, label, path). The paths are fixed (SPEC §6),
# except Health's: `/health` is the liveness endpoint operators and load balancers rely on
# (SPEC §2.5), so the Health pages live under `/health/`.
NAV_SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("today", "Today", "/today"),
    ("money", "Money", "/money"),
    ("journal", "Journal", "/journal"),
    ("habits", "Habits", "/habits"),
    ("health", "Health", "/health/"),
    ("skills", "Skills", "/skills"),
    ("projects", "Projects", "/projects"),
    ("people", "People", "/people"),
    ("settings", "Settings", "/settings"),
)

# Content-Security-Policy of every HTML page: only this origin's scripts, styles and requests.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


def _csrf_token() -> str:
    """The CSRF token for this page's forms: the session's, or the sign-in forms' own."""
    return session_csrf_token() or pre_session_csrf_token()


def _template_context() -> dict[str, Any]:
    return {"current_user": g.get("current_user")}


# Globals (unlike context) are visible inside imported macros too.
TEMPLATE_GLOBALS: dict[str, Any] = {
    "csrf_token": _csrf_token,
    "asset_url": assets.asset_url,
    "vendor_url": assets.vendor_url,
    "nav_sections": NAV_SECTIONS,
    "user_today": user_today,
}


def _security_headers(response: Response) -> Response:
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if request.cookies:
            response.vary.add("Cookie")
    return response


FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def _refuse_unstorable_form() -> None:
    """A page's form meets the JSON API's rule: text a database cannot store is a 422 naming its
    field, before any view runs (the JSON routes check their own bodies: their multipart stream
    must stay unread here)."""
    if request.mimetype not in FORM_TYPES or not (request.blueprint == "web" or _is_page_blueprint()):
        return
    texts = [(name, value) for name, value in request.form.items(multi=True)]
    texts += [(name, upload.filename or "") for name, upload in request.files.items(multi=True)]
    bad = dict.fromkeys(name for name, value in texts if not (storable(name) and storable(value)))
    if bad:
        errors = [{"field": name, "message": "must not contain NUL characters"} for name in bad]
        raise ValidationFailed(f"{', '.join(bad)}: must not contain NUL characters.", errors=errors)


def _is_page_blueprint() -> bool:
    return (request.blueprint or "").endswith("_web")


def register(app: Flask) -> None:
    """Register the shell's pages, the "coming soon" pages no domain has claimed, and /assets."""
    init_browser_sessions(app)
    register_filters(app)
    app.context_processor(_template_context)
    app.jinja_env.globals.update(TEMPLATE_GLOBALS)
    app.after_request(_security_headers)
    app.before_request(_refuse_unstorable_form)
    set_html_error_renderer(render_error)

    bp = pages.build_blueprint()
    limiter.exempt(bp)  # pages and assets; the sign-in forms carry their own named limits
    app.register_blueprint(bp)
    limiter.exempt(settings.bp)
    app.register_blueprint(settings.bp)  # /settings: sections come from the domains' views
    assets.check_installed()
