"""The check a report makes before it vouches for a part of the record: the chain, and the part it shows.

`stance verify` replays the whole log; a report on one party need not. `check_scope` makes what a report of some
parties and issues relies on as sure as `verify` would, at the cost of the chain plus the events of its scope:

1. The whole chain, as `verify` walks it: seq gapless from 1, each hash the hash of its row and the hash before,
   recorded_at never going back. A row changed by hand anywhere in the log fails here.
2. Every guard trigger in place, and the checkpoint at the end of the log.
3. The events of the scope, replayed alone into scratch tables and compared with the projection rows: the
   statements whose any version is in scope, every event that targets them, and the whole registry. Their bodies
   are checked as `verify` checks them (JSON, canonical form, type and target columns).

A statement is in scope when a version of it has a party and an issue asked for. The walk finds them from the
bodies it hashes, without parsing them: a body in canonical form holds `"party":"P"` exactly when its party is P
(a quote inside a string value has its quotes escaped). A statement is taken when its own body has the scope's
party and issue, or when a correction of it names one of them (it may move the statement into scope): a superset,
from which the replay keeps what it needs. Projection rows in scope that no event of the scope explains differ
from the replay, and are reported like any other difference.

Not checked for a scope (and checked by `stance verify`): the canonical form of bodies outside it, and the rows of
statements outside it. A report of the whole store runs `verify` itself.
"""

import hashlib
from collections.abc import Sequence

import orjson
from sqlalchemy import Connection, and_, or_, select

from events.canonical import GENESIS_HASH
from events.registry import KEY_FIELD
from store.append import TABLES
from store.bulk import mark
from store.errors import VerifyFailed
from store.ledger import Ledger
from store.positions import CHUNK, topic_filter
from store.projector import Projector
from store.recorder import recorder_of
from store.replay import scratch_tables
from store.verify import Verification, check_body, check_checkpoint, check_guards, rows_differ, verify

PAGE = 5000


def vouch(ledger: Ledger, parties: Sequence[str] = (), issues: Sequence[str] = ()) -> Verification:
    """What a report checks before it is written: `verify` for the whole store, `check_scope` for a part of it."""
    if not parties and not issues:
        return verify(ledger)
    return check_scope(ledger, parties, issues)


def check_scope(ledger: Ledger, parties: Sequence[str], issues: Sequence[str]) -> Verification:
    report = Verification()
    with ledger.reader() as conn:
        walk = _Walk(parties, issues)
        last_seq, last_hash = walk.run(conn, report)
        report.events, report.digest = last_seq, f"{last_seq}:{last_hash}"
        check_guards(conn, report)
        if report.ok:
            check_checkpoint(conn, last_seq, report)
        if report.ok:
            _check_rows(conn, walk.wanted | walk.registry, parties, issues, report)
    return report


