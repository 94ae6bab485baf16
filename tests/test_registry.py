"""The registry of parties, issues and speakers: validation, affiliation by date, and the store's guarantees."""

import json

import orjson
import pytest
from cli_helpers import Stance

from events.lines import decode_jsonl
from events.registry import affiliations_on
from events.validation import Invalid, parse_event
from store import Ledger, Refused
from store import registry as store_registry
from store.verify import verify

PESKOV = {"type": "speaker", "name": "Dmitry Peskov", "aliases": ["Peskov", "Kremlin spokesperson Dmitry Peskov"],
          "affiliations": [{"party": "russia", "role": "Kremlin spokesperson", "from": "2012"}]}
MINISTER = {"type": "speaker", "name": "A. Minister", "affiliations": [
    {"party": "ukraine", "role": "Foreign Minister", "from": "2019-08", "to": "2024-09-05"},
    {"party": "ukraine", "role": "Adviser", "from": "2024-09-06"},
]}
REGISTRY = [{"type": "party", "slug": "russia", "name": "Russia"},
            {"type": "party", "slug": "ukraine", "name": "Ukraine"},
            {"type": "issue", "slug": "territory", "title": "Territory", "description": "Who controls which land."},
            PESKOV, MINISTER]


def rows(*objs) -> list[bytes]:
    return [orjson.dumps(o) for o in objs]


@pytest.mark.parametrize("stated_on, roles", [
    ("2019-07", []),
    ("2019-08-01", ["Foreign Minister"]),
    ("2024", ["Foreign Minister"]),          # a year counts from its start
    ("2024-09-05", ["Foreign Minister"]),    # the last day of a range is inside it
    ("2024-09-06", ["Adviser"]),
    ("2025-11-27T10:00:00+03:00", ["Adviser"]),
])
def test_affiliation_by_date(stated_on, roles):
    speaker = parse_event(MINISTER).fields
    assert [a["role"] for a in affiliations_on(speaker, stated_on)] == roles


@pytest.mark.parametrize("obj, problem", [
    ({"type": "party", "slug": "Russia", "name": "Russia"}, "slug 'Russia' is not a slug"),
    ({"type": "party", "slug": "russia"}, "missing field 'name'"),
    ({"type": "issue", "slug": "a//b", "title": "x"}, "slug 'a//b' is not an issue path"),
    ({"type": "speaker", "name": "X", "affiliations": [{"party": "russia", "from": "2025", "to": "2024"}]},
     "affiliations[1] ends before it begins"),
    ({"type": "speaker", "name": "X", "affiliations": [{"party": "russia", "since": "2025"}]},
     "unknown field 'affiliations[1].since' (known: party, role, from, to)"),
    ({"type": "speaker", "name": "X", "affiliations": [{"party": "russia", "from": "2025-13"}]},
     "affiliations[1].from '2025-13' is not a date"),
    ({"type": "council", "name": "X"}, "type 'council' is not one of statement, correction, retraction, party, "
                                       "issue, speaker"),
])
def test_invalid_registry_entries(obj, problem):
    with pytest.raises(Invalid) as refused:
        parse_event(obj)
    assert refused.value.problems == [problem]


def test_registry_entries_are_logged_hashed_and_correctable(store_url):
    ledger = Ledger(store_url)
    try:
        done = ledger.append(decode_jsonl(rows(*REGISTRY)), "analyst")
        assert done.added["party"] == 2 and done.added["speaker"] == 2 and done.added["issue"] == 1
        assert ledger.append(decode_jsonl(rows(*REGISTRY)), "analyst").skipped == 5

        with pytest.raises(Refused) as taken:
            ledger.append(decode_jsonl(rows({"type": "party", "slug": "russia", "name": "Russian Federation"})), "x")
        russia = store_registry.entries(ledger, "party")[0]["id"]
        assert taken.value.problems == [
            f"line 1: party 'russia' is already registered (entry {russia}); correct that entry instead"]

        ledger.correct(russia, {"name": "Russian Federation"}, "Official name.", "analyst")
        assert store_registry.party_names(ledger) == {"russia": "Russian Federation", "ukraine": "Ukraine"}
        assert store_registry.party_names(ledger, known=5) == {"russia": "Russia", "ukraine": "Ukraine"}

        with pytest.raises(Refused) as key:
            ledger.correct(russia, {"slug": "rus"}, "x", "analyst")
        assert key.value.problems == ["changes: the slug of a party cannot be corrected; register a new party"]
        with pytest.raises(Refused) as retract:
            ledger.retract(russia, "x", "analyst")
        assert retract.value.problems == [
            f"cannot retract party {russia}: registry entries are corrected, not retracted"]
        assert verify(ledger).ok
    finally:
        ledger.close()


