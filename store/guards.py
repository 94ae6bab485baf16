"""The triggers by which the database itself refuses to change the record.

The log refuses UPDATE, DELETE and TRUNCATE; projections and the schema version refuse DELETE and TRUNCATE
(a projection's current version is closed by an UPDATE of its seq_to). Only `rebuild` lifts a projection's
guard, inside its own transaction, and puts it back before committing.
"""

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION stancelog_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'stancelog: % on % is refused: the record is append-only', TG_OP, TG_TABLE_NAME;
END $$
"""


def create_guards(dialect: str, table: str, operations: tuple[str, ...]) -> list[str]:
    """SQL that makes `table` refuse `operations` (of UPDATE, DELETE, TRUNCATE)."""
    if dialect == "sqlite":  # SQLite has no TRUNCATE: DELETE without WHERE fires the DELETE trigger
        return [
            f"CREATE TRIGGER {table}_refuse_{op.lower()} BEFORE {op} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, 'stancelog: {op} on {table} is refused: the record is append-only'); END"
            for op in operations if op != "TRUNCATE"
        ]
    row_ops = " OR ".join(op for op in operations if op != "TRUNCATE")
    sql = [f"CREATE TRIGGER {table}_refuse_change BEFORE {row_ops} ON {table} "
           "FOR EACH ROW EXECUTE FUNCTION stancelog_refuse_change()"]
    if "TRUNCATE" in operations:
        sql.append(f"CREATE TRIGGER {table}_refuse_truncate BEFORE TRUNCATE ON {table} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION stancelog_refuse_change()")
    return sql


def trigger_names(dialect: str, table: str, operations: tuple[str, ...]) -> list[str]:
    """The names `create_guards` gives its triggers."""
    if dialect == "sqlite":
        return [f"{table}_refuse_{op.lower()}" for op in operations if op != "TRUNCATE"]
    return [f"{table}_refuse_change", *([f"{table}_refuse_truncate"] if "TRUNCATE" in operations else [])]


def expected_triggers(dialect: str) -> set[str]:
    names = {name for table, ops in GUARDED_AT_HEAD.items() for name in trigger_names(dialect, table, ops)}
    if dialect == "sqlite":
        names |= {f"{table}_refuse_replace" for table in REPLACE_GUARDED_AT_HEAD}
    return names


def present_triggers(conn) -> set[str]:
    """The names of the triggers the database holds now."""
    if conn.dialect.name == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    else:
        sql = ("SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
               "WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND c.relnamespace = to_regnamespace(current_schema())")
    return {row[0] for row in conn.exec_driver_sql(sql)}


def drop_guards(dialect: str, table: str, operations: tuple[str, ...]) -> list[str]:
    if dialect == "sqlite":
        return [f"DROP TRIGGER {table}_refuse_{op.lower()}" for op in operations if op != "TRUNCATE"]
    sql = [f"DROP TRIGGER {table}_refuse_change ON {table}"]
    if "TRUNCATE" in operations:
        sql.append(f"DROP TRIGGER {table}_refuse_truncate ON {table}")
    return sql


LOG_GUARDED = ("UPDATE", "DELETE", "TRUNCATE")
PROJECTION_GUARDED = ("DELETE", "TRUNCATE")

# The guards a store at the schema head has (revisions 0001, 0002 and, on SQLite, 0003); `verify` checks that
# each is still there. A revision that adds or drops a guard changes these too.
GUARDED_AT_HEAD = {
    "event_log": LOG_GUARDED,
    "statement_version": PROJECTION_GUARDED,
    "topic": PROJECTION_GUARDED,
    "projection_state": PROJECTION_GUARDED,
    "alembic_version": PROJECTION_GUARDED,
    "registry_version": PROJECTION_GUARDED,
}
REPLACE_GUARDED_AT_HEAD = ("event_log", "projection_state", "alembic_version")


# SQLite's INSERT OR REPLACE deletes a conflicting row without firing DELETE triggers (unless the connection
# turned on recursive_triggers), so a guarded row could be swapped behind the guards. A trigger refuses an insert
# whose key is taken before the conflict is resolved. It costs a lookup per inserted row, so it guards the record
# (the log, the checkpoint, the schema version); the version tables are checked by `verify` against a replay.


def create_replace_guard(table: str, keys: tuple[tuple[str, ...], ...]) -> str:
    taken = " OR ".join(
        f"EXISTS (SELECT 1 FROM {table} WHERE {' AND '.join(f'{c} = NEW.{c}' for c in key)})" for key in keys)
    return (f"CREATE TRIGGER {table}_refuse_replace BEFORE INSERT ON {table} WHEN {taken} "
            f"BEGIN SELECT RAISE(ABORT, 'stancelog: REPLACE on {table} is refused: the record is append-only'); END")


def drop_replace_guard(table: str) -> str:
    return f"DROP TRIGGER {table}_refuse_replace"
