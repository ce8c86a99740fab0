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

import functools
from typing import Any, NamedTuple

from sqlalchemy import Integer, Select, String, bindparam, case, func, literal, literal_column, select, text
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
IdQuery = Select[tuple[int]]
RankedQuery = Select[tuple[int, str]]
Condition = ColumnElement[Any]

# Every statement is built once, from these parameters; a search only binds values. A typeahead
# runs on every keystroke, and building a statement (and its cache key) cost more than running it.
USER, N, WALK = (bindparam(k, type_=Integer) for k in ("user_id", "n", "walk_rows"))
NEEDLE, WORD, LOW, HIGH = (bindparam(k, type_=String) for k in ("needle", "word", "low", "high"))
PREFIX_LIKE, WORD_LIKE, INSIDE_LIKE = (bindparam(k, type_=String) for k in ("prefix", "word_at", "inside"))


def _popularity() -> list[Condition]:
    return [
        Account.use_count.desc(),
        Account.last_used_at.desc().nulls_last(),
        Account.name.asc(),
        Account.id.asc(),
    ]


def _busiest_floor() -> Condition:
    """use_count above which the user has at most `walk_rows` accounts (-1: fewer than that).

    Bounding the walk by whole use_count groups (not a row count) keeps it exact: every account
    outside it is less popular than every account inside. Index-only on the usage index.
    """
    nth = (
        select(Account.use_count)
        .where(Account.user_id == USER)
        .order_by(Account.use_count.desc())
        .offset(WALK)
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(nth, -1)


def _params(user_id: int, needle: str, n: int, walk_rows: int) -> dict[str, Any]:
    escaped = like_escape(needle)
    # SQLite's prefix range: the needle's successor, when it has a simple one (not for
    # surrogates and the last code point); SQLite compares text bytewise and UTF-8 preserves
    # code point order.
    high = needle[:-1] + chr(ord(needle[-1]) + 1) if ord(needle[-1]) < 0xD7FF else needle
    return {
        "user_id": user_id,
        "n": n,
        "walk_rows": walk_rows,
        "needle": needle,
        "word": " " + needle,
        "low": needle,
        "high": high,
        "prefix": f"{escaped}%",
        "word_at": f"% {escaped}%",
        "inside": f"%{escaped}%",
    }


# ---------------------------------------------------------------------------------- SQLite


class _SqliteStatements(NamedTuple):
    walk_prefix: AccountQuery
    prefix_range: AccountQuery
    prefix_instr: AccountQuery
    walk_word: AccountQuery
    rest: AccountQuery


@functools.cache
def _sqlite() -> _SqliteStatements:
    """instr() is exact and cheaper than SQLite's case-insensitive LIKE, which no index serves."""
    base = _active()
    at = func.instr(Account.normalized_name, NEEDLE)
    word_at = func.instr(Account.normalized_name, WORD)
    busy = Account.use_count > _busiest_floor()
    # Candidate ids from the covering partial index ux_finance_account_user_active_name
    # (user_id, normalized_name) WHERE is_active = 1: SQLite otherwise picks the usage index and
    # reads every whole row (measured 101 ms vs 26 ms for 97,000 accounts).
    name: ColumnElement[str] = literal_column("normalized_name")
    candidates: Select[tuple[Any]] = (
        select(literal_column("id"))
        .select_from(text("finance_account INDEXED BY ux_finance_account_user_active_name"))
        .where(
            literal_column("user_id") == USER,
            text("is_active = 1"),
            func.instr(name, NEEDLE) > 1,  # inside, not a prefix (tier one had those)
        )
    )
    ranked = _popularity()
    return _SqliteStatements(
        walk_prefix=base.where(at == 1, busy).order_by(*ranked).limit(N),
        # A range on the already case-folded column, served by (user_id, normalized_name).
        prefix_range=base.where(Account.normalized_name >= LOW, Account.normalized_name < HIGH)
        .order_by(*ranked)
        .limit(N),
        prefix_instr=base.where(at == 1).order_by(*ranked).limit(N),
        walk_word=base.where(word_at > 0, at != 1, busy).order_by(*ranked).limit(N),
        rest=base.where(Account.id.in_(candidates))
        .order_by(case((word_at > 0, 0), else_=1), *ranked)
        .limit(N),
    )


def _search_sqlite(session: Session, user_id: int, needle: str, limit: int) -> list[Account]:
    st = _sqlite()
    params = _params(user_id, needle, limit, WALK_ROWS)
    found = list(session.scalars(st.walk_prefix, params))
    if len(found) < limit:
        full = st.prefix_range if params["high"] != needle else st.prefix_instr
        found = list(session.scalars(full, params))
    if len(found) >= limit:
        return found
    want = limit - len(found)
    params["n"] = want
    words = list(session.scalars(st.walk_word, params))
    if len(words) < want:  # one pass over the name index answers both remaining tiers
        return found + list(session.scalars(st.rest, params))
    return found + words


# ------------------------------------------------------------------------------ PostgreSQL


class _PgStatements(NamedTuple):
    prefix: AccountQuery
    walk: RankedQuery
    walk_word: RankedQuery
    walk_inside: RankedQuery
    rest: IdQuery
    rest_word: IdQuery
    rest_inside: IdQuery
    load: AccountQuery


def _ranked_ids(*conds: Condition) -> RankedQuery:
    """(id, normalized_name) of the user's active accounts matching `conds`, most popular first.

    PostgreSQL answers this from ix_finance_account_user_rank alone (an index-only scan in
    popularity order that stops at the LIMIT): a walk reads index pages, not one heap page per
    account (users' rows are interleaved in a shared table).
    """
    return (
        select(Account.id, Account.normalized_name)
        .where(Account.user_id == USER, Account.is_active, *conds)
        .order_by(*_popularity())
        .limit(N)
    )


@functools.cache
def _postgresql() -> _PgStatements:
    # The walks test `normalized_name || ''` so the planner cannot turn them into a trigram
    # bitmap scan (which would sort every match); the fallbacks test the column itself, which
    # the pg_trgm GIN index serves.
    walked = Account.normalized_name.op("||")(literal(""))
    w_prefix = walked.like(PREFIX_LIKE, escape="\\")
    w_word = walked.like(WORD_LIKE, escape="\\") & ~w_prefix
    w_inside = walked.like(INSIDE_LIKE, escape="\\") & ~w_prefix & ~w_word
    busy = Account.use_count > _busiest_floor()

    prefix = Account.normalized_name.like(PREFIX_LIKE, escape="\\")
    word = Account.normalized_name.like(WORD_LIKE, escape="\\")
    inside = Account.normalized_name.like(INSIDE_LIKE, escape="\\")
    rest = select(Account.id).where(Account.user_id == USER, Account.is_active, ~prefix).limit(N)
    ranked = _popularity()
    # The planner picks well for the prefix: the rank index for common ones, the name index otherwise.
    top = _ranked_ids(prefix).with_only_columns(Account.id)
    return _PgStatements(
        prefix=select(Account).where(Account.id.in_(top)).order_by(*ranked),
        walk=_ranked_ids(w_word | w_inside, busy),
        walk_word=_ranked_ids(w_word, busy),
        walk_inside=_ranked_ids(w_inside, busy),
        rest=rest.where(inside).order_by(case((word, 0), else_=1), *ranked),
        rest_word=rest.where(word).order_by(*ranked),
        rest_inside=rest.where(inside, ~word).order_by(*ranked),
        load=select(Account).where(Account.id.in_(bindparam("ids", expanding=True))),
    )


def _search_postgresql(session: Session, user_id: int, needle: str, limit: int) -> list[Account]:
    """Ids from the indexes first (index-only walks where possible); the accounts are read once."""
    st = _postgresql()
    params = _params(user_id, needle, limit, WALK_ROWS)
    found = list(session.scalars(st.prefix, params))
    want = limit - len(found)
    if want == 0:
        return found
    # One walk over the busiest accounts for both remaining tiers (at most WALK_CAP matches).
    walked = list(session.execute(st.walk, {**params, "n": WALK_CAP}))
    params["n"] = want
    if not walked:  # sparse (or no) matches: the trigram index, one statement for both tiers
        return found + _load(session, list(session.scalars(st.rest, params)))
    words = [i for i, name in walked if f" {needle}" in name]
    inner = [i for i, name in walked if f" {needle}" not in name]
    if len(words) < want:
        words = _longer_walk(session, params, st.walk_word, st.rest_word, some=bool(words))
    words = words[:want]
    want -= len(words)
    params["n"] = want
    if want and len(inner) < want:
        inner = _longer_walk(session, params, st.walk_inside, st.rest_inside, some=bool(inner))
    return found + _load(session, words + inner[:want])


def _longer_walk(
    session: Session, params: dict[str, Any], walk: RankedQuery, rest: IdQuery, some: bool
) -> list[int]:
    """A tier the first walk found too few of: when it found some, walk further (index-only,
    stops at `n`); when that is not enough, or it found none, ask the trigram index."""
    if some:
        ids = [i for i, _name in session.execute(walk, {**params, "walk_rows": LONG_WALK_ROWS})]
        if len(ids) >= params["n"]:
            return ids
    return list(session.scalars(rest, params))


def _load(session: Session, ids: list[int]) -> list[Account]:
    """The accounts `ids`, in that order (one primary-key lookup each)."""
    if not ids:
        return []
    by_id = {a.id: a for a in session.scalars(_postgresql().load, {"ids": ids})}
    return [by_id[i] for i in ids]


# --------------------------------------------------------------------------------- the search


def _active() -> AccountQuery:
    return select(Account).where(Account.user_id == USER, Account.is_active.is_(True))


@functools.cache
def _most_used() -> AccountQuery:
    return _active().order_by(*_popularity()).limit(N)


def search_accounts(
    session: Session, user_id: int, q: str | None, limit: int = DEFAULT_LIMIT
) -> list[Account]:
    """The user's active accounts matching `q`, best first, at most `limit` of them."""
    if not MIN_LIMIT <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between {MIN_LIMIT} and {MAX_LIMIT}")
    needle = normalize_name(q or "")
    if not needle:
        return list(session.scalars(_most_used(), {"user_id": user_id, "n": limit}))
    if session.get_bind().dialect.name == "postgresql":
        return _search_postgresql(session, user_id, needle, limit)
    return _search_sqlite(session, user_id, needle, limit)
