"""Read commands: positions as of a date, as known at a moment of the record, and how they shifted."""

from typing import Annotated, Any

import typer

from cli import queries
from cli.options import FormatOption, FromOption, IssueOption, KnownAtOption, PartyOption, ToOption, open_ledger
from cli.output import TABLE_WIDTH, Col, Format, flatten, render
from cli.views.labels import source_label


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



class Opener:
    """The store of a command, opened when its query first needs it (after the usage checks), then kept."""

    def __init__(self, ctx: typer.Context):
        self.ctx, self.ledger = ctx, None

    def __call__(self):
        if self.ledger is None:
            self.ledger = open_ledger(self.ctx)
        return self.ledger


def party_col(store: Opener, known_at: str | None, fmt: Format) -> Col:
    """The party column of a table: the registry's display name where there is one (JSON keeps the slug)."""
    names = {}
    if fmt is Format.table:
        from store.registry import party_names

        ledger = store()
        names = party_names(ledger, queries.known_seq(ledger, known_at))
    return Col("party", lambda row: names.get(row["party"], row["party"]), width=14)


ISSUE = Col("issue", width=24)
STANCE_POSITION = Col("stance: position", lambda r: f"{r['stance']}: {r['position']}", wrap=True)
# Wide enough for an outlet's whole name ("The Kyiv Independent"); the position column gives way.
SOURCE = Col("source", lambda r: source_label(r["source"]), width=22)


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
    store = Opener(ctx)
    rows = queries.as_of(store, when_, party, issue, known_at)
    table = [party_col(store, known_at, fmt), ISSUE, Col("stated_on"), STANCE_POSITION, SOURCE,
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
    store = Opener(ctx)
    rows = queries.timeline(store, from_, to, party, issue, known_at)
    _render(rows, TIMELINE_COLUMNS, fmt, statement_table(party_col(store, known_at, fmt)), "no statements")


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
    rows = queries.history(Opener(ctx), party, issue, known_at)
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
    store = Opener(ctx)
    rows = queries.shifts(store, from_, to, party, issue, known_at)
    # The new statement's date opens the `to` cell, so the table needs no stated_on column of its own.
    table = [party_col(store, known_at, fmt), ISSUE, Col("kind"), Col("from", lambda r: _said(r["from"], brief=True)),
             Col("to", lambda r: _said(r["to"]), wrap=True)]
    _render(rows, SHIFT_COLUMNS, fmt, table, "no shifts")
    if rows and fmt is Format.table:  # a first statement is not a change: say how many of each there are
        from cli.views.labels import shift_counts

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
    store = Opener(ctx)
    rows = queries.diff(store, when1, when2, party, issue, known_at)
    table = [party_col(store, known_at, fmt), ISSUE, Col("before", lambda r: _said(r["before"]), width=28),
             Col("after", lambda r: _said(r["after"]), wrap=True)]
    _render(rows, ["party", "issue", "before", "after"], fmt, table, f"no differences between {when1} and {when2}")


def show(
    ctx: typer.Context,
    statement_id_: Annotated[str, typer.Argument(metavar="ID", help="A statement id.")],
    fmt: FormatOption = Format.table,
    known_at: KnownAtOption = None,
) -> None:
    """One statement: every version, when it was recorded and why, and its retraction."""
    import orjson

    found = queries.show(Opener(ctx), statement_id_, known_at)
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
    _render(queries.parties(Opener(ctx), known_at), ["party", "name", "statements", "issues"], fmt, None,
            "no parties yet")


def issues(ctx: typer.Context, fmt: FormatOption = Format.table, known_at: KnownAtOption = None) -> None:
    """The issues in the store, with their titles and how many statements and parties each has."""
    rows = queries.issues(Opener(ctx), known_at)
    table = [Col("issue"), Col("title", width=30), Col("statements"), Col("parties"),
             Col("description", wrap=True)]
    _render(rows, ["issue", "title", "statements", "parties", "description"], fmt, table, "no issues yet")


def speakers(ctx: typer.Context, fmt: FormatOption = Format.table, known_at: KnownAtOption = None) -> None:
    """The speakers in the registry: their names, aliases, and whom they spoke for when."""
    rows = queries.speakers(Opener(ctx), known_at)
    table = [Col("name", width=24), Col("affiliations", _affiliations, wrap=True)]
    _render(rows, ["name", "aliases", "affiliations", "id"], fmt, table, "no speakers registered",
            flat=lambda row: flatten({**row, "affiliations": _affiliations(row)}))


def _affiliations(row: dict[str, Any]) -> str:
    return "; ".join(f"{a['party']}" + (f" ({a['role']})" if a.get("role") else "")
                     + (f" {a.get('from', '…')}–{a.get('to', '')}" if a.get("from") or a.get("to") else "")
                     for a in row["affiliations"])


# The contract's fields first, then the rest of the statement, so CSV carries its full text.
SEARCH_COLUMNS = ["statement_id", "stated_on", "party", "issue", "stance", "position", "snippet", "rank", "speaker",
                  "role", "conditions", "quote", "source", "tags", "note", "evidence"]


def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(metavar="QUERY", help='Words, all of which must be found; "a phrase" in '
                                         "double quotes. Case and accents do not count.")],
    as_of_: Annotated[str | None, typer.Option("--as-of", metavar="WHEN",
                                               help="Only statements counting as of WHEN.")] = None,
    party: PartyOption = None,
    issue: IssueOption = None,
    limit: Annotated[int, typer.Option(help=f"At most N rows (1 to {queries.SEARCH_LIMIT}).", metavar="N")] = 50,
    fmt: FormatOption = Format.table,
    known_at: KnownAtOption = None,
) -> None:
    """Statements whose text holds every word of QUERY, best match first, with a snippet of each."""
    store = Opener(ctx)
    rows = queries.search(store, query, as_of_, known_at, party, issue, limit)
    table = [Col("stated_on"), party_col(store, known_at, fmt), ISSUE, Col("stance"),
             Col("snippet", wrap=True), short_id("statement_id")]
    _render(rows, SEARCH_COLUMNS, fmt, table, f"no statements match {query!r}")


def _render(rows, columns: list[str], fmt: Format, table: list[Col] | None, empty: str, flat=flatten) -> None:
    if render(rows, columns, fmt, table, flat=flat) == 0 and fmt is Format.table:
        typer.echo(f"({empty})", err=True)


COMMANDS = {
    "as-of": as_of, "timeline": timeline, "history": history, "shifts": shifts, "diff": diff, "show": show,
    "parties": parties, "issues": issues, "speakers": speakers, "search": search,
}

