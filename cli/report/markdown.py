"""The report as Markdown (GitHub-flavoured): readable as plain text, and rendered anywhere Markdown is."""

import re
from collections.abc import Iterator, Mapping
from typing import Any

from cli.report import sections
from cli.report.gather import Amended, Report
from cli.views.labels import (
    kind_text,
    recorded_text,
    safe_url,
    sentence,
    source_label,
    source_text,
    speaker_text,
    value_text,
)

_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def md(text: Any) -> str:
    """Text with Markdown's special characters escaped, on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def link(text: str, url: str | None) -> str:
    if not url:
        return md(text)
    for char, code in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        url = url.replace(char, code)
    return f"[{md(text)}]({url})"


def render(report: Report) -> str:
    return "".join(line + "\n" for line in lines(report))


def lines(report: Report) -> Iterator[str]:
    """The report line by line, so that a report of a whole large store is written as it is made, never held
    whole in memory with the rows it was made from."""
    yield f"# {md(sections.title(report))}"
    yield ""
    yield from (f"- {md(label)}: {md(value)}" for label, value in sections.scope_lines(report))
    yield from ["", f"## {md(sections.matrix_heading(report))}", "", md(sections.matrix_note(report)), ""]
    yield from _matrix(report)
    yield from ["", f"## {sections.SHIFTS}", ""]
    yield from _shifts(report)
    yield from ["", f"## {sections.AMENDED}", ""]
    yield from _amended(report)
    yield from ["", f"## {sections.RECORD}", ""]
    yield from (f"- {label}: {value}" for label, value in _record(report))


def _matrix(report: Report) -> list[str]:
    if not report.matrix:
        return ["No positions."]
    lines = ["| Party | Issue | Stance | Position | Stated | Source |", "|---|---|---|---|---|---|"]
    for row in report.matrix:
        source = row["source"] or {}
        cells = [md(report.party(row["party"])), md(report.issue_label(row["issue"])), md(row["stance"]),
                 md(row["position"]), md(row["stated_on"]), link(source_label(source), safe_url(source))]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _shifts(report: Report) -> Iterator[str]:
    topics = report.topics()
    if not topics:
        yield "No shifts in this range."
        return
    party = None
    for n, (slug, issue, shifts) in enumerate(topics):
        if n:
            yield ""
        if slug != party:
            party = slug
            yield from [f"### {md(report.party(slug))}", ""]
        yield from [f"#### {md(report.issue_label(issue))}", ""]
        for shift in shifts:
            statement = shift["to"]
            yield (f"- **{md(statement['stated_on'])} · {md(statement['stance'])}** ({md(kind_text(shift))}): "
                   f"{md(statement['position'])}")
            yield from (f"  - {line}" for line in _details(statement))
            if statement["statement_id"] in report.corrected:
                yield f"  - Corrected: see [{sections.AMENDED}](#{sections.AMENDED_ANCHOR})"


def _details(statement: Mapping[str, Any]) -> list[str]:
    lines = []
    if speaker := speaker_text(statement):
        lines.append(f"Speaker: {md(speaker)}")
    if statement.get("conditions"):
        lines.append(f"Conditions: {md(statement['conditions'])}")
    if statement.get("quote"):
        lines.append(f"Quote: “{md(statement['quote'])}”")
    lines.append(f"Source: {_source(statement.get('source'))}")
    return lines


def _source(source: Mapping[str, Any] | None) -> str:
    text = link(source_text(source), safe_url(source))
    if source and source.get("published_on"):
        text += f", published {md(source['published_on'])}"
    return text


def _amended(report: Report) -> list[str]:
    if not report.amended:
        return [sections.NONE_AMENDED]
    lines = []
    for amended in report.amended:
        lines.append(_amended_head(report, amended))
        for change in amended.changes:
            when = f"seq {change.seq}, {recorded_text(change.recorded_at)}"
            if change.type == "retraction":
                lines.append(f"  - Retracted at {when}. Reason: {md(change.reason)}")
            else:
                what = "; ".join(f"`{name}` {md(value_text(old))} → {md(value_text(new))}"
                                 for name, old, new in change.fields)
                lines.append(f"  - Corrected at {when}: {sentence(what)} Reason: {md(change.reason)}")
    return lines


def _amended_head(report: Report, amended: Amended) -> str:
    s = amended.statement
    return (f"- **{md(report.party(s['party']))}, {md(report.issue_label(s['issue']))}, {md(s['stated_on'])} · "
            f"{md(s['stance'])}**: {md(s['position'])} (statement `{s['statement_id'][:8]}`)")


def _record(report: Report) -> list[tuple[str, str]]:
    digest = report.record.digest
    return [
        ("Digest", f"`{digest}` ({md(sections.VERIFIED)}): {md(sections.record_detail(report))}"),
        ("Made with", f"`{report.command()}`"),
        ("Check later that this record was not rewritten", f"`stance verify --digest {digest}`"),
        ("Make this report again from the same record", f"`{report.command(pinned=True)}`"),
    ]
