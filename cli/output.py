"""The one place that prints rows: table, json, jsonl, csv or markdown, the same for every read command.

Tables fit in 100 columns: each command names its table columns, long ones cut (marked …) and one column
wrapped into the width left. Every other format carries every field in full. JSON is streamed row by row.
CSV and Markdown are flat, for spreadsheets: a nested source becomes `source_url`, `source_outlet`, …; a statement
inside a row (`from`, `to`, `before`, `after`) becomes prefixed columns (`from_stated_on`, `from_stance`, …);
lists of words (tags, aliases) are joined with `;`. No cell holds JSON.
"""

import csv
import sys
import textwrap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import orjson

TABLE_WIDTH = 100  # at least; a wider terminal gets its own width
MIN_WRAP = 20


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"


@dataclass(frozen=True)
class Col:
    """A table column: its header, how to get its text from a row, and a width to cut it at (or wrap)."""

    header: str
    get: Callable[[Mapping[str, Any]], Any] | None = None
    width: int | None = None
    wrap: bool = False

    def text(self, row: Mapping[str, Any]) -> str:
        return cell(self.get(row) if self.get else row.get(self.header))


SOURCE_FIELDS = ("url", "outlet", "title", "published_on")
# A statement as it sits inside a shift or diff row, flattened: every text field has a column.
STATEMENT_IN_ROW = ["statement_id", "stated_on", "speaker", "role", "stance", "position", "conditions", "quote",
                    "source", "tags", "note", "evidence"]
STATEMENT_SLOTS = ("from", "to", "before", "after")
NESTED = {"source": [f"source_{f}" for f in SOURCE_FIELDS]}
for _slot in STATEMENT_SLOTS:
    NESTED[_slot] = [f"{_slot}_{c}" for name in STATEMENT_IN_ROW for c in NESTED.get(name, [name])]


def flat_columns(columns: list[str]) -> list[str]:
    """The CSV and Markdown header for a command's fields: nested ones spread over prefixed columns."""
    return [c for name in columns for c in NESTED.get(name, [name])]


def flatten(row: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """A row with nested objects spread into `prefix_key` fields and lists of words joined with `;`."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict):  # rows are plain dicts; the Mapping ABC check costs a third of a CSV's time
            out.update(flatten(value, f"{prefix}{key}_"))
        elif isinstance(value, list):
            out[prefix + key] = ";".join(_words(v) for v in value)
        else:
            out[prefix + key] = value
    return out


def _words(value: Any) -> str:
    """An item of a list in a flat cell: itself, or an object's fields as `key value` words."""
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items() if v is not None)
    return str(value)


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return orjson.dumps(value).decode()
    return str(value)


def _cut(text: str, width: int | None) -> str:
    text = " ".join(text.split())  # a table cell is one line unless wrapped
    if width is None or len(text) <= width:
        return text
    return text[: width - 1] + "…"


def render(rows: Iterable[Mapping[str, Any]], columns: list[str], fmt: Format,
           table: list[Col] | None = None, out=None,
           flat: Callable[[Mapping[str, Any]], Mapping[str, Any]] = flatten) -> int:
    """Print rows in `fmt`; return how many were printed.

    `columns` are the fields of a row, in order; CSV and Markdown print them through `flat` (nested objects spread
    into prefixed columns, see `flat_columns`), JSON and JSON Lines as they are.
    """
    out = out or sys.stdout
    if fmt in (Format.csv, Format.markdown):
        rows = (flat(row) for row in rows)
        columns = flat_columns(columns)
    count = 0
    if fmt is Format.json:
        out.write("[")
        for count, row in enumerate(rows, 1):
            out.write(("\n" if count == 1 else ",\n") + orjson.dumps(dict(row)).decode())
        out.write("\n]\n" if count else "]\n")
    elif fmt is Format.jsonl:
        for count, row in enumerate(rows, 1):
            out.write(orjson.dumps(dict(row)).decode() + "\n")
    elif fmt is Format.csv:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for count, row in enumerate(rows, 1):  # flat by now: the csv module writes None as an empty cell
            writer.writerow([row.get(c) for c in columns])
    elif fmt is Format.markdown:
        from tabulate import tabulate

        body = [[cell(row.get(c)).replace("|", "\\|").replace("\n", "<br>") for c in columns] for row in rows]
        count = len(body)
        if body:
            out.write(tabulate(body, headers=columns, tablefmt="github", disable_numparse=True) + "\n")
    else:
        count = _table(rows, table or [Col(c) for c in columns], out)
    return count


def _table(rows: Iterable[Mapping[str, Any]], cols: list[Col], out) -> int:
    from tabulate import tabulate

    body = [[_cut(col.text(row), None if col.wrap else col.width) for col in cols] for row in rows]
    if not body:
        return 0
    wrapped = [i for i, col in enumerate(cols) if col.wrap]
    if wrapped:
        i = wrapped[0]
        others = sum(max(len(cols[j].header), *(len(r[j]) for r in body)) for j in range(len(cols)) if j != i)
        room = max(MIN_WRAP, _width(out) - others - 2 * (len(cols) - 1) - 1)
        for r in body:
            r[i] = "\n".join(textwrap.wrap(r[i], room)) or ""
    out.write(tabulate(body, headers=[c.header for c in cols], tablefmt="simple", disable_numparse=True) + "\n")
    return len(body)


def _width(out) -> int:
    if hasattr(out, "isatty") and out.isatty():
        import shutil

        return max(TABLE_WIDTH, shutil.get_terminal_size((TABLE_WIDTH, 24)).columns)
    return TABLE_WIDTH
