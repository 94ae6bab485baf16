"""The `stance` command: global options, and each command module joined to one app.

Command modules import the store inside their functions, so `stance --help` loads neither SQLAlchemy nor Alembic.
"""

import os
from typing import Annotated

import typer
from typer.core import TyperGroup

from cli import chart, demo, extract, logbook, read, report, write
from cli.db import db_app

__version__ = "0.1.0"


# click's UsageError, which typer vendors without re-exporting it.
UsageError = typer.BadParameter.__mro__[1]


class StanceGroup(TyperGroup):
    """One line on stderr for every error: usage (exit 2), refusals of the store (exit 1); never a traceback."""

    def invoke(self, ctx):
        from store.errors import Refused, StoreError

        try:
            return super().invoke(ctx)
        except UsageError as e:
            command = e.ctx.command_path if e.ctx else "stance"
            typer.echo(f"error: {e.format_message()} (see '{command} -h')", err=True)
            raise typer.Exit(2) from None
        except Refused as e:
            for problem in e.problems:  # an import's problems start with their line number
                typer.echo(problem if problem.startswith("line ") else f"error: {problem}", err=True)
            if e.more:
                typer.echo(f"… and {e.more} more problems", err=True)
            typer.echo("error: nothing was written", err=True)
            raise typer.Exit(1) from None
        except StoreError as e:
            typer.echo(f"error: {e}", err=True)
            raise typer.Exit(1) from None
        except Exception as e:
            from sqlalchemy.exc import SQLAlchemyError

            if not isinstance(e, SQLAlchemyError):
                raise
            reason = str(getattr(e, "orig", None) or e).strip().splitlines()[0]
            typer.echo(f"error: database: {reason}", err=True)
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=StanceGroup,
    name="stance",
    help="stancelog: a bitemporal, append-only ledger of what parties in a negotiation have said.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"stancelog {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option(
        "--db", envvar="STANCE_DB", show_envvar=True,
        help="The store: a SQLite file path, or a SQLAlchemy URL (sqlite:///…, postgresql+psycopg://…). "
             "Default: stance.db in the user data directory.")] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    given = db is not None
    if db is None:
        from store.engine import default_location

        db = default_location()
    ctx.obj = {"db": db, "db_given": given}


app.command("demo")(demo.demo)
app.command("init")(write.init)
app.command("record")(write.record)
app.command("correct")(write.correct)
app.command("retract")(write.retract)
app.command("import")(write.import_events)
app.command("export")(logbook.export)
app.command("log")(logbook.log)
app.command("verify")(logbook.verify)
app.command("rebuild")(logbook.rebuild)
app.command("report")(report.report)
app.command("chart")(chart.chart)
app.command("extract")(extract.extract)
for name, command in read.COMMANDS.items():
    app.command(name)(command)
app.add_typer(db_app, name="db")


def run() -> None:
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    app()
