"""Entry that catches mistakes: registry-checked parties and issues with suggestions, `stance register`, future
dates, corrections of one source field, and reads that never create a store. Through the CLI, on both backends."""

import json

import pytest
from cli_helpers import Stance

from events.entry import closest, edit_distance, future_problems, registered_issue
from events.periods import parse_period

STATEMENT = ["--stated-on", "2025-03-11", "--stance", "accept", "--position", "Accepts a pause of thirty days.",
             "--source-outlet", "Wire"]


def registered(stance: Stance) -> None:
    stance("register", "party", "russia", "--name", "Russia")
    stance("register", "party", "ukraine", "--name", "Ukraine")
    stance("register", "party", "united-states", "--name", "United States")
    stance("register", "issue", "territory", "--title", "Territory", "--description", "Who holds which land.")
    stance("register", "issue", "ceasefire", "--title", "Ceasefire")
    stance("register", "speaker", "Vladimir Putin", "--alias", "Putin", "--party", "russia", "--role",
           "President of Russia", "--from", "2000")


def log_length(stance: Stance) -> int:
    return len(json.loads(stance("log", "-f", "json").stdout))


# --- the pure rules ------------------------------------------------------------------------------------------


def test_edit_distance_and_closest():
    assert edit_distance("rusia", "russia", 2) == 1
    assert edit_distance("territroy", "territory", 3) == 2
    assert edit_distance("abc", "xyzxyz", 2) == 3  # past the limit: limit + 1
    candidates = [("russia", "russia"), ("russia", "Russia"), ("belarus", "belarus"),
                  ("united-states", "United States"), ("russia", "Putin")]
    assert closest("rusia", candidates) == ["russia"]
    assert closest("unitedstates", candidates) == ["united-states"]
    assert closest("united states", candidates) == ["united-states"]  # by its name
    assert closest("putn", candidates) == ["russia"]  # by a speaker's alias
    assert closest("ghana", candidates) == []
    # Only the closest: one edit from russia beats two from an alias of another party.
    assert closest("rusia", [*candidates, ("united-states", "Rubio")]) == ["russia"]
    assert closest("aa", [("ab", "ab"), ("ac", "ac"), ("b", "b")]) == ["ab", "ac"]


def test_suggestions_with_the_shipped_registry(tmp_path):
    from cli.demo import dataset_files

    stance = Stance(str(tmp_path / "s.db"))
    stance("import", str(dataset_files()[0]))
    result = stance("record", "--party", "rusia", "--issue", "territroy", *STATEMENT, code=1)
    assert result.stderr.splitlines()[:2] == [
        "error: party 'rusia' is not registered (did you mean 'russia'?); register it first: stance register party …",
        "error: issue 'territroy' is not registered (did you mean 'territory'?); register it first: "
        "stance register issue …"]


def test_sub_issue_rule():
    issues = {"territory", "alliances/nato"}
    assert registered_issue("territory", issues)
    assert registered_issue("territory/donbas", issues)
    assert registered_issue("territory/donbas/avdiivka", issues)
    assert registered_issue("alliances/nato/membership", issues)
    assert not registered_issue("alliances", issues)
    assert not registered_issue("territroy/donbas", issues)


def test_future_problems_start_of_period_against_the_moment():
    now = parse_period("2026-06-15T12:00:00Z").start
    assert future_problems({"stated_on": "2026", "source": {"published_on": "2026-06"}}, now) == []
    assert future_problems({"stated_on": "2026-06-16", "source": {"published_on": "2027"}}, now) == [
        "stated_on '2026-06-16' is in the future", "source.published_on '2027' is in the future"]
    assert future_problems({"stated_on": "not a date"}, now) == []  # left to validation


# --- the registry checks -------------------------------------------------------------------------------------


def test_record_refuses_an_unregistered_party_and_issue_with_suggestions(store_url):
    stance = Stance(store_url)
    registered(stance)
    before = log_length(stance)
    result = stance("record", "--party", "rusia", "--issue", "territroy", *STATEMENT, code=1)
    assert result.stderr == (
        "error: party 'rusia' is not registered (did you mean 'russia'?); register it first: stance register party …\n"
        "error: issue 'territroy' is not registered (did you mean 'territory'?); register it first: "
        "stance register issue …\n"
        "error: nothing was written\n")
    assert log_length(stance) == before
    # A sub-issue of a registered issue passes; a party registered after the refusal passes.
    stance("register", "party", "rusia", "--name", "Rusia (a party of its own)")
    assert stance("record", "--party", "rusia", "--issue", "territory/donbas", *STATEMENT).stdout.startswith(
        "recorded statement ")


