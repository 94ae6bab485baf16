"""Start a contender in a fresh worker process and collect its figures."""

import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # so workers import `benchmarks` from wherever we were started


class WorkerFailed(RuntimeError):
    pass


@dataclass
class Measured:
    benchmark: str  # import, … (issue 5 adds rebuild, as-of, start-up)
    contender: str  # e.g. "stancelog sqlite"
    size: int  # events in the input
    events: int  # events the contender stored
    seconds: float  # wall time of the timed part
    cpu_seconds: float  # this process's CPU time in it (not a database server's)
    base_rss_kib: int  # after setup, before the timed part
    peak_rss_kib: int

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {**asdict(self), "events_per_s": round(self.rate, 1)}


def run_worker(contender: str, spec: dict) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    done = subprocess.run([sys.executable, "-m", "benchmarks.worker", contender, json.dumps(spec)],
                          capture_output=True, text=True, env=env)
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise WorkerFailed(f"{contender} failed (exit {done.returncode}):\n{tail}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(benchmark: str, label: str, contender: str, size: int, spec: dict, fresh=None, repeat: int = 1
            ) -> Measured:
    """The fastest of `repeat` runs (each on a fresh store when `fresh` makes one), with the highest peak seen."""
    best: dict | None = None
    peak = 0
    for _ in range(repeat):
        if fresh is not None:
            fresh()
        figures = run_worker(contender, spec)
        peak = max(peak, figures["peak_rss_kib"])
        if best is None or figures["seconds"] < best["seconds"]:
            best = figures
    assert best is not None
    return Measured(benchmark, label, size, best["events"], best["seconds"], best["cpu_seconds"],
                    best["base_rss_kib"], peak)
