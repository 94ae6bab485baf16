"""Commands that append to the log: init, record, correct, retract, import."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cli.options import ByOption, fail, location, open_ledger, recorder, say


def init(ctx: typer.Context) -> None:
    """Create the store (or bring its schema up to date)."""
    from store.engine import shown_url
    from store.schema import SCHEMA_HEAD

    open_ledger(ctx, create=True).close()
    say(f"store ready at {shown_url(location(ctx))} (schema {SCHEMA_HEAD})")


def _opt(help: str, **kw):
    return typer.Option(help=help, **kw)


def record(
    ctx: typer.Context,
    stated_on: Annotated[str, _opt("When it was said: YYYY, YYYY-MM, YYYY-MM-DD or a date-time with offset.")],
    party: Annotated[str | None, _opt("Whose position it is (slug): russia, ukraine, united-states. "
                                      "Default: the speaker's party on that date, from the registry.")] = None,
    issue: Annotated[str, _opt("The issue (slug path): territory, territory/donbas, alliances/nato.")] = ...,
    stance: Annotated[str, _opt("demand, appeal, propose, accept, concede, consider, reject or threaten.")] = ...,
    position: Annotated[str, _opt("The stated position in one sentence.")] = ...,
    speaker: Annotated[str | None, _opt("Who said it.")] = None,
    role: Annotated[str | None, _opt("In what capacity.")] = None,
    conditions: Annotated[str | None, _opt("What the stance depends on.")] = None,
    quote: Annotated[str | None, _opt("The verbatim words.")] = None,
    source_url: Annotated[str | None, _opt("Source URL.")] = None,
    source_outlet: Annotated[str | None, _opt("Source outlet.")] = None,
    source_title: Annotated[str | None, _opt("Source title.")] = None,
    source_published_on: Annotated[str | None, _opt("When the source was published.")] = None,
    tag: Annotated[list[str] | None, _opt("A tag (slug); repeat for more.")] = None,
    note: Annotated[str | None, _opt("The analyst's note.")] = None,
    evidence: Annotated[str | None, _opt("The sentence(s) of the source it was taken from.")] = None,
    by: ByOption = None,
) -> None:
    """Record one statement; it gets a random id."""
    from events.validation import Invalid, parse_event

    source = {k: v for k, v in (("url", source_url), ("outlet", source_outlet), ("title", source_title),
                                ("published_on", source_published_on)) if v is not None}
    fields = {"stated_on": stated_on, "party": party, "speaker": speaker, "role": role, "issue": issue,
              "stance": stance, "position": position, "conditions": conditions, "quote": quote,
              "source": source or None, "tags": tag or None, "note": note, "evidence": evidence}
    ledger = open_ledger(ctx, create=True)
    if speaker is not None:
        _from_registry(ledger, fields, party is None, role is None)
    try:
        statement = parse_event({k: v for k, v in fields.items() if v is not None})
    except Invalid as e:
        raise _print_problems(e.problems) from None
    done = ledger.record(statement, recorder(by))
    say(f"recorded statement {done.ids[0]} at seq {done.last_seq}")


def _source_field(name: str) -> str | None:
    """`source.url` or `source_url` → `url`; None for any other name."""
    for prefix in ("source.", "source_"):
        if name.startswith(prefix):
            return name[len(prefix):]
    return None


def _from_registry(ledger, fields: dict, fill_party: bool, fill_role: bool) -> None:
    """What the registry knows of the speaker on the stated date: the party (when not given), the role (likewise),
    and the speaker's registered name when the one typed is an alias."""
    from events.periods import NotADate, parse_period
    from store.registry import find_speaker, speaker_party, speaker_role

    try:
        parse_period(fields["stated_on"])
    except NotADate:
        return  # reported with every other problem
    typed = fields["speaker"]
    if fill_party:
        fields["party"], why = speaker_party(ledger, typed, fields["stated_on"])
        if fields["party"] is None:
            raise fail(f"give --party: {why}")
        say(f"party {fields['party']} from the registry ({why})")
    found = find_speaker(ledger, typed)
    if found is None:
        return
    if found["name"] != typed:
        fields["speaker"] = found["name"]
        typer.echo(f"speaker '{typed}' is registered as '{found['name']}': recorded under that name", err=True)
    if fill_role:
        fields["role"] = speaker_role(found, fields["stated_on"], fields["party"])
        if fields["role"] is not None:
            say(f"role {fields['role']} from the registry")


def set_options(sets: list[str], unsets: list[str]) -> dict:
    """The changes --set and --unset ask for; a single source field keeps its name (`source.url`)."""
    import orjson

    changes: dict = {}
    for item in sets:
        name, sep, value = item.partition("=")
        if not sep:
            raise typer.BadParameter(f"'{item}' is not field=value", param_hint="--set")
        if name == "tags":
            changes[name] = [t.strip() for t in value.split(";") if t.strip()]
        elif name == "source":
            try:
                changes[name] = orjson.loads(value)
            except orjson.JSONDecodeError:
                raise typer.BadParameter("source takes a JSON object, e.g. source='{\"outlet\": \"TASS\"}'",
                                         param_hint="--set") from None
        else:
            changes[name] = value
    for name in unsets:
        changes[name] = None
    return changes


