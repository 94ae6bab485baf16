"""The extraction model: its features, its training, the candidates it reads where the rules gave none, and the
shipped weights. Sentences and names are written for these tests."""

import re

import orjson
import pytest
from test_extract import REGISTRY, SOURCE
from test_extract_cli import PUBLISHED, db, run  # noqa: F401 (db is a fixture)

from cli.extract import SHIPPED_MODEL
from events.extract import issues
from events.extract.candidates import by_sentence, extract, extract_all, read_article
from events.extract.learned import pairs
from events.extract.model import CLASSES, Model, calibrate, train

PATTERNS = issues.keyword_patterns(REGISTRY.issues)
# No rule reads "is keen on": a sentence only the model can turn into a candidate
KEEN = "Northland is keen on a ceasefire along the river."


def model_of(**weights: dict[str, float]) -> Model:
    """A model whose every feature named weighs for the stances given, the rest nothing."""
    rows = {f: tuple(w.get(c, 0.0) for c in CLASSES) for f, w in weights.items()}
    return Model(rows, tuple(2.0 if c == "none" else 0.0 for c in CLASSES), threshold=0.5)


KEEN_MODEL = model_of(**{"w:keen": {"accept": 6.0}})


def the_pairs(text: str, published_on: str = "2024-06-01"):
    _, sentences, readings = read_article(text, REGISTRY, PATTERNS, published_on)
    return list(pairs(sentences, by_sentence(readings), REGISTRY, PATTERNS, published_on))


def test_features_are_single_words_and_markers_never_phrases():
    text = "Southland said Northland’s latest offer was “a trap, plain and simple”, and it must withdraw."
    (pair, *rest) = the_pairs(text)
    assert {p.party for p in (pair, *rest)} == {"northland", "southland"}
    for feature in pair.features:
        assert re.fullmatch(r"[a-z0-9_]+(?::[a-z0-9'’_-]+)?", feature), feature
    feats = set(next(p for p in (pair, *rest) if p.party == "northland").features)
    assert {"q:trap", "w:offer", "possessive", "obligation", "party:northland", "parties:2"} <= feats
    assert "w:trap" not in feats  # quoted words are told apart from the reporter's


def test_a_pronoun_sentence_is_read_for_the_party_of_the_person_before():
    text = "Anna Berg spoke in the capital on Monday. She is keen on a ceasefire."
    second = [p for p in the_pairs(text) if p.sentence.index == 1]
    assert [(p.party, p.speaker.name, "no_mention" in p.features) for p in second] == [
        ("northland", "Anna Berg", True)]


def test_the_model_reads_a_sentence_no_rule_turned_into_a_candidate():
    assert extract(KEEN, REGISTRY, "2024-06-01", SOURCE) == []
    (candidate,) = extract(KEEN, REGISTRY, "2024-06-01", SOURCE, model=KEEN_MODEL)
    assert (candidate["party"], candidate["stance"], candidate["issue"], candidate.get("speaker")) == (
        "northland", "accept", "ceasefire", None)
    assert candidate["evidence"] == KEEN
    assert candidate["note"].startswith("confidence 0.9")
    assert "read by the model: accept" in candidate["note"] and "w:keen" in candidate["note"]
    assert "no rule gave a candidate from this sentence" in candidate["note"]


def test_the_model_leaves_the_sentences_the_rules_read():
    text = "Berg said Northland would not cede any territory, and Berg is keen on it."
    rules = extract(text, REGISTRY, "2024-06-01", SOURCE)
    assert [(c["party"], c["stance"]) for c in rules] == [("northland", "reject")]
    assert extract(text, REGISTRY, "2024-06-01", SOURCE, model=KEEN_MODEL) == rules


def test_a_sentence_naming_no_issue_gets_talks_and_says_so():
    (candidate,) = extract("Northland is keen on the idea.", REGISTRY, "2024-06-01", SOURCE,
                           model=model_of(**{"w:keen": {"accept": 6.0}}))
    assert candidate["issue"] == "talks"
    assert "CHECK THE ISSUE: the sentence names none" in candidate["note"]


def test_below_the_threshold_nothing_is_proposed_and_the_skipped_list_knows_what_the_model_took():
    weak = model_of(**{"w:keen": {"accept": 2.0}})  # accept and none weigh alike: 0.5 is not reached by either
    assert extract(KEEN, REGISTRY, "2024-06-01", SOURCE, model=weak) == []
    text = "Berg said the talks went on for hours. Berg said she is keen on a ceasefire."
    without = extract_all(text, REGISTRY, "2024-06-01", SOURCE)
    with_model = extract_all(text, REGISTRY, "2024-06-01", SOURCE, model=KEEN_MODEL)
    assert {s.index for s in without.skipped} == {0, 1}
    assert [(c["speaker"], c["stance"]) for c in with_model.candidates] == [("Anna Berg", "accept")]
    assert {s.index for s in with_model.skipped} == {0}


