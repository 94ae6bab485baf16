"""Migration drill: a store made and filled at the first schema revision, upgraded to head; a store from newer code.

The store is created at revision 0001 with Alembic and filled by the store's own append path (Appender) at that
revision. The current Appender reads `registry_version` when it looks up a correction's target, a table 0001 does
not have; the drill gives its projector a temporary, empty stand-in of that table, which answers "no such entry"
as a 0001-era store would, and writes every other row exactly as the store does.
"""

import random

import pytest
from alembic import command
from conftest import fresh_location
from drill_helpers import (
    REPO,
    assert_verifies,
    backend_label,
    export_bytes,
    generated_events,
    head_seq,
    invoke,
    run_cli,
)
from figures import Stopwatch, record
from sqlalchemy import Connection, Engine, exists, func, insert, inspect, select, text
from sqlalchemy.exc import DBAPIError

from events.canonical import canonical_json
from events.lines import decode_jsonl
from events.periods import parse_period
from store import Ledger
from store.append import Appender
from store.engine import make_engine
from store.migrate import alembic_config, current_revision
from store.positions import as_of, shifts, timeline
from store.projector import Projector, Tables
from store.replay import scratch_tables
from store.schema import (
    SCHEMA_HEAD,
    event_log,
    projection_state,
    registry_version,
    statement_version,
    topic,
    version_fields,
)

SEED = 20_251_129
EVENTS = 600
FIRST = "0001"

PROVES_UPGRADE = (
    "A store created at the first schema revision and filled there upgrades to head with nothing lost: every row "
    "of the log and of the projections the same (topics gain their counts of statements in force, 0008; versions are "
    "keyed by their statement's seq, 0009), the "
    "export byte for byte the same, the hash chain verifying, and every as-of, timeline and shifts answer at every "
    "WHEN and --known-at the same as before; the upgraded store takes new events (registry entries included) and "
    "still verifies."
)
PROVES_0005 = (
    "A store filled at revision 0004 (each statement's text stored twice, in the log and in its first version) "
    "upgrades to 0005 (stored once) with every event kept: the log, topics and registry rows the same, every "
    "statement version the same but for the second copy of first versions, the export byte for byte the same, the "
    "chain verifying, and every as-of, timeline and shifts answer the same; it takes new events after."
)
PROVES_NEWER = (
    "A store stamped with a revision newer than the code is refused by every command that opens it — one line "
    "naming both revisions, exit 1 — and nothing is written to it."
)


def writer_at(engine: Engine) -> Connection:
    return engine.connect().execution_options(stance_writer=True)  # SQLite: BEGIN IMMEDIATE, as the store's writers


def append_at_first_revision(engine: Engine, lines: list[bytes], by: str) -> int:
    with writer_at(engine) as conn, conn.begin(), scratch_tables(conn) as scratch:
        appender = Appender(conn, by)
        # Revision 0001 has neither the registry nor the search index nor topic counts (0008): registry entries
        # and topics go to scratch tables, and the topics are copied to the store's own table, without counts.
        appender.projector = Projector(conn, Tables(statement_version, scratch.topics, scratch.registry),
                                       search=False)
        for number, event, problems in decode_jsonl(lines):
            assert event is not None, problems
            appender.add(number, event)
        total = appender.finish().total
        conn.execute(insert(topic).from_select(
            ["party", "issue"], select(scratch.topics.c.party, scratch.topics.c.issue).where(
                ~exists().where(topic.c.party == scratch.topics.c.party, topic.c.issue == scratch.topics.c.issue))))
        return total


def columns_at(table, revision: str) -> list:
    """The columns `table` has at `revision`: `topic` counts its statements from 0008 on."""
    return [c for c in table.columns if not (table is topic and c.name == "statements" and revision < "0008")]


def counted_topics(engine: Engine) -> list[tuple]:
    """Each topic with the statements on it in force, counted from the versions: what 0008 fills `topic` with."""
    with engine.connect() as conn:
        n = select(func.count()).where(statement_version.c.party == topic.c.party,
                                       statement_version.c.issue == topic.c.issue,
                                       statement_version.c.seq_to.is_(None)).scalar_subquery()
        return [tuple(r) for r in conn.execute(select(topic.c.party, topic.c.issue, n).order_by(topic.c.party,
                                                                                                  topic.c.issue))]


