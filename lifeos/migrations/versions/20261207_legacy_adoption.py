"""Adopting every earlier LifeOS database: re-normalized names, legacy hashes kept for rollback (#14).

Inspect, then act (a second run changes nothing):

1. `user.legacy_password_hash` (NULL-able): a login that rehashes a legacy bcrypt hash to
   argon2id keeps the bcrypt one there until the password changes; downgrade() puts it back in
   `password_hash`, so the earlier LifeOS (bcrypt only) logs everyone in after a rollback.
2. Every `finance_account.normalized_name` is made equal to the normalization of its name
   (frozen copy: snapshots/naming_20251218.py), in id batches — not only the empty ones
   20251218 fills: an earlier LifeOS stored lower-cased names (`straße fund`, full-width
   `ｓａｖｉｎｇｓ account`) that search and inline creation would never match. When two
   active accounts of one user now share a name, both are kept and reported with the merge
   command (lifeos/migrations/helpers/renormalize.py explains the marking).
3. The unique index ux_finance_account_user_active_name, when 20251218 had to skip it because
   the stored names collided, is created now that they no longer do.

Revision ID: 20261207_legacy_adoption
Revises: 20261128_relationships_rules
Create Date: 2026-12-07
"""

from __future__ import annotations

import time

import sqlalchemy as sa
from alembic import op

from lifeos.migrations.helpers import ensure, timing
from lifeos.migrations.helpers import live_schema as live
from lifeos.migrations.helpers.renormalize import renormalize_all
from lifeos.migrations.snapshots.naming_20251218 import normalize_name

revision = "20261207_legacy_adoption"
down_revision = "20261128_relationships_rules"
branch_labels = None
depends_on = None

LEGACY_HASH = "legacy_password_hash"
ACTIVE_NAME_INDEX = "ux_finance_account_user_active_name"
ACTIVE_NAME_WHERE = {"postgresql": "is_active", "sqlite": "is_active = 1"}
# How many collisions the upgrade prints one by one (`flask db verify` lists them all).
SHOWN_COLLISIONS = 50
BCRYPT = "(password_hash LIKE '$2a$%' OR password_hash LIKE '$2b$%' OR password_hash LIKE '$2y$%')"


def _say(message: str) -> None:
    print(f"20261207: {message}")


def upgrade() -> None:
    timing.reset()
    started = time.perf_counter()
    bind = op.get_bind()
    if LEGACY_HASH not in live.columns(bind, "user"):
        op.add_column("user", sa.Column(LEGACY_HASH, sa.String(255), nullable=True))
        _say(f"added column user.{LEGACY_HASH} (bcrypt hashes kept for a rollback)")
    with ensure.outside_transaction():
        bind = op.get_bind()
        result = renormalize_all(bind, normalize_name)
        if result.changed:
            _say(f"re-normalized the names of {result.changed} accounts")
        for collision in (result.collisions or [])[:SHOWN_COLLISIONS]:
            _say(f"WARNING name collision: {collision.describe()}")
        hidden = len(result.collisions or []) - SHOWN_COLLISIONS
        if hidden > 0:
            _say(f"WARNING {hidden} more name collisions: `flask db verify` lists them all")
        _ensure_active_name_index(bind)
    if result.changed or result.collisions:
        label, longest = timing.TIMINGS.longest()
        _say(f"done in {time.perf_counter() - started:.2f}s; longest statement {longest:.2f}s ({label})")


def _ensure_active_name_index(bind: sa.Connection) -> None:
    if ACTIVE_NAME_INDEX in live.index_names(bind, "finance_account"):
        return
    duplicates = bind.execute(
        sa.text(
            "SELECT user_id, normalized_name FROM finance_account WHERE is_active = :t "
            "GROUP BY user_id, normalized_name HAVING COUNT(*) > 1 LIMIT 1"
        ),
        {"t": True},
    ).first()
    if duplicates is not None:  # cannot happen after renormalize_all; said loudly if it does
        _say(f"WARNING {ACTIVE_NAME_INDEX} not created: duplicate active names remain")
        return
    where = ACTIVE_NAME_WHERE[bind.dialect.name]
    concurrently = " CONCURRENTLY" if live.is_postgresql(bind) else ""
    bind.exec_driver_sql(
        f"CREATE UNIQUE INDEX{concurrently} {ACTIVE_NAME_INDEX} "
        f"ON finance_account (user_id, normalized_name) WHERE {where}"
    )
    _say(f"created index {ACTIVE_NAME_INDEX}")


def downgrade() -> None:
    """Put every kept bcrypt hash back; the normalized names stay (valid for either app)."""
    bind = op.get_bind()
    if LEGACY_HASH not in live.columns(bind, "user"):
        return
    quoted = live.quote(bind, "user")
    restored = bind.execute(
        sa.text(
            f"UPDATE {quoted} SET password_hash = {LEGACY_HASH} "
            f"WHERE {LEGACY_HASH} IS NOT NULL AND {LEGACY_HASH} <> ''"
        )
    ).rowcount
    if restored:
        print(f"20261207 downgrade: restored the bcrypt password hash of {restored} users")
    others = bind.execute(sa.text(f"SELECT id, email FROM {quoted} WHERE NOT {BCRYPT} ORDER BY id")).all()
    if others:
        shown = ", ".join(f"{r.id} {r.email}" for r in others[:20])
        more = f" and {len(others) - 20} more" if len(others) > 20 else ""
        print(
            f"20261207 downgrade: WARNING {len(others)} users have no bcrypt hash (password changed "
            f"or account created after the upgrade), the earlier LifeOS cannot check their "
            f"password; they need a password reset there: {shown}{more}"
        )
    with op.batch_alter_table("user") as batch:
        batch.drop_column(LEGACY_HASH)
