"""The performance goals of issues 5 and 15, checked against the ratios a run measured.

Each goal is judged on wall time, what a user waits for; the CPU-time ratio is shown next to it because the
machine is shared and CPU time varies less under other load (it counts only the measuring process: on
PostgreSQL the server's work is not in it, so only wall time is given there).
"""

from dataclasses import dataclass


@dataclass
class Goal:
    comparison: str
    events: str
    ratio: float  # of wall times, rates or peak RSS
    cpu: float | None  # the same comparison by CPU time, where it means something
    target: str
    met: bool
    met_by_cpu: bool | None

    def as_dict(self) -> dict:
        return {"comparison": self.comparison, "events": self.events, "ratio": self.ratio, "cpu": self.cpu,
                "target": self.target, "met": self.met, "met_by_cpu": self.met_by_cpu}


def _goal(comparison: str, events, ratio: dict, at_least: float | None = None, at_most: float | None = None
          ) -> Goal:
    def holds(value):
        if value is None:
            return None
        return value >= at_least if at_least is not None else value <= at_most

    target = f"≥ {at_least:g}" if at_least is not None else f"≤ {at_most:g}"
    shown = f"{events:,}" if isinstance(events, int) else str(events)
    return Goal(comparison, shown, ratio["wall"], ratio.get("cpu"), target, bool(holds(ratio["wall"])),
                holds(ratio.get("cpu")))


def _size(key: str) -> int:
    return int(key.rsplit("@", 1)[1])


def goals(ratios: dict) -> list[Goal]:
    """Every goal that the benchmarks run could check, in the issue's order."""
    out: list[Goal] = []
    imp = ratios.get("import", {})
    for key, ratio in imp.get("vs_eventsourcing", {}).items():
        backend = key.split(" @ ")[0].removeprefix("stancelog ")
        out.append(_goal(f"import events/s: stancelog ÷ eventsourcing, {backend}", _size(key), ratio, at_least=2.5))
    for key, ratio in imp.get("vs_one_row", {}).items():
        out.append(_goal("import events/s: stancelog sqlite ÷ one log row per event", _size(key), ratio,
                         at_least=0.5))
    for key, ratio in imp.get("vs_raw_sqlite3", {}).items():
        if key.startswith("stancelog sqlite"):
            out.append(_goal("import events/s: stancelog sqlite ÷ sqlite3 executemany", _size(key), ratio,
                             at_least=0.5))
    for name, growth in imp.get("peak_rss_growth", {}).items():
        out.append(_goal(f"import peak RSS: {growth['large_events']:,} ÷ {growth['small_events']:,}, {name}",
                         growth["large_events"], {"wall": growth["ratio"]}, at_most=1.2))
    asof = ratios.get("as-of", {})
    for key, ratio in asof.get("as_of_growth", {}).items():
        label = key.split(" @ ")[0]
        out.append(_goal(f"as-of time at N ÷ at {ratio['base_events']:,}: {label}", _size(key), ratio,
                         at_most=1.5))
    for key, ratio in asof.get("replay_over_as_of", {}).items():
        out.append(_goal(f"full replay time ÷ as-of time: {key.split(' @ ')[0]}", _size(key), ratio,
                         at_least=100))
    rebuild = ratios.get("rebuild", {})
    for size, ratio in rebuild.get("rebuild_over_eventsourcing_read", {}).items():
        out.append(_goal("rebuild events/s ÷ eventsourcing read events/s, sqlite", int(size), ratio, at_least=1.5))
    for growth in rebuild.get("peak_rss_growth", {}).values():
        out.append(_goal(f"rebuild peak RSS: {growth['large_events']:,} ÷ {growth['small_events']:,}",
                         growth["large_events"], {"wall": growth["ratio"]}, at_most=1.2))
    restore = ratios.get("restore", {})
    for key, ratio in restore.get("restore_over_import", {}).items():
        # A restore does an import's work and checks each hash too: it should cost little more than the import.
        out.append(_goal(f"import --record events/s ÷ import events/s, {key.split(' @ ')[0]}", _size(key), ratio,
                         at_least=0.75))
    for name, growth in restore.get("peak_rss_growth", {}).items():
        out.append(_goal(f"restore peak RSS: {growth['large_events']:,} ÷ {growth['small_events']:,}, {name}",
                         growth["large_events"], {"wall": growth["ratio"]}, at_most=1.2))
    cross = ratios.get("across", {})
    for key, ratio in cross.get("verify_over_one_row", {}).items():
        out.append(_goal("verify events/s ÷ one-log-row import events/s", int(key), ratio, at_least=0.5))
    for key, ratio in cross.get("rebuild_over_one_row", {}).items():
        out.append(_goal("rebuild events/s ÷ one-log-row import events/s", int(key), ratio, at_least=0.5))
    for key, ratio in cross.get("report_over_import", {}).items():
        out.append(_goal("whole-store report time ÷ import time of that store", int(key), ratio, at_most=3))
    for key, ratio in ratios.get("commands", {}).get("scoped_report", {}).items():
        out.append(_goal(f"scoped report time at N ÷ at {ratio['base_events']:,} (output × {ratio['output']:g})",
                         _size(key), ratio, at_most=2))
    startup = ratios.get("start-up", {})
    for key, ratio in startup.items():
        target = {"at_most": 0.6} if key.startswith("stance --help") else {"at_most": 1.2}
        out.append(_goal(f"start-up time: {key}", "demo store" if "as-of" in key else "-", ratio, **target))
    return out
