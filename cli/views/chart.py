"""The timeline chart of statements, one lane per party (or per issue), drawn with matplotlib: for `stance chart`,
the HTML report and the explorer's issue pages.

matplotlib is imported inside `draw` only, so no other command pays for it. A statement is a point on its day,
or a bar across its month or year; its stance is shown by colour and by marker shape; changes of stance are ringed.
"""

import io
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

# stance: (colour, matplotlib marker). Okabe–Ito colours, told apart by colour-blind readers; the shape says
# the same again for print in black and white. The HTML report draws the same shapes (cli/views/glyphs.py).
STANCE_STYLE: dict[str, tuple[str, str]] = {
    "demand": ("#D55E00", "s"),
    "appeal": ("#E69F00", "^"),
    "propose": ("#0072B2", "P"),
    "accept": ("#009E73", "o"),
    "concede": ("#56B4E9", "v"),
    "consider": ("#CC79A7", "D"),
    "reject": ("#1A1A1A", "X"),
    "threaten": ("#8C510A", "*"),
}
# Marker areas that look alike: matplotlib's star is drawn much smaller than its square at the same size.
MARKER_SCALE = {"*": 2.0, "D": 0.8}
# Shift kinds the chart rings: the stance itself moved (a `revised` keeps its stance).
RINGED = {"changed": "stance changed", "reversed": "stance reversed"}
LANE_BAND = "#EEF1F5"
INK = "#1F2933"
MUTED = "#52606D"
DAY_US = 86_400_000_000  # a period's bounds are in microseconds; the axis is in days


class Lanes(StrEnum):
    party = "party"
    issue = "issue"


def lane_packing(items: Sequence[tuple[float, float, Any]], gap: float) -> tuple[list[tuple[int, Any]], int]:
    """Give each (lo, hi, item), sorted by lo, the first row where it does not touch the one before; and the rows."""
    ends: list[float] = []
    placed = []
    for lo, hi, item in items:
        for row, end in enumerate(ends):
            if end + gap <= lo:
                ends[row] = hi
                placed.append((row, item))
                break
        else:
            ends.append(hi)
            placed.append((len(ends) - 1, item))
    return placed, max(len(ends), 1)


@dataclass
class Row:
    """One labelled row of a lane (an issue of a party, or a party on an issue) with its placed marks."""

    label: str  # wrapped onto lines of its own, never cut
    top: float
    height: int
    marks: list  # (sub-row, Mark)


@dataclass(frozen=True)
class Mark:
    statement: Mapping[str, Any]
    start: float  # where the period starts and ends on the axis (0 to 1), and where the marker goes
    end: float
    x: float
    precision: str


@dataclass(frozen=True)
class Shape:
    """The chart's proportions: a wide page, or a phone's narrow screen."""

    width: float  # inches
    row_height: float  # inches per row
    wrap: int  # characters per line of a row label
    tick_gap: float  # the least distance between tick labels, as a share of the axis
    legend_columns: int
    label_size: float  # points, for row labels; a lane's header is 2 points more


DESKTOP = Shape(10.0, 0.21, 34, 0.045, 8, 8.5)
PHONE = Shape(4.2, 0.28, 18, 0.16, 3, 9.5)


def row_label(key: str, label: str, siblings: set[str], wrap: int) -> str:
    """A row's label on lines of at most `wrap` characters: a sub-issue right under its parent's row is named by
    its own title after `› ` (`› Cities`); others by their whole label (`Alliances › NATO membership`)."""
    parent = key.rsplit("/", 1)[0] if "/" in key else None
    if parent in siblings:
        label = "› " + label.split(" › ")[-1]
    return "\n".join(textwrap.wrap(label, wrap, break_on_hyphens=False)) or label


