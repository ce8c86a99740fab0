"""Journal: full-text search index (PostgreSQL GIN, SQLite FTS5) and what the journal API needs.

PostgreSQL
  * `journal_entry.search_vector`: a STORED generated `tsvector` of title and body
    (`'simple'` configuration: lower-cased words, no stemming, no stop words, the same on every
    language). Characters of the scripts written without spaces (Han, kana, Hangul, Thai, Lao,
    Khmer, Myanmar) are spaced out first, so each is its own lexeme and a Chinese or Japanese
    query finds its characters through the index (the API then checks they are adjacent).
    Adding the column computes it for every existing row: that is the backfill. It rewrites
    the table once (an ACCESS EXCLUSIVE lock for as long as that takes — seconds for a journal).
  * `ix_journal_entry_search_vector`: GIN on that column, built CONCURRENTLY (an index left
    INVALID by an interrupted build is dropped and built again).

SQLite
  * `journal_entry_fts`: FTS5, external content (`content='journal_entry'`, rowid = id), the
    `unicode61` tokenizer without diacritic folding (as PostgreSQL's 'simple' configuration);
    word search.
  * `journal_entry_fts_trigram`: FTS5, external content, the `trigram` tokenizer; substring
    search for queries in scripts without spaces (unicode61 keeps a whole run of Chinese or
    Japanese as one token). Queries of one or two such characters use LIKE instead (trigrams
    need three).
  * Triggers `journal_entry_fts_ai/_ad/_au` keep both in step with INSERT, DELETE and UPDATE
    of id/title/body; both are rebuilt from journal_entry when created (the backfill).

Every step inspects the live schema first, so running upgrade() again does nothing. The
models do not describe these objects; lifeos/migrations/env_filters.py leaves them out of the
schema comparison. Downgrade drops them; they hold nothing but what journal_entry holds.

Revision ID: 20261128_journal_search
Revises: 20251218_backend_updates_validation
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from lifeos.migrations.helpers.live_schema import pg_index_state

revision = "20261128_journal_search"
down_revision = "20251218_backend_updates_validation"
branch_labels = None
depends_on = None

TABLE = "journal_entry"
PG_COLUMN = "search_vector"
PG_INDEX = "ix_journal_entry_search_vector"
FTS_WORDS = "journal_entry_fts"
FTS_TRIGRAM = "journal_entry_fts_trigram"
TRIGGERS = ("journal_entry_fts_ai", "journal_entry_fts_ad", "journal_entry_fts_au")

# Scripts written without spaces between words (frozen copy of
# lifeos.domains.journal.text.NO_SPACE_SCRIPTS; a test checks the two are equal).
NO_SPACE_SCRIPTS = (
    "\u0e00-\u0eff"  # Thai, Lao
    "\u1000-\u109f"  # Myanmar
    "\u1100-\u11ff"  # Hangul Jamo
    "\u1780-\u17ff"  # Khmer
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3130-\u318f"  # Hangul compatibility Jamo
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uff9f"  # half-width Katakana
    "\U00020000-\U0003134f"  # CJK extensions B-G
)

PG_VECTOR_SQL = (
    "to_tsvector('simple'::regconfig, regexp_replace("
    "coalesce(title, '') || ' ' || coalesce(body, ''), "
    f"'([{NO_SPACE_SCRIPTS}])', ' \\1 ', 'g'))"
)


def _say(message: str) -> None:
    print(f"journal search: {message}")


# ------------------------------------------------------------------------------------ PostgreSQL


def _upgrade_postgresql(bind: sa.Connection) -> None:
    columns = {c["name"] for c in sa.inspect(bind).get_columns(TABLE)}
    if PG_COLUMN not in columns:
        op.execute(
            f"ALTER TABLE {TABLE} ADD COLUMN {PG_COLUMN} tsvector "
            f"GENERATED ALWAYS AS ({PG_VECTOR_SQL}) STORED"
        )
        _say(f"added {TABLE}.{PG_COLUMN} (computed for every existing row)")
    state = pg_index_state(bind, PG_INDEX)
    if state is True:
        return
    with op.get_context().autocommit_block():
        if state is False:
            op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {PG_INDEX}")
            _say(f"dropped invalid index {PG_INDEX}")
        op.execute(f"CREATE INDEX CONCURRENTLY {PG_INDEX} ON {TABLE} USING gin ({PG_COLUMN})")
    _say(f"created GIN index {PG_INDEX}")


def _downgrade_postgresql(bind: sa.Connection) -> None:
    op.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
    op.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {PG_COLUMN}")


# ---------------------------------------------------------------------------------------- SQLite


def _sqlite_triggers() -> dict[str, str]:
    def insert(table: str) -> str:
        return f"INSERT INTO {table} (rowid, title, body) VALUES (new.id, new.title, new.body);"

    def delete(table: str) -> str:
        return (
            f"INSERT INTO {table} ({table}, rowid, title, body) "
            f"VALUES ('delete', old.id, old.title, old.body);"
        )

    tables = (FTS_WORDS, FTS_TRIGRAM)
    return {
        "journal_entry_fts_ai": (
            f"CREATE TRIGGER journal_entry_fts_ai AFTER INSERT ON {TABLE} BEGIN "
            + " ".join(insert(t) for t in tables)
            + " END"
        ),
        "journal_entry_fts_ad": (
            f"CREATE TRIGGER journal_entry_fts_ad AFTER DELETE ON {TABLE} BEGIN "
            + " ".join(delete(t) for t in tables)
            + " END"
        ),
        "journal_entry_fts_au": (
            f"CREATE TRIGGER journal_entry_fts_au AFTER UPDATE OF id, title, body ON {TABLE} BEGIN "
            + " ".join(delete(t) for t in tables)
            + " "
            + " ".join(insert(t) for t in tables)
            + " END"
        ),
    }


def _sqlite_objects(bind: sa.Connection) -> set[str]:
    rows = bind.execute(sa.text("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')"))
    return {row[0] for row in rows}


def _upgrade_sqlite(bind: sa.Connection) -> None:
    present = _sqlite_objects(bind)
    created = False
    tokenizers = {FTS_WORDS: "unicode61 remove_diacritics 0", FTS_TRIGRAM: "trigram"}
    for table, tokenizer in tokenizers.items():
        if table in present:
            continue
        op.execute(
            f"CREATE VIRTUAL TABLE {table} USING fts5(title, body, content='{TABLE}', "
            f"content_rowid='id', tokenize='{tokenizer}')"
        )
        _say(f"created FTS5 table {table} ({tokenizer})")
        created = True
    for name, ddl in _sqlite_triggers().items():
        if name not in present:
            op.execute(ddl)
            _say(f"created trigger {name}")
            created = True
    if created:
        # External-content tables index nothing by themselves: fill them from journal_entry.
        for table in tokenizers:
            op.execute(f"INSERT INTO {table} ({table}) VALUES ('rebuild')")
        count = bind.execute(sa.text(f"SELECT COUNT(*) FROM {TABLE}")).scalar_one()
        _say(f"indexed {count} existing entries")


def _downgrade_sqlite(bind: sa.Connection) -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for table in (FTS_TRIGRAM, FTS_WORDS):
        op.execute(f"DROP TABLE IF EXISTS {table}")


# -------------------------------------------------------------------------------------------------


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        _upgrade_postgresql(bind)
    elif bind.dialect.name == "sqlite":
        _upgrade_sqlite(bind)
    else:  # pragma: no cover - the app supports these two
        raise NotImplementedError(f"journal search: unsupported database {bind.dialect.name}")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        _downgrade_postgresql(bind)
    elif bind.dialect.name == "sqlite":
        _downgrade_sqlite(bind)
    else:  # pragma: no cover
        raise NotImplementedError(f"journal search: unsupported database {bind.dialect.name}")
