"""`stance report` and `stance chart` on a small fixture: the Markdown report's exact text, filters, the HTML file's
self-containment and accessibility markers, and the chart's files.

The fixture (recorded in this order, so seq 1–13): the registry (Russia, Ukraine, Territory, Donbas); Zelensky's
demand (2022-11-15); Galuzin's demand (2023-05-27); Putin's demand dated 2025-11; Ukraine's rejection dated only
2025; Vance reporting Russia's Donbas demand (2025-09-10, a source with a URL only); a Ukrainian statement of
2025-03; then a correction moving Putin's to 2025-11-27 (seq 11), a correction of Galuzin's position (seq 12), and
the retraction of the 2025-03 statement (seq 13).
"""

import errno
import os
import re

import orjson
import pytest
from typer.testing import CliRunner

import cli.main
from events.lines import decode_jsonl
from store import Ledger

ZELENSKY = "11111111-1111-4111-8111-111111111111"
GALUZIN = "22222222-2222-4222-8222-222222222222"
PUTIN = "33333333-3333-4333-8333-333333333333"
UKRAINE_2025 = "44444444-4444-4444-8444-444444444444"
VANCE = "55555555-5555-4555-8555-555555555555"
FREEZE = "66666666-6666-4666-8666-666666666666"

EVENTS = [
    {"type": "party", "slug": "russia", "name": "Russia"},
    {"type": "party", "slug": "ukraine", "name": "Ukraine"},
    {"type": "issue", "slug": "territory", "title": "Territory"},
    {"type": "issue", "slug": "territory/donbas", "title": "Donbas"},
    {"id": ZELENSKY, "stated_on": "2022-11-15", "party": "ukraine", "speaker": "Volodymyr Zelensky",
     "role": "President of Ukraine", "issue": "territory", "stance": "demand",
     "position": "Ukraine's territorial integrity restored, as a term of peace.",
     "quote": "Restoration of territorial integrity",
     "source": {"outlet": "The Kyiv Independent", "url": "https://kyivindependent.com/peace-formula",
                "published_on": "2022-11-16"}},
    {"id": GALUZIN, "stated_on": "2023-05-27", "party": "russia", "speaker": "Mikhail Galuzin",
     "role": "Deputy Foreign Minister", "issue": "territory", "stance": "demand",
     "position": "Ukraine must give up the occupied territories.",
     "source": {"outlet": "The Kyiv Independent", "title": "Russia wants Ukraine to give up occupied territories"}},
    {"id": PUTIN, "stated_on": "2025-11", "party": "russia", "speaker": "Vladimir Putin", "issue": "territory",
     "stance": "demand", "position": "Full withdrawal of Ukrainian forces from the Donbas.",
     "conditions": "as the price of a ceasefire", "source": {"outlet": "RksNews", "url": "https://rks.news/putin"}},
    {"id": UKRAINE_2025, "stated_on": "2025", "party": "ukraine", "issue": "territory", "stance": "reject",
     "position": "Rejects any agreement involving territorial losses (*all* of them).", "source": {"outlet": "Digi24"}},
    {"id": VANCE, "stated_on": "2025-09-10", "party": "russia", "speaker": "JD Vance",
     "role": "Vice President of the United States", "issue": "territory/donbas", "stance": "demand",
     "position": "About 6,000 km² of land not yet taken.", "source": {"url": "https://example.org/vance"}},
    {"id": FREEZE, "stated_on": "2025-03", "party": "ukraine", "issue": "territory", "stance": "consider",
     "position": "Open to freezing the front line.", "source": {"outlet": "NC"}},
    {"type": "correction", "target": PUTIN, "changes": {"stated_on": "2025-11-27"},
     "reason": "The article dates the remarks to 27 November."},
    {"type": "correction", "target": GALUZIN,
     "changes": {"position": "Ukraine must recognise the new territorial realities."},
     "reason": "Closer to the quoted words."},
    {"type": "retraction", "target": FREEZE, "reason": "Misattributed: the remark was a US official's."},
]

