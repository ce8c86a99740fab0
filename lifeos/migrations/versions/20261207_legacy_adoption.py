"""Adopting every earlier LifeOS database: re-normalized names, legacy hashes kept for rollback (#14).

Placeholder: nothing to do yet (filled in by the work on that issue).

Revision ID: 20261207_legacy_adoption
Revises: 20261128_relationships_rules
Create Date: 2026-12-07
"""

from __future__ import annotations

revision = "20261207_legacy_adoption"
down_revision = "20261128_relationships_rules"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
