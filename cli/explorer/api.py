"""`/api/COMMAND?…`: a request read by the command's own parser, answered by the command's own rows function.

Query parameters become the command line the user would type (`when=2025` → `stance as-of 2025`,
`party=russia&party=ukraine` → `--party russia --party ukraine`), so a bad parameter gets the CLI's own message.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import typer

from cli import queries

MAX_VALUE = 1000  # characters in one parameter's value
MAX_PARAMETERS = 50
UsageError = typer.BadParameter.__mro__[1]  # click's, which typer vendors without re-exporting it


class BadRequest(Exception):
    """A request the explorer answers with 400 and this one-line message."""


@dataclass(frozen=True)
class Command:
    name: str
    click: Any  # the click command the CLI runs
    arguments: tuple[str, ...]  # positional names, as the API spells them (when, party, id, query…)
    options: dict[str, str]  # API name -> the CLI's option (known-at -> --known-at)
    plain: dict[str, tuple[str, str]] | None = None  # API name -> (parameter, kind) where no parsing can fail
    defaults: dict[str, Any] | None = None  # the parameters' values when none is given, as click makes them


def commands() -> dict[str, Command]:
    """The read commands as the CLI defines them."""
    import typer.main

    from cli.main import app

    group = typer.main.get_command(app)
    found = {}
    for name in queries.ROWS:
        cmd = group.commands[name]
        arguments = tuple(p.metavar.lower() for p in cmd.params if p.param_type_name == "argument")
        options = {}
        for p in cmd.params:
            if p.param_type_name == "option" and p.name != "fmt":
                long = next(o for o in p.opts if o.startswith("--"))
                options[long[2:]] = long
        found[name] = Command(name, cmd, arguments, options, *_plain_parameters(cmd, arguments))
    return found


def _plain_parameters(cmd, arguments: tuple[str, ...]) -> tuple[dict | None, dict | None]:
    """The parameters whose values click would take as given (text, or a list of texts, or digits for a number)
    and the values click gives parameters left out. Building the command's parser anew costs more per request than
    most queries; a request of only such parameters is read without it, to the same values (a test compares)."""
    import click

    plain, defaults = {}, {}
    args = iter(arguments)
    for p in cmd.params:
        if p.name == "fmt":
            continue
        api_name = next(args) if p.param_type_name == "argument" else \
            next(o for o in p.opts if o.startswith("--"))[2:]
        if p.nargs != 1 or p.callback is not None:
            return None, None
        if type(p.type) is click.types.StringParamType:
            kind = "texts" if p.multiple else "text"
        elif type(p.type) is click.types.IntParamType and not p.multiple:
            kind = "number"
        else:
            return None, None  # a choice or a range: its parser says what is wrong
        plain[api_name] = (p.name, kind)
        if not p.required:
            defaults[p.name] = () if p.multiple else p.default
    return plain, defaults


def _read_plainly(command: Command, params: list[tuple[str, str]]) -> dict | None:
    """The rows function's arguments for these parameters, or None where only the command's parser can say."""
    if command.plain is None or len(params) > MAX_PARAMETERS:
        return None
    values = dict(command.defaults)
    lists: dict[str, list[str]] = {}
    for key, value in params:
        found = command.plain.get(key.replace("_", "-"))
        if found is None or len(value) > MAX_VALUE:
            return None
        name, kind = found
        if kind == "texts":
            lists.setdefault(name, []).append(value)
        elif kind == "number":
            if not (value.isascii() and value.isdigit()):
                return None
            values[name] = int(value)
        else:
            if name not in command.defaults and name in values:  # a positional one given twice
                return None
            values[name] = value
    missing = [n for n, _ in command.plain.values() if n not in values and n not in command.defaults]
    if missing:
        return None
    values.update((name, tuple(texts)) for name, texts in lists.items())
    return values


# Commands whose answer can grow with the store: without both a party and an issue they may list most of it.
GROWING = {"timeline", "shifts", "history", "log"}


def in_a_worker_thread(command: str, params: Iterable[tuple[str, str]]) -> bool:
    """Whether a request is answered in a worker thread rather than on the server's event loop.

    Most requests take a millisecond or two, which handing them to a thread and back would nearly double under
    load (measured: the loaded median API latency at 100,000 events 1.58× the same queries in-process, 0.92× on the
    loop). A request that may list much of the store (a timeline, shifts or history not scoped to one party and one
    issue, the log) goes to a thread, so that it does not hold up the others while it runs."""
    if command not in GROWING:
        return False
    given = {key.replace("_", "-") for key, _ in params}
    return command == "log" or not {"party", "issue"} <= given


def usage_line(error: Exception, command: str) -> str:
    """The message the CLI prints after `error: ` for a usage error of `stance COMMAND`."""
    return f"{error.format_message()} (see 'stance {command} -h')"


def command_line(command: Command, params: Iterable[tuple[str, str]]) -> list[str]:
    """The arguments `stance COMMAND` would be given for these query parameters."""
    params = list(params)
    if len(params) > MAX_PARAMETERS:
        raise BadRequest(f"too many parameters: at most {MAX_PARAMETERS}")
    positional: dict[str, str] = {}
    options: list[str] = []
    for key, value in params:
        name = key.replace("_", "-")
        if len(value) > MAX_VALUE:
            raise BadRequest(f"parameter '{queries.shown(key[:40])}' is {len(value):,} characters long; "
                             f"at most {MAX_VALUE:,}")
        if name in command.arguments:
            if name in positional:
                raise BadRequest(f"parameter '{name}' is given twice")
            positional[name] = value
        elif name in command.options:
            options += [command.options[name], value]
        else:
            known = ", ".join([*command.arguments, *command.options]) or "none"
            raise BadRequest(f"unknown parameter '{queries.shown(key[:40])}' for {command.name} (it takes: {known})")
    # After `--` a value is never read as an option, even one starting with a dash.
    given = [positional[a] for a in command.arguments if a in positional]
    missing = [a for a in command.arguments if a not in positional]
    if missing and any(a in positional for a in command.arguments[command.arguments.index(missing[0]):]):
        raise BadRequest(f"parameter '{missing[0]}' is missing")
    return [*options, "--", *given]


def answer(command: Command, params: Iterable[tuple[str, str]], store: queries.Store) -> Any:
    """The rows `stance COMMAND … --format json` prints, as Python values; BadRequest with the CLI's message."""
    from store.errors import StoreError

    params = list(params)
    values = _read_plainly(command, params)
    try:
        if values is None:
            ctx = command.click.make_context(command.name, command_line(command, params))
            values = {k: v for k, v in ctx.params.items() if k != "fmt"}
        rows = queries.ROWS[command.name](store, **values)
        return rows if isinstance(rows, dict) else list(rows)
    except UsageError as e:
        raise BadRequest(usage_line(e, command.name)) from None
    except StoreError as e:
        raise BadRequest(str(e)) from None
