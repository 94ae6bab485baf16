"""The one place that prints rows: table, json, jsonl, csv or markdown, the same for every read command.

Tables are cut to fit about 100 columns (the cut marked with …); every other format carries the full text.
JSON is streamed row by row, so a long log never sits in memory.
"""

import csv
import sys
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

import orjson


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return orjson.dumps(value).decode()
    return str(value)


def _cut(text: str, width: int | None) -> str:
    text = " ".join(text.split())  # a table row is one line
    if width is None or len(text) <= width:
        return text
    return text[: width - 1] + "…"


def render(rows: Iterable[Mapping[str, Any]], columns: list[str], fmt: Format,
           widths: Mapping[str, int] | None = None, out=None) -> int:
    """Print rows in `fmt`; return how many were printed."""
    out = out or sys.stdout
    widths = widths or {}
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
        for count, row in enumerate(rows, 1):
            writer.writerow([_cell(row.get(c)) for c in columns])
    else:
        from tabulate import tabulate

        if fmt is Format.markdown:
            body = [[_cell(row.get(c)).replace("|", "\\|").replace("\n", "<br>") for c in columns] for row in rows]
            tablefmt = "github"
        else:
            body = [[_cut(_cell(row.get(c)), widths.get(c)) for c in columns] for row in rows]
            tablefmt = "simple"
        count = len(body)
        if body:
            out.write(tabulate(body, headers=columns, tablefmt=tablefmt, disable_numparse=True) + "\n")
    return count
