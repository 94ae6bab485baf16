"""The peace-talks dataset in cli/data: every line imports, every statement can be traced to the sentence of its
article it was taken from, the registry names every party, issue and speaker used, and the store answers the
documented positions at key dates (docs/dataset.md).

The seed articles live outside the repository (../shared/seeds); the tests that read them skip when it is absent.
The registry file is checked here as plain JSON only: its import into the store is tested with the store.
"""

import json
from pathlib import Path

import pytest

from events.lines import decode_jsonl
from events.model import Statement
from events.periods import NotADate, parse_period
from events.vocabulary import STANCE_SET, is_issue_path, is_slug
from store import Ledger, positions
from store.verify import verify

DATA = Path(__file__).parents[1] / "cli" / "data"
STATEMENTS = DATA / "peace-talks.jsonl"
REGISTRY = DATA / "registry.jsonl"
SEEDS = Path(__file__).parents[2] / "shared" / "seeds"

# An evidence string is one verbatim passage, or several joined by this separator (docs/dataset.md).
PIECES = " […] "

# Statements whose speaker reports another party's position (the party is whose position it is).
THIRD_PARTY_REPORTS = {
    ("JD Vance", "russia"),  # Russia wants 6,000 km²
    ("JD Vance", "ukraine"),  # Ukraine wants security guarantees
    ("Matthew Whitaker", "ukraine"),  # Ukraine may halt along the front line
    ("Vladimir Putin", "united-states"),  # the US delivered its 28-point plan
}


def statements() -> list[dict]:
    with STATEMENTS.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def registry() -> list[dict]:
    with REGISTRY.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def pieces(evidence: str) -> list[str]:
    return evidence.split(PIECES)


@pytest.fixture(scope="module")
def articles() -> dict[str, str]:
    """The seed articles by file name."""
    if not SEEDS.is_dir():
        pytest.skip(f"the seed articles are outside the repository and absent here ({SEEDS})")
    found = {path.name: path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))}
    if not found:
        pytest.skip(f"no seed articles (*.txt) in {SEEDS}")
    return found


def article_of(statement: dict, articles: dict[str, str]) -> str:
    """The one article that holds every piece of the statement's evidence."""
    holders = [name for name, text in articles.items() if all(p in text for p in pieces(statement["evidence"]))]
    assert len(holders) == 1, f"evidence of {statement['position']!r} is in {holders or 'no article'}"
    return holders[0]


# --- the statements file -------------------------------------------------------------------------------------


def test_every_line_decodes_as_a_statement_without_problems():
    with STATEMENTS.open("rb") as f:
        numbered = list(decode_jsonl(f))
    problems = [f"line {n}: {p}" for n, _, found in numbered for p in found]
    assert problems == []
    assert all(isinstance(event, Statement) for _, event, _ in numbered)
    assert len(numbered) == len(statements())


def test_the_number_of_statements_is_in_the_expected_range():
    assert 30 <= len(statements()) <= 45


def test_lines_have_no_type_and_no_id_so_ids_come_from_content():
    for s in statements():
        assert "type" not in s and "id" not in s, s["position"]


def test_every_statement_carries_what_a_reader_needs_to_trace_it():
    for s in statements():
        where = s["position"]
        assert s["stance"] in STANCE_SET, where
        assert len(s["position"]) <= 300, where
        assert s.get("speaker"), where
        assert s.get("evidence") and s.get("note"), where
        assert s["source"].get("outlet") or s["source"].get("url"), where
        parse_period(s["stated_on"])
        if "published_on" in s["source"]:
            published = parse_period(s["source"]["published_on"])
            assert parse_period(s["stated_on"]).start < published.end, f"{where}: stated after publication"


def test_statements_of_one_article_share_one_source():
    by_url = {}
    for s in statements():
        key = s["source"].get("url") or s["source"]["outlet"]
        by_url.setdefault(key, s["source"])
        assert s["source"] == by_url[key], s["position"]
    assert len(by_url) == 5


def test_every_evidence_passage_is_verbatim_in_a_seed_article(articles):
    for s in statements():
        for piece in pieces(s["evidence"]):
            assert any(piece in text for text in articles.values()), f"not found verbatim: {piece!r}"
        article_of(s, articles)


def test_every_quote_is_verbatim_in_its_article_and_in_its_evidence(articles):
    quoted = [s for s in statements() if "quote" in s]
    assert quoted
    for s in quoted:
        assert s["quote"] in articles[article_of(s, articles)], s["quote"]
        assert s["quote"] in s["evidence"], s["quote"]


