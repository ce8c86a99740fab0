"""Operability endpoints: /health (liveness), /ready (readiness), the OpenAPI document.

None of them needs a token and none counts against rate limits: load balancers and
orchestrators poll them.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Flask, current_app, jsonify
from flask.typing import ResponseReturnValue
from pydantic import Field
from sqlalchemy import text

from lifeos.extensions import db, limiter
from lifeos.platform.errors import AppError
from lifeos.platform.openapi import api_doc, build_openapi
from lifeos.platform.schemas import OutSchema

log = logging.getLogger(__name__)

bp = Blueprint("ops", __name__)
limiter.exempt(bp)


class HealthOut(OutSchema):
    status: str = Field(examples=["ok"])


class ReadyChecks(OutSchema):
    database: str = Field(examples=["ok"])
    schema_: str = Field(alias="schema", examples=["at_head"])
    revision: list[str]


class ReadyOut(OutSchema):
    status: str = Field(examples=["ready"])
    checks: ReadyChecks


class NotReady(AppError):
    """The database is unreachable or its schema is not at the latest migration."""

    status = 503
    code = "server.not_ready"
    title = "Service not ready"


@bp.get("/health")
@api_doc(
    summary="Liveness: the process is up (touches no database)",
    tags=("ops",),
    auth=False,
    response=HealthOut,
)
def health() -> ResponseReturnValue:
    """Answer without touching the database, so a slow database never kills a live process."""
    return {"status": "ok"}


@bp.get("/ready")
@api_doc(
    summary="Readiness: database reachable and schema at the latest migration",
    tags=("ops",),
    auth=False,
    response=ReadyOut,
    errors=(503,),
)
def ready() -> ResponseReturnValue:
    """200 when `SELECT 1` works, `alembic_version` equals the migration heads and every model
    table and column exists, else 503."""
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            current = _current_revisions(conn)
    except Exception:  # any driver error means "not ready"
        log.warning("readiness: database unreachable", exc_info=True)
        raise NotReady(
            "The database is not reachable.", extra={"checks": {"database": "unreachable"}}
        ) from None
    heads = migration_heads(current_app)
    if set(current) != set(heads):
        raise NotReady(
            "The database schema is not at the latest migration; run `flask db upgrade`.",
            extra={
                "checks": {
                    "database": "ok",
                    "schema": "behind",
                    "revision": sorted(current),
                    "expected": sorted(heads),
                }
            },
        )
    try:
        missing = _missing_schema(current_app, current)
    except Exception:
        log.warning("readiness: schema inspection failed", exc_info=True)
        missing = ["(schema could not be inspected)"]
    if missing:
        # The id alone can lie: an earlier LifeOS wrote its own 20251218 under our id.
        raise NotReady(
            "The database schema is incomplete; run `flask db upgrade`, then `flask db verify`.",
            extra={
                "checks": {
                    "database": "ok",
                    "schema": "incomplete",
                    "revision": sorted(current),
                    "missing": missing[:20],
                }
            },
        )
    return {"status": "ready", "checks": {"database": "ok", "schema": "at_head", "revision": sorted(current)}}


def _missing_schema(app: Flask, current: tuple[str, ...]) -> list[str]:
    """Model tables and columns the live database lacks (a complete answer is cached per revision)."""
    from sqlalchemy import inspect

    key = (str(db.engine.url), tuple(sorted(current)))
    if app.extensions.get("lifeos_schema_complete") == key:
        return []
    insp = inspect(db.engine)
    present = set(insp.get_table_names())
    missing: list[str] = []
    for name, table in sorted(db.metadata.tables.items()):
        if name not in present:
            missing.append(name)
            continue
        live = {c["name"] for c in insp.get_columns(name)}
        missing += [f"{name}.{c.name}" for c in table.columns if c.name not in live]
    if not missing:
        app.extensions["lifeos_schema_complete"] = key
    return missing


def _current_revisions(conn: Any) -> tuple[str, ...]:
    from alembic.runtime.migration import MigrationContext

    return tuple(MigrationContext.configure(conn).get_current_heads())


def migration_heads(app: Flask) -> tuple[str, ...]:
    """The head revision(s) of the migration scripts (read once per process)."""
    cached = app.extensions.get("lifeos_migration_heads")
    if cached is None:
        from alembic.script import ScriptDirectory

        migrate_state = app.extensions["migrate"]
        config = migrate_state.migrate.get_config(migrate_state.directory)
        cached = tuple(ScriptDirectory.from_config(config).get_heads())
        app.extensions["lifeos_migration_heads"] = cached
    return cached


@bp.get("/api/v1/openapi.json")
def openapi_document() -> ResponseReturnValue:
    """The OpenAPI 3.1 document of the whole JSON API, built from the registered routes."""
    document = current_app.extensions.get("lifeos_openapi")
    if document is None:
        document = build_openapi(current_app)
        current_app.extensions["lifeos_openapi"] = document
    response = jsonify(document)
    response.headers["Cache-Control"] = "no-cache"
    return response


def register(app: Flask) -> None:
    """Register /health, /ready and /api/v1/openapi.json."""
    app.register_blueprint(bp)
