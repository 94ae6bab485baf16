"""Writing and maintenance commands through the CLI: exact messages, exit codes, and nothing written on refusal."""

import getpass
import json
import re
import uuid

import pytest
from cli_helpers import SAMPLE, Stance

GOOD = ('{"stated_on":"2025-03-11","party":"ukraine","issue":"ceasefire","stance":"accept",'
        '"position":"Accepts a 30-day ceasefire.","source":{"outlet":"Reuters"}}')
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


@pytest.fixture
def stance(tmp_path) -> Stance:
    return Stance(str(tmp_path / "stance.db"))


def log_length(stance: Stance) -> int:
    return len(json.loads(stance("log", "-f", "json").stdout))


def test_import_then_reimport(stance):
    assert stance("import", str(SAMPLE)).stdout == "imported 7 events (6 statements, 1 correction) · seq 1–7\n"
    assert stance("import", str(SAMPLE)).stdout == f"nothing new: all 7 events of {SAMPLE} are already in the log\n"
    assert log_length(stance) == 7


def test_content_ids_make_reimport_of_lines_without_id_a_no_op(stance, tmp_path):
    path = tmp_path / "one.jsonl"
    path.write_text(GOOD + "\n")
    stance("import", str(path))
    stance("import", str(path))
    log = json.loads(stance("log", "-f", "json").stdout)
    assert len(log) == 1
    # The documented rule, computed here independently: UUIDv5 in the project's namespace of the canonical JSON
    # (sorted keys, no spaces, type included, id left out).
    canonical = ('{"issue":"ceasefire","party":"ukraine","position":"Accepts a 30-day ceasefire.",'
                 '"source":{"outlet":"Reuters"},"stance":"accept","stated_on":"2025-03-11","type":"statement"}')
    assert log[0]["id"] == str(uuid.uuid5(uuid.UUID("5a3c1f1e-7d2b-4c1a-9f5e-2b7c0e8d4a61"), canonical))


def test_a_bad_file_is_refused_whole_with_every_problem_by_line(stance, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join([
        GOOD,
        '{"stated_on":"2025-13-45","party":"Russia","issue":"territory","stance":"insist","position":"p",'
        '"source":{"outlet":"TASS"},"mood":"calm"}',
        "{not json",
        '{"type":"retraction","target":"00000000-0000-4000-8000-000000000000","reason":"gone"}',
        GOOD.replace("2025-03-11", "2025-02-30"),
    ]) + "\n")
    result = stance("import", str(path), code=1)
    assert result.stdout == ""
    assert result.stderr == (
        "line 2: unknown field 'mood'\n"
        "line 2: stated_on '2025-13-45' is not a date\n"
        "line 2: party 'Russia' is not a slug (lowercase letters and digits joined by '-')\n"
        "line 2: stance 'insist' is not one of demand, appeal, propose, accept, concede, consider, reject, threaten\n"
        "line 3: malformed JSON (unexpected character, expected a string key)\n"
        "line 4: cannot retract unknown statement 00000000-0000-4000-8000-000000000000\n"
        "line 5: stated_on '2025-02-30' is not a date\n"
        "error: nothing was written\n"
    )
    assert log_length(stance) == 0


