"""The report as Markdown (GitHub-flavoured): readable as plain text, and rendered anywhere Markdown is."""

import re
from collections.abc import Mapping
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
    lines = [f"# {md(sections.title(report))}", ""]
    lines += [f"- {md(label)}: {md(value)}" for label, value in sections.scope_lines(report)]
    lines += ["", f"## {md(sections.matrix_heading(report))}", "", md(sections.matrix_note(report)), ""]
    lines += _matrix(report)
    lines += ["", f"## {sections.SHIFTS}", ""]
    lines += _shifts(report)
    lines += ["", f"## {sections.AMENDED}", ""]
    lines += _amended(report)
    lines += ["", f"## {sections.RECORD}", ""]
    lines += [f"- {label}: {value}" for label, value in _record(report)]
    return "\n".join(lines) + "\n"


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


def _shifts(report: Report) -> list[str]:
    topics = report.topics()
    if not topics:
        return ["No shifts in this range."]
    lines: list[str] = []
    party = None
    for slug, issue, shifts in topics:
        if slug != party:
            party = slug
            lines += [f"### {md(report.party(slug))}", ""]
        lines += [f"#### {md(report.issue_label(issue))}", ""]
        for shift in shifts:
            statement = shift["to"]
            lines.append(f"- **{md(statement['stated_on'])} · {md(statement['stance'])}** ({md(kind_text(shift))}): "
                         f"{md(statement['position'])}")
            lines += [f"  - {line}" for line in _details(statement)]
            if statement["statement_id"] in report.corrected:
                lines.append(f"  - Corrected: see [{sections.AMENDED}](#{sections.AMENDED_ANCHOR})")
        lines.append("")
    return lines[:-1]


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
