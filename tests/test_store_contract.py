"""The store's contract, one suite run unchanged on SQLite and PostgreSQL: the log, imports, corrections, export.

Integrity (verify, the hash chain, the database's own refusals, rebuild) is in test_store_integrity.py.
"""

import json
import re
import uuid

import pytest
from store_helpers import (
    BASE,
    current_content,
    export,
    ids_in_log,
    lines,
    load,
    load_csv,
    raw_sql,
    refusal,
    snapshot,
    statement,
)

from events import Invalid, Statement, parse_event
from events.canonical import GENESIS_HASH
from store import Ledger, Refused

# The documented namespace of content ids (events/canonical.py); restated here so a silent change fails a test.
CONTENT_NAMESPACE = uuid.UUID("5a3c1f1e-7d2b-4c1a-9f5e-2b7c0e8d4a61")
RECORDED_AT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z\Z")
STANCES = "demand, appeal, propose, accept, concede, consider, reject, threaten"


def expected_content_id(obj: dict) -> str:
    """UUIDv5 of the canonical JSON (sorted keys, no spaces, UTF-8) of the event without id, type included."""
    content = {"type": "statement", **{k: v for k, v in obj.items() if k != "id"}}
    return str(uuid.uuid5(CONTENT_NAMESPACE, json.dumps(content, sort_keys=True, separators=(",", ":"),
                                                        ensure_ascii=False)))


def stored(ledger: Ledger) -> list[dict]:
    return [json.loads(raw) for raw in export(ledger).splitlines()]


# --- the log -------------------------------------------------------------------------------------------------


def test_seq_is_gapless_and_keeps_the_order_of_the_file(ledger):
    first = load(ledger, lines(*(statement(n) for n in (5, 3, 9, 1, 7))))
    second = load(ledger, lines(statement(2), statement(8), statement(4)))

    assert (first.added["statement"], first.first_seq, first.last_seq) == (5, 1, 5)
    assert (second.added["statement"], second.first_seq, second.last_seq) == (3, 6, 8)
    assert [row["seq"] for row in ledger.log()] == list(range(1, 9))
    assert [e["position"] for e in stored(ledger)] == [f"Position number {n}." for n in (5, 3, 9, 1, 7, 2, 8, 4)]
    assert ledger.head()[0] == 8


def test_log_since_returns_only_later_events(ledger):
    load(ledger, lines(*(statement(n) for n in range(6))))
    assert [row["seq"] for row in ledger.log(since=4)] == [5, 6]
    assert list(ledger.log(since=6)) == []


def test_recorded_at_never_decreases_and_recorded_by_is_kept(ledger):
    load(ledger, lines(statement(1), statement(2)), by="alice")
    ledger.record(Statement(statement(3)), "bob")
    load(ledger, lines(statement(4)), by="Ольга Петренко")

    rows = list(ledger.log())
    assert [row["recorded_by"] for row in rows] == ["alice", "alice", "bob", "Ольга Петренко"]
    assert all(RECORDED_AT.match(row["recorded_at"]) for row in rows)
    assert [row["recorded_at"] for row in rows] == sorted(row["recorded_at"] for row in rows)
    assert rows[0]["recorded_at"] == rows[1]["recorded_at"]  # one import, one moment


def test_recorder_name_is_checked(ledger):
    with pytest.raises(Refused, match="must be 1 to 200 printable characters"):
        load(ledger, lines(statement(1)), by="")
    with pytest.raises(Refused, match="must be 1 to 200 printable characters"):
        load(ledger, lines(statement(1)), by="eve\nmallory")
    assert ledger.head() == (0, GENESIS_HASH)


@pytest.mark.parametrize("where", ["speaker", "recorded_by"])
def test_text_that_is_not_unicode_is_refused(ledger, where):
    bad = "bad \udcff bytes"
    with pytest.raises((Invalid, Refused)):
        if where == "speaker":
            ledger.record(parse_event(statement(1, speaker=bad)), "bob")
        else:
            ledger.record(parse_event(statement(1)), bad)
    assert ledger.head() == (0, GENESIS_HASH)


def test_record_correct_retract_use_random_uuids(ledger):
    sid = ledger.record(Statement(statement(1)), "bob").ids[0]
    cid = ledger.correct(sid, {"stance": "reject"}, "misread", "bob").ids[0]
    rid = ledger.retract(sid, "not said", "bob").ids[0]
    assert [uuid.UUID(i).version for i in (sid, cid, rid)] == [4, 4, 4]
    assert ids_in_log(ledger) == [sid, cid, rid]
    assert [row["target"] for row in ledger.log()] == [None, sid, sid]
    assert [row["type"] for row in ledger.log()] == ["statement", "correction", "retraction"]


