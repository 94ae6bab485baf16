"""The rules of entry checked in the append transaction, where the registry and the moment of recording are known.

A statement (or a correction of one) naming a party or issue that is not registered is refused once the registry
holds any entry of that kind, and so is a speaker whose affiliation names an unregistered party; a date that
starts after the moment of recording is refused. Registry entries appended earlier in the same transaction count.
"""

from collections.abc import Callable
from typing import Any

import orjson
from sqlalchemy import Connection, Table, select

from events.entry import closest, future_problems, not_registered, registered_issue
from events.registry import names_of


class EntryRules:
    def __init__(self, conn: Connection, registry: Callable[[], Table]):
        self.conn = conn
        self.registry = registry  # the registry_version table the transaction projects into
        self._keys: dict[str, set[str]] | None = None  # read on first need: an append may hold no statement
        self.added: list[tuple[str, dict[str, Any]]] = []  # entries of this transaction, for suggestions
        self._candidates: dict[str, list[tuple[str, str]]] | None = None

    @property
    def keys(self) -> dict[str, set[str]]:
        """The registered party and issue slugs, as of this point of the transaction."""
        if self._keys is None:
            rv = self.registry()
            current = select(rv.c.kind, rv.c.key).where(rv.c.kind.in_(("party", "issue")), rv.c.seq_to.is_(None))
            self._keys = {"party": set(), "issue": set()}
            for kind, key in self.conn.execute(current):
                self._keys[kind].add(key)
        return self._keys

    def registered(self, kind: str, fields: dict[str, Any]) -> None:
        """A registry entry appended in this transaction: from here on it counts."""
        if kind in self.keys:
            self.keys[kind].add(fields["slug"])
        self.added.append((kind, fields))
        self._candidates = None

    def problems(self, fields: dict[str, Any], now_us: int) -> list[str]:
        """What the rules refuse in a statement's or speaker's content, or a correction's changes, at `now_us`."""
        problems = []
        party, issue = fields.get("party"), fields.get("issue")
        if isinstance(party, str) and self.keys["party"] and party not in self.keys["party"]:
            problems.append(not_registered("party", party, closest(party, self.candidates()["party"])))
        if isinstance(issue, str) and self.keys["issue"] and not registered_issue(issue, self.keys["issue"]):
            problems.append(not_registered("issue", issue, closest(issue, self.candidates()["issue"])))
        # A speaker's affiliations (registered or corrected) name parties too.
        affiliations = fields.get("affiliations")
        for affiliation in affiliations if isinstance(affiliations, list) else ():
            party = affiliation.get("party") if isinstance(affiliation, dict) else None
            if isinstance(party, str) and self.keys["party"] and party not in self.keys["party"]:
                problems.append(not_registered("party", party, closest(party, self.candidates()["party"])))
        return problems + future_problems(fields, now_us)

    def candidates(self) -> dict[str, list[tuple[str, str]]]:
        """(slug, name) pairs to suggest from: slugs, party names, issue titles and last path parts, and the
        names and aliases of speakers for the parties they spoke for. Read only when a check fails."""
        if self._candidates is None:
            found: dict[str, list[tuple[str, str]]] = {"party": [], "issue": []}
            rv = self.registry()
            query = select(rv.c.kind, rv.c.content).where(rv.c.seq_to.is_(None))
            entries = [(kind, orjson.loads(content)) for kind, content in self.conn.execute(query)]
            for kind, entry in entries + self.added:
                if kind == "party":
                    found["party"] += [(entry["slug"], entry["slug"]), (entry["slug"], entry["name"])]
                elif kind == "issue":
                    slug = entry["slug"]
                    found["issue"] += [(slug, slug), (slug, entry["title"]), (slug, slug.rsplit("/", 1)[-1])]
                else:
                    for affiliation in entry.get("affiliations", []):
                        found["party"] += [(affiliation["party"], name) for name in names_of(entry)]
            # A speaker's party that is not registered is no suggestion.
            found["party"] = [pair for pair in found["party"] if pair[0] in self.keys["party"]]
            self._candidates = found
        return self._candidates
