"""The store contract, continued: the record defends itself. Verify, the hash chain, the database's refusals, rebuild.

Tampering is done the way another program would: plain SQL on a connection of its own, dropping the guard
triggers first where the database would otherwise refuse.
"""

import hashlib
import json
import re

import pytest
from conftest import fresh_pg_database
from sqlalchemy.exc import DBAPIError
from store_helpers import export, lines, load, raw_sql, run_sql, snapshot, statement

from events import Statement
from events.canonical import GENESIS_HASH
from store import Ledger
from store.guards import LOG_GUARDED, create_guards, drop_guards
from store.replay import rebuild
from store.schema import metadata
from store.verify import verify


def history(ledger) -> list[str]:
    """Six events over four transactions: statements, a correction, a retraction, a registry entry."""
    load(ledger, lines(statement(1), statement(2), statement(3, party="ukraine")), by="alice")
    sid = ledger.record(Statement(statement(4, issue="alliances/nato")), "bob").ids[0]
    ledger.correct(sid, {"stance": "reject", "quote": "Never."}, "misheard", "bob")
    ledger.retract(sid, "not said", "carol")
    load(ledger, lines({"type": "party", "slug": "russia", "name": "Russia"}), by="carol")
    return [row["id"] for row in ledger.log()]


def unguarded(ledger, *edits: str) -> list[str]:
    """The edits, between dropping the log's guards and putting them back, as someone covering their tracks would."""
    return [*drop_guards(ledger.dialect, "event_log", LOG_GUARDED), *edits,
            *create_guards(ledger.dialect, "event_log", LOG_GUARDED)]


# --- verify ---------------------------------------------------------------------------------------------------


def test_verify_passes_on_a_clean_store_and_prints_the_head(ledger):
    history(ledger)
    report = verify(ledger)
    seq, head = ledger.head()
    assert (report.ok, report.problems, report.events) == (True, [], 7)
    assert report.digest == f"{seq}:{head}" and seq == 7
    assert verify(ledger, digest=(3, [r["hash"] for r in ledger.log()][2])).ok


def test_verify_passes_on_an_empty_store(ledger):
    report = verify(ledger)
    assert (report.ok, report.events, report.digest) == (True, 0, f"0:{GENESIS_HASH}")


def test_verify_accepts_the_digest_it_printed_for_an_empty_store(ledger):
    assert verify(ledger, digest=(0, GENESIS_HASH)).problems == []


TAMPERING = [
    ("UPDATE event_log SET body = replace(body, 'Position number 2.', 'Position number 20.') WHERE seq = 2",
     "seq 2: its hash does not match its content or the hash before it"),
    ("UPDATE event_log SET recorded_by = 'mallory' WHERE seq = 4",
     "seq 4: its hash does not match its content or the hash before it"),
    ("UPDATE event_log SET recorded_at = '2020-01-01T00:00:00.000000Z' WHERE seq = 5",
     "seq 5: its hash does not match its content or the hash before it"),
    ("UPDATE event_log SET id = '00000000-0000-4000-8000-000000000000' WHERE seq = 3",
     "seq 3: its hash does not match its content or the hash before it"),
    ("UPDATE event_log SET hash = '" + "f" * 64 + "' WHERE seq = 6",
     "seq 6: its hash does not match its content or the hash before it"),
    ("DELETE FROM event_log WHERE seq = 2", "seq 2 is missing: the log goes from seq 1 to seq 3"),
    ("UPDATE event_log SET target = NULL WHERE seq = 5", "seq 5: its type or target columns disagree with its content"),
]


@pytest.mark.parametrize(("tamper", "problem"), TAMPERING,
                         ids=["body", "recorded_by", "recorded_at", "id", "hash", "delete", "target"])
def test_verify_names_the_first_bad_seq_after_tampering(ledger, store_url, tamper, problem):
    history(ledger)
    run_sql(store_url, *unguarded(ledger, tamper))

    report = verify(ledger)

    assert report.problems == [problem]
    assert not report.ok
    bad_seq = int(re.match(r"seq (\d+)", problem)[1])
    assert report.events == bad_seq - 1  # the chain is trusted up to the seq before


def test_verify_detects_a_rewritten_history_through_an_earlier_digest(ledger, store_url):
    """Rewriting the last event with a recomputed hash keeps the chain whole: only a digest taken earlier tells."""
    history(ledger)
    seq, old_hash = ledger.head()
    before, last = list(ledger.log())[-2:]
    with raw_sql(store_url) as conn:
        body = conn.exec_driver_sql(f"SELECT body FROM event_log WHERE seq = {seq}").scalar()
    new_hash = independent_hash(before["hash"], seq, last["id"], last["type"], last["recorded_at"], "mallory", body)
    run_sql(store_url, *unguarded(
        ledger, f"UPDATE event_log SET recorded_by = 'mallory', hash = '{new_hash}' WHERE seq = {seq}"))

    assert verify(ledger).problems == []
    assert verify(ledger, digest=(seq, old_hash)).problems == [
        f"digest {seq}:{old_hash}: seq {seq} now has hash {new_hash} (the log was rewritten)"]


