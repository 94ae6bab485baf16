"""The check a report makes before it vouches for some parties and issues (store/scoped.py), on both backends.

It must refuse what `verify` refuses in its scope and in the chain, whatever the scope, and it must not need the
events outside its scope to be replayed.
"""

import pytest
from store_helpers import lines, load, run_sql, statement
from test_store_integrity import TAMPERING, unguarded

from events import Statement
from store.scoped import check_scope, vouch
from store.verify import verify


def history(ledger) -> dict[str, str]:
    """Statements of two parties on two issues; one Ukrainian statement corrected into Russia's scope."""
    load(ledger, lines(statement(1), statement(2), statement(3, party="ukraine"),
                       statement(4, party="ukraine", issue="alliances/nato"),
                       {"type": "party", "slug": "russia", "name": "Russia"},
                       {"type": "party", "slug": "ukraine", "name": "Ukraine"}))
    moved = ledger.record(Statement(statement(5, party="ukraine", issue="sanctions")), "bob").ids[0]
    ledger.correct(moved, {"party": "russia"}, "misattributed", "bob")
    kept = ledger.record(Statement(statement(6, party="ukraine", issue="alliances")), "bob").ids[0]
    ledger.retract(kept, "not said", "carol")
    return {"moved": moved, "kept": kept}


def test_a_clean_store_passes_every_scope_with_the_digest_of_verify(ledger):
    history(ledger)
    whole = verify(ledger)
    for parties, issues in ((["russia"], []), (["ukraine"], ["alliances"]), ([], ["territory"]), (["china"], [])):
        checked = check_scope(ledger, parties, issues)
        assert (checked.problems, checked.digest, checked.events) == ([], whole.digest, 10)


@pytest.mark.parametrize(("tamper", "problem"), TAMPERING[:-1],
                         ids=["body", "recorded_by", "recorded_at", "id", "hash", "delete"])
def test_a_broken_chain_fails_any_scope(ledger, store_url, tamper, problem):
    history(ledger)
    run_sql(store_url, *unguarded(ledger, tamper))
    assert check_scope(ledger, ["china"], []).problems == [problem]


def test_columns_are_checked_against_the_bodies_of_the_scope(ledger, store_url):
    history(ledger)
    run_sql(store_url, *unguarded(ledger, "UPDATE event_log SET target = NULL WHERE seq = 8"))  # not in the hash
    assert check_scope(ledger, ["russia"], []).problems == [
        "seq 8: its type or target columns disagree with its content"]
    assert check_scope(ledger, ["china"], []).ok  # outside the scope: `verify` finds it
    assert verify(ledger).problems == ["seq 8: its type or target columns disagree with its content"]


@pytest.mark.parametrize(("tamper", "scope"), [
    ("UPDATE statement_version SET stance = 'accept' WHERE version = 1 AND seq_to IS NULL AND party = 'russia'",
     (["russia"], [])),
    # the corrected statement's first version was Ukraine's: a change to it shows in Russia's scope
    ("UPDATE statement_version SET issue = 'security' WHERE version = 1 AND issue = 'sanctions'", (["russia"], [])),
    # a row moved into the scope that no event of the scope explains
    ("UPDATE statement_version SET party = 'russia' WHERE issue = 'alliances/nato'", (["russia"], [])),
    ("UPDATE statement_version SET seq_to = NULL", ([], ["alliances"])),
])
def test_projection_rows_of_the_scope_that_differ_are_found(ledger, store_url, tamper, scope):
    history(ledger)
    run_sql(store_url, tamper)
    [problem] = check_scope(ledger, *scope).problems
    assert problem.startswith("projection statement_version differs from a replay of the log's events in the "
                              "report's scope")
    assert verify(ledger).problems  # verify agrees that something is wrong


def test_topics_and_registry_of_the_scope_are_compared(ledger, store_url):
    history(ledger)
    run_sql(store_url, "UPDATE topic SET issue = 'territory/crimea' WHERE party = 'russia' AND issue = 'sanctions'")
    assert check_scope(ledger, ["russia"], []).problems[0].startswith("projection topic differs")
    run_sql(store_url, "UPDATE topic SET issue = 'sanctions' WHERE party = 'russia' AND issue = 'territory/crimea'",
            "UPDATE registry_version SET content = replace(content, 'Russia', 'Muscovy')")
    assert check_scope(ledger, ["ukraine"], []).problems[0].startswith("projection registry_version differs")


def test_a_change_outside_the_scope_is_left_to_verify(ledger, store_url):
    history(ledger)
    run_sql(store_url, "UPDATE statement_version SET stance = 'accept' WHERE issue = 'alliances/nato'")
    assert check_scope(ledger, ["russia"], []).ok
    assert not vouch(ledger).ok  # the whole store: the full verify
    assert not check_scope(ledger, ["ukraine"], []).ok


def test_checkpoint_and_guards_are_checked(ledger, store_url):
    history(ledger)
    run_sql(store_url, "UPDATE projection_state SET last_seq = 4")
    assert check_scope(ledger, ["russia"], []).problems == [
        "projections were last updated at seq 4, the log ends at seq 10; run `stance rebuild`"]
    run_sql(store_url, "UPDATE projection_state SET last_seq = 10",
            *unguarded(ledger)[:1])  # drop one guard of the log and leave it dropped
    [problem] = check_scope(ledger, ["russia"], []).problems
    assert problem.startswith("guards missing or disabled: event_log_refuse_")
