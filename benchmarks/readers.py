"""Contenders that read a store built beforehand: the as-of matrix, a full replay of the log, and rebuild.

Latency contenders run their query several times in one process after a warm-up and return each run's wall and
CPU time as "samples"; the benchmark reports medians. The as-of matrix and the replay also return a digest of
their answer (party, issue, statement id of every cell), so a benchmark can check that both gave the same one.
"""

import hashlib
import time
from collections.abc import Iterable, Iterator


def answer_digest(cells: Iterable[tuple[str, str, str]]) -> str:
    lines = sorted(f"{party}\t{issue}\t{statement_id}\n" for party, issue, statement_id in cells)
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def _sampled(runs: int, query) -> tuple[list[list[float]], object]:
    samples, answer = [], None
    for _ in range(runs):
        answer = None  # the previous answer is freed before the next run, as a fresh command would have it
        wall, cpu = time.perf_counter(), time.process_time()
        answer = query()
        samples.append([time.perf_counter() - wall, time.process_time() - cpu])
    return samples, answer


def as_of_matrix(spec: dict):
    """`store.positions.as_of`: every (party, issue) cell as of `when`, as known at `known` (None: now)."""
    from events.periods import parse_period
    from store import Ledger
    from store.positions import as_of

    ledger = Ledger(spec["db"])
    when_end, known = parse_period(spec["when"]).end, spec.get("known")
    events = ledger.head()[0]
    for _ in range(spec.get("warmup", 1)):
        as_of(ledger, when_end, known)

    def run(clock) -> dict:
        samples, matrix = _sampled(spec["runs"], lambda: as_of(ledger, when_end, known))
        ledger.close()
        return {"events": events, "samples": samples, "cells": len(matrix),
                "digest": answer_digest((r["party"], r["issue"], r["statement_id"]) for r in matrix)}

    return run


def log_entries(ledger, known: int | None) -> Iterator:
    """The log as the reference fold takes it, read from the store page by page (up to seq `known`)."""
    import orjson

    from events.fold import Entry
    from store.ledger import pages
    from store.schema import event_log

    with ledger.reader() as conn:
        for seq, event_id, body in pages(conn, [event_log.c.seq, event_log.c.id, event_log.c.body]):
            if known is not None and seq > known:
                return
            yield Entry(seq, event_id, orjson.loads(body))


def full_replay(spec: dict):
    """`events.fold.replay` of the log read from the store, then `events.fold.positions`: the matrix without
    projections, as a tool that keeps only the log must compute it."""
    from events.fold import positions, replay
    from events.periods import parse_period
    from store import Ledger

    ledger = Ledger(spec["db"])
    when_end, known = parse_period(spec["when"]).end, spec.get("known")
    events = ledger.head()[0]

    def query():
        return positions(replay(log_entries(ledger, known), known), when_end)

    def run(clock) -> dict:
        samples, matrix = _sampled(spec["runs"], query)
        ledger.close()
        return {"events": events, "samples": samples, "cells": len(matrix),
                "digest": answer_digest((party, issue, s.id) for (party, issue), s in matrix.items())}

    return run


def rebuild_projections(spec: dict):
    """`store.replay.rebuild`: the projections dropped and made again from the whole log, as `stance rebuild`."""
    from store import Ledger
    from store.replay import rebuild

    ledger = Ledger(spec["db"])

    def run(clock) -> int:
        last = rebuild(ledger)
        ledger.close()
        return last

    return run


def verify_log(spec: dict):
    """`store.verify.verify`: the chain, the guards and the projections against a full replay, as `stance verify`."""
    from store import Ledger
    from store.verify import verify

    ledger = Ledger(spec["db"])

    def run(clock) -> int:
        checked = verify(ledger)
        ledger.close()
        if not checked.ok:
            raise RuntimeError(f"the store does not verify: {checked.problems[0]}")
        return checked.events

    return run
