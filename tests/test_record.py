"""The record travels: `export --record` → `import --record` gives a store with the same digest, the same answers
at every --known-at and the same record bytes, on SQLite, PostgreSQL and across them; a changed file is refused."""

import json

import pytest
from cli_helpers import SAMPLE, Stance
from conftest import fresh_location

REGISTRY = [
    {"type": "party", "slug": "russia", "name": "Russia"},
    {"type": "party", "slug": "ukraine", "name": "Ukraine"},
    {"type": "issue", "slug": "territory", "title": "Territory"},
    {"type": "issue", "slug": "alliances", "title": "Alliances"},
    {"type": "issue", "slug": "ceasefire", "title": "Ceasefire"},
    {"type": "speaker", "name": "Test Speaker", "aliases": ["Speaker"],
     "affiliations": [{"party": "ukraine", "role": "Envoy", "from": "2020"}]},
]


def fill(stance: Stance, tmp_path) -> None:
    """A log written in several transactions by several recorders, with every kind of event."""
    stance("import", str(SAMPLE), "--by", "alice")
    registry = tmp_path / "registry.jsonl"
    registry.write_text("".join(json.dumps(entry) + "\n" for entry in REGISTRY))
    stance("import", str(registry), "--by", "bob")
    out = stance("record", "--stated-on", "2025-03-11", "--speaker", "Speaker", "--issue", "ceasefire",
                 "--stance", "accept", "--position", "Accepts a pause of thirty days.", "--source-outlet", "Wire",
                 "--by", "carol").stdout
    sid = out.split("recorded statement ")[1].split()[0]
    stance("correct", sid, "--set", "source.title=Pause accepted", "--reason", "The title was missing.",
           "--by", "carol")
    stance("retract", "f81c3e6b-7a2d-4e9f-b0c1-6f7a8b9c0d06", "--reason", "Not found in the source.", "--by", "dave")


def digest(stance: Stance) -> str:
    return stance("verify").stdout.splitlines()[-1]


def answers(stance: Stance) -> dict:
    """What the store says at every known-at: each seq, and each moment of recording."""
    log = json.loads(stance("log", "-f", "json").stdout)
    moments = sorted({row["recorded_at"] for row in log})
    said = {}
    for known in [f"seq:{n}" for n in range(len(log) + 1)] + moments:
        said[known] = [stance(*command, "--known-at", known, "-f", "json").stdout for command in (
            ("as-of", "2025-12"), ("history", "russia"), ("parties",))]
    return said


def restore(origin: Stance, copy: Stance, tmp_path) -> None:
    record = tmp_path / "record.jsonl"
    origin("export", "--record", str(record))
    head = digest(origin)
    result = copy("import", "--record", str(record))
    assert result.stdout == ("imported 16 events (7 statements, 2 corrections, 1 retraction, 2 parties, 3 issues, "
                             "1 speaker) · seq 1–16\n")
    assert copy("verify", "--digest", head).exit_code == 0
    assert digest(copy) == head


def test_restore_keeps_digest_answers_and_record_bytes(store_url, other_store_url, tmp_path):
    origin, copy = Stance(store_url), Stance(other_store_url)
    fill(origin, tmp_path)
    restore(origin, copy, tmp_path)
    assert copy("export", "--record").stdout_bytes == origin("export", "--record").stdout_bytes
    assert copy("export").stdout_bytes == origin("export").stdout_bytes
    assert answers(copy) == answers(origin)


def test_restore_across_backends_sqlite_postgres_sqlite(tmp_path):
    with fresh_location("postgres", tmp_path) as pg:
        first, middle, last = Stance(str(tmp_path / "first.db")), Stance(pg), Stance(str(tmp_path / "last.db"))
        fill(first, tmp_path)
        restore(first, middle, tmp_path)
        restore(middle, last, tmp_path)
        assert last("export", "--record").stdout_bytes == middle("export", "--record").stdout_bytes == \
            first("export", "--record").stdout_bytes
        assert answers(last) == answers(middle) == answers(first)


def test_record_lines_have_the_contract_fields_in_seq_order(store_url, tmp_path):
    stance = Stance(store_url)
    stance("import", str(SAMPLE), "--by", "alice")
    lines = [json.loads(line) for line in stance("export", "--record").stdout.splitlines()]
    log = json.loads(stance("log", "-f", "json").stdout)
    exported = [json.loads(line) for line in stance("export").stdout.splitlines()]
    assert [list(line) for line in lines] == [["seq", "recorded_at", "recorded_by", "hash", "event"]] * 7
    assert [{k: line[k] for k in ("seq", "recorded_at", "recorded_by", "hash")} for line in lines] == [
        {k: row[k] for k in ("seq", "recorded_at", "recorded_by", "hash")} for row in log]
    assert [line["event"] for line in lines] == exported


def test_a_copy_follows_its_origin_with_since(store_url, other_store_url, tmp_path):
    origin, copy = Stance(store_url), Stance(other_store_url)
    origin("import", str(SAMPLE))
    first = tmp_path / "first.jsonl"
    origin("export", "--record", str(first))
    copy("import", "--record", str(first))
    origin("retract", "f81c3e6b-7a2d-4e9f-b0c1-6f7a8b9c0d06", "--reason", "Not in the source.")
    later = origin("export", "--record", "--since", "7").stdout
    assert [json.loads(line)["seq"] for line in later.splitlines()] == [8]
    assert copy("import", "--record", "-", input=later).stdout == "imported 1 event (1 retraction) · seq 8–8\n"
    assert digest(copy) == digest(origin)
    # The same lines again no longer continue the copy's head.
    again = copy("import", "--record", "-", input=later, code=1)
    assert again.stderr == (
        "line 1: seq 8 does not continue the store's head: the store ends at seq 8, so the record must start at "
        "seq 9 (export it with --since 8)\nerror: nothing was written\n")


