"""What the demo shows, read from the store: the matrix, the moves on territory, the sources. No printing here."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Moves:
    summary: str  # `1 change of stance, 2 revisions, 3 first statements`
    lines: list[str]


@dataclass
class Story:
    statements: int
    parties: list[str]
    names: dict[str, str]
    issue_rows: list[tuple[str, str]]  # (issue path, label: a sub-issue indented under its parent)
    cells: dict[tuple[str, str], str]
    sources: list[tuple[str, int, str | None]]  # (readable name, statements, published)
    moves: dict[str, Moves] = field(default_factory=dict)
    example_id: str = ""

    def party(self, slug: str) -> str:
        return self.names.get(slug, slug)

    def cell(self, issue: str, party: str) -> str:
        return self.cells.get((issue, party), "·")


def readable_source(source: dict[str, Any]) -> str:
    """A source's name a reader recognises: the outlet, with the site beside initials (`NC (newscentral360.com)`)."""
    outlet = source.get("outlet")
    host = source.get("url", "").split("://", 1)[-1].split("/", 1)[0].removeprefix("www.")
    if outlet and (len(outlet) > 3 or not host):
        return outlet
    if outlet:
        return f"{outlet} ({host})"
    return host


def read_story(ledger, as_of_text: str, followed: tuple[str, ...], width: int) -> Story:
    from cli.views.labels import shift_counts
    from events.periods import parse_period
    from store.positions import as_of, shifts, timeline
    from store.registry import entries, party_names

    statements = list(timeline(ledger))
    titles = {entry["slug"]: entry["title"] for entry in entries(ledger, "issue")}
    matrix = as_of(ledger, parse_period(as_of_text).end)
    names = party_names(ledger)
    parties = sorted({row["party"] for row in matrix}, key=lambda p: names.get(p, p).casefold())
    cells = {(row["issue"], row["party"]): f"{row['stance']} {row['stated_on']}" for row in matrix}
    sources = _sources(statements)
    number = {name: i for i, (name, _, _) in enumerate(sources, 1)}
    story = Story(len(statements), parties, names, _issue_rows({row["issue"] for row in matrix}, titles), cells,
                  sources)
    for party in followed:
        found = shifts(ledger, parties=[party], issues=["territory"])
        story.moves[party] = Moves(shift_counts(s["kind"] for s in found), _move_lines(found, titles, number, width))
        if found and not story.example_id:
            story.example_id = found[-1]["to"]["statement_id"][:8]
    return story


def _issue_rows(issues: set[str], titles: dict[str, str]) -> list[tuple[str, str]]:
    """Every issue with a position, under its parent (shown even when the parent has none of its own)."""
    paths = set(issues)
    for issue in issues:
        parts = issue.split("/")
        paths |= {"/".join(parts[:i]) for i in range(1, len(parts))}
    def title(path: str) -> str:
        return titles.get(path, path.rsplit("/", 1)[-1])

    def order(path: str) -> tuple[str, ...]:  # by the titles a reader sees, each sub-issue under its parent
        parts = path.split("/")
        return tuple(title("/".join(parts[: i + 1])).casefold() for i in range(len(parts)))

    return [(path, "  " * path.count("/") + title(path)) for path in sorted(paths, key=order)]


def _sources(statements: list[dict[str, Any]]) -> list[tuple[str, int, str | None]]:
    counted: Counter[str] = Counter()
    published: dict[str, str | None] = {}
    for statement in statements:
        name = readable_source(statement["source"])
        counted[name] += 1
        published.setdefault(name, statement["source"].get("published_on"))
    order = sorted(counted, key=lambda name: (published[name] or "9999", name))
    return [(name, counted[name], published[name]) for name in order]


def _move_lines(found: list[dict[str, Any]], titles: dict[str, str], number: dict[str, int],
                width: int) -> list[str]:
    """One short line per move, under a heading per sub-issue: date, kind, stance, position, [source]."""
    lines = []
    issue = None
    for shift in found:
        if shift["issue"] != issue:
            issue = shift["issue"]
            lines.append(titles.get(issue, issue) if "/" not in issue else
                         " › ".join(titles.get("/".join(issue.split("/")[: i + 1]), part)
                                    for i, part in enumerate(issue.split("/"))))
        to = shift["to"]
        head = f"  {to['stated_on']:<10}  {shift['kind']:<8}  {to['stance']:<8}  "
        tail = f"  [{number[readable_source(to['source'])]}]"
        room = width - len(head) - len(tail)
        position = to["position"] if len(to["position"]) <= room else to["position"][: room - 1] + "…"
        lines.append(head + position + tail)
    return lines
