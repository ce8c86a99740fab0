"""Habits and relationships move to their domain tables (legacy shape).

Creates habits_habit, habits_habit_log, relationships_person and relationships_interaction as the
legacy LifeOS had them at this revision, and drops the pre-domain tables they replaced when a
database still has them and they hold no rows (a non-empty one is left alone and reported).

Revision ID: 20251216_drop_legacy_habits_relationships
Revises: 20251201_initial_schema
Create Date: 2025-12-16
"""

import sqlalchemy as sa
from alembic import op

revision = "20251216_drop_legacy_habits_relationships"
down_revision = "20251201_initial_schema"
branch_labels = None
depends_on = None

NEW_TABLES = ("habits_habit", "habits_habit_log", "relationships_person", "relationships_interaction")
# Pre-domain tables of early LifeOS builds, superseded by NEW_TABLES.
PRE_DOMAIN_TABLES = ("habit_log", "habit", "relationship_interaction", "relationship")


def upgrade() -> None:
    bind = op.get_bind()
    existing = set(sa.inspect(bind).get_table_names())
    for table in PRE_DOMAIN_TABLES:
        if table not in existing:
            continue
        rows = bind.execute(sa.text(f'SELECT COUNT(*) FROM "{table}"')).scalar_one()
        if rows:
            print(f"20251216: keeping legacy table {table!r} ({rows} rows); migrate its data by hand")
        else:
            op.drop_table(table)
    if "habits_habit" in existing:
        return  # adopted database that already has the domain tables
    _create_domain_tables()


def _create_domain_tables() -> None:
    op.create_table(
        "habits_habit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("domain_link", sa.String(64), nullable=True),
        sa.Column("schedule_type", sa.String(32), nullable=False, server_default=sa.text("'daily'")),
        sa.Column("target_count", sa.Integer(), nullable=True),
        sa.Column("time_of_day", sa.String(32), nullable=True),
        sa.Column("difficulty", sa.String(32), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.Column("updated_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
    )
    op.create_index("ix_habits_habit_user_domain_link", "habits_habit", ["user_id", "domain_link"])
    op.create_index("ux_habits_habit_user_name", "habits_habit", ["user_id", "name"], unique=True)
    op.create_index("ix_habits_habit_user_id", "habits_habit", ["user_id"])
    op.create_table(
        "habits_habit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("habit_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Numeric(10, 2), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("logged_date", sa.Date(), nullable=False, server_default=sa.text("CURRENT_DATE")),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["habit_id"], ["habits_habit.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
    )
    op.create_index("ix_habits_log_habit_logged_date", "habits_habit_log", ["habit_id", "logged_date"])
    op.create_index("ix_habits_log_user_logged_date", "habits_habit_log", ["user_id", "logged_date"])
    op.create_index("ix_habits_habit_log_user_id", "habits_habit_log", ["user_id"])
    op.create_index("ix_habits_habit_log_habit_id", "habits_habit_log", ["habit_id"])
    op.create_table(
        "relationships_person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("relationship_type", sa.String(64), nullable=True),
        sa.Column("importance_level", sa.Integer(), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("birthday", sa.Date(), nullable=True),
        sa.Column("first_met_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.Column("updated_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
    )
    op.create_index(
        "ix_relationships_person_user_type", "relationships_person", ["user_id", "relationship_type"]
    )
    op.create_index(
        "ix_relationships_person_user_importance", "relationships_person", ["user_id", "importance_level"]
    )
    op.create_index(
        "ux_relationships_person_user_name", "relationships_person", ["user_id", "name"], unique=True
    )
    op.create_index("ix_relationships_person_user_id", "relationships_person", ["user_id"])
    op.create_table(
        "relationships_interaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False, server_default=sa.text("CURRENT_DATE")),
        sa.Column("method", sa.String(64), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("sentiment", sa.String(32), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["person_id"], ["relationships_person.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
    )
    op.create_index(
        "ix_relationships_interaction_person_date",
        "relationships_interaction",
        ["user_id", "person_id", "date"],
    )
    op.create_index(
        "ix_relationships_interaction_user_date", "relationships_interaction", ["user_id", "date"]
    )
    op.create_index("ix_relationships_interaction_person_id", "relationships_interaction", ["person_id"])
    op.create_index("ix_relationships_interaction_user_id", "relationships_interaction", ["user_id"])


def downgrade() -> None:
    for table in reversed(NEW_TABLES):
        op.drop_table(table)
