"""`stance demo`: the dataset loads into a fresh store and the first screen shows positions, shifts and sources."""

import re

from cli_helpers import Stance


def test_demo_shows_matrix_shifts_timeline_and_digest(tmp_path):
    db = tmp_path / "demo.db"
    out = Stance(str(db))("demo").stdout
    lines = out.splitlines()
    assert lines[0] == ("stancelog demo: 43 statements on the Russia–Ukraine peace talks, 2022–2025, "
                        "from five articles")
    assert lines[1] == f"(80 events added to {db})."
    sections = [line for line in lines if line.startswith("== ")]
    assert sections == [
        "== Positions as of 2025-12-31 (the last statement of each party on each issue by then)",
        "== How Russia's position on territory shifted",
        "== How Ukraine's position on territory shifted",
        "== Timeline of 2025, ceasefire and territory",
        "== The record",
        "== Explore further",
    ]
    matrix = out.split("== How Russia")[0]
    # Russia's territory position at the end of 2025 is Putin's of 2025-11-27, with its source.
    assert re.search(r"^Russia +territory +2025-11-27 +demand: Russia wants .* RksNews +a830447e$", matrix, re.M)
    assert re.search(r"^Ukraine +talks +2023-05-27 +reject: Ukraine will not .* 59d1f703$", matrix, re.M)
    assert re.search(r"^80 events, hash chain verified; digest 80:[0-9a-f]{64}$", out, re.M)
    assert f"  export STANCE_DB={db}" in lines
    assert all(len(line) <= 100 for line in out.split("== The record")[0].splitlines())


def test_demo_twice_on_one_store_adds_nothing(tmp_path):
    stance = Stance(str(tmp_path / "demo.db"))
    stance("demo")
    assert stance("demo").stdout.splitlines()[1] == f"(0 events added to {tmp_path / 'demo.db'})."
