"""Scoring `extract` on the development set: labels in the repository, the articles' texts kept outside it.

The folder (tests/data/extract_dev) holds articles.jsonl (one line per article: file, url, outlet, title,
published_on, sha256, split) and NNN.labels.jsonl (one statement per line, its evidence as `[start, end)` character
offsets into the text). The texts are read from another folder; each must have the sha256 the manifest gives, so
labels and text cannot drift apart. Figures are given per split, in the folder's order; which split has been tuned
on and which was scored unseen is told in the folder's README.
"""

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from cli.options import fail
from cli.output import Format, render

COLUMNS = ["split", "article", "level", "candidates", "gold", "matched", "precision", "recall"]


def evaluate_devset(folder: Path, texts: Path, registry, speakers: list[dict[str, Any]],
                    candidates: Callable[..., list[dict]], fmt: Format, why: bool = False) -> None:
    """Print the scores per article and per split; with `why`, the misses at the headline level on stderr."""
    import orjson

    from events.extract.scoring import LEVELS, Score, misses, score, speaker_keys

    articles = [orjson.loads(line) for line in (folder / "articles.jsonl").read_bytes().splitlines() if line.strip()]
    present = [a for a in articles if (texts / a["file"]).is_file()]
    if not present:
        # Normal where the texts are not kept (CI): say so and succeed, so that a missing folder is not a failure.
        typer.echo(f"no texts of {folder} in {texts} (set STANCE_EXTRACT_TEXTS or --texts); nothing scored", err=True)
        return
    if len(present) < len(articles):
        # A copy of the texts may lack some (a page no longer served): the rest is scored, and the figures say
        # how many labels they cover; the missing ones are named so that nobody takes them for the whole set.
        missing = [a["file"] for a in articles if a not in present]
        typer.echo(f"warning: {len(missing)} of {len(articles)} texts are not in {texts} "
                   f"({', '.join(missing)}): their articles are not scored", err=True)
    keys = speaker_keys(speakers)
    totals: dict[str, dict[str, Score]] = {}
    rows = []
    for entry in present:
        data = (texts / entry["file"]).read_bytes()
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            raise fail(f"{texts / entry['file']} is not the text that was labelled (its sha256 differs)")
        text = data.decode("utf-8")
        labels = [orjson.loads(g) for g in (folder / entry["file"].replace(".txt", ".labels.jsonl")).read_bytes()
                  .splitlines() if g.strip()]
        source = {k: entry[k] for k in ("url", "outlet", "title") if entry.get(k)}
        found = candidates(text, registry, entry["published_on"], source, entry.get("title"))
        if why:
            _say_misses(entry["file"], *misses(found, labels, text, keys, level="stance"), text)
        split = totals.setdefault(entry["split"], {level: Score(0, 0, 0) for level in LEVELS})
        for level, result in score(found, labels, text, keys).items():
            split[level] += result
            rows.append(_row(entry["split"], entry["file"], level, result))
    for name in sorted(totals, key=lambda s: (s != "tune", s)):
        rows += [_row(name, "all", level, totals[name][level]) for level in LEVELS]
    render(rows, COLUMNS, fmt)


def _row(split: str, article: str, level: str, result) -> dict[str, Any]:
    def ratio(value: float | None) -> float | None:
        return None if value is None else round(value, 2)

    return {"split": split, "article": article, "level": level, "candidates": result.candidates,
            "gold": result.gold, "matched": result.matched, "precision": ratio(result.precision),
            "recall": ratio(result.recall)}


def _say_misses(article: str, wrong: list[dict], missed: list[dict], text: str) -> None:
    """On stderr, one line each: the labels no candidate matched, and the candidates that matched no label."""
    for label in missed:
        passage = " … ".join(" ".join(text[start:end].split()) for start, end in label["evidence"])
        typer.echo(f"{article}: missed {label['party']} {label['stance']} {label['issue']} "
                   f"({label.get('speaker') or 'no speaker'}): {passage}", err=True)
    for candidate in wrong:
        typer.echo(f"{article}: unmatched candidate {candidate['party']} {candidate['stance']} {candidate['issue']} "
                   f"({candidate.get('speaker') or 'no speaker'}): {' '.join(str(candidate.get('evidence')).split())}",
                   err=True)
