"""The `stance` command: global options, and each command module joined to one app.

Command modules import the store inside their functions, so `stance --help` loads neither SQLAlchemy nor Alembic.
"""

import os
from typing import Annotated

import typer
from typer.core import TyperGroup

from cli import chart, completion, demo, extract, logbook, read, report, serve, write
from cli.db import db_app
from cli.examples import epilog
from cli.register import register_app

__version__ = "0.1.0"


# click's UsageError, which typer vendors without re-exporting it.
UsageError = typer.BadParameter.__mro__[1]
GLOBAL_OPTIONS = ("--db", "--version")
# Options people try that stance spells otherwise.
INSTEAD = {"-V": "stance --version prints the version",
           "--install-completion": "for shell completion: stance completion bash|zsh|fish --install",
           "--show-completion": "for shell completion: stance completion bash|zsh|fish"}


def usage_error(e) -> typer.Exit:
    """A usage error as one line on stderr, with a hint where one helps; exit 2."""
    if type(e).__name__ == "NoArgsIsHelpError":  # `stance`, `stance db`: no command given, so the help is the answer
        typer.echo(e.ctx.get_help())
        return typer.Exit(2)
    command = e.ctx.command_path if e.ctx else "stance"
    message = e.format_message()
    option = getattr(e, "option_name", None)
    if option in INSTEAD:
        message = f"{message.rstrip('.')}; {INSTEAD[option]}"
    elif option in GLOBAL_OPTIONS and e.ctx is not None and e.ctx.parent is not None:
        example = f"stance --db FILE {e.ctx.info_name} …" if option == "--db" else f"stance {option}"
        message = f"{message.rstrip('.')}; {option} is a global option, so it goes before the command: {example}"
    typer.echo(f"error: {message} (see '{command} -h')", err=True)
    return typer.Exit(2)


class StanceGroup(TyperGroup):
    """One line on stderr for every error: usage (exit 2), refusals of the store (exit 1); never a traceback."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except UsageError as e:  # the global options, or a mistyped command name
            raise usage_error(e) from None

    def format_commands(self, ctx, formatter) -> None:
        """Each command with its whole first line of help, wrapped, never cut with `...`."""
        rows = [(name, (command.help or "").split("\n\n")[0].replace("\n", " "))
                for name, command in ((n, self.get_command(ctx, n)) for n in self.list_commands(ctx))
                if command is not None and not command.hidden]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx):
        from store.errors import Refused, StoreError

        try:
            return super().invoke(ctx)
        except UsageError as e:
            raise usage_error(e) from None
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
    # Help is laid out for 80 columns whatever the terminal says, so it reads (and tests) the same everywhere.
    context_settings={"help_option_names": ["-h", "--help"], "terminal_width": 80, "max_content_width": 80},
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
    suggest_commands=False,  # click already says "Did you mean"; typer would say it again
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


COMMANDS = {
    "demo": demo.demo, "init": write.init, "record": write.record, "correct": write.correct,
    "retract": write.retract, "import": write.import_events, "export": logbook.export, "log": logbook.log,
    "verify": logbook.verify, "rebuild": logbook.rebuild, "report": report.report, "chart": chart.chart,
    "extract": extract.extract, **read.COMMANDS, "serve": serve.serve, "completion": completion.completion,
}
for name, command in COMMANDS.items():
    app.command(name, epilog=epilog(name))(command)
app.add_typer(db_app, name="db", cls=StanceGroup)
app.add_typer(register_app, name="register", cls=StanceGroup)


def run() -> None:
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    app()
