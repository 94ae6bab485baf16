"""Full-text search: the same rows on SQLite and PostgreSQL, as known at any seq, kept by every append, rebuilt by
`rebuild`, checked by `verify`; and how words, queries and snippets are made (events/search.py, no database).
"""

import json

import pytest
from cli_helpers import Stance
from store_helpers import lines, load, run_sql, statement

from events.periods import WHEN_FORMS, parse_period
from events.search import BadQuery, index_words, match, parse_query, snippet_parts, words
from store import Ledger
from store.replay import rebuild
from store.search import search
from store.verify import verify

A = "a0000000-0000-4000-8000-000000000001"
B = "a0000000-0000-4000-8000-000000000002"
C = "a0000000-0000-4000-8000-000000000003"
D = "a0000000-0000-4000-8000-000000000004"

STATEMENTS = [
    statement(1, id=A, stated_on="2024-03", party="ukraine", issue="security-guarantees", stance="demand",
              position="Ukraine wants binding security guarantees before any ceasefire.",
              quote="Guarantees on paper are not enough."),
    statement(2, id=B, stated_on="2025-02-10", party="russia", issue="security-guarantees", stance="reject",
              position="Russia refuses Western troops as a security guarantee.",
              speaker="Сергей Лавров", evidence="Лавров заявил: ПЕРЕГОВОРЫ возможны."),
    statement(3, id=C, stated_on="2025-06", party="united-states", issue="ceasefire", stance="propose",
              position="A ceasefire along the line of contact, then talks on guarantees.",
              note="Announced at the Élysée meeting.",
              source={"outlet": "Example Wire", "title": "Security talks resume"}),
    statement(4, id=D, stated_on="2023", party="ukraine", issue="territory", stance="reject",
              position="No talks on territory while troops remain."),
]


def ids(rows) -> list[str]:
    return [row["statement_id"] for row in rows]


@pytest.fixture
def talks(ledger) -> Ledger:
    load(ledger, lines(*STATEMENTS))
    return ledger


def find(ledger, query: str, **options):
    return search(ledger, parse_query(query), **options)


def test_every_word_in_any_order_case_and_accents_ignored(talks):
    assert ids(find(talks, "GUARANTEES security")) == [A, C]
    assert ids(find(talks, "elysee")) == [C]
    assert ids(find(talks, "переговоры лавров")) == [B]  # Cyrillic, in the speaker and the evidence
    assert ids(find(talks, "security guarantee")) == [B]  # no stemming: "guarantee" is not "guarantees"
    assert find(talks, "security nowhere") == []


def test_a_phrase_needs_its_words_together_in_one_field(talks):
    assert ids(find(talks, '"security guarantees"')) == [A]
    assert find(talks, '"guarantees security"') == []
    assert ids(find(talks, '"line of contact" ceasefire')) == [C]


def test_rows_on_both_backends_are_the_same(talks):
    """A literal answer, asserted on each backend: shorter fields rank higher, ties go in stated order."""
    rows = find(talks, "ceasefire")
    assert [(r["statement_id"], r["stated_on"], r["party"], r["issue"], r["stance"], r["snippet"], r["rank"])
            for r in rows] == [
        (A, "2024-03", "ukraine", "security-guarantees", "demand",
         "Ukraine wants binding security guarantees before any **ceasefire**.", 3.975904),
        (C, "2025-06", "united-states", "ceasefire", "propose",
         "A **ceasefire** along the line of contact, then talks on guarantees.", 3.67688),
    ]
    assert list(rows[0])[:8] == ["statement_id", "stated_on", "party", "issue", "stance", "position", "snippet",
                                 "rank"]
    assert ids(find(talks, "talks")) == [C, D]  # the same rank: in stated order


def test_a_limited_search_is_the_head_of_the_whole_one(ledger):
    """Only the best `limit` matches are kept while the rows stream by: the same rows, in the same order, as the
    first of the unlimited answer, ties included (same rank: the earlier period first, then the earlier seq)."""
    many = [statement(n, stated_on=f"202{n % 4}-0{n % 9 + 1}", position=f"Talks {'again ' * (n % 3)}on talks {n}.")
            for n in range(1, 41)]
    load(ledger, lines(*many))
    whole = find(ledger, "talks")
    assert len(whole) == 40 and len({row["rank"] for row in whole}) == 3
    for limit in (1, 7, 20, 40):
        assert find(ledger, "talks", limit=limit) == whole[:limit]


def test_filters_as_of_and_limit(talks):
    assert ids(find(talks, "talks", parties=["ukraine"])) == [D]
    assert ids(find(talks, "guarantees", issues=["security-guarantees"])) == [A]
    assert ids(search(talks, parse_query("talks"), when_end=parse_period("2024").end)) == [D]
    assert len(find(talks, "talks", limit=1)) == 1


