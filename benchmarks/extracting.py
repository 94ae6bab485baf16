"""The extract benchmark: `stance extract` on a 5,000-word article, against `stance --help` in the same run.

The article is made here from sentences written for the benchmark (no third-party text): the speakers, parties and
places of the shipped registry in every attribution form the rules read, with quotations, hard-wrapped paragraphs
and filler prose between them, so that about one sentence in three is attributed. The peer is `stance --help`,
the command's own start-up: the ratio is what extraction adds to starting the CLI. Each command is started `runs`
times as a new process, taking turns, after one untimed run each (see benchmarks/startup.py). The stores are the
demo dataset's (its registry, which extract reads) and the generated histories at each size (no registry: extract
falls back to the shipped one), to show that the size of the log does not weigh on it. Goal (issue 12): under one
second for the whole command.
"""

import random
from collections.abc import Callable
from pathlib import Path
from statistics import median

from benchmarks.runner import Measured, run_worker
from benchmarks.startup import small_store, stance_command

WORDS = 5_000
HELP, EXTRACT = "stance --help", "stance extract"
GOAL_SECONDS = 1.0
PUBLISHED = "2025-03-14"

_SPEAKERS = ["Vladimir Putin", "Volodymyr Zelensky", "Dmitry Peskov", "Marco Rubio", "Maria Zakharova",
             "Kremlin spokesperson Dmitry Peskov", "Ukrainian President Volodymyr Zelensky", "Moscow", "Kyiv",
             "the White House", "Russian officials", "Ukrainian Foreign Minister Olena Marchuk"]
_POSITIONS = ["Russia would never accept a ceasefire along the current front line",
              "Ukraine must withdraw its forces from the Donbas and Zaporizhzhia",
              "sanctions on Russia should stay in place until the war ends",
              "Kyiv was ready to discuss security guarantees with its partners",
              "any peace plan had to include the recognition of Crimea",
              "European troops stationed in Ukraine would be a legitimate target",
              "talks could resume in Istanbul next month if both sides agreed",
              "Ukraine would not give up its ambition to join NATO"]
_FORMS = ["{who} said on Tuesday that {what}.", "“{What},” {who} told reporters.", "{What}, {who} said.",
          "According to {who}, {what}.", "{who} insisted that {what}.", "{who} called for talks, saying {what}.",
          "{What}, according to {who}."]
_FILLER = ["The meeting lasted several hours and ended without a joint statement.",
           "Delegations arrived at the venue early in the morning under heavy security.",
           "Observers noted that the weather in the city had been unusually cold for the season.",
           "The previous round had been held in a neighbouring country two months earlier.",
           "Reporters waited outside the building for most of the afternoon."]


def article(words: int = WORDS, seed: int = 12) -> str:
    """A news-like article of at least `words` words, from the sentences above, some paragraphs hard-wrapped."""
    pick = random.Random(seed)
    paragraphs, count = ["Talks Resume as Both Sides Restate Their Terms"], 0
    while count < words:
        sentences = []
        for _ in range(pick.randint(2, 4)):
            if pick.random() < 0.35:
                what = pick.choice(_POSITIONS)
                sentence = pick.choice(_FORMS).format(who=pick.choice(_SPEAKERS), what=what,
                                                      What=what[0].upper() + what[1:])
                sentences.append(sentence[0].upper() + sentence[1:])
            else:
                sentences.append(pick.choice(_FILLER))
        text = " ".join(sentences)
        if pick.random() < 0.3:  # hard-wrapped at 72 columns, as some copies are
            lines, line = [], ""
            for word in text.split():
                if len(line) + len(word) + 1 > 72:
                    lines.append(line)
                    line = word
                else:
                    line = f"{line} {word}".strip()
            text = "\n".join([*lines, line])
        paragraphs.append(text)
        count += len(text.split())
    return "\n\n".join(paragraphs) + "\n"


def run(workdir: Path, stores: dict[int, Path], runs: int, say: Callable[[str], None]) -> dict:
    path = workdir / "extract-article.txt"
    path.write_text(article(), encoding="utf-8")
    demo, demo_events = small_store(workdir)
    targets = {demo_events: demo, **{size: str(db) for size, db in stores.items()}}
    stance = stance_command()
    results, ratios = [], {}
    for size, db in sorted(targets.items()):
        argvs = {HELP: [*stance, "--help"],
                 EXTRACT: [*stance, "--db", db, "extract", str(path), "--published-on", PUBLISHED,
                           "--outlet", "Benchmark"]}
        say(f"extract: a {len(path.read_text().split()):,}-word article, store of {size:,} events, {runs} runs each")
        figures = run_worker("startup", {"commands": argvs, "runs": runs})
        measured = {}
        for label, samples in figures["commands"].items():
            measured[label] = Measured(
                "extract", label, size, 0, median(s[0] for s in samples), median(s[1] for s in samples), 0,
                max(s[2] for s in samples), len(samples),
                {"samples": [[wall, cpu] for wall, cpu, _ in samples], "argv": argvs[label]})
        results += measured.values()
        extract, help_ = measured[EXTRACT], measured[HELP]
        ratios[f"{EXTRACT} / {HELP} @ {size}"] = {
            "wall": round(extract.seconds / help_.seconds, 3), "cpu": round(extract.cpu_seconds / help_.cpu_seconds, 3),
            "extract_seconds": round(extract.seconds, 3), "goal_seconds": GOAL_SECONDS,
            "met": extract.seconds < GOAL_SECONDS}
    return {"results": results, "ratios": ratios, "article_words": len(path.read_text().split())}


def goal_lines(ratios: dict) -> list[str]:
    return [f"{key}: {r['wall']:.2f} by wall time, {r['cpu']:.2f} by CPU; stance extract {r['extract_seconds']:.2f} s "
            f"(goal < {r['goal_seconds']:g} s: {'met' if r['met'] else 'NOT met'})" for key, r in ratios.items()]
