"""The figures as a table for people and as JSON for the docs and for comparing runs."""

import os
import platform
import sqlite3
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import orjson
from tabulate import tabulate

from benchmarks.runner import Measured

MIB = 1024


def machine(pg_version: str | None) -> dict:
    import sqlalchemy

    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        eventsourcing = version("eventsourcing")
    except PackageNotFoundError:
        eventsourcing = None
    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = round(int(line.split()[1]) / MIB / MIB, 1)
    except OSError:
        pass
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_gib": memory, "system": platform.platform(),
        "python": platform.python_version(), "sqlite": sqlite3.sqlite_version, "sqlalchemy": sqlalchemy.__version__,
        "postgresql": pg_version, "eventsourcing": eventsourcing,
    }


FIGURE_HEADERS = ["benchmark", "events", "contender", "events/s", "wall", "CPU", "runs", "peak RSS MiB",
                  "RSS growth MiB"]
GOAL_HEADERS = ["comparison", "events", "ratio", "by CPU time", "goal", "met"]


def _duration(seconds: float, latency: bool) -> str:
    return f"{seconds * 1000:,.1f} ms" if latency else f"{seconds:,.2f} s"


def figure_rows(results: list[Measured]) -> list[list[str]]:
    """Every measurement: events/s for a throughput; for a latency, the median wall and CPU time of its runs."""
    return [[
        m.benchmark, f"{m.size:,}" if m.size else "", m.contender, "" if m.latency else f"{m.rate:,.0f}",
        _duration(m.seconds, m.latency), _duration(m.cpu_seconds, m.latency),
        f"median of {m.runs}" if m.latency else "1", f"{m.peak_rss_kib / MIB:.1f}",
        f"{(m.peak_rss_kib - m.base_rss_kib) / MIB:.1f}" if m.base_rss_kib else "",
    ] for m in results]


def _ratio(value: float) -> str:
    """Three decimals near a goal's bound (1.502 is not 1.5), fewer where they say nothing."""
    return f"{value:.3f}" if value < 10 else f"{value:,.1f}"


def goal_rows(goals: list, strong: str = "") -> list[list[str]]:
    return [[g.comparison, g.events, _ratio(g.ratio), "" if g.cpu is None else _ratio(g.cpu), g.target,
             "yes" if g.met else ("no (yes by CPU time)" if g.met_by_cpu else f"{strong}no{strong}")]
            for g in goals]


def table(results: list[Measured]) -> str:
    return tabulate(figure_rows(results), headers=FIGURE_HEADERS, disable_numparse=True,
                    colalign=("left", "right", "left") + ("right",) * 6)


def goals_table(goals: list) -> str:
    return tabulate(goal_rows(goals), headers=GOAL_HEADERS, disable_numparse=True,
                    colalign=("left", "right", "right", "right", "left", "left"))


def markdown(results: list[Measured], goals: list) -> str:
    """The same two tables in GitHub Markdown, for docs/benchmarks.md."""
    figures = tabulate(figure_rows(results), headers=FIGURE_HEADERS, tablefmt="github", disable_numparse=True,
                       colalign=("left", "right", "left") + ("right",) * 6)
    checked = tabulate(goal_rows(goals, strong="**"), headers=GOAL_HEADERS, tablefmt="github", disable_numparse=True,
                       colalign=("left", "right", "right", "right", "left", "left"))
    return figures + "\n\n" + checked + "\n"


def from_json(path: str) -> tuple[list[Measured], list]:
    """The measurements and goals of a report written by --json, to render them again."""
    from dataclasses import fields

    from benchmarks.goals import goals

    saved = orjson.loads(Path(path).read_bytes())
    names = {f.name for f in fields(Measured)}
    results = [Measured(**{k: v for k, v in r.items() if k in names}) for r in saved["results"]]
    return results, goals(saved["ratios"])


def memory_lines(growth: dict) -> list[str]:
    return [
        f"peak RSS, {name}: {g['peak_small_mib']} MiB at {g['small_events']:,} events, "
        f"{g['peak_large_mib']} MiB at {g['large_events']:,} (× {g['ratio']})"
        for name, g in growth.items()
    ]


def write_json(path: str, report: dict) -> None:
    def default(value):
        if hasattr(value, "as_dict"):  # Measured, Goal
            return value.as_dict()
        raise TypeError

    options = orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATACLASS  # so dataclasses go through as_dict()
    Path(path).write_bytes(orjson.dumps(report, default=default, option=options) + b"\n")


if __name__ == "__main__":  # python -m benchmarks.report REPORT.json: its tables again, in Markdown
    import sys

    print(markdown(*from_json(sys.argv[1])), end="")
