"""`stance report`: positions, how they shifted, and what was corrected, as Markdown or one self-contained HTML file.

The store, matplotlib and the renderers are imported inside the command, so `stance --help` loads none of them.
"""

import sys
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated

import typer

from cli.options import FromOption, IssueOption, KnownAtOption, PartyOption, ToOption, fail, say


class ReportFormat(StrEnum):
    markdown = "markdown"
    html = "html"


def report(
    ctx: typer.Context,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="Markdown, or one self-contained HTML file.",
                                              case_sensitive=False)] = ReportFormat.markdown,
    from_: FromOption = None,
    to: ToOption = None,
    party: PartyOption = None,
    issue: IssueOption = None,
    known_at: KnownAtOption = None,
    out: Annotated[str | None, typer.Option("--out", "-o", metavar="FILE",
                                            help="Write the report to FILE (default: print it).")] = None,
) -> None:
    """A chronological report: positions at the end of the range, each shift with its source, corrections, digest."""
    from cli.options import scope
    from cli.outfile import writable, write_whole
    from cli.report.gather import Scope, gather
    from store.scoped import vouch

    path = writable(out) if out is not None else None
    q = scope(ctx, known_at, party, issue, from_, to)
    ledger, known = q.ledger, q.known
    checked = vouch(ledger, q.parties, q.issues)  # the full `verify` for the whole store
    if not checked.ok:
        for problem in checked.problems:
            typer.echo(f"error: {problem}", err=True)
        raise fail("the log does not verify, so no report can vouch for it; see `stance verify`")
    asked = Scope(fmt.value, from_, to, q.start, q.end, tuple(q.parties), tuple(q.issues), known_at)
    found = gather(ledger, asked, known)
    if path is None:
        for piece in pieces(found, fmt):
            sys.stdout.write(piece)
        return
    write_whole(path, pieces(found, fmt))
    say(f"wrote the {fmt.value} report ({len(found.statements)} statements, digest {found.record.digest}) to {out}")


def pieces(found, fmt: ReportFormat) -> Iterable[str]:
    """The report as pieces of text to write in turn: Markdown line by line, HTML whole (its chart is drawn first)."""
    if fmt is ReportFormat.markdown:
        from cli.report.markdown import lines

        return (line + "\n" for line in lines(found))
    return [render(found, fmt)]


def render(found, fmt: ReportFormat) -> str:
    if fmt is ReportFormat.markdown:
        from cli.report.markdown import render as markdown

        return markdown(found)
    from cli.report.html import render as html

    try:
        return html(found)
    except ImportError as e:
        raise fail(f"the HTML report draws its chart with matplotlib ({e.name} is missing): "
                   "reinstall stancelog (pip install --force-reinstall stancelog)") from None
