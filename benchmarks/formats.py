"""`python -m benchmarks.formats`: the flat CSV of the read commands, against their JSON, in the same run.

CSV spreads each nested source and each statement inside a row into columns of their own (cli/output.py), which
JSON does not have to do. This measures what that costs: the rows of `timeline` and of `shifts` (read from the
store once, beforehand) printed as JSON, JSON Lines and CSV into memory, the median of `runs` each, taking turns.
The figure is a ratio, CSV time over JSON time, at each size; the store is the benchmark's generated history
(the same files and stores as `python -m benchmarks asof`, kept in its work directory).
"""

import argparse
import io
import sys
import time
from pathlib import Path
from statistics import median

from benchmarks.__main__ import CACHE, sizes
from benchmarks.stores import Stores, histories

FORMATS = ("json", "jsonl", "csv")
# CSV is Python's csv module and JSON is orjson (C), so CSV is the slower: before CSV was flat it already took
# 3.5 (timeline) and 5.5 (shifts) times JSON's time on 10,000 events. Flat, it must stay within 6.
GOAL = 6.0


def measure(db: str, runs: int) -> dict[str, dict[str, float]]:
    from cli.output import Format, render
    from cli.read import SHIFT_COLUMNS, TIMELINE_COLUMNS
    from store import Ledger
    from store.positions import shifts, timeline

    ledger = Ledger(db)
    tables = {"timeline": (list(timeline(ledger)), TIMELINE_COLUMNS), "shifts": (shifts(ledger), SHIFT_COLUMNS)}
    ledger.close()
    found: dict[str, dict[str, float]] = {}
    for name, (rows, columns) in tables.items():
        times: dict[str, list[float]] = {fmt: [] for fmt in FORMATS}
        for _ in range(runs):
            for fmt in FORMATS:  # in turn, so a burst of load falls on all of them alike
                out = io.StringIO()
                start = time.perf_counter()
                render(rows, columns, Format(fmt), out=out)
                times[fmt].append(time.perf_counter() - start)
        found[name] = {fmt: median(values) for fmt, values in times.items()} | {"rows": len(rows)}
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.formats", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=sizes, default=[10_000, 100_000, 1_000_000],
                        help="events (default 10000,100000,1000000)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each format (default 5)")
    parser.add_argument("--seed", type=int, default=20_251_127)
    parser.add_argument("--workdir", type=Path, default=CACHE, help=f"where histories and stores are kept ({CACHE})")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)

    def say(line: str) -> None:
        print(f"… {line}", file=sys.stderr)

    files = histories(args.workdir, args.sizes, args.seed, say)
    stores = Stores(args.workdir, args.seed, say)
    print(f"{'events':>9}  {'command':<9} {'rows':>9}  {'json':>9}  {'jsonl':>9}  {'csv':>9}  csv/json  goal  met")
    failed = False
    for size in args.sizes:
        for name, figures in measure(str(stores.stancelog(size, files[size])), args.runs).items():
            ratio = figures["csv"] / figures["json"]
            failed |= ratio > GOAL
            print(f"{size:>9,}  {name:<9} {figures['rows']:>9,}  " + "  ".join(
                f"{figures[fmt] * 1000:>7.1f}ms" for fmt in FORMATS) + f"  {ratio:>8.2f}  ≤ {GOAL}  "
                + ("yes" if ratio <= GOAL else "no"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