def test_statements_follow_the_articles_and_the_text_in_order(articles):
    names = sorted(articles)
    places = []
    for s in statements():
        name = article_of(s, articles)
        places.append((names.index(name), articles[name].index(pieces(s["evidence"])[0])))
    assert places == sorted(places)
    assert {name for name, _ in places} == set(range(len(names)))


# --- the registry file ---------------------------------------------------------------------------------------


def _check_date(value, where: str) -> None:
    if value is None:
        return
    try:
        parse_period(value)
    except NotADate as e:
        pytest.fail(f"{where}: {value!r} {e}")


def test_registry_lines_are_parties_then_issues_then_speakers_with_their_fields():
    events = registry()
    kinds = [e["type"] for e in events]
    assert kinds == sorted(kinds, key=["party", "issue", "speaker"].index)
    fields = {
        "party": {"type", "slug", "name"},
        "issue": {"type", "slug", "title", "description"},
        "speaker": {"type", "name", "aliases", "affiliations"},
    }
    for e in events:
        assert set(e) == fields[e["type"]], e
        if e["type"] == "party":
            assert is_slug(e["slug"]) and e["name"].strip()
        elif e["type"] == "issue":
            assert is_issue_path(e["slug"]) and e["title"].strip()
            assert e["description"].strip() and "\n" not in e["description"]
        else:
            assert e["name"].strip()
            assert all(isinstance(a, str) and a.strip() for a in e["aliases"])
            assert e["affiliations"], e["name"]


def test_registry_has_no_duplicates_and_issue_parents_come_first():
    events = registry()
    parties = [e["slug"] for e in events if e["type"] == "party"]
    issues = [e["slug"] for e in events if e["type"] == "issue"]
    assert len(set(parties)) == len(parties) and len(set(issues)) == len(issues)
    for n, slug in enumerate(issues):
        if "/" in slug:
            assert slug.rsplit("/", 1)[0] in issues[:n], f"{slug} comes before its parent"
    names: dict[str, str] = {}
    for e in events:
        if e["type"] == "speaker":
            for name in [e["name"], *e["aliases"]]:
                assert names.setdefault(name, e["name"]) == e["name"], f"{name!r} names two speakers"


def test_affiliations_name_registered_parties_with_valid_date_ranges():
    events = registry()
    parties = {e["slug"] for e in events if e["type"] == "party"}
    for e in events:
        if e["type"] != "speaker":
            continue
        for a in e["affiliations"]:
            where = f"{e['name']} as {a.get('role')}"
            assert set(a) == {"party", "role", "from", "to"}, where
            assert a["party"] in parties and a["role"].strip(), where
            _check_date(a["from"], where)
            _check_date(a["to"], where)
            if a["from"] and a["to"]:
                assert parse_period(a["from"]).start <= parse_period(a["to"]).start, where


def test_every_party_issue_and_speaker_used_is_in_the_registry():
    events = registry()
    parties = {e["slug"] for e in events if e["type"] == "party"}
    issues = {e["slug"] for e in events if e["type"] == "issue"}
    speakers = {name for e in events if e["type"] == "speaker" for name in [e["name"], *e["aliases"]]}
    for s in statements():
        assert s["party"] in parties, s["party"]
        assert s["issue"] in issues, s["issue"]
        assert s["speaker"] in speakers, s["speaker"]
    used = {s["issue"] for s in statements()}
    assert issues == used | {i.rsplit("/", 1)[0] for i in used if "/" in i}, "registry issues unused"


def _affiliation_on(speaker: dict, stated_on: str) -> dict | None:
    start = parse_period(stated_on).start
    for a in speaker["affiliations"]:
        after_from = a["from"] is None or parse_period(a["from"]).start <= start
        before_to = a["to"] is None or start < parse_period(a["to"]).end
        if after_from and before_to:
            return a
    return None


def test_every_speaker_held_a_role_when_speaking_and_reports_are_the_known_ones():
    by_name = {e["name"]: e for e in registry() if e["type"] == "speaker"}
    reports = set()
    for s in statements():
        held = _affiliation_on(by_name[s["speaker"]], s["stated_on"])
        assert held is not None, f"{s['speaker']} had no affiliation on {s['stated_on']}"
        if held["party"] != s["party"]:
            reports.add((s["speaker"], s["party"]))
    assert reports == THIRD_PARTY_REPORTS


# --- in the store --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    ledger = Ledger(str(tmp_path_factory.mktemp("dataset") / "s.db"))
    with STATEMENTS.open("rb") as f:
        appended = ledger.append(decode_jsonl(f), "test")
    assert appended.added["statement"] == len(statements())
    yield ledger
    ledger.close()


