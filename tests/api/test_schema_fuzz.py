"""Schemathesis over the whole OpenAPI document, logged in, on SQLite and PostgreSQL.

For every operation it generates requests from the document (valid ones and, in negative mode,
invalid ones) and checks the answers: never a 5xx, only documented status codes and content
types, every body valid against its declared schema, invalid requests refused. For valid
requests, the document must describe every rule of *shape*: a refusal by validation
(400, or 422 `request.validation_failed`) means the schema promised too much. Domain rules
that JSON Schema cannot state (a subtype that belongs to another type, an unbalanced entry, an
opaque cursor made up by the generator) answer with their own codes and are not failures.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from lifeos import create_app

EXAMPLES = 12


def _operations() -> list[str]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    return sorted(f"{method.upper()} {path}" for path, ops in document["paths"].items() for method in ops)


@schemathesis.check
def valid_shapes_pass_validation(ctx: Any, response: Any, case: Any) -> bool | None:
    """A request generated from the schema's positive side is not refused for its shape."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return None
    code = None
    if response.status_code in (400, 422):
        try:
            code = response.json().get("code")
        except ValueError:
            code = None
    if response.status_code == 400 or code == "request.validation_failed":
        refused = f"{response.status_code} {response.text[:400]}"
        raise AssertionError(f"a schema-valid request was refused: {refused}")
    return None


@pytest.fixture
def fuzz_headers(user_factory, auth_headers) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return auth_headers(user_factory())  # type: ignore[no-any-return]


@pytest.mark.parametrize("label", _operations())
def test_every_operation_keeps_its_documented_contract(app, fuzz_headers, label: str) -> None:  # type: ignore[no-untyped-def]
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    method, path = label.split(" ", 1)
    operation = schema[path][method]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        case.call_and_validate(
            headers=fuzz_headers,
            excluded_checks=[positive_data_acceptance],
            additional_checks=[valid_shapes_pass_validation],
        )

    run()