EXPECTED = """\
# Positions and shifts: Russia and Ukraine

- Stated: all dates (statements said 2022-11-15 to 2025-11-27)
- Parties: Russia, Ukraine
- Issues: all
- Read from: the record as of <day>, 13 events
- In this report: 5 statements in force: 1 change of stance, 1 revision, 3 first statements; 2 corrected \
statements, 1 retracted statement

## Latest positions

The last statement of each party on each issue.

| Party | Issue | Stance | Position | Stated | Source |
|---|---|---|---|---|---|
| Russia | Territory | demand | Full withdrawal of Ukrainian forces from the Donbas. | 2025-11-27 | \
[RksNews](https://rks.news/putin) |
| Russia | Territory › Donbas | demand | About 6,000 km² of land not yet taken. | 2025-09-10 | \
[example.org](https://example.org/vance) |
| Ukraine | Territory | reject | Rejects any agreement involving territorial losses (\\*all\\* of them). | 2025 | \
Digi24 |

## How positions shifted

### Russia

#### Territory

- **2023-05-27 · demand** (first): Ukraine must recognise the new territorial realities.
  - Speaker: Mikhail Galuzin, Deputy Foreign Minister
  - Source: The Kyiv Independent, “Russia wants Ukraine to give up occupied territories”
  - Corrected: see [Corrections and retractions](#corrections-and-retractions)
- **2025-11-27 · demand** (revised; before: demand, 2023-05-27): Full withdrawal of Ukrainian forces from the Donbas.
  - Speaker: Vladimir Putin
  - Conditions: as the price of a ceasefire
  - Source: [RksNews](https://rks.news/putin)
  - Corrected: see [Corrections and retractions](#corrections-and-retractions)

#### Territory › Donbas

- **2025-09-10 · demand** (first): About 6,000 km² of land not yet taken.
  - Speaker: JD Vance, Vice President of the United States
  - Source: [example.org](https://example.org/vance)

### Ukraine

#### Territory

- **2022-11-15 · demand** (first): Ukraine's territorial integrity restored, as a term of peace.
  - Speaker: Volodymyr Zelensky, President of Ukraine
  - Quote: “Restoration of territorial integrity”
  - Source: [The Kyiv Independent](https://kyivindependent.com/peace-formula), published 2022-11-16
- **2025 · reject** (changed; before: demand, 2022-11-15): Rejects any agreement involving territorial losses \
(\\*all\\* of them).
  - Source: Digi24

## Corrections and retractions

- **Russia, Territory, 2023-05-27 · demand**: Ukraine must recognise the new territorial realities. \
(statement `22222222`)
  - Corrected at seq 12, <time>: `position` Ukraine must give up the occupied territories. → Ukraine must \
recognise the new territorial realities. Reason: Closer to the quoted words.
- **Russia, Territory, 2025-11-27 · demand**: Full withdrawal of Ukrainian forces from the Donbas. \
(statement `33333333`)
  - Corrected at seq 11, <time>: `stated_on` 2025-11 → 2025-11-27. Reason: The article dates the remarks to \
27 November.
- **Ukraine, Territory, 2025-03 · consider**: Open to freezing the front line. (statement `66666666`)
  - Retracted at seq 13, <time>. Reason: Misattributed: the remark was a US official's.

## The record

- Digest: `<digest>` (hash chain verified when this report was made): the record as of <day>, 13 events, the \
last (seq 13) recorded <time>
- Made with: `stance report --format markdown`
- Check later that this record was not rewritten: `stance verify --digest <digest>`
- Make this report again from the same record: `stance report --known-at seq:13 --format markdown`
"""


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def needs_matplotlib() -> None:
    """The chart and the HTML report need matplotlib: skip without it, except under CI, where it must be there."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        if in_ci():
            pytest.fail("CI is set but matplotlib is not installed (the dev extra needs it)")
        pytest.skip("matplotlib is not installed: pip install -e '.[dev]'")


def record(db: str, events: list[dict]) -> Ledger:
    ledger = Ledger(db)
    ledger.append(decode_jsonl(orjson.dumps(event) + b"\n" for event in events), "tester")
    return ledger


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> tuple[str, str]:
    """The fixture's store and its digest."""
    db = str(tmp_path_factory.mktemp("report") / "stance.db")
    seq, head = record(db, EVENTS).head()
    return db, f"{seq}:{head}"


