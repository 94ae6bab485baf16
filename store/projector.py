"""Turns log events into versions of statements and registry entries, in batches, in the caller's transaction.

Used by the append path (so projections move with the log in one transaction), by `rebuild`, and by `verify`
(which projects into scratch tables and compares). The state of what the current batch touches is kept in
memory and dropped at each flush, so memory does not grow with the log.
"""

from dataclasses import dataclass
from typing import Any, NamedTuple

import orjson
from sqlalchemy import Connection, Table, bindparam, select, tuple_, update

from events.canonical import canonical_json
from events.model import STATEMENT_FIELDS, apply_changes
from events.periods import parse_period
from events.registry import FIELDS, KEY_FIELD
from events.validation import check_changes
from store.schema import event_log


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
    pending: dict | None  # the version row not yet written, when it was made in this batch


class Projector:
    def __init__(self, conn: Connection, tables: Tables):
        self.conn = conn
        self.tables = tables
        self.current: dict[str, _Current] = {}
        self.missing: dict[str, str | None] = {}  # looked-up ids with no current version: their log type
        self.keys: dict[tuple[str, str], str] = {}  # (kind, key) -> entry id, for keys looked up or registered
        self.rows: dict[str, list[dict]] = {"statements": [], "registry": []}
        self.closes: dict[str, list[dict]] = {"statements": [], "registry": []}
        self.known_topics: set[tuple[str, str]] = set()
        self.new_topics: set[tuple[str, str]] = set()
        self._insert_topic = _insert_ignoring_duplicates(conn, tables.topics)
        self._close = {
            "statements": _closer(tables.statements, tables.statements.c.statement_id),
            "registry": _closer(tables.registry, tables.registry.c.entry_id),
        }

    # --- looking up what a batch needs ----------------------------------------------------------------------

    def prefetch(self, targets: set[str], keys: set[tuple[str, str]] = frozenset()) -> None:
        """Load the current versions of the statements and entries this batch corrects or retracts, and which
        registry keys it would register are taken already."""
        wanted = [t for t in targets if t not in self.current and t not in self.missing]
        if wanted:
            s = self.tables.statements.c
            for sid, version, stmt_seq, content in self.conn.execute(
                    select(s.statement_id, s.version, s.stmt_seq, s.content)
                    .where(s.statement_id.in_(wanted), s.seq_to.is_(None))):
                self.current[sid] = _Current("statement", orjson.loads(content), version, stmt_seq, None)
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

    def statement(self, seq: int, statement_id: str, fields: dict[str, Any]) -> None:
        self._open(statement_id, "statement", 1, seq, seq, fields)

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

    def _open(self, eid: str, kind: str, version: int, stmt_seq: int, seq: int, fields: dict[str, Any]) -> None:
        content = canonical_json(fields).decode()
        if kind == "statement":
            row = {
                "statement_id": eid, "version": version, "stmt_seq": stmt_seq, "seq_from": seq, "seq_to": None,
                "party": fields["party"], "issue": fields["issue"],
                "period_start": parse_period(fields["stated_on"]).start, "stance": fields["stance"],
                "content": content,
            }
            self.rows["statements"].append(row)
            pair = (row["party"], row["issue"])
            if pair not in self.known_topics:
                self.known_topics.add(pair)
                self.new_topics.add(pair)
        else:
            row = {"entry_id": eid, "version": version, "kind": kind, "key": fields[KEY_FIELD[kind]],
                   "seq_from": seq, "seq_to": None, "content": content}
            self.rows["registry"].append(row)
        self.current[eid] = _Current(kind, fields, version, stmt_seq, row)
        self.missing.pop(eid, None)

    def _close_current(self, eid: str, state: _Current, seq: int) -> None:
        if state.pending is not None:
            state.pending["seq_to"] = seq
        else:
            table = "statements" if state.kind == "statement" else "registry"
            self.closes[table].append({"eid": eid, "v": state.version, "seq": seq})

    def flush(self) -> None:
        for name in ("statements", "registry"):
            # Close old versions first: the registry allows one current version per key.
            if self.closes[name]:
                self.conn.execute(self._close[name], self.closes[name])
            if self.rows[name]:
                self.conn.execute(getattr(self.tables, name).insert(), self.rows[name])
            self.rows[name], self.closes[name] = [], []
        if self.new_topics:
            self._insert_topic([{"party": p, "issue": i} for p, i in sorted(self.new_topics)])
        self.new_topics = set()
        self.current.clear()
        self.missing.clear()
        self.keys.clear()


def _closer(table: Table, id_column):
    return (update(table).where(id_column == bindparam("eid"), table.c.version == bindparam("v"))
            .values(seq_to=bindparam("seq")))


def _insert_ignoring_duplicates(conn: Connection, table: Table):
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(table).on_conflict_do_nothing()
    return lambda rows: conn.execute(statement, rows)
