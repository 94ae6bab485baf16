"""The SQLite recorder: everything the store does its own way on SQLite (see store/recorder.py).

SQLite runs in WAL mode with a busy timeout, and its transactions are begun by us so that a writer can take
the write lock first (BEGIN IMMEDIATE): seq and the hash chain are then computed under that lock.
"""

import sqlite3
import time
from pathlib import Path

from sqlalchemy import Column, Connection, Engine, MetaData, Table, create_engine, event, literal_column, select

from store.recorder import Recorder, key_of
from store.schema import event_log, version_text

BUSY_CODES = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


class SQLiteRecorder(Recorder):
    name = "sqlite"
    mark = "?"

    def make_engine(self, url, read_only: bool = False) -> Engine:
        from store.engine import BUSY_TIMEOUT_S, READERS

        if read_only:
            url = _read_only(url)
        # The connection is kept between transactions, and with it SQLite's page cache: a process that queries
        # again finds the pages of the last query in memory instead of reading them from the file. (end_writer
        # does not keep a writer's: see there.) A read-only store serves concurrent requests (`serve`): each keeps
        # its connection and its page cache, instead of an overflow connection opened and closed per request;
        # the pool hands out the connection returned last (LIFO), the one whose cache and prepared statements are
        # warm, so a quiet moment's requests all go to one connection instead of taking turns round all of them.
        engine = create_engine(url, pool_size=READERS if read_only else 1, max_overflow=4, pool_use_lifo=True,
                               connect_args={"timeout": BUSY_TIMEOUT_S})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection, _record):
            dbapi_connection.isolation_level = None  # the driver must not open transactions on its own
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            if not read_only:  # a read-only connection may not change the journal mode; stores are WAL already
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB, bounded: a big import's indexes stay in memory
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(conn):
            mode = "IMMEDIATE" if conn.get_execution_options().get("stance_writer") else "DEFERRED"
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine

    def end_writer(self, conn: Connection) -> None:
        # Not kept for the next transaction: SQLite has no queue for its write lock, and a process appending in a
        # loop on a kept connection takes the lock again before the other writers' busy handlers wake, so writers
        # would go one after another instead of taking turns. Opening a connection per write transaction leaves
        # them the gap; reads keep theirs, and its cache.
        conn.invalidate()

    def lock_and_clock(self, conn: Connection) -> int:
        return time.time_ns() // 1000  # the transaction began IMMEDIATE: the write lock is ours already

    def last_per_topic(self, topic: Table, versions, counting: list, newest_first: tuple):
        """SQLite has no LATERAL: a correlated subquery picks each topic's version by rowid and the row is fetched
        by it, which spares a second look-up by statement id (a seek in an index of random UUIDs)."""
        latest = versions.alias("latest")
        last_rowid = (select(literal_column("latest.rowid")).where(*counting(latest))
                      .order_by(*newest_first(latest)).limit(1).scalar_subquery())
        return (select(versions.c.statement_id, versions.c.version, version_text(versions.c.content, event_log.c.body))
                .select_from(topic.join(versions, literal_column(f"{versions.name}.rowid") == last_rowid)
                             .join(event_log, event_log.c.seq == versions.c.seq_from)))

    # SQLite has no TRUNCATE: DELETE without WHERE fires the DELETE trigger.
    def create_guards(self, table: str, operations: tuple[str, ...]) -> list[str]:
        return [
            f"CREATE TRIGGER {table}_refuse_{op.lower()} BEFORE {op} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, 'stancelog: {op} on {table} is refused: the record is append-only'); END"
            for op in operations if op != "TRUNCATE"
        ]

    def drop_guards(self, table: str, operations: tuple[str, ...]) -> list[str]:
        return [f"DROP TRIGGER {table}_refuse_{op.lower()}" for op in operations if op != "TRUNCATE"]

    def trigger_names(self, table: str, operations: tuple[str, ...]) -> list[str]:
        return [f"{table}_refuse_{op.lower()}" for op in operations if op != "TRUNCATE"]

    def extra_triggers(self) -> set[str]:
        from store.guards import REPLACE_GUARDED_AT_HEAD

        return {f"{table}_refuse_replace" for table in REPLACE_GUARDED_AT_HEAD}

    def present_triggers_sql(self) -> str:
        return "SELECT name FROM sqlite_master WHERE type = 'trigger'"

    def scratch(self, conn: Connection, table: Table) -> Table:
        # A temporary table lives as long as its connection, and connections are pooled: one left by an
        # interrupted use is dropped first.
        copy = Table(f"scratch_{table.name}", MetaData(),
                     *[Column(c.name, c.type) for c in table.columns], key_of(table),
                     prefixes=["TEMPORARY"])
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{copy.name}")
        copy.create(conn)
        return copy

    def drop_scratch(self, conn: Connection, table: Table) -> None:
        table.drop(conn)

    def is_busy(self, error: BaseException) -> bool:
        return (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF in BUSY_CODES  # extended codes too

    # The full-text index is an FTS5 table (migrations/versions/0006), keyed by its rowid.
    search_key = "rowid"
    body_bytes = "CAST(body AS BLOB)"  # a UTF-8 store gives its text's bytes as they are

    def search_tables(self, table: str) -> set[str]:
        return {table, *(f"{table}_{part}" for part in ("config", "content", "data", "idx"))}  # FTS5's own

    def search_matches(self, table: str) -> str:
        return f"{table} MATCH :match"

    def search_words(self, words: list[str]) -> str:
        return " ".join(f'"{w}"' for w in words)  # each word quoted, so none is read as FTS5 syntax


RECORDER = SQLiteRecorder()


def _read_only(url):
    """The file opened so that SQLite itself refuses writes: `mode=ro`."""
    if url.database and not url.database.startswith("file:"):
        path = Path(url.database).resolve()
        if not path.exists():  # mode=ro would say only "unable to open database file"
            raise FileNotFoundError(f"no store at {path}")
        url = url.set(database=f"file:{path}", query={**url.query, "mode": "ro", "uri": "true"})
    return url
