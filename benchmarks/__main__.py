"""`python -m benchmarks import [--events N[,N…]] [--pg URL | --no-pg] [--json FILE]`: figures next to peers."""

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks import importing, report
from benchmarks.runner import WorkerFailed
from benchmarks.scratch import ScratchPostgres

PG_ENV = ("STANCE_BENCH_PG_URL", "STANCE_TEST_PG_URL")


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
    return values


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True)
    imp = commands.add_parser("import", help="import events/s: stancelog on SQLite and PostgreSQL vs raw sqlite3")
    imp.add_argument("--events", type=sizes, default=[100_000], metavar="N[,N…]",
                     help="events in the generated history; several sizes run one after the other (default 100000)")
    imp.add_argument("--memory-events", type=int, default=None, metavar="N",
                     help="also import this prefix of the history to compare peak RSS (default: a fifth of the "
                          "largest size; 0 to skip)")
    imp.add_argument("--pg", metavar="URL", default=next((os.environ[v] for v in PG_ENV if os.environ.get(v)), None),
                     help="a PostgreSQL server to measure on (a role that may create databases); default "
                          f"${PG_ENV[0]} or ${PG_ENV[1]}")
    imp.add_argument("--no-pg", action="store_true", help="skip PostgreSQL even when a URL is set")
    imp.add_argument("--pg-scratch", default="stance_bench", metavar="NAME",
                     help="database dropped and created again for each PostgreSQL run (default stance_bench)")
    imp.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    imp.add_argument("--repeat", type=int, default=1, help="runs per measurement; the fastest is kept (default 1)")
    imp.add_argument("--raw-batch", type=int, default=2000, help="rows per executemany for the raw peer")
    imp.add_argument("--seed", type=int, default=20_251_127, help="seed of the generated history")
    imp.add_argument("--workdir", type=Path, help="keep the generated files and stores here (default: a temp dir, "
                                                 "removed afterwards)")
    imp.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")
    return top


def import_command(args: argparse.Namespace) -> int:
    largest = max(args.events)
    memory = largest // 5 if args.memory_events is None else args.memory_events
    pg = ScratchPostgres(args.pg, args.pg_scratch) if args.pg and not args.no_pg else None
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="stancelog-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)

    def say(line: str) -> None:
        if not args.quiet:
            print(f"… {line}", file=sys.stderr, flush=True)

    pg_version = None
    if pg is not None:
        try:
            pg_version = pg.server_version()
            pg.fresh()  # the role must be allowed to create the scratch database: find out now, not midway
        except Exception as e:  # psycopg missing, server down, bad credentials, no CREATEDB: say which, in one line
            print(f"error: PostgreSQL at {shown(args.pg)}: {str(e).strip().splitlines()[0]}", file=sys.stderr)
            return 1
    try:
        figures = importing.run(args.events, memory, workdir, pg, args.seed, args.repeat, args.raw_batch, say)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    settings = {"events": args.events, "memory_events": memory, "repeat": args.repeat, "raw_batch": args.raw_batch,
                "seed": args.seed, "pg": shown(args.pg) if pg else None,
                "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None}
    figures = {"benchmark": "import", "machine": report.machine(pg_version), "settings": settings, **figures}
    print(report.table(figures["results"], importing.RAW))
    for line in report.memory_lines(figures["ratios"]["peak_rss_growth"]):
        print(line)
    if pg is None:
        print("PostgreSQL skipped: give --pg URL (or set STANCE_BENCH_PG_URL)")
    if args.json:
        report.write_json(args.json, figures)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return {"import": import_command}[args.command](args)
    except WorkerFailed as e:
        print(f"error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