def test_speaker_party_on_a_date(store_url):
    ledger = Ledger(store_url)
    try:
        ledger.append(decode_jsonl(rows(*REGISTRY)), "analyst")
        assert store_registry.speaker_party(ledger, "kremlin  spokesperson dmitry PESKOV", "2025-03") == (
            "russia", "Dmitry Peskov: Kremlin spokesperson, 2012–")
        assert store_registry.speaker_party(ledger, "A. Minister", "2019-01") == (
            None, "no affiliation of A. Minister covers 2019-01")
        assert store_registry.speaker_party(ledger, "Nobody", "2025") == (
            None, "speaker 'Nobody' is not in the registry")
    finally:
        ledger.close()


def test_record_takes_the_party_from_the_speaker(tmp_path):
    stance = Stance(str(tmp_path / "stance.db"))
    path = tmp_path / "registry.jsonl"
    path.write_bytes(b"\n".join(rows(*REGISTRY)) + b"\n")
    stance("import", str(path))
    result = stance("record", "--stated-on", "2025-03-14", "--speaker", "Peskov", "--issue", "territory",
                    "--stance", "reject", "--position", "A pause would let Ukraine regroup.",
                    "--source-outlet", "TASS")
    assert result.stdout.splitlines()[:2] == [
        "party russia from the registry (Dmitry Peskov: Kremlin spokesperson, 2012–)",
        "role Kremlin spokesperson from the registry"]
    assert result.stderr == "speaker 'Peskov' is registered as 'Dmitry Peskov': recorded under that name\n"
    row = json.loads(stance("timeline", "-f", "json").stdout)[0]
    assert (row["party"], row["speaker"]) == ("russia", "Dmitry Peskov")
    assert json.loads(stance("as-of", "2025", "-f", "json").stdout)[0]["statement_id"] == row["statement_id"]
    # A role given is kept; a party given picks the affiliation whose role is filled in.
    given = stance("record", "--stated-on", "2025-03-15", "--speaker", "Dmitry Peskov", "--party", "russia",
                   "--role", "Spokesman", "--issue", "territory", "--stance", "reject", "--position", "Again no.",
                   "--source-outlet", "TASS")
    assert (given.stdout.splitlines()[0].startswith("recorded statement "), given.stderr) == (True, "")
    filled = stance("record", "--stated-on", "2025-03-16", "--speaker", "A. Minister", "--party", "ukraine",
                    "--issue", "territory", "--stance", "reject", "--position", "No.", "--source-outlet", "TASS")
    assert filled.stdout.splitlines()[0] == "role Adviser from the registry"
    roles = [r["role"] for r in json.loads(stance("history", "russia", "-f", "json").stdout)]
    assert roles == ["Kremlin spokesperson", "Spokesman"]
    assert stance("as-of", "2025").stdout.splitlines()[2].startswith("Russia ")  # tables show display names
    refused = stance("record", "--stated-on", "2019-01", "--speaker", "A. Minister", "--issue", "talks",
                     "--stance", "reject", "--position", "No.", "--source-outlet", "TASS", code=1)
    assert refused.stderr == "error: give --party: no affiliation of A. Minister covers 2019-01\n"
    assert stance("speakers", "-f", "csv").stdout.splitlines()[0] == "name,aliases,affiliations,id"
