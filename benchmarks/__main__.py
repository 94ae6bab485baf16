"""`python -m benchmarks COMMAND`: stancelog measured next to peers in the same run (see benchmarks/README.md).

import · asof · rebuild · startup · extract · all. `all --quick --no-pg` is the smoke run CI makes (10,000 events).
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import asof, commands, extracting, importing, rebuilding, report, restoring, startup
from benchmarks.goals import goals
from benchmarks.runner import PROFILE_ENV, WorkerFailed
from benchmarks.scratch import ScratchPostgres
from benchmarks.stores import Stores, code_fingerprint, histories, history_counts

PG_ENV = ("STANCE_BENCH_PG_URL", "STANCE_TEST_PG_URL")
CACHE = Path(tempfile.gettempdir()) / "stancelog-bench"
WHEN = "2025-12-31"
QUICK = 10_000


class Unusable(Exception):
    """A setting that cannot work (a PostgreSQL server that cannot be used): one line, exit 1."""


def git_head() -> str | None:
    import subprocess

    from benchmarks.runner import ROOT

    try:
        done = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True)
    except OSError:  # no git
        return None
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else None


def shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def sizes(text: str) -> list[int]:
    try:
        values = [int(part.replace("_", "")) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of events (or a comma-separated list)") from None
    if any(value < 1 for value in values):
        raise argparse.ArgumentTypeError("a number of events must be at least 1")
    return sorted(set(values))


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def add_common(command: argparse.ArgumentParser, cached: bool = True) -> None:
    command.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    command.add_argument("--seed", type=int, default=20_251_127, help="seed of the generated history")
    if cached:
        command.add_argument("--workdir", type=Path, default=CACHE,
                             help=f"where generated histories and imported stores are kept between runs "
                                  f"(default {CACHE})")
        command.add_argument("--fresh", action="store_true",
                             help="generate and import again instead of reusing what the work directory holds")
    else:
        command.add_argument("--workdir", type=Path, help="keep the generated files and stores here (default: a "
                                                         "temp dir, removed afterwards)")
    command.add_argument("--profile", type=Path, metavar="DIR",
                         help="run each timed part under cProfile and keep the statistics in DIR (slower: to find "
                              "where time goes, not for figures); `python -m benchmarks.profiles FILE` sums them up")
    command.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")


def add_pg(command: argparse.ArgumentParser, pg_max: int | None) -> None:
    command.add_argument("--pg", metavar="URL", default=next((os.environ[v] for v in PG_ENV if os.environ.get(v)),
                                                             None),
                         help="a PostgreSQL server to measure on (a role that may create databases); default "
                              f"${PG_ENV[0]} or ${PG_ENV[1]}")
    command.add_argument("--no-pg", action="store_true", help="skip PostgreSQL even when a URL is set")
    command.add_argument("--pg-scratch", default="stance_bench", metavar="NAME",
                         help="database dropped and created again for each PostgreSQL run (default stance_bench)")
    command.add_argument("--pg-max-events", type=positive, default=pg_max, metavar="N",
                         help="measure PostgreSQL only at sizes up to N" +
                              (f" (default {pg_max:,}: an import there is slower)" if pg_max else
                               " (default: every size)"))


def add_import(command: argparse.ArgumentParser) -> None:
    command.add_argument("--repeat", type=positive, default=1,
                         help="runs per throughput measurement; the fastest is kept (default 1)")
    command.add_argument("--raw-batch", type=positive, default=2000, help="rows per executemany for the raw peer")


def add_asof(command: argparse.ArgumentParser) -> None:
    command.add_argument("--when", default=WHEN, help=f"the as-of date (default {WHEN})")
    command.add_argument("--runs", type=positive, default=20, help="as-of runs after the warm-up (default 20)")
    command.add_argument("--replay-runs", type=positive, default=3, help="full replays (default 3)")
    command.add_argument("--rounds", type=positive, default=3,
                         help="split the runs in rounds taken in turn across sizes, each a fresh process, so that a "
                              "burst of load falls on every size alike (default 3)")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = top.add_subparsers(dest="command", required=True)

    imp = commands.add_parser("import", help="import events/s: stancelog on SQLite and PostgreSQL vs raw sqlite3 "
                                             "and eventsourcing")
    imp.add_argument("--events", type=sizes, default=[100_000], metavar="N[,N…]",
                     help="events in the generated history; several sizes run one after the other (default 100000)")
    imp.add_argument("--memory-events", type=int, default=None, metavar="N",
                     help="also import this prefix of the history to compare peak RSS (default: a fifth of the "
                          "largest size; 0 to skip)")
    add_import(imp)
    add_pg(imp, None)
    add_common(imp, cached=False)

    aso = commands.add_parser("asof", help="as-of matrix latency against a full replay, at each size")
    aso.add_argument("--events", type=sizes, default=[10_000, 100_000, 1_000_000], metavar="N[,N…]",
                     help="sizes (default 10000,100000,1000000)")
    add_asof(aso)
    add_pg(aso, 100_000)
    add_common(aso)

    reb = commands.add_parser("rebuild", help="rebuild events/s and peak RSS against eventsourcing reading its log")
    reb.add_argument("--events", type=sizes, default=[100_000, 1_000_000], metavar="N[,N…]",
                     help="sizes (default 100000,1000000)")
    reb.add_argument("--repeat", type=positive, default=1, help="runs per size; the fastest is kept (default 1)")
    add_common(reb)

    res = commands.add_parser("restore", help="import --record events/s next to a plain import of the same events, "
                                              "and export --record next to export")
    res.add_argument("--events", type=sizes, default=[10_000, 100_000], metavar="N[,N…]",
                     help="sizes (default 10000,100000)")
    res.add_argument("--memory-events", type=int, default=None, metavar="N",
                     help="also restore this prefix to compare peak RSS (default: a fifth of the largest; 0 to skip)")
    add_pg(res, None)
    add_common(res, cached=False)
    com = commands.add_parser("commands", help="every read command as a whole process at each size, with its output")
    com.add_argument("--events", type=sizes, default=[10_000, 100_000, 1_000_000], metavar="N[,N…]",
                     help="sizes (default 10000,100000,1000000)")
    com.add_argument("--command-runs", type=positive, default=3,
                     help="runs of each command below 1,000,000 events (one run there; default 3)")
    com.add_argument("--only", type=lambda v: v.split(","), metavar="LABEL[,LABEL…]",
                     help="only these commands (their labels: as-of, timeline, history, shifts, diff, show, search, "
                          "'report, whole store', 'report --party russia', chart, verify)")
    add_common(com)

    sta = commands.add_parser("startup", help="CLI start-up: stance --help and stance as-of against bare imports")
    sta.add_argument("--runs", type=positive, default=15, help="runs of each command (default 15)")
    add_common(sta)

    ext = commands.add_parser("extract", help="stance extract on a 5,000-word article against stance --help")
    ext.add_argument("--events", type=sizes, default=[10_000, 100_000], metavar="N[,N…]",
                     help="stores of these sizes besides the demo store (default 10000,100000)")
    ext.add_argument("--runs", type=positive, default=10, help="runs of each command (default 10)")
    add_common(ext)

    sea = commands.add_parser("search", help="a two-word search through the full-text index, at each size, "
                                             "against a LIKE scan")
    sea.add_argument("--events", type=sizes, default=[10_000, 100_000, 1_000_000], metavar="N[,N…]",
                     help="sizes (default 10000,100000,1000000)")
    sea.add_argument("--runs", type=positive, default=21, help="runs of the search at each size (default 21)")
    add_pg(sea, 100_000)
    add_common(sea)

    ser = commands.add_parser("serve", help="the explorer under load: 8 clients × 500 API requests with a writer "
                                            "importing meanwhile, against the same requests in-process")
    ser.add_argument("--events", type=positive, default=100_000, metavar="N", help="events (default 100000)")
    add_common(ser)

    every = commands.add_parser("all", help="every benchmark above, one table of figures and one of goals")
    every.add_argument("--events", type=sizes, default=[10_000, 100_000, 1_000_000], metavar="N[,N…]",
                       help="as-of at every size; import and rebuild at the sizes of 100000 and more (or the "
                            "largest) (default 10000,100000,1000000)")
    every.add_argument("--quick", action="store_true",
                       help=f"the smoke run: {QUICK:,} events only, fewer runs (well under a minute without "
                            "PostgreSQL)")
    every.add_argument("--command-runs", type=positive, default=3,
                       help="runs of each read command below 1,000,000 events (one run there; default 3)")
    every.add_argument("--startup-runs", type=positive, default=15, help="runs of each command (default 15)")
    add_import(every)
    add_asof(every)
    add_pg(every, 100_000)
    add_common(every)
    return top


class Session:
    """What every command shares: progress lines, the work directory, PostgreSQL if asked for."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.started = time.time()
        self.load_before = os.getloadavg() if hasattr(os, "getloadavg") else None
        self.temporary = args.workdir is None
        self.workdir: Path = args.workdir or Path(tempfile.mkdtemp(prefix="stancelog-bench-"))
        self.workdir.mkdir(parents=True, exist_ok=True)
        if args.profile:
            os.environ[PROFILE_ENV] = str(args.profile.resolve())
        self.pg, self.pg_version = None, None
        if getattr(args, "pg", None) and not args.no_pg:
            self.pg = ScratchPostgres(args.pg, args.pg_scratch)
            try:
                self.pg_version = self.pg.server_version()
                self.pg.fresh()  # the role must be allowed to create the scratch database: find out now
            except Exception as e:  # psycopg missing, server down, bad credentials, no CREATEDB: say which
                raise Unusable(f"PostgreSQL at {shown(args.pg)}: {str(e).strip().splitlines()[0]}") from None
        self.stores = Stores(self.workdir, args.seed, self.say, getattr(args, "fresh", False))
        self.code = {"commit": git_head(), "fingerprint_start": self.stores.code}

    def say(self, line: str) -> None:
        if not self.args.quiet:
            print(f"… {line}", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.temporary:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def finish(self, name: str, figures: dict, settings: dict) -> int:
        """Print the tables, write the JSON; exit 1 if the as-of and the replay ever disagreed."""
        results = figures["results"]
        checked = goals(figures["ratios"])
        print(report.table(results))
        print()
        print(report.goals_table(checked))
        if "commands" in figures["ratios"]:
            print()
            print(commands.growth_table(figures["ratios"]["commands"]))
        if not hasattr(self.args, "pg"):
            pass
        elif self.pg is None:
            print("PostgreSQL skipped: give --pg URL (or set STANCE_BENCH_PG_URL)")
        elif getattr(self.args, "pg_max_events", None):
            print(f"PostgreSQL measured at sizes up to {self.args.pg_max_events:,} events (--pg-max-events)")
        if name in ("import", "rebuild", "all") and not importing.eventsourcing_available():
            print("eventsourcing is not installed (pip install -e '.[bench]'): its contenders were skipped")
        differ = figures["ratios"].get("as-of", {}).get("answers_differ", [])
        for where in differ:
            print(f"error: the as-of matrix and the full replay gave different answers: {where}", file=sys.stderr)
        self.code["fingerprint_end"] = code_fingerprint()
        if self.code["fingerprint_end"] != self.code["fingerprint_start"]:
            print("note: events/, store/ or migrations/ changed while this ran: figures mix two versions of the code")
        settings = {**settings, "code": self.code, "seed": self.args.seed,
                    "pg": shown(self.args.pg) if self.pg else None,
                    "workdir": str(self.workdir), "load_average_before": self.load_before,
                    "load_average_after": os.getloadavg() if hasattr(os, "getloadavg") else None,
                    "minutes": round((time.time() - self.started) / 60, 1)}
        if self.args.json:
            report.write_json(self.args.json, {
                "benchmark": name, "machine": report.machine(self.pg_version), "settings": settings,
                "stores": self.stores.describe() if not self.temporary else None,
                **{k: v for k, v in figures.items() if k not in ("results", "ratios")},
                "results": results, "ratios": figures["ratios"], "goals": checked,
                "markdown": report.markdown(results, checked),
            })
        return 1 if differ else 0


def import_command(args: argparse.Namespace) -> int:
    session = Session(args)
    memory = max(args.events) // 5 if args.memory_events is None else args.memory_events
    try:
        figures = importing.run(args.events, memory, session.workdir, session.pg, args.seed, args.repeat,
                                args.raw_batch, session.say, args.pg_max_events)
    finally:
        session.close()
    settings = {"events": args.events, "memory_events": memory, "repeat": args.repeat, "raw_batch": args.raw_batch}
    code = session.finish("import", {**figures, "ratios": {"import": figures["ratios"]}}, settings)
    for line in report.memory_lines(figures["ratios"]["peak_rss_growth"]):
        print(line)
    return code


def asof_command(args: argparse.Namespace) -> int:
    session = Session(args)
    files = histories(session.workdir, args.events, args.seed, session.say)
    figures = asof.run(args.events, files, session.stores, session.pg, args.pg_max_events, args.when, args.runs,
                       args.replay_runs, session.say, args.rounds)
    settings = {"events": args.events, "when": args.when, "runs": args.runs, "replay_runs": args.replay_runs,
                "rounds": args.rounds, "pg_max_events": args.pg_max_events}
    return session.finish("asof", {**figures, "ratios": {"as-of": figures["ratios"]}}, settings)


def rebuild_command(args: argparse.Namespace) -> int:
    session = Session(args)
    files = histories(session.workdir, args.events, args.seed, session.say)
    figures = rebuilding.run(args.events, files, session.stores, args.repeat, session.say)
    settings = {"events": args.events, "repeat": args.repeat}
    return session.finish("rebuild", {**figures, "ratios": {"rebuild": figures["ratios"]}}, settings)


def restore_command(args: argparse.Namespace) -> int:
    session = Session(args)
    memory = max(args.events) // 5 if args.memory_events is None else args.memory_events
    try:
        figures = restoring.run(args.events, memory, session.workdir, session.pg, args.seed, session.say,
                                args.pg_max_events)
    finally:
        session.close()
    settings = {"events": args.events, "memory_events": memory, "pg_max_events": args.pg_max_events}
    return session.finish("restore", {**figures, "ratios": {"restore": figures["ratios"]}}, settings)


def commands_command(args: argparse.Namespace) -> int:
    session = Session(args)
    files = histories(session.workdir, args.events, args.seed, session.say)
    figures = commands.run(args.events, files, session.stores, args.command_runs, session.say, session.workdir,
                           args.only)
    settings = {"events": args.events, "command_runs": args.command_runs, "only": args.only}
    return session.finish("commands", {**figures, "ratios": {"commands": figures["ratios"]}}, settings)


def across(ratios: dict, results: list) -> dict:
    """Ratios between benchmarks of one run: verify and rebuild against the one-row peer's import rate, the
    whole-store report against the import of that store."""
    one_row = ratios.get("import", {}).get("one_row_rate", {})
    imported = ratios.get("import", {}).get("import_seconds", {})
    out: dict = {"verify_over_one_row": {}, "rebuild_over_one_row": {}, "report_over_import": {}}
    for m in results:
        size = str(m.size)
        if m.contender == "stance verify" and size in one_row:
            out["verify_over_one_row"][size] = {"wall": round(m.size / m.seconds / one_row[size], 3)}
        if m.contender == rebuilding.REBUILD and size in one_row:
            out["rebuild_over_one_row"][size] = {"wall": round(m.rate / one_row[size], 3)}
        if m.contender == f"stance {commands.REPORT_WHOLE}" and size in imported:
            out["report_over_import"][size] = {"wall": round(m.seconds / imported[size], 3)}
    return out


def startup_command(args: argparse.Namespace) -> int:
    session = Session(args)
    figures = startup.run(session.workdir, args.runs, WHEN[:4], session.say)
    settings = {"runs": args.runs, "when": WHEN[:4]}
    return session.finish("startup", {**figures, "ratios": {"start-up": figures["ratios"]}}, settings)


def extract_command(args: argparse.Namespace) -> int:
    session = Session(args)
    files = histories(session.workdir, args.events, args.seed, session.say)
    stores = {size: session.stores.stancelog(size, files[size]) for size in args.events}
    figures = extracting.run(session.workdir, stores, args.runs, session.say)
    settings = {"events": args.events, "runs": args.runs, "article_words": figures["article_words"]}
    code = session.finish("extract", {**figures, "ratios": {"extract": figures["ratios"]}}, settings)
    for line in extracting.goal_lines(figures["ratios"]):
        print(line)
    return code


def all_command(args: argparse.Namespace) -> int:
    if args.quick:
        args.events, args.startup_runs, args.replay_runs, args.rounds = [QUICK], 5, 3, 1
        args.command_runs = 1
    big = [size for size in args.events if size >= 100_000] or [max(args.events)]
    session = Session(args)
    say = session.say
    files = histories(session.workdir, args.events, args.seed, say)
    results, ratios = [], {}

    say("== import")
    imported = importing.run(big, 0, session.workdir, session.pg, args.seed, args.repeat, args.raw_batch, say,
                             args.pg_max_events, stores=session.stores)
    results += imported["results"]
    ratios["import"] = imported["ratios"]
    say("== rebuild")
    rebuilt = rebuilding.run(big, files, session.stores, 1, say)
    results += rebuilt["results"]
    ratios["rebuild"] = rebuilt["ratios"]
    say("== as-of")
    matrix = asof.run(args.events, files, session.stores, session.pg, args.pg_max_events, args.when, args.runs,
                      args.replay_runs, say, args.rounds)
    results += matrix["results"]
    ratios["as-of"] = matrix["ratios"]
    say("== read commands")
    ran = commands.run(args.events, files, session.stores, args.command_runs, say, session.workdir)
    results += ran["results"]
    ratios["commands"] = ran["ratios"]
    ratios["across"] = across(ratios, results)
    say("== start-up")
    started = startup.run(session.workdir, args.startup_runs, WHEN[:4], say)
    results += started["results"]
    ratios["start-up"] = started["ratios"]

    settings = {"events": args.events, "import_and_rebuild_events": big, "quick": args.quick, "when": args.when,
                "runs": args.runs, "replay_runs": args.replay_runs, "rounds": args.rounds,
                "startup_runs": args.startup_runs,
                "repeat": args.repeat, "raw_batch": args.raw_batch, "pg_max_events": args.pg_max_events}
    history = {"events": max(args.events), "counts": history_counts(files[max(args.events)]), "seed": args.seed}
    return session.finish("all", {"history": history, "results": results, "ratios": ratios}, settings)


def search_command(args: argparse.Namespace) -> int:
    from benchmarks import searching

    session = Session(args)
    files = histories(session.workdir, args.events, args.seed, session.say)
    result = searching.run(args.events, files, session.stores, session.say, runs=args.runs, pg=session.pg,
                           pg_max=args.pg_max_events)
    return _own_table(args, result, searching.table, lambda r: all(g["met"] for g in r["goals"]))


def serve_command(args: argparse.Namespace) -> int:
    from benchmarks import serving

    session = Session(args)
    files = histories(session.workdir, [args.events], args.seed, session.say)
    store = session.stores.stancelog(args.events, files[args.events])
    return _own_table(args, serving.run(store, session.workdir, session.say), serving.table,
                      lambda r: r["errors"] == 0 and not r["torn_reads"])


def _own_table(args, result: dict, table, sound) -> int:
    """Print a benchmark's table and write its JSON; exit 1 when its answers were wrong (not when a goal is missed)."""
    print(table(result))
    if args.json:
        Path(args.json).write_text(json.dumps({"commit": git_head(), "result": result}, indent=1, default=str) + "\n")
    return 0 if sound(result) else 1


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    commands = {"import": import_command, "asof": asof_command, "rebuild": rebuild_command, "restore": restore_command,
                "startup": startup_command, "extract": extract_command, "commands": commands_command,
                "search": search_command, "serve": serve_command, "all": all_command}
    try:
        return commands[args.command](args)
    except (WorkerFailed, Unusable) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