GUARD_REMOVALS = {
    "sqlite": [("DROP TRIGGER event_log_refuse_update", "event_log_refuse_update"),
               ("DROP TRIGGER projection_state_refuse_replace", "projection_state_refuse_replace")],
    "postgresql": [("DROP TRIGGER event_log_refuse_change ON event_log", "event_log_refuse_change"),
                   ("ALTER TABLE topic DISABLE TRIGGER topic_refuse_truncate", "topic_refuse_truncate")],
}


@pytest.mark.parametrize("which", [0, 1])
def test_verify_reports_guards_removed_or_disabled(ledger, store_url, which):
    """A store whose guards are gone can be rewritten without a trace until the next append: verify says so."""
    history(ledger)
    removal, name = GUARD_REMOVALS[ledger.dialect][which]
    run_sql(store_url, removal)

    report = verify(ledger)

    assert report.problems == [f"guards missing or disabled: {name}; they were removed outside stancelog, and the "
                               "database no longer refuses rewrites of the record"]
    assert report.digest == "7:" + ledger.head()[1]


def test_verify_detects_truncation_through_a_digest(ledger, store_url):
    history(ledger)
    seq, head = ledger.head()
    run_sql(store_url, *unguarded(ledger, "DELETE FROM event_log WHERE seq > 4"))

    report = verify(ledger, digest=(seq, head))

    assert f"digest {seq}:{head}: the log has no seq {seq} (it was truncated)" in report.problems
    assert report.digest.startswith("4:")


@pytest.mark.parametrize(("table", "tamper"), [
    ("statement_version", "UPDATE statement_version SET stance = 'accept' WHERE version = 1 AND seq_to IS NULL"),
    ("statement_version", "UPDATE statement_version SET seq_to = NULL"),
    ("topic", "UPDATE topic SET issue = 'territory/crimea' WHERE party = 'ukraine'"),
    ("topic", "UPDATE topic SET statements = statements + 1 WHERE party = 'ukraine'"),
    ("registry_version", "UPDATE registry_version SET content = replace(content, 'Russia', 'Muscovy')"),
])
def test_verify_detects_projections_that_differ_from_the_log(ledger, store_url, table, tamper):
    history(ledger)
    run_sql(store_url, tamper)
    [problem] = verify(ledger).problems
    assert problem.startswith(f"projection {table} differs from a fresh replay of the log")
    assert problem.endswith("; run `stance rebuild`")

    rebuild(ledger)
    assert verify(ledger).ok


def test_verify_detects_projections_behind_the_log(ledger, store_url):
    history(ledger)
    run_sql(store_url, "UPDATE projection_state SET last_seq = 4")
    assert verify(ledger).problems == [
        "projections were last updated at seq 4, the log ends at seq 7; run `stance rebuild`"]


# --- the hash chain, recomputed independently ------------------------------------------------------------------


def independent_hash(previous: str, seq: int, event_id: str, kind: str, recorded_at: str, recorded_by: str,
                     body: str) -> str:
    """The formula of events/canonical.py, written again from its docstring."""
    text = "\n".join([previous, str(seq), event_id, kind, recorded_at, recorded_by, body])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_the_hash_chain_can_be_recomputed_from_the_export_and_the_log(ledger):
    history(ledger)
    load(ledger, lines(statement(9, position="Позиція: «так» 🕊️", speaker="'); DROP TABLE event_log;--")))
    previous = "0" * 64
    for entry, exported in zip(ledger.log(), export(ledger).splitlines(), strict=True):
        event = json.loads(exported)
        assert event.pop("id") == entry["id"]
        body = json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        expected = independent_hash(previous, entry["seq"], entry["id"], entry["type"], entry["recorded_at"],
                                    entry["recorded_by"], body)
        assert entry["hash"] == expected, f"seq {entry['seq']}"
        previous = expected
    assert ledger.head() == (8, previous)


# --- the database refuses changes to the record ----------------------------------------------------------------