class _Walk:
    """The chain walk, collecting on the way the ids of the scope's statements and of registry entries."""

    def __init__(self, parties: Sequence[str], issues: Sequence[str]):
        # The needles are bytes, as the walk reads the bodies (the recorder's `body_bytes`)
        self.parties = [b'"party":' + orjson.dumps(p) for p in parties]
        self.issues = [b'"issue":' + orjson.dumps(i) for i in issues]
        self.issues += [b'"issue":' + orjson.dumps(i + "/")[:-1] for i in issues]  # its sub-issues
        self.any = self.parties + self.issues
        self.wanted: set[str] = set()  # statements in scope, and corrections that name the scope
        self.registry: set[str] = set()

    def _in_scope(self, body: bytes) -> bool:
        return ((not self.parties or any(n in body for n in self.parties))
                and (not self.issues or any(n in body for n in self.issues)))

    def run(self, conn: Connection, report: Verification) -> tuple[int, str]:
        m = mark(conn)
        body = recorder_of(conn).body_bytes
        sql = (f"SELECT seq, id, type, target, recorded_at, recorded_by, {body}, hash FROM event_log "
               f"WHERE seq > {m} ORDER BY seq LIMIT {PAGE}")
        cursor = conn.connection.dbapi_connection.cursor()  # plain tuples: a million rows need no Row objects
        try:
            return self._walk(cursor, sql, report)
        finally:
            cursor.close()

    def _walk(self, cursor, sql: str, report: Verification) -> tuple[int, str]:
        previous, expected, last_recorded = GENESIS_HASH, 1, ""
        sha256 = hashlib.sha256
        while True:
            cursor.execute(sql, (expected - 1,))
            rows = cursor.fetchall()
            for seq, event_id, kind, target, recorded_at, recorded_by, body, stored in rows:
                if seq != expected:
                    report.problems.append(
                        f"seq {expected} is missing: the log goes from seq {expected - 1} to seq {seq}")
                    return expected - 1, previous
                head = f"{previous}\n{seq}\n{event_id}\n{kind}\n{recorded_at}\n{recorded_by}\n"
                if stored != sha256(head.encode() + body).hexdigest():
                    report.problems.append(f"seq {seq}: its hash does not match its content or the hash before it")
                    return expected - 1, previous
                if recorded_at < last_recorded:
                    report.problems.append(f"seq {seq}: recorded_at goes back in time")
                    return expected - 1, previous
                if kind == "statement":
                    if self._in_scope(body):
                        self.wanted.add(event_id)
                elif kind == "correction":
                    if target not in self.wanted and any(n in body for n in self.any):
                        # It may move its statement into scope; its own id too, should its target column lie.
                        self.wanted.add(event_id)
                        if target is not None:
                            self.wanted.add(target)
                elif kind in KEY_FIELD:
                    self.registry.add(event_id)
                previous, expected, last_recorded = stored, expected + 1, recorded_at
            if len(rows) < PAGE:
                return expected - 1, previous


def _events(conn: Connection, ids: set[str]) -> list[tuple]:
    """The events with these ids and every event that targets one of them, in seq order."""
    wanted = sorted(ids)
    m = mark(conn)
    found = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start:start + CHUNK]
        marks = ", ".join([m] * len(chunk))
        for column in ("id", "target"):
            sql = f"SELECT seq, id, type, target, body FROM event_log WHERE {column} IN ({marks})"
            for row in conn.exec_driver_sql(sql, tuple(chunk)):
                found[row[0]] = tuple(row)
    return [found[seq] for seq in sorted(found)]


def _check_rows(conn: Connection, ids: set[str], parties: Sequence[str], issues: Sequence[str],
                report: Verification) -> None:
    events = _events(conn, ids)
    for seq, _, kind, target, body in events:
        problem = check_body(seq, kind, target, body)
        if problem:
            report.problems.append(problem)
            return
    with scratch_tables(conn) as scratch:
        projector = Projector(conn, scratch, search=False)
        try:
            for start in range(0, len(events), PAGE):
                page = [(seq, event_id, orjson.loads(body)) for seq, event_id, _, _, body in
                        events[start:start + PAGE]]
                pairs = [(event.pop("type"), event) for *_, event in page]
                projector.prefetch_for(pairs)
                for (seq, event_id, _), (kind, data) in zip(page, pairs, strict=True):
                    problem = projector.apply(seq, event_id, kind, data)
                    if problem:
                        raise VerifyFailed(f"seq {seq}: the log holds an event the store would refuse: {problem}")
                projector.flush()
        except VerifyFailed as e:
            report.problems.append(str(e))
            return
        real, fresh = TABLES.statements, scratch.statements
        in_scope = topic_filter(real.c.party, real.c.issue, parties, issues)
        replayed = real.c.stmt_seq.in_(select(fresh.c.stmt_seq))
        pairs = [
            (real, select(*real.columns).where(or_(replayed, and_(*in_scope))),
             select(*fresh.columns)),
            (TABLES.topics, select(*TABLES.topics.columns).where(
                *topic_filter(TABLES.topics.c.party, TABLES.topics.c.issue, parties, issues)),
             select(*scratch.topics.columns).where(
                *topic_filter(scratch.topics.c.party, scratch.topics.c.issue, parties, issues))),
            (TABLES.registry, select(*TABLES.registry.columns), select(*scratch.registry.columns)),
        ]
        for table, ours, theirs in pairs:
            first = rows_differ(conn, ours, theirs, "seq_from" in table.columns)
            if first is not None:
                where = f" from seq {first} on" if first is not True else ""
                report.problems.append(f"projection {table.name} differs from a replay of the log's events in "
                                       f"the report's scope{where}; run `stance rebuild`")
