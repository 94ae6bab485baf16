"""`stance export --format timelinejs`: the TimelineJS3 JSON, checked field by field on a small fixture.

The fixture has a statement at each precision (year, month, day, instant), one with a quote and a linked source,
one whose source has no URL, one of a party missing from the registry, a correction that moves a date and a
retraction, so each rule of the export shows once.
"""

import json
from typing import Annotated

import orjson
import pytest
import typer
from typer.testing import CliRunner

import cli.main
from cli.timelinejs import export_timelinejs, start_date
from events.lines import decode_jsonl
from store import Ledger

PUTIN = "33333333-3333-4333-8333-333333333333"
KYIV = "44444444-4444-4444-8444-444444444444"
PESKOV = "55555555-5555-4555-8555-555555555555"
BRUSSELS = "66666666-6666-4666-8666-666666666666"
GONE = "77777777-7777-4777-8777-777777777777"

# The registry comes after the statements: with it first, the store would refuse the parties and issues it lacks.
REGISTRY = [
    {"type": "party", "slug": "russia", "name": "Russia"},
    {"type": "party", "slug": "ukraine", "name": "Ukraine"},
    {"type": "issue", "slug": "territory", "title": "Territory"},
    {"type": "issue", "slug": "territory/donbas", "title": "Donbas"},
]
EVENTS = [
    {"id": PUTIN, "stated_on": "2025-11", "party": "russia", "speaker": "Vladimir Putin",
     "role": "President of Russia", "issue": "territory/donbas", "stance": "demand",
     "position": "Ukrainian forces must leave the Donbas.", "quote": "They must withdraw <all> forces",
     "source": {"outlet": "RksNews", "title": "Putin doubles demands", "url": "https://rks.news/putin",
                "published_on": "2025-11-28"}},
    {"id": KYIV, "stated_on": "2025", "party": "ukraine", "issue": "territory", "stance": "reject",
     "position": "Rejects any agreement involving territorial losses.", "conditions": "while the war goes on",
     "source": {"outlet": "Digi24"}},
    {"id": PESKOV, "stated_on": "2025-03-14T10:30:00+03:00", "party": "russia", "speaker": "Dmitry Peskov",
     "issue": "ceasefire", "stance": "reject", "position": "A pause would let Ukraine regroup.",
     "source": {"url": "https://example.org/peskov"}},
    {"id": BRUSSELS, "stated_on": "2024-06-20", "party": "european-union", "issue": "sanctions",
     "stance": "threaten", "position": "More sanctions if strikes on cities go on.",
     "source": {"outlet": "Euractiv", "url": "javascript:alert(1)"}},
    {"id": GONE, "stated_on": "2025-02", "party": "ukraine", "issue": "territory", "stance": "consider",
     "position": "Open to freezing the front line.", "source": {"outlet": "NC"}},
    *REGISTRY,
    {"type": "correction", "target": PUTIN, "changes": {"stated_on": "2025-11-27"}, "reason": "Dated by the article."},
    {"type": "retraction", "target": GONE, "reason": "Misattributed."},
]


def export(ctx: typer.Context, file: Annotated[str, typer.Argument()] = "-") -> None:
    """How `stance export --format timelinejs FILE` calls it."""
    export_timelinejs(ctx, file)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> tuple[str, str]:
    db = str(tmp_path_factory.mktemp("timelinejs") / "stance.db")
    ledger = Ledger(db)
    ledger.append(decode_jsonl(orjson.dumps(event) + b"\n" for event in EVENTS), "tester")
    seq, head = ledger.head()
    return db, f"{seq}:{head}"


def run(db: str, *args: str):
    app = typer.Typer()
    app.callback()(cli.main.main)
    app.command("export")(export)
    result = CliRunner().invoke(app, ["--db", db, "export", *args])
    assert result.exit_code == 0, f"exit {result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def timeline(store) -> dict:
    return json.loads(run(store[0]).stdout)


def events_by_id(timeline: dict) -> dict[str, dict]:
    return {event["unique_id"]: event for event in timeline["events"]}


def test_document_has_title_events_and_human_scale(timeline, store):
    _, digest = store
    assert set(timeline) == {"title", "events", "scale"}
    assert timeline["scale"] == "human"
    assert timeline["title"] == {"text": {
        "headline": "Positions in the negotiation: european-union, Russia and Ukraine",
        "text": f"<p>4 statements from 2024-06-20 to 2025-11-27, from the stancelog record <code>{digest}</code> "
                f"(check it with <code>stance verify --digest {digest}</code>).</p>",
    }}
    assert "start_date" not in timeline["title"]


