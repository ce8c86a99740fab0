"""Initial schema: the managed LifeOS tables in their legacy (pre-20251218) shape.

Generated once from fixtures/legacy_lifeos_20251216.sql (SQLite reflection) and hand-reviewed:
same columns, types, nullability, defaults and indexes as a legacy database, so a fresh database
and an adopted one take the same path through 20251218. Legacy tables the app no longer uses
(env.LEGACY_UNMANAGED_TABLES) are deliberately not created.

Revision ID: 20251201_initial_schema
Revises:
Create Date: 2025-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "20251201_initial_schema"
down_revision = None
branch_labels = None
depends_on = None

# Creation order (parents first); downgrade drops in reverse.
TABLES = (
    "permission",
    "role",
    "user",
    "jwt_blocklist",
    "session_token",
    "user_preference",
    "role_permission",
    "user_role",
    "finance_account_category",
    "finance_account",
    "finance_journal_entry",
    "finance_journal_line",
    "finance_transaction",
    "finance_trial_balance_setting",
    "finance_money_schedule_row",
    "finance_money_schedule_daily_balance",
    "finance_money_schedule_scenario",
    "finance_money_schedule_scenario_row",
    "finance_receivable_tracker",
    "finance_receivable_manual_entry",
    "finance_loan_group",
    "finance_loan_group_link",
    "skill",
    "skill_practice_session",
    "skill_metric",
    "journal_entry",
    "project",
    "project_task",
    "project_task_log",
    "platform_outbox",
    "health_workout",
    "health_biometric",
    "health_nutrition_log",
)


def upgrade() -> None:
    op.create_table(
        "permission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(128), nullable=False),
        sa.Column("description", sa.String(255), nullable=False, server_default=sa.text("''")),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.Column("updated_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "role",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("description", sa.String(255), nullable=False, server_default=sa.text("''")),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.Column("updated_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(255), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("full_name", sa.String(255), nullable=True),
        sa.Column("timezone", sa.String(64), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.Column("updated_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_user_email", "user", ["email"], unique=True)
    op.create_table(
        "jwt_blocklist",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jti", sa.String(64), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.Column("updated_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["created_by"], ["user.id"]),
        sa.UniqueConstraint("jti"),
    )
    op.create_table(
        "session_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("jti", sa.String(64), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.Column("updated_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.UniqueConstraint("jti"),
    )
    op.create_index("ix_session_token_user_id", "session_token", ["user_id"])
    op.create_table(
        "user_preference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(128), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False, server_default=sa.text("'{}'")),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.Column("updated_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
    )
    op.create_index("ix_user_preference_user_id", "user_preference", ["user_id"])
    op.create_table(
        "role_permission",
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("permission_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("role_id", "permission_id"),
        sa.ForeignKeyConstraint(["permission_id"], ["permission.id"]),
        sa.ForeignKeyConstraint(["role_id"], ["role.id"]),
    )
    op.create_table(
        "user_role",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "role_id"),
        sa.ForeignKeyConstraint(["role_id"], ["role.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
    )
    op.create_table(
        "finance_account_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("normal_balance", sa.String(8), nullable=False, server_default=sa.text("'debit'")),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "finance_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("code", sa.String(32), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("account_type", sa.String(16), nullable=False, server_default=sa.text("'asset'")),
        sa.Column("account_subtype", sa.String(64), nullable=True),
        sa.Column("normalized_name", sa.String(255), nullable=False, server_default=sa.text("''")),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["category_id"], ["finance_account_category.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
    )
    op.create_index(
        "ix_finance_account_user_normalized_name", "finance_account", ["user_id", "normalized_name"]
    )
    op.create_index("ix_finance_account_normalized_name", "finance_account", ["normalized_name"])
    op.create_index("ix_finance_account_user_type", "finance_account", ["user_id", "account_type"])
    op.create_index("ix_finance_account_type", "finance_account", ["account_type"])
    op.create_index("ix_finance_account_user_id", "finance_account", ["user_id"])
    op.create_index("ix_finance_account_code", "finance_account", ["code"])
    op.create_table(
        "finance_journal_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("posted_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
    )
    op.create_index(
        "ix_finance_journal_entry_user_posted_at", "finance_journal_entry", ["user_id", "posted_at"]
    )
    op.create_index("ix_finance_journal_entry_user_id", "finance_journal_entry", ["user_id"])
    op.create_table(
        "finance_journal_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("debit", sa.Numeric(18, 2), nullable=False, server_default=sa.text("0")),
        sa.Column("credit", sa.Numeric(18, 2), nullable=False, server_default=sa.text("0")),
        sa.Column("memo", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["account_id"], ["finance_account.id"]),
        sa.ForeignKeyConstraint(["entry_id"], ["finance_journal_entry.id"]),
    )
    op.create_index("ix_finance_journal_line_entry_id", "finance_journal_line", ["entry_id"])
    op.create_index("ix_finance_journal_line_account_id", "finance_journal_line", ["account_id"])
    op.create_table(
        "finance_transaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(18, 2), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.Column("journal_entry_id", sa.Integer(), nullable=True),
        sa.Column("counterparty", sa.String(255), nullable=True),
        sa.Column("category", sa.String(128), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["journal_entry_id"], ["finance_journal_entry.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
    )
    op.create_index(
        "ix_finance_transaction_user_occurred_at", "finance_transaction", ["user_id", "occurred_at"]
    )
    op.create_index("ix_finance_transaction_user_id", "finance_transaction", ["user_id"])
    op.create_table(
        "finance_trial_balance_setting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("auto_rollup", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
    )
    op.create_index("ix_finance_trial_balance_setting_user_id", "finance_trial_balance_setting", ["user_id"])
    op.create_table(
        "finance_money_schedule_row",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(18, 2), nullable=False),
        sa.Column("memo", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["account_id"], ["finance_account.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
    )
    op.create_index(
        "ix_finance_money_schedule_row_user_event_date",
        "finance_money_schedule_row",
        ["user_id", "event_date"],
    )
    op.create_index("ix_finance_money_schedule_row_user_id", "finance_money_schedule_row", ["user_id"])
    op.create_index("ix_finance_money_schedule_row_event_date", "finance_money_schedule_row", ["event_date"])
    op.create_table(
        "finance_money_schedule_daily_balance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("balance", sa.Numeric(18, 2), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
    )
    op.create_index(
        "ix_finance_money_schedule_daily_balance_user_as_of",
        "finance_money_schedule_daily_balance",
        ["user_id", "as_of"],
    )
    op.create_index(
        "ix_finance_money_schedule_daily_balance_as_of", "finance_money_schedule_daily_balance", ["as_of"]
    )
    op.create_index(
        "ix_finance_money_schedule_daily_balance_user_id", "finance_money_schedule_daily_balance", ["user_id"]
    )
    op.create_table(
        "finance_money_schedule_scenario",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
    )
    op.create_index(
        "ix_finance_money_schedule_scenario_user_id", "finance_money_schedule_scenario", ["user_id"]
    )
    op.create_table(
        "finance_money_schedule_scenario_row",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("base_row_id", sa.Integer(), nullable=True),
        sa.Column("delta_amount", sa.Numeric(18, 2), nullable=False, server_default=sa.text("0")),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["base_row_id"], ["finance_money_schedule_row.id"]),
        sa.ForeignKeyConstraint(["scenario_id"], ["finance_money_schedule_scenario.id"]),
    )
    op.create_index(
        "ix_finance_money_schedule_scenario_row_scenario_id",
        "finance_money_schedule_scenario_row",
        ["scenario_id"],
    )
    op.create_table(
        "finance_receivable_tracker",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("counterparty", sa.String(255), nullable=False),
        sa.Column("principal", sa.Numeric(18, 2), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("interest_rate", sa.Numeric(5, 2), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
    )
    op.create_index("ix_finance_receivable_tracker_user_id", "finance_receivable_tracker", ["user_id"])
    op.create_table(
        "finance_receivable_manual_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tracker_id", sa.Integer(), nullable=False),
        sa.Column("entry_date", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(18, 2), nullable=False),
        sa.Column("memo", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["tracker_id"], ["finance_receivable_tracker.id"]),
    )
    op.create_index(
        "ix_finance_receivable_manual_entry_tracker_id", "finance_receivable_manual_entry", ["tracker_id"]
    )
    op.create_table(
        "finance_loan_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
    )
    op.create_index("ix_finance_loan_group_user_id", "finance_loan_group", ["user_id"])
    op.create_table(
        "finance_loan_group_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("tracker_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["tracker_id"], ["finance_receivable_tracker.id"]),
        sa.ForeignKeyConstraint(["group_id"], ["finance_loan_group.id"]),
    )
    op.create_index("ix_finance_loan_group_link_group_id", "finance_loan_group_link", ["group_id"])
    op.create_index("ix_finance_loan_group_link_tracker_id", "finance_loan_group_link", ["tracker_id"])
    op.create_table(
        "skill",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("level", sa.String(32), nullable=False, server_default=sa.text("'beginner'")),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.Column("category", sa.String(128), nullable=True),
        sa.Column("difficulty", sa.String(32), nullable=True),
        sa.Column("target_level", sa.Integer(), nullable=True),
        sa.Column("current_level", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=True, server_default=sa.text("'[]'")),
        sa.Column("updated_at", sa.DateTime(), nullable=True, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
    )
    op.create_index("ix_skill_user_category", "skill", ["user_id", "category"])
    op.create_index("ux_skill_user_name", "skill", ["user_id", "name"], unique=True)
    op.create_index("ix_skill_user_id", "skill", ["user_id"])
    op.create_table(
        "skill_practice_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("practiced_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("intensity", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=True, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["skill_id"], ["skill.id"]),
    )
    op.create_index(
        "ix_skill_session_skill_practiced_at", "skill_practice_session", ["skill_id", "practiced_at"]
    )
    op.create_index(
        "ix_skill_session_user_practiced_at", "skill_practice_session", ["user_id", "practiced_at"]
    )
    op.create_index("ix_skill_practice_session_skill_id", "skill_practice_session", ["skill_id"])
    op.create_table(
        "skill_metric",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("value", sa.Numeric(10, 2), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["skill_id"], ["skill.id"]),
    )
    op.create_index("ix_skill_metric_skill_id", "skill_metric", ["skill_id"])
    op.create_table(
        "journal_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(255), nullable=True),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("mood", sa.String(32), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.Column("body", sa.Text(), nullable=False, server_default=sa.text("''")),
        sa.Column("tags", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
        sa.Column("entry_date", sa.Date(), nullable=False, server_default=sa.text("CURRENT_DATE")),
        sa.Column("is_private", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("sentiment_score", sa.Numeric(5, 2), nullable=True),
        sa.Column("emotion_label", sa.String(64), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.Column("mood_int", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
    )
    op.create_index("ix_journal_entry_user_mood", "journal_entry", ["user_id", "mood_int"])
    op.create_index("ix_journal_entry_user_created_at", "journal_entry", ["user_id", "created_at"])
    op.create_index("ix_journal_entry_user_entry_date", "journal_entry", ["user_id", "entry_date"])
    op.create_index("ix_journal_entry_user_id", "journal_entry", ["user_id"])
    op.create_table(
        "project",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("status", sa.String(32), nullable=False, server_default=sa.text("'active'")),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
    )
    op.create_index("ix_project_user_target_date", "project", ["user_id", "target_date"])
    op.create_index("ix_project_user_status", "project", ["user_id", "status"])
    op.create_index("ix_project_user_name", "project", ["user_id", "name"])
    op.create_index("ix_project_user_created_at", "project", ["user_id", "created_at"])
    op.create_index("ix_project_user_id", "project", ["user_id"])
    op.create_table(
        "project_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(255), nullable=False),
        sa.Column("status", sa.String(32), nullable=False, server_default=sa.text("'open'")),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"]),
    )
    op.create_index(
        "ix_project_task_user_project_due_date", "project_task", ["user_id", "project_id", "due_date"]
    )
    op.create_index("ix_project_task_user_due_date", "project_task", ["user_id", "due_date"])
    op.create_index(
        "ix_project_task_user_project_status", "project_task", ["user_id", "project_id", "status"]
    )
    op.create_index("ix_project_task_project_id", "project_task", ["project_id"])
    op.create_table(
        "project_task_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("logged_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("status_snapshot", sa.String(32), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=True, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["task_id"], ["project_task.id"]),
    )
    op.create_index("ix_project_task_log_user_logged_at", "project_task_log", ["user_id", "logged_at"])
    op.create_index(
        "ix_project_task_log_user_task_logged_at", "project_task_log", ["user_id", "task_id", "logged_at"]
    )
    op.create_index("ix_project_task_log_task_id", "project_task_log", ["task_id"])
    op.create_table(
        "platform_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("event_type", sa.String(128), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False, server_default=sa.text("'{}'")),
        sa.Column("status", sa.String(32), nullable=False, server_default=sa.text("'pending'")),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column("available_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
    )
    op.create_index(
        "ix_platform_outbox_user_status", "platform_outbox", ["user_id", "status", "available_at"]
    )
    op.create_index("ix_platform_outbox_user_available_at", "platform_outbox", ["user_id", "available_at"])
    op.create_index("ix_platform_outbox_status", "platform_outbox", ["status"])
    op.create_index("ix_platform_outbox_available_at", "platform_outbox", ["available_at"])
    op.create_index("ix_platform_outbox_event_type", "platform_outbox", ["event_type"])
    op.create_index("ix_platform_outbox_user_id", "platform_outbox", ["user_id"])
    op.create_table(
        "health_workout",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("activity", sa.String(128), nullable=True, server_default=sa.text("''")),
        sa.Column("duration_minutes", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column("calories", sa.Numeric(10, 2), nullable=True),
        sa.Column("performed_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.Column("date", sa.Date(), nullable=False, server_default=sa.text("CURRENT_DATE")),
        sa.Column("workout_type", sa.String(64), nullable=True),
        sa.Column("intensity", sa.String(16), nullable=True),
        sa.Column("calories_est", sa.Numeric(10, 2), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
    )
    op.create_index("ix_health_workout_user_date", "health_workout", ["user_id", "date"])
    op.create_index("ix_health_workout_user_performed_at", "health_workout", ["user_id", "performed_at"])
    op.create_index("ix_health_workout_user_id", "health_workout", ["user_id"])
    op.create_table(
        "health_biometric",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(64), nullable=True, server_default=sa.text("''")),
        sa.Column("value", sa.Numeric(10, 2), nullable=True, server_default=sa.text("0")),
        sa.Column("recorded_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.Column("date", sa.Date(), nullable=False, server_default=sa.text("CURRENT_DATE")),
        sa.Column("weight", sa.Numeric(10, 2), nullable=True),
        sa.Column("body_fat_pct", sa.Numeric(5, 2), nullable=True),
        sa.Column("resting_hr", sa.Integer(), nullable=True),
        sa.Column("energy_level", sa.Integer(), nullable=True),
        sa.Column("stress_level", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
    )
    op.create_index("ix_health_biometric_user_recorded_at", "health_biometric", ["user_id", "recorded_at"])
    op.create_index("ix_health_biometric_user_id", "health_biometric", ["user_id"])
    op.create_index("ix_health_biometric_user_date", "health_biometric", ["user_id", "date"])
    op.create_table(
        "health_nutrition_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("meal", sa.String(128), nullable=True, server_default=sa.text("''")),
        sa.Column("calories", sa.Numeric(10, 2), nullable=True, server_default=sa.text("0")),
        sa.Column("protein", sa.Numeric(10, 2), nullable=True),
        sa.Column("carbs", sa.Numeric(10, 2), nullable=True),
        sa.Column("fat", sa.Numeric(10, 2), nullable=True),
        sa.Column("logged_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.Column("date", sa.Date(), nullable=False, server_default=sa.text("CURRENT_DATE")),
        sa.Column("meal_type", sa.String(32), nullable=True),
        sa.Column("items", sa.Text(), nullable=True),
        sa.Column("calories_est", sa.Numeric(10, 2), nullable=True),
        sa.Column("quality_score", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
    )
    op.create_index(
        "ix_health_nutrition_log_user_logged_at", "health_nutrition_log", ["user_id", "logged_at"]
    )
    op.create_index("ix_health_nutrition_log_user_date", "health_nutrition_log", ["user_id", "date"])
    op.create_index("ix_health_nutrition_log_user_id", "health_nutrition_log", ["user_id"])


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
