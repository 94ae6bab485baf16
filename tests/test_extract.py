"""`stance extract`: candidate statements from articles, their robustness to real text, and the gold-set figures."""

import functools
import json
from pathlib import Path

import orjson
import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import cli.extract
import cli.main
from events.extract import Registry, extract
from events.extract.dates import resolve
from events.extract.model import Model
from events.extract.scoring import LEVELS, Score, same_date, score
from events.lines import decode_jsonl
from events.validation import parse_event
from store import Ledger

GOLD = Path(__file__).parent / "data" / "extract_gold"

# The command as `stance` will run it, whether or not cli.main registers it yet.
app = typer.Typer(cls=cli.main.StanceGroup, add_completion=False, pretty_exceptions_enable=False,
                  rich_markup_mode=None)
app.callback()(cli.main.main)
app.command("extract")(cli.extract.extract)

PARTIES = [{"slug": "northland", "name": "Northland"}, {"slug": "southland", "name": "Southland"}]
ISSUES = [{"slug": "territory", "title": "Territory"}, {"slug": "ceasefire", "title": "Ceasefire"},
          {"slug": "sanctions", "title": "Sanctions"}]
SPEAKERS = [
    {"name": "Anna Berg", "aliases": ["Berg", "Northland Foreign Minister Anna Berg"],
     "affiliations": [{"party": "northland", "role": "Foreign Minister", "from": "2020"}]},
    {"name": "Southland government", "aliases": ["Southland"], "affiliations": [{"party": "southland"}]},
    {"name": "Łukasz Żółć", "aliases": ["Żółć"], "affiliations": [{"party": "southland", "role": "Envoy"}]},
]
REGISTRY = Registry.from_entries(PARTIES, ISSUES, SPEAKERS)
SOURCE = {"outlet": "Example Wire"}
ARTICLE = """Talks Stall Over the Border

Northland Foreign Minister Anna Berg said on May 5 that Northland would not cede any territory.
“We are ready to discuss a ceasefire if the shelling stops,” Berg told reporters.
Southland insists that sanctions be lifted first.
"""
EXPECTED = [
    {"stated_on": "2024-05-05", "party": "northland", "speaker": "Anna Berg", "role": "Foreign Minister",
     "issue": "territory", "stance": "reject", "position": "Northland would not cede any territory.",
     "source": {"outlet": "Example Wire"},
     "note": "confidence 0.85: attribution 'said'; speaker from registry alias 'Northland Foreign Minister Anna Berg'; "
             "party northland (Anna Berg: Foreign Minister, 2020–); issue from 'cede'; stance from 'would not cede'; "
             "stated_on 2024-05-05 from 'May 5', the latest not after 2024-06-01",
     "evidence": "Northland Foreign Minister Anna Berg said on May 5 that Northland would not cede any territory."},
    {"stated_on": "2024-06-01", "party": "northland", "speaker": "Anna Berg", "role": "Foreign Minister",
     "issue": "ceasefire", "stance": "consider", "position": "We are ready to discuss a ceasefire.",
     "conditions": "if the shelling stops", "quote": "We are ready to discuss a ceasefire if the shelling stops",
     "source": {"outlet": "Example Wire"},
     "note": "confidence 0.90: attribution 'told'; speaker from registry alias 'Berg'; party northland (Anna Berg: "
             "Foreign Minister, 2020–); issue from 'ceasefire'; stance from 'ready to'; stated_on 2024-06-01 from "
             "--published-on (no date words in the passage)",
     "evidence": "“We are ready to discuss a ceasefire if the shelling stops,” Berg told reporters."},
    {"stated_on": "2024-06-01", "party": "southland", "speaker": "Southland government", "issue": "sanctions",
     "stance": "demand", "position": "Southland insists that sanctions be lifted first.",
     "source": {"outlet": "Example Wire"},
     "note": "confidence 0.70: attribution 'insists'; speaker from registry alias 'Southland'; party southland "
             "(Southland government: speaks for southland); issue from 'sanctions'; stance from 'insists'; stated_on "
             "2024-06-01 from --published-on (no date words in the passage)",
     "evidence": "Southland insists that sanctions be lifted first."},
]


