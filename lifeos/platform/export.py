"""Export and restore of one user's data, generic over `db.metadata` (imports no domain).

Exported: every table with a `user_id` column, except
- auth and bookkeeping rows: `session_token`, `user_role`, `platform_outbox`;
- derived tables the app rebuilds: `finance_account_daily_total`, `finance_account_monthly_total`
  (`flask finance rebuild-totals`), `skill_metric` (`flask skills rebuild-metrics`) and
  `finance_money_schedule_daily_balance` (a cache of the schedule, recomputed on demand).

Rows are ordered by primary key; money/Decimal as strings (at the column's scale), dates and
datetimes ISO 8601 (stored naive UTC), JSON columns as JSON. `user_id` is left out of each row;
`id` and foreign keys keep the source's ids, which `restore` remaps to the new rows' ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import click
import sqlalchemy as sa
from flask import Blueprint, Flask, current_app
from sqlalchemy.orm import Session

from lifeos.platform.auth.guard import current_user, require_auth
from lifeos.platform.auth.models import User
from lifeos.platform.openapi import api_doc
from lifeos.platform.schemas import OutSchema
from lifeos.platform.uow import current_session

FORMAT = "lifeos.export"
VERSION = 1
SKIPPED_TABLES = frozenset(
    {
        "session_token",
        "user_role",
        "platform_outbox",
        "finance_account_daily_total",
        "finance_account_monthly_total",
        "finance_money_schedule_daily_balance",
        "skill_metric",
    }
)
# CLI commands (group, command) that rebuild derived data, called with --user-id after a restore.
REBUILD_COMMANDS = (("finance", "rebuild-totals"), ("skills", "rebuild-metrics"))


class ExportError(Exception):
    """The document cannot be restored (wrong format, non-empty account, unknown table)."""


def exported_tables() -> list[sa.Table]:
    """The user-owned tables, in dependency order (parents first)."""
    from lifeos.extensions import db

    return [t for t in db.metadata.sorted_tables if "user_id" in t.c and t.name not in SKIPPED_TABLES]


def _order(table: sa.Table) -> list[sa.Column[Any]]:
    return list(table.primary_key.columns) or list(table.c)


def _dump(column: sa.Column[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Decimal):
        scale = getattr(column.type, "scale", None)
        if isinstance(scale, int):
            value = value.quantize(Decimal(1).scaleb(-scale))
        return str(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _load(column: sa.Column[Any], value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, sa.DateTime):
        parsed = dt.datetime.fromisoformat(value)
        return parsed.replace(tzinfo=dt.UTC) if kind.timezone else parsed
    if isinstance(kind, sa.Date):
        return dt.date.fromisoformat(value)
    if isinstance(kind, sa.Numeric) and not isinstance(kind, sa.Float):
        return Decimal(str(value))
    return value


def export_user(session: Session, user: User) -> dict[str, Any]:
    """The whole export document of `user`."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in exported_tables():
        columns = [c for c in table.c if c.name != "user_id"]
        query = sa.select(*columns).where(table.c.user_id == user.id).order_by(*_order(table))
        tables[table.name] = [
            {c.name: _dump(c, row[i]) for i, c in enumerate(columns)} for row in session.execute(query)
        ]
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(),
        "user": {"email": user.email, "full_name": user.full_name, "timezone": user.timezone},
        "tables": tables,
    }


def owned_row_count(session: Session, user_id: int) -> int:
    """How many rows of the exported tables the user owns (0: the account is empty)."""
    total = 0
    for table in exported_tables():
        query = sa.select(sa.func.count()).select_from(table).where(table.c.user_id == user_id)
        total += int(session.execute(query).scalar_one())
    return total


