"""Projections from the log: `rebuild` replaces them; `verify` replays into scratch tables to compare.

Both read the log in pages and project with the same code as the append path, so a rebuilt projection is
the one the appends made, row for row.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import orjson
from sqlalchemy import Column, Connection, MetaData, Table, update

from events.registry import KEY_FIELD
from store.append import TABLES, lock_and_read_head
from store.errors import VerifyFailed
from store.guards import PROJECTION_GUARDED, create_guards, drop_guards
from store.ledger import Ledger, pages
from store.projector import Projector, Tables
from store.schema import PROJECTION_TABLES, event_log, projection_state
from store.search import clear as clear_search


def replay(conn: Connection, tables: Tables, progress: Callable[[int], None] | None = None,
           search: bool = True) -> int:
    """Project every event of the log into `tables` (and the full-text index, with `search`); return the last seq."""
    projector = Projector(conn, tables, search)
    cols = [event_log.c.seq, event_log.c.id, event_log.c.type, event_log.c.body]
    page: list = []
    last = 0
    for row in pages(conn, cols):
        page.append(row)
        if len(page) == 5000:
            last = _project_page(projector, page)
            page = []
            if progress:
                progress(last)
    if page:
        last = _project_page(projector, page)
        if progress:
            progress(last)
    return last


def _project_page(projector: Projector, page: list) -> int:
    events = [(seq, event_id, kind, orjson.loads(body)) for seq, event_id, kind, body in page]
    projector.prefetch({event["target"] for _, _, kind, event in events if kind in ("correction", "retraction")},
                       {(kind, event[KEY_FIELD[kind]]) for _, _, kind, event in events if kind in KEY_FIELD})
    for seq, event_id, kind, event in events:
        kind = event.pop("type")
        problem = None
        if kind == "statement":
            projector.statement(seq, event_id, event)
        elif kind in KEY_FIELD:
            problem = projector.register(seq, event_id, kind, event)
        else:
            problem = projector.target_problem(event["target"], "correct" if kind == "correction" else "retract")
            if problem is None and kind == "correction":
                problem = projector.correction(seq, event["target"], event["changes"])
            elif problem is None:
                projector.retraction(seq, event["target"])
        if problem:
            raise VerifyFailed(f"seq {seq}: the log holds an event the store would refuse: {problem}")
    projector.flush()
    return page[-1][0]


def rebuild(ledger: Ledger, progress: Callable[[int], None] | None = None) -> int:
    """Recreate the projections from the log under the write lock; return the last seq applied."""
    with ledger.writer() as conn:
        lock_and_read_head(conn)
        for table in PROJECTION_TABLES:
            for sql in drop_guards(ledger.dialect, table.name, PROJECTION_GUARDED):
                conn.exec_driver_sql(sql)
            conn.execute(table.delete())
            for sql in create_guards(ledger.dialect, table.name, PROJECTION_GUARDED):
                conn.exec_driver_sql(sql)
        clear_search(conn)
        last = replay(conn, TABLES, progress)
        conn.execute(update(projection_state).where(projection_state.c.name == "positions").values(last_seq=last))
    return last


@contextmanager
def scratch_tables(conn: Connection) -> Iterator[Tables]:
    """Temporary copies of the projection tables, for a replay that must not touch the real ones.

    A temporary table lives as long as its connection, and connections are pooled: PostgreSQL drops the copies at
    commit; on SQLite they are dropped after use, and any left by an interrupted use are dropped first.
    """
    meta = MetaData()
    copies = []
    sqlite = conn.dialect.name == "sqlite"
    for table in TABLES:
        copy = Table(f"scratch_{table.name}", meta,
                     *[Column(c.name, c.type, primary_key=c.primary_key) for c in table.columns],
                     prefixes=["TEMPORARY"], postgresql_on_commit="DROP")
        if sqlite:
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{copy.name}")
        copy.create(conn)
        copies.append(copy)
    yield Tables(*copies)
    if sqlite:
        for copy in copies:
            copy.drop(conn)
