"""`stance export --format timelinejs`: the statements in force as a TimelineJS3 timeline, ready to load.

One slide per statement, dated at the statement's own precision (only a year for `2025`, a year and a month for
`2025-11`), grouped by party. TimelineJS reads text, headlines, captions and credits as HTML, so every value is
escaped. A verbatim quote becomes the slide's media (a blockquote) with the source as its credit; a statement
without a quote carries its source in its text. TimelineJS would show any other URL as a broken image, so a source
URL is only ever a link.
"""

import sys
from collections.abc import Callable, Mapping
from html import escape
from typing import Any

import orjson
import typer

from cli.options import open_ledger, say
from cli.outfile import writable, write_whole
from cli.views.labels import names_list, plural, safe_url, source_text, speaker_text


def e(text: Any) -> str:
    return escape(str(text), quote=True)


def start_date(stated_on: str) -> dict[str, Any]:
    """A TimelineJS date object at the statement's precision; an instant in UTC, shown as it was written."""
    from events.periods import parse_period

    period = parse_period(stated_on)
    if period.precision == "instant":
        utc = period.start_datetime
        return {"year": utc.year, "month": utc.month, "day": utc.day, "hour": utc.hour, "minute": utc.minute,
                "second": utc.second, "display_date": stated_on}
    parts = [int(part) for part in stated_on.split("-")]
    return dict(zip(("year", "month", "day"), parts, strict=False))


def source_html(source: Mapping[str, Any] | None) -> str:
    text = e(source_text(source))
    url = safe_url(source)
    linked = f'<a href="{e(url)}">{text}</a>' if url else text
    if source and source.get("published_on"):
        linked += f", published {e(source['published_on'])}"
    return linked


def slide(statement: Mapping[str, Any], party: str, issue: str) -> dict[str, Any]:
    """One statement as a TimelineJS event."""
    text = [f"<p>{e(statement['position'])}</p>"]
    if statement.get("conditions"):
        text.append(f"<p><strong>Conditions:</strong> {e(statement['conditions'])}</p>")
    if speaker := speaker_text(statement):
        text.append(f"<p>{e(speaker)}</p>")
    event: dict[str, Any] = {
        "unique_id": statement["statement_id"],
        "start_date": start_date(statement["stated_on"]),
        "text": {"headline": e(f"{party}, {issue}: {statement['stance']}"), "text": ""},
        "group": party,
    }
    source = statement.get("source") or {}
    if statement.get("quote"):
        event["media"] = {"url": f"<blockquote>“{e(statement['quote'])}”</blockquote>",
                          "credit": source_html(source), "caption": e(source.get("title") or "")}
        url = safe_url(source)
        if url:
            event["media"]["link"] = url
    else:
        text.append(f"<p>Source: {source_html(source)}</p>")
    event["text"]["text"] = "".join(text)
    return event


def timeline(statements: list[Mapping[str, Any]], party_name: Callable[[str], str],
             issue_label: Callable[[str], str], digest: str) -> dict[str, Any]:
    """The TimelineJS3 document: a title slide and one event per statement, in stated order."""
    parties = names_list(sorted({party_name(s["party"]) for s in statements}, key=str.casefold))
    span = ""
    if statements:
        first, last = statements[0]["stated_on"], statements[-1]["stated_on"]
        span = f" from {first} to {last}" if first != last else f" in {first}"
    intro = (f"<p>{plural(len(statements), 'statement')}{e(span)}, from the stancelog record "
             f"<code>{e(digest)}</code> (check it with <code>stance verify --digest {e(digest)}</code>).</p>")
    return {
        "title": {"text": {"headline": e(f"Positions in the negotiation: {parties}" if parties
                                         else "Positions in the negotiation"), "text": intro}},
        "events": [slide(s, party_name(s["party"]), issue_label(s["issue"])) for s in statements],
        "scale": "human",
    }


def export_timelinejs(
    ctx: typer.Context,
    file: str = "-",
) -> None:
    """Write the statements in force as TimelineJS3 JSON, to FILE or (with - ) to stdout."""
    from cli.report.gather import head_at
    from cli.views.labels import issue_labels
    from store.positions import timeline as statements_in_force
    from store.registry import party_names

    path = writable(file, "FILE") if file != "-" else None
    ledger = open_ledger(ctx)
    record = head_at(ledger, None)
    statements = list(statements_in_force(ledger, record.seq))
    names = party_names(ledger, record.seq)
    document = timeline(statements, lambda p: names.get(p, p), issue_labels(ledger, record.seq), record.digest)
    data = orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"
    if file == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_whole(path, [data], binary=True)
    say(f"exported {len(statements)} statements as a TimelineJS timeline to {file}")