# --- idempotency and ids ---------------------------------------------------------------------------------------


def test_reimport_of_the_same_file_adds_nothing(ledger):
    raw = lines(statement(1), statement(2), statement(3))
    load(ledger, raw)
    before = snapshot(ledger)

    again = load(ledger, raw)

    assert (again.total, again.skipped) == (0, 3)
    assert snapshot(ledger) == before


def test_partly_known_file_adds_only_the_new_events(ledger):
    load(ledger, lines(statement(1), statement(2)))
    result = load(ledger, lines(statement(1), statement(3), statement(2)))
    assert (result.total, result.skipped, result.first_seq, result.last_seq) == (1, 2, 3, 3)


def test_same_line_twice_in_one_file_is_kept_once(ledger):
    result = load(ledger, lines(statement(1), statement(1)))
    assert (result.total, result.skipped) == (1, 1)


def test_content_id_is_uuid5_of_the_canonical_content(ledger):
    obj = statement(1, speaker="Sergei Lavrov", tags=["ceasefire", "nato"])
    typed = {"type": "statement", **dict(reversed(list(obj.items())))}  # same content, other key order
    load(ledger, lines(obj))
    result = load(ledger, lines(typed))

    assert ids_in_log(ledger) == [expected_content_id(obj)]
    assert (result.total, result.skipped) == (0, 1)


def test_given_ids_are_kept(ledger):
    given = "0b0f0c3e-8c4e-4f0a-9d55-3b8f5c1e2a77"
    load(ledger, lines({"id": given.upper(), **statement(1)}))
    assert ids_in_log(ledger) == [given]


def test_id_in_the_store_with_other_content_is_refused(ledger):
    given = str(uuid.uuid4())
    load(ledger, lines({"id": given, **statement(1)}))
    before = snapshot(ledger)

    problems = refusal(ledger, lines(statement(7), {"id": given, **statement(2)}))

    assert problems == [f"line 2: id {given} is already in the log with other content"]
    assert snapshot(ledger) == before


def test_id_used_twice_in_one_file_with_other_content_is_refused(ledger):
    given = str(uuid.uuid4())
    problems = refusal(ledger, lines({"id": given, **statement(1)}, {"id": given, **statement(2)}))
    assert problems == [f"line 2: id {given} is already in the log with other content"]
    assert ledger.head() == (0, GENESIS_HASH)


# --- corrections and retractions ------------------------------------------------------------------------------


def correction(target: str, changes: dict, reason: str | None = "misheard") -> dict:
    obj = {"type": "correction", "target": target, "changes": changes, "reason": reason}
    return {k: v for k, v in obj.items() if v is not None}


def test_correction_and_retraction_apply_to_the_current_version(ledger):
    sid = ledger.record(Statement(statement(1, quote="We will not give up Donetsk.")), "bob").ids[0]
    load(ledger, lines(correction(sid, {"stance": "reject", "speaker": "Dmitry Peskov"})))
    assert current_content(ledger, sid) == {**statement(1, quote="We will not give up Donetsk."),
                                            "stance": "reject", "speaker": "Dmitry Peskov"}
    load(ledger, lines({"type": "retraction", "target": sid, "reason": "never said"}))
    assert current_content(ledger, sid) is None


def test_correction_and_retraction_of_an_unknown_statement_are_refused(ledger):
    unknown = str(uuid.uuid4())
    problems = refusal(ledger, lines(statement(1), correction(unknown, {"stance": "reject"}),
                                     {"type": "retraction", "target": unknown, "reason": "gone"}))
    assert problems == [f"line 2: cannot correct unknown statement {unknown}",
                        f"line 3: cannot retract unknown statement {unknown}"]
    with pytest.raises(Refused, match=f"^cannot correct unknown statement {unknown}$"):
        ledger.correct(unknown, {"stance": "reject"}, "misread", "bob")
    with pytest.raises(Refused, match=f"^cannot retract unknown statement {unknown}$"):
        ledger.retract(unknown, "gone", "bob")
    assert ledger.head() == (0, GENESIS_HASH)


def test_a_retracted_statement_cannot_be_corrected_or_retracted(ledger):
    sid = ledger.record(Statement(statement(1)), "bob").ids[0]
    ledger.retract(sid, "not said", "bob")
    head = ledger.head()

    with pytest.raises(Refused, match=f"^cannot correct statement {sid}: it was retracted$"):
        ledger.correct(sid, {"stance": "reject"}, "misread", "bob")
    with pytest.raises(Refused, match=f"^cannot retract statement {sid}: it was retracted$"):
        ledger.retract(sid, "twice", "bob")
    assert ledger.head() == head


