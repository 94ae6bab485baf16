"""The partial indexes, on current versions only, declared apart from their tables.

The migrations create them; declared here, they let Alembic and the tests compare the models with a database.
They are kept out of store/schema.py because `postgresql_where` makes SQLAlchemy import its PostgreSQL dialect
(about 60 ms) in every process that declares them, on SQLite too, and no query needs the declarations. Importing
this module attaches them to the tables of `store.schema.metadata`.
"""

from sqlalchemy import Index, text

from store.schema import event_log, metadata, registry_version, statement_version

CURRENT = "seq_to IS NULL"

# A statement's corrections and retraction; statements, nine events in ten, have no target and no entry.
Index("ix_event_log_target", event_log.c.target, sqlite_where=text("target IS NOT NULL"),
      postgresql_where=text("target IS NOT NULL"))
# Current statements in stated order: the whole-store timeline pages through it without sorting.
# (ix_version_current, by topic, was dropped in revision 0005: ix_version_known serves its queries.)
Index("ix_version_current_order", statement_version.c.period_start, statement_version.c.stmt_seq,
      sqlite_where=text(CURRENT), postgresql_where=text(CURRENT))
# One current entry per registry key.
Index("ix_registry_current", registry_version.c.kind, registry_version.c.key, unique=True,
      sqlite_where=text(CURRENT), postgresql_where=text(CURRENT))

__all__ = ["metadata"]
