"""The store as the rest of the program sees it: open a location, append events, read the log back.

Every method is one transaction. Writers hold the write lock for the whole transaction; readers see one
consistent snapshot (WAL on SQLite, REPEATABLE READ on PostgreSQL).
"""

import getpass
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, bindparam, func, select
from sqlalchemy.exc import OperationalError

from events.canonical import export_line
from events.lines import Numbered
from events.model import Statement
from events.validation import Invalid, parse_event
from events.vocabulary import is_unicode
from store.append import Appended, Appender
from store.engine import make_engine, shown_url, sqlite_file
from store.errors import NoStore, Refused, StoreBusy, StoreError, UnknownEvent
from store.migrate import current_revision, ensure_schema
from store.recorder import Recorder, recorder_for
from store.schema import event_log

PAGE = 5000


def default_recorder() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def check_recorder(name: str) -> str:
    if not name or len(name) > 200 or any(ch < " " or ch == "\x7f" for ch in name) or not is_unicode(name):
        raise Refused([f"--by {name!r} must be 1 to 200 printable characters"])
    return name


ANALYZE_AFTER = 5000  # events in one import, from which PostgreSQL's statistics are refreshed at once


class Ledger:
    """The store at `location`. `create`: made and migrated on first use (the commands that write); otherwise a
    location with no store is refused (NoStore) and nothing is created there, not even a file or a directory, and
    an existing store is brought up to date only when `upgrade` (the read commands) asks for it. `read_only`: the
    database itself refuses writes (for `serve`); the store must exist and is never migrated."""

    def __init__(self, location: str, create: bool = True, upgrade: bool = False, read_only: bool = False):
        self.location = location
        create = create and not read_only
        path = sqlite_file(location)
        if path is not None:
            if create:
                path.parent.mkdir(parents=True, exist_ok=True)
            elif not path.is_file():  # SQLite would create the file on connecting
                raise NoStore(f"no store at {shown_url(location)} (stance init creates one)")
        self.engine = make_engine(location, read_only)
        self.dialect = self.engine.dialect.name
        self.recorder = recorder_for(self.dialect)
        with _busy_as_error(self.recorder):
            if not create and current_revision(self.engine) is None:
                self.engine.dispose()
                raise NoStore(f"no store at {shown_url(location)} (stance init creates one)")
            if create or (upgrade and not read_only):
                ensure_schema(self.engine)

    def close(self) -> None:
        """Release the connection the ledger keeps between transactions."""
        self.engine.dispose()

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    @contextmanager
    def writer(self) -> Iterator[Connection]:
        with _busy_as_error(self.recorder), self.engine.connect() as conn:
            conn = conn.execution_options(stance_writer=True)
            try:
                with conn.begin():
                    yield conn
            finally:
                self.recorder.end_writer(conn)

    @contextmanager
    def reader(self) -> Iterator[Connection]:
        with _busy_as_error(self.recorder), self.engine.connect() as conn:
            conn = self.recorder.reader(conn)
            with conn.begin():
                yield conn

    # --- writing -------------------------------------------------------------------------------------------

    def append(self, numbered: Iterable[Numbered], recorded_by: str, keep_ids: bool = False) -> Appended:
        """Append decoded lines whole or not at all; Refused lists every problem with its line."""
        check_recorder(recorded_by)
        with self.writer() as conn:
            appender = Appender(conn, recorded_by, keep_ids)
            for number, event, problems in numbered:
                # After a problem, later lines are still checked (the user sees every problem) and the
                # transaction is rolled back at the end, so nothing is stored.
                if event is None:
                    for problem in problems:
                        appender.problem(number, problem)
                else:
                    appender.add(number, event)
            appended = appender.finish()
        self.after_append(appended)
        return appended

    def after_append(self, appended: Appended) -> None:
        """The backend's upkeep after an import (fresh planner statistics after a large one on PostgreSQL)."""
        with _busy_as_error(self.recorder):
            self.recorder.after_import(self.engine, appended.total)

    def record(self, statement: Statement, recorded_by: str) -> Appended:
        return self._one({**statement.content(), "id": str(uuid.uuid4())}, recorded_by)

    def correct(self, target: str, changes: dict[str, Any], reason: str, recorded_by: str,
                source_changes: dict[str, Any] | None = None) -> Appended:
        """A correction with a random id. `source_changes` (field -> value, None removes) change fields of the
        statement's source and keep the others: the source is read and merged under the write lock, so that no
        correction made in between is lost, and the event holds the whole new source, as any correction does."""
        obj = {"type": "correction", "id": str(uuid.uuid4()), "target": target, "changes": changes,
               "reason": reason}
        if not source_changes:
            return self._one(obj, recorded_by)
        from store.statements import current_content

        check_recorder(recorded_by)
        with self.writer() as conn:
            appender = Appender(conn, recorded_by, keep_ids=True)
            source = dict((current_content(conn, target) or {}).get("source", {}))
            for name, value in source_changes.items():
                if value is None:
                    source.pop(name, None)
                else:
                    source[name] = value
            obj["changes"] = {**changes, "source": source}
            try:
                appender.add(0, parse_event(obj))
            except Invalid as e:
                raise Refused(e.problems) from None
            return appender.finish()

    def register(self, entry: dict[str, Any], recorded_by: str) -> Appended:
        """A registry entry (`{"type": "party", …}`) with a random id."""
        fields = {k: v for k, v in entry.items() if v is not None}
        return self._one({**fields, "id": str(uuid.uuid4())}, recorded_by)

    def retract(self, target: str, reason: str, recorded_by: str) -> Appended:
        return self._one({"type": "retraction", "id": str(uuid.uuid4()), "target": target, "reason": reason},
                         recorded_by)

    def _one(self, obj: dict[str, Any], recorded_by: str) -> Appended:
        """One event from a command, validated exactly as an import line would be, with a random id."""
        try:
            event = parse_event(obj)
        except Invalid as e:
            raise Refused(e.problems) from None
        return self.append([(0, event, [])], recorded_by, keep_ids=True)

    # --- reading the log -----------------------------------------------------------------------------------

    def head(self) -> tuple[int, str]:
        with self.reader() as conn:
            last = select(event_log.c.seq, event_log.c.hash).order_by(event_log.c.seq.desc()).limit(1)
            row = conn.execute(last).first()
        return (row.seq, row.hash) if row else (0, "0" * 64)

    def last_seq_recorded_before(self, end_us: int) -> int:
        """The last seq recorded before `end_us`: a binary search on seq, since recorded_at never decreases."""
        from events.periods import format_instant

        end = format_instant(end_us)
        with self.reader() as conn:
            low, high = 0, conn.execute(select(func.max(event_log.c.seq))).scalar() or 0
            at = select(event_log.c.recorded_at).where(event_log.c.seq == bindparam("seq"))
            while low < high:  # invariant: every seq <= low was recorded before `end`
                middle = (low + high + 1) // 2
                if conn.execute(at, {"seq": middle}).scalar() < end:
                    low = middle
                else:
                    high = middle - 1
        return low

    def log(self, since: int = 0) -> Iterator[dict[str, Any]]:
        """Log entries after `since`, in seq order, read page by page so any size streams."""
        names = ("seq", "id", "type", "recorded_at", "recorded_by", "target", "hash")
        with self.reader() as conn:
            for row in pages(conn, [event_log.c[name] for name in names], since):
                yield dict(zip(names, row, strict=True))

    def export(self) -> Iterator[bytes]:
        with self.reader() as conn:
            for event_id, body in pages(conn, [event_log.c.id, event_log.c.body]):
                yield export_line(event_id, body.encode()) + b"\n"

    def resolve(self, prefix: str) -> str:
        """The one event id that starts with `prefix` (at least 8 characters, as tables print them)."""
        with self.reader() as conn:
            ids = conn.execute(select(event_log.c.id).where(event_log.c.id.like(prefix + "%")).limit(2)).scalars().all()
        if not ids:
            raise UnknownEvent(f"no event id starts with {prefix}")
        if len(ids) > 1:
            raise UnknownEvent(f"several event ids start with {prefix}: give more of it")
        return ids[0]

    def event(self, event_id: str) -> dict:
        with self.reader() as conn:
            row = conn.execute(select(event_log).where(event_log.c.id == event_id)).first()
        if row is None:
            raise UnknownEvent(f"no event with id {event_id}")
        return row._asdict()


def pages(conn: Connection, cols: list, since: int = 0) -> Iterator[Any]:
    """Rows of the log after `since` by keyset pages (seq is selected to page on, and dropped if not asked)."""
    want_seq = any(c.name == "seq" for c in cols)
    query = select(event_log.c.seq, *cols) if not want_seq else select(*cols)
    last = since
    while True:
        rows = conn.execute(query.where(event_log.c.seq > last).order_by(event_log.c.seq).limit(PAGE)).all()
        if not rows:
            return
        for row in rows:
            yield row if want_seq else row[1:]
        last = rows[-1][0]


@contextmanager
def _busy_as_error(recorder: Recorder):
    try:
        yield
    except OperationalError as e:
        message = str(e.orig)
        if recorder.is_busy(e.orig):
            raise StoreBusy("the store is busy: another writer held it past the timeout "
                            "(STANCE_BUSY_TIMEOUT seconds); try again") from e
        raise StoreError(f"database error: {message.splitlines()[0]}") from e


ProgressCallback = Callable[[int], None]
