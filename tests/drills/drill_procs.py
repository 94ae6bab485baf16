"""The drills' other processes, each a fresh interpreter that shares nothing with the test but the database.

    python drill_procs.py writer URL W APPENDS LINES GO OUT   appends: imports of LINES, record, correct, retract
    python drill_procs.py reader URL LINES STOP OUT           as-of, export and log until STOP exists
    python drill_procs.py recorder URL TAG                    `stance record` one statement after another, forever

A writer and a reader write their result as JSON to OUT; a reader that sees a half-applied import writes what it
saw and exits 1.
"""

import json
import os
import sys
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

STANCES = ("demand", "appeal", "propose", "accept", "concede", "consider", "reject", "threaten")
IMPORT_ISSUE = "imports"
EPOCH = datetime(2025, 1, 1, tzinfo=UTC)


def import_tag(writer: int, i: int) -> str:
    return f"w{writer}-i{i}"


def import_recorder(writer: int, i: int) -> str:
    """recorded_by of one import: a reader finds an import's events in the log by it."""
    return f"writer-{writer}/import-{i}"


def import_lines(writer: int, i: int, lines: int) -> list[bytes]:
    """One small import file: LINES statements of party writer-W, one per issue imports/K, tagged with the import.

    Each import of a writer is dated one second after its previous one, so as of any later date the matrix holds,
    for that party, the LINES cells of one import: all of its newest import, or a mix if it was half applied.
    """
    stated_on = (EPOCH + timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
    tag = import_tag(writer, i)
    return [json.dumps({
        "stated_on": stated_on, "party": f"writer-{writer}", "issue": f"{IMPORT_ISSUE}/{k}",
        "stance": STANCES[(i + k) % len(STANCES)], "position": f"{tag}, line {k}.",
        "source": {"outlet": "Concurrency drill"}, "tags": [tag],
    }).encode() + b"\n" for k in range(lines)]


def wait_for(go: Path) -> None:
    while not go.exists():
        time.sleep(0.005)


def writer(url: str, w: int, appends: int, lines: int, go: str, out: str) -> None:
    from events import Statement
    from events.lines import decode_jsonl
    from store import Ledger

    ledger = Ledger(url, create=False)
    by = f"writer-{w}"
    base = {"stated_on": "2025-06-01", "party": by, "issue": "records", "stance": "propose",
            "source": {"outlet": "Concurrency drill"}}
    Path(f"{go}.ready-{w}").touch()
    wait_for(Path(go))
    done = {"imports": [], "records": [], "corrections": [], "retractions": []}
    record_id = None
    started = time.perf_counter()
    for i in range(appends):
        step = i % 4
        if step == 0:
            appended = ledger.append(decode_jsonl(import_lines(w, i, lines)), import_recorder(w, i), keep_ids=True)
            assert appended.total == lines, appended
            done["imports"].append({"tag": import_tag(w, i), "ids": appended.ids})
        elif step == 1:
            record_id = ledger.record(Statement({**base, "position": f"writer {w}, record {i}."}), by).ids[0]
            done["records"].append(record_id)
        elif step == 2:
            changes = {"stance": "concede", "note": f"correction {i}"}
            done["corrections"].append(ledger.correct(record_id, changes, "misheard", by).ids[0])
        else:
            done["retractions"].append(ledger.retract(record_id, "not said", by).ids[0])
            record_id = None
    done["seconds"] = time.perf_counter() - started
    Path(out).write_text(json.dumps(done))


def check_as_of(ledger, lines: int) -> None:
    from store.positions import as_of

    cells = defaultdict(list)
    for row in as_of(ledger, 2**62, issues=[IMPORT_ISSUE]):
        cells[row["party"]].append(row)
    for party, rows in cells.items():
        tags = {tuple(row["tags"]) for row in rows}
        assert len(rows) == lines and len(tags) == 1, (
            f"as-of: {party} has {len(rows)} of {lines} import cells, from imports {sorted(tags)}")


def check_export(ledger, lines: int) -> None:
    counts = Counter()
    for line in ledger.export():
        event = json.loads(line)
        if event.get("issue", "").startswith(IMPORT_ISSUE + "/"):
            counts[event["tags"][0]] += 1
    half = {tag: n for tag, n in counts.items() if n != lines}
    assert not half, f"export: imports with other than {lines} events: {half}"


def check_log(ledger, lines: int) -> None:
    entries = list(ledger.log())
    assert [e["seq"] for e in entries] == list(range(1, len(entries) + 1)), "log: seq is not 1..N"
    runs = defaultdict(list)
    for entry in entries:
        if "/import-" in entry["recorded_by"]:
            runs[entry["recorded_by"]].append(entry["seq"])
    for by, seqs in runs.items():
        assert seqs == list(range(seqs[0], seqs[0] + lines)), f"log: {by} holds seq {seqs}"


def reader(url: str, lines: int, stop: str, out: str) -> None:
    from store import Ledger

    ledger = Ledger(url, create=False)
    checks = Counter()
    while not Path(stop).exists():
        for name, check in (("as-of", check_as_of), ("export", check_export), ("log", check_log)):
            try:
                check(ledger, lines)
            except AssertionError as e:
                Path(out).write_text(json.dumps({"checks": checks, "failure": str(e)}))
                sys.exit(1)
            checks[name] += 1
        time.sleep(0.25)
    Path(out).write_text(json.dumps({"checks": checks, "failure": None}))


def recorder(url: str, tag: str) -> None:
    """`stance record`, the CLI's own code, in a loop: each line it prints is a record that was committed."""
    from typer.main import get_command

    from cli.main import app

    command = get_command(app)
    for i in range(10**9):
        code = command.main(
            ["--db", url, "record", "--stated-on", "2025-11-27", "--party", "russia", "--issue", "crash/record",
             "--stance", "demand", "--position", f"{tag} record {i}.", "--source-outlet", "Crash drill",
             "--by", "crash-drill"],
            prog_name="stance", standalone_mode=False)
        if code:
            sys.exit(code)


if __name__ == "__main__":
    role, args = sys.argv[1], sys.argv[2:]
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    if role == "writer":
        writer(args[0], int(args[1]), int(args[2]), int(args[3]), args[4], args[5])
    elif role == "reader":
        reader(args[0], int(args[1]), args[2], args[3])
    elif role == "recorder":
        recorder(args[0], args[1])
    else:
        sys.exit(f"unknown role {role}")
