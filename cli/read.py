"""Read commands over the projections: positions as of a date, as known at a moment of the record."""

import typer

COMMANDS: dict = {}


def when(text: str, option: str):
    """A WHEN or --from/--to date, or a usage error (exit 2)."""
    from events.periods import NotADate, parse_period

    try:
        return parse_period(text)
    except NotADate as e:
        raise typer.BadParameter(f"'{text}' {e}", param_hint=option) from None


def known_seq(ledger, known_at: str | None) -> int | None:
    """The last seq that --known-at admits, or None for everything."""
    if known_at is None:
        return None
    from events.periods import NotADate, parse_known_at

    try:
        kind, value = parse_known_at(known_at)
    except NotADate as e:
        raise typer.BadParameter(f"'{known_at}' {e}", param_hint="--known-at") from None
    return value if kind == "seq" else ledger.last_seq_recorded_before(value)
