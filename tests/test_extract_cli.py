"""`stance extract` on the command line: review shows and stores what it should, skipped sentences are listed,
and dates that cannot be right are flagged."""

import json

import orjson
import pytest
from test_extract import ISSUES, PARTIES, SPEAKERS, app
from typer.testing import CliRunner

from cli.review import closest
from events.lines import decode_jsonl
from store import Ledger

ARTICLE = ("Berg said on Saturday that Northland would not cede any territory.\n"
           "Analysts said that Southland wants sanctions lifted.\n"
           "Berg said the talks went on for hours.\n")
PUBLISHED = "2024-06-07"  # a Friday
REASONS = ("confidence 0.65: attribution 'said'; speaker from registry alias 'Berg'; party northland (Anna Berg: "
           "Foreign Minister, 2020–); issue from 'cede'; stance from 'would not cede'; stated_on 2024-06-08 from 'on "
           "Saturday', the day after 2024-06-07; CHECK THE DATE: 2024-06-08 is after the article's publication "
           "(2024-06-07)")


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "stance.db")
    lines = [orjson.dumps({"type": kind, **entry}) for kind, entries in
             (("party", PARTIES), ("issue", ISSUES), ("speaker", SPEAKERS)) for entry in entries]
    Ledger(path).append(decode_jsonl(lines), "test")
    return path


@pytest.fixture
def article(tmp_path) -> str:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return str(path)


def run(db, *args, input=None, model=False):
    """`stance extract` on the test's store; the rules alone unless `model`, so that what these tests pin does not
    move when the model is trained again (tests/test_extract_model.py tests the command with it)."""
    rules = [] if model else ["--rules-only"]
    return CliRunner().invoke(app, ["--db", db, "extract", *args, *rules, "--published-on", PUBLISHED,
                                    "--outlet", "W"], input=input)


def last_statement(db) -> dict:
    return json.loads(list(Ledger(db).export())[-1])


def test_skipped_sentences_are_counted_and_listed_on_stderr(db, article):
    result = run(db, article)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "warning: candidate 1: 2024-06-08 is after the article's publication (2024-06-07)",
        "2 attributed sentences gave no candidate (--show-skipped lists them)"]
    result = run(db, article, "--show-skipped")
    assert result.stderr.splitlines()[1:] == [
        "skipped sentence 2 (a reporter not in the registry ('Analysts said')): Analysts said that Southland wants "
        "sanctions lifted.",
        "skipped sentence 3 (no stance word): Anna Berg: Berg said the talks went on for hours."]
    assert [json.loads(line)["stance"] for line in result.stdout.splitlines()] == ["reject"]


def test_a_date_before_the_event_is_flagged(db, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Berg said on June 1 that Northland would not cede any territory.\n")
    result = run(db, str(path), "--event-on", "2024-06-06")
    [candidate] = [json.loads(line) for line in result.stdout.splitlines()]
    assert candidate["stated_on"] == "2024-06-01"
    assert result.stderr == "warning: candidate 1: 2024-06-01 is before the event the article reports (2024-06-06)\n"
    result = run(db, str(path), "--event-on", "2024-06-06", "--why")
    assert result.stderr.splitlines()[1].endswith(
        "CHECK THE DATE: 2024-06-01 is before the event the article reports (2024-06-06)")
    assert run(db, str(path), "--event-on", "2024-13").exit_code == 2


def test_printed_candidates_carry_no_reasons_and_why_puts_them_on_stderr(db, article):
    result = run(db, article)
    [candidate] = [json.loads(line) for line in result.stdout.splitlines()]
    assert "note" not in candidate
    assert candidate["evidence"] == "Berg said on Saturday that Northland would not cede any territory."
    result = run(db, article, "--why")
    assert result.stdout == run(db, article).stdout
    assert result.stderr.splitlines()[:2] == [
        "warning: candidate 1: 2024-06-08 is after the article's publication (2024-06-07)", f"candidate 1: {REASONS}"]


def test_the_table_still_shows_the_confidence(db, article):
    result = run(db, article, "--format", "table")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].split()[-1] == "conf"
    assert "0.65" in result.stdout.splitlines()[2]


def test_extract_without_review_creates_no_store(tmp_path, article):
    missing = tmp_path / "none" / "stance.db"
    result = run(str(missing), article)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0].startswith("the store has no registry; using the one shipped")
    assert not missing.exists() and not missing.parent.exists()
    result = run(str(missing), "--evaluate", "tests/data/extract_dev", "--texts", str(tmp_path))
    assert not missing.exists() and not missing.parent.exists()


def test_review_shows_the_sentence_the_fields_and_why_and_stores_no_reasons(db, article):
    result = run(db, article, "--review", input="a\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[2:14] == [
        "candidate 1 of 1",
        "  sentence: Berg said on Saturday that Northland would not cede any territory.",
        "  stated_on: 2024-06-08",
        "  party: northland",
        "  speaker: Anna Berg",
        "  role: Foreign Minister",
        "  issue: territory",
        "  stance: reject",
        "  position: Northland would not cede any territory.",
        '  source: {"outlet":"W","published_on":"2024-06-07"}',
        f"  why: {REASONS}",
        "[a]ccept, [e]dit a field, [k]eep the reasons as the note and accept, [s]kip, [q]uit: a"]
    assert "note" not in last_statement(db)


def test_review_keeps_the_reasons_only_on_purpose(db, article):
    assert run(db, article, "--review", input="k\n").exit_code == 0
    assert last_statement(db)["note"] == REASONS


def test_review_edits_offer_the_registry_closest_first(db, article):
    result = run(db, article, "--review", input="e\nparty\nsouth\ne\nparty\n2\ne\nnote\nChecked.\na\n")
    assert result.exit_code == 0, result.stderr
    assert "  1) northland · 2) southland" in result.stdout.splitlines()
    assert result.stderr.splitlines()[-1] == "error: 'south' is not in the registry; closest: southland, northland"
    stored = last_statement(db)
    assert (stored["party"], stored["note"]) == ("southland", "Checked.")


def test_closest_match_first():
    assert closest("cease", ["territory", "sanctions", "ceasefire"]) == ["ceasefire", "sanctions", "territory"]
    assert closest("", ["b", "a"]) == ["b", "a"]
