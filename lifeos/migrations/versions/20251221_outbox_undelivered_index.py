"""Outbox: partial index on undelivered messages for the worker's claim scan.

`ix_platform_outbox_undelivered_id (id) WHERE status IN ('pending', 'sending')` keeps the claim
query proportional to the backlog rather than to every message ever sent. Idempotent; built
CONCURRENTLY on PostgreSQL so writers are never blocked. Does not import application code.

Revision ID: 20251221_outbox_undelivered_index
Revises: 20251220_finance_ledger
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20251221_outbox_undelivered_index"
down_revision = "20251220_finance_ledger"
branch_labels = None
depends_on = None

INDEX, TABLE = "ix_platform_outbox_undelivered_id", "platform_outbox"
UNDELIVERED = sa.text("status IN ('pending', 'sending')")


def _exists() -> bool:
    return INDEX in {i["name"] for i in sa.inspect(op.get_bind()).get_indexes(TABLE)}


def upgrade() -> None:
    if _exists():
        return
    if op.get_bind().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            op.create_index(INDEX, TABLE, ["id"], postgresql_where=UNDELIVERED, postgresql_concurrently=True)
    else:
        op.create_index(INDEX, TABLE, ["id"], sqlite_where=UNDELIVERED)


def downgrade() -> None:
    if _exists():
        op.drop_index(INDEX, table_name=TABLE)
