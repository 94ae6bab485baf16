"""The pure core of stancelog: event types, validation, canonical JSON, hashing, date periods, the reference fold."""

from events.canonical import GENESIS_HASH, canonical_json, chain_hash, content_id, export_line
from events.model import STATEMENT_FIELDS, Correction, Event, Retraction, Statement, apply_changes
from events.periods import NotADate, Period, parse_period
from events.validation import Invalid, parse_event

__all__ = [
    "GENESIS_HASH", "STATEMENT_FIELDS", "Correction", "Event", "Invalid", "NotADate", "Period", "Retraction",
    "Statement", "apply_changes", "canonical_json", "chain_hash", "content_id", "export_line", "parse_event",
    "parse_period",
]
