"""Requests in, responses out, for every JSON blueprint.

In: the body is parsed once (numbers as Decimal from their text, never via float) and
validated by a pydantic model; so is the query string. Out: `render` passes what a view
returned through the route's declared response schema.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, ClassVar, TypeVar

from flask import Flask, Response, current_app, jsonify, request
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, WithJsonSchema
from werkzeug.exceptions import NotFound, RequestEntityTooLarge, UnsupportedMediaType
from werkzeug.formparser import parse_form_data
from werkzeug.routing import IntegerConverter, UnicodeConverter

from lifeos.platform.errors import BadRequest, MalformedJSON, ValidationFailed

M = TypeVar("M", bound=BaseModel)
MAX_ID = 2**31 - 1  # INTEGER primary keys on both databases


FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEARS_PATTERN = r"^(19|2[0-9])[0-9]{2}-[0-9]{2}-[0-9]{2}$"


def _iso_date(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        day = value
    elif not isinstance(value, str) or not _DATE.fullmatch(value.strip()):
        raise ValueError("must be a date formatted YYYY-MM-DD")
    else:
        try:
            day = date.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValueError("must be a valid calendar date (YYYY-MM-DD)") from exc
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"must be between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}")
    return day


# A calendar day in a request: YYYY-MM-DD, a real date, within 1900–2999 (so date arithmetic
# around it — the day after, the month's end — never leaves the calendar).
IsoDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    WithJsonSchema(
        {"type": "string", "format": "date", "pattern": r"^(19|2[0-9])[0-9]{2}-[0-9]{2}-[0-9]{2}$"}
    ),
]
# An id in a query or body: fits the INTEGER columns.
IdIn = Annotated[int, Field(ge=1, le=MAX_ID)]


NO_NUL = "^[^\\u0000]*$"


def _document_no_nul(schema: dict[str, Any]) -> None:
    """Say in the schema what json_body enforces: no string may hold a NUL character."""
    stack: list[Any] = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("type") == "string" and not ({"pattern", "format", "enum", "const"} & node.keys()):
                node["pattern"] = NO_NUL
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


# Building blocks of request schemas, shared by every domain.
Limit100 = Annotated[int, Field(ge=1, le=100)]
Cursor = Annotated[str | None, Field(default=None, max_length=512)]


def no_nul(value: str) -> str:
    """A field-level NUL check (json_body refuses NUL anywhere; this names the rule per field)."""
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def _not_nullable(schema: dict[str, Any]) -> None:
    """Document an omittable field by its type alone: `null` is refused (see `not_null`)."""
    branches = [b for b in schema.pop("anyOf", []) if b.get("type") != "null"]
    if len(branches) == 1:
        schema.update(branches[0])
    schema.pop("default", None)


# PATCH fields the resource always has: `field: X | None = OMITTABLE` plus a `not_null` validator.
OMITTABLE: Any = Field(default=None, json_schema_extra=_not_nullable)


def not_null(value: Any) -> Any:
    """PATCH: a field that the resource always has may be left out, not set to null."""
    if value is None:
        raise ValueError("may be left out but not set to null")
    return value


class Schema(BaseModel):
    """Base for request schemas: unknown fields are refused, strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra=_document_no_nul)


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


MAX_DEPTH = 32
_BODY_KEY = "lifeos.body"  # per request (an app context may outlive one in tests)
_JSON_TYPES = ("application/json",)


def read_body() -> bytes:
    """The raw request body, read once and never past MAX_CONTENT_LENGTH (413).

    Werkzeug checks a declared Content-Length, but a chunked body (no length) is read as it
    comes: count what is read instead of trusting a header.
    """
    cached = request.environ.get(_BODY_KEY)
    if isinstance(cached, bytes):
        return cached
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if request.content_length is not None or not limit:
        body = request.get_data(cache=True)
    elif request.environ.get("wsgi.input_terminated"):
        # Werkzeug's own stream would stop quietly at the limit (a truncated body); read the
        # server's de-chunked input and refuse what goes past it.
        body = request.environ["wsgi.input"].read(int(limit) + 1)
        if len(body) > int(limit):
            raise RequestEntityTooLarge()
    else:
        body = b""  # no length and not terminated: WSGI says there is no body
    request.environ[_BODY_KEY] = body
    return body


def _is_json(mimetype: str) -> bool:
    return mimetype in _JSON_TYPES or (mimetype.startswith("application/") and mimetype.endswith("+json"))


# PostgreSQL text holds neither NUL nor a lone UTF-16 surrogate (JSON can spell both: "\u0000").
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_UNSTORABLE_MESSAGE = "must not contain NUL characters or unpaired surrogates"


def storable(text: str) -> bool:
    """False for text a database cannot store (a NUL character or an unpaired surrogate)."""
    return _UNSTORABLE.search(text) is None


