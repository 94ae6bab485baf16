"""Concurrency drill: many writer processes and readers on one store; then a writer that cannot get the lock.

Writers are separate interpreters (drill_procs.py) using the Python API, each appending a mix of small imports,
records, corrections and retractions; readers query as-of, export and log all the while and fail on any
half-applied import. Then a write lock is held from outside and `stance` must give up with the busy error.
"""

import itertools
import json
import os
import sqlite3
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import fresh_location
from drill_helpers import (
    REPO,
    assert_verifies,
    backend_label,
    export_bytes,
    head_seq,
    invoke,
    log_entries,
    run_cli,
    start_proc,
)
from figures import Stopwatch, record
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from store import Ledger
from store.engine import normalize_url

WRITERS = 8
# Appends per writer, a cycle of import, record, correct, retract: the full size on both backends. On the 2-core
# machine the budget is set for, 8 × 1000 takes about 60 s on SQLite and 90 s on PostgreSQL. STANCE_DRILL_APPENDS
# runs another size (`python docs/drills.py --appends 100` for a quick look).
APPENDS = int(os.environ.get("STANCE_DRILL_APPENDS", "1000"))
IMPORT_LINES = 5
READERS = 2

PROVES_CONCURRENCY = (
    "Many writer processes appending at once lose nothing and duplicate nothing: every event is in the log once, "
    "seq is 1..N without a gap, each import is one unbroken run of seq in its file's order, recorded_at never "
    "decreases, and verify passes. Readers querying meanwhile never see part of an import, in the log, the "
    "export or the as-of matrix."
)
PROVES_BUSY = (
    "A writer that cannot get the write lock within STANCE_BUSY_TIMEOUT gives up with one line, "
    "`error: the store is busy …`, exit 1, and writes nothing; readers are not blocked; once the lock is released "
    "the same command succeeds and verify passes."
)


def wait_all(procs, what: str, timeout: float) -> list[str]:
    deadline = time.monotonic() + timeout
    outs = []
    for proc in procs:
        try:
            out, err = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))
        except Exception:
            for p in procs:
                p.kill()
            raise
        assert proc.returncode == 0, f"a {what} failed (exit {proc.returncode}): {err[-3000:]}"
        outs.append(out)
    return outs


@pytest.mark.slow
def test_concurrent_writers_and_readers(backend, tmp_path):
    watch = Stopwatch()
    with fresh_location(backend, tmp_path, migrated=True) as url:
        Ledger(url).close()  # created up front: the drill is about appends, not first use
        go = tmp_path / "go"
        stop = tmp_path / "stop"
        appends = APPENDS
        writers = [start_proc("writer", url, str(w), str(appends), str(IMPORT_LINES), str(go),
                              str(tmp_path / f"writer-{w}.json")) for w in range(WRITERS)]
        readers = [start_proc("reader", url, str(IMPORT_LINES), str(stop), str(tmp_path / f"reader-{r}.json"))
                   for r in range(READERS)]
        try:
            deadline = time.monotonic() + 60
            while not all(Path(f"{go}.ready-{w}").exists() for w in range(WRITERS)):
                assert time.monotonic() < deadline, "the writers did not start"
                assert all(p.poll() is None for p in writers), "a writer died before the start: " + next(
                    p.stderr.read() for p in writers if p.poll() is not None)
                time.sleep(0.01)
            writing = Stopwatch()
            go.touch()
            wait_all(writers, "writer", timeout=900)
            write_seconds = writing.seconds
        finally:
            stop.touch()
            for p in writers:
                if p.poll() is None:
                    p.kill()
        wait_all(readers, "reader", timeout=120)
        results = [json.loads((tmp_path / f"writer-{w}.json").read_text()) for w in range(WRITERS)]
        seen = [json.loads((tmp_path / f"reader-{r}.json").read_text()) for r in range(READERS)]
        assert [s["failure"] for s in seen] == [None] * READERS

        log = log_entries(url)
        seq_of = {entry["id"]: entry["seq"] for entry in log}
        written = [i for r in results
                   for i in [*itertools.chain.from_iterable(imp["ids"] for imp in r["imports"]),
                             *r["records"], *r["corrections"], *r["retractions"]]]
        assert len(written) == len(set(written)) == len(log) == len(seq_of)
        assert set(written) == set(seq_of)
        assert [entry["seq"] for entry in log] == list(range(1, len(log) + 1))
        assert [e["recorded_at"] for e in log] == sorted(e["recorded_at"] for e in log)
        for r in results:
            for imp in r["imports"]:
                first = seq_of[imp["ids"][0]]
                assert [seq_of[i] for i in imp["ids"]] == list(range(first, first + IMPORT_LINES))
            for rec, cor, ret in zip(r["records"], r["corrections"], r["retractions"], strict=False):
                assert seq_of[rec] < seq_of[cor] < seq_of[ret]
        transactions = sum(len(r["imports"]) + len(r["records"]) + len(r["corrections"]) + len(r["retractions"])
                           for r in results)
        assert transactions == WRITERS * appends
        writer_of = [e["recorded_by"].split("/")[0] for e in log]
        turns = sum(a != b for a, b in itertools.pairwise(writer_of))
        assert turns > 2 * WRITERS  # the writers really took turns, not one after the other
        assert_verifies(url)
        checks = Counter()
        for s in seen:
            checks.update(s["checks"])
        record(
            "concurrency", backend, PROVES_CONCURRENCY, watch.seconds,
            server=backend_label(backend, url), writers=WRITERS, appends_per_writer=appends,
            transactions=transactions, events=len(log), import_lines=IMPORT_LINES, readers=READERS,
            reader_checks=dict(sorted(checks.items())), writing_seconds=round(write_seconds, 2),
            transactions_per_second=round(transactions / write_seconds, 1),
            writer_changes_along_the_log=turns,
        )


