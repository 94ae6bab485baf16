"""Training the extraction model on the development set, and measuring it where it was not trained.

    python -m cli.extract_model cv --texts DIR [--texts DIR …] [--leave-out SPLIT …] [--folds 5]
    python -m cli.extract_model train --texts DIR [--texts DIR …] [--leave-out SPLIT …] [--out FILE]
    python -m cli.extract_model agree OTHER --texts DIR

The development set (tests/data/extract_dev) gives, for each (sentence, party) pair the model reads, the stance of
the labels of that party whose evidence overlaps the sentence ("none" when there is none). `cv` splits the articles
into folds, trains on all folds but one and scores the rules with the model on the one left, for each fold in turn,
so that every figure it prints is on articles the model was not trained on (the rules themselves were tuned on all of
them but the splits scored unseen; docs/extract.md says which). `train` fits the model on every article present and
writes its weights (default cli/data/extract_model.json, the model `stance extract` uses). `--leave-out` keeps a
split out of both, for scoring it unseen afterwards; the `reserve` split is always kept out. `agree` scores a second
labelling of some articles, made without seeing the first, against the set's labels: the agreement of two labellers.
"""

import hashlib
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from cli.extract import SHIPPED_MODEL, shipped_registry

DEVSET = Path(__file__).parent.parent / "tests" / "data" / "extract_dev"
# Splits nobody may train or cross-validate on until their one scoring (tests/data/extract_dev/README.md)
UNSEEN = ("reserve",)
THRESHOLD = 0.5  # chosen by `cv` (docs/extract.md): below it the model's extra candidates are mostly wrong
app = typer.Typer(add_completion=False, help=__doc__.split("\n\n")[0])


def _articles(folder: Path, texts: list[Path], leave_out: list[str]) -> list[dict]:
    import orjson

    found = []
    for line in (folder / "articles.jsonl").read_bytes().splitlines():
        entry = orjson.loads(line)
        if entry["split"] in leave_out:
            continue
        for where in texts:
            path = where / entry["file"]
            if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]:
                labels = folder / entry["file"].replace(".txt", ".labels.jsonl")
                entry["text"] = path.read_bytes().decode("utf-8")
                entry["labels"] = [orjson.loads(g) for g in labels.read_bytes().splitlines() if g.strip()]
                found.append(entry)
                break
    return found


def _registry(folder: Path):
    import orjson

    from events.extract import Registry

    shipped = shipped_registry()
    known = {p["slug"] for p in shipped["party"]}
    more = [orjson.loads(p) for p in (folder / "parties.jsonl").read_bytes().splitlines() if p.strip()]
    parties = shipped["party"] + [p for p in more if p["slug"] not in known]
    return Registry.from_entries(parties, shipped["issue"], shipped["speaker"]), shipped["speaker"]


def examples(article: dict, registry, patterns: dict) -> list[tuple[list[str], str]]:
    """(features, stance) for every (sentence, party) pair of an article, the stance from its labels."""
    from events.extract.candidates import by_sentence, read_article
    from events.extract.learned import pairs
    from events.extract.scoring import stated_in

    _, sentences, readings = read_article(article["text"], registry, patterns, article["published_on"],
                                          article.get("title"))
    found = []
    for pair in pairs(sentences, by_sentence(readings), registry, patterns, article["published_on"]):
        stances = [g["stance"] for g in stated_in(article["labels"], pair.sentence.evidence, article["text"])
                   if g["party"] == pair.party]
        found.append((pair.features, Counter(stances).most_common(1)[0][0] if stances else "none"))
    return found


def _prepared(texts: list[Path], leave_out: list[str]):
    from events.extract import issues

    articles = _articles(DEVSET, texts, [*leave_out, *UNSEEN])
    if not articles:
        raise typer.BadParameter(f"no texts of {DEVSET} in {', '.join(map(str, texts))}", param_hint="--texts")
    registry, speakers = _registry(DEVSET)
    patterns = issues.keyword_patterns(registry.issues)
    for article in articles:
        article["examples"] = examples(article, registry, patterns)
    return articles, registry, speakers


def _out_of_fold(articles: list[dict], folds: int):
    """(article, a model trained on the other folds, threshold 1.0) for every article; folds by article order."""
    from events.extract.model import train

    for k in range(folds):
        fitted = train([e for i, a in enumerate(articles) if i % folds != k for e in a["examples"]], threshold=1.0)
        yield from ((a, fitted) for i, a in enumerate(articles) if i % folds == k)


def _arguments(article: dict, registry) -> tuple:
    source = {key: article[key] for key in ("url", "outlet") if article.get(key)}
    return article["text"], registry, article["published_on"], source, article.get("title")