def rows(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of the tables revision 0001 has, in key order, in the columns it has."""
    with engine.connect() as conn:
        return {table.name: [tuple(r) for r in conn.execute(select(*columns_at(table, FIRST))
                                                             .order_by(*table.primary_key.columns))]
                for table in (event_log, statement_version, topic, projection_state)}


WHENS = ["2013", "2014-06", "2016-02-29", "2019", "2022-02-24", "2023-07-01T12:00:00+03:00", "2024-12", "2025"]


def answers(url: str, last_seq: int) -> dict:
    """as-of at every WHEN × known-at, the timeline and the shifts, from the store's queries."""
    ledger = Ledger(url, create=False)
    try:
        rng = random.Random(SEED)
        knowns = [None, 1, last_seq // 3, last_seq // 2, last_seq - 1, *rng.sample(range(1, last_seq), 4)]
        return {
            "as-of": {(when, known): as_of(ledger, parse_period(when).end, known)
                      for when in WHENS for known in knowns},
            "timeline": {known: list(timeline(ledger, known)) for known in knowns},
            "shifts": {known: list(shifts(ledger, known)) for known in knowns},
        }
    finally:
        ledger.close()


@pytest.mark.slow
def test_a_store_filled_at_the_first_revision_upgrades_to_head_unchanged(backend, tmp_path):
    watch = Stopwatch()
    with fresh_location(backend, tmp_path) as url:
        engine = make_engine(url)
        with writer_at(engine) as conn, conn.begin():
            command.upgrade(alembic_config(conn), FIRST)
        assert current_revision(engine) == FIRST
        with engine.connect() as conn:
            assert not inspect(conn).has_table("registry_version")

        # The plain append path needs a later revision as soon as an import holds a correction.
        lines = [line.encode() for line in generated_events(EVENTS, SEED)]
        correction = next(line for line in lines if b'"correction"' in line)
        with pytest.raises(DBAPIError, match="registry_version|statement_search"), writer_at(engine) as conn, \
                conn.begin():
            appender = Appender(conn, "drill")
            for number, event, _ in decode_jsonl(lines[:lines.index(correction) + 1]):
                appender.add(number, event)
            appender.finish()

        transactions = 0
        for start, by in zip(range(0, EVENTS, 75), ["alice", "bob", "carol", "dave"] * 4, strict=False):
            assert append_at_first_revision(engine, lines[start:start + 75], by) == len(lines[start:start + 75])
            transactions += 1
        assert current_revision(engine) == FIRST
        last = head_seq(url)
        before = rows(engine), export_bytes(url), answers(url, last)

        upgraded = invoke(url, "db", "upgrade")
        assert (upgraded.exit_code, upgraded.stdout) == (0, f"schema upgraded from {FIRST} to {SCHEMA_HEAD}\n")
        assert current_revision(engine) == SCHEMA_HEAD
        after = rows(engine), export_bytes(url), answers(url, last)
        assert after[0] == before[0], "rows changed in the upgrade"
        assert table_rows(engine, [topic])["topic"] == counted_topics(engine), "0008 counted the topics wrong"
        with engine.connect() as conn:  # 0009 keys the versions by their statement's seq
            key = inspect(conn).get_pk_constraint("statement_version")["constrained_columns"]
        assert key == ["stmt_seq", "version"]
        assert after[1] == before[1], "the export changed in the upgrade"
        assert after[2] == before[2], "answers changed in the upgrade"
        assert_verifies(url)

        more = REPO / "cli" / "data" / "registry.jsonl"
        assert invoke(url, "import", str(more)).exit_code == 0
        sid = before[2]["timeline"][None][0]["statement_id"]
        assert invoke(url, "correct", sid, "--set", "note=after the upgrade", "--reason", "drill").exit_code == 0
        assert_verifies(url)
        queries = sum(len(v) for v in before[2].values())
        record("migration", backend, PROVES_UPGRADE, watch.seconds, server=backend_label(backend, url),
               from_revision=FIRST, to_revision=SCHEMA_HEAD, events=last, transactions=transactions,
               rows_compared=sum(len(v) for v in before[0].values()), queries_compared=queries,
               events_after_upgrade=head_seq(url))
        engine.dispose()


def at_0004(engine: Engine) -> None:
    with writer_at(engine) as conn, conn.begin():
        command.downgrade(alembic_config(conn), "0004")


@pytest.mark.slow
def test_a_store_filled_at_0004_upgrades_to_0005_with_the_same_answers(backend, tmp_path):
    watch = Stopwatch()
    with fresh_location(backend, tmp_path) as url:
        lines = [line.encode() for line in generated_events(EVENTS, SEED)]
        with Ledger(url) as ledger:
            for start, by in zip(range(0, EVENTS, 150), ["alice", "bob", "carol", "dave"], strict=False):
                ledger.append(decode_jsonl(lines[start:start + 150]), by)
        engine = make_engine(url)
        # What 0004 stores is made by its downgrade: every first version's content filled from the log again.
        at_0004(engine)
        assert current_revision(engine) == "0004"
        with engine.connect() as conn:
            assert "ix_version_current" in {index["name"] for index in inspect(conn).get_indexes("statement_version")}
            firsts = conn.execute(select(statement_version.c.content, event_log.c.body)
                                  .join(event_log, event_log.c.seq == statement_version.c.seq_from)
                                  .where(statement_version.c.version == 1)).all()
        # as 0004's projector wrote them: the canonical JSON of the statement's fields
        assert firsts and all(content == canonical_json(version_fields(body)).decode() for content, body in firsts)
        last = head_seq(url)
        tables = (event_log, statement_version, topic, projection_state, registry_version)
        before = table_rows(engine, tables, "0004"), export_bytes(url), answers(url, last)

        upgraded = invoke(url, "db", "upgrade")
        # to the head: 0005 moves the text, 0006 indexes it for search, 0007 lets PostgreSQL pend new words
        assert (upgraded.exit_code, upgraded.stdout) == (0, f"schema upgraded from 0004 to {SCHEMA_HEAD}\n")
        after = table_rows(engine, tables, "0004"), export_bytes(url), answers(url, last)
        for table in ("event_log", "topic", "projection_state", "registry_version"):
            assert after[0][table] == before[0][table], f"{table} changed in the upgrade"
        # 0008 counts each topic's statements in force, as a replay does (assert_verifies below compares them too)
        assert table_rows(engine, [topic])["topic"] == counted_topics(engine)
        assert any(row[2] for row in counted_topics(engine))
        content = [c.name for c in statement_version.columns].index("content")
        expected = [row[:content] + ("" if row[1] == 1 else row[content],) + row[content + 1:]
                    for row in before[0]["statement_version"]]
        assert after[0]["statement_version"] == expected
        assert after[1] == before[1], "the export changed in the upgrade"
        assert after[2] == before[2], "answers changed in the upgrade"
        with engine.connect() as conn:
            assert "ix_version_current" not in {i["name"] for i in inspect(conn).get_indexes("statement_version")}
        assert_verifies(url)

        sid = before[2]["timeline"][None][0]["statement_id"]
        assert invoke(url, "correct", sid, "--set", "note=after the upgrade", "--reason", "drill").exit_code == 0
        assert_verifies(url)
        record("migration-0005", backend, PROVES_0005, watch.seconds, server=backend_label(backend, url),
               from_revision="0004", to_revision="0005", events=last, first_versions=len(firsts),
               rows_compared=sum(len(v) for v in before[0].values()),
               queries_compared=sum(len(v) for v in before[2].values()))
        engine.dispose()


def table_rows(engine: Engine, tables, revision: str = SCHEMA_HEAD) -> dict[str, list[tuple]]:
    with engine.connect() as conn:
        return {table.name: [tuple(r) for r in conn.execute(select(*columns_at(table, revision))
                                                             .order_by(*table.primary_key.columns))]
                for table in tables}


NEWER = "9999"
SAMPLE = str(REPO / "tests" / "data" / "sample.jsonl")
COMMANDS = [["log"], ["verify"], ["as-of", "2025"], ["export"], ["import", SAMPLE],
            ["record", "--stated-on", "2025", "--party", "russia", "--issue", "territory", "--stance", "demand",
             "--position", "p", "--source-outlet", "TASS"], ["rebuild"], ["init"], ["db", "upgrade"]]


def test_a_store_from_a_newer_stancelog_is_refused_with_a_clear_error(backend, tmp_path):
    watch = Stopwatch()
    with fresh_location(backend, tmp_path, migrated=True) as url:
        assert invoke(url, "import", SAMPLE).exit_code == 0
        before = head_seq(url), export_bytes(url)
        engine = make_engine(url)
        with engine.begin() as conn:  # alembic_version refuses DELETE and TRUNCATE; an UPDATE is all it takes
            conn.execute(text(f"UPDATE alembic_version SET version_num = '{NEWER}'"))
        message = (f"error: the store's schema is at revision {NEWER}, newer than this stancelog knows "
                   f"({SCHEMA_HEAD}); upgrade stancelog to use it")
        done = run_cli(url, "log")  # once as a process of its own
        assert (done.returncode, done.stdout, done.stderr) == (1, "", message + "\n")
        for args in COMMANDS:
            result = invoke(url, *args)
            assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
            assert (result.exit_code, result.stdout, result.stderr) == (1, "", message + "\n"), args
        current = invoke(url, "db", "current")
        assert (current.exit_code, current.stdout) == (0, f"{NEWER} (this stancelog is at {SCHEMA_HEAD})\n")
        with engine.begin() as conn:
            conn.execute(text(f"UPDATE alembic_version SET version_num = '{SCHEMA_HEAD}'"))
        engine.dispose()
        assert (head_seq(url), export_bytes(url)) == before
        assert_verifies(url)
        record("newer-schema", backend, PROVES_NEWER, watch.seconds, server=backend_label(backend, url),
               commands_refused=len(COMMANDS) + 1, events_unchanged=before[0])
