"""`assert_problem`: the one check that a response is an RFC 9457 problem document."""

from __future__ import annotations

from typing import Any

from werkzeug.test import TestResponse

from lifeos.platform.errors import PROBLEM_MIME

__all__ = ["assert_problem"]


def assert_problem(response: TestResponse, status: int, code: str | None = None) -> dict[str, Any]:
    """Assert `response` is application/problem+json with this status (and code); return its body.

    Always checked: the HTTP status, the content type, the body's `status`, a non-empty
    `title`, and a `request_id` equal to the X-Request-ID header. With `code`: the stable
    `code`, and that `type` ends with it.
    """
    text = response.get_data(as_text=True)[:500]
    assert response.status_code == status, (response.status_code, text)
    assert response.mimetype == PROBLEM_MIME, (response.mimetype, text)
    body = response.get_json(force=True)
    assert isinstance(body, dict), text
    assert body.get("status") == status, body
    assert body.get("title"), body
    assert body.get("request_id") and body["request_id"] == response.headers.get("X-Request-ID"), body
    if code is not None:
        assert body.get("code") == code, body
        assert str(body.get("type", "")).endswith(code), body
    return body
