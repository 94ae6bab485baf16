"""`stance db upgrade|current`: the store's schema revision."""

import typer

from cli.examples import epilog
from cli.options import location, say

db_app = typer.Typer(help="The store's schema: show or upgrade its revision.", no_args_is_help=True)


@db_app.command("upgrade", epilog=epilog("upgrade"))
def upgrade(ctx: typer.Context) -> None:
    """Upgrade the store's schema to this version of stancelog."""
    from store import migrate
    from store.engine import make_engine, sqlite_file

    path = sqlite_file(location(ctx))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(location(ctx))
    ctx.call_on_close(engine.dispose)
    before, after = migrate.upgrade(engine)
    say(f"schema already at {after}" if before == after else f"schema upgraded from {before or 'nothing'} to {after}")


@db_app.command("current", epilog=epilog("current"))
def current(ctx: typer.Context) -> None:
    """Show the store's schema revision."""
    from store import migrate
    from store.engine import make_engine, shown_url, sqlite_file
    from store.errors import NoStore
    from store.schema import SCHEMA_HEAD

    path = sqlite_file(location(ctx))
    if path is not None and not path.is_file():  # connecting would create the file
        raise NoStore(f"no store at {shown_url(location(ctx))} (stance init creates one)")
    engine = make_engine(location(ctx))
    ctx.call_on_close(engine.dispose)
    revision = migrate.current_revision(engine)
    if revision is None:
        say("no schema yet (run `stance init`)")
    else:
        say(f"{revision}{' (head)' if revision == SCHEMA_HEAD else f' (this stancelog is at {SCHEMA_HEAD})'}")
