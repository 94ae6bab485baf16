"""`stance serve`: the explorer (pages and /api) over the store, read-only, on 127.0.0.1 unless told otherwise."""

from typing import Annotated

import typer

from cli.options import fail, location, say


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="The address to listen on. Anything but a loopback address lets "
                                           "other machines read the store.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The port to listen on.", min=1, max=65535)] = 8765,
) -> None:
    """Serve the store read-only over HTTP: the position matrix, issues, parties, statements, shifts, diff, log and
    search, each page with its JSON under /api/. Stops on Ctrl-C."""
    try:
        import uvicorn

        from cli.explorer.app import make_app
        from cli.explorer.guard import served_hosts
    except ImportError as e:
        raise fail(f"stance serve needs {e.name}: pip install 'stancelog'") from None
    from store.engine import shown_url

    ledger = open_read_only(location(ctx))
    ctx.call_on_close(ledger.close)
    app = make_app(ledger, served_hosts(host, port))
    say(f"serving {shown_url(location(ctx))} read-only at http://{host}:{port}/ (Ctrl-C stops)")
    uvicorn.Server(server_config(app, host=host, port=port)).run()


def server_config(app, **options):
    """uvicorn's settings for the explorer: no access log, no Server header naming the software."""
    import uvicorn

    return uvicorn.Config(app, log_level="warning", access_log=False, server_header=False, date_header=False,
                          **options)


def open_read_only(where: str):
    """The store as the database itself keeps it unwritable; it must exist at this stancelog's schema."""
    from store import Ledger
    from store.migrate import current_revision
    from store.schema import SCHEMA_HEAD

    try:
        ledger = Ledger(where, create=False, read_only=True)
    except FileNotFoundError as e:
        raise fail(f"{e}: create it first (stance init, or stance import FILE)") from None
    revision = current_revision(ledger.engine)
    if revision != SCHEMA_HEAD:
        ledger.close()
        raise fail(f"the store's schema is at {revision or 'nothing'}, not {SCHEMA_HEAD}: run `stance db upgrade` "
                   "first (serve never writes to the store)")
    return ledger
