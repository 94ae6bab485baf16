"""Tamper drill: the database is edited behind the tool's back, and `stance verify` must tell, naming the seq.

Each case starts from a store with a few hundred events written by the store itself, drops the guard triggers
(as anyone with the database's password could), edits the log with plain SQL at seeded random places, and runs
`stance verify`: exit 1, the first bad seq named, the digest of the last good event printed.
"""

import json
import random
import secrets
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from conftest import fresh_location
from drill_helpers import (
    assert_verifies,
    backend_label,
    generated_events,
    invoke,
    log_entries,
    run_cli,
    verify_cli,
)
from figures import Stopwatch, record
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.pool import NullPool

from events import Statement
from events.canonical import canonical_json, chain_hash
from events.lines import decode_jsonl
from store import Ledger
from store.engine import normalize_url
from store.guards import (
    LOG_GUARDED,
    create_guards,
    create_replace_guard,
    drop_guards,
    drop_replace_guard,
    expected_triggers,
)

SEED = 20_251_128
PLACES = 2  # random places per kind of tampering and backend

PROVES = (
    "Every rewrite of the log done with plain SQL behind the tool's back — a payload changed, a row deleted, two "
    "rows swapped, a forged row (with a random well-formed hash, or one chained correctly from the hash before "
    "it), the tail truncated or rewritten, each with the guard triggers put back afterwards — makes `stance "
    "verify` exit 1, naming the first bad seq and the digest up to which the log is intact (a chained forgery "
    "whose checkpoint was moved too is caught by the projection check, which names the table, not the seq); what "
    "the chain cannot show by itself (a truncated or rewritten tail) a digest taken earlier does. A guard trigger "
    "dropped or disabled is named by verify too, before any rewrite is made through the gap."
)


def fill(url: str) -> None:
    """About 330 events in nine transactions by three recorders: statements, corrections, retractions, registry."""
    ledger = Ledger(url)
    try:
        lines = [line.encode() for line in generated_events(320, SEED)]
        for part, by in zip(range(0, 320, 40), ["alice", "bob", "carol"] * 3, strict=False):
            ledger.append(decode_jsonl(lines[part:part + 40]), by)
        sid = ledger.record(Statement({"stated_on": "2025-11", "party": "ukraine", "issue": "ceasefire",
                                       "stance": "propose", "position": "A 30-day ceasefire.",
                                       "source": {"outlet": "Ukrinform"}}), "dave").ids[0]
        ledger.correct(sid, {"conditions": "if Russia agrees"}, "omitted condition", "dave")
        ledger.append(decode_jsonl([b'{"type": "party", "slug": "ukraine", "name": "Ukraine"}']), "erin")
        ledger.retract(sid, "not said", "dave")
    finally:
        ledger.close()


@dataclass
class Row:
    seq: int
    id: str
    type: str
    target: str | None
    recorded_at: str
    recorded_by: str
    body: str
    hash: str


def rows(conn: Connection) -> list[Row]:
    return [Row(*r) for r in conn.execute(text(
        "SELECT seq, id, type, target, recorded_at, recorded_by, body, hash FROM event_log ORDER BY seq"))]


def insert(conn: Connection, row: Row) -> None:
    conn.execute(text("INSERT INTO event_log (seq, id, type, target, recorded_at, recorded_by, body, hash) "
                      "VALUES (:seq, :id, :type, :target, :recorded_at, :recorded_by, :body, :hash)"), vars(row))


def forged(seq: int, before: Row, hash_: str | None = None) -> Row:
    """A statement nobody recorded: well-formed in every column; its hash random unless given."""
    body = canonical_json({"type": "statement", "stated_on": "2025-12-01", "party": "russia", "issue": "territory",
                           "stance": "concede", "position": "Russia withdraws from all occupied territory.",
                           "source": {"outlet": "Forged Times"}}).decode()
    return Row(seq, str(uuid.uuid4()), "statement", None, before.recorded_at, "mallory", body,
               hash_ or secrets.token_hex(32))