def test_retraction_earlier_in_the_same_file_counts(ledger):
    sid = ledger.record(Statement(statement(1)), "bob").ids[0]
    problems = refusal(ledger, lines({"type": "retraction", "target": sid, "reason": "not said"},
                                     correction(sid, {"stance": "reject"})))
    assert problems == [f"line 2: cannot correct statement {sid}: it was retracted"]


def test_statement_earlier_in_the_same_file_can_be_corrected(ledger):
    sid = str(uuid.uuid4())
    result = load(ledger, lines({"id": sid, **statement(1)}, correction(sid, {"stance": "concede"})))
    assert {kind: n for kind, n in result.added.items() if n} == {"statement": 1, "correction": 1}
    assert current_content(ledger, sid)["stance"] == "concede"


def test_only_statements_can_be_corrected(ledger):
    sid = ledger.record(Statement(statement(1)), "bob").ids[0]
    cid = ledger.correct(sid, {"stance": "reject"}, "misread", "bob").ids[0]
    with pytest.raises(Refused, match=f"^cannot correct {cid}: it is a correction, not a statement$"):
        ledger.correct(cid, {"stance": "accept"}, "misread", "bob")


@pytest.mark.parametrize(("changes", "reason", "problem"), [
    ({"stance": "reject"}, None, "missing field 'reason'"),
    ({"stance": "reject"}, " ", "reason is empty"),
    ({}, "why", "changes must be a non-empty object of fields"),
    ({"colour": "red"}, "why", "changes: 'colour' is not a field that can be corrected"),
    ({"id": str(uuid.uuid4())}, "why", "changes: 'id' is not a field that can be corrected"),
    ({"party": None}, "why", "changes: 'party' is required and cannot be removed"),
    ({"stated_on": "2025-02-30"}, "why", "stated_on '2025-02-30' is not a date"),
])
def test_bad_corrections_are_refused(ledger, changes, reason, problem):
    sid = ledger.record(Statement(statement(1)), "bob").ids[0]
    head = ledger.head()
    assert refusal(ledger, lines(correction(sid, changes, reason))) == [f"line 1: {problem}"]
    assert ledger.head() == head


def test_a_correction_must_change_something(ledger):
    sid = ledger.record(Statement(statement(1, quote="Q")), "bob").ids[0]
    for changes in ({"stance": BASE["stance"]}, {"note": None}):
        assert refusal(ledger, lines(correction(sid, changes))) == [
            f"line 1: the correction of {sid} changes nothing"]
    with pytest.raises(Refused, match=f"^the correction of {sid} changes nothing$"):
        ledger.correct(sid, {"quote": "Q"}, "misread", "bob")


def test_null_removes_an_optional_field(ledger):
    sid = ledger.record(Statement(statement(1, quote="Q", tags=["nato"])), "bob").ids[0]
    load(ledger, lines(correction(sid, {"quote": None, "tags": None, "note": "quote unverified"})))
    assert current_content(ledger, sid) == {**statement(1), "note": "quote unverified"}


def test_party_issue_and_date_may_change(ledger):
    sid = ledger.record(Statement(statement(1)), "bob").ids[0]
    changes = {"party": "united-states", "issue": "alliances/nato", "stated_on": "2025-11-20T10:00:00+02:00"}
    ledger.correct(sid, changes, "misattributed", "bob")
    assert current_content(ledger, sid) == {**statement(1), **changes}


def test_the_store_refuses_a_correction_removing_a_required_field(ledger):
    sid = ledger.record(Statement(statement(1)), "bob").ids[0]
    with pytest.raises(Refused, match="'party' is required and cannot be removed"):
        ledger.correct(sid, {"party": None}, "misattributed", "bob")


def test_commands_refuse_what_an_import_would_refuse(ledger):
    """A blank reason would be stored, then refused when its export is imported: refused at once instead."""
    sid = ledger.record(Statement(statement(1)), "bob").ids[0]
    head = ledger.head()
    with pytest.raises(Refused) as empty:
        ledger.correct(sid, {"stance": "reject"}, "", "bob")
    assert empty.value.problems == ["reason is empty"]
    with pytest.raises(Refused) as blank:
        ledger.retract(sid, " ", "bob")
    assert blank.value.problems == ["reason is empty"]
    assert ledger.head() == head


def test_everything_the_store_accepts_survives_export_and_import(ledger, other_store_url):
    sid = ledger.record(Statement(statement(1)), "bob").ids[0]
    ledger.correct(sid, {"stance": "reject"}, "Misread.", "bob")
    ledger.retract(sid, "Not said.", "bob")
    copy = Ledger(other_store_url)
    try:
        assert load(copy, export(ledger).splitlines(keepends=True)).total == 3
        assert export(copy) == export(ledger)
    finally:
        copy.close()


