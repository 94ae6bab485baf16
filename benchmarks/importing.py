"""The import benchmark: one generated history imported by stancelog (SQLite, PostgreSQL) and by a raw peer.

Every contender runs in its own process on a fresh store. The raw `sqlite3.executemany` peer inserts the very
rows the stancelog SQLite import of the same file stored, so the ratio between them is stancelog's whole cost
(decoding, validation, canonical JSON, ids, hash chain, projection, SQLAlchemy) over the cost of the rows alone.
A smaller prefix of the same history is imported again to show that peak memory does not grow with the file.
"""

import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path

from benchmarks.runner import Measured, measure
from benchmarks.scratch import ScratchPostgres, fresh_sqlite
from benchmarks.synthetic import write_history

SQLITE, POSTGRES, RAW = "stancelog sqlite", "stancelog postgresql", "sqlite3 executemany"


def prefix(history: Path, path: Path, events: int) -> Path:
    """The first `events` lines of a history: the same events a shorter generation would give."""
    with open(history, "rb") as source, open(path, "wb") as out:
        out.writelines(islice(source, events))
    return path


def run(sizes: list[int], memory_size: int, workdir: Path, pg: ScratchPostgres | None, seed: int, repeat: int,
        raw_batch: int, say: Callable[[str], None]) -> dict:
    largest = max(sizes)
    history = workdir / f"history-{largest}.jsonl"
    say(f"generating {largest:,} events")
    started = time.perf_counter()
    counts = write_history(history, largest, seed)
    generated = {"events": largest, "counts": counts, "bytes": history.stat().st_size, "seed": seed,
                 "seconds": round(time.perf_counter() - started, 3)}
    files = {size: history if size == largest else prefix(history, workdir / f"history-{size}.jsonl", size)
             for size in {*sizes, memory_size} if size}

    results: list[Measured] = []

    def stancelog(size: int) -> None:
        db = workdir / f"stancelog-{size}.db"
        say(f"{SQLITE}: {size:,} events")
        results.append(measure("import", SQLITE, "stancelog", size, {"file": str(files[size]), "db": str(db)},
                               fresh=lambda: fresh_sqlite(db), repeat=repeat))
        if pg is not None:
            say(f"{POSTGRES}: {size:,} events")
            results.append(measure("import", POSTGRES, "stancelog", size, {"file": str(files[size]), "db": pg.url},
                                   fresh=pg.fresh, repeat=repeat))

    for size in sorted(sizes):
        stancelog(size)
        raw = workdir / f"raw-{size}.db"
        say(f"{RAW}: {size:,} events")
        spec = {"db": str(raw), "rows_from": str(workdir / f"stancelog-{size}.db"), "batch": raw_batch}
        results.append(measure("import", RAW, "raw-sqlite3", size, spec, fresh=lambda raw=raw: fresh_sqlite(raw),
                               repeat=repeat))
    if memory_size and memory_size not in sizes:
        stancelog(memory_size)
    if pg is not None:
        pg.drop()

    for measured in results:
        if measured.events != measured.size:
            raise RuntimeError(f"{measured.contender} stored {measured.events:,} of {measured.size:,} events")
    return {"history": generated, "results": results, "ratios": ratios(results, largest, memory_size)}


def ratios(results: list[Measured], largest: int, memory_size: int) -> dict:
    """Each stancelog figure over the raw peer's at the same size (wall time; for SQLite also this process's CPU
    time, steadier when the machine is shared), and peak RSS at the largest size over the smaller one."""
    by = {(m.contender, m.size): m for m in results}
    out: dict = {"vs_raw_sqlite3": {}, "peak_rss_growth": {}}
    for (contender, size), measured in by.items():
        raw = by.get((RAW, size))
        if contender != RAW and raw is not None:
            ratio = {"wall": round(measured.rate / raw.rate, 3)}
            if contender == SQLITE:  # a PostgreSQL server's CPU time is not in this process's
                ratio["cpu"] = round(raw.cpu_seconds / measured.cpu_seconds, 3)
            out["vs_raw_sqlite3"][f"{contender} @ {size}"] = ratio
    for contender in (SQLITE, POSTGRES):
        big, small = by.get((contender, largest)), by.get((contender, memory_size))
        if big is not None and small is not None and big is not small:
            out["peak_rss_growth"][contender] = {
                "small_events": memory_size, "large_events": largest,
                "peak_small_mib": round(small.peak_rss_kib / 1024, 1),
                "peak_large_mib": round(big.peak_rss_kib / 1024, 1),
                "ratio": round(big.peak_rss_kib / small.peak_rss_kib, 3),
            }
    return out
