"""What a report says, read from the store once: positions, shifts, corrections and the record's digest.

Every query reads the log as known at one seq (the one `--known-at` gives, or the head when the report starts),
so the digest printed in the footer is the exact record behind every line above it.
"""

import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from cli.views.labels import changed_fields

LAST = 2**62  # the end of every period: as of the end of an open range, every statement counts
# What the summary and the chart read of each statement in force: a whole store's statements are many, and the
# report prints them only through their shifts.
MARKED = ("statement_id", "stated_on", "party", "issue", "stance")


@dataclass(frozen=True)
class Scope:
    """What the reader asked for, as typed and as parsed."""

    fmt: str
    start_text: str | None = None
    end_text: str | None = None
    start: int | None = None
    end: int | None = None
    parties: tuple[str, ...] = ()
    issues: tuple[str, ...] = ()
    known_at: str | None = None


@dataclass(frozen=True)
class Record:
    """The log position the report was made from, and its digest."""

    seq: int
    hash: str
    recorded_at: str | None

    @property
    def digest(self) -> str:
        return f"{self.seq}:{self.hash}"


@dataclass(frozen=True)
class Change:
    """A correction (with each field's old and new value) or a retraction of a statement."""

    type: str
    seq: int
    recorded_at: str
    reason: str
    fields: tuple[tuple[str, Any, Any], ...] = ()


@dataclass(frozen=True)
class Amended:
    """A statement in scope that was corrected or retracted: its last content and what happened to it."""

    statement: dict[str, Any]
    changes: tuple[Change, ...]

    @property
    def retracted(self) -> bool:
        return any(change.type == "retraction" for change in self.changes)


@dataclass
class Report:
    scope: Scope
    record: Record
    party_names: dict[str, str]
    issue_label: Callable[[str], str]
    statements: list[dict[str, Any]]  # in force, in range, in stated order; only their MARKED fields
    matrix: list[dict[str, Any]]  # at the end of the range
    shifts: list[dict[str, Any]]
    amended: list[Amended]
    kinds: dict[str, str] = field(default_factory=dict)  # statement id -> shift kind

    def party(self, slug: str) -> str:
        return self.party_names.get(slug, slug)

    @property
    def parties(self) -> list[str]:
        """Every party the report speaks of, in the store's order (by slug)."""
        seen = {row["party"] for row in self.statements} | {row["party"] for row in self.matrix}
        seen |= {a.statement["party"] for a in self.amended}
        return sorted(seen) if not self.scope.parties else [p for p in self.scope.parties if p in seen]

    @cached_property
    def corrected(self) -> set[str]:
        """Ids of the statements in scope that were corrected and not retracted (made once: asked once per shift)."""
        return {a.statement["statement_id"] for a in self.amended if not a.retracted}

    @property
    def stated_span(self) -> tuple[str, str] | None:
        """The first and last stated dates of the statements in the report."""
        if not self.statements:
            return None
        return self.statements[0]["stated_on"], self.statements[-1]["stated_on"]

    def topics(self) -> list[tuple[str, str, list[dict[str, Any]]]]:
        """Shifts grouped by (party, issue), each group in stated order."""
        groups: dict[tuple[str, str], list] = {}
        for shift in self.shifts:
            groups.setdefault((shift["party"], shift["issue"]), []).append(shift)
        return [(party, issue, rows) for (party, issue), rows in groups.items()]

    def command(self, pinned: bool = False) -> str:
        """The command that makes this report; `pinned`: at the report's seq, so it reads the same record."""
        scope = self.scope
        words = ["stance", "report"]
        for option, value in (("--from", scope.start_text), ("--to", scope.end_text)):
            if value:
                words += [option, value]
        for p in scope.parties:
            words += ["--party", p]
        for i in scope.issues:
            words += ["--issue", i]
        known_at = f"seq:{self.record.seq}" if pinned else scope.known_at
        if known_at:
            words += ["--known-at", known_at]
        words += ["--format", scope.fmt]
        return shlex.join(words)


def head_at(ledger, known: int | None) -> Record:
    """The record as known at seq `known` (None: the whole log): its last seq, hash and recording time."""
    from events.canonical import GENESIS_HASH

    last, _ = ledger.head()
    seq = last if known is None else min(known, last)
    if seq == 0:
        return Record(0, GENESIS_HASH, None)
    rows = ledger.log(seq - 1)
    try:
        row = next(rows)
    finally:
        rows.close()
    return Record(row["seq"], row["hash"], row["recorded_at"])


def gather(ledger, scope: Scope, known: int | None) -> Report:
    """Read everything the report shows, as known at one seq."""
    from cli.views.labels import issue_labels
    from store.positions import as_of, shifts, timeline
    from store.registry import party_names

    record = head_at(ledger, known)
    seq = record.seq
    parties, issues = list(scope.parties), list(scope.issues)
    statements = [{key: row[key] for key in MARKED}
                  for row in timeline(ledger, seq, scope.start, scope.end, parties, issues)]
    found = shifts(ledger, seq, scope.start, scope.end, parties, issues)
    names = party_names(ledger, seq)
    return Report(
        scope=scope,
        record=record,
        party_names=names,
        issue_label=issue_labels(ledger, seq),
        statements=statements,
        matrix=as_of(ledger, scope.end if scope.end is not None else LAST, seq, parties, issues),
        shifts=found,
        amended=amended(ledger, scope, seq, names),
        kinds={s["to"]["statement_id"]: s["kind"] for s in found},
    )


def amended(ledger, scope: Scope, seq: int, names: dict[str, str]) -> list[Amended]:
    """Statements in scope with corrections or a retraction, by party, issue and stated order."""
    from events.periods import parse_period
    from store.positions import counts
    from store.statements import amended as amended_rows
    from store.statements import versions

    parties = list(scope.parties) or sorted(set(names) | {row["party"] for row in counts(ledger, "party", seq)})
    wanted = set(parties)
    found = []
    for row in amended_rows(ledger, list(scope.parties), list(scope.issues), seq):
        start = parse_period(row["stated_on"]).start
        if row["party"] not in wanted:
            continue
        if (scope.start is not None and start < scope.start) or (scope.end is not None and start >= scope.end):
            continue
        found.append(row)
    found.sort(key=lambda row: (row["party"], row["issue"]))  # as Python orders text; stable: stated order kept
    # Every amended statement's versions in a few queries, not three queries per statement.
    contents = versions(ledger, [row["statement_id"] for row in found], seq)
    return [_amended(row, contents[row["statement_id"]]) for row in found]


def _amended(row: dict[str, Any], contents: list[tuple[int, dict[str, Any]]]) -> Amended:
    """`contents`: the statement's versions in order, each (seq_from, content)."""
    changes = []
    corrections = {c["seq"]: c for c in row["corrections"]}
    for (_, before), (seq, after) in zip(contents, contents[1:], strict=False):
        correction = corrections[seq]
        changes.append(Change("correction", seq, correction["recorded_at"], correction["reason"],
                              tuple(changed_fields(before, after))))
    if row["retraction"]:
        retraction = row["retraction"]
        changes.append(Change("retraction", retraction["seq"], retraction["recorded_at"], retraction["reason"]))
    return Amended(row, tuple(changes))
