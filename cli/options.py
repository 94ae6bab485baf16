"""Options shared by several commands, and the way every command reaches the store."""

from dataclasses import dataclass
from typing import Annotated, Any

import typer

from cli.output import Format

FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)]
KnownAtOption = Annotated[
    str | None,
    typer.Option("--known-at", metavar="K",
                 help="Answer from the events recorded by K: `seq:N`, or a date or date-time (YYYY, YYYY-MM, "
                      "YYYY-MM-DD, ISO 8601 with offset). Default: everything."),
]
PartyOption = Annotated[list[str] | None, typer.Option("--party", "-p", help="Only this party; repeat for more.")]
IssueOption = Annotated[list[str] | None, typer.Option(
    "--issue", "-i", help="Only this issue and its sub-issues (territory covers territory/donbas); repeat for more.")]
FromOption = Annotated[str | None, typer.Option("--from", help="Statements whose period starts from the start of D.",
                                                metavar="D")]
ToOption = Annotated[str | None, typer.Option("--to", help="… up to the end of D.", metavar="D")]
ByOption = Annotated[
    str | None,
    typer.Option("--by", envvar="STANCE_BY", help="Who records the events (default: the OS user)."),
]


def location(ctx: typer.Context) -> str:
    return ctx.find_root().obj["db"]


def open_ledger(ctx: typer.Context, create: bool = False):
    """The store at --db, closed with its connection when the command ends. Only commands that write pass
    `create` (the store is then created and migrated on first use): a read of a location with no store is refused
    and creates nothing."""
    from store import Ledger

    ledger = Ledger(location(ctx), create=create, upgrade=True)  # a store of an older schema is brought up to date
    ctx.call_on_close(ledger.close)
    return ledger


def recorder(by: str | None) -> str:
    from store.ledger import default_recorder

    return by if by is not None else default_recorder()


def say(message: str) -> None:
    """A line for the user about what was done."""
    typer.echo(message)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one error line on stderr; the caller raises what this returns."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


@dataclass(frozen=True)
class Scope:
    """What a read command asks about: the store, the known-at seq, the stated range, parties and issues."""

    ledger: Any
    known: int | None
    start: int | None
    end: int | None
    parties: list[str]
    issues: list[str]


def scope(ctx: typer.Context, known_at: str | None, party: list[str] | None = None, issue: list[str] | None = None,
          from_: str | None = None, to: str | None = None) -> Scope:
    """Check the options (usage errors before the store is touched), then open the store and resolve --known-at."""
    from cli import queries

    start, end = queries.stated_range(from_, to)
    parties, issues = queries.topics(party, issue)
    parsed = queries.known_at_value(known_at)
    ledger = open_ledger(ctx)
    return Scope(ledger, queries.resolve_known(ledger, parsed), start, end, parties, issues)
