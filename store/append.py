"""The append path: events enter the log in one transaction under the store's write lock.

Under the lock, seq continues from the head without gaps and each hash chains to the one before, whatever the
number of writers. Events are checked against the store (ids already used, targets that are unknown or retracted)
in batches, written with one multi-row insert per table, and projected in the same transaction.
"""

from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import Connection, select, update

from events.canonical import canonical_json, chain_hash, content_id
from events.model import Event, Statement
from events.periods import format_instant, parse_instant
from store.bulk import insert_rows
from store.entry import EntryRules
from store.errors import Refused
from store.projector import Projector, Tables
from store.recorder import recorder_of
from store.schema import event_log, projection_state, registry_version, statement_version, topic

TABLES = Tables(statement_version, topic, registry_version)

BATCH = 2000
LOG_COLUMNS = ("seq", "id", "type", "target", "recorded_at", "recorded_by", "body", "hash")
MAX_PROBLEMS = 100


@dataclass
class Appended:
    """What one transaction did."""

    added: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("statement", "correction", "retraction", "party", "issue", "speaker"), 0))
    skipped: int = 0
    first_seq: int | None = None
    last_seq: int = 0
    ids: list[str] = field(default_factory=list)  # kept only for single-event commands
    targets: list[str | None] = field(default_factory=list)  # likewise

    @property
    def total(self) -> int:
        return sum(self.added.values())


def lock_and_read_head(conn: Connection) -> tuple[int, str, str | None, int]:
    """Take the write lock; return (last seq, last hash, last recorded_at, now in µs)."""
    now = recorder_of(conn).lock_and_clock(conn)
    row = conn.execute(
        select(event_log.c.seq, event_log.c.hash, event_log.c.recorded_at).order_by(event_log.c.seq.desc()).limit(1)
    ).first()
    if row is None:
        return 0, "0" * 64, None, now
    return row.seq, row.hash, row.recorded_at, now


class Stamp(NamedTuple):
    """When and by whom an event was recorded, when that is given (a record restored) rather than now."""

    recorded_at: str
    recorded_by: str


class Appender:
    def __init__(self, conn: Connection, recorded_by: str, keep_ids: bool = False):
        self.conn = conn
        self.recorded_by = recorded_by
        self.seq, self.hash, last_recorded, now = lock_and_read_head(conn)
        recorded = format_instant(now)
        self.recorded_at = max(recorded, last_recorded) if last_recorded else recorded  # never decreasing
        self.last_recorded_at = last_recorded
        self.moment = parse_instant(self.recorded_at)  # "now" for the rules of entry
        self.skip_known = True  # an id already in the log with the same content is skipped (a restore refuses it)
        self.projector = Projector(conn, TABLES)
        self.entry = EntryRules(conn, lambda: self.projector.tables.registry)
        self.result = Appended(first_seq=None, last_seq=self.seq)
        self.keep_ids = keep_ids
        self.problems: list[tuple[int, str]] = []
        self.more_problems = 0
        self.batch: list[tuple] = []
        self.log_rows: list[tuple] = []

    def problem(self, number: int, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append((number, message))
        else:
            self.more_problems += 1

    def add(self, number: int, event: Event, stamp: Stamp | None = None, body: bytes | None = None) -> None:
        """Queue one event; `body`, its canonical JSON, when the caller has made it already; `stamp`, when and by
        whom it was recorded, for a record restored."""
        content = event.content()
        body = body or canonical_json(content)
        event_id = event.id or content_id(body)
        kind = content.pop("type")
        self.batch.append((number, event, event_id, body, body.decode(), kind, content, stamp))
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        batch, self.batch = self.batch, []
        if batch:
            self._append_batch(batch)
        if self.log_rows:
            insert_rows(self.conn, "event_log", LOG_COLUMNS, self.log_rows)
            self.log_rows = []
        self.projector.flush()

    def _append_batch(self, batch: list[tuple]) -> None:
        ids = {item[2] for item in batch}
        found = [i for (i,) in self.conn.execute(select(event_log.c.id).where(event_log.c.id.in_(ids)))]
        stored = dict(self.conn.execute(select(event_log.c.id, event_log.c.body).where(event_log.c.id.in_(found)))
                      .all()) if found else {}
        self.projector.prefetch_for([(kind, data) for *_, kind, data, _stamp in batch])
        for number, event, event_id, body, text, kind, data, stamp in batch:
            earlier = stored.get(event_id)
            if earlier is not None:
                if earlier != text:
                    self.problem(number, f"id {event_id} is already in the log with other content")
                elif not self.skip_known:
                    self.problem(number, f"id {event_id} is already in the log")
                else:
                    self.result.skipped += 1
                continue
            moment = parse_instant(stamp.recorded_at) if stamp else self.moment
            problems = self._apply(event_id, kind, data, moment)
            if problems:
                for problem in problems:
                    self.problem(number, problem)
                continue
            stored[event_id] = text
            self._log(event, event_id, body, text, stamp)

    def _apply(self, event_id: str, kind: str, data: dict, moment: int) -> list[str]:
        """Apply the event to the projections, or return why it is refused: by the projections (unknown target,
        key taken, nothing changed) or by the rules of entry at `moment` (unregistered slug, future date)."""
        if kind in ("statement", "speaker"):
            problems = self.entry.problems(data, moment)
            if problems:
                return problems
        problem = self.projector.apply(self.seq + 1, event_id, kind, data)
        if problem:
            return [problem]
        if kind == "correction":
            return self.entry.problems(data["changes"], moment)
        if kind not in ("statement", "retraction"):
            self.entry.registered(kind, data)
        return []

    def _log(self, event: Event, event_id: str, body: bytes, text: str, stamp: Stamp | None = None) -> None:
        self.seq += 1
        recorded_at, recorded_by = stamp or (self.recorded_at, self.recorded_by)
        self.hash = chain_hash(self.hash, self.seq, event_id, event.type, recorded_at, recorded_by, body)
        target = None if type(event) is Statement else getattr(event, "target", None)
        self.log_rows.append((self.seq, event_id, event.type, target, recorded_at, recorded_by, text, self.hash))
        result = self.result
        result.added[event.type] += 1
        result.first_seq = result.first_seq or self.seq
        result.last_seq = self.seq
        if self.keep_ids:
            result.ids.append(event_id)
            result.targets.append(getattr(event, "target", None))

    def finish(self) -> Appended:
        """Write what is pending and move the checkpoint; raise Refused (the caller rolls back) on any problem."""
        self.flush()
        if self.problems:
            self.problems.sort(key=lambda problem: problem[0])  # by line, each line's own order kept
            raise Refused([f"line {n}: {m}" if n else m for n, m in self.problems], self.more_problems)
        self.conn.execute(update(projection_state).where(projection_state.c.name == "positions")
                          .values(last_seq=self.seq))
        return self.result

