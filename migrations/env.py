"""Alembic environment: runs on the live connection that `store.migrate` hands over, or on `sqlalchemy.url`."""

from alembic import context

from store.schema import metadata

config = context.config


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    from store.engine import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        run(conn)
