"""Read commands through the CLI, with exact outputs on a small dataset (tests/data/sample.jsonl).

The sample: Zelensky's peace formula (2022-11-15), Galuzin's NATO and territory demands (2023-05-27), Vance
reporting Russia's 6,000 km² demand (2025-09-10), Putin's demand dated 2025-11 then corrected to 2025-11-27
(seq 6 corrects seq 5), and Ukraine's rejection dated only 2025.
"""

import json

import pytest
from cli_helpers import SAMPLE, Stance

PUTIN = "e5d19a27-3b4c-4d5e-8f6a-5e6f7a8b9c05"


@pytest.fixture(scope="module")
def stance(tmp_path_factory) -> Stance:
    stance = Stance(str(tmp_path_factory.mktemp("read") / "stance.db"))
    stance("import", str(SAMPLE))
    return stance


AS_OF_END_2025 = """\
party    issue             stated_on    stance: position            source                id
-------  ----------------  -----------  --------------------------  --------------------  --------
russia   alliances/nato    2023-05-27   demand: Ukraine should not  The Kyiv Independent  7c41d2b0
                                        join NATO.
russia   territory         2025-11-27   demand: Full withdrawal of  RksNews               e5d19a27
                                        Ukrainian forces from all
                                        territories Moscow claims.
russia   territory/donbas  2025-09-10   demand: Russia wants about  Ukrainska Pravda      c2b8e4d1
                                        6,000 square kilometers of
                                        Ukrainian land it has not
                                        taken.
ukraine  territory         2025         reject: Rejects any         Digi24                f81c3e6b
                                        agreement involving
                                        territorial losses.
"""


def test_as_of_table(stance):
    assert stance("as-of", "2025-12-31").stdout == AS_OF_END_2025


def test_a_year_counts_from_its_first_day_and_a_month_until_its_last(stance):
    rows = json.loads(stance("as-of", "2025-01-01", "--party", "ukraine", "-f", "json").stdout)
    assert [(r["issue"], r["stated_on"]) for r in rows] == [("territory", "2025")]
    rows = json.loads(stance("as-of", "2025-11", "--party", "russia", "--issue", "territory",
                             "--known-at", "seq:5", "-f", "json").stdout)
    assert [(r["issue"], r["stated_on"]) for r in rows] == [("territory", "2025-11"),
                                                           ("territory/donbas", "2025-09-10")]


def test_known_at_answers_from_the_record_before_the_correction(stance):
    before = json.loads(stance("as-of", "2025-11-26", "--issue", "territory", "--party", "russia",
                               "--known-at", "seq:5", "-f", "json").stdout)
    after = json.loads(stance("as-of", "2025-11-26", "--issue", "territory", "--party", "russia",
                              "-f", "json").stdout)
    # Known at seq 5, Putin's statement is dated 2025-11 and counts by 2025-11-26; the correction moved it
    # to 2025-11-27, so now Galuzin's 2023 demand is Russia's territory position on that day.
    assert [(r["issue"], r["statement_id"][:8]) for r in before] == [("territory", "e5d19a27"),
                                                                       ("territory/donbas", "c2b8e4d1")]
    assert [(r["issue"], r["statement_id"][:8]) for r in after] == [("territory", "a9e07f53"),
                                                                      ("territory/donbas", "c2b8e4d1")]


def test_as_of_json_has_the_contract_fields_and_full_text(stance):
    rows = json.loads(stance("as-of", "2023-05-27", "--party", "russia", "-f", "json").stdout)
    assert rows[1] == {
        "party": "russia", "issue": "territory", "statement_id": "a9e07f53-1c2d-4b8e-9f6a-3c4d5e6f7a03",
        "stated_on": "2023-05-27", "speaker": "Mikhail Galuzin", "role": "Deputy Foreign Minister of Russia",
        "stance": "demand",
        "position": "Ukraine must recognize the new territorial realities and give up occupied territories.",
        "conditions": None, "quote": None, "source": {"outlet": "The Kyiv Independent", "published_on": "2023-05-27"},
        "tags": None, "note": None, "evidence": None, "version": 1,
    }


