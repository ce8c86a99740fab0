"""Journal: full-text search index (PostgreSQL GIN, SQLite FTS5) and what the journal API needs.

Revision ID: 20261128_journal_search
Revises: 20251218_backend_updates_validation
Create Date: 2026-11-28
"""

from __future__ import annotations

revision = "20261128_journal_search"
down_revision = "20251218_backend_updates_validation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
