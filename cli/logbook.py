"""Commands on the log as a whole: export, log, verify, rebuild."""

import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cli.options import FormatOption, KnownAtOption, fail, open_ledger, say
from cli.output import Col, Format, render


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    timelinejs = "timelinejs"


def export(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE", help="Where to write; - or nothing for stdout.")] = "-",
    fmt: Annotated[ExportFormat, typer.Option(
        "--format", "-f", case_sensitive=False,
        help="jsonl: the log in the import format; timelinejs: the statements in force as TimelineJS3 JSON.")]
        = ExportFormat.jsonl,
    with_record: Annotated[bool, typer.Option(
        "--record", help="The record itself: each event with its seq, recorded_at, recorded_by and hash, for "
                         "`import --record` (backup, or a copy that follows its origin).")] = False,
    since: Annotated[int | None, typer.Option(
        metavar="SEQ", min=0, help="With --record: only the events after this seq (the copy's head).")] = None,
) -> None:
    """Write the log: in the import format (portable, new seq and recorded_at on import), or with --record."""
    if since is not None and not with_record:
        raise typer.BadParameter("--since goes with --record", param_hint="--since")
    if fmt is ExportFormat.timelinejs:
        if with_record:
            raise typer.BadParameter("--record writes JSON Lines only", param_hint="--record")
        from cli.timelinejs import export_timelinejs

        export_timelinejs(ctx, file)
        return
    ledger = open_ledger(ctx)
    if with_record:
        from store.record import export_record

        lines = export_record(ledger, since or 0)
    else:
        lines = ledger.export()
    if file == "-":
        out = sys.stdout.buffer
        for line in lines:
            out.write(line)
        out.flush()
        return
    with Path(file).open("wb") as out:
        count = 0
        for count, line in enumerate(lines, 1):
            out.write(line)
    what = "events with their record" if with_record else "events"
    say(f"exported {count} {what} to {file}")


LOG_COLUMNS = ["seq", "id", "type", "recorded_at", "recorded_by", "target", "hash"]


def log(
    ctx: typer.Context,
    since: Annotated[int, typer.Option(help="Only events after this seq.", min=0)] = 0,
    fmt: FormatOption = Format.table,
    known_at: KnownAtOption = None,
) -> None:
    """The events in log order."""
    from cli import queries

    rows = queries.log(lambda: open_ledger(ctx), since, known_at)
    render(rows, LOG_COLUMNS, fmt, table=[
        Col("seq"), Col("id", width=8), Col("type"), Col("recorded_at"), Col("recorded_by", width=12),
        Col("target", width=8), Col("hash", width=12),
    ])


_DIGEST = re.compile(r"(\d+):([0-9a-f]{64})\Z")


def _digest(text: str | None) -> tuple[int, str] | None:
    if text is None:
        return None
    match = _DIGEST.match(text)
    if not match:
        raise typer.BadParameter(f"'{text}' is not SEQ:HASH (a seq and 64 lowercase hex digits)",
                                 param_hint="--digest")
    return int(match[1]), match[2]


def verify(
    ctx: typer.Context,
    digest: Annotated[str | None, typer.Option(
        metavar="SEQ:HASH", help="A digest printed earlier: check that the log still holds it.")] = None,
) -> None:
    """Check the hash chain, gapless seq, and that projections equal a fresh replay; print the digest."""
    from store.verify import verify as run_verify

    expected = _digest(digest)
    report = run_verify(open_ledger(ctx), expected)
    if not report.ok:
        for problem in report.problems:
            typer.echo(f"error: {problem}", err=True)
        raise fail(f"verify failed; the log is intact up to digest {report.digest}")
    checks = "hash chain intact, seq gapless, projections equal a fresh replay"
    if expected:
        checks += f", digest {expected[0]}:{expected[1][:12]}… still held"
    say(f"verified {report.events} events: {checks}")
    say(report.digest)


def rebuild(ctx: typer.Context) -> None:
    """Recreate the projections from the log."""
    from store.replay import rebuild as run_rebuild

    ledger = open_ledger(ctx)
    total = ledger.head()[0]
    if sys.stderr.isatty() and total > 50_000:
        with typer.progressbar(length=total, label="rebuilding", file=sys.stderr) as bar:
            done = [0]

            def progress(seq: int) -> None:
                bar.update(seq - done[0])
                done[0] = seq

            last = run_rebuild(ledger, progress)
    else:
        last = run_rebuild(ledger)
    say(f"rebuilt projections from {last} events")
