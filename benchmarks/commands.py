"""The read commands benchmark: every read command as a whole `stance` process, at each size, with its output size.

On the SQLite store of each size kept in the work directory, each command runs `--command-runs` times (once at
1,000,000 events and more, where one run takes long enough to time) in a fresh process, its output written to a
file. For each command the table gives the median wall time and the bytes it printed; the ratios put the time at
the largest size over the time at the smallest next to the same ratio of output sizes, so that a command whose
cost grows faster than what it prints shows at once. `verify` is here too: its rate is compared with the raw
one-row peer's import rate, as is `rebuild`'s.
"""

import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from statistics import median

import orjson

from benchmarks.runner import Measured
from benchmarks.startup import child_env, stance_command
from benchmarks.stores import Stores

PARTY, ISSUE = "russia", "territory"
SEARCH = "security guarantees"
TIMELINE_KNOWN = "timeline --known-at N/2"
REPORT_WHOLE, REPORT_SCOPED, VERIFY = "report, whole store", f"report --party {PARTY}", "verify"


def corrected_statement(history: Path) -> str:
    """The target of the history's first correction: a statement with more than one version, in every size."""
    with open(history, "rb") as lines:
        for line in lines:
            event = orjson.loads(line)
            if event.get("type") == "correction":
                return event["target"]
    raise RuntimeError(f"{history} holds no correction")


def commands(db: str, statement_id: str, out_dir: Path, size: int) -> dict[str, tuple[list[str], Path | None]]:
    """label -> (argv, the file it writes, or None when it prints); `size`: the store's events."""
    stance = [*stance_command(), "--db", db]
    chart = out_dir / "chart.svg"
    return {
        "as-of": ([*stance, "as-of", "2025-12-31", "-f", "jsonl"], None),
        "timeline": ([*stance, "timeline", "--party", PARTY, "-f", "jsonl"], None),
        # The whole store as known halfway: no index gives this order, so the query must not sort once per page
        TIMELINE_KNOWN: ([*stance, "timeline", "--known-at", f"seq:{size // 2}", "-f", "jsonl"], None),
        "history": ([*stance, "history", PARTY, ISSUE, "-f", "jsonl"], None),
        "shifts": ([*stance, "shifts", "--party", PARTY, "-f", "jsonl"], None),
        "diff": ([*stance, "diff", "2023-06", "2025-12", "-f", "jsonl"], None),
        "show": ([*stance, "show", statement_id, "-f", "json"], None),
        # Two words most generated statements hold: the 50 best of many matches, the same output at every size
        "search": ([*stance, "search", SEARCH, "-f", "jsonl"], None),
        REPORT_WHOLE: ([*stance, "report", "-f", "markdown"], None),
        REPORT_SCOPED: ([*stance, "report", "-f", "markdown", "--party", PARTY], None),
        "chart": ([*stance, "chart", "--party", PARTY, "--out", str(chart)], chart),
        VERIFY: ([*stance, "verify"], None),
    }


def timed(argv: list[str], writes: Path | None, out: Path, env: dict) -> tuple[float, float, int, int]:
    """Wall and CPU seconds, peak RSS (KiB) and output bytes of one run."""
    with open(out, "wb") as stdout:
        started = time.perf_counter()
        child = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {code}: {child.stderr.read().decode()[-500:]}")
    child.stderr.close()
    size = (writes or out).stat().st_size
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, size


def run(sizes: list[int], files: dict[int, Path], stores: Stores, runs: int, say: Callable[[str], None],
        workdir: Path, only: list[str] | None = None) -> dict:
    env = child_env()
    results: list[Measured] = []
    out = workdir / "command-output"
    out.mkdir(exist_ok=True)
    for size in sorted(sizes):
        db = str(stores.stancelog(size, files[size]))
        statement_id = corrected_statement(files[size])
        times = 1 if size >= 1_000_000 else runs
        for label, (argv, writes) in commands(db, statement_id, out, size).items():
            if only and label not in only:
                continue
            say(f"stance {label}: {size:,} events, {times} run{'s' * (times > 1)}")
            samples = [timed(argv, writes, out / "stdout", env) for _ in range(times)]
            results.append(Measured(
                "commands", f"stance {label}", size, size, median(s[0] for s in samples),
                median(s[1] for s in samples), 0, max(s[2] for s in samples), len(samples),
                {"samples": [[s[0], s[1]] for s in samples], "output_bytes": samples[-1][3],
                 "argv": argv[len(stance_command()) + 2:]}))
    return {"results": results, "ratios": ratios(results)}


def ratios(results: list[Measured]) -> dict:
    """Per command: time and output bytes at each larger size over the smallest; scoped report at the largest size
    over the next one."""
    by = {(m.contender, m.size): m for m in results}
    sizes = sorted({m.size for m in results})
    out: dict = {"growth": {}, "scoped_report": {}, "times": {}}
    for (label, size), measured in by.items():
        out["times"][f"{label} @ {size}"] = {"seconds": round(measured.seconds, 3),
                                             "output_bytes": measured.extra["output_bytes"]}
    for size in sizes[1:]:
        for label in sorted({m.contender for m in results}):
            small, big = by.get((label, sizes[0])), by.get((label, size))
            if small is None or big is None:
                continue
            out["growth"][f"{label} @ {size}"] = {
                "base_events": sizes[0], "wall": round(big.seconds / small.seconds, 3),
                "cpu": round(big.cpu_seconds / small.cpu_seconds, 3),
                "output": round(big.extra["output_bytes"] / max(1, small.extra["output_bytes"]), 3)}
    if len(sizes) > 1:
        label = f"stance {REPORT_SCOPED}"
        low, high = by.get((label, sizes[-2])), by.get((label, sizes[-1]))
        if low and high:
            out["scoped_report"][f"{label} @ {sizes[-1]}"] = {
                "base_events": sizes[-2], "wall": round(high.seconds / low.seconds, 3),
                "cpu": round(high.cpu_seconds / low.cpu_seconds, 3),
                "output": round(high.extra["output_bytes"] / max(1, low.extra["output_bytes"]), 3)}
    return out


def growth_table(ratios: dict) -> str:
    """Per command and size: the median time and the output, and both over the smallest size's."""
    from tabulate import tabulate

    rows = []
    for key, figures in ratios["times"].items():
        label, size = key.rsplit(" @ ", 1)
        growth = ratios["growth"].get(key)
        rows.append([label, f"{int(size):,}", f"{figures['seconds']:,.2f} s", f"{figures['output_bytes']:,}",
                     f"{growth['wall']:.2f}" if growth else "", f"{growth['output']:.2f}" if growth else ""])
    rows.sort(key=lambda row: (row[0], int(row[1].replace(",", ""))))
    return tabulate(rows, headers=["command", "events", "wall (median)", "output bytes", "time ÷ smallest",
                                   "output ÷ smallest"], disable_numparse=True,
                    colalign=("left", "right", "right", "right", "right", "right"))
