"""Run the reliability drills (tests/drills) and write their figures to docs/drills.md.

    python docs/drills.py                  run the drills, then write docs/drills.md
    python docs/drills.py --appends 1000   the concurrency drill at another size (appends per writer)
    python docs/drills.py --render DIR     write docs/drills.md from figures an earlier run left in DIR

Set STANCE_TEST_PG_URL (a PostgreSQL role that may create databases) for the PostgreSQL half; without it those
drills are skipped and the document says so. The document is written only when no drill failed.
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "drills.md"
FIGURES_ENV = "STANCE_DRILL_FIGURES"
BACKENDS = {"sqlite": "SQLite", "postgres": "PostgreSQL", "none": "—"}  # in the order of the columns

# Each drill: its title, and the figures that say most about it in one line.
DRILLS = {
    "crash-import": ("Crash: an import killed", lambda f: (
        f"{f['kills']} SIGKILLs into imports of {f['events_per_file']:,} events; {f['re_runs_completed']} re-runs "
        "completed")),
    "crash-record": ("Crash: a record loop killed", lambda f: (
        f"{f['kills']} SIGKILLs; {f['records_confirmed']:,} confirmed records intact")),
    "crash-restore": ("Crash: a restore (`import --record`) killed", lambda f: (
        f"{f['kills']} SIGKILLs into restores of {f['events_per_record']:,} events; none left part of a record")),
    "concurrency": ("Concurrency: writers and readers", lambda f: (
        f"{f['writers']} writers × {f['appends_per_writer']:,} appends = {f['events']:,} events; "
        f"{f['readers']} readers, {sum(f['reader_checks'].values()):,} checks")),
    "busy": ("Concurrency: a busy store", lambda f: (
        f"{f['refused_writes']} writes refused after {f['busy_timeout_seconds']} s, nothing written")),
    "fuzz-import": ("Fuzz: import files", lambda f: (
        f"{f['cases']:,} files, {f['lines']:,} lines; {f['outcomes'].get('accepted', 0)} accepted, "
        f"{f['outcomes'].get('refused', 0)} refused")),
    "fuzz-dates": ("Fuzz: the date parsers", lambda f: f"{f['cases']:,} texts, each through both parsers"),
    "fuzz-options": ("Fuzz: WHEN, --from/--to and --known-at", lambda f: f"{f['cases']:,} command lines"),
    "tamper": ("Tamper: the log rewritten behind the tool's back", lambda f: (
        f"{f['detected']} of {f['tampers']} tampers detected")),
    "tamper-record": ("Tamper: a record file changed on its way to a restore", lambda f: (
        f"{f['detected']} of {f['tampers']} tampered record files refused, with the line")),
    "migration": ("Migration: from the first revision to head", lambda f: (
        f"{f['events']:,} events, {f['rows_compared']:,} rows and {f['queries_compared']} answers compared")),
    "migration-0005": ("Migration: a filled 0004 store to 0005", lambda f: (
        f"{f['events']:,} events, {f['first_versions']:,} first versions, {f['rows_compared']:,} rows and "
        f"{f['queries_compared']} answers compared")),
    "newer-schema": ("Migration: a store from newer code", lambda f: (
        f"{f['commands_refused']} commands refused, nothing written")),
}

# What the drills found and what has been fixed since; a bug still open shows as a strict xfail test instead.
FIXED = [
    ("a stance given as a list or an object (`\"stance\": []`) crashed `import` with TypeError (unhashable) "
     "instead of a `line N:` refusal", "cd0eb77", "test_fuzz_findings.py"),
    ("a date-time whose conversion to UTC leaves the years 0001–9999 (`9999-12-31T23:00:00-05:00`), or with an "
     "offset of 24 hours or more (`+24:00`, `-2400`), raised OverflowError or ValueError in events/periods.py: a "
     "traceback from `import` and from every WHEN, --from/--to and --known-at instead of a refusal or a usage error",
     "00c5621", "test_fuzz_findings.py"),
    ("an offset with 60 to 99 minutes (`+00:99`, read as +01:39) was taken for a date-time", "00c5621",
     "test_fuzz_findings.py"),
    ("`--known-at seq:N` past 2**63−1 crashed on SQLite (OverflowError) and was `error: database: bigint out of "
     "range` (exit 1) on PostgreSQL; past 4,300 digits it crashed on both", "00c5621", "test_fuzz_findings.py"),
    ("a newline in WHEN, --from/--to or --known-at was echoed into the usage error, splitting it over two lines",
     "00c5621", "test_fuzz_findings.py"),
    ("an event appended behind the tool's back with a correctly chained hash and the projections' checkpoint "
     "moved was detected by verify but not located (it named the table, not the seq)", "00c5621",
     "test_tamper.py"),
]

FULL_SIZE = 1000  # appends per writer in the concurrency drill, as the test suite runs it


def run(figures: Path, appends: int | None, pytest_args: list[str]) -> tuple[int, float]:
    env = {**os.environ, FIGURES_ENV: str(figures)}
    if appends:
        env["STANCE_DRILL_APPENDS"] = str(appends)
    if not env.get("STANCE_TEST_PG_URL"):
        print("warning: STANCE_TEST_PG_URL is not set: the PostgreSQL drills will be skipped", file=sys.stderr)
    command = [sys.executable, "-m", "pytest", "tests/drills", "-q", "-p", "no:cacheprovider", "-rfEX",
               f"--junitxml={figures / 'junit.xml'}", *pytest_args]
    started = time.perf_counter()
    code = subprocess.run(command, cwd=REPO, env=env).returncode
    return code, time.perf_counter() - started


def outcomes(junit: Path) -> list[dict]:
    """Each test of the run: name, seconds, outcome (passed, failed, skipped, xfailed) and message."""
    if not junit.exists():
        return []
    tests = []
    for case in ET.parse(junit).getroot().iter("testcase"):
        outcome, message = "passed", ""
        for child in case:
            if child.tag in ("failure", "error"):
                outcome, message = "failed", child.get("message", "")
            elif child.tag == "skipped":
                xfail = child.get("type") == "pytest.xfail"
                outcome, message = ("xfailed" if xfail else "skipped"), child.get("message", "")
        tests.append({"module": case.get("classname", "").rsplit(".", 1)[-1], "name": case.get("name"),
                      "seconds": float(case.get("time", 0)), "outcome": outcome, "message": message})
    return tests


def machine(records: list[dict]) -> str:
    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    servers = sorted({r["figures"]["server"] for r in records if "server" in r["figures"]})
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {', '.join(servers)}"


def order(backend: str) -> int:
    return list(BACKENDS).index(backend) if backend in BACKENDS else len(BACKENDS)


def cell(value) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {cell(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value).replace("|", "\\|")


def render(figures: Path, wall: float | None) -> str:
    records = [json.loads(p.read_text()) for p in sorted(figures.glob("*.json"))]
    by_drill: dict[str, dict[str, dict]] = {}
    for r in records:
        by_drill.setdefault(r["drill"], {})[r["backend"]] = r
    tests = outcomes(figures / "junit.xml")
    ran = [t for t in tests if t["outcome"] != "skipped"]
    out = [
        "# Reliability drills",
        "",
        "<!-- Generated by `python docs/drills.py` from the figures tests/drills leave; do not edit by hand. -->",
        "",
        "The drills in `tests/drills/` put the store through crashes, concurrent writers, fuzzed input, tampering "
        "and schema migrations, on SQLite and on PostgreSQL. They run in the ordinary test suite (`python -m "
        "pytest`; the heavy ones are marked `slow`, and run too), each bounded in time and count, and each records "
        "its figures; `python docs/drills.py` runs them and writes this page (set `STANCE_TEST_PG_URL` for the "
        "PostgreSQL half). Seeds are fixed and the fuzzing is derandomized, so a run here and one in CI try the "
        "same cases.",
        "",
        f"Latest run: {datetime.date.today().isoformat()} on {machine(records)}; "
        f"{len(ran)} drill tests in {wall or sum(t['seconds'] for t in tests):.0f} s.",
        "",
        "## Summary",
        "",
        "| drill | backend | figures | seconds |",
        "|---|---|---|---:|",
    ]
    for drill, (title, headline) in DRILLS.items():
        for backend, r in sorted(by_drill.get(drill, {}).items(), key=lambda item: order(item[0])):
            out.append(f"| {title} | {BACKENDS.get(backend, backend)} | {headline(r['figures'])} | "
                       f"{r['seconds']:.1f} |")
    for drill, (title, _) in DRILLS.items():
        runs = by_drill.get(drill)
        if not runs:
            continue
        backends = sorted(runs, key=order)
        out += ["", f"## {title}", "", next(iter(runs.values()))["proves"], "",
                "| figure | " + " | ".join(BACKENDS.get(b, b) for b in backends) + " |",
                "|---|" + "---|" * len(backends)]
        names = sorted({name for r in runs.values() for name in r["figures"]} - {"server"})
        for name in ["server", *names]:
            if any(name in runs[b]["figures"] for b in backends):
                values = [cell(runs[b]["figures"].get(name, "")) for b in backends]
                out.append(f"| {name.replace('_', ' ')} | " + " | ".join(values) + " |")
        out.append("| seconds | " + " | ".join(f"{runs[b]['seconds']:.1f}" for b in backends) + " |")
        if drill == "concurrency" and any(r["figures"]["appends_per_writer"] != FULL_SIZE for r in runs.values()):
            out += ["", f"Size: this run set STANCE_DRILL_APPENDS; the test suite runs {FULL_SIZE:,} appends per "
                    "writer on each backend."]
    bugs: dict[str, list[dict]] = {}
    for t in tests:
        if t["outcome"] == "xfailed":
            bugs.setdefault(t["name"].split("[")[0], []).append(t)
    out += ["", "## What the drills found", "", "Fixed since, each kept from coming back by a plain test:", ""]
    out += [f"- {what} (fixed in {commit}; kept by {test})" for what, commit, test in FIXED]
    out.append("")
    if not bugs:
        out.append("Open: none; every drill passes.")
    else:
        out += ["Open, each a strict `xfail` test in `tests/drills/` that shows the bug (it fails the run once the "
                "bug is fixed, and is then turned into a plain test):", ""]
        for name, cases in bugs.items():
            params = [c["name"][len(name):].strip("[]") for c in cases if "[" in c["name"]]
            shown = f" ({', '.join(f'`{p}`' for p in params)})" if params else ""
            reason = cases[0]["message"].removeprefix("reason: ")
            out.append(f"- `{cases[0]['module']}.py::{name}`{shown}: {reason}")
    skipped = [t for t in tests if t["outcome"] == "skipped"]
    if skipped:
        out += ["", f"Skipped in this run: {len(skipped)} tests ({skipped[0]['message']})."]
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python docs/drills.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--appends", type=int, metavar="N", help="appends per writer in the concurrency drill")
    parser.add_argument("--render", type=Path, metavar="DIR", help="only write the page from figures in DIR")
    parser.add_argument("pytest_args", nargs="*", help="more arguments for pytest (after --)")
    args = parser.parse_args()
    if args.render:
        DOC.write_text(render(args.render, None), encoding="utf-8")
        print(f"wrote {DOC.relative_to(REPO)}")
        return 0
    figures = Path(tempfile.mkdtemp(prefix="stancelog-drills-"))
    code, wall = run(figures, args.appends, args.pytest_args)
    if code != 0:
        print(f"the drills failed (pytest exit {code}): {DOC.relative_to(REPO)} left as it was; "
              f"figures in {figures}", file=sys.stderr)
        return code
    DOC.write_text(render(figures, wall), encoding="utf-8")
    print(f"wrote {DOC.relative_to(REPO)} (figures in {figures})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
