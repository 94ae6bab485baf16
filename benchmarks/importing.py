"""The import benchmark: one generated history imported by stancelog (SQLite, PostgreSQL) and by its peers.

Every contender runs in its own process on a fresh store. The raw `sqlite3.executemany` peer inserts the very
rows the stancelog SQLite import of the same file stored, so the ratio between them is stancelog's whole cost
(decoding, validation, canonical JSON, ids, hash chain, projection, SQLAlchemy) over the cost of the rows alone.
The `eventsourcing` peer stores the same events through its application recorders (`benchmarks.eventsourced`),
1,000 per transaction, on SQLite and on PostgreSQL. A smaller prefix of the same history is imported again to
show that peak memory does not grow with the file.
"""

from collections.abc import Callable
from pathlib import Path

from benchmarks.runner import Measured, measure
from benchmarks.scratch import ScratchPostgres, fresh_sqlite
from benchmarks.stores import Stores, histories, history_counts

SQLITE, POSTGRES, RAW = "stancelog sqlite", "stancelog postgresql", "sqlite3 executemany"
ONE_ROW = "one log row per event (parse, SHA-256, executemany)"
ES_SQLITE, ES_POSTGRES = "eventsourcing sqlite", "eventsourcing postgresql"
PEERS = {SQLITE: ES_SQLITE, POSTGRES: ES_POSTGRES}  # each stancelog backend and its eventsourcing peer


def eventsourcing_available() -> bool:
    try:
        import eventsourcing  # noqa: F401
    except ImportError:
        return False
    return True


def eventsourcing_postgres_available() -> bool:
    """Its PostgreSQL recorder needs psycopg's pool (`eventsourcing[postgres]`)."""
    try:
        import psycopg_pool  # noqa: F401
    except ImportError:
        return False
    return True


def run(sizes: list[int], memory_size: int, workdir: Path, pg: ScratchPostgres | None, seed: int, repeat: int,
        raw_batch: int, say: Callable[[str], None], pg_max: int | None = None, stores: Stores | None = None,
        eventsourcing: bool = True) -> dict:
    """Measure every contender at each size. With `stores`, the SQLite stores made at each size are kept there
    for the other benchmarks (an import of the same events by the same code: no need to make them again)."""
    largest = max(sizes)
    files = histories(workdir, [*sizes, memory_size] if memory_size else sizes, seed, say)
    generated = {"events": largest, "counts": history_counts(files[largest]), "bytes": files[largest].stat().st_size,
                 "seed": seed}
    eventsourcing = eventsourcing and eventsourcing_available()
    if not eventsourcing:
        say("eventsourcing is not installed (pip install -e '.[bench]'): its contenders are skipped")
    es_on_pg = eventsourcing and pg is not None and eventsourcing_postgres_available()
    if eventsourcing and pg is not None and not es_on_pg:
        say("psycopg-pool is not installed (pip install 'eventsourcing[postgres]'): eventsourcing postgresql skipped")

    results: list[Measured] = []

    def on_pg(size: int) -> bool:
        return pg is not None and (pg_max is None or size <= pg_max)

    def stancelog(size: int) -> Measured:
        db = workdir / f"stancelog-{size}.db"
        say(f"{SQLITE}: {size:,} events")
        on_sqlite = measure("import", SQLITE, "stancelog", size, {"file": str(files[size]), "db": str(db)},
                            fresh=lambda: fresh_sqlite(db), repeat=repeat)
        results.append(on_sqlite)
        if on_pg(size):
            say(f"{POSTGRES}: {size:,} events")
            results.append(measure("import", POSTGRES, "stancelog", size, {"file": str(files[size]), "db": pg.url},
                                   fresh=pg.fresh, repeat=repeat))
        return on_sqlite

    def peer(size: int) -> None:
        es = workdir / f"eventsourcing-{size}.db"
        say(f"{ES_SQLITE}: {size:,} events")
        results.append(measure("import", ES_SQLITE, "eventsourcing-import", size,
                               {"file": str(files[size]), "db": str(es)}, fresh=lambda: fresh_sqlite(es),
                               repeat=repeat))
        if stores is not None:
            stores.keep("eventsourcing", size, es, results[-1].seconds)
        if es_on_pg and on_pg(size):
            say(f"{ES_POSTGRES}: {size:,} events")
            results.append(measure("import", ES_POSTGRES, "eventsourcing-import", size,
                                   {"file": str(files[size]), "db": pg.url}, fresh=pg.fresh, repeat=repeat))

    for size in sorted(sizes):
        imported = stancelog(size)
        raw = workdir / f"raw-{size}.db"
        say(f"{RAW}: {size:,} events")
        spec = {"db": str(raw), "rows_from": str(workdir / f"stancelog-{size}.db"), "batch": raw_batch}
        results.append(measure("import", RAW, "raw-sqlite3", size, spec, fresh=lambda raw=raw: fresh_sqlite(raw),
                               repeat=repeat))
        fresh_sqlite(raw)  # its copy of the rows is as large as the store: do not keep it
        say(f"{ONE_ROW}: {size:,} events")
        results.append(measure("import", ONE_ROW, "raw-one-row", size,
                               {"db": str(raw), "file": str(files[size]), "batch": raw_batch},
                               fresh=lambda raw=raw: fresh_sqlite(raw), repeat=repeat))
        fresh_sqlite(raw)
        if stores is not None:
            stores.keep("stancelog", size, workdir / f"stancelog-{size}.db", imported.seconds)
        if eventsourcing:
            peer(size)
    if memory_size and memory_size not in sizes:
        stancelog(memory_size)
    if pg is not None:
        pg.drop()

    for measured in results:
        if measured.events != measured.size:
            skipped = measured.extra.get("skipped")
            why = f" ({skipped:,} skipped as already in the log)" if skipped else ""
            raise RuntimeError(f"{measured.contender} stored {measured.events:,} of {measured.size:,} events{why}")
    return {"history": generated, "results": results, "ratios": ratios(results, largest, memory_size)}