def test_events_are_the_statements_in_force_in_stated_order(timeline):
    # The retracted statement is gone; the corrected one carries its corrected date.
    assert [event["unique_id"] for event in timeline["events"]] == [BRUSSELS, KYIV, PESKOV, PUTIN]
    for event in timeline["events"]:
        assert set(event) <= {"unique_id", "start_date", "text", "group", "media"}
        assert set(event["text"]) == {"headline", "text"}


@pytest.mark.parametrize(("stated_on", "expected"), [
    ("2025", {"year": 2025}),
    ("2025-11", {"year": 2025, "month": 11}),
    ("2025-11-27", {"year": 2025, "month": 11, "day": 27}),
    ("2025-03-14T10:30:00+03:00", {"year": 2025, "month": 3, "day": 14, "hour": 7, "minute": 30, "second": 0,
                                   "display_date": "2025-03-14T10:30:00+03:00"}),
    ("2025-12-31T23:30:00-01:00", {"year": 2026, "month": 1, "day": 1, "hour": 0, "minute": 30, "second": 0,
                                   "display_date": "2025-12-31T23:30:00-01:00"}),
])
def test_start_date_keeps_the_precision(stated_on, expected):
    date = start_date(stated_on)
    assert date == expected
    assert all(type(value) is int for key, value in date.items() if key != "display_date")


def test_start_dates_in_the_export(timeline):
    events = events_by_id(timeline)
    assert events[KYIV]["start_date"] == {"year": 2025}
    assert events[PUTIN]["start_date"] == {"year": 2025, "month": 11, "day": 27}
    assert events[BRUSSELS]["start_date"] == {"year": 2024, "month": 6, "day": 20}
    assert events[PESKOV]["start_date"]["hour"] == 7


def test_group_is_the_party_display_name(timeline):
    events = events_by_id(timeline)
    assert [events[i]["group"] for i in (PUTIN, KYIV, PESKOV, BRUSSELS)] == ["Russia", "Ukraine", "Russia",
                                                                            "european-union"]


def test_a_quoted_statement_has_the_quote_as_media_credited_to_its_source(timeline):
    putin = events_by_id(timeline)[PUTIN]
    assert putin["text"] == {
        "headline": "Russia, Territory › Donbas: demand",
        "text": "<p>Ukrainian forces must leave the Donbas.</p><p>Vladimir Putin, President of Russia</p>",
    }
    assert putin["media"] == {
        "url": "<blockquote>“They must withdraw &lt;all&gt; forces”</blockquote>",
        "credit": '<a href="https://rks.news/putin">RksNews, “Putin doubles demands”</a>, published 2025-11-28',
        "caption": "Putin doubles demands",
        "link": "https://rks.news/putin",
    }


def test_a_statement_without_a_quote_carries_its_source_in_its_text(timeline):
    events = events_by_id(timeline)
    assert "media" not in events[KYIV]
    assert events[KYIV]["text"] == {
        "headline": "Ukraine, Territory: reject",
        "text": "<p>Rejects any agreement involving territorial losses.</p>"
                "<p><strong>Conditions:</strong> while the war goes on</p><p>Source: Digi24</p>",
    }
    assert events[PESKOV]["text"]["text"] == ('<p>A pause would let Ukraine regroup.</p><p>Dmitry Peskov</p>'
                                              '<p>Source: <a href="https://example.org/peskov">example.org</a></p>')
    assert events[PESKOV]["text"]["headline"] == "Russia, ceasefire: reject"


def test_a_source_url_that_is_not_http_is_never_linked(timeline):
    brussels = events_by_id(timeline)[BRUSSELS]
    assert brussels["text"]["text"].endswith("<p>Source: Euractiv</p>")
    assert "javascript" not in json.dumps(timeline)


def test_export_to_a_file(store, tmp_path, timeline):
    db, _ = store
    out = tmp_path / "timeline.json"
    assert run(db, str(out)).stdout == f"exported 4 statements as a TimelineJS timeline to {out}\n"
    assert json.loads(out.read_text(encoding="utf-8")) == timeline
    assert out.read_bytes() == run(db).stdout_bytes


def test_a_file_in_a_missing_folder_is_refused_before_the_export(store, tmp_path):
    db, _ = store
    missing = tmp_path / "nowhere" / "timeline.json"
    result = CliRunner().invoke(cli.main.app, ["--db", db, "export", "--format", "timelinejs", str(missing)])
    assert result.exit_code == 2
    assert result.stderr == (f"error: Invalid value for FILE: '{missing}': the folder '{missing.parent}' does not "
                             "exist (see 'stance export -h')\n")
    assert list(tmp_path.iterdir()) == []


def test_an_empty_store_exports_an_empty_timeline(tmp_path):
    Ledger(str(tmp_path / "empty.db")).close()  # created: an export only reads
    document = json.loads(run(str(tmp_path / "empty.db")).stdout)
    assert document["events"] == []
    assert document["title"]["text"]["headline"] == "Positions in the negotiation"
