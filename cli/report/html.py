"""The report as one self-contained HTML file: inline CSS and SVG, no script, nothing fetched from the network."""

import re
from collections.abc import Mapping
from html import escape
from typing import Any

from cli.report import sections
from cli.report.gather import Amended, Report
from cli.views.glyphs import glyph, sprite
from cli.views.labels import (
    names_list,
    plural,
    recorded_text,
    safe_url,
    sentence,
    source_label,
    source_text,
    speaker_text,
    value_text,
)
from cli.views.style import CSS


def e(text: Any) -> str:
    return escape(str(text), quote=True)


def render(report: Report) -> str:
    title = sections.title(report)
    body = "\n".join([
        _header(report, title),
        "<main>",
        _chart(report),
        _matrix(report),
        _shifts(report),
        _amended(report),
        "</main>",
        _footer(report),
    ])
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="stancelog">
<meta name="stancelog-digest" content="{e(report.record.digest)}">
<title>{e(title)}</title>
<style>{CSS}</style>
</head>
<body>
{sprite()}
<div class="page">
{body}
</div>
</body>
</html>
"""


def _header(report: Report, title: str) -> str:
    scope = "".join(f"<dt>{e(label)}</dt><dd>{e(value)}</dd>" for label, value in sections.scope_lines(report))
    links = [("chart", "Timeline"), ("positions", sections.matrix_heading(report)), ("shifts", sections.SHIFTS),
             (sections.AMENDED_ANCHOR, sections.AMENDED), ("record", sections.RECORD)]
    nav = "".join(f'<li><a href="#{anchor}">{e(text)}</a></li>' for anchor, text in links)
    return (f'<header>\n<p class="kicker">stancelog report</p>\n<h1>{e(title)}</h1>\n'
            f'<p class="lede">{e(_lede(report))}</p>\n<dl class="scope">{scope}</dl>\n'
            f'<nav class="contents" aria-label="Contents"><ol>{nav}</ol></nav>\n</header>')


def _lede(report: Report) -> str:
    parties = names_list([report.party(p) for p in report.parties]) or "no party"
    issues = len({row["issue"] for row in report.statements})
    span = report.stated_span
    when = "" if span is None else (f" in {span[0]}" if span[0] == span[1] else f" from {span[0]} to {span[1]}")
    return (f"What {parties} said{when}: {plural(len(report.statements), 'statement')} on "
            f"{plural(issues, 'issue')}, with every shift of position and its source.")


def _chart(report: Report) -> str:
    from cli.views.chart import draw, lane_labels

    lanes, rows = lane_labels(report.statements, report.party, report.issue_label)
    desktop = draw(report.statements, report.kinds, lanes, rows, "party", "svg").decode()
    phone = draw(report.statements, report.kinds, lanes, rows, "party", "svg", phone=True).decode()
    ringed = sum(1 for kind in report.kinds.values() if kind in ("changed", "reversed"))
    span = report.stated_span
    alt = (f"Timeline chart of {plural(len(report.statements), 'statement')}"
           + (f" by {names_list(list(lanes.values()))}" if lanes else "")
           + (f", from {span[0]} to {span[1]}" if span else "")
           + f", one lane per party; {plural(ringed, 'change')} of stance ringed. "
           + f"Every statement is listed in full under “{sections.SHIFTS}”.")
    return f"""<section id="chart" aria-labelledby="h-chart">
