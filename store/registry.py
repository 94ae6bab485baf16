"""Reading the registry: entries as known at a seq, display names, and who speaks for whom on a date."""

from typing import Any

import orjson
from sqlalchemy import select

from events.registry import affiliations_on, names_of
from store.ledger import Ledger
from store.positions import valid_at
from store.schema import registry_version as rv


def entries(ledger: Ledger, kind: str, known: int | None = None) -> list[dict[str, Any]]:
    """The registry entries of one kind (party, issue, speaker), by key, each with its id."""
    query = (select(rv.c.entry_id, rv.c.content).where(rv.c.kind == kind, valid_at(rv, known)).order_by(rv.c.key))
    with ledger.reader() as conn:
        return [{"id": eid, **orjson.loads(content)} for eid, content in conn.execute(query)]


def party_names(ledger: Ledger, known: int | None = None) -> dict[str, str]:
    return {entry["slug"]: entry["name"] for entry in entries(ledger, "party", known)}


def find_speaker(ledger: Ledger, name: str) -> dict[str, Any] | None:
    """The speaker registered under this name or alias (case and spacing ignored)."""
    wanted = " ".join(name.split()).casefold()
    for speaker in entries(ledger, "speaker"):
        if any(" ".join(n.split()).casefold() == wanted for n in names_of(speaker)):
            return speaker
    return None


def speaker_party(ledger: Ledger, name: str, stated_on: str) -> tuple[str | None, str]:
    """The party a speaker spoke for on a date, when exactly one affiliation covers it; else None and why."""
    speaker = find_speaker(ledger, name)
    if speaker is None:
        return None, f"speaker '{name}' is not in the registry"
    covering = affiliations_on(speaker, stated_on)
    if len(covering) == 1:
        affiliation = covering[0]
        span = f"{affiliation.get('from', '…')}–{affiliation.get('to', '')}"
        role = f"{affiliation['role']}, " if affiliation.get("role") else ""
        return affiliation["party"], f"{speaker['name']}: {role}{span}"
    if not covering:
        return None, f"no affiliation of {speaker['name']} covers {stated_on}"
    parties = ", ".join(sorted({a["party"] for a in covering}))
    return None, f"{speaker['name']} had several affiliations on {stated_on} ({parties})"


def speaker_role(speaker: dict[str, Any], stated_on: str, party: str | None) -> str | None:
    """The role of the affiliation covering the date: the one with `party` when there is one, else the only one."""
    covering = affiliations_on(speaker, stated_on)
    of_party = [a for a in covering if a["party"] == party]
    chosen = of_party if len(of_party) == 1 else covering if len(covering) == 1 else []
    return chosen[0].get("role") if chosen else None


def with_counts(ledger: Ledger, kind: str, known: int | None = None) -> list[dict[str, Any]]:
    """`parties` or `issues`: every one registered or stated on, with its display name and its counts."""
    from store.positions import counts

    key, name = ("party", "name") if kind == "party" else ("issue", "title")
    registered = {entry["slug"]: entry for entry in entries(ledger, kind, known)}
    counted = {row[key]: row for row in counts(ledger, key, known)}
    other = "issues" if kind == "party" else "parties"
    rows = []
    for slug in sorted(registered.keys() | counted.keys()):
        entry, row = registered.get(slug, {}), counted.get(slug, {})
        rows.append({key: slug, name: entry.get(name), "statements": row.get("statements", 0),
                     other: row.get(other, 0), **({"description": entry.get("description")} if kind == "issue"
                                                  else {})})
    return rows
