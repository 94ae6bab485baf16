"""A linear model that reads a sentence for one party's position where the rules found none.

The rules (attribution, cues) are precise where their forms hold and silent elsewhere: most positions they miss in
unseen news are in sentences no rule turned into a candidate at all. For each sentence and each party it names (by
a registry name, a person of the party, a people-word, or "he"/"she" after one of its people), the model gives a
probability for each stance and for "none" from the sentence's words, the words around the party's mention, the
stance cues found in it and what the rules read in it. It is multinomial logistic regression over sparse binary
features, trained on the hand-labelled development set (tests/data/extract_dev) by `python -m cli.extract_model
train`; its weights are data (cli/data/extract_model.json), loaded by the command line and passed in here, so this
module stays pure.

Features are single lowercased words and fixed markers, never phrases of an article: the weights keep no text.
"""

import math
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass

from events.extract.attribution import REPORTING
from events.extract.cues import OBLIGATION, cues

CLASSES = ("none", "demand", "appeal", "propose", "accept", "concede", "consider", "reject", "threaten")
_WORD = re.compile(r"[a-z][a-z'’-]+")


def features(sentence, party: str, mentions: list, readings: list, parties: int, has_issue: bool) -> list[str]:
    """The features of one (sentence, party) pair: `mentions` are the registry mentions of the party in the
    sentence (none when the party comes from the rules or a pronoun), `readings` the rules' readings of the
    sentence, `parties` how many parties the sentence names, `has_issue` whether it names a registry issue."""
    text = sentence.text
    masked = sentence.masked().lower()  # quoted words apart from the reporter's
    found = {"w:" + w for w in _WORD.findall(masked)}
    for quoted in sentence.quoted():
        found.update("q:" + w for w in _WORD.findall(quoted.lower()))
    found.add("party:" + party)
    found.add(f"parties:{min(parties, 3)}")
    found.add("issue" if has_issue else "no_issue")
    if sentence.quotes:
        found.add("quote")
    if not mentions:
        found.add("no_mention")
    for m in mentions[:2]:
        found.update("a:" + w for w in _WORD.findall(masked[m.end:m.end + 40])[:3])
        found.update("b:" + w for w in _WORD.findall(masked[max(0, m.start - 30):m.start])[-2:])
        if m.possessive:
            found.add("possessive")
        if m.start < 15:
            found.add("opens")
        person = m.speaker is not None and not m.speaker.institutional
        found.add("kind:" + ("person" if person else "body" if m.speaker else "people"))
    for cue in cues(text):
        found.add("cue:" + cue.stance)
        if any(0 <= cue.start - m.end < 80 for m in mentions):
            found.add("cue_after:" + cue.stance)
    if REPORTING.search(masked):
        found.add("reporting")
    if OBLIGATION.search(text):
        found.add("obligation")
    for reading in readings:
        if reading.party == party:
            found.add("rule:" + (reading.stance or "none"))
        elif reading.party:
            found.add("rule_other")
    if not readings:
        found.add("no_reading")
    return sorted(found)


