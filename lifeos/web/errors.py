"""Error pages: what a browser sees instead of problem+json (platform/errors.py decides which)."""

from __future__ import annotations

import logging

from flask import Response, g, make_response, render_template
from werkzeug.exceptions import default_exceptions

from lifeos.platform.auth.browser import resolve_session

log = logging.getLogger(__name__)

# status → (heading, what to do next)
FRIENDLY: dict[int, tuple[str, str]] = {
    400: ("That request didn't make sense", "Go back and try again."),
    401: ("Please sign in", "Sign in to see this page."),
    403: ("You can't do that", "Your account is not allowed to do this."),
    404: ("Page not found", "There is nothing here. The link may be wrong, or the page has moved."),
    405: ("That doesn't work here", "Go back and use the page's own buttons."),
    409: ("That clashes with something", "Go back, check, and try again."),
    413: ("That was too large", "Send something smaller."),
    422: ("Some details need another look", "Go back and correct the form."),
    429: ("Slow down a little", "Too many requests in a short time. Wait a moment and try again."),
    500: ("Something went wrong", "The error has been logged. Try again in a moment."),
    503: ("LifeOS is not ready", "Try again in a moment."),
}
CSRF_HEADING = ("This form has expired", "Reload the page and send it again.")


def render_error(status: int, code: str, title: str, detail: str, headers: dict[str, str]) -> Response:
    """The error as a page in the app's layout (the person's navigation when signed in)."""
    try:
        resolve_session()
    except Exception:
        log.warning("error page rendered without a session", exc_info=True)
    heading, advice = FRIENDLY.get(status, (title, "Go back and try again."))
    if code == "csrf_failed":
        heading, advice = CSRF_HEADING
    # Our own error details are written for people (werkzeug's stock texts are not, and a 500's
    # detail never leaves the server).
    stock = getattr(default_exceptions.get(status), "description", None)
    message = detail if status < 500 and detail and detail not in (title, stock) else None
    html = render_template(
        "web/error.html",
        status=status,
        heading=heading,
        advice=advice,
        message=message,
        code=code,
        request_id=g.get("request_id"),
    )
    response = make_response(html, status)
    for key, value in headers.items():
        response.headers[key] = value
    return response