def test_import_refuses_by_line_and_counts_registry_lines_earlier_in_the_file(store_url, tmp_path):
    stance = Stance(store_url)
    registered(stance)
    good = {"stated_on": "2025-03-11", "party": "ukraine", "issue": "ceasefire", "stance": "accept",
            "position": "Accepts a pause.", "source": {"outlet": "Wire"}}
    path = tmp_path / "lines.jsonl"
    path.write_text("\n".join(json.dumps(obj) for obj in [
        good,
        {"type": "party", "slug": "european-union", "name": "European Union"},
        {**good, "party": "european-union", "position": "Welcomes the pause."},
        {**good, "party": "ukrane"},
        {**good, "issue": "sanctions"},
        {**good, "party": "unitedstates", "issue": "ceasefir"},
    ]) + "\n")
    before = log_length(stance)
    result = stance("import", str(path), code=1)
    assert result.stderr == (
        "line 4: party 'ukrane' is not registered (did you mean 'ukraine'?); register it first: "
        "stance register party …\n"
        "line 5: issue 'sanctions' is not registered; register it first: stance register issue …\n"
        "line 6: party 'unitedstates' is not registered (did you mean 'united-states'?); register it first: "
        "stance register party …\n"
        "line 6: issue 'ceasefir' is not registered (did you mean 'ceasefire'?); register it first: "
        "stance register issue …\n"
        "error: nothing was written\n")
    assert log_length(stance) == before
    path.write_text("\n".join(json.dumps(obj) for obj in [good, {"type": "party", "slug": "european-union",
                                                                 "name": "European Union"},
                                                          {**good, "party": "european-union"}]) + "\n")
    assert stance("import", str(path)).stdout.startswith("imported 3 events")


def test_correct_is_checked_against_the_registry(store_url):
    stance = Stance(store_url)
    registered(stance)
    sid = stance("record", "--party", "ukraine", "--issue", "ceasefire", *STATEMENT).stdout.split()[2]
    result = stance("correct", sid, "--set", "party=ukriane", "--reason", "Wrong party.", code=1)
    assert result.stderr == ("error: party 'ukriane' is not registered (did you mean 'ukraine'?); register it "
                             "first: stance register party …\nerror: nothing was written\n")
    stance("correct", sid, "--set", "party=russia", "--reason", "Wrong party.")


def test_a_store_without_registry_accepts_any_slug_as_in_v1(store_url):
    stance = Stance(store_url)
    stance("record", "--party", "rusia", "--issue", "territroy", *STATEMENT)
    # Speakers alone do not make parties or issues checked.
    stance("register", "speaker", "Someone", "--alias", "S.")
    stance("record", "--party", "anyone", "--issue", "anything", *STATEMENT)
    # Parties registered: parties are checked, issues still are not.
    stance("register", "party", "russia", "--name", "Russia")
    stance("record", "--party", "russia", "--issue", "anything-else", *STATEMENT)
    assert stance("record", "--party", "anyone", "--issue", "anything", *STATEMENT, code=1).stderr.startswith(
        "error: party 'anyone' is not registered;")


def test_register_commands(store_url):
    stance = Stance(store_url)
    out = stance("register", "party", "russia", "--name", "Russia").stdout
    assert out.startswith("registered party russia (entry ") and out.endswith(") at seq 1\n")
    stance("register", "issue", "territory", "--title", "Territory", "--description", "Land.")
    stance("register", "speaker", "A. Minister", "--alias", "Minister", "--alias", "the minister",
           "--party", "russia", "--role", "Foreign Minister", "--from", "2019", "--to", "2024")
    assert json.loads(stance("parties", "-f", "json").stdout) == [
        {"party": "russia", "name": "Russia", "statements": 0, "issues": 0}]
    assert json.loads(stance("issues", "-f", "json").stdout)[0]["description"] == "Land."
    speaker = json.loads(stance("speakers", "-f", "json").stdout)[0]
    assert (speaker["name"], speaker["aliases"], speaker["affiliations"]) == (
        "A. Minister", ["Minister", "the minister"],
        [{"party": "russia", "role": "Foreign Minister", "from": "2019", "to": "2024"}])
    taken = stance("register", "party", "russia", "--name", "Again", code=1)
    assert taken.stderr.startswith("error: party 'russia' is already registered (entry ")
    assert stance("register", "party", "Russia", "--name", "R", code=1).stderr == (
        "error: slug 'Russia' is not a slug\nerror: nothing was written\n")
    assert stance("register", "speaker", "X", "--role", "Envoy", code=2).stderr == (
        "error: Invalid value for --party: --role, --from and --to describe an affiliation: give its --party "
        "(see 'stance register speaker -h')\n")


