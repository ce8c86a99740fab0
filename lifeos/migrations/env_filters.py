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


def _only_for_dialect(index: Any) -> str | None:
    """The dialect of an `Index(...).ddl_if(dialect=...)`, or None for an unconditional index."""
    dialect = getattr(getattr(index, "_ddl_if", None), "dialect", None)
    return dialect if isinstance(dialect, str) else None


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    if type_ == "table" and reflected and compare_to is None and name in LEGACY_UNMANAGED_TABLES:
        return False
    # A dialect-conditional model index (the PostgreSQL-only trigram index) that the live
    # database lacks: this hook is not told the dialect, and the index is legitimately absent
    # on SQLite and on a PostgreSQL without pg_trgm (the migration warns there). When it exists
    # it is compared as usual.
    if type_ == "index" and not reflected and compare_to is None and _only_for_dialect(obj):
        return False
    return not (type_ == "table" and name == "alembic_version")