def _record(tmp_path) -> list[dict]:
    origin = Stance(str(tmp_path / "origin.db"))
    origin("import", str(SAMPLE), "--by", "alice")
    return [json.loads(line) for line in origin("export", "--record").stdout.splitlines()]


def _tampered(lines: list[dict], change) -> str:
    lines = [json.loads(json.dumps(line)) for line in lines]
    change(lines)
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


def later(recorded_at: str) -> str:
    """One microsecond later: the last line's recorded_at can move so without going back in time."""
    from events.periods import format_instant, parse_instant

    return format_instant(parse_instant(recorded_at) + 1)


HASH_PROBLEM = ("line {n}: hash of seq {seq} does not match the line's content chained to the hash before it: the "
                "line was changed, or it does not follow the line before")


@pytest.mark.parametrize("change, problem", [
    (lambda ls: ls[2]["event"].update(position=ls[2]["event"]["position"] + "!"), HASH_PROBLEM.format(n=3, seq=3)),
    (lambda ls: ls[3].update(recorded_by="mallory"), HASH_PROBLEM.format(n=4, seq=4)),
    (lambda ls: ls[6].update(recorded_at=later(ls[6]["recorded_at"])), HASH_PROBLEM.format(n=7, seq=7)),
    (lambda ls: ls.pop(3), "line 4: seq 5 follows seq 3: the record has a gap (seq 4 is missing)"),
    (lambda ls: ls.pop(0), "line 1: seq 2 does not continue the store's head: the store ends at seq 0, so the "
                           "record must start at seq 1 (export it with --since 0)"),
    (lambda ls: ls[1].update(recorded_at="2001-01-01T00:00:00.000000Z"),
     "line 2: recorded_at 2001-01-01T00:00:00.000000Z goes back in time (the event before was recorded at {t0})"),
    (lambda ls: ls[5].update(hash="0" * 63), "line 6: hash '" + "0" * 63 + "' is not 64 lowercase hex digits"),
    (lambda ls: ls[0].pop("hash"), "line 1: a record line needs 'hash'"),
    (lambda ls: ls[0].update(recorded_by="mallory"),
     "line 1: hash of seq 1 does not match the line's content chained to the store's head (seq 0): the line was "
     "changed, or the record is of another log"),
    (lambda ls: ls[0]["event"].update(stance="insist"),
     "line 1: event: stance 'insist' is not one of demand, appeal, propose, accept, concede, consider, reject, "
     "threaten"),
])
def test_a_changed_record_is_refused_whole_with_its_line(backend, tmp_path, change, problem):
    lines = _record(tmp_path)
    with fresh_location(backend, tmp_path) as url:
        copy = Stance(url)
        result = copy("import", "--record", "-", input=_tampered(lines, change), code=1)
        assert result.stderr == problem.format(t0=lines[0]["recorded_at"]) + "\nerror: nothing was written\n"
        assert copy("log", "-f", "json").stdout == "[]\n"


def test_a_record_event_is_checked_as_an_import_is(backend, tmp_path):
    """A forged line with a correct hash is still refused when the store would refuse its event."""
    from events.canonical import canonical_json, chain_hash

    lines = _record(tmp_path)
    forged = {"type": "retraction", "id": "00000000-0000-4000-8000-000000000001",
              "target": "00000000-0000-4000-8000-000000000000", "reason": "Forged."}
    body = canonical_json({k: v for k, v in forged.items() if k != "id"})
    last = lines[-1]
    hash_ = chain_hash(last["hash"], 8, forged["id"], "retraction", last["recorded_at"], "x", body)
    lines.append({"seq": 8, "recorded_at": last["recorded_at"], "recorded_by": "x", "hash": hash_, "event": forged})
    with fresh_location(backend, tmp_path) as url:
        result = Stance(url)("import", "--record", "-", input=_tampered(lines, lambda ls: None), code=1)
        assert result.stderr == ("line 8: cannot retract unknown statement 00000000-0000-4000-8000-000000000000\n"
                                 "error: nothing was written\n")


def test_a_record_of_another_log_does_not_continue_the_head(store_url, other_store_url, tmp_path):
    origin, other = Stance(store_url), Stance(other_store_url)
    origin("import", str(SAMPLE))
    other("import", str(SAMPLE))  # the same events, recorded at other moments: another log
    origin("retract", "f81c3e6b-7a2d-4e9f-b0c1-6f7a8b9c0d06", "--reason", "Not in the source.")
    later = origin("export", "--record", "--since", "7").stdout
    assert other("import", "--record", "-", input=later, code=1).stderr == (
        "line 1: hash of seq 8 does not match the line's content chained to the store's head (seq 7): the line was "
        "changed, or the record is of another log\nerror: nothing was written\n")


def test_record_options_that_do_not_go_together(tmp_path):
    stance = Stance(str(tmp_path / "s.db"))
    stance("init")
    assert stance("export", "--since", "3", code=2).stderr == (
        "error: Invalid value for --since: --since goes with --record (see 'stance export -h')\n")
    assert stance("import", "--record", "--by", "x", "-", input="", code=2).stderr.startswith(
        "error: Invalid value for --record: a record keeps its own format and recorders")
