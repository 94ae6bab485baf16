"""Read commands: positions as of a date, as known at a moment of the record, and how they shifted."""

from dataclasses import dataclass
from typing import Annotated, Any

import typer

from cli.options import FormatOption, KnownAtOption, open_ledger
from cli.output import TABLE_WIDTH, Col, Format, flatten, render

PartyOption = Annotated[list[str] | None, typer.Option("--party", "-p", help="Only this party; repeat for more.")]
IssueOption = Annotated[list[str] | None, typer.Option(
    "--issue", "-i", help="Only this issue and its sub-issues (territory covers territory/donbas); repeat for more.")]
FromOption = Annotated[str | None, typer.Option("--from", help="Statements whose period starts from the start of D.",
                                                metavar="D")]
ToOption = Annotated[str | None, typer.Option("--to", help="… up to the end of D.", metavar="D")]


def shown(text: str) -> str:
    """A user's text inside an error line: control characters escaped, so the error stays one line."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def today():
    """The current day in UTC: what `today` and `yesterday` count from."""
    from datetime import UTC, datetime

    return datetime.now(UTC).date()


def when(text: str, option: str):
    """A WHEN or --from/--to date, or a usage error (exit 2) that lists the forms a date may take."""
    from events.periods import WHEN_FORMS, NotADate, parse_when

    try:
        return parse_when(text, today())
    except NotADate as e:
        raise typer.BadParameter(f"'{shown(text)}' {e}; use {WHEN_FORMS}", param_hint=option) from None


def known_at_option(known_at: str | None) -> tuple[str, int] | None:
    """--known-at read, or a usage error (exit 2): checked before the store is opened, as every usage error is."""
    if known_at is None:
        return None
    from events.periods import WHEN_FORMS, NotADate, parse_known_at

    try:
        return parse_known_at(known_at, today())
    except NotADate as e:
        forms = "" if known_at.startswith("seq:") else f"; use seq:N, {WHEN_FORMS}"
        raise typer.BadParameter(f"'{shown(known_at)}' {e}{forms}", param_hint="--known-at") from None


def known_seq(ledger, known_at: str | None) -> int | None:
    """The last seq that --known-at admits, or None for everything."""
    parsed = known_at_option(known_at)
    if parsed is None:
        return None
    kind, value = parsed
    return value if kind == "seq" else ledger.last_seq_recorded_before(value)


def open_for(ctx: typer.Context, known_at: str | None):
    """The store of a read command, once its --known-at is known to be well formed."""
    known_at_option(known_at)
    return open_ledger(ctx)


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
    start, end = _range(from_, to)
    parties, issues = _topics(party, issue)
    ledger = open_for(ctx, known_at)
    return Scope(ledger, known_seq(ledger, known_at), start, end, parties, issues)


def _topics(party: list[str] | None, issue: list[str] | None) -> tuple[list[str], list[str]]:
    from events.vocabulary import is_issue_path, is_slug

    for p in party or []:
        if not is_slug(p):
            raise typer.BadParameter(f"'{p}' is not a party slug", param_hint="--party")
    for i in issue or []:
        if not is_issue_path(i):
            raise typer.BadParameter(f"'{i}' is not an issue path", param_hint="--issue")
    return party or [], issue or []


def _range(start: str | None, end: str | None) -> tuple[int | None, int | None]:
    return (when(start, "--from").start if start else None, when(end, "--to").end if end else None)


def source_label(source: dict | None) -> str:
    """A source in a table cell: its outlet, or else its URL's host."""
    if not source:
        return ""
    if source.get("outlet"):
        return source["outlet"]
    url = source.get("url", "")
    return url.split("://", 1)[-1].split("/", 1)[0]


def short_id(key: str) -> Col:
    return Col("id", lambda row: (row.get(key) or "")[:8])


def _said(statement: dict | None, brief: bool = False) -> str:
    """A statement in one cell: date, stance and (unless brief) position."""
    if not statement:
        return ""
    if brief:
        return f"{statement['stated_on']} {statement['stance']}"
    return f"{statement['stated_on']} {statement['stance']}: {statement['position']}"


