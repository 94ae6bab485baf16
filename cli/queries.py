"""The rows of every read command, from one function per command: the CLI prints them, the explorer serves them.

Each function checks its arguments first (a usage error, typer.BadParameter, before the store is touched), then
opens the store through `store()` and returns the rows `--format json` prints. Arguments carry the names the
command's parameters have, so the explorer can pass what the command's parser made of a request.
"""

import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import typer

Store = Callable[[], Any]  # opens (or hands back) the Ledger to read

SEARCH_LIMIT = 1000  # the most rows one search returns


def shown(text: str) -> str:
    """A user's text inside an error line: control characters escaped, so the error stays one line."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def today():
    """The current day in UTC: what `today` and `yesterday` count from."""
    from datetime import UTC, datetime

    return datetime.now(UTC).date()


def when(text: str, option: str):
    """A WHEN or --from/--to date, or a usage error (exit 2) that lists the forms a date may take."""
    from events.periods import WHEN_FORMS, NotADate, parse_when

    try:
        return parse_when(text, today())
    except NotADate as e:
        raise typer.BadParameter(f"'{shown(text)}' {e}; use {WHEN_FORMS}", param_hint=option) from None


def known_at_value(known_at: str | None):
    """--known-at parsed, or a usage error: ("seq", N) or ("date", end in µs), None for everything."""
    if known_at is None:
        return None
    from events.periods import WHEN_FORMS, NotADate, parse_known_at

    try:
        return parse_known_at(known_at, today())
    except NotADate as e:
        forms = "" if known_at.startswith("seq:") else f"; use seq:N, {WHEN_FORMS}"
        raise typer.BadParameter(f"'{shown(known_at)}' {e}{forms}", param_hint="--known-at") from None


def known_seq(ledger, known_at: str | None) -> int | None:
    """The last seq that --known-at admits, or None for everything."""
    return resolve_known(ledger, known_at_value(known_at))


def resolve_known(ledger, parsed) -> int | None:
    if parsed is None:
        return None
    kind, value = parsed
    return value if kind == "seq" else ledger.last_seq_recorded_before(value)


def topics(party: list[str] | None, issue: list[str] | None) -> tuple[list[str], list[str]]:
    from events.vocabulary import is_issue_path, is_slug

    for p in party or []:
        if not is_slug(p):
            raise typer.BadParameter(f"'{shown(p)}' is not a party slug", param_hint="--party")
    for i in issue or []:
        if not is_issue_path(i):
            raise typer.BadParameter(f"'{shown(i)}' is not an issue path", param_hint="--issue")
    return list(party or []), list(issue or [])


def stated_range(start: str | None, end: str | None) -> tuple[int | None, int | None]:
    return (when(start, "--from").start if start else None, when(end, "--to").end if end else None)


def statement_id(text: str, ledger) -> str:
    """A full id, or the unique id that starts with an 8-or-more-character prefix (as tables print ids)."""
    from store.errors import UnknownEvent

    try:
        return str(uuid.UUID(text))
    except ValueError:
        pass
    if not re.fullmatch(r"[0-9a-f][0-9a-f-]{7,35}", text.lower()):
        raise UnknownEvent(f"'{shown(text)}' is not a statement id (a UUID, or its first 8 or more characters)")
    return ledger.resolve(text.lower())


# --- one function per read command -------------------------------------------------------------------------


def as_of(store: Store, when_: str, party=None, issue=None, known_at=None) -> list[dict[str, Any]]:
    from store.positions import as_of as matrix

    period, parsed = when(when_, "WHEN"), known_at_value(known_at)
    parties, issues = topics(party, issue)
    ledger = store()
    return matrix(ledger, period.end, resolve_known(ledger, parsed), parties, issues)


def timeline(store: Store, from_=None, to=None, party=None, issue=None, known_at=None) -> Iterator[dict[str, Any]]:
    from store.positions import timeline as statements

    (start, end), parsed, (parties, issues) = stated_range(from_, to), known_at_value(known_at), topics(party, issue)
    ledger = store()
    return statements(ledger, resolve_known(ledger, parsed), start, end, parties, issues)


def history(store: Store, party: str, issue: str | None = None, known_at=None) -> list[dict[str, Any]]:
    from store.statements import history as party_history

    parsed = known_at_value(known_at)
    _, issues = topics([party], [issue] if issue else None)
    ledger = store()
    return party_history(ledger, party, issues, resolve_known(ledger, parsed))


def shifts(store: Store, from_=None, to=None, party=None, issue=None, known_at=None) -> list[dict[str, Any]]:
    from store.positions import shifts as find_shifts

    (start, end), parsed, (parties, issues) = stated_range(from_, to), known_at_value(known_at), topics(party, issue)
    ledger = store()
    return find_shifts(ledger, resolve_known(ledger, parsed), start, end, parties, issues)


def diff(store: Store, when1: str, when2: str, party=None, issue=None, known_at=None) -> list[dict[str, Any]]:
    from store.positions import diff as matrix_diff

    first, second, parsed = when(when1, "WHEN1"), when(when2, "WHEN2"), known_at_value(known_at)
    parties, issues = topics(party, issue)
    ledger = store()
    known = resolve_known(ledger, parsed)
    # Two matrices, two transactions: both are read as of one seq, so an import between them shows in neither.
    known = ledger.head()[0] if known is None else known
    return matrix_diff(ledger, first.end, second.end, known, parties, issues)


def show(store: Store, statement_id_: str, known_at=None) -> dict[str, Any]:
    from store.statements import show as story

    parsed = known_at_value(known_at)
    ledger = store()
    return story(ledger, statement_id(statement_id_, ledger), resolve_known(ledger, parsed))


def log(store: Store, since: int = 0, known_at=None) -> Iterator[dict[str, Any]]:
    parsed = known_at_value(known_at)
    ledger = store()
    until = resolve_known(ledger, parsed)
    for row in ledger.log(since):
        if until is not None and row["seq"] > until:
            return
        yield row


def parties(store: Store, known_at=None) -> list[dict[str, Any]]:
    from store.registry import with_counts

    parsed = known_at_value(known_at)
    ledger = store()
    return with_counts(ledger, "party", resolve_known(ledger, parsed))


def issues(store: Store, known_at=None) -> list[dict[str, Any]]:
    from store.registry import with_counts

    parsed = known_at_value(known_at)
    ledger = store()
    return with_counts(ledger, "issue", resolve_known(ledger, parsed))


def speakers(store: Store, known_at=None) -> list[dict[str, Any]]:
    from store.registry import entries

    parsed = known_at_value(known_at)
    ledger = store()
    return [{"name": e["name"], "aliases": e.get("aliases", []), "affiliations": e.get("affiliations", []),
             "id": e["id"]} for e in entries(ledger, "speaker", resolve_known(ledger, parsed))]


def search(store: Store, query: str, as_of_: str | None = None, known_at=None, party=None, issue=None,
           limit: int = 50) -> list[dict[str, Any]]:
    from events.search import BadQuery, parse_query
    from store.search import search as find

    try:
        parsed_query = parse_query(query)
    except BadQuery as e:
        raise typer.BadParameter(str(e), param_hint="QUERY") from None
    if not 1 <= limit <= SEARCH_LIMIT:
        raise typer.BadParameter(f"{limit} is not between 1 and {SEARCH_LIMIT}", param_hint="--limit")
    period = when(as_of_, "--as-of") if as_of_ is not None else None
    parsed, (parties, issues_) = known_at_value(known_at), topics(party, issue)
    ledger = store()
    return find(ledger, parsed_query, resolve_known(ledger, parsed), period.end if period else None, parties,
                issues_, limit)


ROWS: dict[str, Callable[..., Any]] = {
    "as-of": as_of, "timeline": timeline, "history": history, "shifts": shifts, "diff": diff, "show": show,
    "log": log, "parties": parties, "issues": issues, "speakers": speakers, "search": search,
}
