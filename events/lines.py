"""Decode import lines (JSON Lines, or CSV for statements) into numbered events or numbered problems.

Takes iterables of lines, so a file of any size passes through in constant memory; opening files is the caller's.
"""

import csv
import re
from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from events.model import STATEMENT_FIELDS, Event
from events.validation import Invalid, parse_event

MAX_LINE_BYTES = 1 << 20
_ORJSON_POSITION = re.compile(r": line \d+ column \d+ \(char \d+\)$")

# A numbered line: the event, or the problems found in it.
Numbered = tuple[int, Event | None, list[str]]


def decode_jsonl(lines: Iterable[bytes]) -> Iterator[Numbered]:
    for number, raw in enumerate(lines, 1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        if len(raw) > MAX_LINE_BYTES:
            yield number, None, [f"line is {len(raw):,} bytes long; the limit is {MAX_LINE_BYTES:,}"]
            continue
        try:
            obj = orjson.loads(raw)
        except orjson.JSONDecodeError as e:
            reason = _ORJSON_POSITION.sub("", str(e))  # its line and column count inside the line: misleading
            if "utf-8" in reason.lower() or "surrogate" in reason.lower():
                yield number, None, [f"not valid UTF-8 text ({reason})"]
            else:
                yield number, None, [f"malformed JSON ({reason})"]
            continue
        yield _parsed(number, obj)


def _parsed(number: int, obj: Any) -> Numbered:
    try:
        return number, parse_event(obj), []
    except Invalid as e:
        return number, None, e.problems


_SOURCE_COLUMNS = {"source_url": "url", "source_outlet": "outlet", "source_title": "title",
                   "source_published_on": "published_on"}
CSV_COLUMNS = ("id",) + tuple(f for f in STATEMENT_FIELDS if f != "source") + tuple(_SOURCE_COLUMNS)


def decode_csv(lines: Iterable[bytes]) -> Iterator[Numbered]:
    """Statements from UTF-8 CSV with a header row; the line number is the row's first physical line."""
    read = [0]

    def text() -> Iterator[str]:
        for raw in lines:
            read[0] += 1
            yield raw.decode("utf-8")

    reader = csv.reader(text())
    try:
        header = next(reader)
    except StopIteration:
        return
    except (csv.Error, UnicodeDecodeError) as e:
        yield read[0], None, [_csv_problem(e)]
        return
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    unknown = [name for name in header if name not in CSV_COLUMNS]
    if unknown or len(set(header)) != len(header):
        problem = (f"unknown column '{unknown[0]}' (known: {', '.join(CSV_COLUMNS)})" if unknown
                   else "a column is named twice")
        yield 1, None, [problem]
        return
    while True:
        number = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except (csv.Error, UnicodeDecodeError) as e:
            yield read[0], None, [_csv_problem(e)]
            return
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield number, None, [f"has {len(row)} cells; the header has {len(header)}"]
            continue
        yield _parsed(number, _csv_statement(header, row))


def _csv_problem(error: Exception) -> str:
    if isinstance(error, UnicodeDecodeError):
        return "not valid UTF-8 text"
    return f"malformed CSV ({error})"


def _csv_statement(header: list[str], row: list[str]) -> dict:
    obj: dict[str, Any] = {}
    source: dict[str, str] = {}
    for name, cell in zip(header, row, strict=True):
        if cell == "":
            continue
        if name in _SOURCE_COLUMNS:
            source[_SOURCE_COLUMNS[name]] = cell
        elif name == "tags":
            obj["tags"] = [tag.strip() for tag in cell.split(";") if tag.strip()]
        else:
            obj[name] = cell
    if source:
        obj["source"] = source
    return obj
