"""The figures as a table for people and as JSON for the docs and for comparing runs."""

import os
import platform
import sqlite3
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
    return {
        "cpu": cpu, "cores": os.cpu_count(), "system": platform.platform(), "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version, "sqlalchemy": sqlalchemy.__version__, "postgresql": pg_version,
    }


def table(results: list[Measured], peer: str) -> str:
    rates = {(m.size, m.contender): m.rate for m in results}
    rows = []
    for m in sorted(results, key=lambda m: (m.benchmark, m.size)):
        base = rates.get((m.size, peer))
        rows.append([
            m.benchmark, f"{m.size:,}", m.contender, f"{m.rate:,.0f}", f"{m.seconds:.2f}", f"{m.cpu_seconds:.2f}",
            f"{m.rate / base:.2f}" if base else "",
            f"{m.peak_rss_kib / MIB:.1f}", f"{(m.peak_rss_kib - m.base_rss_kib) / MIB:.1f}",
        ])
    headers = ["benchmark", "events", "contender", "events/s", "seconds", "CPU s", f"× {peer}", "peak RSS MiB",
               "RSS growth MiB"]
    return tabulate(rows, headers=headers, colalign=("left", "right", "left") + ("right",) * 6)


def memory_lines(growth: dict) -> list[str]:
    return [
        f"peak RSS, {name}: {g['peak_small_mib']} MiB at {g['small_events']:,} events, "
        f"{g['peak_large_mib']} MiB at {g['large_events']:,} (× {g['ratio']})"
        for name, g in growth.items()
    ]


def write_json(path: str, report: dict) -> None:
    def default(value):
        if isinstance(value, Measured):
            return value.as_dict()
        raise TypeError

    options = orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATACLASS  # so Measured goes through as_dict()
    Path(path).write_bytes(orjson.dumps(report, default=default, option=options) + b"\n")