def _check_tree(data: Any) -> None:
    """Refuse text a database cannot store (NUL, lone surrogates) anywhere, and deep nesting."""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if len(path) > MAX_DEPTH:
            raise MalformedJSON(f"The request body is nested more than {MAX_DEPTH} levels deep.")
        if isinstance(value, str):
            if _UNSTORABLE.search(value):
                raise ValidationFailed(
                    "Some fields are invalid.",
                    errors=[{"field": _field_path(path), "message": _UNSTORABLE_MESSAGE}],
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                if _UNSTORABLE.search(key):
                    raise ValidationFailed(
                        "Some fields are invalid.",
                        errors=[{"field": _field_path(path), "message": "keys must not contain NUL"}],
                    )
                stack.append((item, (*path, key)))
        elif isinstance(value, list):
            stack.extend((item, (*path, i)) for i, item in enumerate(value))


def json_body() -> dict[str, Any]:
    """The request body as a JSON object (numbers as Decimal), or a 4xx problem.

    415 for a body that is not JSON by its Content-Type, 413 past the size limit, 400 when it
    does not parse or is not an object or nests too deep, 422 for NUL characters.
    """
    raw = read_body()
    if not raw:
        return {}
    if not _is_json(request.mimetype):
        raise UnsupportedMediaType("Send the body as application/json.")
    try:
        data = json.loads(raw, parse_float=_plain_decimal, parse_constant=_refuse_constant)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise MalformedJSON("The request body is not valid JSON.") from exc
    if not isinstance(data, dict):
        raise MalformedJSON("The request body must be a JSON object.")
    _check_tree(data)
    return data


FORM_DATA = "multipart/form-data"
MAX_FORM_PARTS = 20


def is_form_data() -> bool:
    """The request body is multipart/form-data (a file upload)."""
    return request.mimetype == FORM_DATA


def form_body(
    json_fields: frozenset[str] = frozenset(), file_fields: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """A multipart/form-data body as a dict, under the same size limit as JSON bodies (413).

    Files (and `file_fields` sent as plain fields) become bytes; `json_fields` are parsed as JSON
    (numbers as Decimal); other fields stay text. A field given twice or JSON that does not parse
    is a 422 naming the field; a body that is not multipart at all is a 400.
    """
    raw = read_body()
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    # Parse the body read (and size-checked) once, whatever its transfer encoding was.
    environ = {**request.environ, "wsgi.input": io.BytesIO(raw), "CONTENT_LENGTH": str(len(raw))}
    environ.pop("HTTP_TRANSFER_ENCODING", None)
    try:
        _, form, files = parse_form_data(
            environ,
            silent=False,
            max_content_length=limit,
            max_form_memory_size=limit,
            max_form_parts=MAX_FORM_PARTS,
        )
    except ValueError as exc:
        raise BadRequest("The request body is not valid multipart/form-data.") from exc
    out: dict[str, Any] = {}
    errors: list[dict[str, Any]] = []
    for name in [*form.keys(), *files.keys()]:
        texts, uploads = form.getlist(name), files.getlist(name)
        if len(texts) + len(uploads) != 1 or name in out:
            errors.append({"field": name, "message": "must be given once"})
            continue
        if uploads:
            out[name] = uploads[0].read()
        elif name in file_fields:
            out[name] = texts[0].encode("utf-8")
        elif name in json_fields:
            try:
                out[name] = json.loads(texts[0], parse_float=_plain_decimal, parse_constant=_refuse_constant)
            except (ValueError, RecursionError):
                errors.append({"field": name, "message": "must be a JSON document"})
        else:
            out[name] = texts[0]
    if errors:
        raise ValidationFailed("Some fields are invalid.", errors=errors)
    _check_tree({k: v for k, v in out.items() if not isinstance(v, bytes)})
    return out


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _plain_decimal(text: str) -> Decimal:
    """A JSON number with a fraction, exactly as written; exponents (1e2) are refused."""
    if "e" in text or "E" in text:
        raise ValueError("numbers must be written without an exponent")
    return Decimal(text)


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
    _check_tree(data)
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


class IdConverter(IntegerConverter):
    """`<int:…>` in routes, documented as fitting the INTEGER columns (0…2³¹−1)."""

    openapi_schema: ClassVar[dict[str, Any]] = {"type": "integer", "minimum": 0, "maximum": MAX_ID}


class DayConverter(UnicodeConverter):
    """`<day:…>` in routes: a YYYY-MM-DD path segment, documented as a date (the view parses it,
    so an impossible date is a 422 naming the field, not a 404)."""

    openapi_schema: ClassVar[dict[str, Any]] = {"type": "string", "format": "date", "pattern": _YEARS_PATTERN}


def _ids_in_range() -> None:
    # Checked after routing (not in the converter): a converter that refuses a value makes
    # Werkzeug answer 405 for the other methods of the same path instead of 404.
    values = request.view_args or {}
    if any(isinstance(v, int) and v > MAX_ID for v in values.values()):
        raise NotFound()


def install_converters(app: Flask) -> None:
    """Bound `<int:…>` route parameters to the INTEGER range (call before blueprints, after the
    request-id hook, so the 404 carries its request id)."""
    app.url_map.converters["int"] = IdConverter
    app.url_map.converters["day"] = DayConverter
    app.before_request(_ids_in_range)
