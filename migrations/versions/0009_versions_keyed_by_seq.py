"""Statement versions keyed by their statement's seq, not its UUID.

`statement_version`'s primary key was (statement_id, version): a statement's id is a random UUID, so each new
statement's key went to a page anywhere in the key's index, and once the index outgrew the page cache (about
a million events on SQLite) every insert waited on the file. The key is now (stmt_seq, version): a new
statement's seq is the largest yet, so its key goes to the end of the index. `statement_id` stays a column (it
is what reads print); a lookup by UUID finds the statement's seq in the log's id index first. No row changes.

SQLite cannot change a table's primary key in place: the table is made again with the same columns in the
same order, its rows copied, and its indexes and guards put back. PostgreSQL swaps the constraint.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from store.guards import PROJECTION_GUARDED, create_guards, drop_guards

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TABLE = "statement_version"
COLUMNS = ("statement_id", "version", "stmt_seq", "seq_from", "seq_to", "party", "issue", "period_start", "stance",
           "content")


def upgrade() -> None:
    _rekey(("stmt_seq", "version"))


def downgrade() -> None:
    _rekey(("statement_id", "version"))


def _rekey(key: tuple[str, str]) -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT {TABLE}_pkey")
        op.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY ({', '.join(key)})")
        return
    for sql in drop_guards(dialect, TABLE, PROJECTION_GUARDED):
        op.execute(sql)
    op.create_table(
        f"{TABLE}_rekeyed",
        sa.Column("statement_id", sa.String(36), nullable=False),
        sa.Column("version", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("stmt_seq", sa.BigInteger, nullable=False),
        sa.Column("seq_from", sa.BigInteger, nullable=False),
        sa.Column("seq_to", sa.BigInteger, nullable=True),
        sa.Column("party", sa.String(100), nullable=False),
        sa.Column("issue", sa.String(200), nullable=False),
        sa.Column("period_start", sa.BigInteger, nullable=False),
        sa.Column("stance", sa.String(16), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint(*key, name=f"{TABLE}_pkey"),
    )
    columns = ", ".join(COLUMNS)
    # In key order, so that the new key's index is written from one end to the other.
    op.execute(f"INSERT INTO {TABLE}_rekeyed ({columns}) SELECT {columns} FROM {TABLE} ORDER BY {', '.join(key)}")
    op.drop_table(TABLE)  # its indexes go with it
    op.rename_table(f"{TABLE}_rekeyed", TABLE)
    current = sa.text("seq_to IS NULL")
    op.create_index("ix_version_known", TABLE, ["party", "issue", "period_start", "stmt_seq", "seq_from"])
    op.create_index("ix_version_current_order", TABLE, ["period_start", "stmt_seq"], sqlite_where=current)
    for sql in create_guards(dialect, TABLE, PROJECTION_GUARDED):
        op.execute(sql)