def layout(marks: Sequence[Mark], lanes: Mapping[str, str], rows: Mapping[str, str], by: str,
           radius: float, wrap: int = DESKTOP.wrap) -> tuple[list[tuple[str, float, list[Row]]], float]:
    """Lanes (key `by`) of rows (the other key), each row packed so overlapping marks stack; and the total height.

    Each lane starts with a header line for its label; a row is as high as its marks that overlap, or its label's
    lines, need.
    """
    other = "issue" if by == "party" else "party"
    grouped: dict[str, dict[str, list]] = {key: {} for key in lanes}
    for mark in marks:
        lane = grouped.setdefault(mark.statement[by], {})
        lane.setdefault(mark.statement[other], []).append((min(mark.start, mark.x - radius),
                                                          max(mark.end, mark.x + radius), mark))
    order = {key: i for i, key in enumerate(rows)}
    placed = []
    y = 0.0
    for lane_key, by_row in grouped.items():
        header = "\n".join(textwrap.wrap(lanes.get(lane_key, lane_key), wrap)) or lane_key
        lane_top, lane_rows = y, []
        y += header.count("\n") + 1
        for row_key in sorted(by_row, key=lambda k: (order.get(k, len(order)), k)):
            items = sorted(by_row[row_key], key=lambda item: (item[0], item[1]))
            packed, height = lane_packing(items, 0.0)
            label = row_label(row_key, rows.get(row_key, row_key), set(by_row) if other == "issue" else set(), wrap)
            height = max(height, label.count("\n") + 1)
            lane_rows.append(Row(label, y, height, packed))
            y += height
        placed.append((header, lane_top, lane_rows))
        y += 0.4
    return placed, max(y - 0.4, 1.0)


