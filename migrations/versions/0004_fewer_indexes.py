"""Two indexes fewer to maintain on every append.

`recorded_at` never decreases along seq, so the last seq recorded before a moment is found by a binary search on
seq; a timeline as known at an earlier seq sorts its rows instead of keeping a second order index.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_event_log_recorded_at", table_name="event_log")
    op.drop_index("ix_version_known_order", table_name="statement_version")


def downgrade() -> None:
    op.create_index("ix_version_known_order", "statement_version", ["period_start", "stmt_seq", "seq_from"])
    op.create_index("ix_event_log_recorded_at", "event_log", ["recorded_at"])


