"""The three event types of the log, as immutable values with no I/O.

`content()` is the normalized event without its id: absent and null optional fields are left out, and `type` is
always present, so a line written with or without `"type": "statement"` has one canonical form and one content id.
"""

from dataclasses import dataclass
from typing import Any

# Statement fields in documentation order; `id` is the event's, not the content's.
STATEMENT_FIELDS = (
    "stated_on", "party", "speaker", "role", "issue", "stance", "position",
    "conditions", "quote", "source", "tags", "note", "evidence",
)
REQUIRED_STATEMENT_FIELDS = frozenset({"stated_on", "party", "issue", "stance", "position", "source"})
SOURCE_FIELDS = ("url", "outlet", "title", "published_on")


@dataclass(frozen=True, slots=True)
class Statement:
    fields: dict[str, Any]  # normalized statement content, without id and type
    id: str | None = None

    type = "statement"

    def content(self) -> dict[str, Any]:
        return {"type": "statement", **self.fields}

    def __getattr__(self, name: str) -> Any:  # statement.party, statement.quote …
        if name in STATEMENT_FIELDS:
            return self.fields.get(name)
        raise AttributeError(name)


@dataclass(frozen=True, slots=True)
class Correction:
    target: str
    changes: dict[str, Any]  # field -> new value; None removes an optional field
    reason: str
    id: str | None = None

    type = "correction"

    def content(self) -> dict[str, Any]:
        return {"type": "correction", "target": self.target, "changes": self.changes, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Retraction:
    target: str
    reason: str
    id: str | None = None

    type = "retraction"

    def content(self) -> dict[str, Any]:
        return {"type": "retraction", "target": self.target, "reason": self.reason}


Event = Statement | Correction | Retraction  # and events.registry.RegistryEntry


def apply_changes(fields: dict[str, Any], changes: dict[str, Any],
                  order: tuple[str, ...] = STATEMENT_FIELDS) -> dict[str, Any]:
    """Content after a correction: each changed field replaced, a null removing it, fields in `order`."""
    corrected = dict(fields)
    for name, value in changes.items():
        if value is None:
            corrected.pop(name, None)
        else:
            corrected[name] = value
    return {name: corrected[name] for name in order if name in corrected}


def version_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """What changed from one version of a statement to the next: `{field: {"from": old, "to": new}}`, in
    documentation order, null for an absent field; the source field by field (`source.url`), as it is corrected."""
    changed: dict[str, dict[str, Any]] = {}
    for name in STATEMENT_FIELDS:
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if name == "source":
            old, new = old or {}, new or {}
            for key in SOURCE_FIELDS:
                if old.get(key) != new.get(key):
                    changed[f"source.{key}"] = {"from": old.get(key), "to": new.get(key)}
        else:
            changed[name] = {"from": old, "to": new}
    return changed
