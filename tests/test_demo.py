"""`stance demo`: the dataset in a fresh store, and a story that fits a screen or two."""

import re
import sys
import tempfile

from cli_helpers import Stance
from typer.testing import CliRunner

from cli.main import app

RUSSIA_ON_TERRITORY = """\
== How Russia's position on territory shifted: 1 change of stance, 3 revisions, 3 first statements

Territory
  2025-03     first     demand    Russia insists on keeping control of the Ukrainian territori…  [2]
  2025-09-10  revised   demand    Russia wants about 6,000 square kilometres of Ukrainian land…  [3]
  2025-11-27  revised   demand    Russia wants Ukrainian forces to withdraw from all territori…  [4]
Territory › Cities
  2025-02     first     demand    Russia wants control of the Ukrainian-held cities of Kherson…  [5]
Territory › Recognition of territorial claims
  2023-05-27  first     demand    Russia wants Ukraine to recognise the 'new territorial reali…  [1]
  2025-03     revised   demand    Russia wants Ukraine to recognise Russian sovereignty over C…  [2]
  2025-11-27  changed   consider  Russia is discussing with the United States recognition of C…  [4]
"""
SOURCES = """\
== Where the statements come from

[1] The Kyiv Independent, published 2023-05-27: 10 statements
[2] NC (newscentral360.com), published 2025-03: 15 statements
[3] uzalendonews.co.ke, published 2025-09: 8 statements
[4] RksNews, published 2025-11: 5 statements
[5] dagens.com: 5 statements
"""


def test_demo_tells_the_story_in_a_screen_or_two(tmp_path):
    db = tmp_path / "demo.db"
    out = Stance(str(db))("demo").stdout
    lines = out.splitlines()
    assert lines[:2] == ["stancelog demo: 43 statements on the Russia–Ukraine peace talks, 2022–2025, from 5 articles",
                         f"(149 events added to {db})."]
    assert [line for line in lines if line.startswith("== ")] == [
        "== Positions as of 2025-12-31: the stance and date of each party's last statement on each issue",
        "== How Russia's position on territory shifted: 1 change of stance, 3 revisions, 3 first statements",
        "== How Ukraine's position on territory shifted: 1 change of stance, 2 revisions, 2 first statements",
        "== Where the statements come from",
        "== The record",
        "== Explore further",
    ]
    assert len(lines) <= 80 and all(len(line) <= 100 for line in lines if str(db) not in line)
    matrix = out.split("== How Russia")[0]
    assert "issue                                Russia               Ukraine            United States\n" in matrix
    assert "Territory                            demand 2025-11-27    reject 2025-11     ·\n" in matrix
    assert "  Recognition of territorial claims  consider 2025-11-27  ·                  ·\n" in matrix
    assert RUSSIA_ON_TERRITORY in out and SOURCES in out
    assert re.search(r"^  149:[0-9a-f]{64}$", out, re.M)
    assert f"  export STANCE_DB={db}" in lines


def test_demo_commands_work_as_printed_and_no_store_is_left(tmp_path, monkeypatch):
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "activate").write_text("")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", [str(bin_dir / "stance"), "demo"])
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    result = CliRunner().invoke(app, ["demo"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1] == "(149 events in a temporary store, removed when the demo ends)."
    assert result.stdout.split("== Explore further\n\n")[1] == """\
The demo's store was temporary; to keep one and look around:
  .venv/bin/stance --db talks.db demo
  export STANCE_DB=talks.db
  .venv/bin/stance as-of 2023-06-30 --party russia
  .venv/bin/stance shifts --party ukraine --issue territory
  .venv/bin/stance history russia territory
  .venv/bin/stance show 7d8f9c1a    # one statement: every version, with its source
  .venv/bin/stance report --format html --out report.html
(or first `source .venv/bin/activate`, then type just `stance`)
"""
    assert list(temporary.iterdir()) == []


def test_demo_twice_on_one_store_adds_nothing(tmp_path):
    stance = Stance(str(tmp_path / "demo.db"))
    stance("demo")
    assert stance("demo").stdout.splitlines()[1] == f"(0 events added to {tmp_path / 'demo.db'})."


def test_readme_shows_the_demo_as_it_prints(tmp_path, monkeypatch):
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    shown = readme.split("Its first screen:\n\n```\n", 1)[1].split("\n…\n```", 1)[0].splitlines()
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    out = CliRunner().invoke(app, ["demo"]).stdout.splitlines()
    assert len(shown) > 20 and out[: len(shown)] == shown
