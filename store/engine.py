"""Engines for a store location: a file path or URL for SQLite, a URL for PostgreSQL.

Each backend's engine settings are its recorder's (store/sqlite.py, store/postgres.py).
"""

import os
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

BUSY_TIMEOUT_S = float(os.environ.get("STANCE_BUSY_TIMEOUT", "30"))
READERS = 8  # connections a read-only engine keeps


def default_location() -> str:
    import platformdirs

    return str(Path(platformdirs.user_data_dir("stancelog")) / "stance.db")


def normalize_url(location: str) -> str:
    """A bare path becomes a SQLite URL; `postgresql://` gets the psycopg 3 driver."""
    if "://" not in location:
        return f"sqlite:///{Path(location).expanduser().resolve()}"
    if location.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + location.split("://", 1)[1]
    return location


def sqlite_file(location: str) -> Path | None:
    """The file of a SQLite location (a path or a sqlite:/// URL); None for PostgreSQL or an in-memory store."""
    url = make_url(normalize_url(location))
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def shown_url(location: str) -> str:
    """The location as it may be printed: never with its password."""
    if "://" not in location:
        return location
    return make_url(location).render_as_string(hide_password=True)


def make_engine(location: str, read_only: bool = False) -> Engine:
    """`read_only`: the database itself refuses writes (SQLite opens the file with mode=ro, every PostgreSQL
    transaction is READ ONLY), and the engine keeps a connection per concurrent reader (`serve`)."""
    from store.recorder import recorder_for

    url = make_url(normalize_url(location))
    return recorder_for(url.get_backend_name()).make_engine(url, read_only)
