"""The store contract, continued: each kind of bad line, CSV, text that must survive verbatim, and export.

Runs on SQLite and PostgreSQL through the `ledger` fixture; one test compares the two backends directly.
"""

import json

import pytest
from conftest import fresh_pg_database
from store_helpers import export, line, lines, load, load_csv, refusal, snapshot, statement

from events import Statement
from store import Ledger, Refused

STANCES = "demand, appeal, propose, accept, concede, consider, reject, threaten"
SLUG = "is not a slug (lowercase letters and digits joined by '-')"


# --- bad lines ------------------------------------------------------------------------------------------------

BAD_LINES = [
    ("malformed-json", b'{"party": "russia" "issue": "x"}\n',
     ["malformed JSON (unexpected character, expected ',' or '}')"]),
    ("invalid-literal", b"nope\n", ["malformed JSON (invalid literal, expected 'null')"]),
    ("two-documents", b'{"a": 1}}\n', ["malformed JSON (unexpected content after document)"]),
    ("trailing-comma", b'{"party": "russia",}\n', ["malformed JSON (trailing comma is not allowed)"]),
    ("not-utf8", b'{"position": "\xff\xfe"}\n', None),  # message checked by prefix below
    ("not-an-object", b"[1, 2]\n", ["expected a JSON object, found a list"]),
    ("unknown-type", line({"type": "opinion"}),
     ["type 'opinion' is not one of statement, correction, retraction, party, issue, speaker"]),
    ("unknown-field", line(statement(colour="red")), ["unknown field 'colour'"]),
    ("unknown-source-field", line(statement(source={"outlet": "TASS", "page": "3"})),
     ["unknown field 'source.page' (known: url, outlet, title, published_on)"]),
    ("missing-field", line(statement(stance=None)), ["missing field 'stance'"]),
    ("missing-fields", line(statement(party=None, source=None)),
     ["missing field 'party'", "missing field 'source'"]),
    ("empty-required", line(statement(position="   ")), ["position is empty"]),
    ("source-without-url-or-outlet", line(statement(source={"title": "Interview"})),
     ["source needs a url or an outlet"]),
    ("month-13", line(statement(stated_on="2025-13-45")), ["stated_on '2025-13-45' is not a date"]),
    ("february-30", line(statement(stated_on="2025-02-30")), ["stated_on '2025-02-30' is not a date"]),
    ("month-00", line(statement(stated_on="2025-00")), ["stated_on '2025-00' is not a date"]),
    ("no-offset", line(statement(stated_on="2025-11-27T10:00:00")),
     ["stated_on '2025-11-27T10:00:00' has no UTC offset (add Z or +HH:MM)"]),
    ("bad-published-on", line(statement(source={"outlet": "TASS", "published_on": "2025-02-29"})),
     ["source.published_on '2025-02-29' is not a date"]),
    ("date-not-string", line(statement(stated_on=2025)),
     ["stated_on must be a string (YYYY, YYYY-MM, YYYY-MM-DD or an ISO 8601 date-time with offset), not a number"]),
    ("party-slug", line(statement(party="United States")), [f"party 'United States' {SLUG}"]),
    ("party-slug-dash", line(statement(party="united--states")), [f"party 'united--states' {SLUG}"]),
    ("issue-path", line(statement(issue="territory/")),
     ["issue 'territory/' is not an issue path (slugs joined by '/', e.g. territory/donbas)"]),
    ("tag-slug", line(statement(tags=["nato", "Black Sea"])), [f"tag 'Black Sea' {SLUG}"]),
    ("unknown-stance", line(statement(stance="insist")), [f"stance 'insist' is not one of {STANCES}"]),
    ("oversize-position", line(statement(position="x" * 2001)),
     ["position is 2,001 characters long; the limit is 2,000"]),
    ("oversize-cyrillic", line(statement(position="ж" * 2001)),
     ["position is 2,001 characters long; the limit is 2,000"]),
    ("id-not-uuid", line(statement(id="statement-1")), ["id 'statement-1' is not a UUID"]),
    ("target-not-uuid", line({"type": "retraction", "target": "x", "reason": "r"}), ["target 'x' is not a UUID"]),
]


@pytest.mark.parametrize(("bad", "problems"), [case[1:] for case in BAD_LINES], ids=[c[0] for c in BAD_LINES])
def test_each_kind_of_bad_line_is_refused_naming_its_line(ledger, bad, problems):
    load(ledger, lines(statement(0)))
    before = snapshot(ledger)

    found = refusal(ledger, lines(statement(1), statement(2)) + [bad] + lines(statement(3)))

    if problems is None:
        assert len(found) == 1 and found[0].startswith("line 3: not valid UTF-8 text (")
    else:
        assert found == [f"line 3: {p}" for p in problems]
    assert snapshot(ledger) == before


