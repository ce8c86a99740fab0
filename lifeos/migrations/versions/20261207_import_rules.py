"""CSV bank import: fingerprints and saved mappings (issue #8).

Placeholder: nothing to do yet (filled in by the work on that issue).

Revision ID: 20261207_import_rules
Revises: 20261207_receivable_rules
Create Date: 2026-12-07
"""

from __future__ import annotations

revision = "20261207_import_rules"
down_revision = "20261207_receivable_rules"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
