"""Alembic environment: runs on the live connection that `store.migrate` hands over, or on `sqlalchemy.url`."""

from alembic import context

from store.indexes import metadata  # the tables with all their indexes
from store.migrate import MIGRATION_LOCK

config = context.config


def _modelled(name, type_, _parent) -> bool:
    """The full-text index (an FTS5 table and its shadow tables on SQLite) has no model to compare with."""
    return not (type_ == "table" and name.startswith("statement_search"))


def run(connection) -> None:
    if connection.dialect.name == "postgresql":
        # Whoever migrates a database holds this lock, so a second first user waits instead of colliding.
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
        include_name=_modelled,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    from store.engine import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        run(conn)
