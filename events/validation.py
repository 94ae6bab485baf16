"""Turn one decoded import object into an event, or into the list of what is wrong with it, field by field.

Messages name the field and the problem and carry no line number; the importer adds `line N: `.
"""

import re
import uuid
from typing import Any

from events import registry
from events.model import (
    REQUIRED_STATEMENT_FIELDS,
    SOURCE_FIELDS,
    STATEMENT_FIELDS,
    Correction,
    Event,
    Retraction,
    Statement,
)
from events.periods import FORMS, NotADate, parse_period
from events.vocabulary import MAX_TAGS, MAX_TEXT, STANCE_SET, STANCES, is_issue_path, is_slug, is_unicode

_STATEMENT_KEYS = frozenset(STATEMENT_FIELDS) | {"id", "type"}
_CORRECTION_KEYS = frozenset({"type", "id", "target", "changes", "reason"})
_RETRACTION_KEYS = frozenset({"type", "id", "target", "reason"})
_SOURCE_KEYS = frozenset(SOURCE_FIELDS)
_CORRECTABLE = frozenset(STATEMENT_FIELDS).union(*registry.FIELDS.values())


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


def _uuid(value: Any) -> str:
    """The canonical text of a UUID; the common, already-canonical form skips building a UUID object."""
    if isinstance(value, str) and _CANONICAL_UUID.match(value):
        return value
    if not isinstance(value, str):
        raise ValueError
    return str(uuid.UUID(value))


class Invalid(ValueError):
    """An event that cannot be accepted; `problems` lists every reason."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _quote(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return "'" + (text if len(text) <= 60 else text[:57] + "...") + "'"


def _text(name: str, value: Any, problems: list[str], limit_name: str | None = None) -> str | None:
    if not isinstance(value, str):
        problems.append(f"{name} must be a string, not {_json_kind(value)}")
        return None
    if not is_unicode(value):
        problems.append(f"{name} is not valid Unicode text")
        return None
    if not value.strip():
        problems.append(f"{name} is empty")
        return None
    limit = MAX_TEXT[limit_name or name]
    if len(value) > limit:
        problems.append(f"{name} is {len(value):,} characters long; the limit is {limit:,}")
        return None
    return value


def _json_kind(value: Any) -> str:
    return {dict: "an object", list: "a list", bool: "true/false", int: "a number", float: "a number",
            type(None): "null"}.get(type(value), "a string")


def _date(name: str, value: Any, problems: list[str]) -> str | None:
    if not isinstance(value, str):
        problems.append(f"{name} must be a string ({FORMS}), not {_json_kind(value)}")
        return None
    try:
        parse_period(value)
    except NotADate as e:
        problems.append(f"{name} {_quote(value)} {e}")
        return None
    return value


def _slug(name: str, value: Any, problems: list[str]) -> str | None:
    if not isinstance(value, str) or not is_slug(value):
        problems.append(f"{name} {_quote(value)} is not a slug (lowercase letters and digits joined by '-')")
        return None
    return value


def _issue(name: str, value: Any, problems: list[str]) -> str | None:
    if not isinstance(value, str) or not is_issue_path(value):
        problems.append(f"{name} {_quote(value)} is not an issue path (slugs joined by '/', e.g. territory/donbas)")
        return None
    return value


def _stance(name: str, value: Any, problems: list[str]) -> str | None:
    if not isinstance(value, str) or value not in STANCE_SET:
        problems.append(f"{name} {_quote(value)} is not one of {', '.join(STANCES)}")
        return None
    return value


def _source(name: str, value: Any, problems: list[str]) -> dict | None:
    if not isinstance(value, dict):
        problems.append(f"{name} must be an object with url and/or outlet, not {_json_kind(value)}")
        return None
    before = len(problems)
    for key in value:
        if key not in _SOURCE_KEYS:
            problems.append(f"unknown field '{name}.{key}' (known: {', '.join(SOURCE_FIELDS)})")
    source = {}
    for key in SOURCE_FIELDS:
        item = value.get(key)
        if item is None or item == "":
            continue
        if key == "published_on":
            item = _date(f"{name}.published_on", item, problems)
        else:
            item = _text(f"{name}.{key}", item, problems, key)
        if item is not None:
            source[key] = item
    if "url" not in source and "outlet" not in source and len(problems) == before:
        problems.append(f"{name} needs a url or an outlet")
    return source if len(problems) == before else None


def _tags(name: str, value: Any, problems: list[str]) -> list | None:
    if not isinstance(value, list):
        problems.append(f"{name} must be a list of slugs, not {_json_kind(value)}")
        return None
    if len(value) > MAX_TAGS:
        problems.append(f"{name} has {len(value)} tags; the limit is {MAX_TAGS}")
        return None
    before = len(problems)
    for tag in value:
        _slug("tag", tag, problems)
    return value if len(problems) == before else None


_CHECKS = {
    "stated_on": _date, "party": _slug, "issue": _issue, "stance": _stance, "source": _source, "tags": _tags,
}


def check_field(name: str, value: Any, problems: list[str]) -> Any:
    """Validate one statement field's value; None (with a problem added) when it is wrong."""
    check = _CHECKS.get(name)
    if check is not None:
        return check(name, value, problems)
    return _text(name, value, problems)


