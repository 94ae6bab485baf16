"""Turns log events into statement versions, in batches, inside the caller's transaction.

Used by the append path (so projections move with the log in one transaction), by `rebuild`, and by `verify`
(which projects into scratch tables and compares). The state of statements touched in the current batch is kept
in memory and dropped at each flush, so memory does not grow with the log.
"""

from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Connection, Table, bindparam, select, update

from events.canonical import canonical_json
from events.model import apply_changes
from events.periods import parse_period
from store.schema import event_log


@dataclass(slots=True)
class _Current:
    fields: dict[str, Any] | None  # None once retracted
    version: int
    stmt_seq: int
    pending: dict | None  # the version row not yet written, when it was made in this batch


class Projector:
    def __init__(self, conn: Connection, versions: Table, topics: Table):
        self.conn = conn
        self.versions = versions
        self.topics = topics
        self.current: dict[str, _Current] = {}
        self.missing: dict[str, str | None] = {}  # looked-up ids with no current version: their log type
        self.rows: list[dict] = []
        self.closes: list[dict] = []
        self.known_topics: set[tuple[str, str]] = set()
        self.new_topics: set[tuple[str, str]] = set()
        self._insert_topic = _insert_ignoring_duplicates(conn, topics)
        v = versions.c
        self._close = (update(versions)
                       .where(v.statement_id == bindparam("sid"), v.version == bindparam("v"))
                       .values(seq_to=bindparam("seq")))

    def prefetch(self, targets: set[str]) -> None:
        """Load the current versions of statements this batch will correct or retract."""
        wanted = [t for t in targets if t not in self.current and t not in self.missing]
        if not wanted:
            return
        v = self.versions.c
        rows = self.conn.execute(
            select(v.statement_id, v.version, v.stmt_seq, v.content)
            .where(v.statement_id.in_(wanted), v.seq_to.is_(None))
        )
        for sid, version, stmt_seq, content in rows:
            self.current[sid] = _Current(orjson.loads(content), version, stmt_seq, None)
        absent = [t for t in wanted if t not in self.current]
        if absent:
            found = select(event_log.c.id, event_log.c.type).where(event_log.c.id.in_(absent))
            types = dict(self.conn.execute(found).all())
            for t in absent:
                self.missing[t] = types.get(t)

    def target_problem(self, target: str, verb: str) -> str | None:
        """Why `target` cannot be corrected or retracted now, or None when it can."""
        state = self.current.get(target)
        if state is not None and state.fields is not None:
            return None
        if state is not None or self.missing.get(target) == "statement":
            return f"cannot {verb} statement {target}: it was retracted"
        if self.missing.get(target) in ("correction", "retraction"):
            return f"cannot {verb} {target}: it is a {self.missing[target]}, not a statement"
        return f"cannot {verb} unknown statement {target}"

    def statement(self, seq: int, statement_id: str, fields: dict[str, Any]) -> None:
        self._open(statement_id, 1, seq, seq, fields)

    def correction(self, seq: int, target: str, changes: dict[str, Any]) -> str | None:
        """Apply a correction; return a problem instead when it changes nothing."""
        state = self.current[target]
        fields = apply_changes(state.fields, changes)
        if fields == state.fields:
            return f"the correction of {target} changes nothing"
        self._close_current(target, state, seq)
        self._open(target, state.version + 1, state.stmt_seq, seq, fields)
        return None

    def retraction(self, seq: int, target: str) -> None:
        state = self.current[target]
        self._close_current(target, state, seq)
        state.fields = None

    def _open(self, sid: str, version: int, stmt_seq: int, seq: int, fields: dict[str, Any]) -> None:
        row = {
            "statement_id": sid, "version": version, "stmt_seq": stmt_seq, "seq_from": seq, "seq_to": None,
            "party": fields["party"], "issue": fields["issue"],
            "period_start": parse_period(fields["stated_on"]).start, "stance": fields["stance"],
            "content": canonical_json(fields).decode(),
        }
        self.rows.append(row)
        self.current[sid] = _Current(fields, version, stmt_seq, row)
        self.missing.pop(sid, None)
        pair = (row["party"], row["issue"])
        if pair not in self.known_topics:
            self.known_topics.add(pair)
            self.new_topics.add(pair)

    def _close_current(self, sid: str, state: _Current, seq: int) -> None:
        if state.pending is not None:
            state.pending["seq_to"] = seq
        else:
            self.closes.append({"sid": sid, "v": state.version, "seq": seq})

    def flush(self) -> None:
        if self.rows:
            self.conn.execute(self.versions.insert(), self.rows)
        if self.closes:
            self.conn.execute(self._close, self.closes)
        if self.new_topics:
            self._insert_topic([{"party": p, "issue": i} for p, i in sorted(self.new_topics)])
        self.rows, self.closes, self.new_topics = [], [], set()
        self.current.clear()
        self.missing.clear()


def _insert_ignoring_duplicates(conn: Connection, table: Table):
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(table).on_conflict_do_nothing()
    return lambda rows: conn.execute(statement, rows)
