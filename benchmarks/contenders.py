"""The measured contenders. Each takes a spec, does its untimed setup, and returns the timed part.

The timed part gets the worker's clock (to pause it around work that is not the contender's) and returns how
many events it stored (or a dict with "events" and figures of its own, see `benchmarks.worker`). Contenders run
inside `benchmarks.worker`, one process each; the others live in `readers`, `eventsourced` and `startup`.
"""

import marshal
import sqlite3
from collections.abc import Callable

Timed = Callable[..., int]  # (clock) -> events stored

# Tables whose rows are the import's output; the others hold schema state that the store writes once.
NOT_COPIED = ("alembic_version", "projection_state")


def stancelog_import(spec: dict) -> Timed:
    """`Ledger.append` of the file, decoded by `events.lines.decode_jsonl`: the path `stance import` takes."""
    from events.lines import decode_jsonl
    from store import Ledger

    ledger = Ledger(spec["db"])  # creates and migrates the store

    def run(clock) -> dict:
        with open(spec["file"], "rb") as lines:
            appended = ledger.append(decode_jsonl(lines), spec.get("by", "bench"))
        ledger.close()
        return {"events": appended.total, "skipped": appended.skipped}

    return run


def dump_rows(store: str, dump: str, batch: int) -> dict[str, str]:
    """Every row a stancelog import wrote, as marshalled batches of tuples: the raw peer's ready-made input.

    Tables are read in rowid order, the order stancelog inserted them, and as they ended up (a version's seq_to
    already set). Returns the INSERT statement of each table.
    """
    source = sqlite3.connect(store)
    found = source.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                           "ORDER BY rootpage").fetchall()
    # A virtual table (the FTS5 search index) is copied through itself: it fills its own shadow tables.
    virtual = [name for name, sql in found if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")]
    tables = [name for name, _ in found
              if name not in NOT_COPIED and not any(name.startswith(f"{v}_") for v in virtual)]
    inserts = {}
    with open(dump, "wb") as out:
        for table in tables:
            columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
            inserts[table] = (f"INSERT INTO {table} ({', '.join(columns)}) "
                              f"VALUES ({', '.join('?' * len(columns))})")
            try:
                cursor = source.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid")
            except sqlite3.OperationalError:  # a WITHOUT ROWID table: its key order
                cursor = source.execute(f"SELECT {', '.join(columns)} FROM {table}")
            while rows := cursor.fetchmany(batch):
                data = marshal.dumps((table, rows))
                out.write(len(data).to_bytes(8, "little") + data)
    source.close()
    return inserts


def load_rows(dump: str):
    """The batches of `dump_rows`, one at a time (framed: marshal.load on a file object reads byte by byte)."""
    with open(dump, "rb") as batches:
        while size := batches.read(8):
            yield marshal.loads(batches.read(int.from_bytes(size, "little")))


def raw_sqlite3_import(spec: dict) -> Timed:
    """`sqlite3.executemany` of the rows stancelog stored for the same file, in one transaction.

    The floor for storing that data: the same schema (made by stancelog's migrations: same tables, indexes and
    triggers), the same connection settings (the store's engine opens it), rows already built, and no parsing,
    checks or hashing. Only the database's work is timed (BEGIN to COMMIT, less the reading of the ready-made
    batches), so the peer is as fast as it can be and the ratio against it errs against stancelog.
    """
    from store import Ledger
    from store.engine import make_engine

    Ledger(spec["db"]).close()
    dump = spec["db"] + ".rows"
    inserts = dump_rows(spec["rows_from"], dump, spec.get("batch", 2000))

    def run(clock) -> int:
        # The store's own engine opens the connection, so its pragmas are the store's whatever they become.
        proxied = make_engine(spec["db"]).raw_connection()
        conn: sqlite3.Connection = proxied.driver_connection
        events = 0
        batches = load_rows(dump)
        conn.execute("BEGIN IMMEDIATE")
        while True:
            with clock.paused():
                batch = next(batches, None)
            if batch is None:
                break
            table, rows = batch
            conn.executemany(inserts[table], rows)
            if table == "event_log":
                events += len(rows)
        conn.execute("UPDATE projection_state SET last_seq = ? WHERE name = 'positions'", (events,))
        conn.execute("COMMIT")
        proxied.close()
        return events

    return run


def raw_one_row_import(spec: dict) -> Timed:
    """The least a hash-chained log can do: one row per event, each line parsed (orjson) and chained (SHA-256).

    Into a table of its own, `log (seq INTEGER PRIMARY KEY, body TEXT, hash TEXT)`, with `sqlite3.executemany` in
    batches, in one `BEGIN IMMEDIATE` transaction, on a connection with the store's pragmas (its engine opens it).
    Reading the file is timed: this peer does what an import must do at the least, and nothing else (no checks,
    no ids, no projections).
    """
    import hashlib

    import orjson

    from store.engine import make_engine

    proxied = make_engine(spec["db"]).raw_connection()
    conn: sqlite3.Connection = proxied.driver_connection
    conn.execute("CREATE TABLE log (seq INTEGER PRIMARY KEY, body TEXT NOT NULL, hash TEXT NOT NULL)")
    batch = spec.get("batch", 2000)

    def run(clock) -> int:
        insert = "INSERT INTO log (seq, body, hash) VALUES (?, ?, ?)"
        previous, seq, rows = b"0" * 64, 0, []
        conn.execute("BEGIN IMMEDIATE")
        with open(spec["file"], "rb") as lines:
            for line in lines:
                orjson.loads(line)
                seq += 1
                digest = hashlib.sha256(previous + line).hexdigest()
                previous = digest.encode()
                rows.append((seq, line.decode(), digest))
                if len(rows) >= batch:
                    conn.executemany(insert, rows)
                    rows = []
        if rows:
            conn.executemany(insert, rows)
        conn.execute("COMMIT")
        proxied.close()
        return seq

    return run


# name -> the contender, or "module:function" for those imported only when run (a peer library may be absent)
CONTENDERS: dict[str, Callable[[dict], Timed] | str] = {
    "stancelog": stancelog_import,
    "raw-sqlite3": raw_sqlite3_import,
    "raw-one-row": raw_one_row_import,
    "eventsourcing-import": "benchmarks.eventsourced:import_events",
    "eventsourcing-read": "benchmarks.eventsourced:read_events",
    "as-of": "benchmarks.readers:as_of_matrix",
    "replay": "benchmarks.readers:full_replay",
    "rebuild": "benchmarks.readers:rebuild_projections",
    "verify": "benchmarks.readers:verify_log",
    "startup": "benchmarks.startup:command_runs",
    "stancelog-restore": "benchmarks.restoring:restore_contender",
    "stancelog-export": "benchmarks.restoring:export_contender",
}


def contender(name: str) -> Callable[[dict], Timed]:
    found = CONTENDERS[name]
    if isinstance(found, str):
        import importlib

        module, function = found.split(":")
        found = getattr(importlib.import_module(module), function)
    return found
