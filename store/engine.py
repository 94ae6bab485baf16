"""Engines for a store location: a file path or URL for SQLite, a URL for PostgreSQL.

SQLite runs in WAL mode with a busy timeout, and its transactions are begun by us so that a writer can take
the write lock first (BEGIN IMMEDIATE): seq and the hash chain are then computed under that lock.
"""

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

BUSY_TIMEOUT_S = float(os.environ.get("STANCE_BUSY_TIMEOUT", "30"))
READERS = 8  # connections a read-only engine keeps


def default_location() -> str:
    import platformdirs

    return str(Path(platformdirs.user_data_dir("stancelog")) / "stance.db")


def normalize_url(location: str) -> str:
    """A bare path becomes a SQLite URL; `postgresql://` gets the psycopg 3 driver."""
    if "://" not in location:
        path = Path(location).expanduser()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path.resolve()}"
    if location.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + location.split("://", 1)[1]
    return location


def shown_url(location: str) -> str:
    """The location as it may be printed: never with its password."""
    if "://" not in location:
        return location
    return make_url(location).render_as_string(hide_password=True)


def read_only_url(location: str):
    """The location opened so that the database itself refuses writes: SQLite's `mode=ro`."""
    url = make_url(normalize_url(location))
    if url.get_backend_name() == "sqlite" and url.database and not url.database.startswith("file:"):
        path = Path(url.database).resolve()
        if not path.exists():  # mode=ro would say only "unable to open database file"
            raise FileNotFoundError(f"no store at {path}")
        url = url.set(database=f"file:{path}", query={**url.query, "mode": "ro", "uri": "true"})
    return url


def make_engine(location: str, read_only: bool = False) -> Engine:
    """`read_only`: SQLite opens the file with mode=ro, and every PostgreSQL transaction is READ ONLY."""
    url = read_only_url(location) if read_only else make_url(normalize_url(location))
    if url.get_backend_name() == "sqlite":
        # The connection is kept between transactions, and with it SQLite's page cache: a process that queries
        # again finds the pages of the last query in memory instead of reading them from the file. (Ledger.writer
        # does not keep a writer's: see there.)
        # A read-only store serves concurrent requests (`serve`): each keeps its connection and its page cache,
        # instead of an overflow connection opened and closed per request.
        engine = create_engine(url, pool_size=READERS if read_only else 1, max_overflow=4,
                               connect_args={"timeout": BUSY_TIMEOUT_S})
        _sqlite_transactions(engine, read_only)
        return engine
    if url.get_backend_name() == "postgresql":
        timeout_ms = int(BUSY_TIMEOUT_S * 1000)
        # The connection is kept between transactions: opening one costs a round of authentication (about 20 ms
        # on loopback), more than a small append. Pre-ping replaces a connection the server dropped while a
        # long-lived caller held it.
        return create_engine(
            url, pool_size=READERS if read_only else 1, max_overflow=4, pool_pre_ping=True,
            connect_args={"options": f"-c lock_timeout={timeout_ms} -c statement_timeout=0"
                                     + (" -c default_transaction_read_only=on" if read_only else "")},
        )
    raise ValueError(f"unsupported database '{url.get_backend_name()}': use a SQLite path or a PostgreSQL URL")


def _sqlite_transactions(engine: Engine, read_only: bool = False) -> None:
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
