"""`stance chart`: the timeline chart (cli/views/chart.py) written to an SVG or PNG file."""

from pathlib import Path
from typing import Annotated

import typer

from cli.options import FromOption, IssueOption, KnownAtOption, PartyOption, ToOption, fail, say
from cli.outfile import writable, write_whole
from cli.views.chart import Lanes, chart_data, chart_title, draw

FORMATS = (".svg", ".png")


def chart(
    ctx: typer.Context,
    out: Annotated[str, typer.Option("--out", "-o", metavar="FILE", help="Where to write: a .svg or .png file.")],
    from_: FromOption = None,
    to: ToOption = None,
    party: PartyOption = None,
    issue: IssueOption = None,
    by: Annotated[Lanes, typer.Option("--by", help="One lane per party, or per issue.",
                                      case_sensitive=False)] = Lanes.party,
    known_at: KnownAtOption = None,
) -> None:
    """A timeline chart of statements: one lane per party (or issue), stance by colour and shape, shifts ringed."""
    from cli.options import scope

    suffix = Path(out).suffix.lower()
    if suffix not in FORMATS:
        raise typer.BadParameter(f"'{out}' must end in .svg or .png", param_hint="--out")
    path = writable(out)
    q = scope(ctx, known_at, party, issue, from_, to)
    statements, kinds, by_party, by_issue = chart_data(q.ledger, q.known, q.start, q.end, q.parties, q.issues)
    lanes, rows = (by_party, by_issue) if by is Lanes.party else (by_issue, by_party)
    try:
        image = draw(statements, kinds, lanes, rows, by.value, suffix[1:], title=chart_title(statements, by.value))
    except ImportError as e:
        raise fail(f"stance chart needs matplotlib ({e.name} is missing): reinstall stancelog "
                   "(pip install --force-reinstall stancelog)") from None
    write_whole(path, [image], binary=True)
    say(f"charted {len(statements)} statements in {len(lanes)} lanes to {out}")
