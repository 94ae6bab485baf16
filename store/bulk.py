"""Multi-row writes through the driver: rows as tuples, one executemany per batch, no per-row SQLAlchemy work."""

from sqlalchemy import Connection


def mark(conn: Connection) -> str:
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


def insert_sql(conn: Connection, table: str, columns: tuple[str, ...], ignore_duplicates: bool = False) -> str:
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark(conn)] * len(columns))})"
    return sql + " ON CONFLICT DO NOTHING" if ignore_duplicates else sql
