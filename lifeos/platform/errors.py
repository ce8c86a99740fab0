"""One error shape for the whole API: RFC 9457 problem details with a stable `code`.

Every error class carries its HTTP status and code; `ERROR_CATALOG` lists them all
(for the API docs). Domains define their own subclasses in their `errors.py`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from flask import Flask, Response, g, has_request_context, jsonify, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

PROBLEM_MIME = "application/problem+json"
ERROR_CATALOG: dict[str, type[AppError]] = {}


class AppError(Exception):
    """Base of every error the API returns on purpose."""

    status: ClassVar[int] = 400
    code: ClassVar[str] = "request.bad_request"
    title: ClassVar[str] = "Bad request"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "code" in cls.__dict__:
            ERROR_CATALOG[cls.code] = cls

    def __init__(
        self,
        detail: str | None = None,
        *,
        errors: list[dict[str, Any]] | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.errors = errors or []
        self.extra = extra or {}
        self.headers = headers or {}


class BadRequest(AppError):
    """The request could not be understood."""

    status = 400
    code = "request.bad_request"
    title = "Bad request"


class MalformedJSON(AppError):
    """The body is not valid JSON (or not a JSON object)."""

    status = 400
    code = "request.malformed_json"
    title = "Malformed JSON body"


class ValidationFailed(AppError):
    """Fields failed validation; `errors` names each field."""

    status = 422
    code = "request.validation_failed"
    title = "Validation failed"


class Unauthorized(AppError):
    """No valid credentials were presented."""

    status = 401
    code = "auth.unauthorized"
    title = "Authentication required"


class Forbidden(AppError):
    """Authenticated, but not allowed to do this."""

    status = 403
    code = "auth.forbidden"
    title = "Forbidden"


class NotFound(AppError):
    """No such resource (or it belongs to someone else)."""

    status = 404
    code = "request.not_found"
    title = "Not found"


class Conflict(AppError):
    """The request conflicts with the current state."""

    status = 409
    code = "request.conflict"
    title = "Conflict"


# Errors raised by Flask/Werkzeug and extensions, mapped to stable codes.
HTTP_CODES = {
    400: ("request.bad_request", "Bad request"),
    401: ("auth.unauthorized", "Authentication required"),
    403: ("auth.forbidden", "Forbidden"),
    404: ("request.not_found", "Not found"),
    405: ("request.method_not_allowed", "Method not allowed"),
    406: ("request.not_acceptable", "Not acceptable"),
    409: ("request.conflict", "Conflict"),
    413: ("request.too_large", "Request body too large"),
    415: ("request.unsupported_media_type", "Unsupported media type"),
    422: ("request.validation_failed", "Validation failed"),
    429: ("request.rate_limited", "Too many requests"),
    500: ("server.internal_error", "Internal server error"),
    503: ("server.unavailable", "Service unavailable"),
}


def problem(
    status: int,
    code: str,
    title: str,
    detail: str | None = None,
    *,
    errors: list[dict[str, Any]] | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """Build a problem+json response."""
    body: dict[str, Any] = {
        "type": f"https://lifeos.dev/problems/{code}",
        "title": title,
        "status": status,
        "code": code,
        "detail": detail or title,
    }
    if errors:
        body["errors"] = errors
    request_id = getattr(g, "request_id", None)
    if request_id:
        body["request_id"] = request_id
    if extra:
        body.update(extra)
    response = jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM_MIME
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


# --------------------------------------------------------------------------------------------
# HTML or JSON: a browser asking for a page gets the error as a page in the app's layout; API
# clients (the JSON paths, or anyone not preferring text/html) keep problem+json.

# (status, code, title, detail, headers) -> an HTML response; installed by lifeos.web.
HtmlErrorRenderer = Callable[[int, str, str, str, dict[str, str]], Response]
_html_renderer: HtmlErrorRenderer | None = None

JSON_PATH_PREFIXES = ("/api/", "/auth/", "/finance/", "/admin/")
JSON_PATHS = frozenset({"/health", "/ready", "/api", "/auth", "/finance", "/admin"})


def set_html_error_renderer(renderer: HtmlErrorRenderer | None) -> None:
    """Install the web layer's error page (None: always problem+json)."""
    global _html_renderer
    _html_renderer = renderer


def wants_html() -> bool:
    """Whether this request came from a browser page rather than an API client.

    JSON paths always get problem+json. Elsewhere, htmx requests and clients that rank
    text/html above JSON (browsers do; curl's `*/*` and a missing Accept do not) get HTML.
    """
    if not has_request_context():
        return False
    path = request.path
    if path in JSON_PATHS or path.startswith(JSON_PATH_PREFIXES):
        return False
    if request.headers.get("HX-Request"):
        return True
    accept = request.accept_mimetypes
    json_quality = max(accept["application/json"], accept[PROBLEM_MIME])
    return accept["text/html"] > json_quality


def _respond(
    status: int,
    code: str,
    title: str,
    detail: str | None,
    headers: dict[str, str],
    make_json: Callable[[], Response],
) -> Response:
    renderer = _html_renderer
    if renderer is not None and wants_html():
        try:
            return renderer(status, code, title, detail or title, headers)
        except Exception:
            log.exception("the HTML error page failed; answering problem+json")
    return make_json()


def _from_app_error(error: AppError) -> Response:
    return _respond(
        error.status,
        error.code,
        error.title,
        error.detail,
        error.headers,
        lambda: _problem_of(error),
    )


def _problem_of(error: AppError) -> Response:
    return problem(
        error.status,
        error.code,
        error.title,
        error.detail,
        errors=error.errors,
        extra=error.extra,
        headers=error.headers,
    )


def _from_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    code, title = HTTP_CODES.get(status, (f"http.{status}", error.name))
    headers: dict[str, str] = {}
    valid_methods: Iterable[str] | None = getattr(error, "valid_methods", None)  # MethodNotAllowed
    if status == 405 and valid_methods:
        headers["Allow"] = ", ".join(valid_methods)
    if status == 429:
        retry_after = _retry_after(error)
        if retry_after:
            headers["Retry-After"] = retry_after
    detail = error.description if status != 500 else title
    return _respond(
        status, code, title, detail, headers, lambda: problem(status, code, title, detail, headers=headers)
    )


def _retry_after(error: HTTPException) -> str | None:
    existing = error.get_response().headers.get("Retry-After")
    if existing:
        return existing
    limit = getattr(error, "limit", None)
    if limit is not None:
        try:
            return str(int(limit.limit.get_expiry()))
        except Exception:  # noqa: BLE001 - best effort header
            return None
    return None


def register_error_handlers(app: Flask) -> None:
    """Render every error, ours and Flask's, as problem+json."""
    app.register_error_handler(AppError, _from_app_error)
    app.register_error_handler(HTTPException, _from_http_exception)

    @app.errorhandler(Exception)
    def _unhandled(error: Exception) -> Response:  # pragma: no cover - exercised via tests
        if isinstance(error, HTTPException):
            return _from_http_exception(error)
        log.exception("unhandled error")
        code, title = HTTP_CODES[500]
        return _respond(500, code, title, title, {}, lambda: problem(500, code, title))
