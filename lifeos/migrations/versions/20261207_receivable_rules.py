"""Receivables with explicit interest; loans with amortization (issue #8).

Placeholder: nothing to do yet (filled in by the work on that issue).

Revision ID: 20261207_receivable_rules
Revises: 20261207_schedule_rules
Create Date: 2026-12-07
"""

from __future__ import annotations

revision = "20261207_receivable_rules"
down_revision = "20261207_schedule_rules"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
