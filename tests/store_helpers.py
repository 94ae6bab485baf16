"""Shared helpers of the store tests: sample events, import shortcuts, raw SQL behind the store's back, snapshots."""

import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Connection, create_engine, select, text
from sqlalchemy.pool import NullPool

from events.lines import decode_csv, decode_jsonl
from store import Ledger, Refused
from store.append import Appended
from store.schema import event_log, metadata, statement_version, version_fields, version_text

BASE = {
    "stated_on": "2025-11-27",
    "party": "russia",
    "issue": "territory/donbas",
    "stance": "demand",
    "position": "Ukraine withdraws from the Donbas.",
    "source": {"outlet": "TASS"},
}


def statement(n: int = 0, **changes: Any) -> dict:
    """A valid statement, distinct for each n; a change to None leaves that field out."""
    obj = {**BASE, "position": f"Position number {n}."}
    for name, value in changes.items():
        if value is None:
            obj.pop(name, None)
        else:
            obj[name] = value
    return obj


def line(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode() + b"\n"


def lines(*objs: Any) -> list[bytes]:
    return [line(obj) for obj in objs]


def load(ledger: Ledger, raw: list[bytes], by: str = "tester") -> Appended:
    return ledger.append(decode_jsonl(raw), by)


def csv_lines(text: str) -> list[bytes]:
    """CSV text as the physical lines of a UTF-8 file."""
    return io.BytesIO(text.encode()).readlines()


def load_csv(ledger: Ledger, text: str, by: str = "tester") -> Appended:
    return ledger.append(decode_csv(csv_lines(text)), by)


def refusal(ledger: Ledger, raw: list[bytes]) -> list[str]:
    """The problems of a refused import; fails the test when the import went through."""
    with pytest.raises(Refused) as caught:
        load(ledger, raw)
    return caught.value.problems


def export(ledger: Ledger) -> bytes:
    return b"".join(ledger.export())


def ids_in_log(ledger: Ledger) -> list[str]:
    return [row["id"] for row in ledger.log()]


def snapshot(ledger: Ledger) -> dict[str, list[tuple]]:
    """Every row of every table of the store (the log and the projections), in primary-key order."""
    with ledger.reader() as conn:
        return {
            table.name: [tuple(row) for row in conn.execute(select(table).order_by(*table.primary_key.columns))]
            for table in metadata.sorted_tables
        }


def current_content(ledger: Ledger, statement_id: str) -> dict | None:
    """The statement's current content in the projection; None when it has none (retracted or unknown)."""
    with ledger.reader() as conn:
        content = conn.execute(  # a first version's text is its statement's log body
            select(version_text(statement_version.c.content, event_log.c.body))
            .join(event_log, event_log.c.seq == statement_version.c.seq_from)
            .where(statement_version.c.statement_id == statement_id, statement_version.c.seq_to.is_(None))
        ).scalar()
    return None if content is None else version_fields(content)


@contextmanager
def raw_sql(url: str) -> Iterator[Connection]:
    """A plain connection of our own, not the store's engine: tampering as another program would."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            yield conn
    finally:
        engine.dispose()


def run_sql(url: str, *statements: str) -> None:
    with raw_sql(url) as conn:
        for sql in statements:
            conn.execute(text(sql))
