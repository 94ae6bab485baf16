"""Store locations for the contract suite: a fresh SQLite file, and a freshly created PostgreSQL database.

PostgreSQL comes from STANCE_TEST_PG_URL (a role that may create databases). Without it the postgres cases skip
with a reason; under CI (CI set) a missing or unreachable server stops the run before any test, so a green CI
run always means both backends ran.
"""

import os
import queue
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy.engine import make_url

from store import Ledger

PG_ENV = "STANCE_TEST_PG_URL"
_pg_problem: str | None = None  # why PostgreSQL cannot be used; None when it can


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _admin_url() -> str:
    """The maintenance URL in libpq form, as psycopg wants it."""
    return make_url(os.environ[PG_ENV]).set(drivername="postgresql").render_as_string(hide_password=False)


def _probe_postgres() -> str | None:
    if not os.environ.get(PG_ENV):
        return f"{PG_ENV} is not set (postgresql://USER:PASSWORD@HOST/DB, a role that may create databases)"
    try:
        import psycopg

        with psycopg.connect(_admin_url(), autocommit=True, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except Exception as e:  # any failure to reach it is the same answer: not usable
        return f"PostgreSQL at {PG_ENV} is unreachable: {str(e).strip().splitlines()[0]}"
    return None


def pytest_sessionstart(session: pytest.Session) -> None:
    global _pg_problem
    _pg_problem = _probe_postgres()
    if _pg_problem and _in_ci():
        raise pytest.UsageError(f"CI is set but the PostgreSQL tests cannot run: {_pg_problem}")


def pytest_report_header(config: pytest.Config) -> str:
    return f"postgres: {'unavailable (' + _pg_problem + ')' if _pg_problem else 'available'}"


def require_postgres() -> None:
    if _pg_problem:
        pytest.skip(_pg_problem)


class _Dropper:
    """Drops test databases on a thread of its own: DROP DATABASE waits for a checkpoint (most of a second
    here), which need not hold up the next test."""

    def __init__(self) -> None:
        self.queue: queue.Queue[str | None] = queue.Queue()
        self.failures: list[str] = []
        self.thread = threading.Thread(target=self._run, name="drop-test-databases", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        import psycopg

        with psycopg.connect(_admin_url(), autocommit=True) as admin:
            while (name := self.queue.get()) is not None:
                try:
                    admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                except psycopg.Error as e:
                    self.failures.append(f"{name}: {e}")

    def finish(self) -> list[str]:
        self.queue.put(None)
        self.thread.join()
        return self.failures


_dropper: _Dropper | None = None
_template: str | None = None  # a database migrated on first need, cloned for the tests that open a ledger


def pytest_sessionfinish(session: pytest.Session) -> None:
    global _dropper
    if _template is not None:
        _dropper = _dropper or _Dropper()
        _dropper.queue.put(_template)
    if _dropper is not None:
        for failure in _dropper.finish():
            print(f"\nwarning: a test database was not dropped: {failure}")


def _create_database(template: str | None = None) -> tuple[str, str]:
    import psycopg

    name = f"stance_test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(_admin_url(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    url = make_url(os.environ[PG_ENV]).set(drivername="postgresql+psycopg", database=name)
    return name, url.render_as_string(hide_password=False)


def _migrated_template() -> str:
    global _template
    if _template is None:
        name, url = _create_database()
        Ledger(url).close()
        _template = name
    return _template


@contextmanager
def fresh_pg_database(migrated: bool = False) -> Iterator[str]:
    """Create a database with no events, yield its SQLAlchemy URL, and drop it afterwards.

    `migrated`: a clone of a database already brought to the schema head (half the time of migrating anew);
    otherwise the database is empty, as before a store's first use.
    """
    global _dropper
    require_postgres()
    name, url = _create_database(_migrated_template() if migrated else None)
    try:
        yield url
    finally:
        _dropper = _dropper or _Dropper()
        _dropper.queue.put(name)


@contextmanager
def fresh_location(backend: str, tmp_path, migrated: bool = False) -> Iterator[str]:
    if backend == "sqlite":
        path = tmp_path / f"stance-{uuid.uuid4().hex[:8]}.db"
        yield f"sqlite:///{path}"
    else:
        with fresh_pg_database(migrated) as url:
            yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request) -> str:
    return request.param


@pytest.fixture
def store_url(request, backend, tmp_path) -> Iterator[str]:
    """A fresh store location with no events on the parametrized backend.

    Empty (not even tables) unless the test also opens it as `ledger`: then a PostgreSQL database is a clone of one
    migrated once per session, which `Ledger` opens without migrating again.
    """
    with fresh_location(backend, tmp_path, migrated="ledger" in request.fixturenames) as url:
        yield url


@pytest.fixture
def other_store_url(backend, tmp_path) -> Iterator[str]:
    """A second fresh, empty location on the same backend (for export → import round trips)."""
    with fresh_location(backend, tmp_path) as url:
        yield url


@pytest.fixture
def ledger(store_url) -> Iterator[Ledger]:
    ledger = Ledger(store_url)
    yield ledger
    ledger.close()