@dataclass(frozen=True)
class Model:
    weights: dict[str, tuple[float, ...]]  # feature -> one weight per class, in CLASSES order
    bias: tuple[float, ...]
    threshold: float  # the least probability of a stance that makes a candidate
    # (least probability, share of the candidates from there up to the next bound that were right), measured out
    # of fold when the model was trained: what a candidate's confidence says. Empty: the probability itself.
    calibration: tuple[tuple[float, float], ...] = ()

    def confidence(self, probability: float) -> float:
        """How often a candidate read at this probability was right where the model was not trained."""
        share = min(probability, 0.9)
        for low, right in self.calibration:
            if probability >= low:
                share = right
        return share

    def scores(self, feats: Iterable[str]) -> list[float]:
        total = list(self.bias)
        for f in feats:
            w = self.weights.get(f)
            if w is not None:
                for k, value in enumerate(w):
                    total[k] += value
        return total

    def probabilities(self, feats: Iterable[str]) -> dict[str, float]:
        scores = self.scores(feats)
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        z = sum(exps)
        return {c: e / z for c, e in zip(CLASSES, exps, strict=True)}

    def best(self, feats: list[str]) -> tuple[str, float] | None:
        """The most probable stance and its probability, when it reaches the threshold."""
        probs = self.probabilities(feats)
        stance = max(CLASSES[1:], key=probs.__getitem__)
        return (stance, probs[stance]) if probs[stance] >= self.threshold else None

    def reasons(self, feats: list[str], stance: str, n: int = 4) -> list[str]:
        """The features that weigh most for `stance` against "none", for a reviewer to see why."""
        k = CLASSES.index(stance)
        weigh = [(self.weights[f][k] - self.weights[f][0], f) for f in feats if f in self.weights]
        return [f for w, f in sorted(weigh, reverse=True)[:n] if w > 0]

    def as_dict(self) -> dict:
        return {"classes": list(CLASSES), "threshold": self.threshold, "bias": list(self.bias),
                "calibration": [list(bound) for bound in self.calibration],
                "weights": {f: list(w) for f, w in sorted(self.weights.items())}}

    @classmethod
    def from_dict(cls, data: dict) -> "Model":
        if tuple(data["classes"]) != CLASSES:
            raise ValueError(f"the model's classes {data['classes']} are not {list(CLASSES)}")
        return cls({f: tuple(w) for f, w in data["weights"].items()}, tuple(data["bias"]), data["threshold"],
                   tuple(tuple(bound) for bound in data.get("calibration", ())))


def calibrate(read: list[tuple[float, bool]], width: float = 0.1) -> tuple[tuple[float, float], ...]:
    """Bins of `width` over the probabilities of candidates, each with the share of them that was right, made
    non-decreasing by pooling neighbours that disagree (a higher probability never says less); a bin with no
    candidate is left out."""
    bins: dict[int, list[int]] = {}
    for probability, right in read:
        counts = bins.setdefault(int(probability / width + 1e-9), [0, 0])
        counts[0] += 1
        counts[1] += right
    pooled: list[list] = []  # [first bin, candidates, right]
    for k in sorted(bins):
        pooled.append([k, *bins[k]])
        while len(pooled) > 1 and pooled[-2][2] / pooled[-2][1] > pooled[-1][2] / pooled[-1][1]:
            last = pooled.pop()
            pooled[-1][1] += last[1]
            pooled[-1][2] += last[2]
    return tuple((round(k * width, 3), round(right / n, 2)) for k, n, right in pooled)


def train(examples: list[tuple[list[str], str]], threshold: float, epochs: int = 15, rate: float = 0.1,
          l2: float = 1e-4, min_count: int = 2, seed: int = 7) -> Model:
    """Multinomial logistic regression by AdaGrad over (features, class) examples, deterministic for a seed.
    Features seen fewer than `min_count` times are left out, as are weights that round to zero."""
    counts: dict[str, int] = {}
    for feats, _ in examples:
        for f in feats:
            counts[f] = counts.get(f, 0) + 1
    vocabulary = {f for f, n in counts.items() if n >= min_count}
    width = len(CLASSES)
    weights: dict[str, list[float]] = {}
    squares: dict[str, list[float]] = {}
    bias, bias_squares = [0.0] * width, [1e-8] * width
    order = list(range(len(examples)))
    shuffle = random.Random(seed).shuffle
    for _ in range(epochs):
        shuffle(order)
        for i in order:
            feats, label = examples[i]
            kept = [f for f in feats if f in vocabulary]
            scores = list(bias)
            for f in kept:
                w = weights.get(f)
                if w is not None:
                    for k in range(width):
                        scores[k] += w[k]
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            z = sum(exps)
            y = CLASSES.index(label)
            grad = [e / z - (k == y) for k, e in enumerate(exps)]
            for k in range(width):
                bias_squares[k] += grad[k] ** 2
                bias[k] -= rate * grad[k] / math.sqrt(bias_squares[k])
            for f in kept:
                w = weights.setdefault(f, [0.0] * width)
                sq = squares.setdefault(f, [1e-8] * width)
                for k in range(width):
                    g = grad[k] + l2 * w[k]
                    sq[k] += g * g
                    w[k] -= rate * g / math.sqrt(sq[k])
    rounded = {f: tuple(round(v, 3) for v in w) for f, w in weights.items()}
    return Model({f: w for f, w in rounded.items() if any(w)}, tuple(round(b, 3) for b in bias), threshold)
