"""What a backend does its own way, behind one small interface: one recorder per backend.

Everything that differs between SQLite and PostgreSQL is read in one file each, `store/sqlite.py` and
`store/postgres.py`; the rest of `store/` asks the recorder of its connection and has no dialect branch. A module
that needs a backend's own SQL (a search index, say) adds a method here with a default when it is common, and
writes each backend's form in its recorder.

| method | what it is for |
|---|---|
| `make_engine(url, read_only)` | the engine, its pool and connection settings (read-only for `serve`) |
| `begin_writer(conn)` / `end_writer(conn)` | what a write transaction needs before and after its work |
| `reader(conn)` | the isolation a consistent read needs |
| `lock_and_clock(conn)` | take the write lock (append, rebuild); the time in µs to record events at |
| `migration_lock(conn)` | serialise first users that migrate the same store |
| `insert(conn, table, columns, rows)` | a bulk insert of tuples (PostgreSQL: COPY) |
| `last_per_topic(...)` | the as-of query: each topic's last counting version in one query |
| `guards…` | the trigger SQL that makes tables refuse changes, and the names of the triggers present |
| `scratch(conn, table)` | a temporary copy of a table for a replay that must not touch the real one |
| `after_import(engine, events)` | upkeep after a large import (planner statistics) |
| `is_busy(error)` | whether a driver error means the write lock was not had in time (by class or SQLSTATE) |
| `body_bytes` | the log's body column as the bytes of its UTF-8, for the chain walk to hash without a decode |
| `search_key`, `search_tables(table)` | the full-text index's key column, and the tables it is made of |
| `search_matches(table)`, `search_words(words)` | the condition that the index holds every word, and its argument |
"""

from sqlalchemy import Connection, Engine, PrimaryKeyConstraint, Table


def key_of(table: Table) -> PrimaryKeyConstraint:
    """A copy of `table`'s primary key, columns in its order, for a scratch table to be keyed like it."""
    return PrimaryKeyConstraint(*[c.name for c in table.primary_key.columns])


class Recorder:
    name: str  # SQLAlchemy's dialect name
    mark: str  # the driver's parameter mark

    def make_engine(self, url, read_only: bool = False) -> Engine:
        raise NotImplementedError

    def reader(self, conn: Connection) -> Connection:
        return conn

    def end_writer(self, conn: Connection) -> None:
        """After a write transaction, committed or not."""

    def lock_and_clock(self, conn: Connection) -> int:
        raise NotImplementedError

    def migration_lock(self, conn: Connection, key: int) -> None:
        """Nothing by default: the writer's transaction already holds the lock."""

    def insert_sql(self, table: str, columns: tuple[str, ...], ignore_duplicates: bool = False) -> str:
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([self.mark] * len(columns))})"
        return sql + " ON CONFLICT DO NOTHING" if ignore_duplicates else sql

    def insert(self, conn: Connection, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        """Rows of a table without conflicts, in one call."""
        conn.exec_driver_sql(self.insert_sql(table, columns), rows)

    def last_per_topic(self, topic: Table, versions, counting: list, newest_first: tuple):
        raise NotImplementedError

    def create_guards(self, table: str, operations: tuple[str, ...]) -> list[str]:
        raise NotImplementedError

    def drop_guards(self, table: str, operations: tuple[str, ...]) -> list[str]:
        raise NotImplementedError

    def trigger_names(self, table: str, operations: tuple[str, ...]) -> list[str]:
        raise NotImplementedError

    def extra_triggers(self) -> set[str]:
        """Triggers this backend has at the schema head beside those of `create_guards`."""
        return set()

    def present_triggers_sql(self) -> str:
        raise NotImplementedError

    def scratch(self, conn: Connection, table: Table) -> Table:
        raise NotImplementedError

    def drop_scratch(self, conn: Connection, table: Table) -> None:
        """After use (PostgreSQL drops its temporary tables at commit)."""

    def after_import(self, engine: Engine, events: int) -> None:
        """Upkeep after an import of `events` events."""

    def is_busy(self, error: BaseException) -> bool:
        raise NotImplementedError

    # The body as UTF-8 bytes: hashing it needs bytes, and a body read as text is decoded only to be encoded again
    # (at 1,000,000 events the chain walk takes 3.1 s of CPU with bytes against 5.2 s with text).
    body_bytes = "convert_to(body, 'UTF8')"

    # The full-text index (store/search.py): its rows are keyed by the seq that made the version.
    search_key = "seq_from"

    def search_tables(self, table: str) -> set[str]:
        """The tables the index `table` is made of, beside the modelled ones."""
        return {table}

    def search_matches(self, table: str) -> str:
        """SQL that holds for the rows of `table` whose words include all of `:match`."""
        raise NotImplementedError

    def search_words(self, words: list[str]) -> str:
        """The `:match` argument for these folded words (letters and digits only)."""
        return " ".join(words)


_RECORDERS: dict[str, Recorder] = {}


def recorder_for(name: str) -> Recorder:
    """The recorder of a dialect name ("sqlite", "postgresql"), imported on first use."""
    found = _RECORDERS.get(name)
    if found is None:
        import importlib

        modules = {"sqlite": "store.sqlite", "postgresql": "store.postgres"}
        if name not in modules:
            raise ValueError(f"unsupported database '{name}': use a SQLite path or a PostgreSQL URL")
        found = _RECORDERS[name] = importlib.import_module(modules[name]).RECORDER
    return found


def recorder_of(conn: Connection | Engine) -> Recorder:
    return recorder_for(conn.dialect.name)
