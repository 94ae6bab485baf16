"""The record as a file: `export --record` writes the log with seq, recorded_at, recorded_by and hash, and
`import --record` appends such a file to a store whose head it continues, keeping all four.

One line per event, in seq order:

    {"seq":1,"recorded_at":"…","recorded_by":"…","hash":"…","event":{…the import line, as export writes it…}}

A restore checks every line before anything is committed: seq continues the store's head without gaps, each
hash is the one the store computes for the line chained to its own head, recorded_at never goes back, and each
event passes every check an import makes (at the moment of its own recorded_at). Both ways stream.
"""

import re
from collections.abc import Iterable, Iterator

import orjson

from events.canonical import canonical_json, chain_hash, content_id, export_line
from events.lines import MAX_LINE_BYTES
from events.periods import NotADate, parse_instant
from events.validation import Invalid, parse_event
from store.append import Appended, Appender, Stamp
from store.errors import Refused
from store.ledger import Ledger, check_recorder, pages
from store.schema import event_log

RECORD_KEYS = ("seq", "recorded_at", "recorded_by", "hash", "event")
_HASH = re.compile(r"[0-9a-f]{64}\Z")


def export_record(ledger: Ledger, since: int = 0) -> Iterator[bytes]:
    """The log after seq `since` as record lines, page by page: the same bytes from every backend."""
    cols = [event_log.c[name] for name in ("seq", "recorded_at", "recorded_by", "hash", "id", "body")]
    with ledger.reader() as conn:
        for seq, recorded_at, recorded_by, hash_, event_id, body in pages(conn, cols, since):
            yield b"".join((b'{"seq":', str(seq).encode(), b',"recorded_at":', orjson.dumps(recorded_at),
                            b',"recorded_by":', orjson.dumps(recorded_by), b',"hash":"', hash_.encode(),
                            b'","event":', export_line(event_id, body.encode()), b"}\n"))


class _Chain:
    """Where the record being restored stands: the seq, hash and recorded_at of the line before."""

    def __init__(self, seq: int, hash_: str | None, recorded_at: str | None):
        self.seq, self.hash, self.recorded_at = seq, hash_, recorded_at or ""
        self.head = seq
        self.first = True
        self.broken = False  # after a line that does not continue the chain, later lines are checked on their own

    def check(self, line: dict) -> tuple[list[str], object | None, Stamp | None, bytes | None]:
        """The problems of one decoded line; and when it has none, its event, stamp and canonical body."""
        problems = [f"a record line needs '{key}'" for key in RECORD_KEYS if key not in line]
        problems += [f"unknown field '{key}' in a record line" for key in line if key not in RECORD_KEYS]
        if problems:
            self._skip(line)
            return problems, None, None, None
        seq, recorded_at, recorded_by, claimed = (line[key] for key in RECORD_KEYS[:4])
        if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
            self._skip(line)
            return [f"seq {seq!r} is not a whole number from 1"], None, None, None
        problems += self._seq_problems(seq)
        self.broken = self.broken or bool(problems)
        try:
            parse_instant(recorded_at)
            if recorded_at < self.recorded_at:
                problems.append(f"recorded_at {recorded_at} goes back in time (the event before was recorded at "
                                f"{self.recorded_at})")
        except NotADate as e:
            problems.append(f"recorded_at {recorded_at!r} {e}")
        if not isinstance(recorded_by, str):
            problems.append("recorded_by must be a string")
        else:
            try:
                check_recorder(recorded_by)
            except Refused:
                problems.append(f"recorded_by {recorded_by!r} must be 1 to 200 printable characters")
        if not isinstance(claimed, str) or not _HASH.match(claimed):
            problems.append(f"hash {claimed!r} is not 64 lowercase hex digits")
        try:
            event = parse_event(line["event"])
        except Invalid as e:
            problems += [f"event: {problem}" for problem in e.problems]
            event = None
        body = None
        if not problems and self.hash is not None:  # None: the line before had no hash to chain to
            body = canonical_json(event.content())
            expected = chain_hash(self.hash, seq, event.id or content_id(body), event.type, recorded_at,
                                  recorded_by, body)
            if claimed != expected and seq == self.head + 1:
                self.broken = True
                problems.append(f"hash of seq {seq} does not match the line's content chained to the store's head "
                                f"(seq {self.head}): the line was changed, or the record is of another log")
            elif claimed != expected:
                self.broken = True
                problems.append(f"hash of seq {seq} does not match the line's content chained to the hash before "
                                "it: the line was changed, or it does not follow the line before")
        # The next line is checked against this one as it claims to be: one changed line is one problem.
        self.seq = seq
        self.hash = claimed if isinstance(claimed, str) and _HASH.match(claimed) else None
        if isinstance(recorded_at, str) and recorded_at > self.recorded_at:
            self.recorded_at = recorded_at
        if problems:
            return problems, None, None, None
        return problems, event, Stamp(recorded_at, recorded_by), body

    def _skip(self, line: dict) -> None:
        """A line too broken to check: the next one is checked against what this one claims, where it can be."""
        seq, claimed = line.get("seq"), line.get("hash")
        self.seq = seq if isinstance(seq, int) and not isinstance(seq, bool) else self.seq + 1
        self.hash = claimed if isinstance(claimed, str) and _HASH.match(claimed) else None
        self.first, self.broken = False, True

    def _seq_problems(self, seq: int) -> list[str]:
        expected, first = self.seq + 1, self.first
        self.first = False
        if seq == expected:
            return []
        if first:
            return [f"seq {seq} does not continue the store's head: the store ends at seq {self.head}, so the "
                    f"record must start at seq {expected} (export it with --since {self.head})"]
        if seq > expected:
            return [f"seq {seq} follows seq {self.seq}: the record has a gap (seq {expected} is missing)"]
        return [f"seq {seq} follows seq {self.seq}: seq must rise by one from line to line"]


def import_record(ledger: Ledger, lines: Iterable[bytes]) -> Appended:
    """Append a record file whole or not at all; Refused lists every problem with its line."""
    with ledger.writer() as conn:
        appender = Appender(conn, recorded_by="")
        appender.skip_known = False  # every line takes its own seq: an event already stored cannot be skipped
        chain = _Chain(appender.seq, appender.hash, appender.last_recorded_at)
        for number, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            if len(raw) > 2 * MAX_LINE_BYTES:
                appender.problem(number, f"line is {len(raw):,} bytes long; the limit is {2 * MAX_LINE_BYTES:,}")
                continue
            try:
                line = orjson.loads(raw)
            except orjson.JSONDecodeError:
                appender.problem(number, "malformed JSON: not a record line")
                continue
            if not isinstance(line, dict):
                appender.problem(number, "a record line is a JSON object")
                continue
            problems, event, stamp, body = chain.check(line)
            for problem in problems:
                appender.problem(number, problem)
            if event is not None and not chain.broken:  # against a broken chain the store's checks mislead
                appender.add(number, event, stamp, body)
        appended = appender.finish()
    ledger.after_append(appended)
    return appended