def test_a_date_read_by_the_model_is_checked_like_the_rules_ones():
    (candidate,) = extract("On Saturday Northland was keen on a ceasefire.", REGISTRY, "2024-06-07", SOURCE,
                           model=KEEN_MODEL)  # a Friday's article
    assert candidate["stated_on"] == "2024-06-08"
    assert "CHECK THE DATE: 2024-06-08 is after the article's publication" in candidate["note"]


def test_training_learns_what_it_is_shown_and_is_deterministic():
    examples = ([(["w:keen", "party:a"], "accept")] * 20 + [(["w:refuses", "party:a"], "reject")] * 20
                + [(["w:weather", "party:a"], "none")] * 40)
    model = train(examples, threshold=0.5)
    assert model.best(["w:keen", "party:a"])[0] == "accept"
    assert model.best(["w:refuses", "party:a"])[0] == "reject"
    assert model.best(["w:weather", "party:a"]) is None
    assert model.reasons(["w:keen", "party:a"], "accept")[0] == "w:keen"
    assert train(examples, threshold=0.5) == model
    assert "w:unseen" not in train(examples + [(["w:unseen"], "demand")], threshold=0.5).weights  # seen once


def test_confidence_is_what_candidates_earned_where_the_model_was_not_trained():
    read = ([(0.55, True)] + [(0.58, False)] * 3 + [(0.72, True)] * 2 + [(0.75, False)] * 2  # 1/4, then 2/4
            + [(0.81, True)] + [(0.85, False)] * 2 + [(0.93, True)] * 3 + [(0.97, False)])  # 1/3 < 2/4: pooled; 3/4
    assert calibrate(read) == ((0.5, 0.25), (0.7, 0.43), (0.9, 0.75))
    assert calibrate([]) == ()
    model = Model({}, tuple(0.0 for _ in CLASSES), 0.5, calibrate(read))
    assert [model.confidence(p) for p in (0.5, 0.69, 0.7, 0.89, 0.95)] == [0.25, 0.25, 0.43, 0.43, 0.75]
    assert Model({}, model.bias, 0.5).confidence(0.97) == 0.9  # uncalibrated: the probability, at most 0.9
    assert Model.from_dict(orjson.loads(orjson.dumps(model.as_dict()))) == model


def test_weights_round_trip_and_refuse_other_classes():
    model = train([(["w:keen"], "accept"), (["w:keen"], "accept"), (["w:no"], "none"), (["w:no"], "none")], 0.5)
    assert Model.from_dict(orjson.loads(orjson.dumps(model.as_dict()))) == model
    other = dict(model.as_dict(), classes=["none", "demand"])
    with pytest.raises(ValueError, match="classes"):
        Model.from_dict(other)


def test_the_shipped_model_loads_and_reads_sentences_it_never_saw():
    model = Model.from_dict(orjson.loads(SHIPPED_MODEL.read_bytes()))
    assert 0 < model.threshold < 1 and len(model.weights) > 500
    # its confidences are what its candidates earned out of fold: well under their probabilities
    assert model.calibration and all(0 < right < low + 0.1 for low, right in model.calibration)
    assert [right for _, right in model.calibration] == sorted(right for _, right in model.calibration)
    for feature in model.weights:  # no phrase of a training article is kept
        assert re.fullmatch(r"[a-z0-9_]+(?::[a-z0-9'’_-]+)?", feature), feature
    stance, _ = model.best(the_pairs("Northland demands that Southland withdraw all its troops from the border "
                                     "region before any talks.")[0].features) or (None, 0)
    assert stance == "demand"


def test_the_command_uses_the_model_unless_asked_for_the_rules_alone(db, tmp_path):  # noqa: F811
    path = tmp_path / "a.txt"
    path.write_text("Northland welcomed the ceasefire proposal, calling it a good step.\n"
                    "Southland demanded the withdrawal of all troops from the territory of the valley.\n",
                    encoding="utf-8")
    both = run(db, str(path), "--why", model=True)
    rules = run(db, str(path), "--why")
    assert both.exit_code == 0 and rules.exit_code == 0
    assert "read by the model" not in rules.stderr
    modelled = [line for line in both.stderr.splitlines() if "read by the model" in line]
    assert len(both.stdout.splitlines()) == len(rules.stdout.splitlines()) + len(modelled)
    assert PUBLISHED in both.stdout


# --- the training tool (cli/extract_model.py) on a small set written for the test -------------------------------

