"""`stance demo`: the peace-talks dataset in a fresh store, and a first look at what the ledger answers.

It fits a screen or two: a matrix of issues by parties, how Russia's and Ukraine's positions on territory moved,
where the statements come from, the verified digest, and commands to go further that work as printed. Without
--db the store is a temporary file, removed when the demo ends.
"""

import os
import shutil
import sys
import tempfile
import textwrap
from pathlib import Path

import typer

from cli.options import ByOption, open_ledger, recorder, say

DATASET = ("registry.jsonl", "peace-talks.jsonl")  # registry first: statements are shown with its names
WIDTH = 100
AS_OF = "2025-12-31"
STORY = ("russia", "ukraine")  # whose moves on territory the demo follows


def dataset_files() -> list[Path]:
    return [Path(__file__).parent / "data" / name for name in DATASET]


def demo(ctx: typer.Context, by: ByOption = None) -> None:
    """Load the 2022–2025 Russia–Ukraine peace-talks dataset and show positions, shifts and sources."""
    from events.lines import decode_jsonl
    from store.verify import verify

    root = ctx.find_root().obj
    kept = root["db_given"]
    if not kept:
        folder = tempfile.mkdtemp(prefix="stancelog-demo-")
        # Registered before the store opens, so it runs after the store is closed (callbacks run last-in first).
        ctx.call_on_close(lambda: shutil.rmtree(folder, ignore_errors=True))
        root["db"] = str(Path(folder) / "demo.db")
    ledger = open_ledger(ctx, create=True)
    loaded = 0
    for path in dataset_files():
        with path.open("rb") as lines:
            loaded += ledger.append(decode_jsonl(lines), recorder(by)).total
    story = gather(ledger)
    where = f"added to {_shown(root['db'])}" if kept else "in a temporary store, removed when the demo ends"
    say(f"stancelog demo: {story.statements} statements on the Russia–Ukraine peace talks, 2022–2025, from "
        f"{len(story.sources)} articles")
    say(f"({loaded} events {where}).")

    _section(f"Positions as of {AS_OF}: the stance and date of each party's last statement on each issue")
    for line in pivot(story):
        say(line)
    for party in STORY:
        moves = story.moves[party]
        _section(f"How {story.party(party)}'s position on territory shifted: {moves.summary}")
        for line in moves.lines:
            say(line)
    _section("Where the statements come from")
    for number, (name, count, published) in enumerate(story.sources, 1):
        say(f"[{number}] {name}" + (f", published {published}" if published else "") + f": {count} statements")

    report = verify(ledger)
    _section("The record")
    say(f"{report.events} events, hash chain verified. The digest of the log (stance verify --digest checks it):")
    say(f"  {report.digest}")

    _section("Explore further")
    for line in explore(root["db"] if kept else None, story.example_id):
        say(line)


def gather(ledger):
    from cli.demo_story import read_story

    return read_story(ledger, AS_OF, STORY, WIDTH)


def pivot(story) -> list[str]:
    """Issues down, parties across, `stance date` in each cell (as the HTML report lays out its matrix)."""
    parties = story.parties
    label = max(len(text) for _, text in story.issue_rows)
    widths = [max(len(story.party(p)), *(len(story.cell(issue, p)) for issue, _ in story.issue_rows))
              for p in parties]
    lines = [_row(["issue", *[story.party(p) for p in parties]], [label, *widths]),
             _row(["-" * label, *["-" * w for w in widths]], [label, *widths])]
    for issue, text in story.issue_rows:
        cells = [story.cell(issue, party) for party in parties]
        lines.append(_row([text, *cells], [label, *widths]))
    return lines


def _row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()


def invoked_as() -> str:
    """The command as the user can type it again: `stance` when that is on PATH, else the path they ran."""
    argv0 = sys.argv[0]
    if Path(argv0).name == "__main__.py":  # python -m cli
        return f"{_relative(sys.executable)} -m cli"
    found = shutil.which(Path(argv0).name)
    if found and Path(found).resolve() == Path(argv0).resolve():
        return Path(argv0).name
    return _relative(argv0)


def _relative(path: str) -> str:
    """A path from the current directory when it is below it (`.venv/bin/stance`), else as it is."""
    try:
        relative = Path(os.path.abspath(path)).relative_to(Path.cwd())  # not resolved: a venv's python is a link
    except ValueError:
        return path
    return str(relative) if len(relative.parts) > 1 else f"./{relative}"


def explore(db: str | None, example_id: str) -> list[str]:
    """Commands to go on with, each working as printed from where the demo was run."""
    stance = invoked_as()
    lines = []
    if db is None:
        lines += ["The demo's store was temporary; to keep one and look around:", f"  {stance} --db talks.db demo",
                  "  export STANCE_DB=talks.db"]
    else:
        lines.append(f"  export STANCE_DB={_quoted(db)}")
    lines += [_fitted(f"  {stance} {command}") for command in (
        "as-of 2023-06-30 --party russia",
        "shifts --party ukraine --issue territory",
        "history russia territory",
        f"show {example_id}    # one statement: every version, with its source",
        "report --format html --out report.html",
    )]
    if os.sep in stance and (Path(stance).parent / "activate").exists():
        lines.append(f"(or first `source {Path(stance).parent / 'activate'}`, then type just `stance`)")
    return lines


def _fitted(line: str) -> str:
    """A command line within the width: its comment left out when the command itself is long."""
    return line if len(line) <= WIDTH else line.split("    #", 1)[0]


def _quoted(text: str) -> str:
    import shlex

    return shlex.quote(text)


def _shown(db: str) -> str:
    from store.engine import shown_url

    return shown_url(db)


def _section(title: str) -> None:
    say("")
    for line in textwrap.wrap(f"== {title}", WIDTH, subsequent_indent="   "):
        say(line)
    say("")