def found(text: str, published_on: str = "2024-06-01", title: str | None = None) -> list[tuple]:
    """(speaker, party, issue, stance) of each candidate, the part most tests pin."""
    return [(c.get("speaker"), c["party"], c["issue"], c["stance"])
            for c in extract(text, REGISTRY, published_on, SOURCE, title)]


def test_exact_candidates_of_a_small_article():
    assert extract(ARTICLE, REGISTRY, "2024-06-01", SOURCE) == EXPECTED


def test_every_candidate_is_a_valid_statement():
    texts = [ARTICLE] + [p.read_text(encoding="utf-8") for p in sorted(GOLD.glob("*.txt"))]
    registry = _shipped()
    model = _shipped_model()
    for text in texts:
        for candidate in (extract(text, registry, "2025-03", SOURCE) + extract(text, REGISTRY, "2024-06-01", SOURCE)
                          + extract(text, registry, "2025-03", SOURCE, model=model)):
            parse_event(candidate)
            for piece in candidate["evidence"].split(" […] "):
                assert " ".join(piece.split()) in " ".join(text.split())
            if "quote" in candidate:
                assert candidate["quote"] in candidate["evidence"]


# --- robustness -------------------------------------------------------------------------------------------------

_PIECES = ["Putin", "Kremlin spokesperson Dmitry Peskov", "he", "It", "Moscow's demands", "said", "told Fox that",
           "insists that", "Ukraine", "must", "may agree to", "a ceasefire", "sanctions", "NATO membership", "“", "”",
           '"', ",", ".", "\n", "\n\n", "According to him,", "if", "as long as", "in November", "on Jan. 7",
           "yesterday", "Read more", "RECOMMENDED STORIES:", "- ", "Żółć", "the document", "proposed by Washington",
           "Russian Foreign Minister Sergei Lavrov", "Ukraine's foreign minister, Andrii Sybiha,", "while rejecting",
           "and noted that", ":", "(", ")", "—", "last week", "U.S.", "Mr.", "…", "?"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=8)), max_size=40),
       st.sampled_from(["2025", "2025-03", "2023-05-27", "2024-02-29T10:00:00+02:00"]))
def test_any_text_gives_valid_candidates_or_none(parts, published_on):
    text = " ".join(parts)
    for candidate in extract(text, _shipped(), published_on, SOURCE, model=_shipped_model()):
        parse_event(candidate)  # the rules' candidates are among these: the model only adds


def test_an_article_with_no_statements(db):
    result = invoke("--db", db, "extract", "-", "--published-on", "2024-06-01", "--outlet", "X",
                    input="Read more\nThe weather was fine.\n")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "no candidate statements found in stdin\n")

def test_straight_quotes_read_like_curly_ones():
    straight = ARTICLE.replace("“", '"').replace("”", '"')
    assert found(straight) == found(ARTICLE)
    assert extract(straight, REGISTRY, "2024-06-01", SOURCE)[1]["quote"] == EXPECTED[1]["quote"]


def test_a_quote_running_over_paragraphs_is_one_passage():
    text = ("Berg spoke in the capital.\n\n“We are open to a ceasefire.\n\n"
            "“But we will not surrender any territory,” Berg said.\n")
    [first, second] = extract(text, REGISTRY, "2024-06-01", SOURCE)
    assert first["evidence"] == ("“We are open to a ceasefire. […] “But we will not surrender any territory,” "
                                 "Berg said.")
    assert (first["speaker"], first["issue"], first["stance"]) == ("Anna Berg", "ceasefire", "consider")
    assert (second["issue"], second["stance"], second["evidence"]) == ("territory", "reject", first["evidence"])


def test_a_stray_quote_mark_does_not_swallow_the_next_sentence():
    text = "Berg said Northland would not cede “any territory. Southland insists that sanctions be lifted.\n"
    assert found(text) == [("Anna Berg", "northland", "territory", "reject"),
                           ("Southland government", "southland", "sanctions", "demand")]


def test_boilerplate_around_the_story_is_left_out():
    text = """Southland Rejects Talks
By John Smith
2 min read
Share this article

CAPITAL (Example Wire) - Southland insists that sanctions be lifted first.

RECOMMENDED STORIES:
- Southland insists on a ceasefire.
- Northland would not cede any territory, Berg said.

Read more
Berg said Northland would not cede any territory.
Advertisement
"""
    candidates = extract(text, REGISTRY, "2024-06-01", SOURCE, title="Southland Rejects Talks")
    assert [(c.get("speaker"), c["issue"], c["evidence"]) for c in candidates] == [
        ("Southland government", "sanctions", "Southland insists that sanctions be lifted first."),
        ("Anna Berg", "territory", "Berg said Northland would not cede any territory."),
    ]


