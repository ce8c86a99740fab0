"""The mapping saved per account: read it for the next import, upsert it on commit."""

from __future__ import annotations

import json
from typing import cast

from pydantic import ValidationError
from sqlalchemy import Table, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from lifeos.domains.finance.errors import ImportMappingNotFound
from lifeos.domains.finance.models import ImportMapping
from lifeos.domains.finance.schemas.imports import ImportMappingIn
from lifeos.domains.finance.services.accounts import get_account
from lifeos.platform.database import utcnow


def saved_row(session: Session, user_id: int, account_id: int) -> ImportMapping | None:
    return session.scalar(
        select(ImportMapping).where(ImportMapping.user_id == user_id, ImportMapping.account_id == account_id)
    )


def saved_mapping(session: Session, user_id: int, account_id: int) -> ImportMappingIn | None:
    row = saved_row(session, user_id, account_id)
    if row is None:
        return None
    try:
        return ImportMappingIn.model_validate(json.loads(row.mapping))
    except (ValueError, ValidationError):
        return None  # saved by an older shape of the mapping: the user maps again


def get_saved(session: Session, user_id: int, account_id: int) -> tuple[ImportMapping, ImportMappingIn]:
    """The account's saved mapping, or 404 (for an unknown or another user's account too)."""
    get_account(session, user_id, account_id)
    row = saved_row(session, user_id, account_id)
    mapping = saved_mapping(session, user_id, account_id)
    if row is None or mapping is None:
        raise ImportMappingNotFound(f"No import mapping is saved for account {account_id}.")
    return row, mapping


def save(session: Session, user_id: int, account_id: int, mapping: ImportMappingIn) -> None:
    """Upsert on (user_id, account_id): concurrent commits keep one row, the last one's mapping."""
    make = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    text = json.dumps(mapping.model_dump(mode="json"), sort_keys=True)
    now = utcnow()
    table = cast(Table, ImportMapping.__table__)
    stmt = make(table).values(
        user_id=user_id, account_id=account_id, mapping=text, created_at=now, updated_at=now
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.user_id, table.c.account_id],
        set_={"mapping": stmt.excluded.mapping, "updated_at": stmt.excluded.updated_at},
    )
    session.execute(stmt)
