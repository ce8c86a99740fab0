"""Relationships: what the people API needs (snoozing, birthdays without a year).

Revision ID: 20261128_relationships_rules
Revises: 20261128_finance_unique_keys
Create Date: 2026-11-28
"""

from __future__ import annotations

revision = "20261128_relationships_rules"
down_revision = "20261128_finance_unique_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
