"""The search benchmark: a two-word query through the full-text index, at each size, against a LIKE scan of the
same text.

Each size's store is the kept stancelog store of the generated history (benchmarks/stores.py), copied, with the
same NEEDLES statements added: they hold two words the generated text never uses, so the query finds the same
number of statements at every size, and any growth of its time with the size of the store is the index's. The
peer scans the current statement versions' JSON with `LIKE '%word%'` for both words, in the same process, on the
same file. Both answers must be the same statements.
"""

import json
import shutil
import statistics
import time
from collections.abc import Callable
from pathlib import Path

NEEDLES = 20
QUERY = "quokka zeppelin"
STATEMENT = {"party": "bench-party", "issue": "bench/search", "stance": "propose", "source": {"outlet": "Bench"}}


def needles() -> list[bytes]:
    lines = []
    for n in range(NEEDLES):
        fields = {**STATEMENT, "stated_on": f"2024-01-{n + 1:02d}",
                  "position": f"Proposal {n}: a quokka is carried by zeppelin to the talks, version {n}."}
        lines.append(json.dumps(fields).encode() + b"\n")
    return lines


def search_store(stores, size: int, history: Path, say: Callable[[str], None]) -> Path:
    """The kept store of `size` events, copied once, with the needles added (kept beside it)."""
    from events.lines import decode_jsonl
    from store import Ledger
    from store.schema import SCHEMA_HEAD

    source = stores.stancelog(size, history)
    target = stores.path("search", size)
    meta_path = Path(f"{target}.json")
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    if target.exists() and meta.get("from_built_at") == _built(source) and meta.get("schema_head") == SCHEMA_HEAD:
        return target
    say(f"copying the {size:,}-event store and adding {NEEDLES} statements that match {QUERY!r}")
    meta_path.unlink(missing_ok=True)
    shutil.copyfile(source, target)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with Ledger(str(target)) as ledger:
        ledger.append(decode_jsonl(needles()), "bench")
    meta_path.write_text(json.dumps({"from_built_at": _built(source), "schema_head": SCHEMA_HEAD}) + "\n")
    return target


def _built(path: Path) -> str | None:
    try:
        return json.loads(Path(f"{path}.json").read_text()).get("built_at")
    except (OSError, ValueError):
        return None


def _times_ms(run: Callable[[], object], runs: int, warmup: int = 1) -> tuple[list[float], object]:
    for _ in range(warmup):
        answer = run()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        answer = run()
        times.append((time.perf_counter() - started) * 1000)
    return times, answer


def measure(db: Path, runs: int, like_runs: int) -> dict:
    """`runs` searches and `like_runs` LIKE scans of one store, in this process: their times in ms."""
    from sqlalchemy import bindparam, select

    from events.search import parse_query
    from store import Ledger
    from store.schema import event_log, statement_version, version_text
    from store.search import search

    query = parse_query(QUERY)
    # Each current version's JSON text: a first version's is its log body (revision 0005).
    v = statement_version.c
    words = version_text(v.content, event_log.c.body)
    like = (select(v.statement_id).join_from(statement_version, event_log, event_log.c.seq == v.seq_from)
            .where(v.seq_to.is_(None), words.like(bindparam("a")), words.like(bindparam("b"))))
    with Ledger(str(db), create=False) as ledger:
        indexed, rows = _times_ms(lambda: search(ledger, query, limit=50), runs)

        def scan():
            with ledger.reader() as conn:
                return conn.execute(like, {"a": "%quokka%", "b": "%zeppelin%"}).scalars().all()

        scanned_ms, scanned = _times_ms(scan, like_runs, warmup=0) if like_runs else ([], None)
    found = sorted(r["statement_id"] for r in rows)
    if len(found) != NEEDLES or (scanned is not None and found != sorted(scanned)):
        raise RuntimeError(f"the index found {len(found)} statements, the LIKE scan {len(scanned or [])}")
    return {"search": indexed, "like": scanned_ms}


