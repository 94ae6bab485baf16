"""The registry of parties, issues and speakers: versions of each entry, one current version per key.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

from store.guards import PROJECTION_GUARDED, create_guards, drop_guards

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registry_version",
        sa.Column("entry_id", sa.String(36), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("seq_from", sa.BigInteger, nullable=False),
        sa.Column("seq_to", sa.BigInteger, nullable=True),
        sa.Column("content", sa.Text, nullable=False),
    )
    current = sa.text("seq_to IS NULL")
    op.create_index("ix_registry_current", "registry_version", ["kind", "key"], unique=True,
                    sqlite_where=current, postgresql_where=current)
    for sql in create_guards(op.get_bind().dialect.name, "registry_version", PROJECTION_GUARDED):
        op.execute(sql)


def downgrade() -> None:
    for sql in drop_guards(op.get_bind().dialect.name, "registry_version", PROJECTION_GUARDED):
        op.execute(sql)
    op.drop_table("registry_version")
