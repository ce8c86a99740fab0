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


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    if type_ == "table" and reflected and compare_to is None and name in LEGACY_UNMANAGED_TABLES:
        return False
    return not (type_ == "table" and name == "alembic_version")