def chained(row: Row, previous: str) -> str:
    return chain_hash(previous, row.seq, row.id, row.type, row.recorded_at, row.recorded_by, row.body.encode())


# Each kind edits the log and returns the seq verify must name first and the digest up to which the log is intact.
Tamper = Callable[[Connection, list[Row], random.Random], tuple[int, str]]


def intact_before(seq: int, log: list[Row]) -> tuple[int, str]:
    return seq, f"{seq - 1}:{log[seq - 2].hash}"


def change_payload(conn, log, rng):
    row = log[rng.randrange(1, len(log))]
    event = json.loads(row.body)
    field = "position" if "position" in event else "reason" if "reason" in event else "name"
    event[field] = event[field] + " (edited)"
    conn.execute(text("UPDATE event_log SET body = :body WHERE seq = :seq"),
                 {"body": canonical_json(event).decode(), "seq": row.seq})
    return intact_before(row.seq, log)


def delete_row(conn, log, rng):
    seq = rng.randrange(2, len(log))
    conn.execute(text("DELETE FROM event_log WHERE seq = :seq"), {"seq": seq})
    return intact_before(seq, log)


def swap(conn, a: int, b: int) -> None:
    for old, new in ((a, -1), (b, a), (-1, b)):
        conn.execute(text("UPDATE event_log SET seq = :new WHERE seq = :old"), {"old": old, "new": new})


def swap_neighbours(conn, log, rng):
    a = rng.randrange(2, len(log))
    swap(conn, a, a + 1)
    return intact_before(a, log)


def swap_far_apart(conn, log, rng):
    a, b = sorted(rng.sample(range(2, len(log) + 1), 2))
    swap(conn, a, b)
    return intact_before(a, log)


def forge_in_place(conn, log, rng):
    """A row replaced by a forged one with a random, well-formed hash."""
    seq = rng.randrange(2, len(log))
    conn.execute(text("DELETE FROM event_log WHERE seq = :seq"), {"seq": seq})
    insert(conn, forged(seq, log[seq - 2]))
    return intact_before(seq, log)


def forge_chained_in_place(conn, log, rng):
    """A row replaced by a forged one chained correctly from the hash before it: the break shows at the next."""
    seq = rng.randrange(2, len(log))
    conn.execute(text("DELETE FROM event_log WHERE seq = :seq"), {"seq": seq})
    row = forged(seq, log[seq - 2])
    row.hash = chained(row, log[seq - 2].hash)
    insert(conn, row)
    return seq + 1, f"{seq}:{row.hash}"


def forge_at_end(conn, log, rng):
    insert(conn, forged(len(log) + 1, log[-1]))
    return len(log) + 1, f"{len(log)}:{log[-1].hash}"


def forge_chained_at_end(conn, log, rng):
    """Appended with a correct chain hash, without the projections the store writes in the same transaction."""
    row = forged(len(log) + 1, log[-1])
    row.hash = chained(row, log[-1].hash)
    insert(conn, row)
    return row.seq, f"{row.seq}:{row.hash}"


def forge_chained_at_end_moving_the_checkpoint(conn, log, rng):
    """As above, and the projections' checkpoint moved past it: the projections no longer match a replay."""
    seq, intact = forge_chained_at_end(conn, log, rng)
    conn.execute(text("UPDATE projection_state SET last_seq = :seq"), {"seq": seq})
    return seq, intact


KINDS: dict[str, Tamper] = {
    "payload changed": change_payload,
    "row deleted": delete_row,
    "neighbouring rows swapped": swap_neighbours,
    "distant rows swapped": swap_far_apart,
    "row replaced by a forgery (random hash)": forge_in_place,
    "row replaced by a forgery (chained hash)": forge_chained_in_place,
    "forgery appended (random hash)": forge_at_end,
    "forgery appended (chained hash, no projections)": forge_chained_at_end,
    "forgery appended (chained hash, checkpoint moved)": forge_chained_at_end_moving_the_checkpoint,
}