def _calibration(articles: list[dict], registry, speakers: list[dict], threshold: float, folds: int = 5):
    """How often the model's candidates were right at each probability, each article read by a model not
    trained on it (right: matched to a label at the headline level)."""
    from events.extract.candidates import extract_all
    from events.extract.model import calibrate
    from events.extract.scoring import misses, speaker_keys

    keys = speaker_keys(speakers)
    read = []
    for article, fitted in _out_of_fold(articles, folds):
        found = extract_all(*_arguments(article, registry), model=replace(fitted, threshold=threshold))
        wrong, _ = misses(found.candidates, article["labels"], article["text"], keys, level="stance")
        read += [(p, c not in wrong) for c, p in zip(found.candidates, found.probabilities, strict=True)
                 if p is not None]
    return calibrate(read)


TextsOption = Annotated[list[Path], typer.Option("--texts", help="A folder of the set's texts (repeatable).")]
LeaveOut = Annotated[list[str], typer.Option("--leave-out", help="A split kept out (repeatable).")]


@app.command()
def cv(texts: TextsOption, leave_out: LeaveOut = [], folds: int = 5,  # noqa: B006 (typer reads the default)
       thresholds: str = "0.4,0.5,0.6,0.7") -> None:
    """Score the rules alone and with the model, each article by a model not trained on it."""
    from events.extract.candidates import extract
    from events.extract.scoring import LEVELS, Score, score, speaker_keys

    articles, registry, speakers = _prepared(texts, leave_out)
    keys = speaker_keys(speakers)
    cuts = [float(t) for t in thresholds.split(",")]
    names = ["rules", *cuts]
    splits = ["all", *dict.fromkeys(a["split"] for a in articles)]
    totals = {(name, split): {level: Score(0, 0, 0) for level in LEVELS} for name in names for split in splits}
    for article, fitted in _out_of_fold(articles, folds):
        args = _arguments(article, registry)
        for name in names:
            model = None if name == "rules" else replace(fitted, threshold=name)
            for level, result in score(extract(*args, model=model), article["labels"], article["text"],
                                       keys).items():
                totals[name, "all"][level] += result
                totals[name, article["split"]][level] += result
    labels = sum(len(a["labels"]) for a in articles)
    typer.echo(f"{len(articles)} articles, {labels} labels, {folds} folds (by article order)")
    typer.echo("| split | with | level | candidates | matched | P | R |\n|---|---|---|---:|---:|---:|---:|")
    for split in splits:
        for name in names:
            for level in ("stance", "issue"):
                s = totals[name, split][level]
                with_ = "rules alone" if name == "rules" else f"model ≥ {name}"
                typer.echo(f"| {split} | {with_} | {level} | {s.candidates} | {s.matched} | {s.precision or 0:.2f} "
                           f"| {s.recall or 0:.2f} |")


@app.command()
def agree(other: Path, texts: TextsOption) -> None:
    """Score a second, independent labelling of some articles (OTHER/NNN.labels.jsonl) against the set's own, as
    if it were candidates: how far two labellers agree bounds what extraction can be scored at."""
    import orjson

    from events.extract.scoring import LEVELS, Score, score, speaker_keys
    from events.extract.sentences import EVIDENCE_JOIN

    articles = _articles(DEVSET, texts, [])
    keys = speaker_keys(_registry(DEVSET)[1])
    totals = {level: Score(0, 0, 0) for level in LEVELS}
    scored = 0
    for article in articles:
        path = other / article["file"].replace(".txt", ".labels.jsonl")
        if not path.is_file():
            continue
        scored += 1
        text = article["text"]
        second = [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]
        as_candidates = [dict(label, evidence=EVIDENCE_JOIN.join(text[a:b] for a, b in label["evidence"]))
                         for label in second]
        for level, result in score(as_candidates, article["labels"], text, keys).items():
            totals[level] += result
    typer.echo(f"{scored} articles labelled twice: the second labelling scored against the set's")
    typer.echo("| level | second's labels | set's labels | matched | P | R |\n|---|---:|---:|---:|---:|---:|")
    for level, s in totals.items():
        typer.echo(f"| {level} | {s.candidates} | {s.gold} | {s.matched} | {s.precision or 0:.2f} | "
                   f"{s.recall or 0:.2f} |")


@app.command("train")
def train_command(texts: TextsOption, leave_out: LeaveOut = [],  # noqa: B006
                  out: Path = SHIPPED_MODEL, threshold: float = THRESHOLD, folds: int = 5) -> None:
    """Fit the model on every article present and write its weights, with the confidence its candidates earned
    out of fold (`folds`)."""
    import orjson

    from events.extract.model import train

    articles, registry, speakers = _prepared(texts, leave_out)
    calibration = _calibration(articles, registry, speakers, threshold, folds)
    model = replace(train([e for a in articles for e in a["examples"]], threshold=threshold), calibration=calibration)
    out.write_bytes(orjson.dumps(model.as_dict()) + b"\n")
    pairs = sum(len(a["examples"]) for a in articles)
    typer.echo(f"trained on {len(articles)} articles ({pairs} sentence-party pairs): {len(model.weights)} "
               f"features, threshold {threshold}; written to {out}")
    shown = ", ".join(f"{low:.1f}+ → {right:.2f}" for low, right in calibration)
    typer.echo(f"confidence by probability, out of {folds} folds: {shown or 'no candidate read'}")


if __name__ == "__main__":
    app()
