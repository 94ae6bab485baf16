"""Fresh stores for each measurement: a new SQLite file, or a PostgreSQL database dropped and created again."""

import re
from pathlib import Path

from sqlalchemy.engine import make_url

SCRATCH_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}\Z")


def fresh_sqlite(path: Path) -> str:
    for suffix in ("", "-wal", "-shm", "-journal", ".rows"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return str(path)


def _libpq(url: str) -> str:
    """A SQLAlchemy URL as psycopg takes it: no `+driver`."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class ScratchPostgres:
    """A throw-away database on the server of `url`, which must be allowed to create databases."""

    def __init__(self, url: str, name: str = "stance_bench"):
        if not SCRATCH_NAME.match(name):
            raise ValueError(f"scratch database name {name!r} must be a plain lowercase identifier")
        if make_url(url).database == name:
            raise ValueError(f"--pg names the scratch database {name!r} itself; give another database to connect to")
        self.admin = _libpq(url)
        self.name = name
        self.url = make_url(self.admin).set(database=name).render_as_string(hide_password=False)

    def _run(self, *sql: str) -> list:
        import psycopg

        with psycopg.connect(self.admin, autocommit=True) as conn:
            return [conn.execute(statement).fetchall() if statement.startswith("SHOW") else conn.execute(statement)
                    for statement in sql]

    def sibling(self, suffix: str) -> "ScratchPostgres":
        """Another scratch database on the same server, named after this one."""
        other = ScratchPostgres.__new__(ScratchPostgres)
        other.admin, other.name = self.admin, f"{self.name}_{suffix}"
        if not SCRATCH_NAME.match(other.name):
            raise ValueError(f"scratch database name {other.name!r} must be a plain lowercase identifier")
        other.url = make_url(self.admin).set(database=other.name).render_as_string(hide_password=False)
        return other

    def fresh(self) -> str:
        self._run(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)", f"CREATE DATABASE {self.name}")
        return self.url

    def drop(self) -> None:
        """Drop the database; while autovacuum works on it after a large import (a process a role without
        pg_signal_backend may not end), try again for a minute, then leave it with a warning rather than lose
        the run's figures."""
        import sys
        import time

        for attempt in range(12):
            try:
                self._run(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
                return
            except Exception as e:  # psycopg.errors.InsufficientPrivilege, imported with psycopg only here
                if type(e).__name__ != "InsufficientPrivilege":
                    raise
                time.sleep(5)
        print(f"warning: scratch database {self.name} was not dropped (autovacuum still on it): drop it later",
              file=sys.stderr)

    def server_version(self) -> str:
        return self._run("SHOW server_version")[0][0][0]
