"""SQLite: refuse INSERT OR REPLACE on the record (it deletes the old row without firing DELETE triggers).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from alembic import op

from store.guards import create_replace_guard, drop_replace_guard

# The tables and their keys, as they stand at this revision.
KEYS = {
    "event_log": (("seq",), ("id",)),
    "projection_state": (("name",),),
    "alembic_version": (("version_num",),),
}

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table, keys in KEYS.items():
            op.execute(create_replace_guard(table, keys))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in KEYS:
            op.execute(drop_replace_guard(table))
