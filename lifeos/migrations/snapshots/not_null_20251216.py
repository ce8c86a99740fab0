"""Frozen: the NOT NULL columns (other than primary keys) of each table at revision
20251216_drop_legacy_habits_relationships, as the earlier LifeOS created them
(tests/fixtures/legacy_lifeos_20251216.sql).

The earlier code fills exactly these on insert (or leaves them to their defaults). A downgrade
to 20251216 relaxes every other NOT NULL column without a server default that later revisions
added or tightened, so that code's inserts, which do not know those columns, still succeed.
"""

from __future__ import annotations

NOT_NULL_AT_20251216: dict[str, frozenset[str]] = {
    "finance_account": frozenset(
        {"account_type", "category_id", "created_at", "is_active", "name", "normalized_name", "user_id"}
    ),
    "finance_account_category": frozenset({"code", "name", "normal_balance"}),
    "finance_journal_entry": frozenset({"posted_at", "user_id"}),
    "finance_journal_line": frozenset({"account_id", "credit", "debit", "entry_id"}),
    "finance_loan_group": frozenset({"name", "user_id"}),
    "finance_loan_group_link": frozenset({"group_id", "tracker_id"}),
    "finance_money_schedule_daily_balance": frozenset({"as_of", "balance", "user_id"}),
    "finance_money_schedule_row": frozenset({"account_id", "amount", "event_date", "user_id"}),
    "finance_money_schedule_scenario": frozenset({"name", "user_id"}),
    "finance_money_schedule_scenario_row": frozenset({"delta_amount", "scenario_id"}),
    "finance_receivable_manual_entry": frozenset({"amount", "entry_date", "tracker_id"}),
    "finance_receivable_tracker": frozenset({"counterparty", "principal", "start_date", "user_id"}),
    "finance_transaction": frozenset({"amount", "occurred_at", "user_id"}),
    "finance_trial_balance_setting": frozenset({"auto_rollup", "month", "user_id"}),
    "habits_habit": frozenset({"created_at", "is_active", "name", "schedule_type", "updated_at", "user_id"}),
    "habits_habit_log": frozenset({"created_at", "habit_id", "logged_date", "user_id"}),
    "health_biometric": frozenset({"created_at", "date", "recorded_at", "user_id"}),
    "health_nutrition_log": frozenset({"created_at", "date", "logged_at", "user_id"}),
    "health_workout": frozenset({"created_at", "date", "duration_minutes", "performed_at", "user_id"}),
    "journal_entry": frozenset(
        {"body", "created_at", "entry_date", "is_private", "tags", "updated_at", "user_id"}
    ),
    "jwt_blocklist": frozenset({"created_at", "jti", "updated_at"}),
    "permission": frozenset({"code", "created_at", "description", "updated_at"}),
    "platform_outbox": frozenset(
        {"attempts", "available_at", "created_at", "event_type", "payload", "status"}
    ),
    "project": frozenset({"created_at", "name", "status", "user_id"}),
    "project_task": frozenset({"created_at", "project_id", "status", "title"}),
    "project_task_log": frozenset({"logged_at", "task_id"}),
    "relationships_interaction": frozenset({"created_at", "date", "person_id", "user_id"}),
    "relationships_person": frozenset({"created_at", "name", "tags", "updated_at", "user_id"}),
    "role": frozenset({"created_at", "description", "name", "updated_at"}),
    "role_permission": frozenset(),
    "session_token": frozenset({"created_at", "jti", "revoked", "updated_at", "user_id"}),
    "skill": frozenset({"created_at", "level", "name", "user_id"}),
    "skill_metric": frozenset({"name", "recorded_at", "skill_id", "value"}),
    "skill_practice_session": frozenset({"duration_minutes", "practiced_at", "skill_id"}),
    "user": frozenset({"created_at", "email", "is_active", "password_hash", "updated_at"}),
    "user_preference": frozenset({"created_at", "key", "updated_at", "user_id", "value"}),
    "user_role": frozenset(),
}