def test_non_ascii_names_and_unregistered_officials():
    text = ("Envoy Łukasz Żółć said that Southland rejects a ceasefire.\n"
            "Northland's foreign minister, Jean-Luc Dupré, said Northland wants sanctions kept.\n"
            "Dupré added that Northland may accept a ceasefire.\n")
    candidates = extract(text, REGISTRY, "2024-06-01", SOURCE)
    assert [(c["speaker"], c["party"], c["issue"], c["stance"]) for c in candidates] == [
        ("Łukasz Żółć", "southland", "ceasefire", "reject"),
        ("Jean-Luc Dupré", "northland", "sanctions", "demand"),
        ("Jean-Luc Dupré", "northland", "ceasefire", "consider"),
    ]
    assert "speaker not in the registry" in candidates[1]["note"]
    assert candidates[1]["role"] == "Northland's foreign minister"


@pytest.mark.parametrize("text, expected", [
    ("According to Berg, Southland wants sanctions lifted.",  # a report of another party's position
     [("Anna Berg", "southland", "sanctions", "demand")]),
    ("Berg told the Example Wire that Southland may agree to a ceasefire.",
     [("Anna Berg", "southland", "ceasefire", "consider")]),
    ("Berg wrote on Telegram that Southland must stop the shelling and agree to a truce.",
     [("Anna Berg", "northland", "ceasefire", "demand")]),  # 'must': Southland is told; the position is Berg's
    ("Berg spoke first. She said that Northland rejects any ceasefire.",
     [("Anna Berg", "northland", "ceasefire", "reject")]),
    ("Reports indicate that Southland is seeking new sanctions.",
     [("Southland government", "southland", "sanctions", "demand")]),
    ("Analysts said that Southland wants sanctions lifted.", []),  # an unknown reporter is not a source
    ("Southland's demands include a ceasefire along the front line.",
     [("Southland government", "southland", "ceasefire", "demand")]),
    ("The talks were complicated by a ceasefire proposed by Southland.",
     [("Southland government", "southland", "ceasefire", "propose")]),
])
def test_attribution_forms(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("words, published_on, stated_on", [
    ("said on Jan. 7", "2024-03-01", "2024-01-07"),
    ("said on Jan. 7", "2024-01-05", "2023-01-07"),  # the latest Jan. 7 not after publication
    ("In November, he said", "2023-05-27", "2022-11"),
    ("in November", "2023-11-02", "2023-11"),
    ("said on May 28, 2021", "2023-05-27", "2021-05-28"),
    ("yesterday", "2025-11-27", "2025-11-26"),
    ("two days ago", "2025-03-02", "2025-02-28"),
    ("on Monday", "2025-11-27", "2025-11-24"),
    ("last week", "2025-11-27", "2025-11"),  # the week of 17–23 November
    ("last week", "2025-12-03", "2025-11"),  # the week of 24–30 November
    ("next week", "2025-11-27", "2025-12"),  # the week of 1–7 December
    ("last week", "2025-06-04", "2025"),  # 26 May–1 June straddles two months
    ("last month", "2025-01-05", "2024-12"),
    ("from 2021", "2025-02", "2021"),
    ("in May", "2025-03", "2024-05"),
])
def test_relative_dates(words, published_on, stated_on):
    assert resolve(words, published_on)[0] == stated_on


def test_day_words_need_a_day_of_publication():
    assert resolve("said yesterday", "2025-11") is None
    assert found("Berg said yesterday that Northland rejects a ceasefire.", "2025-11")
    [candidate] = extract("Berg said yesterday that Northland rejects a ceasefire.", REGISTRY, "2025-11", SOURCE)
    assert candidate["stated_on"] == "2025-11"
    assert "from --published-on" in candidate["note"]


# --- the gold set -----------------------------------------------------------------------------------------------

# Measured on the five seed articles when the rules were written (docs/extract.md); a change that loses more than a
# couple of statements fails here.
FLOOR = {"speaker+party": (0.93, 0.86), "issue": (0.93, 0.86), "stance": (0.91, 0.84), "whole": (0.88, 0.81)}


@functools.cache
def _shipped() -> Registry:
    found = cli.extract.shipped_registry()
    return Registry.from_entries(found["party"], found["issue"], found["speaker"])


@functools.cache
def _shipped_model() -> Model:
    return Model.from_dict(orjson.loads(cli.extract.SHIPPED_MODEL.read_bytes()))


def _gold_scores(model: Model | None = None) -> dict[str, Score]:
    registry = _shipped()
    totals = {level: Score(0, 0, 0) for level in LEVELS}
    for line in (GOLD / "articles.jsonl").read_text().splitlines():
        entry = json.loads(line)
        text = (GOLD / entry["article"]).read_text(encoding="utf-8")
        gold = [json.loads(g) for g in (GOLD / entry["gold"]).read_text(encoding="utf-8").splitlines()]
        source = {k: entry[k] for k in ("url", "outlet", "title") if k in entry}
        candidates = extract(text, registry, entry["published_on"], source, entry.get("title"), model=model)
        for level, result in score(candidates, gold, text).items():
            totals[level] += result
    return totals


def test_gold_set_figures_do_not_regress():
    totals = _gold_scores()
    assert totals["whole"].gold == 43
    for level, (precision, recall) in FLOOR.items():
        assert totals[level].precision >= precision, (level, totals[level])
        assert totals[level].recall >= recall, (level, totals[level])


def test_the_model_adds_to_the_rules_on_the_seeds_and_takes_nothing_away():
    """The seeds are not in the model's training set: what it adds here is out of its sample. It may add a wrong
    candidate or two (a reviewer skips them), never lose a right one."""
    rules, both = _gold_scores(), _gold_scores(_shipped_model())
    assert both["stance"].matched >= rules["stance"].matched
    wrong = {name: s["stance"].candidates - s["stance"].matched for name, s in (("rules", rules), ("both", both))}
    assert wrong["both"] <= wrong["rules"] + 2


def test_gold_evidence_and_seed_texts_agree():
    for path in sorted(GOLD.glob("*.gold.jsonl")):
        text = " ".join(path.with_name(path.name.replace(".gold.jsonl", ".txt")).read_text().split())
        for line in path.read_text().splitlines():
            gold = json.loads(line)
            for piece in gold["evidence"].split(" […] "):
                assert " ".join(piece.split()) in text, (path.name, gold["n"])


def test_matching_rules():
    article = "A said X. B said Y."
    gold = [{"speaker": "A", "party": "p", "issue": "i", "stance": "demand", "stated_on": "2025-09",
             "evidence": "A said X."}]
    right = {"speaker": "A", "party": "p", "issue": "i", "stance": "demand", "stated_on": "2025-09-10",
             "evidence": "A said X."}
    assert score([right, dict(right)], gold, article)["whole"] == Score(1, 2, 1)  # a duplicate is a false positive
    assert score([dict(right, evidence="B said Y.")], gold, article)["speaker+party"].matched == 0
    assert score([dict(right, stance="reject")], gold, article)["issue"].matched == 1
    assert score([dict(right, stance="reject")], gold, article)["stance"].matched == 0
    assert same_date("2025-09-10", "2025-09") and not same_date("2025-09", "2025-09-10")


# --- the command ------------------------------------------------------------------------------------------------

@pytest.fixture
def db(tmp_path) -> str:
    """A store holding the small registry above."""
    path = str(tmp_path / "stance.db")
    lines = [orjson.dumps({"type": kind, **entry}) for kind, entries in
             (("party", PARTIES), ("issue", ISSUES), ("speaker", SPEAKERS)) for entry in entries]
    Ledger(path).append(decode_jsonl(lines), "test")
    return path


def invoke(*args, input=None):
    return CliRunner().invoke(app, list(args), input=input)


def log_length(path: str) -> int:
    return Ledger(path).head()[0]


def test_command_prints_the_import_format_and_writes_nothing(db):
    before = log_length(db)
    result = invoke("--db", db, "extract", "-", "--published-on", "2024-06-01", "--outlet", "Example Wire",
                    input=ARTICLE)
    assert result.exit_code == 0, result.stderr
    source = {"outlet": "Example Wire", "published_on": "2024-06-01"}
    # the reasons are not printed as the note: the lines import as they are
    printed = [{k: v for k, v in dict(c, source=source).items() if k != "note"} for c in EXPECTED]
    assert [json.loads(line) for line in result.stdout.splitlines()] == printed
    assert result.stderr == ""  # the registry came from the store
    assert log_length(db) == before


def test_command_falls_back_to_the_shipped_registry(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Kremlin spokesperson Dmitry Peskov said that Moscow rejects a temporary ceasefire.\n")
    result = invoke("--db", str(tmp_path / "empty.db"), "extract", str(article), "--published-on", "2025-03-14",
                    "--url", "https://example.org/a")
    assert result.exit_code == 0, result.stderr
    [line] = result.stdout.splitlines()
    assert json.loads(line)["speaker"] == "Dmitry Peskov"
    assert "the store has no registry; using the one shipped with stancelog" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["-"], "every statement needs a source: give --outlet or --url"),
    (["-", "--outlet", "X", "--published-on", "2025-13"], "'2025-13' is not a date"),
    (["--outlet", "X"], "give an article file, or - for stdin"),
    (["-", "--outlet", "X", "--review"], "--review asks its questions on stdin"),
])
def test_command_usage_errors(db, args, message):
    result = invoke("--db", db, "extract", *args, input="")
    assert result.exit_code == 2
    assert message in result.stderr


