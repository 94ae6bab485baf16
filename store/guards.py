"""The triggers by which the database itself refuses to change the record.

The log refuses UPDATE, DELETE and TRUNCATE; projections and the schema version refuse DELETE and TRUNCATE
(a projection's current version is closed by an UPDATE of its seq_to). Only `rebuild` lifts a projection's
guard, inside its own transaction, and puts it back before committing.
"""

from store.postgres import PG_FUNCTION  # noqa: F401 (revision 0001 creates it from here)
from store.recorder import recorder_for, recorder_of


def create_guards(dialect: str, table: str, operations: tuple[str, ...]) -> list[str]:
    """SQL that makes `table` refuse `operations` (of UPDATE, DELETE, TRUNCATE)."""
    return recorder_for(dialect).create_guards(table, operations)


def trigger_names(dialect: str, table: str, operations: tuple[str, ...]) -> list[str]:
    """The names `create_guards` gives its triggers."""
    return recorder_for(dialect).trigger_names(table, operations)


def expected_triggers(dialect: str) -> set[str]:
    names = {name for table, ops in GUARDED_AT_HEAD.items() for name in trigger_names(dialect, table, ops)}
    return names | recorder_for(dialect).extra_triggers()


def present_triggers(conn) -> set[str]:
    """The names of the triggers the database holds now."""
    return {row[0] for row in conn.exec_driver_sql(recorder_of(conn).present_triggers_sql())}


def drop_guards(dialect: str, table: str, operations: tuple[str, ...]) -> list[str]:
    return recorder_for(dialect).drop_guards(table, operations)


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
