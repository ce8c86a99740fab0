"""Account typeahead: prefix matches, then word-start, then substring; busy accounts first.

The prefix tier is one LIMITed statement on (user_id, normalized_name); the word-start/substring
tier runs only when prefixes did not fill the limit:

* PostgreSQL: prefix `LIKE 'sav%'` on the varchar_pattern_ops index; second tier `LIKE '%sav%'`
  served by the pg_trgm GIN index ix_finance_account_normalized_name_trgm (3+ characters).
* SQLite: prefix `LIKE` over the user's rows in usage order (stops at `limit` hits); the second
  tier finds candidate ids with `instr()` (exact, no wildcards) and reads only the matching rows.
"""

from __future__ import annotations

from sqlalchemy import Select, case, func, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from lifeos.domains.finance.models import Account
from lifeos.domains.finance.naming import normalize_name

MIN_LIMIT, MAX_LIMIT, DEFAULT_LIMIT = 1, 50, 20


def like_escape(text: str) -> str:
    """Escape LIKE wildcards so `%`, `_` and `\\` match themselves (with ESCAPE '\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _popularity() -> list[ColumnElement]:
    return [Account.use_count.desc(), Account.last_used_at.desc().nulls_last(), Account.name, Account.id]


def _rest_postgresql(base: Select, needle: str) -> Select:
    escaped = like_escape(needle)
    prefix = Account.normalized_name.like(f"{escaped}%", escape="\\")
    word_start = Account.normalized_name.like(f"% {escaped}%", escape="\\")
    substring = Account.normalized_name.like(f"%{escaped}%", escape="\\")
    return base.where(substring, ~prefix).order_by(case((word_start, 0), else_=1), *_popularity())


def _rest_sqlite(base: Select, user_id: int, needle: str) -> Select:
    # `is_active = 1` (not IS 1) matches the partial unique index's WHERE, so SQLite reads the
    # candidates' names from that covering index instead of the whole rows.
    candidates = select(Account.id).where(
        Account.user_id == user_id,
        Account.is_active == True,  # noqa: E712
        func.instr(Account.normalized_name, needle) > 1,  # inside, not a prefix (tier one had those)
    )
    word_start = func.instr(Account.normalized_name, literal(" " + needle)) > 0
    return base.where(Account.id.in_(candidates)).order_by(case((word_start, 0), else_=1), *_popularity())


def search_accounts(
    session: Session, user_id: int, q: str | None, limit: int = DEFAULT_LIMIT
) -> list[Account]:
    """The user's active accounts matching `q`, best first, at most `limit` of them."""
    if not MIN_LIMIT <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between {MIN_LIMIT} and {MAX_LIMIT}")
    base = select(Account).where(Account.user_id == user_id, Account.is_active.is_(True))
    needle = normalize_name(q or "")
    if not needle:
        return list(session.scalars(base.order_by(*_popularity()).limit(limit)))

    postgresql = session.get_bind().dialect.name == "postgresql"
    # Also LIKE on SQLite: a range (`>= 'sav' AND < 'saw'`) is index-served there, but measured
    # slower at 100,000 accounts (it sorts every match; LIKE walks the usage index and stops at
    # `limit` hits) — see lifeos/docs/BENCHMARKS.md.
    prefix = Account.normalized_name.like(f"{like_escape(needle)}%", escape="\\")
    found = list(session.scalars(base.where(prefix).order_by(*_popularity()).limit(limit)))
    if len(found) >= limit:
        return found
    rest = _rest_postgresql(base, needle) if postgresql else _rest_sqlite(base, user_id, needle)
    return found + list(session.scalars(rest.limit(limit - len(found))))