def run(db: str, *args: str, code: int = 0):
    result = CliRunner().invoke(cli.main.app, ["--db", db, *args])
    assert result.exit_code == code, f"exit {result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    return result


def normalized(text: str, digest: str) -> str:
    """The report with its digest and recording times (which differ at every run) replaced by placeholders."""
    assert re.search(r"^- Digest: `\d+:[0-9a-f]{64}` ", text, re.M)
    text = text.replace(digest, "<digest>")
    text = re.sub(r"\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|"
                  r"December) \d{4}", "<day>", text)
    return re.sub(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", "<time>", text)


def test_markdown_report_exact_text(store):
    db, digest = store
    assert normalized(run(db, "report", "--format", "markdown").stdout, digest) == EXPECTED


def test_markdown_report_known_before_the_corrections(store):
    db, digest = store
    out = run(db, "report", "--format", "markdown", "--known-at", "seq:10").stdout
    # Before seq 11 Putin's demand was dated 2025-11, and the 2025-03 statement was in force: Ukraine moved from
    # demand (2022) to reject (2025, which starts on 1 January) to consider (2025-03).
    assert "- **2025-11 · demand** (revised; before: demand, 2023-05-27): Full withdrawal" in out
    assert "- **2025-03 · consider** (changed; before: reject, 2025): Open to freezing the front line." in out
    assert "| Ukraine | Territory | consider | Open to freezing the front line. | 2025-03 | NC |" in out
    assert "No statement in this report was corrected or retracted." in out
    assert re.search(r"^- Digest: `10:[0-9a-f]{64}` ", out, re.M)
    assert "- Made with: `stance report --known-at seq:10 --format markdown`" in out


def test_markdown_report_range_and_filters(store):
    db, _ = store
    out = run(db, "report", "-f", "markdown", "--from", "2025", "--to", "2025-10", "--party", "russia",
              "--issue", "territory").stdout
    assert out.startswith("# Positions and shifts: Russia\n")
    assert "- Stated: from 2025 to 2025-10 (statements said 2025-09-10)\n" in out
    assert "- Issues: Territory (territory and its sub-issues)\n" in out
    assert "## Positions as of 2025-10\n\nThe last statement of each party on each issue by the end of 2025-10. " \
           "Positions stated before 2025 still count.\n" in out
    # At the end of 2025-10 Russia's territory position is still Galuzin's of 2023; Putin's came in November.
    assert "| Russia | Territory | demand | Ukraine must recognise the new territorial realities. | 2023-05-27 |" in out
    assert "Full withdrawal" not in out
    assert "#### Territory › Donbas\n\n- **2025-09-10 · demand** (first)" in out
    assert "#### Territory\n" not in out  # no shift of Russia on territory itself within the range
    assert "- Made with: `stance report --from 2025 --to 2025-10 --party russia --issue territory " \
           "--format markdown`" in out


def test_report_to_a_file_says_where(store, tmp_path):
    db, digest = store
    out = tmp_path / "report.md"
    result = run(db, "report", "--format", "markdown", "--out", str(out))
    assert result.stdout == f"wrote the markdown report (5 statements, digest {digest}) to {out}\n"
    assert normalized(out.read_text(encoding="utf-8"), digest) == EXPECTED


def test_report_over_a_file_replaces_it_whole(store, tmp_path):
    db, digest = store
    out = tmp_path / "report.md"
    out.write_text("an older and much longer report\n" * 1000, encoding="utf-8")
    run(db, "report", "--format", "markdown", "--known-at", "seq:10", "--out", str(out))
    run(db, "report", "--format", "markdown", "--out", str(out))
    assert normalized(out.read_text(encoding="utf-8"), digest) == EXPECTED
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]  # no partial file left beside it


