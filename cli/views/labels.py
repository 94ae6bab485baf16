"""The words both renderings of a report use: issue and party labels, sources, shift kinds, record times."""

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

KIND_WORDS = {"first": "first", "revised": "revised", "changed": "changed", "reversed": "reversed"}
SAFE_SCHEMES = ("https://", "http://")


def issue_labels(ledger, known: int | None = None) -> Callable[[str], str]:
    """issue path -> a label from the registry's titles: `territory/cities` reads `Territory › Cities`."""
    from store.registry import entries

    titles = {entry["slug"]: entry["title"] for entry in entries(ledger, "issue", known)}
    return lambda path: label_of(path, titles)


def label_of(path: str, titles: Mapping[str, str]) -> str:
    parts = path.split("/")
    return " › ".join(titles.get("/".join(parts[: i + 1]), part) for i, part in enumerate(parts))


def names_list(names: list[str]) -> str:
    """`Russia`, `Russia and Ukraine`, `Russia, Ukraine and United States`."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


def safe_url(source: Mapping[str, Any] | None) -> str | None:
    """The source's URL when it is one a reader may follow (http or https); anything else is not linked."""
    url = (source or {}).get("url")
    return url if url and url.lower().startswith(SAFE_SCHEMES) else None


def source_text(source: Mapping[str, Any] | None) -> str:
    """`Outlet, “Title”`; the outlet or the title alone; or the URL's host."""
    source = source or {}
    parts = []
    if source.get("outlet"):
        parts.append(source["outlet"])
    if source.get("title"):
        parts.append(f"“{source['title']}”")
    if parts:
        return ", ".join(parts)
    url = source.get("url", "")
    return url.split("://", 1)[-1].split("/", 1)[0] or url


def speaker_text(statement: Mapping[str, Any]) -> str | None:
    speaker, role = statement.get("speaker"), statement.get("role")
    if speaker and role:
        return f"{speaker}, {role}"
    return speaker or role


def kind_text(shift: Mapping[str, Any]) -> str:
    """`first`, or the kind with the position before: `revised; before: demand, 2023-05-27`."""
    before = shift.get("from")
    if not before:
        return KIND_WORDS.get(shift["kind"], shift["kind"])
    return f"{KIND_WORDS.get(shift['kind'], shift['kind'])}; before: {before['stance']}, {before['stated_on']}"


# Each kind of shift as a reader counts it, in the order a summary names them (the biggest moves first).
KIND_COUNTED = {"reversed": ("reversal", "reversals"), "changed": ("change of stance", "changes of stance"),
                "revised": ("revision", "revisions"), "first": ("first statement", "first statements")}


def shift_counts(kinds: Iterable[str]) -> str:
    """`1 reversal, 3 changes of stance, 11 revisions, 30 first statements` (kinds that did not occur left out)."""
    counted = Counter(kinds)
    parts = [plural(counted[kind], one, many) for kind, (one, many) in KIND_COUNTED.items() if counted[kind]]
    return ", ".join(parts) or "no shifts"


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def day_text(recorded_at: str) -> str:
    """`2026-12-01T…` as a reader writes the day: `1 December 2026`."""
    year, month, day = recorded_at[:10].split("-")
    return f"{int(day)} {MONTHS[int(month) - 1]} {year}"


def recorded_text(recorded_at: str | None) -> str:
    """A recorded_at to the minute: `2025-11-28 09:14 UTC`."""
    if not recorded_at:
        return "unknown time"
    return f"{recorded_at[:10]} {recorded_at[11:16]} UTC"


def value_text(value: Any) -> str:
    """A field's value in a correction line; `(none)` for a field that was absent or removed."""
    if value is None:
        return "(none)"
    if isinstance(value, Mapping):
        return "; ".join(f"{k} {v}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    """(field, old, new) for each statement field a correction changed, in documentation order."""
    from events.model import STATEMENT_FIELDS  # not at the top: `stance --help` would load the event model

    return [(name, before.get(name), after.get(name)) for name in STATEMENT_FIELDS
            if before.get(name) != after.get(name)]


def sentence(text: str) -> str:
    """Text ending as a sentence does: a full stop added unless it already ends in one."""
    return text if text.rstrip().endswith((".", "!", "?", "…")) else text + "."


def source_label(source: dict | None) -> str:
    """A source in a table cell: its outlet, or else its URL's host."""
    if not source:
        return ""
    if source.get("outlet"):
        return source["outlet"]
    url = source.get("url", "")
    return url.split("://", 1)[-1].split("/", 1)[0]