def split_source_fields(changes: dict) -> tuple[dict, dict]:
    """(changes of whole fields, changes of single source fields by their name in the source)."""
    source = {_source_field(name): value for name, value in changes.items() if _source_field(name) is not None}
    rest = {name: value for name, value in changes.items() if _source_field(name) is None}
    if source and "source" in rest:
        raise typer.BadParameter("give the whole source or single source fields, not both", param_hint="--set")
    return rest, source


def source_problems(source: dict) -> list[str]:
    from events.model import SOURCE_FIELDS

    return [f"changes: 'source.{name}' is not a field that can be corrected (source fields: "
            f"{', '.join(SOURCE_FIELDS)})" for name in source if name not in SOURCE_FIELDS]


def correct(
    ctx: typer.Context,
    statement_id: Annotated[str, typer.Argument(metavar="ID", help="The statement to correct.")],
    reason: Annotated[str, _opt("Why the correction is made.")],
    set_: Annotated[list[str] | None, typer.Option(
        "--set", help="field=value; repeat for more. tags=a;b; source.url=… (or source.outlet, source.title, "
                      "source.published_on) changes one source field; source='{\"outlet\": …}' the whole.")] = None,
    unset: Annotated[list[str] | None, _opt("An optional field (or source.title …) to remove; repeat for more.")]
        = None,
    by: ByOption = None,
) -> None:
    """Correct fields of a statement; the earlier version stays in the log."""
    from events.validation import parse_changes

    problems: list[str] = []
    changes, source = split_source_fields(set_options(set_ or [], unset or []))
    problems += source_problems(source)
    changes = parse_changes(changes, problems) if changes or not source else {}
    if problems:
        raise _print_problems(problems)
    ledger = open_ledger(ctx)
    done = ledger.correct(statement_uuid(statement_id, ledger), changes, reason, recorder(by), source)
    say(f"recorded correction {done.ids[0]} of {done.targets[0]} at seq {done.last_seq}")


def retract(
    ctx: typer.Context,
    statement_id: Annotated[str, typer.Argument(metavar="ID", help="The statement to retract.")],
    reason: Annotated[str, _opt("Why the statement is retracted.")],
    by: ByOption = None,
) -> None:
    """Retract a statement: it stops counting from this point of the log on."""
    ledger = open_ledger(ctx)
    done = ledger.retract(statement_uuid(statement_id, ledger), reason, recorder(by))
    say(f"recorded retraction {done.ids[0]} of {done.targets[0]} at seq {done.last_seq}")


def _print_problems(problems: list[str]) -> typer.Exit:
    for problem in problems:
        typer.echo(f"error: {problem}", err=True)
    return typer.Exit(1)


def statement_uuid(text: str, ledger) -> str:
    """A full id, or the unique id that starts with an 8-or-more-character prefix (as tables print ids)."""
    from cli.queries import statement_id

    return statement_id(text, ledger)


class InputFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


PROGRESS_MIN_BYTES = 4 << 20


def import_events(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE", help="JSON Lines (or CSV) file; - reads stdin.")],
    input_format: Annotated[InputFormat | None, typer.Option(
        "--input-format", help="jsonl or csv (default: csv for a .csv name, else jsonl).")] = None,
    by: ByOption = None,
    with_record: Annotated[bool, typer.Option(
        "--record", help="A file of `export --record`: append it after the store's head, keeping each event's "
                         "seq, recorded_at, recorded_by and hash (every hash is checked).")] = False,
) -> None:
    """Import a file of events, whole or not at all."""
    from events.lines import decode_csv, decode_jsonl

    if with_record and (input_format is InputFormat.csv or by is not None):
        raise typer.BadParameter("a record keeps its own format and recorders: no --input-format csv or --by",
                                 param_hint="--record")
    fmt = input_format or (InputFormat.csv if file.lower().endswith(".csv") else InputFormat.jsonl)
    if file == "-":
        stream, size = sys.stdin.buffer, 0
    else:
        path = Path(file)
        if not path.is_file():
            raise fail(f"no such file: {file}")
        stream, size = path.open("rb"), path.stat().st_size
    with stream:
        if with_record:
            from store.record import import_record

            done = import_record(open_ledger(ctx, create=True), _with_progress(stream, size))
        else:
            decode = decode_csv if fmt is InputFormat.csv else decode_jsonl
            done = open_ledger(ctx, create=True).append(decode(_with_progress(stream, size)), recorder(by))
    _report_import(file, done)


_PLURAL = {"party": "parties"}


def _report_import(file: str, done) -> None:
    name = "stdin" if file == "-" else file
    if done.total == 0:
        say(f"nothing new: all {done.skipped} events of {name} are already in the log" if done.skipped
            else f"nothing to import: {name} holds no events")
        return
    kinds = ", ".join(f"{n} {kind if n == 1 else _PLURAL.get(kind, kind + 's')}" for kind, n in done.added.items() if n)
    plural = "s" if done.total != 1 else ""
    message = f"imported {done.total} event{plural} ({kinds}) · seq {done.first_seq}–{done.last_seq}"
    if done.skipped:
        message += f" · {done.skipped} already in the log, skipped"
    say(message)


def _with_progress(stream, size: int):
    """Lines of the stream; with a progress bar on stderr for a big real file on a terminal."""
    if size < PROGRESS_MIN_BYTES or not sys.stderr.isatty():
        yield from stream
        return
    with typer.progressbar(length=size, label="importing", file=sys.stderr) as bar:
        for line in stream:
            bar.update(len(line))
            yield line
