"""PostgreSQL: the search index takes new entries into its pending list again (GIN `fastupdate = on`).

With `fastupdate = off` each new version's words went into the GIN index at once, which made the index the
largest cost of a PostgreSQL import (measured: 100,000 rows copied in 19.9 s with it, 9.1 s with the pending
list, 3.3 s with no index). The pending list is bounded by `gin_pending_list_limit` (4 MB by default), merged into
the index when it is full, by (auto)vacuum, and by the store itself after a large import, before its statistics
are gathered, so that the planner never sees a long pending list and reads the whole table instead. SQLite: no
change.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER INDEX ix_statement_search SET (fastupdate = on)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # Entries waiting in the pending list go into the index first: with fastupdate off nothing would.
        op.execute("SELECT gin_clean_pending_list('ix_statement_search'::regclass)")
        op.execute("ALTER INDEX ix_statement_search SET (fastupdate = off)")
