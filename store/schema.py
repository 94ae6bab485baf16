"""The tables: the append-only event log, and the projections rebuilt from it.

`event_log` is the record. `statement_version` holds each version of each statement with the log interval
[seq_from, seq_to) in which it was the statement's current content (seq_to null: still current); as-of
questions at any known-at moment are index look-ups on it. `topic` lists every (party, issue) ever seen so
that the position matrix never scans statements, with how many statements on it are in force now, so that
`parties` and `issues` count without scanning them either. `registry_version` holds the versions of parties, issues and
speakers the same way, one current version per key. `projection_state` is the checkpoint: the last seq applied.
The DDL itself, with the triggers that refuse changes, lives in `migrations/`; this module must match it.
"""

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    case,
    literal_column,
)

metadata = MetaData()

# INTEGER PRIMARY KEY is SQLite's rowid: no second index for seq.
Seq = BigInteger().with_variant(Integer(), "sqlite")

event_log = Table(
    "event_log", metadata,
    Column("seq", Seq, primary_key=True, autoincrement=False),
    Column("id", String(36), nullable=False, unique=True),
    Column("type", String(16), nullable=False),
    Column("target", String(36), nullable=True),  # its partial index: store/indexes.py
    Column("recorded_at", String(27), nullable=False),
    Column("recorded_by", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("hash", String(64), nullable=False),
)

statement_version = Table(
    "statement_version", metadata,
    # Keyed by the statement's own seq, not its UUID (revision 0009): new statements append to the key's index
    # in order, where random UUIDs put each insert on a page anywhere in it. The UUID is found through the log.
    Column("statement_id", String(36), nullable=False),
    Column("version", Integer, nullable=False, autoincrement=False),
    Column("stmt_seq", BigInteger, nullable=False),
    Column("seq_from", BigInteger, nullable=False),
    Column("seq_to", BigInteger, nullable=True),
    Column("party", String(100), nullable=False),
    Column("issue", String(200), nullable=False),
    Column("period_start", BigInteger, nullable=False),
    Column("stance", String(16), nullable=False),
    Column("content", Text, nullable=False),
    # The partial indexes of current versions are declared in store/indexes.py.
    # Positions as known at an earlier moment.
    Index("ix_version_known", "party", "issue", "period_start", "stmt_seq", "seq_from"),
    PrimaryKeyConstraint("stmt_seq", "version", name="statement_version_pkey"),
)

topic = Table(
    "topic", metadata,
    Column("party", String(100), primary_key=True),
    Column("issue", String(200), primary_key=True),
    # Statements on the topic in force at the head of the log (revision 0008); counts at an earlier known-at
    # moment are counted from the versions.
    Column("statements", Integer, nullable=False, server_default=literal_column("0")),
)

projection_state = Table(
    "projection_state", metadata,
    Column("name", String(32), primary_key=True),
    Column("last_seq", BigInteger, nullable=False),
)


registry_version = Table(
    "registry_version", metadata,
    Column("entry_id", String(36), primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(16), nullable=False),
    Column("key", String(200), nullable=False),
    Column("seq_from", BigInteger, nullable=False),
    Column("seq_to", BigInteger, nullable=True),
    Column("content", Text, nullable=False),
    # Its partial unique index of current entries is declared in store/indexes.py.
)

PROJECTION_TABLES = (statement_version, topic, registry_version)

# A statement's first version is its own log body (without `type`): its `content` is left empty and read from the
# log, so the text is stored once (revision 0005). Corrected versions, which no log body holds, keep theirs.
IN_LOG = ""


def version_text(content, body):
    """The JSON text of a statement version, from its `content` and the body of the log row at its seq_from."""
    return case((content == IN_LOG, body), else_=content)


def version_fields(text: str) -> dict:
    """A statement version's fields from `version_text`: a log body also names its type, which is dropped."""
    import orjson

    fields = orjson.loads(text)
    fields.pop("type", None)
    return fields


SCHEMA_HEAD = "0009"  # the newest migration; tests check it against migrations/