def test_as_of_before_anything_was_said_is_empty(stance):
    result = stance("as-of", "2021")
    assert result.stdout == ""
    assert result.stderr == "(no positions as of 2021)\n"
    assert stance("as-of", "2021", "-f", "json").stdout == "[]\n"


def test_as_of_csv_and_markdown(stance):
    csv = stance("as-of", "2023-05-27", "--party", "russia", "--issue", "alliances", "-f", "csv").stdout
    assert csv == (
        "party,issue,statement_id,stated_on,stance,position,speaker,conditions,source_url,source_outlet,"
        "source_title,source_published_on,role,quote,tags,note,evidence\n"
        "russia,alliances/nato,7c41d2b0-9e3f-4a6b-8d5c-2b3c4d5e6f02,2023-05-27,demand,Ukraine should not join NATO.,"
        "Mikhail Galuzin,,,The Kyiv Independent,,2023-05-27,Deputy Foreign Minister of Russia,,,,\n"
    )
    markdown = stance("as-of", "2023-05-27", "--party", "russia", "--issue", "alliances", "-f", "markdown").stdout
    assert markdown.splitlines()[0].startswith("| party   | issue          | statement_id")
    assert "| Ukraine should not join NATO. |" in markdown


def test_history_marks_corrections(stance):
    assert stance("history", "russia", "territory").stdout == """\
stated_on    issue             stance: position         source                status        id
-----------  ----------------  -----------------------  --------------------  ------------  --------
2023-05-27   territory         demand: Ukraine must     The Kyiv Independent  in force      a9e07f53
                               recognize the new
                               territorial realities
                               and give up occupied
                               territories.
2025-09-10   territory/donbas  demand: Russia wants     Ukrainska Pravda      in force      c2b8e4d1
                               about 6,000 square
                               kilometers of Ukrainian
                               land it has not taken.
2025-11-27   territory         demand: Full withdrawal  RksNews               corrected ×1  e5d19a27
                               of Ukrainian forces
                               from all territories
                               Moscow claims.
"""
    rows = json.loads(stance("history", "russia", "territory", "-f", "json").stdout)
    assert rows[2]["corrections"][0]["reason"] == "Putin's remarks were made on 2025-11-27"
    assert rows[2]["corrections"][0]["changes"] == {"stated_on": "2025-11-27"}


def test_shifts(stance):
    assert stance("shifts", "--party", "ukraine").stdout == """\
party    issue      kind     from               to
-------  ---------  -------  -----------------  --------------------------------------------
ukraine  territory  first                       2022-11-15 demand: Restoration of Ukraine's
                                                territorial integrity before any settlement.
ukraine  territory  changed  2022-11-15 demand  2025 reject: Rejects any agreement involving
                                                territorial losses.

1 change of stance, 1 first statement
"""
    rows = json.loads(stance("shifts", "--party", "ukraine", "--from", "2025", "-f", "json").stdout)
    assert len(rows) == 1
    assert rows[0]["from"]["source"]["outlet"] == "The Kyiv Independent"
    assert rows[0]["to"]["source"] == {"outlet": "Digi24"}


def test_diff(stance):
    assert stance("diff", "2024", "2025-12").stdout == """\
party    issue             before                        after
-------  ----------------  ----------------------------  -----------------------------------------
russia   territory         2023-05-27 demand: Ukraine …  2025-11-27 demand: Full withdrawal of
                                                         Ukrainian forces from all territories
                                                         Moscow claims.
russia   territory/donbas                                2025-09-10 demand: Russia wants about
                                                         6,000 square kilometers of Ukrainian land
                                                         it has not taken.
ukraine  territory         2022-11-15 demand: Restorat…  2025 reject: Rejects any agreement
                                                         involving territorial losses.
"""
    rows = json.loads(stance("diff", "2024", "2025-12", "--issue", "territory/donbas", "-f", "json").stdout)
    assert rows[0]["before"] is None and rows[0]["after"]["speaker"] == "JD Vance"