# The contract's fields first, then every other field of the statement, so CSV carries the full text.
AS_OF_COLUMNS = ["party", "issue", "statement_id", "stated_on", "stance", "position", "speaker", "conditions",
                 "source", "role", "quote", "tags", "note", "evidence"]

def party_col(ledger, known: int | None, fmt: Format) -> Col:
    """The party column of a table: the registry's display name where there is one (JSON keeps the slug)."""
    names = {}
    if fmt is Format.table:
        from store.registry import party_names

        names = party_names(ledger, known)
    return Col("party", lambda row: names.get(row["party"], row["party"]), width=14)


ISSUE = Col("issue", width=24)
STANCE_POSITION = Col("stance: position", lambda r: f"{r['stance']}: {r['position']}", wrap=True)
SOURCE = Col("source", lambda r: source_label(r["source"]), width=12)


def statement_table(party: Col) -> list[Col]:
    """Timeline rows; the source is in every other format (a table has no room for it beside the speaker)."""
    return [Col("stated_on"), party, ISSUE, STANCE_POSITION, Col("speaker", width=14), short_id("statement_id")]


def as_of(
    ctx: typer.Context,
    when_: Annotated[str, typer.Argument(metavar="WHEN", help="A date: YYYY, YYYY-MM, YYYY-MM-DD or a date-time.")],
    party: PartyOption = None,
    issue: IssueOption = None,
    fmt: FormatOption = Format.table,
    known_at: KnownAtOption = None,
) -> None:
    """Each party's position on each issue as of WHEN: the last statement made by then."""
    from store.positions import as_of as matrix

    period = when(when_, "WHEN")
    q = scope(ctx, known_at, party, issue)
    rows = matrix(q.ledger, period.end, q.known, q.parties, q.issues)
    table = [party_col(q.ledger, q.known, fmt), ISSUE, Col("stated_on"), STANCE_POSITION, SOURCE,
             short_id("statement_id")]
    _render(rows, AS_OF_COLUMNS, fmt, table, f"no positions as of {when_}")


TIMELINE_COLUMNS = ["statement_id", "stated_on", "party", "issue", "speaker", "stance", "position", "quote", "source",
                    "role", "conditions", "tags", "note", "evidence"]


def timeline(
    ctx: typer.Context,
    from_: FromOption = None,
    to: ToOption = None,
    party: PartyOption = None,
    issue: IssueOption = None,
    fmt: FormatOption = Format.table,
    known_at: KnownAtOption = None,
) -> None:
    """Statements in force, in the order they were said."""
    from store.positions import timeline as statements

    q = scope(ctx, known_at, party, issue, from_, to)
    rows = statements(q.ledger, q.known, q.start, q.end, q.parties, q.issues)
    _render(rows, TIMELINE_COLUMNS, fmt, statement_table(party_col(q.ledger, q.known, fmt)), "no statements")


HISTORY_COLUMNS = ["statement_id", "stated_on", "issue", "speaker", "stance", "position", "source", "status",
                   "corrections", "party", "role", "conditions", "quote", "tags", "note", "evidence", "version",
                   "correction_seqs", "corrected_fields", "correction_reasons", "retraction_seq", "retraction_reason"]


def history(
    ctx: typer.Context,
    party: Annotated[str, typer.Argument(metavar="PARTY")],
    issue: Annotated[str | None, typer.Argument(metavar="ISSUE", help="Only this issue and its sub-issues.")] = None,
    fmt: FormatOption = Format.table,
    known_at: KnownAtOption = None,
) -> None:
    """A party's statements in stated order, with their corrections; retracted ones marked."""
    from store.statements import history as party_history

    q = scope(ctx, known_at, [party], [issue] if issue else None)
    rows = party_history(q.ledger, party, q.issues, q.known)
    table = [Col("stated_on"), ISSUE, STANCE_POSITION, SOURCE, Col("status", _history_status),
             short_id("statement_id")]
    _render(rows, HISTORY_COLUMNS, fmt, table, f"no statements of {party}", flat=_flat_history)


