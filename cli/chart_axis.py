"""The chart's time axis: piecewise, so the stretches with statements get the room and the empty years between
them are cut down to a narrow break.

Time is in days since 1970-01-01 (UTC). Statements closer than GAP_DAYS form one stretch, drawn to scale; each
stretch gets a share of the width by how many marks it holds (at least MIN_WEIGHT), and each break between
stretches a fixed BREAK share. No matplotlib here: the chart asks this module where a day goes and for its ticks.
"""

from dataclasses import dataclass
from datetime import date, timedelta

GAP_DAYS = 120  # a quiet spell longer than this becomes a break in the axis
MIN_WEIGHT = 3  # a stretch with one or two marks still gets room for its tick label
BREAK = 0.03  # the width of a break, as a share of the axis
PAD_DAYS = 12  # room on either side of a stretch's first and last mark
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_EPOCH = date(1970, 1, 1)


@dataclass(frozen=True)
class Stretch:
    """Days lo..hi drawn to scale between x0 and x1 (shares of the axis, 0 to 1)."""

    lo: float
    hi: float
    x0: float
    x1: float

    def x(self, day: float) -> float:
        return self.x0 + (day - self.lo) / (self.hi - self.lo) * (self.x1 - self.x0)


def stretches(intervals: list[tuple[float, float]]) -> list[Stretch]:
    """The stretches of an axis for marks covering these (first day, last day) intervals."""
    if not intervals:
        return [Stretch(0.0, 365.0, 0.0, 1.0)]
    groups: list[list[float]] = []  # lo, hi, marks
    for lo, hi in sorted(intervals):
        if groups and lo - groups[-1][1] <= GAP_DAYS:
            groups[-1][1] = max(groups[-1][1], hi)
            groups[-1][2] += 1
        else:
            groups.append([lo, hi, 1])
    room = 1.0 - BREAK * (len(groups) - 1)
    total = sum(max(n, MIN_WEIGHT) for _, _, n in groups)
    found, x = [], 0.0
    for lo, hi, n in groups:
        width = room * max(n, MIN_WEIGHT) / total
        pad = max(PAD_DAYS, (hi - lo) * 0.03)
        found.append(Stretch(lo - pad, hi + pad, x, x + width))
        x += width + BREAK
    return found


def position(axis: list[Stretch], day: float) -> float:
    """Where a day goes on the axis: inside its stretch, or proportionally across a break."""
    if day <= axis[0].lo:
        return axis[0].x(day)
    for stretch, after in zip(axis, axis[1:], strict=False):
        if day <= stretch.hi:
            return stretch.x(day)
        if day < after.lo:
            return stretch.x1 + (day - stretch.hi) / (after.lo - stretch.hi) * (after.x0 - stretch.x1)
    return axis[-1].x(day)


def breaks(axis: list[Stretch]) -> list[tuple[float, float]]:
    """The (x0, x1) of each break between stretches."""
    return [(a.x1, b.x0) for a, b in zip(axis, axis[1:], strict=False)]


def day_of(d: date) -> float:
    return float((d - _EPOCH).days)


def ticks(axis: list[Stretch], min_gap: float) -> list[tuple[float, str]]:
    """(x, label) ticks: months across a long stretch (the year under January and the first), the date of a short
    one; no two closer than `min_gap` (a share of the axis)."""
    found: list[tuple[float, str]] = []
    for stretch in axis:
        first = _EPOCH + timedelta(days=stretch.lo)
        last = _EPOCH + timedelta(days=stretch.hi)
        months = _months(first, last)
        if len(months) < 2:  # a few weeks: the day in the middle (the day itself, for marks on one day)
            middle = _EPOCH + timedelta(days=(stretch.lo + stretch.hi) / 2)
            found.append((stretch.x((stretch.lo + stretch.hi) / 2),
                          f"{middle.day} {MONTHS[middle.month - 1]}\n{middle.year}"))
            continue
        step = 1
        while step < 12 and (stretch.x1 - stretch.x0) / (len(months) / step) < min_gap:
            step = {1: 2, 2: 3, 3: 6, 6: 12}[step]
        shown = [m for m in months if (m.month - 1) % step == 0]
        for i, month in enumerate(shown):
            year = "\n" + str(month.year) if i == 0 or month.month == 1 else ""
            found.append((stretch.x(day_of(month)), MONTHS[month.month - 1] + year))
    kept: list[tuple[float, str]] = []
    for x, label in found:
        if not kept or x - kept[-1][0] >= min_gap:
            kept.append((x, label))
    return kept


def _months(first: date, last: date) -> list[date]:
    """The first days of the months that begin within [first, last]."""
    month = date(first.year, first.month, 1)
    if month < first:
        month = _next(month)
    found = []
    while month <= last:
        found.append(month)
        month = _next(month)
    return found


def _next(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)