def test_evaluate_prints_the_figures(tmp_path):
    result = invoke("--db", str(tmp_path / "s.db"), "extract", "--evaluate", str(GOLD), "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    totals = _gold_scores(_shipped_model())
    whole = next(r for r in rows if r["article"] == "all" and r["level"] == "whole")
    assert whole == {"article": "all", "level": "whole", "candidates": totals["whole"].candidates, "gold": 43,
                     "matched": totals["whole"].matched, "precision": round(totals["whole"].precision, 2),
                     "recall": round(totals["whole"].recall, 2)}
    assert len(rows) == 6 * len(LEVELS)


def test_review_imports_the_accepted_candidates_in_one_transaction(db, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    before = log_length(db)
    # accept the first; edit the second's stance, then accept it; skip the third
    result = invoke("--db", db, "extract", str(article), "--published-on", "2024-06-01", "--outlet", "Example Wire",
                    "--review", "--by", "analyst", input="a\ne\nstance\nreject\na\ns\n")
    assert result.exit_code == 0, result.stderr
    seqs = f"{before + 1}–{before + 2}"
    assert result.stdout.splitlines()[-1] == f"imported 2 of 3 candidates from {article} · seq {seqs}"
    ledger = Ledger(db)
    log = list(ledger.log(before))
    assert [(e["type"], e["recorded_by"]) for e in log] == [("statement", "analyst")] * 2
    assert len({e["recorded_at"] for e in log}) == 1  # one transaction
    exported = [json.loads(line) for line in ledger.export()][-2:]
    assert [(e["issue"], e["stance"]) for e in exported] == [("territory", "reject"), ("ceasefire", "reject")]


def test_review_quit_and_nothing_accepted(db, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    before = log_length(db)
    result = invoke("--db", db, "extract", str(article), "--published-on", "2024-06-01", "--outlet", "Example Wire",
                    "--review", input="s\nq\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "nothing accepted; nothing imported"
    assert log_length(db) == before


@pytest.mark.parametrize("text, published_on, expected", [
    ("NATO Secretary General Jens Stoltenberg said on Friday that Russia must withdraw its troops.", "2024-06-14",
     ("Jens Stoltenberg", "nato", "territory", "demand")),
    ("Hungarian Prime Minister Viktor Orban called for a ceasefire during his visit.", "2024-07-05",
     ("Viktor Orban", "hungary", "ceasefire", "appeal")),
    ("The Vatican is ready to host talks between the two sides, Cardinal Matteo Zuppi said.", "2023-06-29",
     ("Matteo Zuppi", "holy-see", "talks", "propose")),
    ("German officials said Berlin rejects any ceasefire on those terms.", "2025-05-20",
     ("German officials", "germany", "ceasefire", "reject")),
])
def test_the_shipped_registry_names_the_other_parties_officials(text, published_on, expected):
    found = [(c.get("speaker"), c["party"], c["issue"], c["stance"])
             for c in extract(text, _shipped(), published_on, {"outlet": "Example Wire"})]
    assert found == [expected]
