"""The full-text index of statement versions: `statement_search`, filled from the versions already projected.

SQLite: an FTS5 table (rowid = the seq that made the version; detail=none, since only whole words are looked up).
PostgreSQL: a table with a `simple` tsvector generated from the words, and a GIN index on it. The words are
folded as events/search.py folds them; this revision carries its own copy of that folding, as it stood.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-01
"""

import re
import unicodedata

import orjson
from alembic import op

revision = "0006"
down_revision = "0004"  # becomes "0005" once that revision is on main
branch_labels = None
depends_on = None

FIELDS = ("position", "quote", "conditions", "speaker", "role", "note", "evidence")
MAX_WORD = 64
ASCII_WORD = re.compile(r"[a-z0-9]+")


def _fold(raw: str) -> list[str]:
    """The words one run of letters, digits and marks stands for: accents dropped, case folded."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", raw) if unicodedata.category(ch)[0] != "M").casefold()
    found, current = [], []
    for ch in plain + " ":
        if unicodedata.category(ch)[0] in "LN":
            current.append(ch)
        elif current:
            found.append("".join(current)[:MAX_WORD])
            current = []
    return found


def _words(text: str) -> list[str]:
    if text.isascii():
        return [w[:MAX_WORD] for w in ASCII_WORD.findall(text.lower())]
    found, run = [], []
    for ch in text + " ":
        if unicodedata.category(ch)[0] in "LNM":
            run.append(ch)
        elif run:
            found.extend(_fold("".join(run)))
            run = []
    return found


def index_words(fields: dict) -> str:
    texts = [fields.get(name) for name in FIELDS] + [(fields.get("source") or {}).get("title")]
    return " ".join(sorted({w for t in texts if t for w in _words(t)}))


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE statement_search USING fts5(words, statement_id UNINDEXED, "
                   "version UNINDEXED, tokenize = 'unicode61 remove_diacritics 0', detail = none)")
        insert = "INSERT INTO statement_search (rowid, statement_id, version, words) VALUES (?, ?, ?, ?)"
    else:
        op.execute("CREATE TABLE statement_search (seq_from BIGINT PRIMARY KEY, statement_id VARCHAR(36) NOT NULL, "
                   "version INTEGER NOT NULL, words TEXT NOT NULL, "
                   "document tsvector GENERATED ALWAYS AS (to_tsvector('simple', words)) STORED)")
        op.execute("CREATE INDEX ix_statement_search ON statement_search USING gin (document)")
        insert = "INSERT INTO statement_search (seq_from, statement_id, version, words) VALUES (%s, %s, %s, %s)"
    batch = []
    for seq, sid, version, content in bind.exec_driver_sql(
            "SELECT seq_from, statement_id, version, content FROM statement_version ORDER BY seq_from").all():
        batch.append((seq, sid, version, index_words(orjson.loads(content))))
    if batch:
        bind.exec_driver_sql(insert, batch)


def downgrade() -> None:
    op.execute("DROP TABLE statement_search")
