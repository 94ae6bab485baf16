"""Sum up a profile written by `--profile`: own time by area of the code, then the costliest functions.

`python -m benchmarks.profiles FILE [-n 20]`. Areas are stancelog's packages, the libraries under them and the
interpreter's built-ins, so a profile says at a glance whether time goes to our code, SQLAlchemy or the database.
"""

import argparse
import pstats
from collections import defaultdict

AREAS = (
    ("/events/", "stancelog events/"), ("/store/", "stancelog store/"), ("/benchmarks/", "benchmarks/"),
    ("/sqlalchemy/", "SQLAlchemy"), ("/psycopg", "psycopg"), ("/eventsourcing/", "eventsourcing"),
    ("/alembic/", "alembic"), ("/pendulum/", "pendulum"), ("/json/", "json (stdlib)"),
)


def area(filename: str, function: str) -> str:
    for marker, name in AREAS:
        if marker in filename:
            return name
    if filename == "~":  # a built-in: name it by what it is
        if "sqlite3" in function:
            return "sqlite3 (the database)"
        if "orjson" in function:
            return "orjson"
        return "built-ins"
    return "other Python"


def summary(path: str, top: int) -> str:
    stats = pstats.Stats(path)
    total = stats.total_tt or 1.0
    by_area: dict[str, float] = defaultdict(float)
    rows = []
    for (filename, line, function), (_, calls, own, cumulative, _) in stats.stats.items():
        by_area[area(filename, function)] += own
        rows.append((own, cumulative, calls, f"{filename.rsplit('site-packages/', 1)[-1]}:{line}({function})"))
    lines = [f"{path}: {total:.2f} s profiled", "", "own time by area:"]
    for name, own in sorted(by_area.items(), key=lambda item: -item[1]):
        lines.append(f"  {own / total:6.1%}  {own:8.2f} s  {name}")
    lines += ["", f"top {top} functions by own time:"]
    for own, cumulative, calls, where in sorted(rows, reverse=True)[:top]:
        lines.append(f"  {own / total:6.1%}  own {own:7.2f} s  cum {cumulative:7.2f} s  {calls:>9,}  {where}")
    return "\n".join(lines)


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("files", nargs="+")
    args.add_argument("-n", type=int, default=20, help="functions to list (default 20)")
    parsed = args.parse_args()
    for path in parsed.files:
        print(summary(path, parsed.n))
        print()


if __name__ == "__main__":
    main()
