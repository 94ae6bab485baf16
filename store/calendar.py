"""The moments statements in force were stated at (the starts of their periods): the explorer's date slider."""

from sqlalchemy import select

from store.positions import valid_at
from store.schema import statement_version as sv


def stated_starts(ledger, known: int | None = None) -> list[int]:
    """The distinct period starts (µs since the epoch, UTC) of the statements in force at `known`, in order."""
    query = select(sv.c.period_start).where(valid_at(sv, known)).distinct().order_by(sv.c.period_start)
    with ledger.reader() as conn:
        return list(conn.execute(query).scalars())
