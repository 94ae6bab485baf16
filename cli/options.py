"""Options shared by several commands, and the way every command reaches the store."""

from typing import Annotated

import typer

from cli.output import Format

FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)]
KnownAtOption = Annotated[
    str | None,
    typer.Option("--known-at", metavar="K",
                 help="Answer from the events recorded by K: `seq:N`, or a date or date-time (YYYY, YYYY-MM, "
                      "YYYY-MM-DD, ISO 8601 with offset). Default: everything."),
]
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
