"""What the fuzz drill found, each shown with plain examples; all fixed, kept so that none comes back.

While a bug was open, test_fuzz.py counted the inputs that hit it (KNOWN_BUGS) instead of failing on them.
"""

import json

import pytest
from drill_helpers import REPO, invoke

from events.periods import NotADate, parse_period

SAMPLE = REPO / "tests" / "data" / "sample.jsonl"
STATEMENT = {"party": "russia", "issue": "territory", "stance": "demand", "position": "p", "source": {"outlet": "TASS"}}


OUT_OF_RANGE = ["9999-12-31T23:00:00-05:00", "0001-01-01T00:00:00+05:00"]
FULL_DAY_OFFSET = ["2025-11-27T10:00+24:00", "2025-11-27T10:00:00-2400"]


@pytest.mark.parametrize("text", OUT_OF_RANGE + FULL_DAY_OFFSET)
def test_parse_period_refuses_date_times_beyond_the_calendar_or_a_day_of_offset(text):
    with pytest.raises(NotADate):
        parse_period(text)


def test_parse_period_refuses_an_offset_with_more_than_59_minutes():
    with pytest.raises(NotADate):
        parse_period("2025-11-27T10:00:00+00:99")


@pytest.mark.parametrize("text", OUT_OF_RANGE + FULL_DAY_OFFSET)
def test_import_refuses_a_date_time_beyond_the_calendar_with_its_line(tmp_path, text):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    line = json.dumps({**STATEMENT, "stated_on": text})
    result = invoke(url, "import", "-", input=line + "\n")
    assert (result.exit_code, result.exception.__class__) == (1, SystemExit), repr(result.exception)
    assert result.stderr.splitlines()[0].startswith("line 1: stated_on ")


@pytest.mark.parametrize("args", [["as-of", OUT_OF_RANGE[0]], ["as-of", "2025", "--known-at", OUT_OF_RANGE[1]],
                                  ["timeline", "--from", FULL_DAY_OFFSET[0]], ["diff", "2025", OUT_OF_RANGE[0]]],
                         ids=" ".join)
def test_read_commands_refuse_a_date_time_beyond_the_calendar_as_usage(tmp_path, args):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    result = invoke(url, *args)
    assert (result.exit_code, result.exception.__class__) == (2, SystemExit), repr(result.exception)


@pytest.mark.parametrize("number", [str(2**63), "9" * 5000], ids=["2**63", "5000 digits"])
def test_known_at_refuses_or_caps_a_seq_beyond_64_bits(tmp_path, number):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    assert invoke(url, "import", str(SAMPLE)).exit_code == 0
    result = invoke(url, "as-of", "2025", "--known-at", f"seq:{number}")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 2)


@pytest.mark.parametrize("args", [["as-of", "2025\n"], ["as-of", "2025", "--known-at", "seq:1\nx"],
                                  ["timeline", "--from", "a\nb"]], ids=["WHEN", "--known-at", "--from"])
def test_a_usage_error_stays_on_one_line_whatever_the_input(tmp_path, args):
    result = invoke(f"sqlite:///{tmp_path / 'store.db'}", *args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1, result.stderr


@pytest.mark.parametrize("stance", [[], {}, ["demand"]], ids=["[]", "{}", "[demand]"])
def test_import_refuses_a_stance_that_is_a_list_or_an_object(tmp_path, stance):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    assert invoke(url, "import", str(SAMPLE)).exit_code == 0
    target = next(e["id"] for e in map(json.loads, SAMPLE.read_text().splitlines()) if "type" not in e and "id" in e)
    for event in ({**STATEMENT, "stated_on": "2025", "stance": stance},
                  {"type": "correction", "target": target, "changes": {"stance": stance}, "reason": "r"}):
        result = invoke(url, "import", "-", input=json.dumps(event) + "\n")
        assert (result.exit_code, result.exception.__class__) == (1, SystemExit), repr(result.exception)
        assert result.stderr.splitlines()[0].startswith("line 1: "), result.stderr
