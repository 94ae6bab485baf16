"""Rules of entry that depend on what is around an event: the moment it is recorded, and the registry.

Pure: the store passes the moment of recording and what its registry holds. Messages carry no line number.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from events.periods import NotADate, parse_period

# The date fields a statement (or a correction's changes) may hold, by how they are named in a message.
_DATES = (("stated_on", None), ("source.published_on", "published_on"))
MAX_SUGGESTIONS = 3


def future_problems(fields: Mapping[str, Any], now_us: int) -> list[str]:
    """A stated or published date whose period starts after `now_us` (the moment of recording) is refused.

    `fields` is a statement's content or a correction's changes; a value that is not a date is left to validation.
    """
    problems = []
    for label, inner in _DATES:
        value = fields.get("stated_on") if inner is None else _source_field(fields, inner)
        if not isinstance(value, str):
            continue
        try:
            starts = parse_period(value).start
        except NotADate:
            continue
        if starts > now_us:
            problems.append(f"{label} '{value}' is in the future")
    return problems


def _source_field(fields: Mapping[str, Any], name: str) -> Any:
    source = fields.get("source")
    return source.get(name) if isinstance(source, dict) else None


def registered_issue(path: str, issues: set[str] | frozenset[str]) -> bool:
    """An issue passes when it, or any issue above it, is registered: `territory/donbas` passes under a registered
    `territory`. Analysts refine issues as talks go; a misspelt top-level issue is what the check must catch."""
    parts = path.split("/")
    return any("/".join(parts[:n]) in issues for n in range(len(parts), 0, -1))


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of two texts, or `limit + 1` as soon as it is known to exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _forms(name: str) -> set[str]:
    """A name as a user might type it for a slug: as it is, casefolded, and with its spaces as hyphens."""
    folded = " ".join(name.split()).casefold()
    return {folded, folded.replace(" ", "-")}


def closest(typed: str, candidates: Iterable[tuple[str, str]]) -> list[str]:
    """The slugs closest to `typed` by edit distance over (slug, a name it goes by) pairs: slugs, names, aliases.

    Only close ones count (about one edit in three characters, at least two), and of those only the closest: those
    at the smallest distance found, at most three, in slug order.
    """
    wanted = typed.casefold()
    limit = max(2, len(wanted) // 3)
    best: dict[str, int] = {}
    for slug, name in candidates:
        for form in _forms(name):
            distance = edit_distance(wanted, form, limit)
            if distance <= limit and distance < best.get(slug, limit + 1):
                best[slug] = distance
    nearest = min(best.values(), default=None)
    return sorted(slug for slug, distance in best.items() if distance == nearest)[:MAX_SUGGESTIONS]


def not_registered(kind: str, value: str, suggestions: list[str]) -> str:
    """`party 'rusia' is not registered (did you mean 'russia'?); register it first: stance register party …`"""
    hint = ""
    if suggestions:
        hint = " (did you mean " + " or ".join(f"'{s}'" for s in suggestions) + "?)"
    return f"{kind} '{value}' is not registered{hint}; register it first: stance register {kind} …"
