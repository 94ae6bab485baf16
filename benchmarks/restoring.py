"""The restore benchmark: `import --record` of a history's record next to a plain `import` of the same events.

For each size, the generated history is imported into a fresh store (plain import, timed), its record written by
`export --record` (timed, next to the plain `export` of the same store), and the record restored into a fresh store
(timed). Both imports run on SQLite and, with a server, on PostgreSQL. A restore does what an import does (decode,
validate, project, hash) and also decodes the record's wrapper and checks each hash against the chain: its
rate over the plain import's is the price of restoring the record exactly. A smaller prefix is restored again to
show that peak memory does not grow with the file.
"""

from collections.abc import Callable
from pathlib import Path

from benchmarks.runner import Measured, measure
from benchmarks.scratch import ScratchPostgres, fresh_sqlite
from benchmarks.stores import histories, history_counts

IMPORT = {"sqlite": "stancelog import sqlite", "postgresql": "stancelog import postgresql"}
RESTORE = {"sqlite": "stancelog import --record sqlite", "postgresql": "stancelog import --record postgresql"}
EXPORT, EXPORT_RECORD = "stancelog export sqlite", "stancelog export --record sqlite"


def restore_contender(spec: dict):
    """`store.record.import_record` of a record file: the path `stance import --record` takes."""
    from store import Ledger
    from store.record import import_record

    ledger = Ledger(spec["db"])  # creates and migrates the store (untimed)

    def run(clock) -> dict:
        with open(spec["file"], "rb") as lines:
            appended = import_record(ledger, lines)
        ledger.close()
        return {"events": appended.total}

    return run


def export_contender(spec: dict):
    """`stance export` (or `export --record`) of a store to a file."""
    from store import Ledger
    from store.record import export_record

    ledger = Ledger(spec["db"], create=False)

    def run(clock) -> dict:
        events = 0
        lines = export_record(ledger) if spec["record"] else ledger.export()
        with open(spec["out"], "wb") as out:
            for events, line in enumerate(lines, 1):  # noqa: B007
                out.write(line)
        ledger.close()
        return {"events": events}

    return run


def _drop(pg: ScratchPostgres, tries: int = 20) -> None:
    """Drop the scratch database; an autovacuum worker the server started on it after an import (which this role
    may not terminate) makes DROP … WITH (FORCE) fail until it ends, so try again for a while."""
    import time

    for attempt in range(tries):
        try:
            pg.drop()
            return
        except Exception:
            if attempt == tries - 1:
                raise
            time.sleep(1)


def run(sizes: list[int], memory_size: int, workdir: Path, pg: ScratchPostgres | None, seed: int,
        say: Callable[[str], None], pg_max: int | None = None) -> dict:
    files = histories(workdir, [*sizes, memory_size] if memory_size else sizes, seed, say)
    largest = max(sizes)
    results: list[Measured] = []

    def on_pg(size: int) -> bool:
        return pg is not None and (pg_max is None or size <= pg_max)

    def restored(size: int) -> None:
        db, record = workdir / f"restore-origin-{size}.db", workdir / f"record-{size}.jsonl"
        say(f"{IMPORT['sqlite']}: {size:,} events")
        results.append(measure("import", IMPORT["sqlite"], "stancelog", size, {"file": str(files[size]),
                                                                                "db": str(db)},
                               fresh=lambda: fresh_sqlite(db)))
        say(f"{EXPORT} and {EXPORT_RECORD}: {size:,} events")
        plain = workdir / f"export-{size}.jsonl"
        results.append(measure("export", EXPORT, "stancelog-export", size,
                               {"db": str(db), "out": str(plain), "record": False}))
        plain.unlink()
        results.append(measure("export", EXPORT_RECORD, "stancelog-export", size,
                               {"db": str(db), "out": str(record), "record": True}))
        copy = workdir / f"restore-copy-{size}.db"
        say(f"{RESTORE['sqlite']}: {size:,} events")
        results.append(measure("import", RESTORE["sqlite"], "stancelog-restore", size,
                               {"file": str(record), "db": str(copy)}, fresh=lambda: fresh_sqlite(copy)))
        if on_pg(size):
            say(f"{IMPORT['postgresql']} and {RESTORE['postgresql']}: {size:,} events")
            results.append(measure("import", IMPORT["postgresql"], "stancelog", size,
                                   {"file": str(files[size]), "db": pg.url}, fresh=pg.fresh))
            results.append(measure("import", RESTORE["postgresql"], "stancelog-restore", size,
                                   {"file": str(record), "db": pg.url}, fresh=pg.fresh))
        for path in (db, copy, record):
            fresh_sqlite(path) if path.suffix == ".db" else path.unlink()

    for size in sorted(set(sizes) | ({memory_size} if memory_size else set())):
        restored(size)
    if pg is not None:
        _drop(pg)
    for measured in results:
        if measured.events != measured.size:
            raise RuntimeError(f"{measured.contender} handled {measured.events:,} of {measured.size:,} events")
    counts = history_counts(files[largest])
    return {"history": {"events": largest, "counts": counts, "seed": seed}, "results": results,
            "ratios": ratios(results, largest, memory_size)}


def ratios(results: list[Measured], largest: int, memory_size: int) -> dict:
    """Restore events/s over plain import events/s, per backend and size (wall; CPU time on SQLite, where all the
    work is this process's); export --record over export; restore peak RSS at the largest size over the smaller."""
    by = {(m.contender, m.size): m for m in results}
    out: dict = {"restore_over_import": {}, "export_record_over_export": {}, "peak_rss_growth": {}}
    for (contender, size), measured in by.items():
        for backend, label in RESTORE.items():
            peer = by.get((IMPORT[backend], size))
            if contender == label and peer is not None:
                ratio = {"wall": round(measured.rate / peer.rate, 3)}
                if backend == "sqlite":
                    ratio["cpu"] = round(peer.cpu_seconds / measured.cpu_seconds, 3)
                out["restore_over_import"][f"{backend} @ {size}"] = ratio
        if contender == EXPORT_RECORD and (EXPORT, size) in by:
            peer = by[(EXPORT, size)]
            out["export_record_over_export"][f"sqlite @ {size}"] = {
                "wall": round(measured.rate / peer.rate, 3), "cpu": round(peer.cpu_seconds / measured.cpu_seconds, 3)}
    small = memory_size if memory_size and memory_size != largest else None
    for backend, label in RESTORE.items():
        big, low = by.get((label, largest)), by.get((label, small))
        if big is not None and low is not None:
            out["peak_rss_growth"][label] = {
                "small_events": small, "large_events": largest,
                "peak_small_mib": round(low.peak_rss_kib / 1024, 1),
                "peak_large_mib": round(big.peak_rss_kib / 1024, 1),
                "ratio": round(big.peak_rss_kib / low.peak_rss_kib, 3)}
    return out