def run(sizes: list[int], files: dict[int, Path], stores, say: Callable[[str], None], runs: int = 21,
        like_runs: int = 3, rounds: int = 3, pg=None, pg_max: int | None = None) -> dict:
    """The sizes are measured in turn, `rounds` times, so that a burst of load on a shared machine falls on all of
    them alike; the medians are of every sample of a size. With `pg` (a ScratchPostgres), the same again on
    PostgreSQL for the sizes up to `pg_max`, each imported into a scratch database first."""
    result = {"figures": {}, "goals": [], "samples": {}}
    backends = {"sqlite": {size: str(search_store(stores, size, files[size], say)) for size in sorted(sizes)}}
    scratch = {size: pg.sibling(f"search_{size}") for size in sorted(sizes) if size <= (pg_max or size)} if pg else {}
    try:
        if scratch:
            backends["postgresql"] = {size: _postgres_store(database, files[size], say)
                                      for size, database in scratch.items()}
        for backend, dbs in backends.items():
            figures, goals, samples = _measure_sizes(backend, dbs, say, runs, like_runs, rounds)
            result["figures"][backend], result["samples"][backend] = figures, samples
            result["goals"] += goals
    finally:
        for database in scratch.values():
            database.drop()
    return result


def _postgres_store(database, history: Path, say: Callable[[str], None]) -> str:
    from benchmarks.runner import run_worker
    from events.lines import decode_jsonl
    from store import Ledger

    say(f"importing {history.name} into PostgreSQL (scratch database {database.name}) and adding {NEEDLES} "
        f"statements that match {QUERY!r}")
    database.fresh()
    run_worker("stancelog", {"file": str(history), "db": database.url})
    with Ledger(database.url) as ledger:
        ledger.append(decode_jsonl(needles()), "bench")
    return database.url


def _measure_sizes(backend: str, dbs: dict[int, str], say, runs: int, like_runs: int, rounds: int):
    samples: dict[int, dict[str, list[float]]] = {size: {"search": [], "like": []} for size in dbs}
    for round_ in range(1, rounds + 1):
        for size, db in dbs.items():
            say(f"round {round_}/{rounds}, {backend}, {size:,} events: search {QUERY!r} ×{-(-runs // rounds)}"
                + (", LIKE scan ×1" if round_ <= like_runs else ""))
            got = measure(db, -(-runs // rounds), 1 if round_ <= like_runs else 0)
            for key in ("search", "like"):
                samples[size][key] += got[key]
    figures = {size: {"search_ms": round(statistics.median(s["search"]), 3),
                      "like_ms": round(statistics.median(s["like"]), 3), "found": NEEDLES,
                      "runs": len(s["search"]), "like_runs": len(s["like"])} for size, s in samples.items()}
    smallest, largest = min(figures), max(figures)
    goals = [
        {"goal": f"{backend}: search time {largest:,} ÷ {smallest:,} events (fixed result size)",
         "ratio": round(figures[largest]["search_ms"] / figures[smallest]["search_ms"], 3), "target": "≤ 1.5"},
        {"goal": f"{backend}: LIKE scan ÷ search at {largest:,} events",
         "ratio": round(figures[largest]["like_ms"] / figures[largest]["search_ms"], 1), "target": "≥ 100"},
    ]
    for goal in goals:
        number = goal["ratio"]
        goal["met"] = number <= 1.5 if goal["target"] == "≤ 1.5" else number >= 100
    return figures, goals, samples


def table(result: dict) -> str:
    lines = ["| backend | events | search (index) | LIKE scan | statements found |", "|---|---:|---:|---:|---:|"]
    for backend, figures in result["figures"].items():
        for size, f in sorted(figures.items()):
            lines.append(f"| {backend} | {size:,} | {f['search_ms']:,.2f} ms | {f['like_ms']:,.1f} ms | {f['found']} |")
    lines += ["", "| goal | ratio | target | met |", "|---|---:|---|---|"]
    for g in result["goals"]:
        lines.append(f"| {g['goal']} | {g['ratio']} | {g['target']} | {'yes' if g['met'] else '**no**'} |")
    return "\n".join(lines)
