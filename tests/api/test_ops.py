"""/health, /ready, the OpenAPI document and the docs pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Blueprint, Flask
from pydantic import BaseModel, Field

from lifeos import create_app
from lifeos.devtools.scratch_db import scratch_database
from lifeos.extensions import db, limiter
from lifeos.platform.errors import PROBLEM_MIME
from lifeos.platform.http import Schema
from lifeos.platform.openapi import api_doc, build_openapi, documented_rules, openapi_meta, openapi_path
from lifeos.platform.ops import migration_heads
from tests.conftest import PG_ADMIN_URL, require_postgres

# Routes under /api/v1 that are not JSON API operations themselves.
UNDOCUMENTED_API_ROUTES = {"/api/v1/openapi.json"}


def _app(url: str, **overrides: Any) -> Flask:
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, **overrides})


def _unreachable_sqlite(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'missing-dir' / 'nested' / 'db.sqlite'}"


# --- /health -------------------------------------------------------------------------------------


def test_health_needs_no_database(tmp_path: Path) -> None:
    client = _app(_unreachable_sqlite(tmp_path)).test_client()
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["X-Request-ID"]


@pytest.fixture
def restore_limiter() -> Iterator[None]:
    """The Limiter is process-wide and the last init_app decides whether it is on: restore it."""
    was_enabled = limiter.enabled
    yield
    limiter.reset()
    limiter.enabled = was_enabled


@pytest.mark.usefixtures("restore_limiter")
def test_health_and_ready_are_exempt_from_rate_limits(tmp_path: Path) -> None:
    flask_app = _app(
        _unreachable_sqlite(tmp_path),
        RATELIMIT_ENABLED=True,
        RATELIMIT_DEFAULT="2 per minute",
        RATELIMIT_STORAGE_URI="memory://",
    )
    bp = Blueprint("ratelimit_probe", __name__)
    bp.add_url_rule("/_probe", "probe", lambda: {"ok": True})
    flask_app.register_blueprint(bp)
    client = flask_app.test_client()
    for _ in range(5):
        assert client.get("/health").status_code == 200
        assert client.get("/ready").status_code == 503  # unreachable DB, but never 429
        assert client.get("/api/v1/openapi.json").status_code == 200
    # The default limit is really on: an ordinary route is limited.
    statuses = [client.get("/_probe").status_code for _ in range(3)]
    assert statuses[-1] == 429


# --- /ready --------------------------------------------------------------------------------------


def test_ready_on_migrated_database(client, app: Flask) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/ready")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["status"] == "ready"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["schema"] == "at_head"
    assert body["checks"]["revision"] == sorted(migration_heads(app))
    assert migration_heads(app), "the migration chain has a head"


@pytest.fixture
def empty_database(tmp_path: Path, backend: str) -> Iterator[str]:
    """A reachable database with no tables at all, on the backend under test."""
    if backend == "postgresql":
        require_postgres()
    with scratch_database(
        backend, tmp_path, admin_url=PG_ADMIN_URL, prefix="lifeos_test_empty", filename="empty.db"
    ) as url:
        yield url


def test_ready_is_503_on_unmigrated_database(empty_database: str) -> None:
    flask_app = _app(empty_database)
    try:
        response = flask_app.test_client().get("/ready")
    finally:
        with flask_app.app_context():
            db.engine.dispose()
    assert response.status_code == 503
    assert response.mimetype == PROBLEM_MIME
    body = response.get_json(force=True)
    assert body["code"] == "server.not_ready"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["schema"] == "behind"
    assert body["checks"]["revision"] == []
    assert body["checks"]["expected"] == sorted(migration_heads(flask_app))


def test_ready_is_503_when_database_unreachable(tmp_path: Path) -> None:
    response = _app(_unreachable_sqlite(tmp_path)).test_client().get("/ready")
    assert response.status_code == 503
    assert response.mimetype == PROBLEM_MIME
    body = response.get_json(force=True)
    assert body["code"] == "server.not_ready"
    assert body["checks"] == {"database": "unreachable"}
    assert "sqlite" not in response.get_data(as_text=True)  # no connection details leak


def test_ready_is_503_on_unreachable_postgresql() -> None:
    # Port 1 on loopback: nothing listens there; the driver error must become a 503.
    url = "postgresql+psycopg://postgres@127.0.0.1:1/postgres?connect_timeout=2"
    response = _app(url).test_client().get("/ready")
    assert response.status_code == 503
    assert response.get_json(force=True)["code"] == "server.not_ready"


# --- OpenAPI -------------------------------------------------------------------------------------


@pytest.fixture
def bare_app(tmp_path: Path) -> Flask:
    return _app(f"sqlite:///{tmp_path / 'unused.db'}")


def test_every_api_route_is_documented(bare_app: Flask) -> None:
    """A route under /api/v1 without `api_doc` metadata fails here, whoever added it."""
    missing = []
    for rule in bare_app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1") or rule.rule in UNDOCUMENTED_API_ROUTES:
            continue
        if openapi_meta(bare_app.view_functions[rule.endpoint]) is None:
            missing.append(f"{rule.rule} -> {rule.endpoint}")
    assert not missing, "routes without @api_doc(...): " + ", ".join(missing)


def test_document_lists_every_documented_route(bare_app: Flask) -> None:
    document = bare_app.test_client().get("/api/v1/openapi.json").get_json()
    for rule, _meta in documented_rules(bare_app):
        path = openapi_path(rule)
        assert path in document["paths"], path
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in document["paths"][path], f"{method} {path}"
    for rule in bare_app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1") and rule.rule not in UNDOCUMENTED_API_ROUTES:
            assert openapi_path(rule) in document["paths"], rule.rule


def test_document_is_valid_openapi_31(bare_app: Flask) -> None:
    from openapi_spec_validator import validate

    response = bare_app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    document = response.get_json()
    assert document["openapi"].startswith("3.1")
    validate(document)
    operation_ids = [op["operationId"] for item in document["paths"].values() for op in item.values()]
    assert len(operation_ids) == len(set(operation_ids))
    assert "/health" in document["paths"]
    assert "/ready" in document["paths"]


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []


class _Line(BaseModel):
    account_id: int
    debit: str | None = None


class _EntryIn(Schema):
    """A test-only entry."""

    description: str = Field(max_length=200)
    lines: list[_Line] = Field(min_length=2)


class _EntryOut(BaseModel):
    id: int
    description: str


class _ListQuery(Schema):
    q: str = Field("", description="Search text")
    limit: int = Field(20, ge=1, le=50)


def test_document_from_metadata_and_pydantic_models(tmp_path: Path) -> None:
    flask_app = _app(f"sqlite:///{tmp_path / 'unused.db'}")
    bp = Blueprint("doc_probe", __name__, url_prefix="/api/v1/probe")

    @bp.post("/entries")
    @api_doc(summary="Create an entry", tags=("probe",), body=_EntryIn, response=_EntryOut, status=201,
             errors=(404, 409))
    def create_entry() -> Any:
        return {}

    @bp.get("/entries")
    @api_doc(summary="List entries", tags=("probe",), query=_ListQuery, response=_EntryOut)
    def list_entries() -> Any:
        return {}

    @bp.delete("/entries/<int:entry_id>")
    @api_doc(summary="Delete an entry", tags=("probe",), status=204, errors=(404,))
    def delete_entry(entry_id: int) -> Any:
        return "", 204

    @bp.get("/public/<name>")
    @api_doc(summary="Public thing", auth=False)
    def public(name: str) -> Any:
        return {}

    flask_app.register_blueprint(bp)
    document = build_openapi(flask_app)
    from openapi_spec_validator import validate

    validate(document)
    schemas = document["components"]["schemas"]

    create = document["paths"]["/api/v1/probe/entries"]["post"]
    assert create["summary"] == "Create an entry"
    assert create["tags"] == ["probe"]
    body_ref = create["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    body_schema = schemas[body_ref.rsplit("/", 1)[1]]
    assert body_schema["additionalProperties"] is False
    assert body_schema["properties"]["description"]["maxLength"] == 200
    assert set(create["responses"]) >= {"201", "400", "401", "403", "404", "409", "413", "422"}
    assert "application/json" in create["responses"]["201"]["content"]
    assert PROBLEM_MIME in create["responses"]["409"]["content"]
    assert create["security"] == [{"bearerAuth": [], "csrfToken": []}]

    listing = document["paths"]["/api/v1/probe/entries"]["get"]
    params = {p["name"]: p for p in listing["parameters"]}
    assert params["limit"]["in"] == "query"
    assert params["limit"]["schema"]["maximum"] == 50
    assert params["q"]["description"] == "Search text"
    assert listing["security"] == [{"bearerAuth": []}]

    delete = document["paths"]["/api/v1/probe/entries/{entry_id}"]["delete"]
    assert delete["parameters"] == [
        {
            "name": "entry_id",
            "in": "path",
            "required": True,
            "schema": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1},
        }
    ]
    assert "content" not in delete["responses"]["204"]

    public_op = document["paths"]["/api/v1/probe/public/{name}"]["get"]
    assert public_op["security"] == []
    assert "401" not in public_op["responses"]

    for ref in _refs(document):
        assert ref.startswith("#/components/schemas/")
        assert ref.rsplit("/", 1)[1] in schemas, ref


# --- pages ---------------------------------------------------------------------------------------


def test_api_docs_page_is_self_contained(bare_app: Flask) -> None:
    client = bare_app.test_client()
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "/api/v1/openapi.json" in html
    assert "/assets/api-docs.js" in html
    for marker in ("https://", "http://", "//cdn", "unpkg", "jsdelivr"):
        assert marker not in html, f"external asset reference {marker!r} in the docs page"
    script = client.get("/assets/api-docs.js")
    assert script.status_code == 200
    assert "fetch(" in script.get_data(as_text=True)
    assert client.get("/assets/lifeos.css").status_code == 200


def test_start_page_sends_a_visitor_to_sign_in(bare_app: Flask) -> None:
    client = bare_app.test_client()
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    html = client.get("/login").get_data(as_text=True)
    assert "LifeOS" in html
    assert 'href="/register"' in html
    assert 'href="/api/docs"' in html
