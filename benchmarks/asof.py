"""The as-of benchmark: the position matrix from the projections, against a full replay of the log.

At each size the history is imported once (kept in the work directory) and then, each in a fresh process:
`store.positions.as_of` of every (party, issue) cell as of WHEN, the median of `runs` runs after a warm-up, and
the same matrix computed by the reference fold (`events.fold.replay` over the log read from the store, then
`events.fold.positions`), the median of `replay_runs`; the runs are split in rounds taken in turn across sizes.
Both again as known at the middle of the log (seq N//2).
The two answers must be the same matrix: their digests are compared. On PostgreSQL the store is imported into a
scratch database for the sizes up to `pg_max` (an import there is slower; larger sizes would take minutes).
"""

from collections import defaultdict
from collections.abc import Callable
from math import ceil
from pathlib import Path

from benchmarks.runner import Measured, measure, merged, run_worker
from benchmarks.scratch import ScratchPostgres
from benchmarks.stores import Stores

KNOWN = "known-at N/2"


def labels(backend: str, known: bool) -> tuple[str, str]:
    suffix = f", {KNOWN}" if known else ""
    return f"stancelog {backend}{suffix}", f"full replay {backend}{suffix}"


def run(sizes: list[int], files: dict[int, Path], stores: Stores, pg: ScratchPostgres | None, pg_max: int,
        when: str, runs: int, replay_runs: int, say: Callable[[str], None], rounds: int = 3) -> dict:
    """Measure in `rounds` rounds, every size and variant in each, so that a burst of load on the shared machine
    falls on all sizes alike instead of on one; each round is a fresh process per measurement."""
    parts: dict[tuple[str, int], list[Measured]] = defaultdict(list)
    replay_per_round = ceil(replay_runs / rounds)

    def measure_all(backend: str, stores_at: dict[int, str]) -> None:
        for round_ in range(1, rounds + 1):
            for size, db in stores_at.items():
                for known in (None, size // 2):
                    as_of_label, replay_label = labels(backend, known is not None)
                    spec = {"db": db, "when": when, "known": known}
                    say(f"round {round_}/{rounds}, {backend}, {size:,} events"
                        f"{f', known at seq {known}' if known else ''}: as-of, full replay")
                    parts[(as_of_label, size)].append(measure(
                        "as-of", as_of_label, "as-of", size, {**spec, "runs": ceil(runs / rounds), "warmup": 1}))
                    if (round_ - 1) * replay_per_round < replay_runs:
                        parts[(replay_label, size)].append(measure(
                            "as-of", replay_label, "replay", size, {**spec, "runs": replay_per_round}))

    measure_all("sqlite", {size: str(stores.stancelog(size, files[size])) for size in sorted(sizes)})
    if pg is not None:
        scratch = {size: pg.sibling(str(size)) for size in sorted(sizes) if size <= pg_max}
        try:
            for size, database in scratch.items():
                say(f"importing {size:,} events into PostgreSQL (scratch database {database.name})")
                database.fresh()
                run_worker("stancelog", {"file": str(files[size]), "db": database.url})
            measure_all("postgresql", {size: database.url for size, database in scratch.items()})
        finally:
            for database in scratch.values():
                database.drop()
    results = [merged(found) for _, found in sorted(parts.items(), key=lambda item: _order(*item[0]))]
    return {"results": results, "ratios": ratios(results)}


def _order(label: str, size: int) -> tuple:
    return ("postgresql" in label, size, KNOWN in label, label.startswith("full replay"))


def ratios(results: list[Measured]) -> dict:
    """Replay time over as-of time at each size; as-of time at each size over its time at the smallest size;
    and whether both gave the same matrix."""
    by = {(m.contender, m.size): m for m in results}
    out: dict = {"replay_over_as_of": {}, "as_of_growth": {}, "answers_differ": []}
    for backend in ("sqlite", "postgresql"):
        for known in (False, True):
            as_of_label, replay_label = labels(backend, known)
            sizes = sorted(size for contender, size in by if contender == as_of_label)
            for size in sizes:
                fast, slow = by[(as_of_label, size)], by.get((replay_label, size))
                if slow is None:
                    continue
                ratio = {"wall": round(slow.seconds / fast.seconds, 3)}
                if backend == "sqlite":  # on PostgreSQL most of the work is the server's, not in this CPU time
                    ratio["cpu"] = round(slow.cpu_seconds / fast.cpu_seconds, 3)
                out["replay_over_as_of"][f"{as_of_label} @ {size}"] = ratio
                if fast.extra.get("digest") != slow.extra.get("digest"):
                    out["answers_differ"].append(f"{as_of_label} @ {size}")
            if len(sizes) > 1:
                base = by[(as_of_label, sizes[0])]
                for size in sizes[1:]:
                    m = by[(as_of_label, size)]
                    ratio = {"base_events": sizes[0], "wall": round(m.seconds / base.seconds, 3)}
                    if backend == "sqlite":
                        ratio["cpu"] = round(m.cpu_seconds / base.cpu_seconds, 3)
                    out["as_of_growth"][f"{as_of_label} @ {size}"] = ratio
    return out