# --- whole files ----------------------------------------------------------------------------------------------


def test_a_refused_file_writes_nothing(ledger):
    load(ledger, lines(statement(1), statement(2)))
    before = snapshot(ledger)
    bad_last = lines(statement(3), statement(4), statement(5)) + [b'{"party": "russia",\n']
    unknown_target = lines(statement(3), correction(str(uuid.uuid4()), {"stance": "reject"}))

    assert refusal(ledger, bad_last)[0].startswith("line 4: malformed JSON (")
    assert refusal(ledger, unknown_target)[0].startswith("line 2: cannot correct unknown statement")
    assert snapshot(ledger) == before


def test_a_refused_file_larger_than_one_batch_writes_nothing(ledger):
    raw = lines(*(statement(n) for n in range(4500))) + lines(statement(1, stance="insist"))
    problems = refusal(ledger, raw)
    assert problems == [f"line 4501: stance 'insist' is not one of {STANCES}"]
    assert snapshot(ledger)["event_log"] == []
    assert snapshot(ledger)["statement_version"] == []


def test_a_file_larger_than_one_batch_is_imported_in_order(ledger):
    raw = lines(*(statement(n) for n in range(4500)))
    result = load(ledger, raw)
    assert (result.total, result.first_seq, result.last_seq) == (4500, 1, 4500)
    assert [e["position"] for e in stored(ledger)] == [f"Position number {n}." for n in range(4500)]
    assert (load(ledger, raw).skipped) == 4500


@pytest.mark.parametrize("raw", [[], [b"\n", b"   \n", b"\r\n"]], ids=["no-lines", "blank-lines"])
def test_an_empty_file_imports_nothing(ledger, raw):
    result = load(ledger, raw)
    assert (result.total, result.skipped, result.first_seq) == (0, 0, None)
    assert ledger.head() == (0, GENESIS_HASH)
    assert load_csv(ledger, "party,issue\r\n").total == 0


def test_postgresql_statistics_are_refreshed_after_a_large_import(ledger, store_url, monkeypatch):
    """The planner must know the tables' new size right after a bulk import, not when autovacuum comes by."""
    if ledger.dialect != "postgresql":
        pytest.skip("SQLite keeps no planner statistics that an import leaves stale")
    monkeypatch.setattr("store.ledger.ANALYZE_AFTER", 3)

    def analysed() -> float:
        with raw_sql(store_url) as conn:  # ANALYZE sets reltuples; a table never analysed has -1
            return conn.exec_driver_sql("SELECT reltuples FROM pg_class WHERE relname = 'statement_version'").scalar()

    load(ledger, lines(statement(1), statement(2)))
    assert analysed() == -1
    load(ledger, lines(*(statement(n) for n in range(3, 6))))
    assert analysed() == 5


def test_postgresql_search_index_pending_list_is_merged_after_each_write(ledger, store_url, monkeypatch):
    """Revision 0007: the GIN index takes new words into its pending list (a fast import), and every write merges
    that list once committed, so no search scans a long pending list."""
    if ledger.dialect != "postgresql":
        pytest.skip("SQLite's FTS5 index has no pending list")
    monkeypatch.setattr("store.ledger.ANALYZE_AFTER", 3)

    def merged_pages() -> int:  # pages moved from the pending list into the index by this call
        with raw_sql(store_url) as conn:  # committed when the block ends
            return conn.exec_driver_sql("SELECT gin_clean_pending_list('ix_statement_search'::regclass)").scalar()

    with raw_sql(store_url) as conn:
        options = conn.exec_driver_sql("SELECT reloptions FROM pg_class WHERE relname = 'ix_statement_search'")
        assert options.scalar() == ["fastupdate=on"]
    load(ledger, lines(statement(1), statement(2)))
    assert merged_pages() == 0  # merged by the import itself
    with ledger.engine.begin() as conn:  # the words of a write that has not merged them yet: pending
        conn.exec_driver_sql("INSERT INTO statement_search (seq_from, statement_id, version, words) "
                             "VALUES (1000, 'x', 1, 'pending words')")
    assert merged_pages() >= 1
    load(ledger, lines(*(statement(n) for n in range(3, 6))))
    assert merged_pages() == 0


def test_a_ledger_keeps_one_connection_until_it_is_closed(store_url):
    with Ledger(store_url) as ledger:
        load(ledger, lines(statement(1)))
        ledger.head()
        assert ledger.engine.pool.checkedin() == 1  # kept after the read (a SQLite writer's is not: store/ledger.py)
    assert ledger.engine.pool.checkedin() == 0