# --- a busy store -------------------------------------------------------------------------------------------------


@contextmanager
def write_lock_held(url: str, backend: str):
    """Hold the store's write lock from another connection, as a long transaction of another writer would."""
    if backend == "sqlite":
        conn = sqlite3.connect(normalize_url(url).removeprefix("sqlite:///"), isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            conn.execute("ROLLBACK")
            conn.close()
    else:
        engine = create_engine(normalize_url(url), poolclass=NullPool)
        try:
            with engine.connect() as conn, conn.begin():
                conn.execute(text("LOCK TABLE event_log IN EXCLUSIVE MODE"))
                yield
        finally:
            engine.dispose()


BUSY_TIMEOUT = 0.5


def test_a_busy_store_gives_a_clear_error_and_writes_nothing(backend, tmp_path):
    watch = Stopwatch()
    small = tmp_path / "small.jsonl"
    small.write_text("".join(json.dumps({
        "stated_on": "2025-03", "party": "ukraine", "issue": "ceasefire", "stance": "propose",
        "position": f"Busy drill line {k}.", "source": {"outlet": "Busy drill"}}) + "\n" for k in range(20)))
    record_args = ["record", "--stated-on", "2025-03-11", "--party", "ukraine", "--issue", "ceasefire",
                   "--stance", "accept", "--position", "Busy drill record.", "--source-outlet", "Busy drill"]
    with fresh_location(backend, tmp_path, migrated=True) as url:
        assert invoke(url, "import", str(REPO / "tests" / "data" / "sample.jsonl")).exit_code == 0
        before, exported = head_seq(url), export_bytes(url)
        refused, waited = 0, []
        with write_lock_held(url, backend):
            for args in (record_args, ["import", str(small)]):
                started = time.perf_counter()
                done = run_cli(url, *args, timeout=60, STANCE_BUSY_TIMEOUT=str(BUSY_TIMEOUT))
                waited.append(time.perf_counter() - started)
                assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
                assert done.stdout == ""
                assert done.stderr.splitlines() == [
                    "error: the store is busy: another writer held it past the timeout (STANCE_BUSY_TIMEOUT "
                    "seconds); try again"]
                refused += 1
            reading = run_cli(url, "log", "-f", "jsonl", timeout=60, STANCE_BUSY_TIMEOUT=str(BUSY_TIMEOUT))
            assert reading.returncode == 0, reading.stderr
            assert len(reading.stdout.splitlines()) == before  # readers go on while a writer holds the lock
        assert (head_seq(url), export_bytes(url)) == (before, exported)
        assert_verifies(url)
        for args in (record_args, ["import", str(small)]):
            assert run_cli(url, *args, timeout=60, STANCE_BUSY_TIMEOUT=str(BUSY_TIMEOUT)).returncode == 0
        assert head_seq(url) == before + 21
        assert_verifies(url)
        record("busy", backend, PROVES_BUSY, watch.seconds, server=backend_label(backend, url),
               busy_timeout_seconds=BUSY_TIMEOUT, refused_writes=refused,
               seconds_per_refusal_with_process_start=[round(w, 2) for w in waited], reads_while_locked=1)