def matrix(ledger: Ledger, when: str) -> dict[tuple[str, str], dict]:
    return {(r["party"], r["issue"]): r for r in positions.as_of(ledger, parse_period(when).end)}


def cell(m: dict, party: str, issue: str, *fields: str) -> tuple:
    """Some fields of one cell of the matrix, to compare at a glance."""
    return tuple(m[(party, issue)][name] for name in fields)


WHO = ("speaker", "stated_on", "stance")


def test_the_dataset_imports_once_and_verifies(ledger):
    with STATEMENTS.open("rb") as f:
        again = ledger.append(decode_jsonl(f), "test")
    assert again.total == 0 and again.skipped == len(statements())
    assert verify(ledger).ok


def test_positions_at_the_end_of_2025(ledger):
    end = matrix(ledger, "2025-12-31")
    cells: dict[str, int] = {}
    for party, _ in end:
        cells[party] = cells.get(party, 0) + 1
    assert cells == {"russia": 12, "ukraine": 9, "united-states": 7}

    assert cell(end, "russia", "territory", *WHO) == ("Vladimir Putin", "2025-11-27", "demand")
    assert cell(end, "russia", "territory/recognition", *WHO) == ("Vladimir Putin", "2025-11-27", "consider")
    assert cell(end, "russia", "peace-plan", *WHO) == ("Vladimir Putin", "2025-11-27", "accept")
    assert cell(end, "united-states", "peace-plan", "stated_on", "stance") == ("2025-11", "propose")
    assert cell(end, "ukraine", "territory", *WHO) == ("Ukrainian officials", "2025-11", "reject")
    assert cell(end, "ukraine", "talks", *WHO) == ("Andriy Yermak", "2023-05-27", "reject")
    assert cell(end, "united-states", "talks", *WHO) == ("Marco Rubio", "2025-03", "accept")


@pytest.mark.parametrize("when", ["2023-06-30", "2023-06"])
def test_galuzins_demands_and_yermaks_refusal_hold_in_mid_2023(ledger, when):
    m = matrix(ledger, when)
    for issue in ("alliances/nato", "alliances/eu", "territory/recognition"):
        assert cell(m, "russia", issue, *WHO) == ("Mikhail Galuzin", "2023-05-27", "demand")
    assert cell(m, "ukraine", "talks", *WHO, "conditions") == (
        "Andriy Yermak", "2023-05-27", "reject", "as long as Russian troops are on Ukrainian territory")
    assert ("russia", "territory") not in m and ("united-states", "talks") not in m


def test_before_galuzin_russia_on_nato_is_its_2021_condition_and_ukraine_has_its_peace_formula(ledger):
    m = matrix(ledger, "2022-12-31")
    assert cell(m, "russia", "alliances/nato", "stated_on", "stance") == ("2021", "demand")
    ukraine = {issue for party, issue in m if party == "ukraine"}
    assert ukraine == {"territory", "reparations", "accountability", "security-guarantees", "talks"}
    assert cell(m, "ukraine", "talks", "stated_on", "stance") == ("2022-09-30", "consider")
    assert cell(m, "ukraine", "territory", "stated_on", "stance") == ("2022-11-15", "demand")


def test_the_ceasefire_proposal_and_its_rejection_in_march_2025(ledger):
    m = matrix(ledger, "2025-03")
    assert cell(m, "united-states", "ceasefire", "stated_on", "stance") == ("2025-03-11", "propose")
    assert cell(m, "russia", "ceasefire", *WHO) == ("Dmitry Peskov", "2025-03", "reject")
    assert ("ukraine", "ceasefire") not in m


def shift_rows(ledger: Ledger, party: str, issue: str) -> list[tuple[str, str, str]]:
    return [(r["issue"], r["stated_on"], r["kind"]) for r in positions.shifts(ledger, parties=[party], issues=[issue])]


def test_russias_territorial_demands_shift_over_three_years(ledger):
    assert shift_rows(ledger, "russia", "territory") == [
        ("territory", "2025-03", "first"),
        ("territory", "2025-09-10", "revised"),
        ("territory", "2025-11-27", "revised"),
        ("territory/cities", "2025-02", "first"),
        ("territory/recognition", "2023-05-27", "first"),
        ("territory/recognition", "2025-03", "revised"),
        ("territory/recognition", "2025-11-27", "changed"),
    ]


def test_ukraines_territorial_position_moves_from_restoring_to_refusing_to_cede(ledger):
    assert shift_rows(ledger, "ukraine", "territory") == [
        ("territory", "2022-11-15", "first"),
        ("territory", "2025-02", "changed"),
        ("territory", "2025-03", "revised"),
        ("territory", "2025-11", "revised"),
        ("territory/cities", "2025-02", "first"),
    ]
