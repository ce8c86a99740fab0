"""Revision ids that were folded into another revision before release, and the shim that maps them.

`20251220_finance_ledger` and `20251221_outbox_undelivered_index` existed briefly on development
machines; their schema (finance_journal_line.entry_date, ix_finance_journal_line_user_account_date,
finance_account_daily_total, ix_platform_outbox_undelivered_id) is now ensured by
`20251218_backend_updates_validation`, and their files are gone. A database stamped with one of
them would make every `flask db` command fail with "Can't locate revision", so env.py rewrites
`alembic_version` to the revision that now holds their content before anything else runs.
"""

from __future__ import annotations

import logging

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

FOLDED_INTO = "20251218_backend_updates_validation"
RETIRED = {
    # A database at 20251221 has everything 20251218 now ensures.
    "20251221_outbox_undelivered_index": FOLDED_INTO,
    # One at 20251220 lacks only ix_platform_outbox_undelivered_id (see the warning below).
    "20251220_finance_ledger": FOLDED_INTO,
}
MISSING_AFTER = {
    "20251220_finance_ledger": "ix_platform_outbox_undelivered_id",
}

log = logging.getLogger("alembic.env")


def rewrite_retired_revisions(connection: Connection) -> list[tuple[str, str]]:
    """Replace retired ids in alembic_version; returns the (old, new) pairs rewritten."""
    if not inspect(connection).has_table("alembic_version"):
        return []
    current = set(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
    done = []
    for old in sorted(current & RETIRED.keys()):
        new = RETIRED[old]
        if new in current:
            connection.execute(text("DELETE FROM alembic_version WHERE version_num = :old"), {"old": old})
        else:
            connection.execute(
                text("UPDATE alembic_version SET version_num = :new WHERE version_num = :old"),
                {"new": new, "old": old},
            )
            current.add(new)
        done.append((old, new))
        log.warning("alembic_version: %s was folded into %s before release; rewritten", old, new)
        if old in MISSING_AFTER:
            log.warning(
                "this database may lack %s: `flask db verify` shows it; to add it run "
                "`flask db stamp 20251216_drop_legacy_habits_relationships && flask db upgrade` "
                "(20251218 is idempotent and only creates what is missing)",
                MISSING_AFTER[old],
            )
    return done
