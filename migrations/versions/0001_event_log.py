"""The append-only event log, statement versions, topics and the projection checkpoint.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

# The guard SQL is a stable function of (dialect, table, operations); later revisions reuse it the same way.
from store.guards import LOG_GUARDED, PG_FUNCTION, PROJECTION_GUARDED, create_guards, drop_guards

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Seq = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
GUARDED = {
    "event_log": LOG_GUARDED,
    "statement_version": PROJECTION_GUARDED,
    "topic": PROJECTION_GUARDED,
    "projection_state": PROJECTION_GUARDED,
    "alembic_version": PROJECTION_GUARDED,
}


def upgrade() -> None:
    op.create_table(
        "event_log",
        sa.Column("seq", Seq, primary_key=True, autoincrement=False),
        sa.Column("id", sa.String(36), nullable=False, unique=True),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("target", sa.String(36), nullable=True),
        sa.Column("recorded_at", sa.String(27), nullable=False),
        sa.Column("recorded_by", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_event_log_target", "event_log", ["target"])
    op.create_index("ix_event_log_recorded_at", "event_log", ["recorded_at"])
    op.create_table(
        "statement_version",
        sa.Column("statement_id", sa.String(36), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("stmt_seq", sa.BigInteger, nullable=False),
        sa.Column("seq_from", sa.BigInteger, nullable=False),
        sa.Column("seq_to", sa.BigInteger, nullable=True),
        sa.Column("party", sa.String(100), nullable=False),
        sa.Column("issue", sa.String(200), nullable=False),
        sa.Column("period_start", sa.BigInteger, nullable=False),
        sa.Column("stance", sa.String(16), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
    )
    current = sa.text("seq_to IS NULL")
    op.create_index("ix_version_current", "statement_version", ["party", "issue", "period_start", "stmt_seq"],
                    sqlite_where=current, postgresql_where=current)
    op.create_index("ix_version_current_order", "statement_version", ["period_start", "stmt_seq"],
                    sqlite_where=current, postgresql_where=current)
    op.create_index("ix_version_known", "statement_version",
                    ["party", "issue", "period_start", "stmt_seq", "seq_from"])
    op.create_index("ix_version_known_order", "statement_version", ["period_start", "stmt_seq", "seq_from"])
    op.create_table(
        "topic",
        sa.Column("party", sa.String(100), primary_key=True),
        sa.Column("issue", sa.String(200), primary_key=True),
    )
    op.create_table(
        "projection_state",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("last_seq", sa.BigInteger, nullable=False),
    )
    op.execute("INSERT INTO projection_state (name, last_seq) VALUES ('positions', 0)")

    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(PG_FUNCTION)
    for table, operations in GUARDED.items():
        for sql in create_guards(dialect, table, operations):
            op.execute(sql)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table, operations in GUARDED.items():
        for sql in drop_guards(dialect, table, operations):
            op.execute(sql)
    if dialect == "postgresql":
        op.execute("DROP FUNCTION stancelog_refuse_change()")
    for table in ("projection_state", "topic", "statement_version", "event_log"):
        op.drop_table(table)
