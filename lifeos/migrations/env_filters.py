"""What Alembic's schema comparison leaves out (shared by env.py, tests and tools)."""

from __future__ import annotations

from typing import Any

# Tables of the legacy LifeOS that this app neither uses nor drops (additive migrations only).
LEGACY_UNMANAGED_TABLES = frozenset(
    {
        "event_record",
        "insight_record",
        "skills_skill",
        "skills_skill_practice_session",
        "journal_tag",
        "journal_entry_tag",
        "password_reset_token",
    }
)


# Full-text search objects of revision 20261128_journal_search that the models do not describe:
# SQLite's FTS5 tables (`journal_entry_fts`, `journal_entry_fts_trigram` and their shadow tables
# `…_data`, `…_idx`, `…_docsize`, `…_config`) and PostgreSQL's generated tsvector column with
# its GIN index. They are derived from journal_entry and kept in step by the database itself.
JOURNAL_FTS_TABLE_PREFIX = "journal_entry_fts"
JOURNAL_SEARCH_COLUMN = ("journal_entry", "search_vector")
JOURNAL_SEARCH_INDEX = "ix_journal_entry_search_vector"


def _is_journal_search_object(obj: Any, name: str | None, type_: str) -> bool:
    if type_ == "table":
        return bool(name) and str(name).startswith(JOURNAL_FTS_TABLE_PREFIX)
    if type_ == "column":
        table = getattr(getattr(obj, "table", None), "name", None)
        return (table, name) == JOURNAL_SEARCH_COLUMN
    return type_ == "index" and name == JOURNAL_SEARCH_INDEX


def _only_for_dialect(index: Any) -> str | None:
    """The dialect of an `Index(...).ddl_if(dialect=...)`, or None for an unconditional index."""
    dialect = getattr(getattr(index, "_ddl_if", None), "dialect", None)
    return dialect if isinstance(dialect, str) else None


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    if type_ == "table" and reflected and compare_to is None and name in LEGACY_UNMANAGED_TABLES:
        return False
    # Any other table no model describes: an adopted earlier-LifeOS database keeps the tables of
    # its later revisions (calendar_oauth_token, readmodel_state, …), and migrations only add.
    if type_ == "table" and reflected and compare_to is None:
        return False
    if reflected and compare_to is None and _is_journal_search_object(obj, name, type_):
        return False
    # A dialect-conditional model index (the PostgreSQL-only trigram and rank indexes) that the
    # live database lacks: this hook is not told the dialect, and such an index is legitimately
    # absent on SQLite, and the trigram one on a PostgreSQL without pg_trgm (the migration warns
    # there). When it exists it is compared as usual; the revisions' tests check it is there.
    if type_ == "index" and not reflected and compare_to is None and _only_for_dialect(obj):
        return False
    return not (type_ == "table" and name == "alembic_version")
