"""Full-text search of journal entries through the database's own full-text index, and the
highlighted snippet of each hit.

A query is split into *words* (text in scripts that separate words with spaces) and *runs* of
characters from scripts written without spaces (Chinese, Japanese, Korean, Thai…; see
`text.NO_SPACE_SCRIPTS`). Every word must occur as a whole word (any case); every run must occur
as a substring.

PostgreSQL: `journal_entry.search_vector` (a generated tsvector, GIN-indexed) holds the words of
title and body and each no-space character as its own lexeme. The words and the characters of
the runs go into one `plainto_tsquery` (all must occur: the index finds the candidates); a run of
two or more characters is then checked as a substring (`LIKE`) on those candidates only.

SQLite: words are an FTS5 query on `journal_entry_fts` (unicode61); runs of three or more
characters an FTS5 query on `journal_entry_fts_trigram` (substring match through trigrams);
runs of one or two characters cannot use trigrams and are a `LIKE` over the user's entries
(bench/journal_search.py measures both).

Results come newest first, which no full-text index can order. So a page is looked for first among
the newest `RECENT_WINDOW` entries (cheap whatever the word: a common word fills the page there),
and only when that is not enough among the older ones, driven by the index (then the word is rare
in the recent entries, so the index lists few). See `entries._search`.

Both tables are maintained by the database (generated column; triggers), so a change is
searchable as soon as it commits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import ColumnElement, TextClause, and_, func, literal, text

from lifeos.domains.journal.models import JournalEntry
from lifeos.domains.journal.text import NO_SPACE_SCRIPTS, excerpt, highlight, normalize, plain_text
from lifeos.platform.database import like_escape

_RUN = re.compile(f"[{NO_SPACE_SCRIPTS}]+")
_WORD_CHARS = re.compile(r"[^\W_]+")
TRIGRAM = 3


@dataclass(frozen=True)
class SearchTerms:
    """What a query asks for: whole `words` (as typed) and substring `runs`."""

    words: tuple[str, ...]
    runs: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.words and not self.runs

    @property
    def tokens(self) -> tuple[str, ...]:
        """The letters-and-digits pieces of the words (what a highlight marks)."""
        return tuple(token for word in self.words for token in _WORD_CHARS.findall(word))


def parse_query(q: str) -> SearchTerms:
    """Split a query into words and no-space runs (NFC; punctuation-only pieces dropped)."""
    q = normalize(q)
    runs = tuple(dict.fromkeys(_RUN.findall(q)))
    rest = _RUN.sub(" ", q)
    words = tuple(dict.fromkeys(w for w in rest.split() if _WORD_CHARS.search(w)))
    return SearchTerms(words, runs)


def _document() -> ColumnElement[str]:
    """Title and body as one text, the way the indexes see them."""
    return func.coalesce(JournalEntry.title, literal("")) + literal(" ") + JournalEntry.body


def _run_like(run: str) -> ColumnElement[bool]:
    return _document().like(f"%{like_escape(run)}%", escape="\\")


def _fts5_string(text_: str) -> str:
    """An FTS5 string literal: everything inside is text to tokenize, never query syntax."""
    return '"' + text_.replace('"', '""') + '"'


# The two FTS5 tables (revision 20261128_journal_search), driving the query or probed per row.
_SQLITE_DRIVE = {
    "words": (
        "journal_entry.id IN (SELECT rowid FROM journal_entry_fts "
        "WHERE journal_entry_fts MATCH :journal_words)"
    ),
    "runs": (
        "journal_entry.id IN (SELECT rowid FROM journal_entry_fts_trigram "
        "WHERE journal_entry_fts_trigram MATCH :journal_runs)"
    ),
}
_SQLITE_PROBE = {
    "words": (
        "EXISTS (SELECT 1 FROM journal_entry_fts WHERE journal_entry_fts MATCH :journal_words "
        "AND journal_entry_fts.rowid = journal_entry.id)"
    ),
    "runs": (
        "EXISTS (SELECT 1 FROM journal_entry_fts_trigram WHERE journal_entry_fts_trigram MATCH :journal_runs "
        "AND journal_entry_fts_trigram.rowid = journal_entry.id)"
    ),
}


def condition(dialect: str, terms: SearchTerms, *, probe: bool = False) -> ColumnElement[bool]:
    """The WHERE condition that selects entries matching every term (terms must not be empty).

    By default the full-text index drives: it lists the matching entries (SQLite:
    `id IN (SELECT rowid …)`; PostgreSQL: the GIN index). With `probe`, for walking a bounded run
    of entries newest first, SQLite looks each candidate up in the index instead
    (`EXISTS (… AND rowid = journal_entry.id)`), which stops as soon as a page is full; on
    PostgreSQL the planner combines the GIN index with the date range by itself.
    """
    parts: list[ColumnElement[bool] | TextClause] = []
    if dialect == "postgresql":
        spaced = " ".join([*terms.words, *(" ".join(run) for run in terms.runs)])
        parts.append(
            text(
                "journal_entry.search_vector @@ plainto_tsquery('simple'::regconfig, :journal_tsquery)"
            ).bindparams(journal_tsquery=spaced)
        )
        parts += [_run_like(run) for run in terms.runs if len(run) > 1]
        return and_(*parts)
    long_runs = [run for run in terms.runs if len(run) >= TRIGRAM]
    for kind, phrases in (("words", terms.words), ("runs", long_runs)):
        if phrases:
            sql = _SQLITE_PROBE[kind] if probe else _SQLITE_DRIVE[kind]
            query = " ".join(_fts5_string(p) for p in phrases)
            parts.append(text(sql).bindparams(**{f"journal_{kind}": query}))
    parts += [_run_like(run) for run in terms.runs if len(run) < TRIGRAM]
    return and_(*parts)


@lru_cache(maxsize=64)
def _pattern(terms: SearchTerms) -> re.Pattern[str] | None:
    alternatives = []
    tokens = sorted(set(terms.tokens), key=len, reverse=True)
    if tokens:
        words = "|".join(re.escape(t) for t in tokens)
        alternatives.append(rf"(?<![^\W_])(?:{words})(?![^\W_])")
    if terms.runs:
        alternatives.append("|".join(re.escape(r) for r in sorted(terms.runs, key=len, reverse=True)))
    return re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None


SNIPPET_CONTEXT = 400  # characters of Markdown kept on each side of the first match


def snippet(entry: JournalEntry, terms: SearchTerms) -> str | None:
    """HTML: a piece of the body (or the title) around the first match, matches in `<mark>`."""
    body = entry.body or ""
    pattern = _pattern(terms)
    if pattern is not None:
        hit = pattern.search(body)
        if hit is not None:  # only the Markdown around the match is turned into text
            start, end = max(0, hit.start() - SNIPPET_CONTEXT), hit.end() + SNIPPET_CONTEXT
            found = highlight(plain_text(body[start:end]), pattern)
            if found is not None:
                head = "…" if start > 0 and not found.startswith("…") else ""
                tail = "…" if end < len(body) and not found.endswith("…") else ""
                return head + found + tail
        for source in (plain_text(body), entry.title or ""):
            found = highlight(source, pattern)
            if found is not None:
                return found
    text_ = plain_text(body)
    return excerpt(text_) if text_ else None