def expected_problems(kind: str, seq: int) -> list[str]:
    if kind == "row deleted":
        return [f"error: seq {seq} is missing: the log goes from seq {seq - 1} to seq {seq + 1}"]
    if "no projections" in kind:
        return [f"error: projections were last updated at seq {seq - 1}, the log ends at seq {seq}; "
                "run `stance rebuild`"]
    if "checkpoint moved" in kind:
        # The chain holds, but the projections show where the log was extended: the forged statement has no
        # version, and its topic's count of statements in force (revision 0008) lacks it.
        return [f"error: projection statement_version differs from a fresh replay of the log from seq {seq} on; "
                "run `stance rebuild`",
                "error: projection topic differs from a fresh replay of the log; run `stance rebuild`"]
    return [f"error: seq {seq}: its hash does not match its content or the hash before it"]


@contextmanager
def unguarded(url: str) -> Iterator[Connection]:
    """A plain connection of another program, in one transaction, with the log's guard triggers dropped while the
    log is edited and put back after, so that no missing guard gives the edit away."""
    engine = create_engine(normalize_url(url), poolclass=NullPool)
    try:
        with engine.begin() as conn:
            dialect = conn.dialect.name
            for sql in drop_guards(dialect, "event_log", LOG_GUARDED):
                conn.execute(text(sql))
            if dialect == "sqlite":
                conn.execute(text(drop_replace_guard("event_log")))
            yield conn
            for sql in create_guards(dialect, "event_log", LOG_GUARDED):
                conn.execute(text(sql))
            if dialect == "sqlite":
                conn.execute(text(create_replace_guard("event_log", (("seq",), ("id",)))))
    finally:
        engine.dispose()


def guards_removed(backend: str, tmp_path, rng: random.Random) -> dict[str, int]:
    """A guard trigger dropped, or disabled on PostgreSQL, and nothing else yet: the door left open is named."""
    detected = {"guard trigger removed": 0}
    for _ in range(PLACES):
        with fresh_location(backend, tmp_path, migrated=True) as url:
            fill(url)
            engine = create_engine(normalize_url(url), poolclass=NullPool)
            try:
                with engine.begin() as conn:
                    name = rng.choice(sorted(expected_triggers(conn.dialect.name)))
                    table = conn.exec_driver_sql(
                        "SELECT tbl_name FROM sqlite_master WHERE name = ?" if backend == "sqlite" else
                        "SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = %s", (name,)).scalar_one()
                    if backend == "sqlite" or rng.random() < 0.5:
                        conn.exec_driver_sql(f"DROP TRIGGER {name}" + ("" if backend == "sqlite" else f" ON {table}"))
                    else:
                        conn.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER {name}")
            finally:
                engine.dispose()
            code, _, err = verify_cli(url)
            assert code == 1 and err[0] == (
                f"error: guards missing or disabled: {name}; they were removed outside stancelog, and the database "
                "no longer refuses rewrites of the record"), err
            detected["guard trigger removed"] += 1
    return detected