def test_a_speaker_is_checked_against_the_registered_parties(store_url, tmp_path):
    stance = Stance(store_url)
    registered(stance)
    before = log_length(stance)
    refused = stance("register", "speaker", "A. Envoy", "--party", "rusia", "--role", "Envoy", code=1)
    assert refused.stderr == ("error: party 'rusia' is not registered (did you mean 'russia'?); register it first: "
                              "stance register party …\nerror: nothing was written\n")
    assert log_length(stance) == before
    out = stance("register", "speaker", "A. Envoy", "--party", "russia", "--role", "Envoy").stdout
    entry = out.split("(entry ")[1].split(")")[0]
    # A correction of the speaker's affiliations, imported, is checked the same way, by its line.
    correction = {"type": "correction", "target": entry, "reason": "Moved.",
                  "changes": {"affiliations": [{"party": "ukriane", "role": "Envoy"}]}}
    lines = tmp_path / "moved.jsonl"
    lines.write_text(json.dumps(correction) + "\n")
    refused = stance("import", str(lines), code=1)
    assert refused.stderr.startswith("line 1: party 'ukriane' is not registered (did you mean 'ukraine'?)")
    assert log_length(stance) == before + 1


# --- future dates --------------------------------------------------------------------------------------------


def test_future_dates_are_refused(store_url, tmp_path):
    stance = Stance(store_url)
    result = stance("record", "--party", "ukraine", "--issue", "ceasefire", *STATEMENT[2:], "--stated-on",
                    "2999-01-01", "--source-published-on", "2999", code=1)
    assert result.stderr == ("error: stated_on '2999-01-01' is in the future\n"
                             "error: source.published_on '2999' is in the future\nerror: nothing was written\n")
    path = tmp_path / "future.jsonl"
    good = {"stated_on": "2025-03-11", "party": "ukraine", "issue": "ceasefire", "stance": "accept",
            "position": "Accepts a pause.", "source": {"outlet": "Wire"}}
    path.write_text(json.dumps(good) + "\n" + json.dumps({**good, "stated_on": "2030-01-01"}) + "\n")
    assert stance("import", str(path), code=1).stderr == (
        "line 2: stated_on '2030-01-01' is in the future\nerror: nothing was written\n")
    sid = stance("record", "--party", "ukraine", "--issue", "ceasefire", *STATEMENT).stdout.split()[2]
    assert stance("correct", sid, "--set", "source.published_on=2999-12", "--reason", "r", code=1).stderr == (
        "error: source.published_on '2999-12' is in the future\nerror: nothing was written\n")
    assert stance("log", "-f", "json").stdout.count('"seq"') == 1


# --- corrections of one source field --------------------------------------------------------------------------