@pytest.mark.parametrize("command", [["report", "-f", "markdown"], ["report", "-f", "html"], ["chart"]])
def test_an_out_file_that_cannot_be_written_is_refused_before_any_work(store, tmp_path, command):
    db, _ = store
    name = "chart.svg" if command == ["chart"] else "report.md"
    missing = tmp_path / "no-such-folder" / name
    result = run(db, *command, "--out", str(missing), code=2)
    assert "the folder" in result.stderr and "does not exist" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    folder = tmp_path / "a-folder.svg"
    folder.mkdir()
    assert "is a folder" in run(db, *command, "--out", str(folder), code=2).stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-folder.svg"]


def test_a_write_that_fails_leaves_the_old_file_and_one_error_line(store, tmp_path, monkeypatch):
    db, _ = store
    out = tmp_path / "report.md"
    out.write_text("the report of last week\n", encoding="utf-8")

    def disk_full(*_):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("cli.outfile.os.replace", disk_full)
    result = run(db, "report", "-f", "markdown", "--out", str(out), code=1)
    assert result.stderr == f"error: cannot write {out}: No space left on device\n"
    assert out.read_text(encoding="utf-8") == "the report of last week\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def test_report_usage_errors(store):
    db, _ = store
    assert "'2025-13' is not a date" in run(db, "report", "-f", "markdown", "--to", "2025-13", code=2).stderr
    assert run(db, "report", "-f", "pdf", code=2).exit_code == 2
    assert "not a party slug" in run(db, "report", "-f", "markdown", "--party", "Russia", code=2).stderr


def test_report_refuses_a_log_that_does_not_verify(tmp_path):
    db = str(tmp_path / "broken.db")
    ledger = record(db, EVENTS[:6])
    from sqlalchemy import text

    with ledger.engine.begin() as conn:  # what an attacker with file access could do: drop the triggers first
        triggers = conn.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'")).scalars().all()
        for name in triggers:
            conn.execute(text(f'DROP TRIGGER "{name}"'))
        conn.execute(text("UPDATE event_log SET body = replace(body, 'occupied', 'disputed') WHERE seq = 6"))
    result = run(db, "report", "-f", "markdown", code=1)
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == ("error: the log does not verify, so no report can vouch for it; "
                                              "see `stance verify`")


def test_empty_store_reports_nothing_found(tmp_path):
    Ledger(str(tmp_path / "empty.db")).close()  # created: a report only reads
    out = run(str(tmp_path / "empty.db"), "report", "-f", "markdown").stdout
    assert out.startswith("# Positions and shifts\n\n- Stated: all dates\n- Parties: none\n")
    assert "No positions.\n" in out and "No shifts in this range.\n" in out
    assert "- Digest: `0:" in out


