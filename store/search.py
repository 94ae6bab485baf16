"""The full-text index of statement versions (`statement_search`), kept by the projector, and `search` over it.

One row per version of a statement, keyed by the seq that made the version (seq_from), holding the version's
distinct folded words (events/search.py). SQLite keeps them in an FTS5 table, PostgreSQL in a `simple`
tsvector with a GIN index; both are asked only for the versions that hold every word of the query, and
events/search.py decides the match, the rank and the snippet, so both backends give the same rows. What each
backend does its own way (the key column, the tables, the matching condition) is in its recorder.
"""

import heapq
from collections.abc import Iterator, Sequence
from itertools import zip_longest
from typing import Any

from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, Text, select, text

from events.search import Query, index_words, match, rank
from store.bulk import insert_sql
from store.recorder import recorder_for, recorder_of
from store.schema import event_log, version_fields, version_text
from store.schema import statement_version as sv

TABLE = "statement_search"

# The index as queries see it; its DDL (an FTS5 table on SQLite) is in migrations/versions/0006.
_meta = MetaData()
search_table = Table(TABLE, _meta, Column("statement_id", String(36)), Column("version", Integer),
                     Column("words", Text))


class SearchIndex:
    """The index rows of one batch of the projector, written at its flush."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.rows: list[tuple] = []
        self._insert = insert_sql(conn, TABLE, (recorder_of(conn).search_key, "statement_id", "version", "words"))

    def add(self, seq: int, statement_id: str, version: int, fields: dict[str, Any]) -> None:
        self.rows.append((seq, statement_id, version, index_words(fields)))

    def flush(self) -> None:
        if self.rows:
            self.conn.exec_driver_sql(self._insert, self.rows)
            self.rows = []


def clear(conn: Connection) -> None:
    """Empty the index, for `rebuild` to fill again."""
    conn.exec_driver_sql(f"DELETE FROM {TABLE}")


def search(ledger, query: Query, known: int | None = None, when_end: int | None = None,
           parties: Sequence[str] = (), issues: Sequence[str] = (), limit: int | None = None) -> list[dict[str, Any]]:
    """Statements in force at `known` (and counting as of `when_end`) matching `query`, best match first."""
    from store.positions import topic_filter, valid_at  # not at the top: the projector imports this module

    st = search_table
    ids = event_log.alias("ids")  # an index row names its statement by UUID; versions are keyed by its seq
    recorder = recorder_for(ledger.dialect)
    where = [text(recorder.search_matches(TABLE)), valid_at(sv, known),
             *topic_filter(sv.c.party, sv.c.issue, parties, issues)]
    if when_end is not None:
        where.append(sv.c.period_start < when_end)
    # A first version's text is its log body (revision 0005): the join to the log reads it.
    found = (select(sv.c.statement_id, sv.c.version, sv.c.period_start, sv.c.stmt_seq,
                    version_text(sv.c.content, event_log.c.body))
             .select_from(st.join(ids, ids.c.id == st.c.statement_id)
                          .join(sv, (sv.c.stmt_seq == ids.c.seq) & (sv.c.version == st.c.version))
                          .join(event_log, event_log.c.seq == sv.c.seq_from))
             .where(*where))
    # Rows are streamed and ranked one by one, and only the best `limit` are kept, with their snippets made last:
    # what the search holds follows what it prints, whatever the number of statements that match.
    with ledger.reader() as conn:
        rows = conn.execution_options(yield_per=2000).execute(found, {"match": recorder.search_words(query.all_words)})
        ranked = _ranked(query, rows)
        best = heapq.nsmallest(limit, ranked, key=_order) if limit is not None else sorted(ranked, key=_order)
    return [_row(sid, fields, match(query, fields)) for *_, sid, fields in best]


def _ranked(query: Query, rows) -> Iterator[tuple]:
    """(rank, period_start, stmt_seq, statement_id, fields) of each row that matches the query."""
    for sid, _version, period_start, stmt_seq, content in rows:
        fields = version_fields(content)
        r = rank(query, fields)
        if r is not None:
            yield r, period_start, stmt_seq, sid, fields


def _order(item: tuple) -> tuple:
    """Best match first; on a tie, the earlier statement (its period, then its seq), as every search has it."""
    r, period_start, stmt_seq = item[:3]
    return -r, period_start, stmt_seq


def _row(statement_id: str, fields: dict[str, Any], m) -> dict[str, Any]:
    from store.positions import statement_row

    row = statement_row(statement_id, fields)
    first = {k: row.pop(k) for k in ("statement_id", "stated_on", "party", "issue", "stance", "position")}
    return {**first, "snippet": m.snippet, "rank": m.rank, **row}


def first_difference(conn: Connection) -> int | None:
    """The first seq whose statement version and index row disagree (None: the index matches the versions)."""
    key = recorder_of(conn).search_key
    streamed = conn.execution_options(yield_per=5000)
    versions = streamed.execute(select(sv.c.seq_from, sv.c.statement_id, sv.c.version,
                                       version_text(sv.c.content, event_log.c.body))
                                .join_from(sv, event_log, event_log.c.seq == sv.c.seq_from).order_by(sv.c.seq_from))
    index = streamed.exec_driver_sql(f"SELECT {key}, statement_id, version, words FROM {TABLE} ORDER BY {key}")
    expected = ((seq, sid, version, index_words(version_fields(content))) for seq, sid, version, content in versions)
    for want, have in zip_longest(expected, index):
        if want is None or have is None or tuple(want) != tuple(have):
            return (want or have)[0]
    return None
