"""Recognise a database of the earlier LifeOS (scds7xdxnd-bit/lifeos) and adopt it in place.

That app shares this chain up to `20251216_drop_legacy_habits_relationships`, ships its own
`20251218_backend_updates_validation` (same id, different schema: no usage counts, no totals
tables, no relaxed legacy columns) and then revisions of its own. env.py calls `inspect_version`
before Alembic reads `alembic_version`:

* our id, schema as expected: nothing to do;
* `20251218_backend_updates_validation` without what our 20251218 ensures (recognised by the
  schema, not the id): the earlier app's 20251218;
* one of the earlier app's own ids (EARLIER_APP_REVISIONS, listed from its repository) on a
  database that has the 20251216 tables: the earlier app at or after its 20251218;
* anything else: refused, with what to do.

Adopting rewrites `alembic_version` to 20251216, so the upgrade runs our 20251218 (inspect,
then act: it creates only what is missing) and everything after it. No table, column or row
is dropped — the earlier app's extra tables (calendar, read models, …) stay as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from alembic.util import CommandError
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

ADOPT_AS = "20251216_drop_legacy_habits_relationships"
SHARED_20251218 = "20251218_backend_updates_validation"
BEFORE_20251218 = frozenset({"20251201_initial_schema", ADOPT_AS})

# The earlier app's revision ids that this chain does not have (its lifeos/migrations/versions).
# Its history was rebased more than once, so some ids dated before 20251216 came after its
# 20251218 in later versions; the schema (has_20251216_tables) decides whether one is adoptable.
EARLIER_APP_REVISIONS = frozenset(
    {
        "0001_initial", "0002_add_insight_record", "0c76fa610e14", "c09915f465f7",
        "20240522_core_initial", "20251204_core_add_insight_record",
        "20251204_core_user_query_indexes", "20251205_expand_alembic_version",
        "20251205_platform_outbox", "20251205_skills_initial_schema", "20251206_calendar_initial",
        "20251206_core_password_reset_token", "20251206_finance_account_categories_update",
        "20251206_finance_account_type_classification", "20251207_calendar_initial",
        "20251207_domain_calendar_inference_fields", "20251207_domains_inferred_columns",
        "20251207_finance_journal_entry_index", "20251207_standardize_user_roles",
        "20251208_skills_enhancements", "20251209_habits_initial", "20251210_relationships_initial",
        "20251211_journal_enhancements", "20251212_health_rework",
        "20251213_health_relax_legacy_columns", "20251214_health_null_legacy_values",
        "20251215_projects_init", "20251219_calendar_oauth_tokens", "20251220_readmodels_bootstrap",
        "20251221_auth_session_table", "20251222_calendar_view_indexes",
        "20251223_insight_routing_columns", "20251224_insight_feed_indexes",
        "20251226_phase5a_insight_substrate_tables", "20251227_phase5b_features_daily",
        "20260205_phase5c_feature_store_v1", "20260312_phase6_1_inquiry_quality_metadata",
        "20260312_phase6_focused_inquiry_v1", "20260312_phase6_inquiry_query_indexes",
        "20260312_phase7_domain_expert_brief_metadata", "20260312_phase8_cross_domain_inquiry_metadata",
        "20260314_private_alpha_feedback_linkage", "20260314_private_alpha_invites",
        "20260321_habit_stat_table", "20260322_habit_scheduled_time", "20260322_skill_session_step_id",
        "20260322_skills_goal_fields", "20260328_health_calorie_report", "20260328_health_food_library",
        "20260329_finance_currency_infrastructure", "20260329_finance_exchange_rates",
    }
)  # fmt: skip

# What the 20251216 schema has (both apps) and what only our 20251218 adds.
TABLES_AT_20251216 = (
    "user",
    "finance_account",
    "finance_journal_line",
    "habits_habit",
    "relationships_person",
)
OUR_20251218_TABLE = "finance_account_daily_total"
OUR_20251218_COLUMN = ("finance_account", "use_count")


@dataclass(frozen=True)
class Finding:
    """What env.py found in alembic_version, and what it means."""

    current: str
    kind: str  # "earlier_20251218" | "earlier_later" | "incomplete_ours"
    extra_tables: tuple[str, ...] = ()

    def message(self) -> str:
        if self.kind == "incomplete_ours":
            return (
                f"alembic_version says {self.current}, but what this app's 20251218 creates "
                f"({OUR_20251218_TABLE}, finance_account.use_count) is missing: running the chain "
                f"again from {ADOPT_AS}; every revision inspects first and only adds what is missing."
            )
        if self.kind == "earlier_20251218":
            what = (
                f"{SHARED_20251218} written by the earlier LifeOS (same id as this app's, but "
                f"without {OUR_20251218_TABLE} and finance_account.use_count)"
            )
        else:
            what = f"{self.current}, a revision of the earlier LifeOS after its 20251218"
        kept = f"; kept as they are: {', '.join(self.extra_tables)}" if self.extra_tables else ""
        return (
            f"adopting: this database is at {what}. It is treated as {ADOPT_AS}: this app's "
            f"20251218 creates only what is missing, the later revisions follow, and every table "
            f"and row stays{kept}. To go back to the earlier LifeOS later: `flask db downgrade "
            f"{ADOPT_AS}`, then, with the earlier LifeOS, `flask db stamp {self.current}`."
        )


def current_versions(connection: Connection) -> list[str]:
    if not inspect(connection).has_table("alembic_version"):
        return []
    return list(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())


def has_20251216_tables(connection: Connection) -> bool:
    present = set(inspect(connection).get_table_names())
    if not set(TABLES_AT_20251216) <= present:
        return False
    columns = {c["name"] for c in inspect(connection).get_columns("finance_account")}
    return {"account_type", "normalized_name"} <= columns


def has_our_20251218(connection: Connection) -> bool:
    insp = inspect(connection)
    if not insp.has_table(OUR_20251218_TABLE):
        return False
    table, column = OUR_20251218_COLUMN
    return column in {c["name"] for c in insp.get_columns(table)}


def unknown_revision(current: str) -> CommandError:
    return CommandError(
        f"alembic_version holds {current!r}, which is neither a revision of this app nor one of "
        f"the earlier LifeOS that it can adopt. Check DATABASE_URL points at a LifeOS database. "
        f"If it is an earlier LifeOS database, first bring it to {ADOPT_AS} or later with that "
        f"app's own `flask db upgrade`, then run `flask db upgrade` here. If you have checked that "
        f"its schema is the 20251216 one, `flask db stamp --purge {ADOPT_AS}` and `flask db "
        f"upgrade` adopt it (this app's 20251218 creates only what is missing)."
    )


def inspect_version(connection: Connection, known: set[str], managed_tables: set[str]) -> Finding | None:
    """What alembic_version holds, checked against the schema; raises for what cannot be adopted."""
    versions = current_versions(connection)
    if len(versions) != 1:
        for version in versions:
            if version not in known:
                raise unknown_revision(version)
        return None
    current = versions[0]
    if current == SHARED_20251218:
        if has_our_20251218(connection):
            return None
        return Finding(current, "earlier_20251218", _extra_tables(connection, managed_tables))
    if current in known:
        if current in BEFORE_20251218 or has_our_20251218(connection):
            return None
        # One of our later ids over a schema without our 20251218 (e.g. the earlier app's
        # 20251218 upgraded by a build of this app that did not recognise it yet).
        return Finding(current, "incomplete_ours", _extra_tables(connection, managed_tables))
    if current in EARLIER_APP_REVISIONS:
        if not has_20251216_tables(connection):
            raise CommandError(
                f"alembic_version holds {current!r}, a revision of the earlier LifeOS older than "
                f"{ADOPT_AS}. Bring the database to {ADOPT_AS} or later with that app's own `flask "
                f"db upgrade` first, then run `flask db upgrade` here."
            )
        return Finding(current, "earlier_later", _extra_tables(connection, managed_tables))
    raise unknown_revision(current)


def _extra_tables(connection: Connection, managed_tables: set[str]) -> tuple[str, ...]:
    present = set(inspect(connection).get_table_names())
    return tuple(sorted(present - managed_tables - {"alembic_version"}))


def adopt(connection: Connection, finding: Finding) -> None:
    """Rewrite alembic_version to ADOPT_AS (the caller commits)."""
    connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": ADOPT_AS})
