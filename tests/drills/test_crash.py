"""Crash drill: `stance import` and `stance record` killed with SIGKILL at random moments.

An import is one transaction: after any kill the store holds nothing of the file or all of it, verifies, and the
same import run again completes it. A loop of `stance record` killed mid-way keeps every record it confirmed,
at the seq it printed, and at most the one record it had committed without printing yet.
"""

import json
import random
import re
import subprocess
import threading
import time
from collections import Counter

import pytest
from conftest import fresh_location
from drill_helpers import (
    REPO,
    assert_verifies,
    backend_label,
    cli_args,
    export_bytes,
    generated_events,
    has_schema,
    head_seq,
    run_cli,
    start_cli,
    start_proc,
    subprocess_env,
)
from figures import Stopwatch, record
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from store.engine import normalize_url

SEED = 20_251_127
IMPORT_EVENTS = 12_000  # sized so that one run takes a few seconds here: the kills spread over that run
KILLS = 20
SPAN = 0.9  # kills spread over this share of an unkilled run: runs vary, and a run that ends first is not a kill
CHAIN = 7  # kills on one store in a row (each run after a kill is a re-run), then a run to the end
RECORD_KILLS = 20
RECORD_WINDOW = 0.8  # seconds after the loop's first record within which it is killed

PROVES_IMPORT = (
    "An import killed at any moment (interpreter start, schema creation, validation, inserts, commit) leaves the "
    "store with none of the file or all of it, never part; the store verifies after every kill; running the same "
    "import again completes it, and the result exports byte for byte like an import that was never killed."
)
PROVES_RECORD = (
    "A loop of `stance record` killed at any moment keeps every record it confirmed, at the seq it printed, with "
    "its content intact; at most the one record in flight is committed without having been confirmed; the store "
    "verifies after every kill."
)

def spread(rng: random.Random, count: int, span: float) -> list[float]:
    """`count` moments over [0, span): one at random in each of `count` equal slices, in random order."""
    moments = [span * (i + rng.random()) / count for i in range(count)]
    rng.shuffle(moments)
    return moments


def kill_after(proc: subprocess.Popen, delay: float) -> tuple[bool, str, str]:
    """SIGKILL the process `delay` seconds after its start: (killed, stdout, stderr); not killed if it ended before."""
    try:
        proc.wait(timeout=delay)
        killed = False
    except subprocess.TimeoutExpired:
        proc.kill()
        killed = True
    out, err = proc.communicate()
    return killed, out, err


def kill_after_first_line(proc: subprocess.Popen, delay: float) -> tuple[str, str]:
    """SIGKILL the process `delay` seconds after it printed its first line (when a loop is running, not starting)."""
    lines: list[str] = []
    started = threading.Event()

    def pump() -> None:
        for line in proc.stdout:
            lines.append(line)
            started.set()
        started.set()

    reader = threading.Thread(target=pump)
    reader.start()
    started.wait(timeout=60)
    time.sleep(delay)
    proc.kill()
    reader.join()
    err = proc.stderr.read()
    proc.wait()
    return "".join(lines), err


@pytest.mark.slow
def test_import_killed_at_random_moments_leaves_nothing_or_the_whole_file(backend, tmp_path):
    watch = Stopwatch()
    rng = random.Random(SEED)
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(generated_events(IMPORT_EVENTS, SEED)) + "\n", encoding="utf-8")
    whole = f"imported {IMPORT_EVENTS} events"
    already = f"nothing new: all {IMPORT_EVENTS} events of {path} are already in the log"

    with fresh_location(backend, tmp_path) as url:  # a run nobody kills: its length and its export
        started = time.perf_counter()
        done = run_cli(url, "import", str(path))
        run_seconds = time.perf_counter() - started
        assert done.returncode == 0 and done.stdout.startswith(whole), done.stderr
        reference = export_bytes(url)
        server = backend_label(backend, url)
    assert reference.count(b"\n") == IMPORT_EVENTS

    pending = spread(rng, KILLS, SPAN * run_seconds)
    outcomes: Counter[str] = Counter()
    kills = attempts = stores = 0
    moments = []
    while kills < KILLS:
        stores += 1
        with fresh_location(backend, tmp_path) as url:
            for _ in range(CHAIN):
                if kills == KILLS:
                    break
                attempts += 1
                assert attempts <= 3 * KILLS, "too many runs ended before their kill"
                delay = pending.pop() if pending else rng.uniform(0, SPAN * run_seconds)
                started = time.perf_counter()
                if not kill_after(start_cli(url, "import", str(path)), delay)[0]:
                    outcomes["ended before its kill"] += 1
                    # The machine got faster than when the run was timed (its load varies): draw the remaining
                    # kill moments within the span of this run instead.
                    run_seconds = min(run_seconds, time.perf_counter() - started)
                    window = SPAN * run_seconds
                    pending = [d if d < window else rng.uniform(0, window) for d in pending]
                    break
                kills += 1
                moments.append(delay)
                events = head_seq(url)
                assert events in (0, IMPORT_EVENTS), f"killed at {delay:.2f}s, the store holds {events} events"
                outcomes["killed before the schema was committed" if not has_schema(url)
                         else "killed before the commit" if events == 0 else "killed after the commit"] += 1
                verifies_or_never_was(url)
                if events:
                    break  # the whole file is in: a further run would only skip it
            again = run_cli(url, "import", str(path))
            assert again.returncode == 0, again.stderr
            assert again.stdout.startswith(whole) or again.stdout.strip() == already, again.stdout
            assert export_bytes(url) == reference
            assert_verifies(url)
    record("crash-import", backend, PROVES_IMPORT, watch.seconds, server=server, events_per_file=IMPORT_EVENTS,
           unkilled_run_seconds=round(run_seconds, 2), kills=kills, kill_moments_seconds=sorted(
               round(m, 2) for m in moments), stores=stores, re_runs_completed=stores,
           outcomes=dict(sorted(outcomes.items())))


