"""Finance: a covering index that lets the account typeahead walk by popularity from the index alone.

* `ix_finance_account_user_rank` (PostgreSQL only): `(user_id, use_count DESC, last_used_at DESC
  NULLS LAST, name, id) INCLUDE (is_active, normalized_name)` — the search's ranking order, with
  the columns its filters read. A walk over a user's busiest accounts, and a prefix among them,
  become index-only scans that stop at the LIMIT: no heap page per account, which in a shared
  table (users' rows interleaved) was one page per row. Built CONCURRENTLY: writers carry on;
  an index left INVALID by an interrupted build is dropped and rebuilt.
* SQLite: nothing (its search reads the covering name index; measured in BENCHMARKS.md).

Inspect, then act. Downgrade drops the index.

Revision ID: 20261207_search_indexes
Revises: 20261207_import_rules
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

from lifeos.migrations.helpers.live_schema import pg_index_state

revision = "20261207_search_indexes"
down_revision = "20261207_import_rules"
branch_labels = None
depends_on = None

INDEX = "ix_finance_account_user_rank"
DDL = (
    f"CREATE INDEX CONCURRENTLY {INDEX} ON finance_account "
    "(user_id, use_count DESC, last_used_at DESC NULLS LAST, name, id) "
    "INCLUDE (is_active, normalized_name)"
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    state = pg_index_state(bind, INDEX)
    if state is True:
        return
    with op.get_context().autocommit_block():
        if state is False:
            op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
            print(f"20261207_search_indexes: dropped invalid index {INDEX}")
        op.execute(DDL)
    print(f"20261207_search_indexes: created index {INDEX}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {INDEX}")
