"""Turns log events into versions of statements and registry entries, in batches, in the caller's transaction.

Used by the append path (so projections move with the log in one transaction), by `rebuild`, and by `verify`
(which projects into scratch tables and compares). The state of what the current batch touches is kept in
memory and dropped at each flush, so memory does not grow with the log.
"""

from dataclasses import dataclass
from typing import Any, NamedTuple

import orjson
from sqlalchemy import Connection, Table, select, tuple_

from events.canonical import canonical_json
from events.model import STATEMENT_FIELDS, apply_changes
from events.periods import parse_period
from events.registry import FIELDS, KEY_FIELD
from events.validation import check_changes
from store.bulk import insert_rows, insert_sql, mark
from store.schema import IN_LOG, event_log, version_fields, version_text
from store.search import SearchIndex

COLUMNS = {
    "statements": ("statement_id", "version", "stmt_seq", "seq_from", "seq_to", "party", "issue", "period_start",
                   "stance", "content"),
    "registry": ("entry_id", "version", "kind", "key", "seq_from", "seq_to", "content"),
}
SEQ_TO = {name: columns.index("seq_to") for name, columns in COLUMNS.items()}
# Each table's key, as a version is closed by it: a statement's by its seq (revision 0009), an entry's by its id.
KEY = {"statements": "stmt_seq", "registry": "entry_id"}


class Tables(NamedTuple):
    statements: Table  # statement_version
    topics: Table  # topic
    registry: Table  # registry_version


@dataclass(slots=True)
class _Current:
    kind: str  # statement | party | issue | speaker
    fields: dict[str, Any] | None  # None once retracted
    version: int
    stmt_seq: int  # the statement's own seq (unused for registry entries)
    pending: list | None  # the version row not yet written, when it was made in this batch