def restore_user(session: Session, user_id: int, document: dict[str, Any]) -> dict[str, int]:
    """Insert the document's rows for `user_id` (new ids, foreign keys remapped); no commit.

    Refuses a non-empty account. Returns the row count per table.
    """
    if document.get("format") != FORMAT or document.get("version") != VERSION:
        raise ExportError(f"not a {FORMAT} version {VERSION} document")
    if owned_row_count(session, user_id):
        raise ExportError("the account already has data: restore only into an empty account")
    tables = exported_tables()
    known = {t.name for t in tables}
    unknown = set(document.get("tables", {})) - known
    if unknown:
        raise ExportError(f"unknown table(s) in the document: {', '.join(sorted(unknown))}")
    ids: dict[str, dict[Any, Any]] = {t.name: {} for t in tables}
    counts: dict[str, int] = {}
    for table in tables:
        rows = document["tables"].get(table.name, [])
        counts[table.name] = _restore_table(session, table, rows, user_id, ids)
    return counts


def _restore_table(
    session: Session,
    table: sa.Table,
    rows: list[dict[str, Any]],
    user_id: int,
    ids: dict[str, dict[Any, Any]],
) -> int:
    remapped: dict[str, str] = {}  # fk column -> exported table it points at
    for fk in table.foreign_keys:
        target = fk.column.table.name
        if fk.parent.name != "user_id" and target in ids and fk.column.name == "id":
            remapped[fk.parent.name] = target
    has_id = "id" in table.c and list(table.primary_key.columns) == [table.c.id]
    deferred: list[tuple[dict[str, Any], dict[str, Any]]] = []  # (row, {column: old target id})
    for row in rows:
        values: dict[str, Any] = {}
        later: dict[str, Any] = {}
        for column in table.c:
            name = column.name
            if name == "user_id":
                values[name] = user_id
            elif (has_id and name == "id") or column.computed is not None or name not in row:
                continue
            elif name in remapped and row[name] is not None:
                mapping = ids[remapped[name]]
                if row[name] in mapping:
                    values[name] = mapping[row[name]]
                elif remapped[name] == table.name:  # a forward self-reference: set it afterwards
                    values[name] = None
                    later[name] = row[name]
                else:
                    raise ExportError(f"{table.name}.{name} points at a missing row {row[name]}")
            else:
                values[name] = _load(column, row[name])
        if has_id:
            new_id = session.execute(table.insert().values(values).returning(table.c.id)).scalar_one()
            ids[table.name][row["id"]] = new_id
            if later:
                deferred.append((row, later))
        else:
            session.execute(table.insert().values(values))
    for row, later in deferred:
        mapping = ids[table.name]
        fixed = {name: mapping[old] for name, old in later.items()}
        for column in table.c:  # keep the exported values of columns an UPDATE would stamp
            if column.onupdate is not None and column.name in row:
                fixed[column.name] = _load(column, row[column.name])
        session.execute(table.update().where(table.c.id == mapping[row["id"]]).values(fixed))
    return len(rows)


def rebuild_derived(user_id: int, echo: Callable[[str], None] = click.echo) -> None:
    """Run the CLI commands that rebuild derived data for `user_id` (found by name, no import)."""
    ctx = click.get_current_context(silent=True) or click.Context(current_app.cli)
    for group_name, command_name in REBUILD_COMMANDS:
        group = current_app.cli.get_command(ctx, group_name)
        command = group.get_command(ctx, command_name) if isinstance(group, click.Group) else None
        if command is None:
            echo(f"no `flask {group_name} {command_name}`: skipped")
            continue
        ctx.invoke(command, user_id=user_id)


# --------------------------------------------------------------------------------------------
# HTTP: GET /api/v1/export


class ExportUserOut(OutSchema):
    email: str
    full_name: str | None
    timezone: str | None


class ExportOut(OutSchema):
    """One user's data: every user-owned table (see lifeos.platform.export), rows by id."""

    format: str
    version: int
    exported_at: str
    user: ExportUserOut
    tables: dict[str, list[dict[str, Any]]]


api = Blueprint("export_api", __name__, url_prefix="/api/v1/export")


@api_doc(summary="Export all of my data", tags=("export",), response=ExportOut, errors=(401,))
@require_auth()
def get_export() -> Any:
    """All of the user's data as one JSON document (format `lifeos.export`, version 1)."""
    return export_user(current_session(), current_user())


api.add_url_rule("", view_func=get_export, methods=["GET"])


def register(app: Flask) -> None:
    app.register_blueprint(api)