<h2 id="h-chart">Timeline</h2>
<figure class="chart">
<div class="chart-scroll" tabindex="0" role="region" aria-label="Timeline chart">
{_inline_svg(desktop, alt, "chart-desktop")}
{_inline_svg(phone, alt, "chart-phone")}
</div>
<figcaption>Each mark is a statement at the date it was made: a point for a day, a bar across the month or year
when the source dates it no closer. Colour and shape give the stance; a ring marks a change of stance (a thick ring,
a reversal). Each party's lane has a row per issue, so a row reads as the story of one position. The time axis
gives the room to the stretches with statements: a quiet spell of more than four months is cut to a narrow break,
marked // on the axis.</figcaption>
</figure>
</section>"""


def _inline_svg(svg: str, alt: str, layout: str) -> str:
    """matplotlib's SVG as an inline image: no XML prolog, scaled by CSS, labelled for screen readers.

    The page holds two drawings of the chart (CSS shows the desktop one or the phone one), so each one's ids get
    its layout as a prefix: a glyph or clip path of the hidden drawing must never be the one a visible one uses.
    """
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.S)
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", svg, count=1)
    svg = re.sub(r'\bid="', f'id="{layout}-', svg)
    svg = re.sub(r'href="#', f'href="#{layout}-', svg)
    svg = svg.replace("url(#", f"url(#{layout}-")
    title = f"{layout}-title"
    return svg.replace("<svg", f'<svg class="{layout}" role="img" aria-labelledby="{title}" focusable="false"',
                       1).replace(">", f'><title id="{title}">{e(alt)}</title>', 1)


def _stance(stance: str) -> str:
    return f'<span class="stance">{glyph(stance)}{e(stance)}</span>'


def _time(stated_on: str) -> str:
    return f'<time datetime="{e(stated_on)}">{e(stated_on)}</time>'


def _source_link(source: Mapping[str, Any] | None, text: str | None = None, cls: str = "src") -> str:
    text = text or source_text(source)
    url = safe_url(source)
    return f'<a class="{cls}" href="{e(url)}">{e(text)}</a>' if url else f'<span class="{cls}">{e(text)}</span>'


def _matrix(report: Report) -> str:
    heading = sections.matrix_heading(report)
    parts = [f'<section id="positions" aria-labelledby="h-positions">\n<h2 id="h-positions">{e(heading)}</h2>',
             f'<p class="note">{e(sections.matrix_note(report))}</p>']
    if not report.matrix:
        parts.append("<p>No positions.</p>")
        return "\n".join(parts + ["</section>"])
    parties = sorted({row["party"] for row in report.matrix}, key=lambda p: report.party(p).casefold())
    cells = {(row["issue"], row["party"]): row for row in report.matrix}
    head = "".join(f'<th scope="col" role="columnheader">{e(report.party(p))}</th>' for p in parties)
    rows = []
    for issue in sorted({row["issue"] for row in report.matrix}):
        tds = []
        for party in parties:
            row = cells.get((issue, party))
            name = e(report.party(party))
            if row is None:
                tds.append(f'<td class="none" role="cell" data-party="{name}">'
                           f'<span aria-hidden="true">—</span><span class="visually-hidden">no statement</span></td>')
                continue
            source = row["source"] or {}
            tds.append(f'<td role="cell" data-party="{name}"><div class="cell-head">{_stance(row["stance"])} '
                       f'{_time(row["stated_on"])}</div><p>{e(row["position"])}</p>'
                       f'{_source_link(source, source_label(source))}</td>')
        rows.append(f'<tr role="row"><th scope="row" role="rowheader">{e(report.issue_label(issue))}</th>'
                    + "".join(tds) + "</tr>")
    caption = (f"Each party's position on each issue ({plural(len(report.matrix), 'position')}): stance, "
               "the date it was stated, the position, and its source.")
    parts.append(f'<div class="table-wrap"><table class="matrix" role="table">'
                 f'<caption class="visually-hidden">{e(caption)}</caption><thead role="rowgroup"><tr role="row">'
                 f'<th scope="col" role="columnheader">Issue</th>{head}</tr>'
                 f'</thead><tbody role="rowgroup">{"".join(rows)}</tbody></table></div>')
    return "\n".join(parts + ["</section>"])


def _shifts(report: Report) -> str:
    parts = [f'<section id="shifts" aria-labelledby="h-shifts">\n<h2 id="h-shifts">{e(sections.SHIFTS)}</h2>',
             '<p class="note">For each party and issue, every statement that moved its position, in the order it '
             'was said: the first, then each revision, change or reversal of stance.</p>']
    topics = report.topics()
    if not topics:
        parts.append("<p>No shifts in this range.</p>")
    party = None
    for slug, issue, shifts in topics:
        if slug != party:
            if party is not None:
                parts.append("</section>")
            party = slug
            parts.append(f'<section class="party" aria-labelledby="p-{e(slug)}">'
                         f'<h3 id="p-{e(slug)}">{e(report.party(slug))}</h3>')
        parts.append(f"<h4>{e(report.issue_label(issue))}</h4>")
        parts.append('<ol class="shifts">' + "".join(_shift(report, s) for s in shifts) + "</ol>")
    if party is not None:
        parts.append("</section>")
    return "\n".join(parts + ["</section>"])


def _shift(report: Report, shift: Mapping[str, Any]) -> str:
    s = shift["to"]
    kind = shift["kind"]
    before = shift.get("from")
    was = (f'<span class="was">before: {e(before["stance"])}, {_time(before["stated_on"])}</span>'
           if before else "")
    lines = [f'<p class="shift-head">{_time(s["stated_on"])} {_stance(s["stance"])} '
             f'<span class="kind kind-{e(kind)}">{e(kind)}</span> {was}</p>',
             f'<p class="position">{e(s["position"])}</p>']
    if s.get("conditions"):
        lines.append(f'<p class="conditions"><span class="label">Conditions:</span> {e(s["conditions"])}</p>')
    if s.get("quote"):
        lines.append(f'<blockquote class="quote"><p>“{e(s["quote"])}”</p></blockquote>')
    meta = [e(speaker)] if (speaker := speaker_text(s)) else []
    source = s.get("source") or {}
    published = f", published {e(source['published_on'])}" if source.get("published_on") else ""
    meta.append(f"Source: {_source_link(source, cls='src')}{published}")
    lines.append(f'<p class="meta">{" · ".join(meta)}</p>')
    if s["statement_id"] in report.corrected:
        lines.append(f'<p class="corrected-note">Corrected since first recorded: see '
                     f'<a href="#c-{e(s["statement_id"])}">{e(sections.AMENDED.lower())}</a>.</p>')
    ringed = " ringed" if kind in ("changed", "reversed") else ""
    marker = f'<span class="marker" aria-hidden="true">{glyph(s["stance"])}</span>'
    return f'<li class="shift{ringed}" id="s-{e(s["statement_id"])}">{marker}{"".join(lines)}</li>'


def _amended(report: Report) -> str:
    parts = [f'<section id="{sections.AMENDED_ANCHOR}" aria-labelledby="h-amended">',
             f'<h2 id="h-amended">{e(sections.AMENDED)}</h2>']
    if not report.amended:
        parts.append(f"<p>{e(sections.NONE_AMENDED)}</p>")
    else:
        parts.append('<ul class="amended">' + "".join(_amended_item(report, a) for a in report.amended) + "</ul>")
    return "\n".join(parts + ["</section>"])


def _amended_item(report: Report, amended: Amended) -> str:
    s = amended.statement
    text_class = ' class="retracted-text"' if amended.retracted else ""
    chip = '<span class="kind kind-retracted">retracted</span> ' if amended.retracted else ""
    head = (f'<p class="shift-head"><strong>{e(report.party(s["party"]))}, {e(report.issue_label(s["issue"]))}'
            f'</strong> {_time(s["stated_on"])} {_stance(s["stance"])} {chip}'
            f'<code>{e(s["statement_id"][:8])}</code></p><p{text_class}>{e(s["position"])}</p>')
    changes = []
    for change in amended.changes:
        when = f"seq {change.seq}, {e(recorded_text(change.recorded_at))}"
        if change.type == "retraction":
            changes.append(f"<li><strong>Retracted</strong> at {when}. <span class=\"label\">Reason:</span> "
                           f"{e(change.reason)}</li>")
            continue
        fields = "; ".join(f"<code>{e(name)}</code> <del>{e(value_text(old))}</del> → <ins>{e(value_text(new))}</ins>"
                           for name, old, new in change.fields)
        last = value_text(change.fields[-1][2]) if change.fields else ""
        end = "" if sentence(last) == last else "."
        changes.append(f"<li><strong>Corrected</strong> at {when}: {fields}{end} <span class=\"label\">Reason:</span> "
                       f"{e(change.reason)}</li>")
    return f'<li id="c-{e(s["statement_id"])}">{head}<ul>{"".join(changes)}</ul></li>'


def _footer(report: Report) -> str:
    digest = report.record.digest
    items = [
        ("Digest", f"<code>{e(digest)}</code> ({e(sections.VERIFIED)}): {e(sections.record_detail(report))}."),
        ("Made with", f"<pre><code>{e(report.command())}</code></pre>"),
        ("Check later that this record was not rewritten",
         f"<pre><code>stance verify --digest {e(digest)}</code></pre>"),
        ("Make this report again from the same record", f"<pre><code>{e(report.command(pinned=True))}</code></pre>"),
    ]
    dl = "".join(f"<dt>{e(label)}</dt><dd>{value}</dd>" for label, value in items)
    return (f'<footer class="record" id="record" aria-labelledby="h-record">\n<h2 id="h-record">{e(sections.RECORD)}'
            f'</h2>\n<dl>{dl}</dl>\n<p class="colophon">Made by stancelog, an append-only, hash-chained ledger of '
            f'what parties in a negotiation said. This page is self-contained: it loads nothing from the network.</p>'
            f"\n</footer>")