def _flat_history(row: dict[str, Any]) -> dict[str, Any]:
    """A history row for CSV: its corrections counted, with their seqs, the fields they changed and their reasons."""
    corrections, retraction = row["corrections"], row["retraction"]
    fields: list[str] = []
    for correction in corrections:
        fields += [name for name in correction["changes"] if name not in fields]
    rest = {k: v for k, v in row.items() if k not in ("corrections", "retraction")}
    return {**flatten(rest), "corrections": len(corrections),
            "correction_seqs": ";".join(str(c["seq"]) for c in corrections),
            "corrected_fields": ";".join(fields),
            "correction_reasons": "\n".join(c["reason"] for c in corrections),
            "retraction_seq": retraction["seq"] if retraction else None,
            "retraction_reason": retraction["reason"] if retraction else None}


def _history_status(row: dict[str, Any]) -> str:
    if row["status"] == "retracted":
        return "retracted"
    n = len(row["corrections"])
    return f"corrected ×{n}" if n else "in force"


SHIFT_COLUMNS = ["party", "issue", "stated_on", "kind", "from", "to"]


def shifts(
    ctx: typer.Context,
    from_: FromOption = None,
    to: ToOption = None,
    party: PartyOption = None,
    issue: IssueOption = None,
    fmt: FormatOption = Format.table,
    known_at: KnownAtOption = None,
) -> None:
    """Each change of a party's position on an issue: first, revised, changed or reversed."""
    from store.positions import shifts as find_shifts

    q = scope(ctx, known_at, party, issue, from_, to)
    rows = find_shifts(q.ledger, q.known, q.start, q.end, q.parties, q.issues)
    # The new statement's date opens the `to` cell, so the table needs no stated_on column of its own.
    table = [party_col(q.ledger, q.known, fmt), ISSUE, Col("kind"), Col("from", lambda r: _said(r["from"], brief=True)),
             Col("to", lambda r: _said(r["to"]), wrap=True)]
    _render(rows, SHIFT_COLUMNS, fmt, table, "no shifts")
    if rows and fmt is Format.table:  # a first statement is not a change: say how many of each there are
        from cli.report.labels import shift_counts

        typer.echo(f"\n{shift_counts(row['kind'] for row in rows)}")


def diff(
    ctx: typer.Context,
    when1: Annotated[str, typer.Argument(metavar="WHEN1")],
    when2: Annotated[str, typer.Argument(metavar="WHEN2")],
    party: PartyOption = None,
    issue: IssueOption = None,
    fmt: FormatOption = Format.table,
    known_at: KnownAtOption = None,
) -> None:
    """The positions that differ between two dates."""
    from store.positions import diff as matrix_diff

    first, second = when(when1, "WHEN1"), when(when2, "WHEN2")
    q = scope(ctx, known_at, party, issue)
    rows = matrix_diff(q.ledger, first.end, second.end, q.known, q.parties, q.issues)
    table = [party_col(q.ledger, q.known, fmt), ISSUE, Col("before", lambda r: _said(r["before"]), width=28),
             Col("after", lambda r: _said(r["after"]), wrap=True)]
    _render(rows, ["party", "issue", "before", "after"], fmt, table, f"no differences between {when1} and {when2}")


def show(
    ctx: typer.Context,
    statement_id: Annotated[str, typer.Argument(metavar="ID", help="A statement id.")],
    fmt: FormatOption = Format.table,
    known_at: KnownAtOption = None,
) -> None:
    """One statement: every version, when it was recorded and why, and its retraction."""
    import orjson

    from cli.write import statement_uuid
    from store.statements import show as story

    ledger = open_for(ctx, known_at)
    found = story(ledger, statement_uuid(statement_id, ledger), known_seq(ledger, known_at))
    if fmt in (Format.json, Format.jsonl):
        typer.echo(orjson.dumps(found, option=orjson.OPT_INDENT_2 if fmt is Format.json else 0).decode())
        return
    rows = [{"statement_id": found["statement_id"], "version": v["version"], "seq": v["seq"],
             "recorded_at": v["recorded_at"], "recorded_by": v["recorded_by"], "reason": v["reason"],
             "changed": list(v["changes"]), "changes": _changes_text(v["changes"], "; "), **v["content"]}
            for v in found["versions"]]
    columns = ["statement_id", "version", "seq", "recorded_at", "recorded_by", "reason", "changed", "changes",
               "stated_on", "party", "issue", "speaker", "role", "stance", "position", "conditions", "quote", "source",
               "tags", "note", "evidence"]
    if fmt is not Format.table:
        render(rows, columns, fmt)
        return
    typer.echo(f"statement {found['statement_id']} (seq {found['seq']}): {_status(found)}")
    render(rows, columns, fmt, [Col("version"), Col("seq"), Col("recorded_at"), Col("recorded_by", width=12),
                                Col("stated_on"), Col("stance"), Col("position", wrap=True)])
    import textwrap

    for v in found["versions"][1:]:  # what each correction changed, and why, in full (wrapped, never cut)
        typer.echo("\n" + textwrap.fill(f"version {v['version']} (seq {v['seq']}, {v['recorded_at']}, by "
                                        f"{v['recorded_by']}): {v['reason']}", TABLE_WIDTH, subsequent_indent="  "))
        for line in _changes_text(v["changes"], "\n").splitlines():
            typer.echo(textwrap.fill(line, TABLE_WIDTH, initial_indent="  ", subsequent_indent="    "))


