"""Frozen target schema of revision 20251218_backend_updates_validation.

Generated once from the application models and hand-maintained since: the revision must keep
building the same schema even after the models move on (later changes get their own revision),
so it never imports app code. Table order is dependency order (parents first). It includes
what the unreleased 20251220_finance_ledger and 20251221_outbox_undelivered_index revisions
added (folded in before release): finance_journal_line.entry_date and its ledger index,
finance_account_daily_total, ix_platform_outbox_undelivered_id; and, added before release too,
finance_account_monthly_total and the PostgreSQL-only trigram index on normalized_name.
"""

import sqlalchemy as sa

# Same naming convention as lifeos.platform.database, so unnamed constraints get the same names.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

sa.Table(
    "finance_account_category",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("code", sa.String(16), nullable=False),
    sa.Column("name", sa.String(128), nullable=False),
    sa.Column("normal_balance", sa.String(8), nullable=False, server_default=sa.text("'debit'")),
    sa.UniqueConstraint("code"),
)

sa.Table(
    "permission",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("code", sa.String(128), nullable=False),
    sa.Column("description", sa.String(255), nullable=False, server_default=sa.text("''")),
    sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Column("updated_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.UniqueConstraint("code"),
)

sa.Table(
    "role",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("description", sa.String(255), nullable=False, server_default=sa.text("''")),
    sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Column("updated_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.UniqueConstraint("name"),
)

sa.Table(
    "user",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("email", sa.String(255), nullable=False),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("full_name", sa.String(255), nullable=True),
    sa.Column("timezone", sa.String(64), nullable=True),
    sa.Column("is_active", sa.Boolean(), nullable=False, server_default=sa.true()),
    sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Column("updated_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Index("ix_user_email", "email", unique=True),
)

sa.Table(
    "finance_account",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
    sa.Column("category_id", sa.Integer(), sa.ForeignKey("finance_account_category.id"), nullable=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("code", sa.String(32), nullable=True),
    sa.Column("description", sa.Text(), nullable=True),
    sa.Column("is_active", sa.Boolean(), nullable=False, server_default=sa.true()),
    sa.Column("account_type", sa.String(16), nullable=False, server_default=sa.text("'asset'")),
    sa.Column("account_subtype", sa.String(64), nullable=True),
    sa.Column("normalized_name", sa.String(255), nullable=False, server_default=sa.text("''")),
    sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Column("updated_at", sa.DateTime(), nullable=True, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Column("use_count", sa.Integer(), nullable=False, server_default=sa.text("0")),
    sa.Column("last_used_at", sa.DateTime(), nullable=True),
    sa.Index("ix_finance_account_code", "code"),
    sa.Index("ix_finance_account_normalized_name", "normalized_name"),
    sa.Index("ix_finance_account_type", "account_type"),
    sa.Index("ix_finance_account_user_id", "user_id"),
    sa.Index(
        "ix_finance_account_user_normalized_name",
        "user_id",
        "normalized_name",
        postgresql_ops={"normalized_name": "varchar_pattern_ops"},
    ),
    sa.Index("ix_finance_account_user_type", "user_id", "account_type"),
    sa.Index("ix_finance_account_user_usage", "user_id", "use_count", "last_used_at"),
    # PostgreSQL only, needs the pg_trgm extension (created by the revision when permitted):
    # serves the typeahead's word-start/substring tier.
    sa.Index(
        "ix_finance_account_normalized_name_trgm",
        "normalized_name",
        postgresql_using="gin",
        postgresql_ops={"normalized_name": "gin_trgm_ops"},
    ).ddl_if(dialect="postgresql"),
    sa.Index(
        "ux_finance_account_user_active_name",
        "user_id",
        "normalized_name",
        unique=True,
        postgresql_where=sa.text("is_active"),
        sqlite_where=sa.text("is_active = 1"),
    ),
)

sa.Table(
    "finance_journal_entry",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
    sa.Column("description", sa.Text(), nullable=True),
    sa.Column("posted_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Column("entry_date", sa.Date(), nullable=False),
    sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Column("reversal_of_id", sa.Integer(), sa.ForeignKey("finance_journal_entry.id"), nullable=True),
    sa.Column("idempotency_key", sa.String(128), nullable=True),
    sa.Column("source", sa.String(32), nullable=False, server_default=sa.text("'manual'")),
    sa.Index("ix_finance_journal_entry_user_entry_date", "user_id", "entry_date"),
    sa.Index("ix_finance_journal_entry_user_id", "user_id"),
    sa.Index("ix_finance_journal_entry_user_posted_at", "user_id", "posted_at"),
    sa.Index("ux_finance_journal_entry_reversal_of_id", "reversal_of_id", unique=True),
    sa.Index("ux_finance_journal_entry_user_idempotency_key", "user_id", "idempotency_key", unique=True),
)

sa.Table(
    "finance_loan_group",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
    sa.Column("name", sa.String(128), nullable=False),
    sa.Column("description", sa.Text(), nullable=True),
    sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Index("ix_finance_loan_group_user_id", "user_id"),
)

sa.Table(
    "finance_money_schedule_daily_balance",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
    sa.Column("as_of", sa.Date(), nullable=False),
    sa.Column("balance", sa.Numeric(18, 2), nullable=False),
    sa.Column("inflow", sa.Numeric(18, 2), nullable=False, server_default=sa.text("0")),
    sa.Column("outflow", sa.Numeric(18, 2), nullable=False, server_default=sa.text("0")),
    sa.Index("ix_finance_money_schedule_daily_balance_as_of", "as_of"),
    sa.Index("ix_finance_money_schedule_daily_balance_user_as_of", "user_id", "as_of"),
    sa.Index("ix_finance_money_schedule_daily_balance_user_id", "user_id"),
)

sa.Table(
    "finance_money_schedule_scenario",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
    sa.Column("name", sa.String(128), nullable=False),
    sa.Column("description", sa.Text(), nullable=True),
    sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Index("ix_finance_money_schedule_scenario_user_id", "user_id"),
)

sa.Table(
    "finance_receivable_tracker",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
    sa.Column("counterparty", sa.String(255), nullable=False),
    sa.Column("principal", sa.Numeric(18, 2), nullable=False),
    sa.Column("start_date", sa.Date(), nullable=False),
    sa.Column("due_date", sa.Date(), nullable=True),
    sa.Column("interest_rate", sa.Numeric(5, 2), nullable=True),
    sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Index("ix_finance_receivable_tracker_user_counterparty", "user_id", "counterparty"),
    sa.Index("ix_finance_receivable_tracker_user_due_date", "user_id", "due_date"),
    sa.Index("ix_finance_receivable_tracker_user_id", "user_id"),
)

sa.Table(
    "finance_trial_balance_setting",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
    sa.Column("month", sa.String(7), nullable=True),
    sa.Column("auto_rollup", sa.Boolean(), nullable=False, server_default=sa.true()),
    sa.Column("hide_zero_rows", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("fiscal_year_start_month", sa.Integer(), nullable=False, server_default=sa.text("1")),
    sa.Column("updated_at", sa.DateTime(), nullable=True, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Index("ix_finance_trial_balance_setting_user_id", "user_id"),
)

sa.Table(
    "habits_habit",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
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
    sa.Column("schedule_days", sa.JSON(), nullable=True),
    sa.Column("kind", sa.String(16), nullable=False, server_default=sa.text("'boolean'")),
    sa.Column("target_value", sa.Numeric(10, 2), nullable=True),
    sa.Column("target_direction", sa.String(8), nullable=False, server_default=sa.text("'at_least'")),
    sa.Column("unit", sa.String(32), nullable=True),
    sa.Column("is_paused", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Index("ix_habits_habit_user_active", "user_id", "is_active"),
    sa.Index("ix_habits_habit_user_domain_link", "user_id", "domain_link"),
    sa.Index("ix_habits_habit_user_id", "user_id"),
    sa.Index("ux_habits_habit_user_name", "user_id", "name", unique=True),
)

sa.Table(
    "health_biometric",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
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
    sa.Column("sleep_hours", sa.Numeric(4, 2), nullable=True),
    sa.Column("updated_at", sa.DateTime(), nullable=True, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Index("ix_health_biometric_user_date", "user_id", "date"),
    sa.Index("ix_health_biometric_user_id", "user_id"),
    sa.Index("ix_health_biometric_user_recorded_at", "user_id", "recorded_at"),
    sa.Index("ux_health_biometric_user_date", "user_id", "date", unique=True),
)

sa.Table(
    "health_nutrition_log",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
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
    sa.Column("updated_at", sa.DateTime(), nullable=True, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Index("ix_health_nutrition_log_user_date", "user_id", "date"),
    sa.Index("ix_health_nutrition_log_user_id", "user_id"),
    sa.Index("ix_health_nutrition_log_user_logged_at", "user_id", "logged_at"),
)

sa.Table(
    "health_workout",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
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
    sa.Column("updated_at", sa.DateTime(), nullable=True, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Index("ix_health_workout_user_date", "user_id", "date"),
    sa.Index("ix_health_workout_user_id", "user_id"),
    sa.Index("ix_health_workout_user_performed_at", "user_id", "performed_at"),
)

sa.Table(
    "journal_entry",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
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
    sa.Index("ix_journal_entry_user_created_at", "user_id", "created_at"),
    sa.Index("ix_journal_entry_user_entry_date", "user_id", "entry_date"),
    sa.Index("ix_journal_entry_user_id", "user_id"),
    sa.Index("ix_journal_entry_user_mood", "user_id", "mood_int"),
)

sa.Table(
    "jwt_blocklist",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("jti", sa.String(64), nullable=False),
    sa.Column("created_by", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
    sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Column("updated_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.UniqueConstraint("jti"),
)

sa.Table(
    "platform_outbox",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
    sa.Column("event_type", sa.String(128), nullable=False),
    sa.Column("payload", sa.JSON(), nullable=False, server_default=sa.text("'{}'")),
    sa.Column("status", sa.String(32), nullable=False, server_default=sa.text("'pending'")),
    sa.Column("attempts", sa.Integer(), nullable=False, server_default=sa.text("0")),
    sa.Column("available_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Column("last_error", sa.Text(), nullable=True),
    sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Column("event_version", sa.Integer(), nullable=False, server_default=sa.text("1")),
    sa.Column("sent_at", sa.DateTime(), nullable=True),
    sa.Column("locked_until", sa.DateTime(), nullable=True),
    sa.Column("locked_by", sa.String(128), nullable=True),
    sa.Index("ix_platform_outbox_available_at", "available_at"),
    sa.Index("ix_platform_outbox_event_type", "event_type"),
    sa.Index("ix_platform_outbox_status", "status"),
    sa.Index("ix_platform_outbox_status_available_at", "status", "available_at"),
    sa.Index("ix_platform_outbox_user_available_at", "user_id", "available_at"),
    sa.Index("ix_platform_outbox_user_id", "user_id"),
    sa.Index("ix_platform_outbox_user_status", "user_id", "status", "available_at"),
    # The worker's claim scans undelivered rows in id order; partial, so it stays as small as
    # the backlog.
    sa.Index(
        "ix_platform_outbox_undelivered_id",
        "id",
        postgresql_where=sa.text("status IN ('pending', 'sending')"),
        sqlite_where=sa.text("status IN ('pending', 'sending')"),
    ),
)

sa.Table(
    "project",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("status", sa.String(32), nullable=False, server_default=sa.text("'active'")),
    sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Column("description", sa.Text(), nullable=True),
    sa.Column("target_date", sa.Date(), nullable=True),
    sa.Column("updated_at", sa.DateTime(), nullable=True, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Column("completed_at", sa.DateTime(), nullable=True),
    sa.Index("ix_project_user_created_at", "user_id", "created_at"),
    sa.Index("ix_project_user_id", "user_id"),
    sa.Index("ix_project_user_name", "user_id", "name"),
    sa.Index("ix_project_user_status", "user_id", "status"),
    sa.Index("ix_project_user_target_date", "user_id", "target_date"),
)

sa.Table(
    "relationships_person",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("relationship_type", sa.String(64), nullable=True),
    sa.Column("importance_level", sa.Integer(), nullable=True),
    sa.Column("tags", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    sa.Column("notes", sa.Text(), nullable=True),
    sa.Column("birthday", sa.Date(), nullable=True),
    sa.Column("first_met_date", sa.Date(), nullable=True),
    sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Column("updated_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Column("cadence_days", sa.Integer(), nullable=True),
    sa.Index("ix_relationships_person_user_birthday", "user_id", "birthday"),
    sa.Index("ix_relationships_person_user_id", "user_id"),
    sa.Index("ix_relationships_person_user_importance", "user_id", "importance_level"),
    sa.Index("ix_relationships_person_user_type", "user_id", "relationship_type"),
    sa.Index("ux_relationships_person_user_name", "user_id", "name", unique=True),
)

sa.Table(
    "role_permission",
    metadata,
    sa.Column("role_id", sa.Integer(), sa.ForeignKey("role.id"), primary_key=True, nullable=False),
    sa.Column(
        "permission_id", sa.Integer(), sa.ForeignKey("permission.id"), primary_key=True, nullable=False
    ),
)

sa.Table(
    "session_token",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
    sa.Column("jti", sa.String(64), nullable=False),
    sa.Column("revoked", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("expires_at", sa.DateTime(), nullable=True),
    sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Column("updated_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.UniqueConstraint("jti"),
    sa.Index("ix_session_token_user_id", "user_id"),
)

sa.Table(
    "skill",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
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
    sa.Index("ix_skill_user_category", "user_id", "category"),
    sa.Index("ix_skill_user_id", "user_id"),
    sa.Index("ux_skill_user_name", "user_id", "name", unique=True),
)

sa.Table(
    "user_preference",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
    sa.Column("key", sa.String(128), nullable=False),
    sa.Column("value", sa.JSON(), nullable=False, server_default=sa.text("'{}'")),
    sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Column("updated_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Index("ix_user_preference_user_id", "user_id"),
)

sa.Table(
    "user_role",
    metadata,
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), primary_key=True, nullable=False),
    sa.Column("role_id", sa.Integer(), sa.ForeignKey("role.id"), primary_key=True, nullable=False),
)

sa.Table(
    "finance_journal_line",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("entry_id", sa.Integer(), sa.ForeignKey("finance_journal_entry.id"), nullable=False),
    sa.Column("account_id", sa.Integer(), sa.ForeignKey("finance_account.id"), nullable=False),
    sa.Column("debit", sa.Numeric(18, 2), nullable=False, server_default=sa.text("0")),
    sa.Column("credit", sa.Numeric(18, 2), nullable=False, server_default=sa.text("0")),
    sa.Column("memo", sa.Text(), nullable=True),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
    # The entry's date copied onto each line (backfilled from the entry, then NOT NULL), so an
    # account's ledger is read from one index in date order.
    sa.Column("entry_date", sa.Date(), nullable=False),
    sa.Index("ix_finance_journal_line_account_id", "account_id"),
    sa.Index("ix_finance_journal_line_entry_id", "entry_id"),
    sa.Index("ix_finance_journal_line_user_account", "user_id", "account_id"),
    sa.Index("ix_finance_journal_line_user_account_date", "user_id", "account_id", "entry_date", "id"),
)

# Debit/credit totals per (user, account, day): derived from finance_journal_line, maintained
# by the posting transaction. Filled from the existing lines when the revision finds it empty.
sa.Table(
    "finance_account_daily_total",
    metadata,
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), primary_key=True, nullable=False),
    sa.Column(
        "account_id", sa.Integer(), sa.ForeignKey("finance_account.id"), primary_key=True, nullable=False
    ),
    sa.Column("entry_date", sa.Date(), primary_key=True, nullable=False),
    sa.Column("debit", sa.Numeric(24, 2), nullable=False, server_default=sa.text("0")),
    sa.Column("credit", sa.Numeric(24, 2), nullable=False, server_default=sa.text("0")),
    sa.Column("line_count", sa.Integer(), nullable=False, server_default=sa.text("0")),
    sa.Index("ix_finance_account_daily_total_user_date", "user_id", "entry_date"),
)

# The same per (user, account, calendar month; `month` is its first day): reports read whole
# months from here and only a range's partial edge months from the daily totals. Derived and
# maintained like the daily totals; filled from the journal lines when the revision finds it empty.
sa.Table(
    "finance_account_monthly_total",
    metadata,
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), primary_key=True, nullable=False),
    sa.Column(
        "account_id", sa.Integer(), sa.ForeignKey("finance_account.id"), primary_key=True, nullable=False
    ),
    sa.Column("month", sa.Date(), primary_key=True, nullable=False),
    sa.Column("debit", sa.Numeric(24, 2), nullable=False, server_default=sa.text("0")),
    sa.Column("credit", sa.Numeric(24, 2), nullable=False, server_default=sa.text("0")),
    sa.Column("line_count", sa.Integer(), nullable=False, server_default=sa.text("0")),
)

sa.Table(
    "finance_loan_group_link",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("group_id", sa.Integer(), sa.ForeignKey("finance_loan_group.id"), nullable=False),
    sa.Column("tracker_id", sa.Integer(), sa.ForeignKey("finance_receivable_tracker.id"), nullable=False),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
    sa.Index("ix_finance_loan_group_link_group_id", "group_id"),
    sa.Index("ix_finance_loan_group_link_tracker_id", "tracker_id"),
    sa.Index("ix_finance_loan_group_link_user_group", "user_id", "group_id"),
)

sa.Table(
    "finance_money_schedule_row",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
    sa.Column("account_id", sa.Integer(), sa.ForeignKey("finance_account.id"), nullable=False),
    sa.Column("event_date", sa.Date(), nullable=False),
    sa.Column("amount", sa.Numeric(18, 2), nullable=False),
    sa.Column("memo", sa.Text(), nullable=True),
    sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Index("ix_finance_money_schedule_row_event_date", "event_date"),
    sa.Index("ix_finance_money_schedule_row_user_event_date", "user_id", "event_date"),
    sa.Index("ix_finance_money_schedule_row_user_id", "user_id"),
)

sa.Table(
    "finance_receivable_manual_entry",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("tracker_id", sa.Integer(), sa.ForeignKey("finance_receivable_tracker.id"), nullable=False),
    sa.Column("entry_date", sa.Date(), nullable=False),
    sa.Column("amount", sa.Numeric(18, 2), nullable=False),
    sa.Column("memo", sa.Text(), nullable=True),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
    sa.Index("ix_finance_receivable_manual_entry_tracker_id", "tracker_id"),
    sa.Index("ix_finance_receivable_manual_entry_user_entry_date", "user_id", "entry_date"),
)

sa.Table(
    "finance_transaction",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
    sa.Column("amount", sa.Numeric(18, 2), nullable=False),
    sa.Column("description", sa.Text(), nullable=True),
    sa.Column("occurred_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Column("journal_entry_id", sa.Integer(), sa.ForeignKey("finance_journal_entry.id"), nullable=True),
    sa.Column("counterparty", sa.String(255), nullable=True),
    sa.Column("category", sa.String(128), nullable=True),
    sa.Column("from_account_id", sa.Integer(), sa.ForeignKey("finance_account.id"), nullable=True),
    sa.Column("to_account_id", sa.Integer(), sa.ForeignKey("finance_account.id"), nullable=True),
    sa.Column("external_id", sa.String(128), nullable=True),
    sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Index("ix_finance_transaction_user_external_id", "user_id", "external_id"),
    sa.Index("ix_finance_transaction_user_id", "user_id"),
    sa.Index("ix_finance_transaction_user_occurred_at", "user_id", "occurred_at"),
)

sa.Table(
    "habits_habit_log",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
    sa.Column("habit_id", sa.Integer(), sa.ForeignKey("habits_habit.id", ondelete="CASCADE"), nullable=False),
    sa.Column("value", sa.Numeric(10, 2), nullable=True),
    sa.Column("note", sa.Text(), nullable=True),
    sa.Column("logged_date", sa.Date(), nullable=False, server_default=sa.text("CURRENT_DATE")),
    sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Column("is_skip", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("updated_at", sa.DateTime(), nullable=True, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Index("ix_habits_habit_log_habit_id", "habit_id"),
    sa.Index("ix_habits_habit_log_user_id", "user_id"),
    sa.Index("ix_habits_log_habit_logged_date", "habit_id", "logged_date"),
    sa.Index("ix_habits_log_user_logged_date", "user_id", "logged_date"),
    sa.Index("ux_habits_habit_log_habit_date", "habit_id", "logged_date", unique=True),
)

sa.Table(
    "project_task",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("project_id", sa.Integer(), sa.ForeignKey("project.id"), nullable=False),
    sa.Column("title", sa.String(255), nullable=False),
    sa.Column("status", sa.String(32), nullable=False, server_default=sa.text("'open'")),
    sa.Column("due_date", sa.Date(), nullable=True),
    sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
    sa.Column("priority", sa.Integer(), nullable=True),
    sa.Column("notes", sa.Text(), nullable=True),
    sa.Column("updated_at", sa.DateTime(), nullable=True, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Column("completed_at", sa.DateTime(), nullable=True),
    sa.Index("ix_project_task_project_id", "project_id"),
    sa.Index("ix_project_task_user_due_date", "user_id", "due_date"),
    sa.Index("ix_project_task_user_project_due_date", "user_id", "project_id", "due_date"),
    sa.Index("ix_project_task_user_project_status", "user_id", "project_id", "status"),
    sa.Index("ix_project_task_user_status_due_date", "user_id", "status", "due_date"),
)

sa.Table(
    "relationships_interaction",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
    sa.Column(
        "person_id",
        sa.Integer(),
        sa.ForeignKey("relationships_person.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("date", sa.Date(), nullable=False, server_default=sa.text("CURRENT_DATE")),
    sa.Column("method", sa.String(64), nullable=True),
    sa.Column("notes", sa.Text(), nullable=True),
    sa.Column("sentiment", sa.String(32), nullable=True),
    sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Column("updated_at", sa.DateTime(), nullable=True, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Index("ix_relationships_interaction_person_date", "user_id", "person_id", "date"),
    sa.Index("ix_relationships_interaction_person_id", "person_id"),
    sa.Index("ix_relationships_interaction_user_date", "user_id", "date"),
    sa.Index("ix_relationships_interaction_user_id", "user_id"),
)

sa.Table(
    "skill_metric",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("skill_id", sa.Integer(), sa.ForeignKey("skill.id"), nullable=False),
    sa.Column("name", sa.String(128), nullable=False),
    sa.Column("value", sa.Numeric(10, 2), nullable=False),
    sa.Column("recorded_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
    sa.Column("value_at", sa.DateTime(), nullable=True),
    sa.Index("ix_skill_metric_skill_id", "skill_id"),
    sa.Index("ix_skill_metric_user_skill", "user_id", "skill_id"),
    sa.Index("ux_skill_metric_skill_name", "skill_id", "name", unique=True),
)

sa.Table(
    "skill_practice_session",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("skill_id", sa.Integer(), sa.ForeignKey("skill.id"), nullable=False),
    sa.Column("duration_minutes", sa.Integer(), nullable=False, server_default=sa.text("0")),
    sa.Column("notes", sa.Text(), nullable=True),
    sa.Column("practiced_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
    sa.Column("intensity", sa.Integer(), nullable=True),
    sa.Column("created_at", sa.DateTime(), nullable=True, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Index("ix_skill_practice_session_skill_id", "skill_id"),
    sa.Index("ix_skill_session_skill_practiced_at", "skill_id", "practiced_at"),
    sa.Index("ix_skill_session_user_practiced_at", "user_id", "practiced_at"),
)

sa.Table(
    "finance_money_schedule_scenario_row",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column(
        "scenario_id", sa.Integer(), sa.ForeignKey("finance_money_schedule_scenario.id"), nullable=False
    ),
    sa.Column("base_row_id", sa.Integer(), sa.ForeignKey("finance_money_schedule_row.id"), nullable=True),
    sa.Column("delta_amount", sa.Numeric(18, 2), nullable=False, server_default=sa.text("0")),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
    sa.Index("ix_finance_money_schedule_scenario_row_scenario_id", "scenario_id"),
    sa.Index("ix_finance_money_schedule_scenario_row_user_scenario", "user_id", "scenario_id"),
)

sa.Table(
    "project_task_log",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
    sa.Column("task_id", sa.Integer(), sa.ForeignKey("project_task.id"), nullable=False),
    sa.Column("note", sa.Text(), nullable=True),
    sa.Column("logged_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
    sa.Column("status_snapshot", sa.String(32), nullable=True),
    sa.Column("created_at", sa.DateTime(), nullable=True, server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Column("minutes", sa.Integer(), nullable=False, server_default=sa.text("0")),
    sa.Index("ix_project_task_log_task_id", "task_id"),
    sa.Index("ix_project_task_log_user_logged_at", "user_id", "logged_at"),
    sa.Index("ix_project_task_log_user_task_logged_at", "user_id", "task_id", "logged_at"),
)