def test_every_problem_of_a_file_is_listed_in_line_order(ledger):
    raw = [line(statement(1, stance="insist")), line(statement(2)), b"nope\n", line(statement(3, party="X"))]
    assert refusal(ledger, raw) == [
        f"line 1: stance 'insist' is not one of {STANCES}",
        "line 3: malformed JSON (invalid literal, expected 'null')",
        f"line 4: party 'X' {SLUG}",
    ]


def test_problems_are_listed_up_to_a_limit(ledger):
    with pytest.raises(Refused) as caught:
        load(ledger, [b"nope\n"] * 150)
    assert len(caught.value.problems) == 100
    assert caught.value.more == 50
    assert caught.value.problems[-1] == "line 100: malformed JSON (invalid literal, expected 'null')"


def test_a_truncated_line_is_refused_without_a_contradicting_position(ledger):
    assert refusal(ledger, lines(statement(1), statement(2)) + [b'{"party": "russia", "issue":\n']) == [
        "line 3: malformed JSON (unexpected end of data)"]


def test_limits_are_inclusive(ledger):
    result = load(ledger, lines(statement(1, position="я" * 2000), statement(2, stated_on="2024-02-29")))
    assert result.total == 2


# --- CSV ------------------------------------------------------------------------------------------------------

CSV_HEADER = "stated_on,party,issue,stance,position,speaker,tags,source_url,source_outlet,source_title\r\n"


def test_csv_statements_import_like_their_json_lines(ledger):
    rows = (
        CSV_HEADER
        + '2025-11,ukraine,security/guarantees,demand,"Guarantees first, then talks.",Volodymyr Zelensky,'
        'nato; guarantees;;ceasefire,https://example.org/a,Kyiv Independent,"Interview, part 1"\r\n'
        "2025,russia,alliances/nato,reject,No NATO.,,,,TASS,\r\n"
    )
    result = load_csv(ledger, rows)

    assert result.total == 2
    assert [json.loads(raw) for raw in export(ledger).splitlines()] == [
        {"id": exported_id(ledger, 0), "type": "statement", "stated_on": "2025-11", "party": "ukraine",
         "issue": "security/guarantees", "stance": "demand", "position": "Guarantees first, then talks.",
         "speaker": "Volodymyr Zelensky", "tags": ["nato", "guarantees", "ceasefire"],
         "source": {"url": "https://example.org/a", "outlet": "Kyiv Independent", "title": "Interview, part 1"}},
        {"id": exported_id(ledger, 1), "type": "statement", "stated_on": "2025", "party": "russia",
         "issue": "alliances/nato", "stance": "reject", "position": "No NATO.", "source": {"outlet": "TASS"}},
    ]
    # The same statements as JSON lines have the same content ids: nothing new.
    as_json = [{k: v for k, v in json.loads(raw).items() if k != "id"} for raw in export(ledger).splitlines()]
    assert load(ledger, lines(*as_json)).skipped == 2
    assert load_csv(ledger, rows).skipped == 2


def exported_id(ledger: Ledger, index: int) -> str:
    return [row["id"] for row in ledger.log()][index]


def test_bad_csv_rows_are_refused_naming_their_physical_line(ledger):
    rows = (
        CSV_HEADER
        + '2025-11,ukraine,security,demand,"Two\nlines.",,,,TASS,\r\n'  # lines 2-3
        "2025-02-30,ukraine,security,demand,Bad date.,,,,TASS,\r\n"  # line 4
        "2025,ukraine,security,demand,Too few cells\r\n"  # line 5
    )
    with pytest.raises(Refused) as caught:
        load_csv(ledger, rows)
    assert caught.value.problems == ["line 4: stated_on '2025-02-30' is not a date",
                                     "line 5: has 5 cells; the header has 10"]
    assert ledger.head()[0] == 0


def test_csv_with_an_unknown_column_is_refused(ledger):
    with pytest.raises(Refused) as caught:
        load_csv(ledger, "party,colour\r\nrussia,red\r\n")
    assert caught.value.problems[0].startswith("line 1: unknown column 'colour' (known: id, stated_on,")


# --- text kept verbatim ---------------------------------------------------------------------------------------

