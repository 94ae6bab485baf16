"""Schema upgrades from code. Alembic is imported only when the schema is missing or behind, never on a plain read."""

from importlib import resources

from sqlalchemy import Connection, Engine, inspect, text

from store.errors import SchemaTooNew
from store.recorder import recorder_of
from store.schema import SCHEMA_HEAD


def alembic_config(connection: Connection | None = None, url: str | None = None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("migrations")))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return _revision(conn)


def _revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


# Any constant will do: it names the lock that first users of one PostgreSQL database queue on.
MIGRATION_LOCK = 7_326_518_004


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the schema to head; return (revision before, revision after).

    The revision is read again under the write lock, so that several first users of one store queue up and
    only the first one migrates.
    """
    with engine.connect() as conn:
        conn = conn.execution_options(stance_writer=True)  # SQLite: BEGIN IMMEDIATE
        with conn.begin():
            recorder_of(conn).migration_lock(conn, MIGRATION_LOCK)
            before = _revision(conn)
            _refuse_newer(before)
            if before != SCHEMA_HEAD:
                from alembic import command

                command.upgrade(alembic_config(conn), "head")
    return before, SCHEMA_HEAD


def ensure_schema(engine: Engine) -> None:
    """On first use the store is created; a store from newer code is refused rather than misread."""
    if current_revision(engine) != SCHEMA_HEAD:
        upgrade(engine)


def _refuse_newer(revision: str | None) -> None:
    if revision is None or revision == SCHEMA_HEAD:
        return
    from alembic.script import ScriptDirectory

    known = {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if revision not in known:
        raise SchemaTooNew(
            f"the store's schema is at revision {revision}, newer than this stancelog knows ({SCHEMA_HEAD}); "
            "upgrade stancelog to use it"
        )