class Projector:
    def __init__(self, conn: Connection, tables: Tables, search: bool = True):
        """`search`: keep the full-text index too (a replay into scratch tables for `verify` does not)."""
        self.conn = conn
        self.tables = tables
        self.search = SearchIndex(conn) if search else None
        self.current: dict[str, _Current] = {}
        self.missing: dict[str, str | None] = {}  # looked-up ids with no current version: their log type
        self.keys: dict[tuple[str, str], str] = {}  # (kind, key) -> entry id, for keys looked up or registered
        self.rows: dict[str, list[list]] = {"statements": [], "registry": []}
        self.closes: dict[str, list[tuple]] = {"statements": [], "registry": []}
        self.known_topics: set[tuple[str, str]] = set()
        self.new_topics: set[tuple[str, str]] = set()
        self.in_force: dict[tuple[str, str], int] = {}  # per topic, statements this batch put in or out of force
        self._insert_topic = insert_sql(conn, tables.topics.name, ("party", "issue", "statements"),
                                        ignore_duplicates=True)
        m = mark(conn)
        self._count = (f"UPDATE {tables.topics.name} SET statements = statements + {m} "
                       f"WHERE party = {m} AND issue = {m}")
        self._close = {
            name: f"UPDATE {getattr(tables, name).name} SET seq_to = {m} WHERE {KEY[name]} = {m} "
                  f"AND version = {m}"
            for name in COLUMNS
        }

    # --- looking up what a batch needs ----------------------------------------------------------------------

    def prefetch(self, targets: set[str], keys: set[tuple[str, str]] = frozenset()) -> None:
        """Load the current versions of the statements and entries this batch corrects or retracts, and which
        registry keys it would register are taken already."""
        wanted = [t for t in targets if t not in self.current and t not in self.missing]
        if wanted:
            s = self.tables.statements.c
            for sid, version, stmt_seq, text in self.conn.execute(
                    select(s.statement_id, s.version, s.stmt_seq, version_text(s.content, event_log.c.body))
                    .join_from(self.tables.statements, event_log, event_log.c.seq == s.seq_from)
                    .where(s.stmt_seq.in_(select(event_log.c.seq).where(event_log.c.id.in_(wanted))),
                           s.seq_to.is_(None))):
                self.current[sid] = _Current("statement", version_fields(text), version, stmt_seq, None)
            r = self.tables.registry.c
            for eid, version, kind, content in self.conn.execute(
                    select(r.entry_id, r.version, r.kind, r.content)
                    .where(r.entry_id.in_([t for t in wanted if t not in self.current]), r.seq_to.is_(None))):
                self.current[eid] = _Current(kind, orjson.loads(content), version, 0, None)
            absent = [t for t in wanted if t not in self.current]
            if absent:
                found = select(event_log.c.id, event_log.c.type).where(event_log.c.id.in_(absent))
                types = dict(self.conn.execute(found).all())
                for t in absent:
                    self.missing[t] = types.get(t)
        unknown = [k for k in keys if k not in self.keys]
        if unknown:
            r = self.tables.registry.c
            for kind, key, eid in self.conn.execute(
                    select(r.kind, r.key, r.entry_id).where(tuple_(r.kind, r.key).in_(unknown), r.seq_to.is_(None))):
                self.keys[(kind, key)] = eid

    def target_problem(self, target: str, verb: str) -> str | None:
        """Why `target` cannot be corrected or retracted now, or None when it can."""
        state = self.current.get(target)
        if state is not None and state.fields is not None:
            if verb == "retract" and state.kind != "statement":
                return f"cannot retract {state.kind} {target}: registry entries are corrected, not retracted"
            return None
        if state is not None or self.missing.get(target) == "statement":
            return f"cannot {verb} statement {target}: it was retracted"
        if self.missing.get(target) in ("correction", "retraction"):
            return f"cannot {verb} {target}: it is a {self.missing[target]}, not a statement"
        return f"cannot {verb} unknown statement {target}"

    # --- applying events ------------------------------------------------------------------------------------

    def prefetch_for(self, events: list[tuple[str, dict[str, Any]]]) -> None:
        """`prefetch` for a batch of (type, content without type) pairs, as `apply` takes them."""
        self.prefetch({data["target"] for kind, data in events if kind in ("correction", "retraction")},
                      {(kind, data[KEY_FIELD[kind]]) for kind, data in events if kind in KEY_FIELD})

    def apply(self, seq: int, event_id: str, kind: str, data: dict[str, Any]) -> str | None:
        """Apply one event of type `kind` (its content without `type`) at `seq`: the one way events reach the
        projections, for the append path, `rebuild` and `verify` alike. Returns why the store refuses it, or None."""
        if kind == "statement":
            self.statement(seq, event_id, data)
            return None
        if kind in KEY_FIELD:
            return self.register(seq, event_id, kind, data)
        target = data["target"]
        problem = self.target_problem(target, "correct" if kind == "correction" else "retract")
        if problem:
            return problem
        if kind == "correction":
            return self.correction(seq, target, data["changes"])
        self.retraction(seq, target)
        return None

    def statement(self, seq: int, statement_id: str, fields: dict[str, Any]) -> None:
        self._open(statement_id, "statement", 1, seq, seq, fields, IN_LOG)  # its text is the log's body

    def register(self, seq: int, entry_id: str, kind: str, fields: dict[str, Any]) -> str | None:
        """Add a registry entry; return a problem instead when its key is taken."""
        key = fields[KEY_FIELD[kind]]
        taken = self.keys.get((kind, key))
        if taken is not None:
            return f"{kind} '{key}' is already registered (entry {taken}); correct that entry instead"
        self.keys[(kind, key)] = entry_id
        self._open(entry_id, kind, 1, 0, seq, fields)
        return None

    def correction(self, seq: int, target: str, changes: dict[str, Any]) -> str | None:
        """Apply a correction; return a problem instead when it is invalid for its target or changes nothing."""
        state = self.current[target]
        problems = check_changes(state.kind, changes)
        if problems:
            return "; ".join(problems)
        order = STATEMENT_FIELDS if state.kind == "statement" else FIELDS[state.kind]
        fields = apply_changes(state.fields, changes, order)
        if fields == state.fields:
            return f"the correction of {target} changes nothing"
        self._close_current(target, state, seq)
        self._open(target, state.kind, state.version + 1, state.stmt_seq, seq, fields)
        return None

    def retraction(self, seq: int, target: str) -> None:
        state = self.current[target]
        self._close_current(target, state, seq)
        state.fields = None

    def _open(self, eid: str, kind: str, version: int, stmt_seq: int, seq: int, fields: dict[str, Any],
              content: str | None = None) -> None:
        if content is None:
            content = canonical_json(fields).decode()
        if kind == "statement":
            pair = (fields["party"], fields["issue"])
            row = [eid, version, stmt_seq, seq, None, pair[0], pair[1], parse_period(fields["stated_on"]).start,
                   fields["stance"], content]
            self.rows["statements"].append(row)
            if self.search is not None:
                self.search.add(seq, eid, version, fields)
            if pair not in self.known_topics:
                self.known_topics.add(pair)
                self.new_topics.add(pair)
            self.in_force[pair] = self.in_force.get(pair, 0) + 1
        else:
            row = [eid, version, kind, fields[KEY_FIELD[kind]], seq, None, content]
            self.rows["registry"].append(row)
        self.current[eid] = _Current(kind, fields, version, stmt_seq, row)
        self.missing.pop(eid, None)

    def _close_current(self, eid: str, state: _Current, seq: int) -> None:
        table = "statements" if state.kind == "statement" else "registry"
        if state.kind == "statement":  # a correction's new version counts again in its own _open
            pair = (state.fields["party"], state.fields["issue"])
            self.in_force[pair] = self.in_force.get(pair, 0) - 1
        if state.pending is not None:
            state.pending[SEQ_TO[table]] = seq
        else:
            self.closes[table].append((seq, state.stmt_seq if table == "statements" else eid, state.version))

    def flush(self) -> None:
        for name in ("statements", "registry"):
            # Close old versions first: the registry allows one current version per key.
            if self.closes[name]:
                self.conn.exec_driver_sql(self._close[name], self.closes[name])
            if self.rows[name]:
                insert_rows(self.conn, getattr(self.tables, name).name, COLUMNS[name],
                            [tuple(row) for row in self.rows[name]])
            self.rows[name], self.closes[name] = [], []
        if self.search is not None:
            self.search.flush()
        if self.new_topics:
            self.conn.exec_driver_sql(self._insert_topic, [(*pair, 0) for pair in sorted(self.new_topics)])
        changed = [(n, *pair) for pair, n in sorted(self.in_force.items()) if n]
        if changed:
            self.conn.exec_driver_sql(self._count, changed)
        self.new_topics = set()
        self.in_force = {}
        self.current.clear()
        self.missing.clear()
        self.keys.clear()