def test_timeline_range_is_by_period_start(stance):
    assert stance("timeline", "--from", "2025", "--to", "2025-09").stdout == """\
stated_on    party    issue             stance: position                         speaker    id
-----------  -------  ----------------  ---------------------------------------  ---------  --------
2025         ukraine  territory         reject: Rejects any agreement involving             f81c3e6b
                                        territorial losses.
2025-09-10   russia   territory/donbas  demand: Russia wants about 6,000 square  JD Vance   c2b8e4d1
                                        kilometers of Ukrainian land it has not
                                        taken.
"""


def test_timeline_jsonl(stance):
    lines = stance("timeline", "-f", "jsonl").stdout.splitlines()
    assert [json.loads(line)["stated_on"] for line in lines] == [
        "2022-11-15", "2023-05-27", "2023-05-27", "2025", "2025-09-10", "2025-11-27"]


def test_show_every_version(stance):
    found = json.loads(stance("show", PUTIN, "-f", "json").stdout)
    assert found["statement_id"] == PUTIN and found["seq"] == 5 and found["retraction"] is None
    assert [(v["version"], v["seq"], v["reason"], v["content"]["stated_on"]) for v in found["versions"]] == [
        (1, 5, None, "2025-11"), (2, 6, "Putin's remarks were made on 2025-11-27", "2025-11-27")]
    earlier = json.loads(stance("show", PUTIN, "--known-at", "seq:5", "-f", "json").stdout)
    assert len(earlier["versions"]) == 1
    table = stance("show", PUTIN).stdout
    assert table.splitlines()[0] == f"statement {PUTIN} (seq 5): in force"


def test_parties_and_issues(stance):
    assert stance("parties").stdout == """\
party    name    statements    issues
-------  ------  ------------  --------
russia           4             3
ukraine          2             1
"""
    assert stance("issues", "-f", "csv").stdout == (
        "issue,title,statements,parties,description\n"
        "alliances/nato,,1,1,\nterritory,,4,2,\nterritory/donbas,,1,1,\n")
    early = stance("parties", "--known-at", "seq:1", "-f", "csv").stdout
    assert early == "party,name,statements,issues\nukraine,,1,1\n"


FORMS = "use YYYY, YYYY-MM, YYYY-MM-DD, an ISO 8601 date-time with offset, today or yesterday (UTC)"


@pytest.mark.parametrize("args, message", [
    (["as-of", "2025-13"],
     f"error: Invalid value for WHEN: '2025-13' is not a date; {FORMS} (see 'stance as-of -h')\n"),
    (["as-of", "2025", "--known-at", "seq:x"],
     "error: Invalid value for --known-at: 'seq:x' is not seq:N with N a whole number (see 'stance as-of -h')\n"),
    (["as-of", "2025", "--known-at", "now"],
     f"error: Invalid value for --known-at: 'now' is not a date; use seq:N, {FORMS[4:]} (see 'stance as-of -h')\n"),
    (["timeline", "--from", "2025-02-30"],
     f"error: Invalid value for --from: '2025-02-30' is not a date; {FORMS} (see 'stance timeline -h')\n"),
    (["diff", "2024", "tomorrow"],
     f"error: Invalid value for WHEN2: 'tomorrow' is not a date; {FORMS} (see 'stance diff -h')\n"),
    (["as-of", "2025", "--party", "Russia"],
     "error: Invalid value for --party: 'Russia' is not a party slug (see 'stance as-of -h')\n"),
])
def test_malformed_dates_and_filters_are_usage_errors(stance, args, message):
    result = stance(*args, code=2)
    assert result.stderr == message
    assert result.stdout == ""


def test_unknown_statement_is_exit_1(stance):
    result = stance("show", "00000000-0000-4000-8000-000000000000", code=1)
    assert result.stderr == "error: no statement with id 00000000-0000-4000-8000-000000000000\n"


def test_show_and_correct_take_the_id_prefix_tables_print(stance):
    found = json.loads(stance("show", "e5d19a27", "-f", "json").stdout)
    assert found["statement_id"] == PUTIN
    assert stance("show", "e5d1", code=1).stderr == (
        "error: 'e5d1' is not a statement id (a UUID, or its first 8 or more characters)\n")
    assert stance("show", "ffffffff", code=1).stderr == "error: no event id starts with ffffffff\n"