def test_oversize_position_is_refused(stance, tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text(GOOD.replace("Accepts a 30-day ceasefire.", "x" * 2001) + "\n")
    assert stance("import", str(path), code=1).stderr.splitlines()[0] == (
        "line 1: position is 2,001 characters long; the limit is 2,000")


def test_empty_file_imports_nothing_and_says_so(stance, tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("")
    assert stance("import", str(path)).stdout == f"nothing to import: {path} holds no events\n"


def test_import_from_stdin(stance):
    result = stance("import", "-", input=GOOD + "\n")
    assert result.stdout == "imported 1 event (1 statement) · seq 1–1\n"


def test_import_csv(stance, tmp_path):
    path = tmp_path / "statements.csv"
    path.write_text(
        "stated_on,party,issue,stance,position,source_outlet,source_url,tags\n"
        '2023-05-27,russia,alliances/eu,demand,"Ukraine should not join the EU, Galuzin said.",TASS,'
        "https://tass.example/1,galuzin;tass\n"
    )
    assert stance("import", str(path)).stdout == "imported 1 event (1 statement) · seq 1–1\n"
    exported = json.loads(stance("export").stdout)
    assert exported["source"] == {"outlet": "TASS", "url": "https://tass.example/1"}
    assert exported["tags"] == ["galuzin", "tass"]


def test_csv_with_an_unknown_column_is_refused(stance, tmp_path):
    path = tmp_path / "statements.csv"
    path.write_text("stated_on,party,mood\n2025,russia,calm\n")
    assert stance("import", str(path), code=1).stderr.startswith("line 1: unknown column 'mood'")


def test_record_correct_retract(stance):
    recorded = stance("record", "--stated-on", "2025-03-11", "--party", "ukraine", "--issue", "ceasefire",
                      "--stance", "accept", "--position", "Accepts a 30-day ceasefire.", "--source-outlet",
                      "Reuters", "--speaker", "Andriy Yermak", "--by", "analyst")
    match = re.fullmatch(rf"recorded statement ({UUID}) at seq 1\n", recorded.stdout)
    assert match
    statement_id = match[1]
    corrected = stance("correct", statement_id, "--set", "stated_on=2025-03", "--unset", "speaker",
                       "--reason", "The article gives only the month.")
    assert re.fullmatch(rf"recorded correction {UUID} of {statement_id} at seq 2\n", corrected.stdout)
    found = json.loads(stance("show", statement_id, "-f", "json").stdout)
    assert found["versions"][1]["content"].get("speaker") is None
    assert found["versions"][1]["content"]["stated_on"] == "2025-03"
    assert found["versions"][0]["recorded_by"] == "analyst"
    assert found["versions"][1]["recorded_by"] == getpass.getuser()

    same = stance("correct", statement_id, "--set", "stated_on=2025-03", "--reason", "again", code=1)
    assert same.stderr == f"error: the correction of {statement_id} changes nothing\nerror: nothing was written\n"
    required = stance("correct", statement_id, "--unset", "party", "--reason", "x", code=1)
    assert required.stderr == "error: changes: 'party' is required and cannot be removed\nerror: nothing was written\n"

    retracted = stance("retract", statement_id, "--reason", "Misattributed.")
    assert re.fullmatch(rf"recorded retraction {UUID} of {statement_id} at seq 3\n", retracted.stdout)
    again = stance("retract", statement_id, "--reason", "twice", code=1)
    assert again.stderr.startswith(f"error: cannot retract statement {statement_id}: it was retracted\n")
    later = stance("correct", statement_id, "--set", "stance=reject", "--reason", "x", code=1)
    assert later.stderr.startswith(f"error: cannot correct statement {statement_id}: it was retracted\n")
    assert log_length(stance) == 3


def test_record_refuses_bad_fields_before_opening_the_store(stance):
    result = stance("record", "--stated-on", "2025-13", "--party", "ukraine", "--issue", "ceasefire",
                    "--stance", "accept", "--position", "p", code=1)
    assert result.stderr == "error: stated_on '2025-13' is not a date\nerror: missing field 'source'\n"


def test_export_is_a_fixed_point(stance, tmp_path):
    stance("import", str(SAMPLE))
    first = stance("export").stdout_bytes
    path = tmp_path / "export.jsonl"
    assert stance("export", str(path)).stdout == f"exported 7 events to {path}\n"
    assert path.read_bytes() == first
    other = Stance(str(tmp_path / "other.db"))
    other("import", str(path))
    assert other("export").stdout_bytes == first
    assert first.splitlines()[0].startswith(b'{"id":"3f2a9c1e-5b7d-4e8a-9c0f-1a2b3c4d5e01","issue":"territory"')


def test_verify_prints_the_digest_and_checks_an_earlier_one(stance):
    stance("import", str(SAMPLE))
    out = stance("verify").stdout.splitlines()
    assert out[0] == "verified 7 events: hash chain intact, seq gapless, projections equal a fresh replay"
    assert re.fullmatch(r"7:[0-9a-f]{64}", out[1])
    assert stance("verify", "--digest", out[1]).stdout.splitlines()[0].endswith("still held")
    wrong = "7:" + "0" * 64
    result = stance("verify", "--digest", wrong, code=1)
    assert result.stderr.splitlines()[0].startswith(f"error: digest {wrong}: seq 7 now has hash")
    assert stance("verify", "--digest", "8:" + "0" * 64, code=1).stderr.splitlines()[0] == (
        f"error: digest 8:{'0' * 64}: the log has no seq 8 (it was truncated)")
    assert stance("verify", "--digest", "7:abc", code=2).stderr.startswith("error: Invalid value for --digest")


def test_log_since_and_known_at(stance):
    stance("import", str(SAMPLE))
    rows = json.loads(stance("log", "--since", "5", "-f", "json").stdout)
    assert [(r["seq"], r["type"], r["target"]) for r in rows] == [
        (6, "correction", "e5d19a27-3b4c-4d5e-8f6a-5e6f7a8b9c05"), (7, "statement", None)]
    assert len(json.loads(stance("log", "--known-at", "seq:2", "-f", "json").stdout)) == 2
    assert stance("log", "--known-at", "2020", "-f", "jsonl").stdout == ""
    header = stance("log").stdout.splitlines()[0].split()
    assert header == ["seq", "id", "type", "recorded_at", "recorded_by", "target", "hash"]


def test_rebuild(stance):
    stance("import", str(SAMPLE))
    assert stance("rebuild").stdout == "rebuilt projections from 7 events\n"
    assert stance("verify").stdout.startswith("verified 7 events")


def test_init_db_and_version(stance, tmp_path):
    assert stance("init").stdout == f"store ready at {tmp_path / 'stance.db'} (schema 0009)\n"
    assert stance("db", "current").stdout == "0009 (head)\n"
    assert stance("db", "upgrade").stdout == "schema already at 0009\n"
    assert stance("--version", db=False).stdout == "stancelog 0.1.0\n"


def test_default_store_is_in_the_user_data_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("STANCE_DB", raising=False)
    result = Stance("")("init", db=False)
    assert result.stdout == f"store ready at {tmp_path / 'data' / 'stancelog' / 'stance.db'} (schema 0009)\n"


def test_a_password_in_the_url_is_never_printed(tmp_path):
    stance = Stance("postgresql+psycopg://someone:s3cret-pw@127.0.0.1:1/nowhere")
    result = stance("log", code=1)
    assert "s3cret-pw" not in result.stdout + result.stderr
    assert result.stderr.startswith("error: ")
    assert len(result.stderr.splitlines()) == 1
