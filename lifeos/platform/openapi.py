"""OpenAPI: metadata attached to view functions, and the 3.1 document built from the URL map.

Every JSON route is decorated with `api_doc(...)`; `build_openapi(app)` walks `app.url_map`
and turns the metadata and pydantic schemas into the document. Nothing is listed by hand: a
route is in the document because it is registered and decorated. Pydantic models become
`components/schemas`; errors are problem+json responses.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, TypeGuard, TypeVar, cast

from flask import Flask
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema
from werkzeug.routing import Rule

from lifeos.platform.errors import ERROR_CATALOG, HTTP_CODES, PROBLEM_MIME
from lifeos.platform.http import render

F = TypeVar("F", bound=Callable[..., Any])

OPENAPI_VERSION = "3.1.0"
REF_TEMPLATE = "#/components/schemas/{model}"
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
_METHOD_ORDER = ["GET", "POST", "PUT", "PATCH", "DELETE"]

# Flask converters → JSON Schema of the path parameter.
_CONVERTER_SCHEMAS: dict[str, dict[str, Any]] = {
    "IntegerConverter": {"type": "integer", "minimum": 0},
    "FloatConverter": {"type": "number", "minimum": 0},
    "UUIDConverter": {"type": "string", "format": "uuid"},
    "PathConverter": {"type": "string"},
    "UnicodeConverter": {"type": "string"},
}
_RULE_ARG = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details, with a stable machine-readable `code`.",
    "required": ["type", "title", "status", "code"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "code": {"type": "string", "examples": ["request.validation_failed"]},
        "detail": {"type": "string"},
        "request_id": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {
                    "field": {"type": "string", "examples": ["lines[1].credit"]},
                    "message": {"type": "string"},
                    "type": {"type": "string"},
                },
            },
        },
    },
    "additionalProperties": True,
}


def openapi_meta(view: Any) -> dict[str, Any] | None:
    """The `api_doc` metadata of a view function (through decorators that keep `__wrapped__`)."""
    seen = 0
    while view is not None and seen < 20:
        meta: dict[str, Any] | None = getattr(view, "__openapi__", None)
        if meta is not None:
            return meta
        view = getattr(view, "__wrapped__", None)
        seen += 1
    return None


def openapi_path(rule: Rule) -> str:
    """`/finance/accounts/<int:id>` → `/finance/accounts/{id}`."""
    return _RULE_ARG.sub(lambda m: "{" + m.group(1) + "}", rule.rule)


def documented_rules(app: Flask) -> list[tuple[Rule, dict[str, Any]]]:
    """Every URL rule whose view carries `api_doc` metadata, in a stable order."""
    out = []
    for rule in app.url_map.iter_rules():
        meta = openapi_meta(app.view_functions.get(rule.endpoint))
        if meta is not None:
            out.append((rule, meta))
    out.sort(key=lambda item: (item[0].rule, item[0].endpoint))
    return out


def _status_title(status: int) -> str:
    for cls in ERROR_CATALOG.values():
        if cls.status == status:
            return cls.title
    return HTTP_CODES.get(status, ("", f"HTTP {status}"))[1]


def _codes_for_status(status: int) -> list[str]:
    codes = {code for code, cls in ERROR_CATALOG.items() if cls.status == status}
    if status in HTTP_CODES:
        codes.add(HTTP_CODES[status][0])
    return sorted(codes)


class _SchemaRegistry:
    """Collects pydantic models and renders them once into components/schemas."""

    def __init__(self) -> None:
        self._wanted: list[tuple[type[BaseModel], JsonSchemaMode]] = []

    def want(self, model: type[BaseModel], mode: JsonSchemaMode) -> None:
        key = (model, mode)
        if key not in self._wanted:
            self._wanted.append(key)

    def render(self) -> tuple[dict[tuple[Any, str], dict[str, Any]], dict[str, Any]]:
        if not self._wanted:
            return {}, {}
        refs, top = models_json_schema(self._wanted, ref_template=REF_TEMPLATE)
        defs: dict[str, Any] = top.get("$defs", {})
        return {(model, mode): schema for (model, mode), schema in refs.items()}, dict(defs)


def _is_model(obj: Any) -> TypeGuard[type[BaseModel]]:
    return isinstance(obj, type) and issubclass(obj, BaseModel)


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        found: dict[str, Any] = components.get(ref.rsplit("/", 1)[1], schema)
        return found
    return schema


def _path_parameters(rule: Rule) -> list[dict[str, Any]]:
    params = []
    for name in (m.group(1) for m in _RULE_ARG.finditer(rule.rule)):
        converter = rule._converters.get(name)  # werkzeug keeps the converters per rule
        kind = type(converter).__name__ if converter is not None else "UnicodeConverter"
        schema = getattr(converter, "openapi_schema", None) or _CONVERTER_SCHEMAS.get(kind)
        schema = schema or {"type": "string"}
        params.append({"name": name, "in": "path", "required": True, "schema": dict(schema)})
    return params


def _query_parameters(model_schema: dict[str, Any]) -> list[dict[str, Any]]:
    required = set(model_schema.get("required", []))
    params = []
    for name, prop in (model_schema.get("properties") or {}).items():
        prop = dict(prop)
        description = prop.pop("description", None)
        param: dict[str, Any] = {"name": name, "in": "query", "required": name in required, "schema": prop}
        if description:
            param["description"] = description
        params.append(param)
    return params


def _problem_response(status: int) -> dict[str, Any]:
    codes = _codes_for_status(status)
    description = _status_title(status)
    if codes:
        description += " — codes: " + ", ".join(f"`{c}`" for c in codes)
    return {
        "description": description,
        "content": {PROBLEM_MIME: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def _error_statuses(meta: dict[str, Any], method: str) -> list[int]:
    statuses = set(meta.get("errors") or [])
    if meta.get("body") is not None:
        statuses |= {400, 413, 422}
    if meta.get("query") is not None:
        statuses.add(422)
    if meta.get("auth", True):
        statuses.add(401)
        if method in WRITE_METHODS:
            statuses.add(403)
    return sorted(statuses)


def build_openapi(app: Flask) -> dict[str, Any]:
    """Build the OpenAPI 3.1 document for every documented route of `app`."""
    registry = _SchemaRegistry()
    rules = documented_rules(app)
    for _rule, meta in rules:
        if _is_model(meta.get("body")):
            registry.want(meta["body"], "validation")
        if _is_model(meta.get("form")):
            registry.want(meta["form"], "validation")
        if _is_model(meta.get("query")):
            registry.want(meta["query"], "validation")
        if _is_model(meta.get("response")):
            registry.want(meta["response"], "serialization")
    refs, components = registry.render()
    components = {"Problem": PROBLEM_SCHEMA, **components}

    paths: dict[str, dict[str, Any]] = {}
    operation_ids: set[str] = set()
    tags: set[str] = set()
    for rule, meta in rules:
        path = openapi_path(rule)
        methods = [m for m in _METHOD_ORDER if m in (rule.methods or set())]
        for method in methods:
            op = _operation(rule, meta, method, refs, components)
            op_id = op["operationId"]
            suffix = 2
            while op["operationId"] in operation_ids:
                op["operationId"] = f"{op_id}_{suffix}"
                suffix += 1
            operation_ids.add(op["operationId"])
            tags.update(op.get("tags", []))
            paths.setdefault(path, {})[method.lower()] = op

    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "LifeOS API",
            "version": "1",
            "description": (
                "JSON API of LifeOS. Authenticate with `POST /api/v1/auth/login`, then send "
                "`Authorization: Bearer <access_token>`; every write also sends `X-CSRF-Token` "
                "with the CSRF token issued at login. Errors are RFC 9457 problem details "
                "(`application/problem+json`) with a stable `code`."
            ),
        },
        "servers": [{"url": "/"}],
        "tags": [{"name": t} for t in sorted(tags)],
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": components,
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
                "csrfToken": {"type": "apiKey", "in": "header", "name": "X-CSRF-Token"},
            },
        },
    }


def _operation(
    rule: Rule,
    meta: dict[str, Any],
    method: str,
    refs: dict[tuple[Any, str], dict[str, Any]],
    components: dict[str, Any],
) -> dict[str, Any]:
    blueprint = rule.endpoint.rsplit(".", 1)[0] if "." in rule.endpoint else "app"
    op: dict[str, Any] = {
        "operationId": re.sub(r"[^A-Za-z0-9_]", "_", f"{rule.endpoint}_{method.lower()}"),
        "summary": meta.get("summary") or rule.endpoint,
        "tags": list(meta.get("tags") or [blueprint]),
    }
    if meta.get("description"):
        op["description"] = meta["description"]

    parameters = _path_parameters(rule)
    query = meta.get("query")
    if _is_model(query):
        parameters += _query_parameters(_resolve(refs[(query, "validation")], components))
    elif isinstance(query, dict):
        parameters += _query_parameters(query)
    if parameters:
        op["parameters"] = parameters

    body = meta.get("body")
    if body is not None and method in WRITE_METHODS:
        schema = refs[(body, "validation")] if _is_model(body) else body
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": schema}}}
        form = meta.get("form")
        if _is_model(form):  # the same operation also takes a file upload
            upload: dict[str, Any] = {"schema": refs[(form, "validation")]}
            if meta.get("form_json"):
                upload["encoding"] = {name: {"contentType": "application/json"} for name in meta["form_json"]}
            op["requestBody"]["content"]["multipart/form-data"] = upload

    status = int(meta.get("status") or 200)
    response = meta.get("response")
    ok: dict[str, Any] = {"description": "No content" if status == 204 else "Success"}
    if status != 204:
        if _is_model(response):
            ok["content"] = {"application/json": {"schema": refs[(response, "serialization")]}}
        elif isinstance(response, dict):
            ok["content"] = {"application/json": {"schema": response}}
    responses: dict[str, Any] = {str(status): ok}
    for other in meta.get("also") or []:
        responses[str(other)] = {**ok, "description": "Success (see the operation's description)"}
    for err in _error_statuses(meta, method):
        responses[str(err)] = _problem_response(err)
    op["responses"] = responses

    if meta.get("auth", True):
        requirement: dict[str, list[str]] = {"bearerAuth": []}
        if method in WRITE_METHODS:
            requirement["csrfToken"] = []
        op["security"] = [requirement]
    else:
        op["security"] = []
    return op


# What the errors raised by Flask/Werkzeug and extensions (HTTP_CODES) mean for a client.
_HTTP_MEANINGS = {
    400: "The request could not be understood.",
    401: "No valid credentials were presented.",
    403: "Authenticated, but not allowed to do this.",
    404: "No such resource or route (another user's object looks the same).",
    405: "The path exists, but not with this method; the `Allow` header lists the methods.",
    406: "The server cannot produce a representation the client accepts.",
    409: "The request conflicts with the current state.",
    413: "The request body is larger than the configured maximum (MAX_CONTENT_LENGTH).",
    415: "The body's media type is not supported (send application/json).",
    422: "Fields failed validation; `errors` names each field.",
    429: "A rate limit was exceeded; the `Retry-After` header says when to try again.",
    500: "An unexpected error; the server log has the details under the response's request_id.",
    503: "The service is temporarily unavailable.",
}


def _first_paragraph(doc: str | None) -> str:
    paragraph = (doc or "").strip().split("\n\n", 1)[0]
    return " ".join(line.strip() for line in paragraph.splitlines())


def error_code_rows() -> list[tuple[str, int, str, str]]:
    """(code, status, title, meaning) for every error code the API can return."""
    rows: dict[str, tuple[str, int, str, str]] = {}
    for status, (code, title) in HTTP_CODES.items():
        rows[code] = (code, status, title, _HTTP_MEANINGS.get(status, ""))
    for code, cls in ERROR_CATALOG.items():
        if cls.__module__.startswith("lifeos."):  # not error classes that tests define
            rows[code] = (code, cls.status, cls.title, _first_paragraph(cls.__doc__))
    return sorted(rows.values(), key=lambda r: r[0])


def error_code_table() -> str:
    """The Markdown table of error codes embedded in lifeos/docs/API.md."""
    lines = ["| Code | HTTP status | Title | Meaning |", "|---|---|---|---|"]
    for code, status, title, meaning in error_code_rows():
        meaning = meaning.replace("|", "\\|")
        lines.append(f"| `{code}` | {status} | {title} | {meaning} |")
    return "\n".join(lines) + "\n"


def replace_generated(document: str, name: str, content: str) -> str:
    """Replace the text between `<!-- BEGIN GENERATED name -->` and its END marker."""
    begin, end = f"<!-- BEGIN GENERATED {name} -->", f"<!-- END GENERATED {name} -->"
    head, sep, rest = document.partition(begin)
    if not sep or end not in rest:
        raise ValueError(f"markers for {name!r} not found")
    tail = rest.split(end, 1)[1]
    return f"{head}{begin}\n{content}{end}{tail}"


# ------------------------------------------------------------------ view metadata


def api_doc(
    *,
    summary: str,
    tags: tuple[str, ...] = (),
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    response: type[BaseModel] | None = None,
    status: int = 200,
    also: tuple[int, ...] = (),
    errors: tuple[int, ...] = (),
    auth: bool = True,
    description: str | None = None,
    form: type[BaseModel] | None = None,
    form_json: tuple[str, ...] = (),
) -> Callable[[F], F]:
    """Document a view, and render what it returns through its `response` schema.

    `also` lists other success statuses answered with the same body (e.g. 200 for a replay).
    `form` documents a multipart/form-data body the view also takes (`form_json`: its fields
    sent as JSON documents), beside the JSON `body`.
    """

    def decorate(fn: F) -> F:
        meta = {
            "summary": summary,
            "tags": list(tags),
            "body": body,
            "query": query,
            "response": response,
            "status": status,
            "also": list(also),
            "errors": list(errors),
            "auth": auth,
            "description": description or (fn.__doc__ or "").strip() or None,
            "form": form,
            "form_json": list(form_json),
        }
        view: Any = fn
        if response is not None:
            schema = response

            @functools.wraps(fn)
            def view(*args: Any, **kwargs: Any) -> Any:
                return render(schema, fn(*args, **kwargs))

        view.__openapi__ = meta
        return cast(F, view)

    return decorate
