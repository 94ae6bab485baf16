"""Multi-row writes through the driver: rows as tuples, one call per batch, no per-row SQLAlchemy work."""

from sqlalchemy import Connection

from store.recorder import recorder_of


def mark(conn: Connection) -> str:
    return recorder_of(conn).mark


def insert_sql(conn: Connection, table: str, columns: tuple[str, ...], ignore_duplicates: bool = False) -> str:
    return recorder_of(conn).insert_sql(table, columns, ignore_duplicates)


def insert_rows(conn: Connection, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Rows without conflicts, in one call: executemany on SQLite, COPY on PostgreSQL."""
    recorder_of(conn).insert(conn, table, columns, rows)
