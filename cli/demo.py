"""`stance demo`: the peace-talks dataset in a fresh store, and a first look at what the ledger answers."""

import tempfile
from pathlib import Path

import typer

from cli import read
from cli.options import ByOption, open_ledger, recorder, say
from cli.output import Format

DATASET = ("registry.jsonl", "peace-talks.jsonl")  # registry first: statements are shown with its names


def dataset_files() -> list[Path]:
    return [Path(__file__).parent / "data" / name for name in DATASET]


def demo(ctx: typer.Context, by: ByOption = None) -> None:
    """Load the 2022–2025 Russia–Ukraine peace-talks dataset and show positions, shifts and sources."""
    from events.lines import decode_jsonl
    from store.engine import shown_url
    from store.verify import verify

    root = ctx.find_root().obj
    if not root["db_given"]:
        root["db"] = str(Path(tempfile.mkdtemp(prefix="stancelog-demo-")) / "demo.db")
    ledger = open_ledger(ctx)
    loaded = 0
    for path in dataset_files():
        with path.open("rb") as lines:
            loaded += ledger.append(decode_jsonl(lines), recorder(by)).total
    statements = sum(row["statements"] for row in read_counts(ledger))
    where = shown_url(root["db"])
    say(f"stancelog demo: {statements} statements on the Russia–Ukraine peace talks, 2022–2025, from five articles")
    say(f"({loaded} events added to {where}).")

    _section("Positions as of 2025-12-31 (the last statement of each party on each issue by then)")
    read.as_of(ctx, "2025-12-31", None, None, Format.table, None)
    for party in ("russia", "ukraine"):
        _section(f"How {party.capitalize()}'s position on territory shifted")
        read.shifts(ctx, None, None, [party], ["territory"], Format.table, None)
    _section("Timeline of 2025, ceasefire and territory")
    read.timeline(ctx, "2025", "2025", None, ["ceasefire", "territory"], Format.table, None)

    report = verify(ledger)
    _section("The record")
    say(f"{report.events} events, hash chain verified; digest {report.digest}")
    say("(keep the digest: `stance verify --digest SEQ:HASH` later proves the log still holds it)")

    _section("Explore further")
    say(f"  export STANCE_DB={root['db']}")
    for command in (
        "stance as-of 2023-06-30",
        "stance as-of 2025-03 --party russia --issue territory -f json",
        "stance history ukraine",
        "stance diff 2023-06 2025-12",
        "stance show a830447e        # an id from the tables: every version, with its source",
        "stance parties; stance issues; stance speakers",
    ):
        say(f"  {command}")


def read_counts(ledger) -> list[dict]:
    from store.positions import counts

    return counts(ledger, "party")


def _section(title: str) -> None:
    say(f"\n== {title}\n")
