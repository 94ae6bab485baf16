"""Statement text stored once, and less index upkeep on every append.

A statement's first version held a second copy of the statement's log body (without `type`); its `content` is
now left empty and read from the log row at its seq_from. Corrected versions, which no log body holds, keep
theirs. `ix_version_current` is dropped: the queries it served (shifts, timeline and counts of current versions)
are served as well by `ix_version_known`, whose rows are nine in ten current. `ix_event_log_target` keeps only
the rows that have a target (corrections and retractions): every query on it names a target.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# A statement's body is its canonical JSON with sorted keys, and `type` sorts after every statement field: the
# body ends with this, and the version's content is the body without it.
TYPE_SUFFIX = ',"type":"statement"}'


def upgrade() -> None:
    op.execute("UPDATE statement_version SET content = '' WHERE version = 1")
    op.drop_index("ix_version_current", table_name="statement_version")
    op.drop_index("ix_event_log_target", table_name="event_log")
    has_target = sa.text("target IS NOT NULL")
    op.create_index("ix_event_log_target", "event_log", ["target"], sqlite_where=has_target,
                    postgresql_where=has_target)


def downgrade() -> None:
    cut = len(TYPE_SUFFIX)
    op.execute(
        "UPDATE statement_version SET content = "
        f"(SELECT substr(body, 1, length(body) - {cut}) || '}}' FROM event_log WHERE event_log.seq = "
        "statement_version.seq_from) WHERE version = 1"
    )
    op.drop_index("ix_event_log_target", table_name="event_log")
    op.create_index("ix_event_log_target", "event_log", ["target"])
    current = "seq_to IS NULL"
    op.create_index("ix_version_current", "statement_version", ["party", "issue", "period_start", "stmt_seq"],
                    sqlite_where=sa.text(current), postgresql_where=sa.text(current))
