"""The reference fold: a plain in-memory replay of the log into positions, as of a date, as known at a seq.

This is the specification of the time semantics in code (README, "Time"); the store's indexed queries must
always agree with it, and the property tests check that they do. It favours clarity over speed.

- A statement's period starts at `parse_period(stated_on).start`; statements are ordered by (that start, the
  seq of the statement itself).
- Known at K: only events with seq <= K exist. A correction takes effect at its own seq; a retraction removes
  the statement from its seq on.
- As of WHEN: a statement counts when its period starts before the end of WHEN's period; a party's position on
  an issue is the last counting statement in that order.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from events.model import STATEMENT_FIELDS, apply_changes
from events.periods import parse_period


@dataclass(frozen=True, slots=True)
class Entry:
    """One event of the log as stored: its place, and its canonical content (with `type`, without `id`)."""

    seq: int
    id: str
    content: dict[str, Any]
    recorded_at: str = ""

    @property
    def type(self) -> str:
        return self.content["type"]


@dataclass(slots=True)
class Known:
    """A statement as known at some seq: every version so far, the corrections, and the retraction if any."""

    id: str
    seq: int  # of the statement itself
    versions: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (seq of the event, fields)
    corrections: list[Entry] = field(default_factory=list)
    retraction: Entry | None = None

    @property
    def fields(self) -> dict[str, Any]:
        """The current content, or the last content before the retraction."""
        return self.versions[-1][1]

    @property
    def sort_key(self) -> tuple[int, int]:
        return parse_period(self.fields["stated_on"]).start, self.seq


def replay(entries: Iterable[Entry], known_seq: int | None = None) -> dict[str, Known]:
    """Every statement known at `known_seq` (None: the whole log), retracted ones included."""
    known: dict[str, Known] = {}
    for entry in entries:
        if known_seq is not None and entry.seq > known_seq:
            break
        content = entry.content
        if entry.type == "statement":
            fields = {k: v for k, v in content.items() if k in STATEMENT_FIELDS}
            known[entry.id] = Known(entry.id, entry.seq, [(entry.seq, fields)])
        elif entry.type == "correction":
            statement = known[content["target"]]
            statement.versions.append((entry.seq, apply_changes(statement.fields, content["changes"])))
            statement.corrections.append(entry)
        elif entry.type == "retraction":
            known[content["target"]].retraction = entry
    return known


def in_force(known: dict[str, Known]) -> list[Known]:
    """Statements not retracted, in stated order."""
    return sorted((s for s in known.values() if s.retraction is None), key=lambda s: s.sort_key)


def positions(known: dict[str, Known], when_end: int) -> dict[tuple[str, str], Known]:
    """(party, issue) -> the last statement counting as of a date whose period ends (exclusive) at when_end."""
    matrix: dict[tuple[str, str], Known] = {}
    for statement in in_force(known):
        if statement.sort_key[0] < when_end:
            matrix[(statement.fields["party"], statement.fields["issue"])] = statement
    return matrix


REVERSALS = {("accept", "reject"), ("reject", "accept"), ("demand", "concede"), ("concede", "demand")}


def shift_kind(before: dict[str, Any] | None, after: dict[str, Any]) -> str | None:
    """How `after` changes a position held as `before`; None for a restatement that changes nothing.

    first: no earlier position · reversed: accept <-> reject or demand <-> concede · changed: another stance ·
    revised: same stance, new position or conditions.
    """
    if before is None:
        return "first"
    if (before["stance"], after["stance"]) in REVERSALS:
        return "reversed"
    if before["stance"] != after["stance"]:
        return "changed"
    if before["position"] != after["position"] or before.get("conditions") != after.get("conditions"):
        return "revised"
    return None


def shifts(known: dict[str, Known]) -> list[tuple[Known | None, Known, str]]:
    """Every shift of every (party, issue), in stated order within each: (from, to, kind)."""
    held: dict[tuple[str, str], Known] = {}
    found = []
    for statement in in_force(known):
        topic = (statement.fields["party"], statement.fields["issue"])
        before = held.get(topic)
        kind = shift_kind(before.fields if before else None, statement.fields)
        if kind is not None:
            found.append((before, statement, kind))
        held[topic] = statement
    return found


def covers(issue_filter: Iterable[str], issue: str) -> bool:
    """`--issue territory` covers territory and territory/…; no filter covers everything."""
    filters = list(issue_filter)
    return not filters or any(issue == f or issue.startswith(f + "/") for f in filters)