def test_correct_one_source_field_keeps_the_others(store_url):
    stance = Stance(store_url)
    sid = stance("record", "--party", "ukraine", "--issue", "ceasefire", *STATEMENT, "--source-url",
                 "https://example.org/a", "--source-title", "Old title", "--source-published-on",
                 "2025-03-12").stdout.split()[2]

    def source() -> dict:
        return json.loads(stance("show", sid, "-f", "json").stdout)["versions"][-1]["content"]["source"]

    stance("correct", sid, "--set", "source.url=https://example.org/b", "--reason", "Moved.")
    assert source() == {"url": "https://example.org/b", "outlet": "Wire", "title": "Old title",
                        "published_on": "2025-03-12"}
    stance("correct", sid, "--set", "source_outlet=Wire Service", "--unset", "source.title", "--reason", "Fix.")
    assert source() == {"url": "https://example.org/b", "outlet": "Wire Service", "published_on": "2025-03-12"}
    stance("correct", sid, "--set", 'source={"outlet": "Other"}', "--reason", "Replaced whole.")
    assert source() == {"outlet": "Other"}
    assert stance("correct", sid, "--unset", "source.outlet", "--reason", "r", code=1).stderr == (
        "error: source needs a url or an outlet\nerror: nothing was written\n")
    assert stance("correct", sid, "--set", "source.author=X", "--reason", "r", code=1).stderr == (
        "error: changes: 'source.author' is not a field that can be corrected (source fields: url, outlet, title, "
        "published_on)\n")
    assert stance("correct", sid, "--set", "source.url=https://e.org", "--set", 'source={"outlet": "O"}',
                  "--reason", "r", code=2).stderr.startswith("error: Invalid value for --set: give the whole source")
    # The event holds the whole new source, as an import correction does.
    events = [json.loads(line) for line in stance("export").stdout.splitlines()]
    assert events[1]["changes"] == {"source": {"url": "https://example.org/b", "outlet": "Wire",
                                               "title": "Old title", "published_on": "2025-03-12"}}


# --- show ----------------------------------------------------------------------------------------------------


def test_show_says_what_changed_and_the_whole_reason(store_url):
    stance = Stance(store_url)
    sid = stance("record", "--party", "ukraine", "--issue", "ceasefire", *STATEMENT, "--quote",
                 "We accept.", "--by", "alice").stdout.split()[2]
    reason = "The quote was taken from the wrong paragraph; the article's second paragraph has the words as said."
    stance("correct", sid, "--set", "quote=We accept the pause.", "--set", "source.title=Pause", "--reason", reason,
           "--by", "bob")
    found = json.loads(stance("show", sid, "-f", "json").stdout)
    assert [v["changes"] for v in found["versions"]] == [
        {}, {"quote": {"from": "We accept.", "to": "We accept the pause."},
             "source.title": {"from": None, "to": "Pause"}}]
    table = stance("show", sid).stdout
    v2 = found["versions"][1]
    assert table.endswith(
        f"\nversion 2 (seq 2, {v2['recorded_at']}, by bob): The quote was taken from the wrong\n"
        "  paragraph; the article's second paragraph has the words as said.\n"
        "  quote: We accept. → We accept the pause.\n"
        "  source.title: (none) → Pause\n")
    csv = stance("show", sid, "-f", "csv").stdout.splitlines()
    assert csv[0].startswith("statement_id,version,seq,recorded_at,recorded_by,reason,changed,changes,")
    assert ",quote;source.title," in csv[2]
    assert "quote: We accept. → We accept the pause.; source.title: (none) → Pause" in csv[2]


# --- reads never create a store ------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [
    ["as-of", "2025"], ["timeline"], ["history", "russia"], ["shifts"], ["diff", "2024", "2025"],
    ["show", "00000000-0000-4000-8000-000000000000"], ["log"], ["parties"], ["issues"], ["speakers"],
    ["export"], ["export", "--record"], ["verify"], ["db", "current"], ["report", "-f", "markdown"],
])
def test_a_read_of_a_missing_store_is_refused_and_creates_nothing(tmp_path, command):
    path = tmp_path / "missing" / "tlaks.db"
    result = Stance(str(path))(*command, code=1)
    assert result.stderr == f"error: no store at {path} (stance init creates one)\n"
    assert list(tmp_path.iterdir()) == []


def test_a_read_of_an_empty_database_is_refused_and_writes_create(store_url):
    stance = Stance(store_url)
    from store.engine import shown_url

    assert stance("as-of", "2025", code=1).stderr == f"error: no store at {shown_url(store_url)} " \
                                                      "(stance init creates one)\n"
    stance("register", "party", "russia", "--name", "Russia")
    assert stance("parties", "-f", "csv").stdout == "party,name,statements,issues\nrussia,Russia,0,0\n"


def test_writes_create_the_store_and_its_directories(tmp_path):
    path = tmp_path / "new" / "dir" / "s.db"
    Stance(str(path))("record", "--party", "ukraine", "--issue", "ceasefire", *STATEMENT)
    assert path.is_file()