SET_TEXTS = [
    "Ukraine is keen on a ceasefire along the river. The weather was cold.\n",
    "Dmitry Peskov said Russia rejects the ceasefire. Ukraine is keen on talks in Geneva.\n",
    "Russia is keen on a ceasefire before the winter. Markets were calm.\n",
    "The weather was warm. Ukraine is keen on talks with its neighbours.\n",
    "Russia is keen on talks in Vienna. This one is the reserve's: never trained or cross-validated on.\n",
]


@pytest.fixture
def small_set(tmp_path, monkeypatch):
    import hashlib
    import json

    import cli.extract_model

    folder, texts = tmp_path / "set", tmp_path / "texts"
    folder.mkdir()
    texts.mkdir()
    rows = []
    for n, text in enumerate(SET_TEXTS, 1):
        (texts / f"{n:03d}.txt").write_text(text, encoding="utf-8")
        rows.append({"file": f"{n:03d}.txt", "url": f"https://example.org/{n}", "outlet": "Example",
                     "title": "Test", "published_on": "2025-03-10", "chars": len(text),
                     "split": "reserve" if n == len(SET_TEXTS) else "dev",
                     "sha256": hashlib.sha256(text.encode()).hexdigest()})
        labels = []
        for sentence in text.split(". "):
            if " keen on " in sentence:
                party = sentence.split()[0].lower()
                issue = "ceasefire" if "ceasefire" in sentence else "talks"
                start = text.index(sentence)
                labels.append({"n": len(labels) + 1, "party": party, "speaker": None, "stance": "accept",
                               "issue": issue, "stated_on": "2025-03-10", "evidence": [[start, start + len(sentence)]]})
        (folder / f"{n:03d}.labels.jsonl").write_text("".join(json.dumps(g) + "\n" for g in labels))
    (folder / "articles.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    (folder / "parties.jsonl").write_text("")
    monkeypatch.setattr(cli.extract_model, "DEVSET", folder)
    return folder, texts


def tool(*args):
    from typer.testing import CliRunner

    from cli.extract_model import app

    return CliRunner().invoke(app, [str(a) for a in args])


def test_the_tool_trains_a_model_that_reads_what_it_was_shown(small_set, tmp_path):
    folder, texts = small_set
    out = tmp_path / "model.json"
    result = tool("train", "--texts", texts, "--out", out, "--threshold", "0.3")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("trained on 4 articles (")
    model = Model.from_dict(orjson.loads(out.read_bytes()))
    assert model.threshold == 0.3
    assert result.stdout.splitlines()[1].startswith("confidence by probability, out of 5 folds: ")
    assert all(0 <= right <= 1 for _, right in model.calibration)
    from cli.extract import shipped_registry
    from events.extract import Registry

    shipped = shipped_registry()
    registry = Registry.from_entries(shipped["party"], shipped["issue"], shipped["speaker"])
    (candidate,) = extract("Russia is keen on a ceasefire in the south.", registry, "2025-03-10", SOURCE,
                           model=model)
    assert (candidate["party"], candidate["stance"], candidate["issue"]) == ("russia", "accept", "ceasefire")
    assert extract("Russia is keen on a ceasefire in the south.", registry, "2025-03-10", SOURCE) == []


def test_the_tool_cross_validates_and_scores_a_second_labelling(small_set, tmp_path):
    import json

    folder, texts = small_set
    result = tool("cv", "--texts", texts, "--folds", "2", "--thresholds", "0.3")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "4 articles, 4 labels, 2 folds (by article order)"
    rules = next(line for line in lines if line.startswith("| all | rules alone | stance |"))
    assert rules.split("|")[5].strip() == "0"  # no rule reads "is keen on"
    assert any(line.startswith("| all | model ≥ 0.3 | stance |") for line in lines)

    second = tmp_path / "second"
    second.mkdir()
    for path in folder.glob("00[1-4].labels.jsonl"):
        (second / path.name).write_bytes(path.read_bytes())
    same = tool("agree", second, "--texts", texts)
    assert "| stance | 4 | 4 | 4 | 1.00 | 1.00 |" in same.stdout.splitlines()
    first = [json.loads(line) for line in (second / "001.labels.jsonl").read_text().splitlines()]
    (second / "001.labels.jsonl").write_text(json.dumps(dict(first[0], stance="reject")) + "\n")
    (second / "004.labels.jsonl").unlink()  # an article labelled once is left out
    other = tool("agree", second, "--texts", texts)
    assert other.stdout.splitlines()[0] == "3 articles labelled twice: the second labelling scored against the set's"
    assert "| stance | 3 | 3 | 2 | 0.67 | 0.67 |" in other.stdout.splitlines()
    assert "| speaker+party | 3 | 3 | 3 | 1.00 | 1.00 |" in other.stdout.splitlines()
