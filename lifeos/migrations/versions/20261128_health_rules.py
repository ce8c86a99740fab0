"""Health: one biometric row per user and date, and what the health API needs.

Revision ID: 20261128_health_rules
Revises: 20261128_habits_rules
Create Date: 2026-11-28
"""

from __future__ import annotations

revision = "20261128_health_rules"
down_revision = "20261128_habits_rules"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
