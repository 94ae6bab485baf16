"""`stance db upgrade|current`: the store's schema revision."""

import typer

from cli.examples import epilog
from cli.options import location, say

db_app = typer.Typer(help="The store's schema: show or upgrade its revision.", no_args_is_help=True)


@db_app.command("upgrade", epilog=epilog("upgrade"))
def upgrade(ctx: typer.Context) -> None:
    """Upgrade the store's schema to this version of stancelog."""
    from store import migrate
    from store.engine import make_engine

    engine = make_engine(location(ctx))
    ctx.call_on_close(engine.dispose)
    before, after = migrate.upgrade(engine)
    say(f"schema already at {after}" if before == after else f"schema upgraded from {before or 'nothing'} to {after}")


@db_app.command("current", epilog=epilog("current"))
def current(ctx: typer.Context) -> None:
    """Show the store's schema revision."""
    from store import migrate
    from store.engine import make_engine
    from store.schema import SCHEMA_HEAD

    engine = make_engine(location(ctx))
    ctx.call_on_close(engine.dispose)
    revision = migrate.current_revision(engine)
    if revision is None:
        say("no schema yet (run `stance init`)")
    else:
        say(f"{revision}{' (head)' if revision == SCHEMA_HEAD else f' (this stancelog is at {SCHEMA_HEAD})'}")
