"""Start a contender in a fresh worker process and collect its figures."""

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from statistics import median

PROFILE_ENV = "STANCE_BENCH_PROFILE"
ROOT = Path(__file__).resolve().parent.parent  # so workers import `benchmarks` from wherever we were started


class WorkerFailed(RuntimeError):
    pass


@dataclass
class Measured:
    benchmark: str  # import, as-of, replay, rebuild, read, start-up
    contender: str  # e.g. "stancelog sqlite"
    size: int  # events in the input (or in the store read)
    events: int  # events the contender stored or read
    seconds: float  # wall time of the timed part; for a latency, the median of its runs
    cpu_seconds: float  # this process's CPU time in it (not a database server's); for a latency, the median
    base_rss_kib: int  # after setup, before the timed part
    peak_rss_kib: int
    runs: int = 1  # latency runs the medians are taken over (1: a throughput, timed once)
    extra: dict = field(default_factory=dict)  # what a benchmark adds: cells of an answer, its digest, samples

    @property
    def latency(self) -> bool:
        return "samples" in self.extra

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        figures = {**asdict(self), "events_per_s": round(self.rate, 1)}
        if self.latency:
            figures["median_ms"] = round(self.seconds * 1000, 3)
            figures["median_cpu_ms"] = round(self.cpu_seconds * 1000, 3)
        return figures


def run_worker(contender: str, spec: dict) -> dict:
    """Run a contender in a fresh process. With $STANCE_BENCH_PROFILE set to a folder, its timed part runs under
    cProfile and the statistics go to a file there (named in the figures, as "profile")."""
    if os.environ.get(PROFILE_ENV) and "profile" not in spec:
        folder = Path(os.environ[PROFILE_ENV])
        folder.mkdir(parents=True, exist_ok=True)
        tag = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:8]
        spec = {**spec, "profile": str(folder / f"{contender}-{tag}.prof")}
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    done = subprocess.run([sys.executable, "-m", "benchmarks.worker", contender, json.dumps(spec)],
                          capture_output=True, text=True, env=env)
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise WorkerFailed(f"{contender} failed (exit {done.returncode}):\n{tail}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    if spec.get("profile"):
        figures["profile"] = spec["profile"]
    return figures


def measure(benchmark: str, label: str, contender: str, size: int, spec: dict, fresh=None, repeat: int = 1
            ) -> Measured:
    """The fastest of `repeat` runs (each on a fresh store when `fresh` makes one), with the highest peak seen.

    A contender that returns per-run "samples" is a latency: its figures are the medians of the samples (of all
    repeats together).
    """
    best: dict | None = None
    peak = 0
    samples: list[list[float]] = []
    for _ in range(repeat):
        if fresh is not None:
            fresh()
        figures = run_worker(contender, spec)
        peak = max(peak, figures["peak_rss_kib"])
        samples += figures.get("samples", [])
        if best is None or figures["seconds"] < best["seconds"]:
            best = figures
    assert best is not None
    known = {"events", "seconds", "cpu_seconds", "base_rss_kib", "peak_rss_kib", "samples"}
    extra = {key: value for key, value in best.items() if key not in known}
    if samples:
        extra["samples"] = samples
        wall, cpu = median(s[0] for s in samples), median(s[1] for s in samples)
        return Measured(benchmark, label, size, best["events"], wall, cpu, best["base_rss_kib"], peak,
                        len(samples), extra)
    return Measured(benchmark, label, size, best["events"], best["seconds"], best["cpu_seconds"],
                    best["base_rss_kib"], peak, 1, extra)


def merged(parts: list[Measured]) -> Measured:
    """One latency from several measurements of it (rounds taken in turn with others): all their samples, the
    highest peak."""
    samples = [sample for part in parts for sample in part.extra["samples"]]
    first = parts[0]
    extra = {**first.extra, "samples": samples, "rounds": len(parts)}
    if len({part.extra.get("digest") for part in parts}) > 1:
        extra["digest"] = "differs between rounds"
    return Measured(first.benchmark, first.contender, first.size, first.events, median(s[0] for s in samples),
                    median(s[1] for s in samples), min(p.base_rss_kib for p in parts),
                    max(p.peak_rss_kib for p in parts), len(samples), extra)
