"""The rebuild benchmark: `stance rebuild` against eventsourcing reading and decoding its whole notification log.

At each size, on SQLite stores of the same events kept in the work directory: `store.replay.rebuild` (read the
log page by page, decode, project, write the projections) and the eventsourcing peer's `select_notifications`
paging with every event decoded by its mapper (`benchmarks.eventsourced.read_events`), each in a fresh process.
The peer only reads; rebuild also writes every projection row, so the ratio errs against stancelog.
"""

from collections.abc import Callable
from pathlib import Path

from benchmarks.importing import eventsourcing_available
from benchmarks.runner import Measured, measure
from benchmarks.stores import Stores

REBUILD, READ = "stancelog rebuild sqlite", "eventsourcing read sqlite"


def run(sizes: list[int], files: dict[int, Path], stores: Stores, repeat: int, say: Callable[[str], None]) -> dict:
    results: list[Measured] = []
    peer = eventsourcing_available()
    for size in sorted(sizes):
        db = stores.stancelog(size, files[size])
        say(f"{REBUILD}: {size:,} events")
        results.append(measure("rebuild", REBUILD, "rebuild", size, {"db": str(db)}, repeat=repeat))
        if peer:
            es = stores.eventsourcing(size, files[size])
            say(f"{READ}: {size:,} events")
            results.append(measure("rebuild", READ, "eventsourcing-read", size, {"db": str(es)}, repeat=repeat))
    for measured in results:
        if measured.events != measured.size:
            raise RuntimeError(f"{measured.contender} read {measured.events:,} of {measured.size:,} events")
    return {"results": results, "ratios": ratios(results)}


def ratios(results: list[Measured]) -> dict:
    """Rebuild events/s over the peer's at each size; peak RSS of rebuild at each size over the smallest."""
    by = {(m.contender, m.size): m for m in results}
    out: dict = {"rebuild_over_eventsourcing_read": {}, "peak_rss_growth": {}}
    sizes = sorted(size for contender, size in by if contender == REBUILD)
    for size in sizes:
        ours, peer = by[(REBUILD, size)], by.get((READ, size))
        if peer is not None:
            out["rebuild_over_eventsourcing_read"][str(size)] = {
                "wall": round(ours.rate / peer.rate, 3), "cpu": round(peer.cpu_seconds / ours.cpu_seconds, 3)}
    for size in sizes[1:]:
        small, big = by[(REBUILD, sizes[0])], by[(REBUILD, size)]
        out["peak_rss_growth"][f"{REBUILD} @ {size}"] = {
            "small_events": sizes[0], "large_events": size,
            "peak_small_mib": round(small.peak_rss_kib / 1024, 1), "peak_large_mib": round(big.peak_rss_kib / 1024, 1),
            "ratio": round(big.peak_rss_kib / small.peak_rss_kib, 3)}
    return out
