"""The start-up benchmark: `stance --help` and `stance as-of` on a small store, against the bare imports.

The peer is `python -c "import sqlalchemy, typer, pendulum, tabulate"`: the libraries the CLI is made of, imported
and nothing done. Each command is started `runs` times as a new process, the three taking turns (so a burst of
load on the shared machine falls on all of them alike), after one untimed run each that must exit 0. Wall time is
from start to exit; CPU time and peak RSS are the child's own (`os.wait4`). The small store is the demo dataset
(`cli/data`: the registry and the peace-talks statements), imported beforehand. The untimed runs also leave
stancelog's bytecode written, as an installed package has it.
"""

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from statistics import median

from benchmarks.runner import ROOT, Measured, run_worker
from benchmarks.scratch import fresh_sqlite

BARE, HELP, AS_OF = "bare imports", "stance --help", "stance as-of"
DEMO = ("registry.jsonl", "peace-talks.jsonl")  # registry first, as `stance demo` loads them


def stance_command() -> list[str]:
    """The venv's console script next to this Python; `python -m cli` where there is none."""
    script = Path(sys.executable).parent / "stance"
    return [str(script)] if script.exists() else [sys.executable, "-m", "cli"]


def commands(db: str, when: str) -> dict[str, list[str]]:
    stance = stance_command()
    return {
        BARE: [sys.executable, "-c", "import sqlalchemy, typer, pendulum, tabulate"],
        HELP: [*stance, "--help"],
        AS_OF: [*stance, "--db", db, "as-of", when],
    }


def child_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("STANCE_")}
    env["COLUMNS"] = "100"  # the same table width whatever terminal started us
    # Installed from a wheel, stancelog's modules are compiled by pip, as the libraries of the bare imports are.
    # From a source checkout the first run writes that bytecode, unless PYTHONDONTWRITEBYTECODE (set on the
    # benchmark machine) makes every run compile them again: about 90 ms the libraries never pay.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def timed_run(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (KiB) of one run of `argv`."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {child.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def command_runs(spec: dict):
    """Contender: every command of spec["commands"] run spec["runs"] times, taking turns."""
    env = child_env()
    for argv in spec["commands"].values():  # untimed: must work, and leaves the bytecode caches warm
        done = subprocess.run(argv, capture_output=True, text=True, env=env)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.strip()[-500:]}")

    def run(clock) -> dict:
        samples: dict[str, list] = {label: [] for label in spec["commands"]}
        order = list(spec["commands"].items())
        for round_ in range(spec["runs"]):
            turn = order[round_ % len(order):] + order[:round_ % len(order)]  # each goes first as often
            for label, argv in turn:
                samples[label].append(timed_run(argv, env))
        return {"events": 0, "commands": samples}

    return run


def small_store(workdir: Path) -> tuple[str, int]:
    """The demo dataset in a fresh SQLite store; returns its path and how many events it holds."""
    db = fresh_sqlite(workdir / "startup-demo.db")
    events = 0
    for name in DEMO:
        events += run_worker("stancelog", {"file": str(ROOT / "cli" / "data" / name), "db": db})["events"]
    return db, events


def run(workdir: Path, runs: int, when: str, say: Callable[[str], None]) -> dict:
    db, events = small_store(workdir)
    argvs = commands(db, when)
    say(f"start-up: {', '.join(argvs)}, {runs} runs each")
    figures = run_worker("startup", {"commands": argvs, "runs": runs})
    results = []
    for label, samples in figures["commands"].items():
        size = events if label == AS_OF else 0
        results.append(Measured(
            "start-up", label, size, 0, median(s[0] for s in samples), median(s[1] for s in samples), 0,
            max(s[2] for s in samples), len(samples),
            {"samples": [[wall, cpu] for wall, cpu, _ in samples], "argv": argvs[label]}))
    return {"store_events": events, "results": results, "ratios": ratios(results)}


def ratios(results: list[Measured]) -> dict:
    by = {m.contender: m for m in results}
    bare = by[BARE]
    return {f"{label} / {BARE}": {"wall": round(by[label].seconds / bare.seconds, 3),
                                  "cpu": round(by[label].cpu_seconds / bare.cpu_seconds, 3)}
            for label in (HELP, AS_OF)}
