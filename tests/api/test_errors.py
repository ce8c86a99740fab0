"""Every error the API can return is application/problem+json with a stable code.

DB-free: a fresh app with test-only routes (registered before the first request).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Blueprint, Flask
from pydantic import Field

from lifeos import create_app
from lifeos.extensions import limiter
from lifeos.platform.http import Schema, parse_body, parse_query
from lifeos.platform.openapi import api_doc
from tests.support.problems import assert_problem

MAX_BODY = 4096


class ItemIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    amount: int = Field(ge=0, le=1000)
    tags: list[str] = Field(default_factory=list, max_length=5)


class ItemQuery(Schema):
    limit: int = Field(20, ge=1, le=50)


def _test_blueprint() -> Blueprint:
    bp = Blueprint("errors_test", __name__, url_prefix="/_test")

    @bp.post("/items")
    @api_doc(summary="Test-only create", body=ItemIn, auth=False)
    def create_item() -> Any:
        item = parse_body(ItemIn)
        return item.model_dump(), 201

    @bp.get("/items")
    @api_doc(summary="Test-only list", query=ItemQuery, auth=False)
    def list_items() -> Any:
        query = parse_query(ItemQuery)
        return {"limit": query.limit}

    @bp.get("/boom")
    def boom() -> Any:
        raise RuntimeError("kaboom: secret internal state /etc/passwd")

    @bp.get("/limited")
    @limiter.limit("1 per minute")
    def limited() -> Any:
        return {"ok": True}

    return bp


@pytest.fixture
def app() -> Iterator[Flask]:
    was_enabled = limiter.enabled
    flask_app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "MAX_CONTENT_LENGTH": MAX_BODY,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    flask_app.register_blueprint(_test_blueprint())
    yield flask_app
    # The Limiter is process-wide and the last init_app decides whether it is on: restore it.
    limiter.reset()
    limiter.enabled = was_enabled


@pytest.fixture
def client(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_client()


def post_raw(client, data: bytes | str, content_type: str = "application/json"):  # type: ignore[no-untyped-def]
    return client.post("/_test/items", data=data, content_type=content_type)


def test_valid_body_is_accepted(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/_test/items", json={"name": "  Groceries ", "amount": 12})
    assert response.status_code == 201
    assert response.get_json() == {"name": "Groceries", "amount": 12, "tags": []}


@pytest.mark.parametrize("raw", ['{"name": "x", ', "not json", "{'single': 'quotes'}", "\xff\xfe"])
def test_malformed_json_is_400(client, raw: str) -> None:  # type: ignore[no-untyped-def]
    body = assert_problem(post_raw(client, raw), 400, "request.malformed_json")
    assert "JSON" in body["detail"]


@pytest.mark.parametrize("raw", ["[1, 2]", '"a string"', "42", "null", "true"])
def test_non_object_json_is_400(client, raw: str) -> None:  # type: ignore[no-untyped-def]
    assert_problem(post_raw(client, raw), 400, "request.malformed_json")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "x", "amount": "lots"}, "amount"),
        ({"name": 123, "amount": 1}, "name"),
        ({"name": "x", "amount": 1, "tags": "a"}, "tags"),
        ({"name": "x", "amount": 1, "tags": [1]}, "tags[0]"),
        ({"name": "x", "amount": 10**30}, "amount"),
        ({"name": "x", "amount": -1}, "amount"),
        ({"name": "x" * 101, "amount": 1}, "name"),
        ({"amount": 1}, "name"),
    ],
)
def test_wrong_types_and_ranges_are_422_with_field(client, payload: dict, field: str) -> None:  # type: ignore[no-untyped-def]
    body = assert_problem(client.post("/_test/items", json=payload), 422, "request.validation_failed")
    fields = [e["field"] for e in body["errors"]]
    assert field in fields
    assert all(e["message"] for e in body["errors"])


def test_unknown_fields_are_422(client) -> None:  # type: ignore[no-untyped-def]
    body = assert_problem(
        client.post("/_test/items", json={"name": "x", "amount": 1, "is_admin": True}),
        422,
        "request.validation_failed",
    )
    assert [e["field"] for e in body["errors"]] == ["is_admin"]


def test_huge_string_within_body_limit_is_422(client) -> None:  # type: ignore[no-untyped-def]
    body = assert_problem(
        client.post("/_test/items", json={"name": "y" * 3000, "amount": 1}), 422, "request.validation_failed"
    )
    assert body["errors"][0]["field"] == "name"


def test_oversized_body_is_413(client) -> None:  # type: ignore[no-untyped-def]
    payload = json.dumps({"name": "z" * (MAX_BODY * 2), "amount": 1})
    assert_problem(post_raw(client, payload), 413, "request.too_large")


def test_bad_query_parameter_is_422(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/_test/items?limit=5").get_json() == {"limit": 5}
    body = assert_problem(client.get("/_test/items?limit=500"), 422, "request.validation_failed")
    assert body["errors"][0]["field"] == "limit"
    body = assert_problem(client.get("/_test/items?limit=abc"), 422, "request.validation_failed")
    body = assert_problem(client.get("/_test/items?surprise=1"), 422, "request.validation_failed")
    assert body["errors"][0]["field"] == "surprise"


def test_unknown_route_is_404(client) -> None:  # type: ignore[no-untyped-def]
    assert_problem(client.get("/api/v1/definitely-not-here"), 404, "request.not_found")
    assert_problem(client.get("/no/such/page"), 404, "request.not_found")


def test_wrong_method_is_405_with_allow(client) -> None:  # type: ignore[no-untyped-def]
    response = client.delete("/_test/items")
    assert_problem(response, 405, "request.method_not_allowed")
    allowed = {m.strip() for m in response.headers["Allow"].split(",")}
    assert {"GET", "POST"} <= allowed
    assert_problem(client.post("/health"), 405, "request.method_not_allowed")


def test_unhandled_exception_is_500_without_leaking(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/_test/boom")
    body = assert_problem(response, 500, "server.internal_error")
    text = response.get_data(as_text=True)
    assert "Traceback" not in text
    assert "kaboom" not in text
    assert "passwd" not in text
    assert body["detail"] == body["title"]


def test_rate_limit_is_429_problem_with_retry_after(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/_test/limited").status_code == 200
    response = client.get("/_test/limited")
    assert_problem(response, 429, "request.rate_limited")
    assert int(response.headers["Retry-After"]) > 0


def test_request_id_is_echoed_or_generated(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/health", headers={"X-Request-ID": "abc-123.XYZ"})
    assert response.headers["X-Request-ID"] == "abc-123.XYZ"
    generated = client.get("/health").headers["X-Request-ID"]
    assert len(generated) >= 16
    # A hostile id (header injection, oversized) is replaced, not echoed.
    hostile = client.get("/health", headers={"X-Request-ID": "x" * 500}).headers["X-Request-ID"]
    assert hostile != "x" * 500
    # Errors carry the same id in their body.
    body = client.get("/nope", headers={"X-Request-ID": "req-42"}).get_json(force=True)
    assert body["request_id"] == "req-42"