def _changes_text(changes: dict[str, dict[str, Any]], sep: str) -> str:
    """`field: old → new` for each changed field; an absent value shows as (none)."""
    def shown_value(value: Any) -> str:
        if value is None:
            return "(none)"
        return ";".join(value) if isinstance(value, list) else str(value)

    return sep.join(f"{name}: {shown_value(c['from'])} → {shown_value(c['to'])}"
                    for name, c in changes.items())


def _status(found: dict[str, Any]) -> str:
    retraction = found["retraction"]
    if retraction is None:
        return "in force"
    return f"retracted at seq {retraction['seq']}: {retraction['reason']}"


def parties(ctx: typer.Context, fmt: FormatOption = Format.table, known_at: KnownAtOption = None) -> None:
    """The parties in the store, with their names and how many statements and issues each has."""
    from store.registry import with_counts

    ledger = open_for(ctx, known_at)
    _render(with_counts(ledger, "party", known_seq(ledger, known_at)), ["party", "name", "statements", "issues"],
            fmt, None, "no parties yet")


def issues(ctx: typer.Context, fmt: FormatOption = Format.table, known_at: KnownAtOption = None) -> None:
    """The issues in the store, with their titles and how many statements and parties each has."""
    from store.registry import with_counts

    ledger = open_for(ctx, known_at)
    rows = with_counts(ledger, "issue", known_seq(ledger, known_at))
    table = [Col("issue"), Col("title", width=30), Col("statements"), Col("parties"),
             Col("description", wrap=True)]
    _render(rows, ["issue", "title", "statements", "parties", "description"], fmt, table, "no issues yet")


def speakers(ctx: typer.Context, fmt: FormatOption = Format.table, known_at: KnownAtOption = None) -> None:
    """The speakers in the registry: their names, aliases, and whom they spoke for when."""
    from store.registry import entries

    ledger = open_for(ctx, known_at)
    rows = [{"name": e["name"], "aliases": e.get("aliases", []), "affiliations": e.get("affiliations", []),
             "id": e["id"]} for e in entries(ledger, "speaker", known_seq(ledger, known_at))]
    table = [Col("name", width=24), Col("affiliations", _affiliations, wrap=True)]
    _render(rows, ["name", "aliases", "affiliations", "id"], fmt, table, "no speakers registered",
            flat=lambda row: flatten({**row, "affiliations": _affiliations(row)}))


def _affiliations(row: dict[str, Any]) -> str:
    return "; ".join(f"{a['party']}" + (f" ({a['role']})" if a.get("role") else "")
                     + (f" {a.get('from', '…')}–{a.get('to', '')}" if a.get("from") or a.get("to") else "")
                     for a in row["affiliations"])


def _render(rows, columns: list[str], fmt: Format, table: list[Col] | None, empty: str, flat=flatten) -> None:
    if render(rows, columns, fmt, table, flat=flat) == 0 and fmt is Format.table:
        typer.echo(f"({empty})", err=True)


COMMANDS = {
    "as-of": as_of, "timeline": timeline, "history": history, "shifts": shifts, "diff": diff, "show": show,
    "parties": parties, "issues": issues, "speakers": speakers,
}

