"""The registry: parties, issues and speakers, as events in the same log as statements.

    {"type": "party", "slug": "russia", "name": "Russia"}
    {"type": "issue", "slug": "territory/donbas", "title": "Donbas", "description": "…"}
    {"type": "speaker", "name": "Dmitry Peskov", "aliases": ["Peskov", "the Kremlin spokesperson"],
     "affiliations": [{"party": "russia", "role": "Kremlin spokesperson", "from": "2012", "to": null}]}

An entry is known by its key (a party's or issue's slug, a speaker's name), which cannot be corrected; every other
field can, with the same correction events as statements. Who speaks for whom is a matter of dates: a minister
speaks for a party from one date to another, and `affiliations_on` answers for a given stated date.
"""

from dataclasses import dataclass
from typing import Any

from events.periods import NotADate, Period, parse_period
from events.vocabulary import is_issue_path, is_slug, is_unicode

KINDS = ("party", "issue", "speaker")
KEY_FIELD = {"party": "slug", "issue": "slug", "speaker": "name"}
FIELDS = {
    "party": ("slug", "name"),
    "issue": ("slug", "title", "description"),
    "speaker": ("name", "aliases", "affiliations"),
}
REQUIRED = {"party": {"slug", "name"}, "issue": {"slug", "title"}, "speaker": {"name"}}
AFFILIATION_FIELDS = ("party", "role", "from", "to")
MAX_NAME = 200
MAX_DESCRIPTION = 2_000
MAX_ALIASES = 50
MAX_AFFILIATIONS = 50


@dataclass(frozen=True, slots=True)
class RegistryEntry:
    kind: str  # party | issue | speaker
    fields: dict[str, Any]
    id: str | None = None

    @property
    def type(self) -> str:
        return self.kind

    @property
    def key(self) -> str:
        return self.fields[KEY_FIELD[self.kind]]

    def content(self) -> dict[str, Any]:
        return {"type": self.kind, **self.fields}


def _name(label: str, value: Any, problems: list[str], limit: int = MAX_NAME) -> str | None:
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{label} must be a non-empty string")
        return None
    if not is_unicode(value):
        problems.append(f"{label} is not valid Unicode text")
        return None
    if len(value) > limit:
        problems.append(f"{label} is {len(value):,} characters long; the limit is {limit:,}")
        return None
    return value


def _date(label: str, value: Any, problems: list[str]) -> Period | None:
    try:
        return parse_period(value)
    except NotADate as e:
        problems.append(f"{label} '{value}' {e}")
        return None


def _affiliations(value: Any, problems: list[str]) -> list | None:
    if not isinstance(value, list) or len(value) > MAX_AFFILIATIONS:
        problems.append(f"affiliations must be a list of at most {MAX_AFFILIATIONS} objects")
        return None
    before = len(problems)
    result = []
    for n, item in enumerate(value, 1):
        label = f"affiliations[{n}]"
        if not isinstance(item, dict):
            problems.append(f"{label} must be an object with party, role, from, to")
            continue
        for key in item:
            if key not in AFFILIATION_FIELDS:
                problems.append(f"unknown field '{label}.{key}' (known: {', '.join(AFFILIATION_FIELDS)})")
        party = item.get("party")
        if not isinstance(party, str) or not is_slug(party):
            problems.append(f"{label}.party {party!r} is not a slug")
        affiliation = {"party": party}
        if item.get("role") not in (None, ""):
            affiliation["role"] = _name(f"{label}.role", item["role"], problems)
        ends = []
        for end in ("from", "to"):
            if item.get(end) not in (None, ""):
                affiliation[end] = item[end]
                ends.append(_date(f"{label}.{end}", item[end], problems))
        if len(ends) == 2 and None not in ends and ends[1].end <= ends[0].start:
            problems.append(f"{label} ends before it begins")
        result.append(affiliation)
    return result if len(problems) == before else None


def _aliases(value: Any, problems: list[str]) -> list | None:
    if not isinstance(value, list) or len(value) > MAX_ALIASES:
        problems.append(f"aliases must be a list of at most {MAX_ALIASES} names")
        return None
    before = len(problems)
    for alias in value:
        _name("alias", alias, problems)
    return value if len(problems) == before else None


def check_field(kind: str, name: str, value: Any, problems: list[str]) -> Any:
    if name == "slug":
        ok = is_slug(value) if kind == "party" else is_issue_path(value)
        if not isinstance(value, str) or not ok:
            problems.append(f"slug {value!r} is not {'a slug' if kind == 'party' else 'an issue path'}")
            return None
        return value
    if name == "aliases":
        return _aliases(value, problems)
    if name == "affiliations":
        return _affiliations(value, problems)
    return _name(name, value, problems, MAX_DESCRIPTION if name == "description" else MAX_NAME)


def parse_entry(kind: str, obj: dict, problems: list[str]) -> RegistryEntry | None:
    known = set(FIELDS[kind]) | {"type", "id"}
    for key in obj:
        if key not in known:
            problems.append(f"unknown field '{key}' for a {kind} (known: {', '.join(FIELDS[kind])})")
    fields = {}
    for name in FIELDS[kind]:
        value = obj.get(name)
        if value is None or value == "" or value == []:
            if name in REQUIRED[kind]:
                problems.append(f"missing field '{name}'")
            continue
        value = check_field(kind, name, value, problems)
        if value is not None:
            fields[name] = value
    return None if problems else RegistryEntry(kind, fields)


def check_changes(kind: str, changes: dict[str, Any]) -> list[str]:
    """What is wrong with a correction of a registry entry of this kind (its key cannot change)."""
    problems: list[str] = []
    for name, value in changes.items():
        if name == KEY_FIELD[kind]:
            problems.append(f"changes: the {name} of a {kind} cannot be corrected; register a new {kind}")
        elif name not in FIELDS[kind]:
            problems.append(f"changes: '{name}' is not a field of a {kind}")
        elif value is None:
            if name in REQUIRED[kind]:
                problems.append(f"changes: '{name}' is required and cannot be removed")
        else:
            check_field(kind, name, value, problems)
    return problems


def affiliations_on(speaker: dict[str, Any], stated_on: str) -> list[dict[str, Any]]:
    """The speaker's affiliations that cover the start of the stated date's period."""
    start = parse_period(stated_on).start
    covering = []
    for affiliation in speaker.get("affiliations", []):
        begins = parse_period(affiliation["from"]).start if "from" in affiliation else None
        ends = parse_period(affiliation["to"]).end if "to" in affiliation else None
        if (begins is None or begins <= start) and (ends is None or start < ends):
            covering.append(affiliation)
    return covering


def names_of(speaker: dict[str, Any]) -> list[str]:
    """Every name a speaker goes by: the name first, then the aliases."""
    return [speaker["name"], *speaker.get("aliases", [])]
