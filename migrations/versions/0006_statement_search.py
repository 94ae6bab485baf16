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
down_revision = "0005"
branch_labels = None
depends_on = None

FIELDS = ("position", "quote", "conditions", "speaker", "role", "note", "evidence")
MAX_WORD = 64
ACCENTS = "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed" \
          "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
SCRIPTS = "\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff"
DROP = re.compile(f"[{ACCENTS}]+")
RUN = re.compile(f"[\\w{ACCENTS}{SCRIPTS}]+")
WORD = re.compile(f"[\\w{SCRIPTS}]+")
ASCII_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    if text.isascii():
        return [w[:MAX_WORD] for w in ASCII_WORD.findall(text.lower())]
    runs = "\0".join(RUN.findall(text.replace("_", " ")))
    folded = DROP.sub("", unicodedata.normalize("NFKD", runs)).casefold().replace("_", " ")
    return [w[:MAX_WORD] for w in WORD.findall(folded)]


def index_words(fields: dict) -> str:
    texts = [fields.get(name) for name in FIELDS] + [(fields.get("source") or {}).get("title")]
    return " ".join(sorted({w for t in texts if t for w in _words(t)}))


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE statement_search USING fts5(words, statement_id UNINDEXED, "
                   "version UNINDEXED, tokenize = 'unicode61 remove_diacritics 0', detail = none, columnsize = 0)")
        insert = "INSERT INTO statement_search (rowid, statement_id, version, words) VALUES (?, ?, ?, ?)"
    else:
        op.execute("CREATE TABLE statement_search (seq_from BIGINT PRIMARY KEY, statement_id VARCHAR(36) NOT NULL, "
                   "version INTEGER NOT NULL, words TEXT NOT NULL, "
                   "document tsvector GENERATED ALWAYS AS (to_tsvector('simple', words)) STORED)")
        # fastupdate off: entries go into the index at once, not into a pending list that every query scans and
        # whose cost, after an import, makes the planner prefer reading the whole table.
        op.execute("CREATE INDEX ix_statement_search ON statement_search USING gin (document) WITH (fastupdate = off)")
        insert = "INSERT INTO statement_search (seq_from, statement_id, version, words) VALUES (%s, %s, %s, %s)"
    batch = []
    # Since 0005 a statement's first version keeps its text only in the log (its content is empty there).
    for seq, sid, version, content in bind.exec_driver_sql(
            "SELECT v.seq_from, v.statement_id, v.version, CASE WHEN v.content = '' THEN l.body ELSE v.content END "
            "FROM statement_version v JOIN event_log l ON l.seq = v.seq_from ORDER BY v.seq_from").all():
        batch.append((seq, sid, version, index_words(orjson.loads(content))))
    if batch:
        bind.exec_driver_sql(insert, batch)


def downgrade() -> None:
    op.execute("DROP TABLE statement_search")