def test_known_at_searches_the_versions_in_force_then(talks):
    changed = {"type": "correction", "target": A, "changes": {"position": "Ukraine wants a treaty with its allies."},
               "reason": "The article says treaty."}
    load(talks, lines(changed))  # seq 5
    load(talks, lines({"type": "retraction", "target": C, "reason": "Not said at that meeting."}))  # seq 6
    assert ids(find(talks, "binding")) == []
    assert ids(find(talks, "binding", known=4)) == [A]
    assert ids(find(talks, "treaty")) == [A]
    assert ids(find(talks, "treaty", known=4)) == []
    assert ids(find(talks, "elysee", known=5)) == [C]
    assert ids(find(talks, "elysee")) == []


def test_rebuild_restores_and_verify_checks_the_index(talks, store_url):
    assert verify(talks).ok
    run_sql(store_url, f"DELETE FROM statement_search WHERE statement_id = '{B}'")
    report = verify(talks)
    assert report.problems == ["the search index differs from the statements from seq 2 on; run `stance rebuild`"]
    assert find(talks, "лавров") == []
    rebuild(talks)
    assert verify(talks).ok
    assert ids(find(talks, "лавров")) == [B]


def test_the_migration_indexes_statements_already_in_the_store(talks, store_url):
    run_sql(store_url, "DROP TABLE statement_search", "ALTER TABLE topic DROP COLUMN statements",
            "UPDATE alembic_version SET version_num = '0005'")
    Ledger(store_url).close()  # migrates to head
    assert verify(talks).ok
    assert ids(find(talks, "переговоры")) == [B]


# --- without a database ------------------------------------------------------------------------------------


def test_words_fold_case_accents_and_compatibility_forms():
    assert words("Élan, ÉCOLE naïve — Путин ЗАЯВИЛ «ёлка» ﬁne_tune x2") == [
        "elan", "ecole", "naive", "путин", "заявил", "елка", "fine", "tune", "x2"]
    assert index_words({"position": "b a b", "source": {"title": "C"}}) == "a b c"


@pytest.mark.parametrize("query, terms", [
    ("Security  guarantees", (("security",), ("guarantees",))),
    ('"line of contact" talks', (("line", "of", "contact"), ("talks",))),
    ('talks "line of', (("talks",), ("line", "of"))),  # an unbalanced quote runs to the end
    ('"ceasefire"', (("ceasefire",),)),
    ("a a A", (("a",),)),
])
def test_parse_query(query, terms):
    assert parse_query(query).terms == terms


@pytest.mark.parametrize("query, message", [
    ("", "the query has no words to search for (letters or digits)"),
    ('"" -- !!', "the query has no words to search for (letters or digits)"),
    ("a" * 10_000, "the query is 10,000 characters long; at most 1,000 are searched"),
])
def test_bad_queries(query, message):
    with pytest.raises(BadQuery) as e:
        parse_query(query)
    assert str(e.value) == message


def test_snippet_marks_the_matched_words_and_cuts_long_text():
    long = " ".join(f"w{i}" for i in range(60)) + " target " + " ".join(f"v{i}" for i in range(60))
    found = match(parse_query("target"), {"position": long})
    assert found.snippet == "…w54 w55 w56 w57 w58 w59 **target** " + " ".join(f"v{i}" for i in range(17)) + "…"
    assert snippet_parts("a **b** c") == [("a ", False), ("b", True), (" c", False)]
    assert match(parse_query("x"), {"position": "a **x** b"}).snippet == "a * ***x*** * b"


# --- the command ---------------------------------------------------------------------------------------------


@pytest.fixture
def cli(tmp_path) -> Stance:
    stance = Stance(str(tmp_path / "stance.db"))
    path = tmp_path / "talks.jsonl"
    path.write_bytes(b"".join(lines(*STATEMENTS)))
    stance("import", str(path))
    return stance


def test_search_command_json_and_table(cli):
    rows = json.loads(cli("search", "guarantees", "--format", "json").stdout)
    assert [r["statement_id"] for r in rows] == [A, C]
    assert cli("search", "переговоры", "-f", "csv").stdout.splitlines()[1].startswith(f"{B},2025-02-10,russia,")
    assert cli("search", "elysee").stdout == (
        "stated_on    party          issue      stance    snippet                               id\n"
        "-----------  -------------  ---------  --------  ------------------------------------  --------\n"
        "2025-06      united-states  ceasefire  propose   Announced at the **Élysée** meeting.  a0000000\n")
    assert cli("search", "nowhere").stderr == "(no statements match 'nowhere')\n"


@pytest.mark.parametrize("args, message", [
    (["!!!"], "Invalid value for QUERY: the query has no words to search for (letters or digits)"),
    (["x" * 10_000], "Invalid value for QUERY: the query is 10,000 characters long; at most 1,000 are searched"),
    (["talks", "--limit", "0"], "Invalid value for --limit: 0 is not between 1 and 1000"),
    (["talks", "--as-of", "2025-13"], f"Invalid value for --as-of: '2025-13' is not a date; use {WHEN_FORMS}"),
])
def test_search_usage_errors(cli, args, message):
    result = cli("search", *args, code=2)
    assert result.stderr == f"error: {message} (see 'stance search -h')\n"
    assert result.stdout == ""


def test_unbalanced_quotes_are_searched(cli):
    rows = json.loads(cli("search", '"line of contact', "-f", "json").stdout)
    assert [r["statement_id"] for r in rows] == [C]
