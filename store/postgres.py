"""The PostgreSQL recorder: everything the store does its own way on PostgreSQL (see store/recorder.py)."""

from sqlalchemy import Column, Connection, Engine, MetaData, Table, create_engine, select, true

from store.recorder import Recorder, key_of
from store.schema import event_log, version_text

# lock_not_available (lock_timeout) and query_canceled (statement_timeout): the write lock was not had in time.
BUSY_SQLSTATES = {"55P03", "57014"}

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION stancelog_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'stancelog: % on % is refused: the record is append-only', TG_OP, TG_TABLE_NAME;
END $$
"""


class PostgresRecorder(Recorder):
    name = "postgresql"
    mark = "%s"

    def make_engine(self, url, read_only: bool = False) -> Engine:
        from store.engine import BUSY_TIMEOUT_S, READERS

        timeout_ms = int(BUSY_TIMEOUT_S * 1000)
        # The connection is kept between transactions: opening one costs a round of authentication (about 20 ms
        # on loopback), more than a small append. Pre-ping replaces a connection the server dropped while a
        # long-lived caller held it.
        return create_engine(
            url, pool_size=READERS if read_only else 1, max_overflow=4, pool_pre_ping=True,
            connect_args={"options": f"-c lock_timeout={timeout_ms} -c statement_timeout=0"
                                     + (" -c default_transaction_read_only=on" if read_only else "")},
        )

    def reader(self, conn: Connection) -> Connection:
        return conn.execution_options(isolation_level="REPEATABLE READ")

    def lock_and_clock(self, conn: Connection) -> int:
        # EXCLUSIVE lets readers read while writers queue: seq follows commit order.
        conn.exec_driver_sql("LOCK TABLE event_log IN EXCLUSIVE MODE")
        return conn.exec_driver_sql("SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint").scalar()

    def migration_lock(self, conn: Connection, key: int) -> None:
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({int(key)})")

    def insert(self, conn: Connection, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        """COPY, in the caller's transaction: several times faster than a multi-row INSERT for large batches."""
        cursor = conn.connection.driver_connection.cursor()
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def last_per_topic(self, topic: Table, versions, counting: list, newest_first: tuple):
        """Each topic joined to a LATERAL subquery: an index seek per topic to its last counting version."""
        latest = versions.alias("latest")
        last = (select(latest.c.statement_id, latest.c.version, latest.c.content, latest.c.seq_from)
                .where(*counting(latest)).order_by(*newest_first(latest)).limit(1).lateral("last"))
        return (select(last.c.statement_id, last.c.version, version_text(last.c.content, event_log.c.body))
                .select_from(topic.join(last, true()).join(event_log, event_log.c.seq == last.c.seq_from)))

    def create_guards(self, table: str, operations: tuple[str, ...]) -> list[str]:
        row_ops = " OR ".join(op for op in operations if op != "TRUNCATE")
        sql = [f"CREATE TRIGGER {table}_refuse_change BEFORE {row_ops} ON {table} "
               "FOR EACH ROW EXECUTE FUNCTION stancelog_refuse_change()"]
        if "TRUNCATE" in operations:
            sql.append(f"CREATE TRIGGER {table}_refuse_truncate BEFORE TRUNCATE ON {table} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION stancelog_refuse_change()")
        return sql

    def drop_guards(self, table: str, operations: tuple[str, ...]) -> list[str]:
        sql = [f"DROP TRIGGER {table}_refuse_change ON {table}"]
        if "TRUNCATE" in operations:
            sql.append(f"DROP TRIGGER {table}_refuse_truncate ON {table}")
        return sql

    def trigger_names(self, table: str, operations: tuple[str, ...]) -> list[str]:
        return [f"{table}_refuse_change", *([f"{table}_refuse_truncate"] if "TRUNCATE" in operations else [])]

    def present_triggers_sql(self) -> str:
        return ("SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal "
                "AND t.tgenabled <> 'D' AND c.relnamespace = to_regnamespace(current_schema())")

    def scratch(self, conn: Connection, table: Table) -> Table:
        copy = Table(f"scratch_{table.name}", MetaData(),
                     *[Column(c.name, c.type) for c in table.columns], key_of(table),
                     prefixes=["TEMPORARY"], postgresql_on_commit="DROP")
        copy.create(conn)
        return copy

    def after_import(self, engine: Engine, events: int) -> None:
        """The search index's pending list merged after every write, and fresh planner statistics after a large
        import. Autovacuum does both too, but only a while later: until then a search also scans every entry not
        yet merged (revision 0007), and PostgreSQL plans as-of queries for the tables as they were, about 1.5×
        slower at 100,000 events."""
        from store.ledger import ANALYZE_AFTER

        if events == 0:
            return
        with engine.connect() as conn, conn.begin():
            # Only the index's owner may merge it: a writer role granted INSERT leaves it to autovacuum.
            conn.exec_driver_sql("SELECT gin_clean_pending_list(c.oid) FROM pg_class c WHERE c.oid = "
                                 "'ix_statement_search'::regclass AND pg_has_role(c.relowner, 'USAGE')")
            if events < ANALYZE_AFTER:
                return
            # The columns queries filter and sort on: statistics of the long text columns cost as much again.
            # The search index's words too: without their statistics the planner scans it instead of its GIN index.
            conn.exec_driver_sql("ANALYZE event_log (seq, id, target), topic, registry_version (kind, key, seq_to), "
                                 "statement_version (statement_id, party, issue, period_start, stmt_seq, seq_from, "
                                 "seq_to), statement_search (document)")

    def is_busy(self, error: BaseException) -> bool:
        return getattr(error, "sqlstate", None) in BUSY_SQLSTATES

    # The full-text index: a `simple` tsvector with a GIN index (migrations/versions/0006), keyed by seq_from.
    def search_matches(self, table: str) -> str:
        return f"{table}.document @@ plainto_tsquery('simple', :match)"  # ANDs the words, never a syntax error


RECORDER = PostgresRecorder()