AWKWARD = statement(
    1,
    position="Россия требует вывода украинских войск из Донбасса — «немедленно».",
    speaker="'); DROP TABLE event_log;--",
    role="Robert'); DELETE FROM statement_version; --",
    quote='Він сказав: "ні" 🇺🇦🕊️ \\ back\\slash\ttab\nnewline, 中文, العربية, e\u0301, \u2028sep',
    note="%s %(x)s {0} $1 ? :name -- /* */ \x1f",
    conditions="😀" * 500,
    evidence="\u0000 NUL inside",
    tags=["ceasefire"],
)


def canonical_line(obj: dict) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode() + b"\n"


def test_non_ascii_and_sql_looking_text_round_trips_byte_for_byte(ledger):
    given = {"id": "6f1b6a0e-3c1e-4c5e-9d2e-0a4f1c2b3d4e", "type": "statement", **AWKWARD}
    raw = canonical_line(given)
    load(ledger, [raw])

    assert export(ledger) == raw
    assert json.loads(export(ledger)) == given
    load(ledger, lines(statement(2)))  # the tables are all still there
    assert len(snapshot(ledger)["event_log"]) == 2


# --- export ---------------------------------------------------------------------------------------------------


IMPORTED_ID = "3d9f1a2b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"
REGISTRY = [
    {"type": "party", "slug": "russia", "name": "Россия"},
    {"type": "issue", "slug": "territory/donbas", "title": "Donbas", "description": "Donetsk and Luhansk oblasts"},
    {"type": "speaker", "name": "Dmitry Peskov", "aliases": ["Peskov"],
     "affiliations": [{"party": "russia", "role": "Kremlin spokesperson", "from": "2012"}]},
]


def imported_history(ledger: Ledger) -> None:
    """Imports only (given and content ids): the same calls give the same log on any backend."""
    load(ledger, lines({"id": IMPORTED_ID, **AWKWARD}, *(statement(n, tags=["t" + str(n)]) for n in range(2, 6))),
         by="alice")
    load(ledger, lines({"type": "correction", "target": IMPORTED_ID, "changes": {"stance": "propose", "quote": None},
                        "reason": "misquoted"}), by="bob")
    load_csv(ledger, CSV_HEADER + "2025-11-27T08:30:00-05:00,united-states,territory,propose,A plan.,,,,Reuters,\r\n")
    load(ledger, lines({"type": "retraction", "target": IMPORTED_ID, "reason": "source withdrew it"}))
    load(ledger, lines(*REGISTRY))


def mixed_history(ledger: Ledger) -> None:
    """Everything export must carry: given and content ids, CSV, corrections, retractions, and records."""
    imported_history(ledger)
    other = ledger.record(Statement(statement(6)), "carol").ids[0]
    ledger.correct(other, {"conditions": "if guarantees are given"}, "context", "carol")
    ledger.retract(other, "duplicate of an earlier statement", "carol")


def test_export_is_a_fixed_point(ledger, other_store_url):
    mixed_history(ledger)
    first = export(ledger)
    assert len(first.splitlines()) == 14
    assert first.endswith(b"\n")

    copy = Ledger(other_store_url)
    try:
        result = load(copy, first.splitlines(keepends=True))
        assert (result.total, result.skipped) == (14, 0)
        assert export(copy) == first
        assert [row["id"] for row in copy.log()] == [row["id"] for row in ledger.log()]
        assert load(copy, first.splitlines(keepends=True)).skipped == 14
    finally:
        copy.close()
    assert load(ledger, first.splitlines(keepends=True)).skipped == 14


def test_export_lines_are_canonical(ledger):
    mixed_history(ledger)
    for raw in export(ledger).splitlines(keepends=True):
        assert raw == canonical_line(json.loads(raw))


@pytest.mark.postgres
def test_export_is_byte_identical_from_sqlite_and_postgres(tmp_path):
    with fresh_pg_database() as pg_url, fresh_pg_database() as pg_copy_url:
        ledgers = {name: Ledger(url) for name, url in [
            ("sqlite", f"sqlite:///{tmp_path / 'a.db'}"), ("postgres", pg_url),
            ("sqlite_copy", f"sqlite:///{tmp_path / 'b.db'}"), ("postgres_copy", pg_copy_url)]}
        try:
            imported_history(ledgers["sqlite"])
            imported_history(ledgers["postgres"])
            assert export(ledgers["sqlite"]) == export(ledgers["postgres"])

            # Random ids too: a history made with record/correct/retract, carried across in both directions.
            mixed_history(ledgers["sqlite_copy"])
            made_on_sqlite = export(ledgers["sqlite_copy"])
            load(ledgers["postgres_copy"], made_on_sqlite.splitlines(keepends=True))
            assert export(ledgers["postgres_copy"]) == made_on_sqlite
        finally:
            for ledger in ledgers.values():
                ledger.close()
