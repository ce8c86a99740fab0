"""Account typeahead: prefix matches, then word-start, then substring; busy accounts first.

The prefix tier is one LIMITed range scan of (user_id, normalized_name varchar_pattern_ops);
the slower word-start/substring tier runs only when prefixes did not fill the limit.
"""

from __future__ import annotations

from sqlalchemy import case, select
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

    escaped = like_escape(needle)
    prefix = Account.normalized_name.like(f"{escaped}%", escape="\\")
    found = list(session.scalars(base.where(prefix).order_by(*_popularity()).limit(limit)))
    if len(found) >= limit:
        return found

    word_start = Account.normalized_name.like(f"% {escaped}%", escape="\\")
    substring = Account.normalized_name.like(f"%{escaped}%", escape="\\")
    tier = case((word_start, 0), else_=1)
    rest = session.scalars(
        base.where(substring, ~prefix).order_by(tier, *_popularity()).limit(limit - len(found))
    )
    return found + list(rest)