def tail_rewrites(backend: str, tmp_path, rng: random.Random) -> dict[str, int]:
    """The tail cut off or replaced: what is left is a valid log, so only a digest taken earlier can tell."""
    detected = dict.fromkeys(("tail truncated", "tail truncated, projections rebuilt to match",
                              "tail rewritten, projections rebuilt to match"), 0)
    for kind in detected:
        for _ in range(PLACES):
            with fresh_location(backend, tmp_path, migrated=True) as url:
                fill(url)
                digest = assert_verifies(url)  # kept from earlier, as a published report would keep it
                last = int(digest.split(":")[0])
                keep = rng.randrange(last // 2, last - 1)
                with unguarded(url) as conn:
                    conn.execute(text("DELETE FROM event_log WHERE seq > :keep"), {"keep": keep})
                if kind != "tail truncated":
                    assert invoke(url, "rebuild").exit_code == 0
                if kind.startswith("tail rewritten"):
                    other = "\n".join(generated_events(last - keep + 3, rng.randrange(10**9)))
                    assert invoke(url, "import", "-", input=other).exit_code == 0
                code, _, err = verify_cli(url)
                if kind == "tail truncated":  # the projections still hold the events cut off
                    assert (code, err[0]) == (1, f"error: projections were last updated at seq {last}, the log ends "
                                                 f"at seq {keep}; run `stance rebuild`")
                else:
                    assert (code, err) == (0, [])  # the chain alone cannot tell
                code, _, err = verify_cli(url, "--digest", digest)
                seq, old = digest.split(":")
                if kind.startswith("tail rewritten"):
                    new = next(e["hash"] for e in log_entries(url) if e["seq"] == last)
                    problem = f"error: digest {digest}: seq {seq} now has hash {new} (the log was rewritten)"
                else:
                    problem = f"error: digest {digest}: the log has no seq {seq} (it was truncated)"
                assert code == 1 and err[0] == problem, err
                detected[kind] += 1
    return detected


@pytest.mark.slow
def test_verify_names_the_first_bad_seq_of_every_rewrite(backend, tmp_path):
    watch = Stopwatch()
    rng = random.Random(SEED)
    detected, server, events = {}, None, 0
    for kind, edit in KINDS.items():
        detected[kind] = 0
        for place in range(PLACES):
            with fresh_location(backend, tmp_path, migrated=True) as url:
                fill(url)
                server = server or backend_label(backend, url)
                with unguarded(url) as conn:
                    log = rows(conn)
                    seq, intact = edit(conn, log, rng)
                events = len(log)
                if place == 0 and kind == "payload changed":  # once as a process of its own, for its exit code
                    done = run_cli(url, "verify")
                    code, err = done.returncode, done.stderr.splitlines()
                else:
                    code, _, err = verify_cli(url)
                assert code == 1, (kind, err)
                assert err == [*expected_problems(kind, seq),
                               f"error: verify failed; the log is intact up to digest {intact}"], kind
                detected[kind] += 1
    detected.update(tail_rewrites(backend, tmp_path, rng))
    detected.update(guards_removed(backend, tmp_path, rng))
    record("tamper", backend, PROVES, watch.seconds, server=server, events_per_store=events,
           tampers=len(detected) * PLACES, detected=sum(detected.values()), detected_by_kind=detected)


def test_verify_names_the_seq_of_a_chained_forgery_whose_checkpoint_was_moved(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    fill(url)
    with unguarded(url) as conn:
        seq, _ = forge_chained_at_end_moving_the_checkpoint(conn, rows(conn), random.Random(SEED))
    code, _, err = verify_cli(url)
    assert code == 1
    assert f"seq {seq}" in err[0], err


# --- a record file tampered with on its way ------------------------------------------------------------------

PROVES_RECORD = (
    "A record file (`export --record`) changed on its way to a restore — a byte of an event's body, a recorded_at "
    "or a recorded_by changed, a line removed (a gap), two lines swapped, a hash replaced, or a file that does not "
    "continue the store's head (its first lines cut, or applied to a store that already holds them) — is refused "
    "whole by `import --record`, exit 1, naming the first bad line; the store is left as it was."
)


def _flip(text: str, rng: random.Random) -> str:
    """One character of the text changed for another (one or two bytes in UTF-8)."""
    i = rng.randrange(len(text))
    return text[:i] + ("x" if text[i] != "x" else "y") + text[i + 1:]


def _later(recorded_at: str) -> str:
    from events.periods import format_instant, parse_instant

    return format_instant(parse_instant(recorded_at) + 1)


def _hash_problem(n: int) -> str:
    """Into an empty store, line n is seq n; the first line is chained to the store's head."""
    if n == 1:
        return ("line 1: hash of seq 1 does not match the line's content chained to the store's head (seq 0): the "
                "line was changed, or the record is of another log")
    return (f"line {n}: hash of seq {n} does not match the line's content chained to the hash before it: the "
            "line was changed, or it does not follow the line before")


def record_tampers(lines: list[dict], rng: random.Random) -> Iterator[tuple[str, list[dict], str]]:
    """(kind, the tampered lines, the first problem import --record must print) for seeded random places."""
    def copy() -> list[dict]:
        return json.loads(json.dumps(lines))

    n = len(lines)
    for _ in range(PLACES):
        edited, at = copy(), rng.randrange(n)
        event = edited[at]["event"]
        text = next(k for k in ("position", "reason", "name", "title") if k in event)
        event[text] = _flip(event[text], rng)
        yield "event body changed", edited, _hash_problem(at + 1)
        # The last line's recorded_at can move forward alone without going back in time before the next.
        edited = copy()
        edited[-1]["recorded_at"] = _later(edited[-1]["recorded_at"])
        yield "recorded_at changed", edited, _hash_problem(n)
        edited, at = copy(), rng.randrange(n)
        edited[at]["recorded_by"] = _flip(edited[at]["recorded_by"], rng)
        yield "recorded_by changed", edited, _hash_problem(at + 1)
        edited, at = copy(), rng.randrange(1, n - 1)
        del edited[at]
        yield "line removed (gap)", edited, (f"line {at + 1}: seq {at + 2} follows seq {at}: the record has a gap "
                                             f"(seq {at + 1} is missing)")
        edited, at = copy(), rng.randrange(1, n - 1)
        edited[at], edited[at + 1] = edited[at + 1], edited[at]
        yield "neighbouring lines swapped", edited, (f"line {at + 1}: seq {at + 2} follows seq {at}: the record "
                                                     f"has a gap (seq {at + 1} is missing)")
        edited, at = copy(), rng.randrange(n)
        edited[at]["hash"] = secrets.token_hex(32)
        yield "hash replaced", edited, _hash_problem(at + 1)
        cut = rng.randrange(1, n // 2)
        yield "first lines cut (does not continue the head)", copy()[cut:], (
            f"line 1: seq {cut + 1} does not continue the store's head: the store ends at seq 0, so the record "
            "must start at seq 1 (export it with --since 0)")


def _record_text(lines: list[dict]) -> str:
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


@pytest.mark.slow
def test_import_record_refuses_every_tampered_record_file_naming_its_line(backend, tmp_path):
    watch = Stopwatch()
    rng = random.Random(SEED + 2)
    with fresh_location(backend, tmp_path, migrated=True) as origin:
        fill(origin)
        server = backend_label(backend, origin)
        exported = invoke(origin, "export", "--record").stdout
        lines = [json.loads(line) for line in exported.splitlines()]
        detected: dict[str, int] = {}
        for kind, edited, problem in record_tampers(lines, rng):
            with fresh_location(backend, tmp_path, migrated=True) as url:
                result = invoke(url, "import", "--record", "-", input=_record_text(edited))
                assert (result.exit_code, result.stderr.splitlines()[0]) == (1, problem), (kind, result.stderr)
                assert result.stderr.endswith("error: nothing was written\n")
                assert log_entries(url) == []
            detected[kind] = detected.get(kind, 0) + 1
        # The whole record again, onto the store that already holds it: it does not continue that head.
        again = invoke(origin, "import", "--record", "-", input=exported)
        assert (again.exit_code, again.stderr.splitlines()[0]) == (1, (
            f"line 1: seq 1 does not continue the store's head: the store ends at seq {len(lines)}, so the record "
            f"must start at seq {len(lines) + 1} (export it with --since {len(lines)})"))
        detected["applied again to its origin (does not continue the head)"] = 1
        assert_verifies(origin)
    record("tamper-record", backend, PROVES_RECORD, watch.seconds, server=server, lines_per_record=len(lines),
           tampers=sum(detected.values()), detected=sum(detected.values()), detected_by_kind=detected)
