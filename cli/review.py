"""Reviewing extracted candidates one by one: the sentence, the proposed fields and why, then accept, edit or skip.

The machine's reasons are shown, not stored: a candidate is imported without them as its `note`, unless the analyst
keeps them on purpose (`k`) or writes a note of their own (`e`, then `note`). Editing a party, issue or speaker
offers the registry's entries, the closest to the current value first.
"""

import difflib
from typing import Any

import typer

from cli.options import recorder, say

SHOWN = ["stated_on", "party", "speaker", "role", "issue", "stance", "position", "conditions", "quote", "source"]
CHOICES = "[a]ccept, [e]dit a field, [k]eep the reasons as the note and accept, [s]kip, [q]uit"
OFFERED = 8  # registry entries offered when editing a party, issue or speaker


def closest(value: str, options: list[str]) -> list[str]:
    """The options, the closest to `value` first (ties in the registry's order)."""
    def likeness(option: str) -> float:
        folded, wanted = option.lower(), value.lower()
        prefix = 1.0 if wanted and (folded.startswith(wanted) or wanted.startswith(folded)) else 0.0
        return prefix + difflib.SequenceMatcher(None, wanted, folded).ratio()

    return sorted(options, key=lambda option: -likeness(option))


def _show(n: int, total: int, candidate: dict, reasons: str | None) -> None:
    import orjson

    say(f"\ncandidate {n} of {total}")
    say(f"  sentence: {candidate.get('evidence', '')}")
    for name in SHOWN:
        if name in candidate:
            value = candidate[name]
            say(f"  {name}: {orjson.dumps(value).decode() if isinstance(value, dict | list) else value}")
    if "note" in candidate:
        say(f"  note: {candidate['note']}")
    if reasons:
        say(f"  why: {reasons}")


def _value(name: str, current: Any, registry: dict[str, list[str]]) -> str | None:
    """The analyst's new value for a field; registry entries offered by number for party, issue and speaker."""
    options = registry.get(name, [])
    offered = closest(str(current or ""), options)[:OFFERED] if options else []
    if offered:
        say("  " + " · ".join(f"{i}) {option}" for i, option in enumerate(offered, 1)))
    value = typer.prompt(f"{name} (a number, a value, or empty to remove it)", default="", show_default=False).strip()
    if value.isdigit() and 1 <= int(value) <= len(offered):
        return offered[int(value) - 1]
    if options and value and value not in options and name != "speaker":
        typer.echo(f"error: '{value}' is not in the registry; closest: {', '.join(closest(value, options)[:3])}",
                   err=True)
        return None
    return value


def _edit(candidate: dict, registry: dict[str, list[str]]) -> dict:
    import orjson

    from events.model import STATEMENT_FIELDS, apply_changes

    name = typer.prompt("field").strip()
    if name not in STATEMENT_FIELDS:
        typer.echo(f"error: '{name}' is not a statement field ({', '.join(STATEMENT_FIELDS)})", err=True)
        return candidate
    value = _value(name, candidate.get(name), registry)
    if value is None:
        return candidate
    if not value:
        return apply_changes(candidate, {name: None})
    if name == "tags":
        return apply_changes(candidate, {name: [t.strip() for t in value.split(";") if t.strip()]})
    if name == "source":
        try:
            return apply_changes(candidate, {name: orjson.loads(value)})
        except orjson.JSONDecodeError:
            typer.echo('error: source takes a JSON object, e.g. {"outlet": "TASS"}', err=True)
            return candidate
    return apply_changes(candidate, {name: value})


def review(ledger, candidates: list[dict], article: str, by: str | None, registry: dict[str, list[str]]) -> None:
    """Ask about each candidate; import the accepted ones in one append at the end."""
    from events.validation import Invalid, parse_event

    if not candidates:
        say("no candidate statements found; nothing to review")
        return
    say(f"{len(candidates)} candidates from {article}: accept, edit or skip each; the accepted ones are imported "
        "together at the end (q stops early)")
    accepted = []
    choice = ""
    for n, proposed in enumerate(candidates, 1):
        reasons = proposed.get("note")
        candidate = {k: v for k, v in proposed.items() if k != "note"}
        while True:
            _show(n, len(candidates), candidate, reasons)
            choice = typer.prompt(CHOICES).strip().lower()[:1]
            if choice in ("a", "k"):
                if choice == "k" and reasons and "note" not in candidate:
                    candidate = {**candidate, "note": reasons}
                try:
                    accepted.append((n, parse_event(candidate), []))
                    break
                except Invalid as e:
                    for problem in e.problems:
                        typer.echo(f"error: {problem}", err=True)
            elif choice == "e":
                candidate = _edit(candidate, registry)
            elif choice in ("s", "q"):
                break
        if choice == "q":
            break
    if not accepted:
        say("nothing accepted; nothing imported")
        return
    done = ledger.append(accepted, recorder(by))
    if done.total == 0:
        say(f"nothing new: the {done.skipped} accepted candidates are already in the log")
        return
    message = (f"imported {done.total} of {len(candidates)} candidates from {article}"
               f" · seq {done.first_seq}–{done.last_seq}")
    if done.skipped:
        message += f" · {done.skipped} already in the log, skipped"
    say(message)
