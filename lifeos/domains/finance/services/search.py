"""Account typeahead: prefix matches, then word-start, then substring; busy accounts first.

Three tiers, each one or two LIMITed statements ordered by popularity (use_count desc,
last_used_at desc nulls last, name, id); a tier runs only when the ones before it did not fill
the limit:

1. prefix — `normalized_name` starts with the query;
2. word start — a later word starts with it (`'% sav%'`), not a prefix;
3. substring — anywhere else inside a word.

Dense matches ("sav", "ally" in thousands of names) are answered by a *walk*: the user's busiest
accounts in popularity order (only the WALK_ROWS busiest, bounded by whole use_count groups)
filtered by the tier's condition, LIMITed — no sort of every match. When the walk finds fewer
than needed, matches are sparse and the tier runs over all the user's accounts, where an index
on the name is cheap:

* PostgreSQL: every statement but the last selects ids from indexes; the accounts shown are read
  once, by primary key. The walks are index-only scans of ix_finance_account_user_rank (the
  ranking order itself, covering the filtered columns), so they read index pages, not one heap
  page per account. The prefix tier is one statement (the rank index for common prefixes, the
  varchar_pattern_ops name index otherwise); word start and substring share one walk. A tier
  the walk found some but too few of walks on over the LONG_WALK_ROWS busiest accounts (it
  stops at the LIMIT); a tier it found none of, or still too few, goes to the pg_trgm GIN index
  ix_finance_account_normalized_name_trgm (cheap when matches are rare: it reads every user's
  matches and sorts them).
* SQLite (walks on ix_finance_account_user_usage): prefix walk, else a range on the
  (case-folded) name index; word-start walk, else word start and substring together in one
  pass over the covering partial index with `instr()` (exact, no wildcards).

Results are exactly those of one query per tier over all accounts: a walk only answers when it
found enough matches among accounts more popular than every account it skipped
(tests/api/test_finance_search.py compares with a brute-force ranking).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, case, func, literal, literal_column, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from lifeos.domains.finance.models import Account
from lifeos.domains.finance.naming import normalize_name
from lifeos.platform.database import like_escape

MIN_LIMIT, MAX_LIMIT, DEFAULT_LIMIT = 1, 50, 20
# How many of the user's busiest accounts a walk may read before falling back to an index on
# the name (measured in lifeos/docs/BENCHMARKS.md, "Finance: account search").
WALK_ROWS = 1500
WALK_CAP = 200
# PostgreSQL: a tier the first walk found some matches of, but too few, walks this many before
# the trigram index (which reads every match of every user: 14-22 ms for a word in 2% of names).
LONG_WALK_ROWS = 20_000
AccountQuery = Select[tuple[Account]]
Condition = ColumnElement[Any]


def _popularity() -> list[Condition]:
    return [
        Account.use_count.desc(),
        Account.last_used_at.desc().nulls_last(),
        Account.name.asc(),
        Account.id.asc(),
    ]


def _busiest_floor(user_id: int, rows: int | None = None) -> Condition:
    """use_count above which the user has at most WALK_ROWS accounts (-1: fewer accounts than that).

    Bounding the walk by whole use_count groups (not a row count) keeps it exact: every account
    outside it is less popular than every account inside. Index-only on the usage index.
    """
    nth = (
        select(Account.use_count)
        .where(Account.user_id == user_id)
        .order_by(Account.use_count.desc())
        .offset(WALK_ROWS if rows is None else rows)
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(nth, -1)


def _tiers(needle: str, postgresql: bool) -> tuple[Condition, Condition, Condition]:
    """(prefix, word start, substring) as mutually exclusive conditions for a walk.

    On PostgreSQL they test `normalized_name || ''` so the planner cannot turn the walk into a
    trigram bitmap scan (which would sort every match); SQLite's LIKE is case-insensitive and
    cannot use an index anyway, `instr()` is exact and cheaper.
    """
    if postgresql:
        escaped = like_escape(needle)
        name = Account.normalized_name.op("||")(literal(""))
        prefix = name.like(f"{escaped}%", escape="\\")
        word = name.like(f"% {escaped}%", escape="\\")
        inside = name.like(f"%{escaped}%", escape="\\")
        return prefix, word & ~prefix, inside & ~prefix & ~word
    at = func.instr(Account.normalized_name, needle)
    word_at = func.instr(Account.normalized_name, literal(" " + needle))
    return at == 1, (word_at > 0) & (at != 1), (at > 1) & (word_at == 0)


def _walk(session: Session, base: AccountQuery, user_id: int, cond: Condition, n: int) -> list[Account]:
    stmt = base.where(cond, Account.use_count > _busiest_floor(user_id)).order_by(*_popularity())
    return list(session.scalars(stmt.limit(n)))


def _ranked_ids(user_id: int, *conds: Condition) -> Select[tuple[int, str]]:
    """(id, normalized_name) of the user's active accounts matching `conds`, most popular first.

    PostgreSQL answers this from ix_finance_account_user_rank alone (an index-only scan in
    popularity order that stops at the LIMIT): a walk reads index pages, not one heap page per
    account (users' rows are interleaved in a shared table).
    """
    return (
        select(Account.id, Account.normalized_name)
        .where(Account.user_id == user_id, Account.is_active, *conds)
        .order_by(*_popularity())
    )


def _load(session: Session, ids: list[int]) -> list[Account]:
    """The accounts `ids`, in that order (one primary-key lookup each)."""
    if not ids:
        return []
    by_id = {a.id: a for a in session.scalars(select(Account).where(Account.id.in_(ids)))}
    return [by_id[i] for i in ids]


def _prefix_full(base: AccountQuery, needle: str) -> AccountQuery:
    if ord(needle[-1]) >= 0xD7FF:  # no simple successor (surrogates, the last code point)
        return base.where(func.instr(Account.normalized_name, needle) == 1)
    # A range on the already case-folded column, served by (user_id, normalized_name); SQLite
    # compares text bytewise and UTF-8 preserves code point order.
    upper = needle[:-1] + chr(ord(needle[-1]) + 1)
    return base.where(Account.normalized_name >= needle, Account.normalized_name < upper)


def _rest_postgresql(
    user_id: int, needle: str, word_only: bool = False, inside_only: bool = False
) -> Select[tuple[int]]:
    """Ids of word start / substring matches over all the user's accounts (pg_trgm GIN), ranked."""
    escaped = like_escape(needle)
    prefix = Account.normalized_name.like(f"{escaped}%", escape="\\")
    word_start = Account.normalized_name.like(f"% {escaped}%", escape="\\")
    substring = Account.normalized_name.like(f"%{escaped}%", escape="\\")
    stmt = select(Account.id).where(Account.user_id == user_id, Account.is_active, ~prefix)
    if word_only:
        return stmt.where(word_start).order_by(*_popularity())
    if inside_only:
        return stmt.where(substring, ~word_start).order_by(*_popularity())
    return stmt.where(substring).order_by(case((word_start, 0), else_=1), *_popularity())


def _rest_sqlite(base: AccountQuery, user_id: int, needle: str) -> AccountQuery:
    # Candidate ids from the covering partial index ux_finance_account_user_active_name
    # (user_id, normalized_name) WHERE is_active = 1: SQLite otherwise picks the usage index and
    # reads every whole row (measured 101 ms vs 26 ms for 97,000 accounts).
    name: ColumnElement[str] = literal_column("normalized_name")
    candidates: Select[tuple[Any]] = (
        select(literal_column("id"))
        .select_from(text("finance_account INDEXED BY ux_finance_account_user_active_name"))
        .where(
            literal_column("user_id") == user_id,
            text("is_active = 1"),
            func.instr(name, needle) > 1,  # inside, not a prefix (tier one had those)
        )
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
    if postgresql:
        return _search_postgresql(session, user_id, needle, limit)
    prefix, word, _inside = _tiers(needle, postgresql=False)
    found = _walk(session, base, user_id, prefix, limit)
    if len(found) < limit:
        found = list(session.scalars(_prefix_full(base, needle).order_by(*_popularity()).limit(limit)))
    if len(found) >= limit:
        return found
    want = limit - len(found)
    words = _walk(session, base, user_id, word, want)
    if len(words) < want:  # one pass over the name index answers both remaining tiers
        return found + list(session.scalars(_rest_sqlite(base, user_id, needle).limit(want)))
    return found + words


def _search_postgresql(session: Session, user_id: int, needle: str, limit: int) -> list[Account]:
    """Ids from the indexes first (index-only walks where possible); the accounts are read once."""
    escaped = like_escape(needle)
    prefix = Account.normalized_name.like(f"{escaped}%", escape="\\")
    # The planner picks well here: the rank index for common prefixes, the name index otherwise.
    top = _ranked_ids(user_id, prefix).with_only_columns(Account.id).limit(limit)
    found = list(session.scalars(select(Account).where(Account.id.in_(top)).order_by(*_popularity())))
    want = limit - len(found)
    if want == 0:
        return found
    _prefix, word, inside = _tiers(needle, postgresql=True)
    # One walk over the busiest accounts for both remaining tiers (at most WALK_CAP matches).
    busy = Account.use_count > _busiest_floor(user_id)
    walked = list(session.execute(_ranked_ids(user_id, word | inside, busy).limit(WALK_CAP)))
    if not walked:  # sparse (or no) matches: the trigram index, one statement for both tiers
        return found + _load(session, list(session.scalars(_rest_postgresql(user_id, needle).limit(want))))
    words = [i for i, name in walked if f" {needle}" in name]
    inner = [i for i, name in walked if f" {needle}" not in name]
    if len(words) < want:
        words = _longer_walk(session, user_id, needle, word, bool(words), want, word_only=True)
    words = words[:want]
    want -= len(words)
    if want and len(inner) < want:
        inner = _longer_walk(session, user_id, needle, inside, bool(inner), want, inside_only=True)
    return found + _load(session, words + inner[:want])


def _longer_walk(
    session: Session,
    user_id: int,
    needle: str,
    cond: Condition,
    some: bool,
    want: int,
    word_only: bool = False,
    inside_only: bool = False,
) -> list[int]:
    """A tier the first walk found too few of: when it found some, walk further (index-only,
    stops at `want`); when that is not enough, or it found none, ask the trigram index."""
    if some:
        further = Account.use_count > _busiest_floor(user_id, LONG_WALK_ROWS)
        ids = [i for i, _name in session.execute(_ranked_ids(user_id, cond, further).limit(want))]
        if len(ids) >= want:
            return ids
    rest = _rest_postgresql(user_id, needle, word_only=word_only, inside_only=inside_only)
    return list(session.scalars(rest.limit(want)))
