"""CSV and Markdown are flat: every read command's cells hold no JSON, and every text field has a column.

The statements here are written for these tests; each carries every text field (quote, conditions, note,
evidence), a full source and tags, so a column that went missing or a cell that still held an object shows.
"""

import csv
import io
import json

import pytest
from cli_helpers import Stance

FIRST = "11111111-1111-4111-8111-111111111111"
SECOND = "22222222-2222-4222-8222-222222222222"
SOURCE = {"url": "https://example.org/a", "outlet": "Example Herald", "title": "Talks, again",
          "published_on": "2024-03-02"}
EVENTS = [
    {"type": "party", "slug": "north", "name": "North"},
    {"type": "speaker", "name": "Ana Field", "aliases": ["Field", "Minister Field"],
     "affiliations": [{"party": "north", "role": "Foreign Minister", "from": "2020", "to": None}]},
    {"id": FIRST, "stated_on": "2024-03-01", "party": "north", "speaker": "Ana Field", "role": "Foreign Minister",
     "issue": "border/river", "stance": "demand", "position": "The river is the border.",
     "conditions": "if the survey is shared", "quote": "The river, and nothing else.", "source": SOURCE,
     "tags": ["survey", "first-round"], "note": "Dated by the article.", "evidence": "Field said the river."},
    {"id": SECOND, "stated_on": "2024-06", "party": "north", "speaker": "Ana Field", "role": "Foreign Minister",
     "issue": "border/river", "stance": "consider", "position": "A line east of the river could do.",
     "conditions": "if the bridge stays open", "quote": "East, perhaps.", "source": SOURCE,
     "tags": ["second-round"], "note": "Only the month is known.", "evidence": "She allowed an eastern line."},
    {"type": "correction", "target": SECOND, "changes": {"quote": "East, perhaps; we will see."},
     "reason": "The quote was cut short."},
]
TEXT_FIELDS = ("quote", "conditions", "note", "evidence")


@pytest.fixture(scope="module")
def stance(tmp_path_factory) -> Stance:
    stance = Stance(str(tmp_path_factory.mktemp("flat") / "stance.db"))
    stance("import", "-", input="".join(json.dumps(e) + "\n" for e in EVENTS))
    return stance


def _csv(stance, *args: str) -> list[dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(stance(*args, "-f", "csv").stdout)))
    assert rows, args
    for row in rows:
        for name, value in row.items():
            assert not value.startswith(("{", "[")), f"{args}: {name} holds JSON: {value}"
    return rows


def _has_text_fields(row: dict[str, str], prefix: str = "") -> None:
    for name in TEXT_FIELDS:
        assert row[prefix + name], f"{prefix}{name} is empty"
    for name in ("url", "outlet", "title", "published_on"):
        assert row[f"{prefix}source_{name}"] == SOURCE[name]


def test_as_of_csv(stance):
    row, = _csv(stance, "as-of", "2024")
    _has_text_fields(row)
    assert row["quote"] == "East, perhaps; we will see." and row["tags"] == "second-round"
    assert list(row)[:12] == ["party", "issue", "statement_id", "stated_on", "stance", "position", "speaker",
                              "conditions", "source_url", "source_outlet", "source_title", "source_published_on"]


def test_timeline_csv(stance):
    rows = _csv(stance, "timeline")
    assert [r["statement_id"] for r in rows] == [FIRST, SECOND]
    for row in rows:
        _has_text_fields(row)
    assert rows[0]["tags"] == "survey;first-round"


def test_history_csv_flattens_corrections(stance):
    rows = _csv(stance, "history", "north")
    for row in rows:
        _has_text_fields(row)
    assert [(r["status"], r["corrections"], r["correction_seqs"], r["corrected_fields"], r["correction_reasons"])
            for r in rows] == [("in force", "0", "", "", ""),
                               ("in force", "1", "5", "quote", "The quote was cut short.")]


def test_shifts_csv_spreads_from_and_to(stance):
    first, changed = _csv(stance, "shifts")
    assert (first["kind"], first["from_statement_id"], first["to_statement_id"]) == ("first", "", FIRST)
    assert (changed["kind"], changed["from_stance"], changed["to_stance"]) == ("changed", "demand", "consider")
    _has_text_fields(changed, "from_")
    _has_text_fields(changed, "to_")


def test_diff_csv_spreads_before_and_after(stance):
    row, = _csv(stance, "diff", "2024-04", "2024-12")
    _has_text_fields(row, "before_")
    _has_text_fields(row, "after_")
    assert (row["before_stated_on"], row["after_stated_on"]) == ("2024-03-01", "2024-06")


def test_show_csv_has_a_row_per_version(stance):
    rows = _csv(stance, "show", SECOND)
    assert [(r["version"], r["changed"], r["reason"]) for r in rows] == [
        ("1", "", ""), ("2", "quote", "The quote was cut short.")]
    for row in rows:
        _has_text_fields(row)


def test_log_parties_issues_speakers_csv(stance):
    assert [r["type"] for r in _csv(stance, "log")] == ["party", "speaker", "statement", "statement", "correction"]
    assert _csv(stance, "parties") == [{"party": "north", "name": "North", "statements": "2", "issues": "1"}]
    assert [r["issue"] for r in _csv(stance, "issues")] == ["border/river"]
    speaker, = _csv(stance, "speakers")
    assert (speaker["aliases"], speaker["affiliations"]) == ("Field;Minister Field", "north (Foreign Minister) 2020–")


def test_markdown_is_flat_too(stance):
    lines = stance("shifts", "-f", "markdown").stdout.splitlines()
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    assert header[:6] == ["party", "issue", "stated_on", "kind", "from_statement_id", "from_stated_on"]
    assert "to_evidence" in header
    assert not any("{" in line for line in lines)


def test_json_keeps_nested_objects(stance):
    rows = json.loads(stance("shifts", "-f", "json").stdout)
    assert rows[1]["from"]["source"] == SOURCE and rows[1]["to"]["tags"] == ["second-round"]
    assert rows[1]["to"]["evidence"] == "She allowed an eastern line."