def draw(statements: Sequence[Mapping[str, Any]], kinds: Mapping[str, str], lanes: Mapping[str, str],
         rows: Mapping[str, str], by: str, fmt: str, title: str | None = None, phone: bool = False) -> bytes:
    """The chart as SVG or PNG bytes; `phone`: laid out for a narrow screen.

    `statements`: rows with statement_id, stated_on, party, issue, stance; `kinds`: statement id -> shift kind;
    `lanes`: lane key (party slug, or issue path when `by` is "issue") -> label, in lane order; `rows`: the other
    key -> label, in row order.
    """
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from cli import chart_axis
    from events.periods import parse_period

    shape = PHONE if phone else DESKTOP
    periods = [parse_period(statement["stated_on"]) for statement in statements]
    days = [(p.start / DAY_US, (p.start if p.precision == "instant" else p.end) / DAY_US) for p in periods]
    axis = chart_axis.stretches(days)
    marks = []
    for statement, period, (first, last) in zip(statements, periods, days, strict=True):
        start, end = chart_axis.position(axis, first), chart_axis.position(axis, last)
        x = (start + end) / 2 if period.precision in ("month", "year") else start
        marks.append(Mark(statement, start, end, x, period.precision))
    radius = 0.0075 * DESKTOP.width / shape.width  # half a marker's width: closer marks stack instead
    placed, height = layout(marks, lanes, rows, by, radius, shape.wrap)

    rc = {"svg.hashsalt": "stancelog", "font.family": "DejaVu Sans", "font.size": 9,
          "axes.edgecolor": "#9AA5B1", "xtick.color": MUTED, "ytick.color": INK}
    stance_count = len({s["stance"] for s in statements})
    date_count = 2 + len({kinds.get(s["statement_id"]) for s in statements} & set(RINGED))
    legend_lines = 2 + -(-stance_count // shape.legend_columns) + (2 if not phone else 1 + date_count)
    legend_height = 0.2 * legend_lines + 0.1
    if title and phone:
        title = "\n".join(textwrap.wrap(title, 40))
    with matplotlib.rc_context(rc):
        chart_height = 0.9 + shape.row_height * height + (0.2 + 0.18 * title.count("\n") if title else 0)
        fig = Figure(figsize=(shape.width, chart_height + legend_height), layout="constrained")
        grid = fig.add_gridspec(2, 1, height_ratios=[chart_height, legend_height])
        ax = fig.add_subplot(grid[0])
        ax.set_autoscale_on(False)  # the limits are set below, once: no need to go over the marks for them
        _lanes(ax, placed, kinds, shape.label_size)
        ax.set_ylim(height - 0.5, -0.7)
        ax.set_xlim(-0.01, 1.01)
        tick_list = chart_axis.ticks(axis, shape.tick_gap)
        ax.set_xticks([x for x, _ in tick_list], [label for _, label in tick_list], fontsize=8)
        ax.grid(axis="x", color="#D9DEE4", linewidth=0.6, zorder=0)
        ax.set_axisbelow(True)
        for x0, x1 in chart_axis.breaks(axis):  # a white gap across the lanes, and a // on the axis
            ax.axvspan(x0 + 0.002, x1 - 0.002, color="white", zorder=0.5, linewidth=0)
            ax.text((x0 + x1) / 2, 0.0, "//", transform=ax.get_xaxis_transform(), ha="center", va="center",
                    color=MUTED, fontsize=9, clip_on=False)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        if not statements:
            ax.text(0.5, 0.5, "No statements", transform=ax.transAxes, ha="center", va="center", color=MUTED)
        if title:
            ax.set_title(title, loc="left", fontsize=12 if not phone else 10, color=INK, pad=10)
        _legends(fig.add_subplot(grid[1]), statements, kinds, Line2D, shape, phone)
        out = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {}
        fig.savefig(out, format=fmt, dpi=150, metadata=metadata, facecolor="white")
    return out.getvalue()


def _lanes(ax, placed, kinds, size: float) -> None:
    """Lane bands, row labels and the marks of each row."""
    ticks, labels = [], []
    marks: list[tuple[Mark, float, str | None]] = []
    for index, (lane_label, lane_top, lane_rows) in enumerate(placed):
        header_lines = lane_label.count("\n") + 1
        bottom = lane_rows[-1].top + lane_rows[-1].height if lane_rows else lane_top + header_lines
        if index % 2 == 0:
            ax.axhspan(lane_top - 0.5, bottom - 0.5, color=LANE_BAND, zorder=0, linewidth=0)
        ticks.append(lane_top + (header_lines - 1) / 2)
        labels.append(lane_label)
        for row in lane_rows:
            ticks.append(row.top + (row.height - 1) / 2)
            labels.append(row.label)
            xs = [mark.x for _, mark in row.marks]
            ax.plot([min(xs), max(xs)], [row.top] * 2, color="#C5CCD3", linewidth=0.8, zorder=1)
            marks += [(mark, row.top + sub, kinds.get(mark.statement["statement_id"])) for sub, mark in row.marks]
    _marks(ax, marks)
    ax.set_yticks(ticks, labels)
    headers = {lane_top + (label.count("\n")) / 2 for label, lane_top, _ in placed}
    for tick, text in zip(ticks, ax.get_yticklabels(), strict=True):
        if tick in headers:
            text.set_fontweight("bold")
            text.set_fontsize(size + 2)
        else:
            text.set_color(MUTED)
            text.set_fontsize(size)
    ax.tick_params(axis="y", length=0)


def _marks(ax, marks: list[tuple[Mark, float, str | None]]) -> None:
    """Every mark, drawn in one collection per look (a band per stance colour, a ring per weight, a marker per
    stance): an artist per mark made a chart of a few thousand statements take a minute."""
    from matplotlib.collections import LineCollection

    bands: dict[str, list] = {}
    rings: dict[float, list] = {}
    markers: dict[str, list] = {}
    for mark, level, kind in marks:
        stance = mark.statement["stance"]
        colour = STANCE_STYLE.get(stance, (MUTED, "o"))[0]
        if mark.precision in ("month", "year"):
            bands.setdefault(colour, []).append([(mark.start, level), (mark.end, level)])
        if kind in RINGED:
            rings.setdefault(2.2 if kind == "reversed" else 1.1, []).append((mark.x, level))
        markers.setdefault(stance, []).append((mark.x, level))
    for colour, segments in bands.items():
        ax.add_collection(LineCollection(segments, colors=colour, alpha=0.4, linewidths=6, capstyle="butt",
                                         zorder=2), autolim=False)
    for width, points in rings.items():
        ax.scatter(*zip(*points, strict=True), s=190, facecolors="white", edgecolors=INK, zorder=3,
                   linewidths=width)
    for stance, points in markers.items():
        colour, marker = STANCE_STYLE.get(stance, (MUTED, "o"))
        ax.scatter(*zip(*points, strict=True), s=44 * MARKER_SCALE.get(marker, 1), marker=marker, color=colour,
                   edgecolors="white", linewidths=0.5, zorder=4)


def _legends(ax, statements, kinds, Line2D, shape: Shape, phone: bool) -> None:
    """Two legends, apart: the stances (colour and shape), then how a date is drawn and what a ring means."""
    ax.axis("off")
    present = {s["stance"] for s in statements}
    stances = [Line2D([], [], linestyle="None", marker=STANCE_STYLE[stance][1],
                      markersize=8 * MARKER_SCALE.get(STANCE_STYLE[stance][1], 1) ** 0.5,
                      markerfacecolor=STANCE_STYLE[stance][0], markeredgecolor="white", label=stance)
               for stance in STANCE_STYLE if stance in present]
    # Drawn in outline and grey, so neither reads as one more stance.
    dates = [Line2D([], [], linestyle="None", marker="o", markersize=6, markerfacecolor="white",
                    markeredgecolor=INK, label="a day: a mark on it"),
             Line2D([], [], color="#9AA5B1", alpha=0.5, linewidth=7, solid_capstyle="butt",
                    label="a month or year: a band across it")]
    shown = set(kinds.get(s["statement_id"]) for s in statements)
    for kind, label in RINGED.items():
        if kind in shown:
            dates.append(Line2D([], [], linestyle="None", marker="o", markersize=12, markerfacecolor="white",
                                markeredgecolor=INK, markeredgewidth=2.2 if kind == "reversed" else 1.1,
                                label=f"ringed: {label}"))
    style = {"frameon": False, "fontsize": 8.5, "handletextpad": 0.4, "columnspacing": 1.2,
             "title_fontsize": 8.5, "alignment": "left"}
    if stances:
        first = ax.legend(handles=stances, title="Stance", loc="upper left", ncols=min(shape.legend_columns,
                                                                                       len(stances)), **style)
        ax.add_artist(first)
    ax.legend(handles=dates, title="Date, as precise as the source gives it · shifts", loc="lower left",
              ncols=1 if phone else len(dates), **style)


def lane_labels(statements: Sequence[Mapping[str, Any]], party_name, issue_label) -> tuple[dict, dict]:
    """Parties (by display name) and issues (by path, so sub-issues follow theirs) with their labels."""
    parties = sorted({s["party"] for s in statements}, key=lambda p: party_name(p).casefold())
    issues = sorted({s["issue"] for s in statements})
    return {p: party_name(p) for p in parties}, {i: issue_label(i) for i in issues}


def chart_data(ledger, known: int | None, start: int | None, end: int | None, parties: list[str],
               issues: list[str]) -> tuple[list[dict], dict[str, str], dict[str, str], dict[str, str]]:
    """Statements in range, their shift kinds, and the parties and issues with their labels."""
    from cli.views.labels import issue_labels
    from store.positions import shifts, timeline
    from store.registry import party_names

    statements = list(timeline(ledger, known, start, end, parties, issues))
    kinds = {s["to"]["statement_id"]: s["kind"] for s in shifts(ledger, known, start, end, parties, issues)}
    names = party_names(ledger, known)
    by_party, by_issue = lane_labels(statements, lambda p: names.get(p, p), issue_labels(ledger, known))
    return statements, kinds, by_party, by_issue


def chart_title(statements: Sequence[Mapping[str, Any]], by: str) -> str:
    if not statements:
        return "No statements"
    first, last = statements[0]["stated_on"], statements[-1]["stated_on"]
    what = "party" if by == "party" else "issue"
    return f"{len(statements)} statements by {what}, {first} to {last}"
