"""Projections from the log: `rebuild` replaces them; `verify` replays into scratch tables to compare.

Both read the log in pages and project with the same code as the append path, so a rebuilt projection is
the one the appends made, row for row.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import orjson
from sqlalchemy import Connection, update

from store.append import TABLES, lock_and_read_head
from store.errors import VerifyFailed
from store.guards import PROJECTION_GUARDED, create_guards, drop_guards
from store.ledger import Ledger, pages
from store.projector import Projector, Tables
from store.recorder import recorder_of
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
    events = [(seq, event_id, orjson.loads(body)) for seq, event_id, _, body in page]
    pairs = [(event.pop("type"), event) for *_, event in events]
    projector.prefetch_for(pairs)
    for (seq, event_id, _), (kind, data) in zip(events, pairs, strict=True):
        problem = projector.apply(seq, event_id, kind, data)
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
    """Temporary copies of the projection tables, for a replay that must not touch the real ones (made and
    dropped by the connection's recorder)."""
    recorder = recorder_of(conn)
    copies = [recorder.scratch(conn, table) for table in TABLES]
    yield Tables(*copies)
    for copy in copies:
        recorder.drop_scratch(conn, copy)