PROJECTIONS = [table.name for table in metadata.sorted_tables if table.name != "event_log"] + ["alembic_version"]
ROW_CHANGES = [
    ("event_log", "UPDATE", "UPDATE event_log SET recorded_by = 'mallory' WHERE seq = 1"),
    ("event_log", "UPDATE", "UPDATE event_log SET body = body"),
    ("event_log", "(UPDATE|REPLACE)", "INSERT INTO event_log (seq, id, type, recorded_at, recorded_by, body, hash) "
                            "VALUES (1, 'x', 'statement', 't', 'm', '{}', 'h') "
                            "ON CONFLICT (seq) DO UPDATE SET hash = 'h'"),
    ("event_log", "DELETE", "DELETE FROM event_log WHERE seq = 2"),
    ("event_log", "DELETE", "DELETE FROM event_log"),
    ("statement_version", "DELETE", "DELETE FROM statement_version WHERE version = 1"),
    *[(table, "DELETE", f"DELETE FROM {table}") for table in PROJECTIONS],
]


def test_every_table_has_rows_for_the_guard_tests(ledger):
    """A row trigger fires only for rows: a DELETE on an empty table would prove nothing."""
    history(ledger)
    tables = snapshot(ledger)
    assert all(tables[name] for name in tables), [name for name in tables if not tables[name]]
    with raw_sql(ledger.engine.url.render_as_string(hide_password=False)) as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM alembic_version").scalar() == 1


@pytest.mark.parametrize(("table", "operation", "sql"), ROW_CHANGES,
                         ids=[f"{t}-{sql.split()[0].lower()}-{i}" for i, (t, _, sql) in enumerate(ROW_CHANGES)])
def test_the_database_refuses_changes_to_the_record(ledger, store_url, table, operation, sql):
    history(ledger)
    before = snapshot(ledger)
    with pytest.raises(DBAPIError, match=f"stancelog: {operation} on {table} is refused: the record is append-only"):
        run_sql(store_url, sql)
    assert snapshot(ledger) == before
    assert verify(ledger).ok


@pytest.mark.postgres
@pytest.mark.parametrize("table", ["event_log", *PROJECTIONS])
def test_postgres_refuses_truncate(table):
    """SQLite has no TRUNCATE; its equivalent, DELETE without WHERE, is refused above."""
    with fresh_pg_database() as url:
        ledger = Ledger(url)
        try:
            history(ledger)
            before = snapshot(ledger)
            with pytest.raises(DBAPIError, match=f"stancelog: TRUNCATE on {table} is refused: the record is "
                                                 "append-only"):
                run_sql(url, f"TRUNCATE {table} CASCADE")
            assert snapshot(ledger) == before
        finally:
            ledger.close()


@pytest.mark.parametrize("table", ["event_log", "projection_state", "alembic_version"])
def test_sqlite_refuses_insert_or_replace(tmp_path, table):
    """INSERT OR REPLACE deletes the row it replaces without firing DELETE triggers: the record has its own guard."""
    url = f"sqlite:///{tmp_path / 'replace.db'}"
    ledger = Ledger(url)
    history(ledger)
    before = snapshot(ledger)
    replace = (
        "INSERT OR REPLACE INTO event_log (seq, id, type, recorded_at, recorded_by, body, hash) "
        "SELECT seq, id, type, recorded_at, 'mallory', body, hash FROM event_log WHERE seq = 1"
        if table == "event_log" else f"REPLACE INTO {table} SELECT * FROM {table} LIMIT 1"
    )
    with pytest.raises(DBAPIError, match=f"stancelog: REPLACE on {table} is refused: the record is append-only"):
        run_sql(url, replace)
    assert snapshot(ledger) == before


def test_sqlite_replace_in_a_version_table_is_caught_by_verify(tmp_path):
    """The version tables are projections: a REPLACE there is not refused (a guard would cost a lookup per
    appended row) but shows as a difference from a fresh replay, and rebuild repairs it."""
    url = f"sqlite:///{tmp_path / 'replace.db'}"
    ledger = Ledger(url)
    history(ledger)
    run_sql(url, "REPLACE INTO statement_version SELECT statement_id, version, stmt_seq, seq_from, seq_to, party, "
                 "issue, period_start, 'threaten', content FROM statement_version LIMIT 1")
    assert verify(ledger).problems == [
        "projection statement_version differs from a fresh replay of the log from seq 1 on; run `stance rebuild`"]
    rebuild(ledger)
    assert verify(ledger).ok


# --- rebuild --------------------------------------------------------------------------------------------------


def test_rebuild_reproduces_the_projections_row_for_row(ledger):
    history(ledger)
    registry = [{"type": "party", "slug": f"party-{n}", "name": f"Party {n}"} for n in range(4)]
    load(ledger, lines(*registry, *(statement(n, party=f"party-{n % 4}") for n in range(10, 30))))
    before = snapshot(ledger)

    assert rebuild(ledger) == 31

    assert snapshot(ledger) == before
    assert verify(ledger).ok


def test_rebuild_keeps_the_guards(ledger, store_url):
    history(ledger)
    rebuild(ledger)
    with pytest.raises(DBAPIError, match="stancelog: DELETE on statement_version is refused"):
        run_sql(store_url, "DELETE FROM statement_version")