def ratios(results: list[Measured], largest: int, memory_size: int) -> dict:
    """Each stancelog figure over the raw peer's and over eventsourcing's on the same backend, at the same size
    (wall time; where both sides do all their work in the measured process, also CPU time, steadier when the
    machine is shared), and peak RSS at the largest size over the smaller one."""
    by = {(m.contender, m.size): m for m in results}
    out: dict = {"vs_raw_sqlite3": {}, "vs_one_row": {}, "vs_eventsourcing": {}, "peak_rss_growth": {},
                 "one_row_rate": {str(size): m.rate for (c, size), m in by.items() if c == ONE_ROW},
                 "import_seconds": {str(size): m.seconds for (c, size), m in by.items() if c == SQLITE}}
    for (contender, size), measured in by.items():
        one_row = by.get((ONE_ROW, size))
        if contender == SQLITE and one_row is not None:
            out["vs_one_row"][f"{contender} @ {size}"] = {"wall": round(measured.rate / one_row.rate, 3),
                                                          "cpu": round(one_row.cpu_seconds / measured.cpu_seconds, 3)}
        raw = by.get((RAW, size))
        if contender in (SQLITE, POSTGRES) and raw is not None:
            ratio = {"wall": round(measured.rate / raw.rate, 3)}
            if contender == SQLITE:  # a PostgreSQL server's CPU time is not in this process's
                ratio["cpu"] = round(raw.cpu_seconds / measured.cpu_seconds, 3)
            out["vs_raw_sqlite3"][f"{contender} @ {size}"] = ratio
        peer = by.get((PEERS.get(contender), size))
        if peer is not None:
            ratio = {"wall": round(measured.rate / peer.rate, 3)}
            if contender == SQLITE:
                ratio["cpu"] = round(peer.cpu_seconds / measured.cpu_seconds, 3)
            out["vs_eventsourcing"][f"{contender} @ {size}"] = ratio
    sizes = sorted({m.size for m in results if m.contender == SQLITE})
    small = memory_size if memory_size and memory_size != largest else (sizes[-2] if len(sizes) > 1 else None)
    for contender in (SQLITE, POSTGRES):
        big, low = by.get((contender, largest)), by.get((contender, small))
        if big is not None and low is not None and big is not low:
            out["peak_rss_growth"][contender] = {
                "small_events": small, "large_events": largest,
                "peak_small_mib": round(low.peak_rss_kib / 1024, 1),
                "peak_large_mib": round(big.peak_rss_kib / 1024, 1),
                "ratio": round(big.peak_rss_kib / low.peak_rss_kib, 3),
            }
    return out