def test_html_report_is_self_contained_and_accessible(store):
    needs_matplotlib()
    db, digest = store
    page = run(db, "report", "--format", "html").stdout
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert "<script" not in page and "<link" not in page and "<img" not in page and "@import" not in page
    assert not re.search(r"""\s(?:src|srcset)=""", page)  # nothing is loaded from anywhere
    # Every http(s) URL on the page is a source link a reader may follow, or an SVG namespace.
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", page))
    assert urls <= {"https://kyivindependent.com/peace-formula", "https://rks.news/putin", "https://example.org/vance",
                    "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, urls
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "@media print" in page and "@media (max-width: 720px)" in page
    assert page.count("<h1>") == 1
    for layout in ("chart-desktop", "chart-phone"):  # one drawing for a page, one for a phone; CSS shows one
        assert re.search(rf'<svg class="{layout}" role="img" aria-labelledby="{layout}-title"[^>]*><title '
                         rf'id="{layout}-title">Timeline chart of 5 statements by Russia and Ukraine, from 2022-11-15 '
                         r"to 2025-11-27", page)
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # the two drawings share no id
    assert '<th scope="col" role="columnheader">Issue</th>' in page
    assert '<th scope="row" role="rowheader">Territory › Donbas</th>' in page
    assert f"<code>{digest}</code>" in page
    assert "<del>2025-11</del> → <ins>2025-11-27</ins>" in page
    assert "&quot;" not in page.split("<body>")[0]  # the head holds no unescaped or double-escaped text


def test_html_escapes_what_statements_say(tmp_path):
    needs_matplotlib()
    db = str(tmp_path / "escape.db")
    record(db, [{"stated_on": "2025-01-02", "party": "russia", "issue": "talks", "stance": "threaten",
                 "position": "<script>alert(1)</script> & more", "quote": "\"quoted\" <b>",
                 "source": {"outlet": "X", "url": "javascript:alert(1)"}}])
    page = run(db, "report", "-f", "html").stdout
    assert "<script>" not in page and "javascript:" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert '<span class="src">X</span>' in page  # a URL that is not http(s) is shown, never linked


def test_chart_writes_svg_and_png(store, tmp_path):
    needs_matplotlib()
    db, _ = store
    svg, png = tmp_path / "chart.svg", tmp_path / "chart.png"
    assert run(db, "chart", "--out", str(svg)).stdout == f"charted 5 statements in 2 lanes to {svg}\n"
    assert svg.read_text().lstrip().startswith("<?xml") and "<svg" in svg.read_text()
    assert run(db, "chart", "--by", "issue", "--out", str(png)).stdout == f"charted 5 statements in 2 lanes to {png}\n"
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    # The same store draws the same SVG: no dates or random ids inside.
    again = tmp_path / "again.svg"
    run(db, "chart", "--out", str(again))
    assert again.read_bytes() == svg.read_bytes()


def test_chart_refuses_other_suffixes(store, tmp_path):
    db, _ = store
    result = run(db, "chart", "--out", str(tmp_path / "chart.pdf"), code=2)
    assert "must end in .svg or .png" in result.stderr
    assert run(db, "chart", "--out", str(tmp_path / "c.svg"), "--by", "speaker", code=2).exit_code == 2


def test_lane_packing_stacks_only_what_overlaps():
    from cli.views.chart import lane_packing

    items = [(0, 10, "a"), (5, 8, "b"), (10, 12, "c"), (11, 20, "d")]
    assert lane_packing(items, 0.0) == ([(0, "a"), (1, "b"), (0, "c"), (1, "d")], 2)
    assert lane_packing([], 0.0) == ([], 1)


def test_counts_and_days_in_a_readers_words():
    from cli.views.labels import day_text, shift_counts

    assert shift_counts(["first"] * 30 + ["revised"] * 11 + ["changed"] * 3 + ["reversed"]) == (
        "1 reversal, 3 changes of stance, 11 revisions, 30 first statements")
    assert shift_counts([]) == "no shifts"
    assert day_text("2026-12-01T19:06:00.000000Z") == "1 December 2026"


def test_a_chart_draws_one_collection_per_look_however_many_statements():
    """An artist per mark made a chart's cost grow with the square of its statements (matplotlib rescans them)."""
    needs_matplotlib()
    from cli.views.chart import draw

    stances = ["demand", "reject", "accept", "consider"]
    dates = ["2024", "2024-05", "2024-05-03", "2025-02-10", "2025-07"]
    statements = [{"statement_id": f"s{n}", "stated_on": dates[n % 5], "party": ["russia", "ukraine"][n % 2],
                   "issue": ["territory", "ceasefire", "talks"][n % 3], "stance": stances[n % 4]}
                  for n in range(300)]
    kinds = {"s7": "changed", "s11": "reversed"}
    svg = draw(statements, kinds, {"russia": "Russia", "ukraine": "Ukraine"},
               {"territory": "Territory", "ceasefire": "Ceasefire", "talks": "Talks"}, "party", "svg").decode()
    # one marker collection per stance, one ring collection per weight; the legends draw lines, not collections
    assert svg.count('<g id="PathCollection_') == len(stances) + 2
    assert svg.count('<g id="LineCollection_') == len(stances)  # month and year bands, one per stance colour
