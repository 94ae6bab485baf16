"""The report's headings and summary sentences, the same in Markdown and HTML."""

from cli.report.gather import Report
from cli.views.labels import day_text, names_list, plural, recorded_text, shift_counts

SHIFTS = "How positions shifted"
AMENDED = "Corrections and retractions"
AMENDED_ANCHOR = "corrections-and-retractions"
RECORD = "The record"
VERIFIED = "hash chain verified when this report was made"
NONE_AMENDED = "No statement in this report was corrected or retracted."
MANY_PARTIES = 4  # more than this and the title counts them instead of naming them


def title(report: Report) -> str:
    parties = [report.party(p) for p in report.parties]
    if not parties:
        return "Positions and shifts"
    if len(parties) > MANY_PARTIES:
        return f"Positions and shifts of {len(parties)} parties"
    return f"Positions and shifts: {names_list(parties)}"


def scope_lines(report: Report) -> list[tuple[str, str]]:
    """(label, text) lines saying what the report covers."""
    return [
        ("Stated", _stated(report)),
        ("Parties", ", ".join(report.party(p) for p in report.parties) or "none"),
        ("Issues", _issues(report)),
        ("Read from", record_text(report)),
        ("In this report", _counts(report)),
    ]


def _stated(report: Report) -> str:
    scope = report.scope
    if scope.start_text and scope.end_text:
        asked = f"from {scope.start_text} to {scope.end_text}"
    elif scope.start_text:
        asked = f"from {scope.start_text} on"
    elif scope.end_text:
        asked = f"up to {scope.end_text}"
    else:
        asked = "all dates"
    span = report.stated_span
    if span is None:
        return asked
    said = span[0] if span[0] == span[1] else f"{span[0]} to {span[1]}"
    return f"{asked} (statements said {said})"


def _issues(report: Report) -> str:
    if not report.scope.issues:
        return "all"
    return ", ".join(f"{report.issue_label(i)} ({i} and its sub-issues)" for i in report.scope.issues)


def _counts(report: Report) -> str:
    """How many statements, and what they did: `43 statements in force: 1 reversal, …, 30 first statements; …`."""
    corrected = sum(1 for a in report.amended if not a.retracted)
    retracted = len(report.amended) - corrected
    moves = shift_counts(shift["kind"] for shift in report.shifts)
    restated = len(report.statements) - len(report.shifts)
    if restated > 0:
        moves += ", " + plural(restated, "restatement")
    return (plural(len(report.statements), "statement") + " in force: " + moves + "; "
            + plural(corrected, "corrected statement") + ", " + plural(retracted, "retracted statement"))


def record_text(report: Report) -> str:
    """Which record the report reads, in a reader's words: `the record as of 1 December 2026, 85 events`."""
    record = report.record
    if record.seq == 0:
        return "an empty log"
    known = f"as known at {report.scope.known_at}: " if report.scope.known_at else ""
    return f"{known}the record as of {day_text(record.recorded_at)}, {plural(record.seq, 'event')}"


def record_detail(report: Report) -> str:
    """The same record for whoever checks it: its last seq and when that event was recorded."""
    record = report.record
    if record.seq == 0:
        return "an empty log"
    return f"{record_text(report)}, the last (seq {record.seq}) recorded {recorded_text(record.recorded_at)}"


def matrix_heading(report: Report) -> str:
    end = report.scope.end_text
    return f"Positions as of {end}" if end else "Latest positions"


def matrix_note(report: Report) -> str:
    scope = report.scope
    note = "The last statement of each party on each issue"
    note += f" by the end of {scope.end_text}." if scope.end_text else "."
    if scope.start_text:
        note += f" Positions stated before {scope.start_text} still count."
    return note