def verifies_or_never_was(url: str) -> None:
    """The store verifies; or, killed before its schema was committed, there is no store, and a read says so."""
    if has_schema(url):
        assert_verifies(url)
    else:
        result = run_cli(url, "verify")
        assert result.returncode == 1 and result.stderr.startswith("error: no store at "), result.stderr


PROVES_RESTORE = (
    "A restore (`import --record`) killed at any moment leaves the store with none of the record or all of it, "
    "never part; the store verifies after every kill; the same restore run again on a store that holds nothing "
    "completes it, and one that holds it all refuses it as not continuing its head; the result has the origin's "
    "digest and exports the origin's record byte for byte."
)
RESTORE_KILLS = 10


@pytest.mark.slow
def test_restore_killed_at_random_moments_leaves_nothing_or_the_whole_record(backend, tmp_path):
    watch = Stopwatch()
    rng = random.Random(SEED + 2)
    origin = f"sqlite:///{tmp_path / 'origin.db'}"  # written in three transactions: three moments of recording
    events = generated_events(IMPORT_EVENTS, SEED)
    for part in range(3):
        chunk = events[part * IMPORT_EVENTS // 3:(part + 1) * IMPORT_EVENTS // 3]
        done = subprocess.run(cli_args(origin, "import", "-"), input="\n".join(chunk) + "\n", text=True,
                              capture_output=True, cwd=REPO, env=subprocess_env())
        assert done.returncode == 0, done.stderr
    path = tmp_path / "record.jsonl"
    assert run_cli(origin, "export", "--record", str(path)).returncode == 0
    reference, digest = path.read_bytes(), assert_verifies(origin)

    with fresh_location(backend, tmp_path) as url:  # a run nobody kills: its length
        started = time.perf_counter()
        done = run_cli(url, "import", "--record", str(path))
        run_seconds = time.perf_counter() - started
        assert done.returncode == 0, done.stderr
        server = backend_label(backend, url)

    outcomes: Counter[str] = Counter()
    moments = []
    for delay in spread(rng, RESTORE_KILLS, SPAN * run_seconds):
        with fresh_location(backend, tmp_path) as url:
            killed = kill_after(start_cli(url, "import", "--record", str(path)), delay)[0]
            held = head_seq(url)
            assert held in (0, IMPORT_EVENTS), f"killed at {delay:.2f}s, the store holds {held} events"
            if not killed:
                outcomes["ended before its kill"] += 1
            else:
                moments.append(delay)
                outcomes["killed before the schema was committed" if not has_schema(url)
                         else "killed before the commit" if held == 0 else "killed after the commit"] += 1
            verifies_or_never_was(url)
            again = run_cli(url, "import", "--record", str(path))
            if held == 0:
                assert again.returncode == 0, again.stderr
            else:
                assert again.returncode == 1 and "does not continue the store's head" in again.stderr
            assert run_cli(url, "verify", "--digest", digest).returncode == 0
            assert export_record_bytes(url) == reference
    record("crash-restore", backend, PROVES_RESTORE, watch.seconds, server=server, events_per_record=IMPORT_EVENTS,
           unkilled_run_seconds=round(run_seconds, 2), kills=len(moments),
           kill_moments_seconds=sorted(round(m, 2) for m in moments), outcomes=dict(sorted(outcomes.items())))


def export_record_bytes(url: str) -> bytes:
    from store import Ledger
    from store.record import export_record

    with Ledger(url, create=False) as ledger:
        return b"".join(export_record(ledger))


RECORDED = re.compile(r"recorded statement (\S+) at seq (\d+)\n")


def events_after(url: str, seq: int) -> list[tuple[int, str, str, dict]]:
    engine = create_engine(normalize_url(url), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT seq, id, recorded_by, body FROM event_log WHERE seq > :seq ORDER BY seq"),
                                {"seq": seq}).all()
    finally:
        engine.dispose()
    return [(s, i, by, json.loads(body)) for s, i, by, body in rows]


@pytest.mark.slow
def test_record_loop_killed_at_random_moments_keeps_every_confirmed_record(backend, tmp_path):
    watch = Stopwatch()
    rng = random.Random(SEED + 1)
    confirmed = unconfirmed = 0
    with fresh_location(backend, tmp_path, migrated=True) as url:
        assert run_cli(url, "init").returncode == 0
        for k, delay in enumerate(spread(rng, RECORD_KILLS, RECORD_WINDOW)):
            tag = f"round-{k}"
            before = head_seq(url)
            out, err = kill_after_first_line(start_proc("recorder", url, tag), delay)
            assert out, err
            printed = [(sid, int(seq)) for sid, seq in RECORDED.findall(out)]
            new = events_after(url, before)
            assert [(sid, seq) for seq, sid, _, _ in new[:len(printed)]] == printed
            assert len(new) - len(printed) in (0, 1), f"{len(new)} records in the log, {len(printed)} confirmed"
            assert [seq for seq, *_ in new] == list(range(before + 1, before + 1 + len(new)))
            assert [(by, body["position"]) for _, _, by, body in new] == [
                ("crash-drill", f"{tag} record {i}.") for i in range(len(new))]
            assert_verifies(url)
            confirmed += len(printed)
            unconfirmed += len(new) - len(printed)
        events = head_seq(url)
        record("crash-record", backend, PROVES_RECORD, watch.seconds, server=backend_label(backend, url),
               kills=RECORD_KILLS, kill_window_seconds_after_the_first_record=RECORD_WINDOW,
               records_confirmed=confirmed, records_committed_but_not_confirmed=unconfirmed, events=events)
