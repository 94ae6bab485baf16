"""When a statement was made, from the date words around its attribution and the article's publication date.

Each date is kept at the precision the words give: "on Jan. 7" is a day, "in November" a month, "in 2021" a year.
Words without a year mean the latest such date not after publication. A week ("last week") becomes the month it
falls in, or its year when it straddles two months: stated dates have no week precision, and a Monday would claim
a day nobody gave.
"""

import re

import pendulum

from events.periods import parse_period

_MONTHS = {name: n for n, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
    ("december", "dec")), 1) for name in names}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "a": 1}

_CUES = [
    ("day", re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}}))?", re.I)),
    ("day", re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(?P<year>\d{{4}}))?\b",
                       re.I)),
    ("month", re.compile(
        rf"\b(?:in|last|this|during|since|from|early|late|mid-?)\s+{_MONTH}(?:\s+(?P<year>\d{{4}}))?\b", re.I)),
    ("year", re.compile(r"\b(?:in|from|during)\s+(?P<year>(?:19|20)\d{2})\b", re.I)),
    ("relative", re.compile(r"\b(?P<word>yesterday|today|tonight|this morning|this afternoon|this evening|"
                            r"(?:last|this|next) (?:week|month|year)|(?P<n>\d+|one|two|three|four|five|six|seven|a) "
                            r"days? ago)\b", re.I)),
    ("weekday", re.compile(r"\b(?:(?:on|last)\s+)?(?P<weekday>" + "|".join(_WEEKDAYS) + r")\b", re.I)),
]


def reference(published_on: str) -> tuple[pendulum.Date, str]:
    """The last day of the publication date's period, and its precision (year, month, day, instant)."""
    period = parse_period(published_on)
    if period.precision == "instant":
        return pendulum.parse(published_on).date(), "day"
    end = pendulum.from_timestamp(period.end / 1_000_000).date().subtract(days=1)
    return end, period.precision


def _latest(ref: pendulum.Date, month: int, day: int | None) -> pendulum.Date | None:
    """The latest (month, day) not after ref; None for a day that does not exist."""
    for year in (ref.year, ref.year - 1, ref.year - 4):
        try:
            candidate = pendulum.date(year, month, day or 1)
        except ValueError:
            continue
        if candidate <= ref:
            return candidate
    return None


def _week(monday: pendulum.Date) -> tuple[str, str]:
    sunday = monday.add(days=6)
    span = f"{monday.to_date_string()} to {sunday.to_date_string()}"
    if monday.month == sunday.month:
        return monday.format("YYYY-MM"), f"the week {span}, kept at month precision"
    return str(monday.add(days=3).year), f"the week {span} straddles two months, kept at year precision"


def _relative(word: str, n: int, ref: pendulum.Date, precision: str) -> tuple[str, str] | None:
    word = word.lower()
    if word.endswith("year"):
        year = ref.year + {"last": -1, "this": 0, "next": 1}[word.split()[0]]
        return str(year), f"'{word}'"
    if word.endswith("month"):
        if precision == "year":
            return None
        month = ref.start_of("month").add(months={"last": -1, "this": 0, "next": 1}[word.split()[0]])
        return month.format("YYYY-MM"), f"'{word}'"
    if precision != "day":
        return None  # "yesterday" in an article dated only to the month names no day we can tell
    if word.endswith("week"):
        monday = ref.start_of("week").add(weeks={"last": -1, "this": 0, "next": 1}[word.split()[0]])
        stated, how = _week(monday)
        return stated, f"'{word}': {how}"
    back = 1 if word == "yesterday" else n if word.endswith("ago") else 0
    return ref.subtract(days=back).to_date_string(), f"'{word}'"


def resolve(text: str, published_on: str) -> tuple[str, str] | None:
    """The stated date named by the first date words in `text`, and how it was read; None when there are none."""
    ref, precision = reference(published_on)
    hits = []
    for kind, pattern in _CUES:
        for m in pattern.finditer(text):
            hits.append((m.start(), -len(m.group()), kind, m))
    for _, _, kind, m in sorted(hits, key=lambda hit: hit[:2]):
        words = " ".join(m.group().split())
        if kind in ("day", "month"):
            month = _MONTHS[m.group("month").lower()]
            if m.group("year"):
                year = int(m.group("year"))
                try:
                    found = pendulum.date(year, month, int(m.group("day")) if kind == "day" else 1)
                except ValueError:
                    continue
            else:
                found = _latest(ref, month, int(m.group("day")) if kind == "day" else None)
                if found is None:
                    continue
            stated = found.to_date_string() if kind == "day" else found.format("YYYY-MM")
            return stated, f"'{words}'" + ("" if m.group("year") else f", the latest not after {published_on}")
        if kind == "year":
            return m.group("year"), f"'{words}'"
        if kind == "weekday":
            if precision != "day":
                continue
            wanted = _WEEKDAYS.index(m.group("weekday").lower())
            back = (ref.weekday() - wanted) % 7 or (7 if words.lower().startswith("last") else 0)
            if back == 6 and not words.lower().startswith("last"):
                # "on Saturday" in a Friday's article about that day's events: the next day, not six days before.
                # It is after publication, and the candidate says so (see `implausible`).
                return ref.add(days=1).to_date_string(), f"'{words}', the day after {published_on}"
            return ref.subtract(days=back).to_date_string(), f"'{words}', the latest not after {published_on}"
        n = m.group("n")
        count = int(n) if n and n.isdigit() else _NUMBERS.get((n or "").lower(), 0)
        found = _relative(m.group("word"), count, ref, precision)
        if found:
            return found
    return None


def implausible(stated_on: str, published_on: str, event_on: str | None = None) -> str | None:
    """Why a stated date cannot be right as it stands: after the article's publication, or before its event."""
    stated = parse_period(stated_on)
    if stated.start >= parse_period(published_on).end:
        return f"{stated_on} is after the article's publication ({published_on})"
    if event_on is not None and stated.end <= parse_period(event_on).start:
        return f"{stated_on} is before the event the article reports ({event_on})"
    return None
