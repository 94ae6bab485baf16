"""One statement's story (`show`) and one party's statements with their corrections (`history`)."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import orjson
from sqlalchemy import func, select

from events.model import version_changes
from store.errors import UnknownEvent
from store.ledger import Ledger
from store.positions import CHUNK, TEXT, WITH_LOG, statement_row, topic_filter
from store.schema import event_log as log
from store.schema import statement_version as sv
from store.schema import version_fields, version_text


def _known(column, known: int | None) -> list:
    return [] if known is None else [column <= known]


def _event(row) -> dict[str, Any]:
    """A correction or retraction as shown beside its statement."""
    body = orjson.loads(row.body)
    event = {"seq": row.seq, "id": row.id, "type": row.type, "recorded_at": row.recorded_at,
             "recorded_by": row.recorded_by, "reason": body["reason"]}
    if "changes" in body:
        event["changes"] = body["changes"]
    return event


# Versions are keyed by their statement's seq (revision 0009): a statement's UUID is looked up in the log first.
_ids = log.alias("ids")


def _seqs_of(statement_ids):
    """The seqs of these statements (a list of UUIDs, or a query giving them), as a subquery."""
    return select(_ids.c.seq).where(_ids.c.id.in_(statement_ids))


def current_content(conn, statement_id: str) -> dict[str, Any] | None:
    """The statement's current content, in the caller's transaction; None when unknown or retracted."""
    text = conn.execute(select(version_text(sv.c.content, log.c.body)).join(log, log.c.seq == sv.c.seq_from)
                        .where(sv.c.stmt_seq.in_(_seqs_of([statement_id])), sv.c.seq_to.is_(None))).scalar()
    return None if text is None else version_fields(text)


def show(ledger: Ledger, statement_id: str, known: int | None = None) -> dict[str, Any]:
    """Every version of a statement with when it was recorded and why, and its retraction if any."""
    with ledger.reader() as conn:
        head = conn.execute(select(log.c.seq).where(log.c.id == statement_id, log.c.type == "statement",
                                                    *_known(log.c.seq, known))).scalar()
        if head is None:
            raise UnknownEvent(f"no statement with id {statement_id}"
                               + (f" known at seq {known}" if known is not None else ""))
        rows = conn.execute(
            select(sv.c.version, version_text(sv.c.content, log.c.body).label("text"), log.c.seq, log.c.id,
                   log.c.type, log.c.recorded_at, log.c.recorded_by, log.c.body)
            .join(log, log.c.seq == sv.c.seq_from)
            .where(sv.c.stmt_seq == head, *_known(sv.c.seq_from, known))
            .order_by(sv.c.version)
        ).all()
        retraction = conn.execute(select(log).where(log.c.target == statement_id, log.c.type == "retraction",
                                                    *_known(log.c.seq, known))).first()
    versions: list[dict[str, Any]] = []
    for row in rows:
        content = version_fields(row.text)
        # What changed from the version before, field by field ({} for the first version).
        changes = version_changes(versions[-1]["content"], content) if versions else {}
        version = {"version": row.version, "seq": row.seq, "event_id": row.id, "recorded_at": row.recorded_at,
                   "recorded_by": row.recorded_by, "reason": None, "changes": changes, "content": content}
        if row.type == "correction":
            version["reason"] = _event(row)["reason"]
        versions.append(version)
    return {"statement_id": statement_id, "seq": head, "status": "retracted" if retraction else "in force",
            "versions": versions, "retraction": _event(retraction) if retraction else None}


def history(ledger: Ledger, party: str, issues: Sequence[str] = (), known: int | None = None) -> list[dict[str, Any]]:
    """A party's statements in stated order, retracted ones included and marked, each with its corrections."""
    where = topic_filter(sv.c.party, sv.c.issue, [party], issues)
    return _last_versions(ledger, where, known, (sv.c.period_start, sv.c.stmt_seq))


def amended(ledger: Ledger, parties: Sequence[str] = (), issues: Sequence[str] = (),
            known: int | None = None) -> list[dict[str, Any]]:
    """The statements of these parties and issues that were corrected or retracted as known at `known`, as
    `history` gives them, by party, issue and stated order: found from the log's targets, so that the cost
    follows the amended statements, not all of them."""
    targets = (select(log.c.target).where(log.c.type.in_(("correction", "retraction")), log.c.target.is_not(None),
                                          *_known(log.c.seq, known)))
    where = [sv.c.stmt_seq.in_(_seqs_of(targets)), *topic_filter(sv.c.party, sv.c.issue, parties, issues)]
    return _last_versions(ledger, where, known, (sv.c.party, sv.c.issue, sv.c.period_start, sv.c.stmt_seq))


def _last_versions(ledger: Ledger, where: list, known: int | None, order: tuple) -> list[dict[str, Any]]:
    """The last version as known at `known` of each statement that `where` selects, with its later events."""
    newest = sv.alias("newest")
    last_version = (select(func.max(newest.c.version))
                    .where(newest.c.stmt_seq == sv.c.stmt_seq, *_known(newest.c.seq_from, known))
                    .scalar_subquery())
    query = (select(sv.c.statement_id, sv.c.version, TEXT).select_from(WITH_LOG)
             .where(sv.c.version == last_version, *_known(sv.c.seq_from, known), *where).order_by(*order))
    with ledger.reader() as conn:
        statements = conn.execute(query).all()
        ids = [row.statement_id for row in statements]
        later: dict[str, list] = defaultdict(list)
        for start in range(0, len(ids), CHUNK):
            for row in conn.execute(select(log).where(log.c.target.in_(ids[start:start + CHUNK]),
                                                      *_known(log.c.seq, known)).order_by(log.c.seq)):
                later[row.target].append(_event(row))
    rows = []
    for sid, version, text in statements:
        events = later.get(sid, [])
        retraction = next((e for e in events if e["type"] == "retraction"), None)
        rows.append(statement_row(
            sid, version_fields(text), version=version,
            status="retracted" if retraction else "in force",
            corrections=[e for e in events if e["type"] == "correction"],
            retraction=retraction,
        ))
    return rows


def versions(ledger: Ledger, ids: Sequence[str], known: int | None = None) -> dict[str, list[tuple[int, dict]]]:
    """Each statement's versions as known at `known`, in order: (the seq that made it, its content)."""
    found: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    with ledger.reader() as conn:
        for start in range(0, len(ids), CHUNK):
            query = (select(sv.c.statement_id, sv.c.seq_from, TEXT).select_from(WITH_LOG)
                     .where(sv.c.stmt_seq.in_(_seqs_of(ids[start:start + CHUNK])), *_known(sv.c.seq_from, known))
                     .order_by(sv.c.stmt_seq, sv.c.version))
            for sid, seq_from, text in conn.execute(query):
                found[sid].append((seq_from, version_fields(text)))
    return found
