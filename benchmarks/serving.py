"""The explorer under load: `stance serve` on a copy of the kept store, 8 clients × 500 requests across the API on
loopback, against the same requests answered in-process by the functions the API calls, with as many threads.

Then, with a writer importing batches of BATCH statements (each batch one transaction) into the served store,
8 clients × WRITER_REQUESTS more requests: no errors, and every answer about the batches (the API's timeline and
an issue page) must show whole batches, never part of one. The latency is compared without the writer, whose
imports would load the machine in one phase and not in the other. Bounded: the request counts are fixed, and each
request times out after 60 s.
"""

import json
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CLIENTS = 8
REQUESTS = 500  # per client
WRITER_REQUESTS = 100  # per client, while the writer imports
BATCH = 50
WRITER_ISSUE = "bench/import"


def requests_for(ledger) -> list[tuple[str, dict]]:
    """A mix of read commands, each with its parameters, chosen from what the store holds."""
    from store.positions import counts

    parties = [r["party"] for r in counts(ledger, "party")][:4]
    issues = [r["issue"] for r in counts(ledger, "issue")][:4]
    with ledger.reader() as conn:
        ids = [row[0] for row in conn.exec_driver_sql(
            "SELECT statement_id FROM statement_version WHERE seq_to IS NULL ORDER BY stmt_seq LIMIT 4")]
    mix = []
    for i in range(4):
        p, s = parties[i % len(parties)], issues[i % len(issues)]
        mix += [
            ("as-of", {"when": "2025-12-31", "party": p}),
            ("history", {"party": p, "issue": s}),
            ("shifts", {"party": p, "issue": s, "from": "2025"}),
            ("show", {"id": ids[i]}),
            ("search", {"query": "talks peace", "party": p, "limit": "20"}),
            ("timeline", {"party": p, "issue": s, "from": "2025-06"}),
            ("parties", {}),
        ]
    return mix