def _event_id(value: Any, problems: list[str]) -> str | None:
    if value is None:
        return None
    try:
        return _uuid(value)
    except ValueError:
        problems.append(f"id {_quote(value)} is not a UUID")
        return None


def _unknown(obj: dict, known: frozenset, problems: list[str]) -> None:
    for key in obj:
        if key not in known:
            problems.append(f"unknown field '{key}'")


def parse_statement(obj: dict, problems: list[str]) -> Statement | None:
    _unknown(obj, _STATEMENT_KEYS, problems)
    event_id = _event_id(obj.get("id"), problems)
    fields = {}
    for name in STATEMENT_FIELDS:
        value = obj.get(name)
        if value is None or value == "" or (name == "tags" and value == []):
            if name in REQUIRED_STATEMENT_FIELDS:
                problems.append(f"missing field '{name}'")
            continue
        value = check_field(name, value, problems)
        if value is not None:
            fields[name] = value
    return None if problems else Statement(fields, event_id)


def parse_changes(changes: Any, problems: list[str]) -> dict | None:
    """The shape of a correction's changes; what each value may be depends on the target (`check_changes`)."""
    if not isinstance(changes, dict) or not changes:
        problems.append("changes must be a non-empty object of fields")
        return None
    checked = {}
    for name, value in changes.items():
        if name not in _CORRECTABLE:
            problems.append(f"changes: '{name}' is not a field that can be corrected")
        elif not _shallow(value):
            problems.append(f"changes: '{name}' is nested deeper than any field can be")
        else:
            checked[name] = None if value == "" else value  # an empty string removes, like null
    return checked


def _shallow(value: Any, levels: int = 3) -> bool:
    """No field goes deeper than a list of objects of strings; checked before the value is ever re-encoded."""
    if isinstance(value, dict | list):
        if levels == 0:
            return False
        items = value.values() if isinstance(value, dict) else value
        return all(_shallow(item, levels - 1) for item in items)
    return True


def check_changes(kind: str, changes: dict[str, Any]) -> list[str]:
    """What is wrong with these changes for a target of this kind (statement, party, issue, speaker)."""
    if kind != "statement":
        return registry.check_changes(kind, changes)
    problems: list[str] = []
    for name, value in changes.items():
        if name not in STATEMENT_FIELDS:
            problems.append(f"changes: '{name}' is not a field of a statement")
        elif value is None:
            if name in REQUIRED_STATEMENT_FIELDS:
                problems.append(f"changes: '{name}' is required and cannot be removed")
        else:
            check_field(name, value, problems)
    return problems


def _target(obj: dict, problems: list[str]) -> str | None:
    target = obj.get("target")
    if target is None:
        problems.append("missing field 'target'")
        return None
    try:
        return _uuid(target)
    except ValueError:
        problems.append(f"target {_quote(target)} is not a UUID")
        return None


def _reason(obj: dict, problems: list[str]) -> str | None:
    if obj.get("reason") is None:
        problems.append("missing field 'reason'")
        return None
    return _text("reason", obj["reason"], problems)


def parse_event(obj: Any) -> Event:
    """Validate one decoded line; raise Invalid with every problem found."""
    problems: list[str] = []
    if not isinstance(obj, dict):
        raise Invalid([f"expected a JSON object, found {_json_kind(obj)}"])
    kind = obj.get("type", "statement")
    if kind == "statement":
        event = parse_statement(obj, problems)
    elif kind == "correction":
        _unknown(obj, _CORRECTION_KEYS, problems)
        event_id, target = _event_id(obj.get("id"), problems), _target(obj, problems)
        changes = parse_changes(obj.get("changes"), problems)
        reason = _reason(obj, problems)
        event = None if problems else Correction(target, changes, reason, event_id)
    elif kind == "retraction":
        _unknown(obj, _RETRACTION_KEYS, problems)
        event_id, target = _event_id(obj.get("id"), problems), _target(obj, problems)
        reason = _reason(obj, problems)
        event = None if problems else Retraction(target, reason, event_id)
    elif kind in registry.KINDS:
        event_id = _event_id(obj.get("id"), problems)
        entry = registry.parse_entry(kind, obj, problems)
        event = None if problems else registry.RegistryEntry(kind, entry.fields, event_id)
    else:
        raise Invalid([f"type {_quote(kind)} is not one of statement, correction, retraction, "
                       f"{', '.join(registry.KINDS)}"])
    if event is None:
        raise Invalid(problems)
    return event
