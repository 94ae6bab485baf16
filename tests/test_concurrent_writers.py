"""Several OS processes write into one store at once: every event is kept once, seq is 1..N, the chain verifies.

Each writer is a fresh interpreter (`sys.executable -c`), so the only thing the writers share is the database.
They wait for a start signal, given once all are ready, so that their appends really overlap.
"""

import itertools
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from store import Ledger
from store.verify import verify

WRITERS = 6
APPENDS = 50  # per writer: imports of IMPORT_LINES lines, single records, and corrections of those records
IMPORT_LINES = 20

WRITER = r"""
import json, os, sys, time
from events import Statement
from events.lines import decode_jsonl
from store import Ledger

url, writer, appends, size, go = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
ledger = Ledger(url, create=False)
by = f"writer-{writer}"
base = {"stated_on": "2025-11-27", "party": f"party-{writer}", "issue": "territory", "stance": "demand",
        "source": {"outlet": "TASS"}}
open(f"{go}.ready-{writer}", "w").close()
while not os.path.exists(go):
    time.sleep(0.005)
imports, records, corrections = [], [], []
for i in range(appends):
    if i % 3 == 0:
        lines = [json.dumps({**base, "position": f"writer {writer}, import {i}, line {k}"}).encode()
                 for k in range(size)]
        done = ledger.append(decode_jsonl(lines), by, keep_ids=True)
        assert done.total == size and done.last_seq - done.first_seq == size - 1, done
        imports.append(done.ids)
    elif i % 3 == 1:
        done = ledger.record(Statement({**base, "position": f"writer {writer}, record {i}"}), by)
        records.append(done.ids[0])
    else:
        done = ledger.correct(records[-1], {"stance": "reject", "note": f"correction {i}"}, "misheard", by)
        corrections.append(done.ids[0])
print(json.dumps({"imports": imports, "records": records, "corrections": corrections}))
"""


def run_writers(url: str, tmp_path: Path) -> list[dict]:
    go = tmp_path / f"go-{time.monotonic_ns()}"
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, url, str(w), str(APPENDS), str(IMPORT_LINES), str(go)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for w in range(WRITERS)
    ]
    deadline = time.monotonic() + 120
    while not all(Path(f"{go}.ready-{w}").exists() for w in range(WRITERS)):  # all imported and connected
        assert time.monotonic() < deadline, "the writers did not start"
        assert all(proc.poll() is None for proc in procs), "a writer died before the start"
        time.sleep(0.01)
    go.touch()
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
        results.append(json.loads(out))
    return results


@pytest.mark.slow
def test_concurrent_writers_keep_every_event_once_in_one_gapless_log(store_url, tmp_path):
    Ledger(store_url).close()  # created up front: this test is about appends, not first use

    results = run_writers(store_url, tmp_path)

    ledger = Ledger(store_url)
    try:
        log = list(ledger.log())
        seq_of = {entry["id"]: entry["seq"] for entry in log}
        written = [i for r in results for i in [*sum(r["imports"], []), *r["records"], *r["corrections"]]]
        assert len(written) == len(set(written)) == len(log)
        assert set(written) == set(seq_of)
        assert [entry["seq"] for entry in log] == list(range(1, len(log) + 1))
        for r in results:  # each import is one unbroken run of seq, in the file's order
            for ids in r["imports"]:
                assert [seq_of[i] for i in ids] == list(range(seq_of[ids[0]], seq_of[ids[0]] + IMPORT_LINES))
        assert [e["recorded_at"] for e in log] == sorted(e["recorded_at"] for e in log)
        # The writers took turns: one after the other would change hands only WRITERS - 1 times.
        turns = sum(a["recorded_by"] != b["recorded_by"] for a, b in itertools.pairwise(log))
        assert turns > 2 * WRITERS
        report = verify(ledger)
        assert report.problems == []
        assert report.events == len(log)
    finally:
        ledger.close()


def test_first_use_while_another_process_is_creating_the_store(store_url):
    """A writer opens a store that another is creating right now: it must wait and then use it."""
    from alembic import command

    from store.engine import make_engine
    from store.migrate import alembic_config

    creator = make_engine(store_url)
    outcome: list[BaseException | None] = []

    def second_user() -> None:
        try:
            Ledger(store_url).close()
            outcome.append(None)
        except BaseException as e:  # noqa: BLE001 - reported by the assertion below
            outcome.append(e)

    with creator.connect() as conn, conn.begin():
        command.upgrade(alembic_config(conn), "head")  # the first user, mid-migration: not committed yet
        thread = threading.Thread(target=second_user)
        thread.start()
        time.sleep(1.0)
    thread.join(timeout=60)
    creator.dispose()

    assert outcome == [None]
    ledger = Ledger(store_url)
    try:
        assert ledger.head()[0] == 0
        assert verify(ledger).ok
    finally:
        ledger.close()