def _query(params: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


_connections = threading.local()


def _get(base: str, path: str) -> tuple[int, bytes, float]:
    """GET on a connection kept by this thread, as a browser keeps one: (status, body, seconds)."""
    import http.client

    host, port = base.split("://", 1)[1].split(":")
    started = time.perf_counter()
    connection = getattr(_connections, base, None)
    for attempt in range(2):
        if connection is None:
            connection = http.client.HTTPConnection(host, int(port), timeout=60)
            setattr(_connections, base, connection)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read(), time.perf_counter() - started
        except (http.client.HTTPException, ConnectionError):
            connection.close()
            connection = None
            setattr(_connections, base, None)
            if attempt:
                raise
    raise AssertionError("unreachable")


def _writer(db: Path, stop: threading.Event, done: list[int]) -> None:
    from events.lines import decode_jsonl
    from store import Ledger

    n = 0
    with Ledger(str(db)) as ledger:
        while not stop.is_set():
            lines = [json.dumps({"stated_on": "2024-05-01", "party": "bench-writer", "issue": WRITER_ISSUE,
                                 "stance": "propose", "position": f"Batch {n} statement {k}.",
                                 "source": {"outlet": "Bench"}}).encode() + b"\n" for k in range(BATCH)]
            ledger.append(decode_jsonl(lines), "bench")
            n += 1
            done[0] = n
            time.sleep(0.05)


def run(source_db: Path, workdir: Path, say: Callable[[str], None]) -> dict:
    import os

    from cli import queries
    from store import Ledger

    load_before = os.getloadavg()[0]
    db = workdir / "serve-bench.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source_db, db)
    with Ledger(str(db), create=False) as ledger:
        mix = requests_for(ledger)
    plan = [mix[(c * 7 + i) % len(mix)] for c in range(CLIENTS) for i in range(REQUESTS)]

    halves = [plan[0::2], plan[1::2]]  # in turns with the served half-runs below, so load bursts fall on both
    in_process: list[float] = []

    def in_process_half(half: list) -> None:
        """The same requests through the functions the API calls, with as many threads."""
        import orjson

        with Ledger(str(db), create=False, read_only=True) as ledger:
            def local(item):
                command, params = item
                started = time.perf_counter()
                rows = queries.ROWS[command](lambda: ledger, **_local_arguments(command, params))
                orjson.dumps(rows if isinstance(rows, dict) else list(rows))
                return time.perf_counter() - started

            say(f"in-process: {len(half):,} requests on {CLIENTS} threads")
            with ThreadPoolExecutor(CLIENTS) as pool:
                in_process.extend(pool.map(local, half))

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "cli", "--db", str(db), "serve", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stop = threading.Event()
    batches = [0]
    torn: list[str] = []
    try:
        server.stdout.readline()
        deadline = time.monotonic() + 30
        while True:
            try:
                _get(base, "/api/parties")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("stance serve did not start") from None
                time.sleep(0.1)

        def remote(item):
            command, params = item
            status, body, seconds = _get(base, f"/api/{command}?{_query(params)}")
            return status, seconds

        served: list = []
        for half in halves:
            in_process_half(half)
            say(f"served: {CLIENTS} clients, {len(half):,} requests")
            with ThreadPoolExecutor(CLIENTS) as pool:
                served.extend(pool.map(remote, half))

        def watch():
            while not stop.is_set():
                status, body, _ = _get(base, f"/api/timeline?issue={WRITER_ISSUE}")
                count = len(json.loads(body)) if status == 200 else -1
                if count % BATCH:
                    torn.append(f"api timeline: {count} statements")
                status, body, _ = _get(base, f"/issue/{WRITER_ISSUE}")
                page = body.decode()
                if "statements on this issue" in page or "statement on this issue" in page:
                    shown = int(page.split('<p class="lede">', 1)[1].split(" statement", 1)[0])
                    if shown % BATCH:
                        torn.append(f"issue page: {shown} statements")

        say(f"served: {CLIENTS} clients × {WRITER_REQUESTS} requests, a writer importing {BATCH} statements a batch")
        writer = threading.Thread(target=_writer, args=(db, stop, batches), daemon=True)
        writer.start()
        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        meanwhile_plan = [plan[i] for i in range(0, len(plan), REQUESTS // WRITER_REQUESTS)]
        with ThreadPoolExecutor(CLIENTS) as pool:
            meanwhile = list(pool.map(remote, meanwhile_plan))
        stop.set()
        writer.join(60)
        watcher.join(60)
    finally:
        stop.set()
        server.terminate()
        server.wait(30)
    errors = sum(1 for status, _ in served + meanwhile if status != 200)
    load = (round(load_before, 2), round(os.getloadavg()[0], 2))  # the machine's, others' work included
    api = statistics.median(s for _, s in served) * 1000
    local_ms = statistics.median(in_process) * 1000
    return {"requests": len(plan), "requests_while_writing": len(meanwhile_plan), "clients": CLIENTS,
            "errors": errors, "torn_reads": torn,
            "batches_imported": batches[0], "api_median_ms": round(api, 3), "in_process_median_ms": round(local_ms, 3),
            "ratio": round(api / local_ms, 3), "load_average": load,
            "met": errors == 0 and not torn and api / local_ms <= 1.5}


def _local_arguments(command: str, params: dict) -> dict:
    """The keyword arguments of the rows function, as the API's parser would make them."""
    names = {"when": "when_", "id": "statement_id_", "from": "from_", "as-of": "as_of_"}
    values = {}
    for key, value in params.items():
        name = names.get(key, key.replace("-", "_"))
        if name in ("party", "issue") and command != "history":  # history's are its positional arguments
            values[name] = [value]
        elif name == "limit":
            values[name] = int(value)
        else:
            values[name] = value
    return values


def table(result: dict) -> str:
    return "\n".join([
        "| requests | clients | errors | torn reads | batches imported meanwhile | API median | in-process median "
        "| ratio | load average (start, end) | target | met |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|",
        f"| {result['requests']:,} | {result['clients']} | {result['errors']} | {len(result['torn_reads'])} | "
        f"{result['batches_imported']} | {result['api_median_ms']:.2f} ms | {result['in_process_median_ms']:.2f} ms "
        f"| {result['ratio']} | {result['load_average'][0]}, {result['load_average'][1]} "
        f"| ≤ 1.5, no errors, no torn reads | {'yes' if result['met'] else '**no**'} |",
    ])
