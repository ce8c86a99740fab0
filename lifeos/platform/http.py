"""Requests in, responses out, for every JSON blueprint.

In: the body is parsed once (numbers as Decimal from their text, never via float) and
validated by a pydantic model; so is the query string. Out: `render` passes what a view
returned through the route's declared response schema.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, TypeVar

from flask import Response, jsonify, request
from pydantic import BaseModel, ConfigDict, ValidationError

from lifeos.platform.errors import MalformedJSON, ValidationFailed

M = TypeVar("M", bound=BaseModel)


class Schema(BaseModel):
    """Base for request schemas: unknown fields are refused, strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _field_path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += ("." if path else "") + str(part)
    return path or "body"


def validation_errors(exc: ValidationError) -> list[dict[str, Any]]:
    """Turn pydantic errors into `[{field, message, type}]`."""
    out = []
    for err in exc.errors(include_url=False, include_input=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        # Drop pydantic's union/tagged-choice markers from the path.
        loc = tuple(p for p in loc if p not in {"str", "int", "float", "decimal", "constrained-str"})
        message = err["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        out.append({"field": _field_path(loc), "message": message, "type": err["type"]})
    return out


def json_body() -> dict[str, Any]:
    """The request body as a JSON object (numbers as Decimal), or a 400 problem."""
    raw = request.get_data(cache=True)
    if not raw:
        return {}
    try:
        data = json.loads(raw, parse_float=Decimal, parse_constant=Decimal)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise MalformedJSON("The request body is not valid JSON.") from exc
    if not isinstance(data, dict):
        raise MalformedJSON("The request body must be a JSON object.")
    return data


def parse(model: type[M], data: dict[str, Any]) -> M:
    """Validate data against a schema, or raise a 422 with field errors."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed("Some fields are invalid.", errors=validation_errors(exc)) from exc


def parse_body(model: type[M]) -> M:
    """Parse and validate the JSON body."""
    return parse(model, json_body())


def parse_query(model: type[M]) -> M:
    """Validate the query string (single values) against a schema."""
    data = dict(request.args.items())
    return parse(model, data)


def render(schema: type[BaseModel], result: Any) -> Any:
    """A view's result (body, or body and status, or a Response) rendered through `schema`.

    The body may be a schema instance, a domain object (read by attribute) or a dict; it is
    validated by the schema and dumped as JSON, so a response cannot drift from its document.
    """
    if isinstance(result, Response):
        return result
    body, rest = (result[0], result[1:]) if isinstance(result, tuple) else (result, ())
    model = body if isinstance(body, schema) else schema.model_validate(body)
    response = jsonify(model.model_dump(mode="json", by_alias=True))
    return (response, *rest) if rest else response
