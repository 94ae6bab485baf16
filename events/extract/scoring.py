"""Precision and recall of candidates against hand-labelled gold statements of the same article.

A candidate can match a gold statement when their evidence overlaps in the article (some passage of one and some
passage of the other cover common text) and their speaker and party agree. Each level then asks for more:
`issue` the same issue, `stance` the same stance, `whole` the same issue, stance and stated date, the date compared
at the gold's precision (a candidate's 2025-09-10 matches a gold 2025-09; its 2025-09 does not match 2025-09-10).
Matching is one to one (a maximum matching), so a duplicate candidate is a false positive.

A gold statement's evidence is either passages of the article's text (the seed gold set) or a list of `[start, end)`
character offsets into it (the development set, whose texts are kept outside the repository). Speakers are compared
as given, or, with `speaker_keys` from the registry, on the registry's canonical name, a body that speaks for a party
("Moscow", "Russian officials") counting as no named person, like a gold speaker of null.
"""

import re
from dataclasses import dataclass

from events.extract.sentences import EVIDENCE_JOIN

LEVELS = ("speaker+party", "issue", "stance", "whole")


@dataclass(frozen=True)
class Score:
    matched: int
    candidates: int
    gold: int

    @property
    def precision(self) -> float | None:
        return self.matched / self.candidates if self.candidates else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.gold if self.gold else None

    def __add__(self, other: "Score") -> "Score":
        return Score(self.matched + other.matched, self.candidates + other.candidates, self.gold + other.gold)


def _flat(text: str) -> tuple[str, list[int]]:
    """The text with whitespace collapsed, and for each kept character its offset in the original."""
    kept, where = [], []
    space = True
    for i, ch in enumerate(text):
        if ch.isspace():
            if not space:
                kept.append(" ")
                where.append(i)
            space = True
        else:
            kept.append(ch)
            where.append(i)
            space = False
    return "".join(kept), where


def spans(evidence: str, article: str) -> list[tuple[int, int]]:
    """Where each passage of the evidence lies in the article (whitespace ignored); passages not found are left out.
    A passage the article holds more than once (a page repeating its lead) is at each of its places."""
    flat, _ = _flat(article)
    found = []
    for piece in evidence.split(EVIDENCE_JOIN):
        words = " ".join(piece.split())
        start = flat.find(words) if words else -1
        while start >= 0:
            found.append((start, start + len(words)))
            start = flat.find(words, start + 1)
    return found


def _located(evidence: str | list, article: str) -> list[tuple[int, int]]:
    """Where evidence lies in the article, in the article's own offsets: passages found in it, or offsets as given."""
    if isinstance(evidence, list):
        return [(start, end) for start, end in evidence]
    _, where = _flat(article)
    return [(where[start], where[end - 1] + 1) for start, end in spans(evidence, article)]


def speaker_keys(speakers: list[dict]) -> dict[str, str | None]:
    """Each registry name and alias (case folded) mapped to the speaker's canonical name, or to None for a body
    that speaks for a party as a whole (its affiliations carry no dates)."""
    keys: dict[str, str | None] = {}
    for entry in speakers:
        body = all(not a.get("from") and not a.get("to") for a in entry.get("affiliations", []))
        for name in (entry["name"], *entry.get("aliases", [])):
            keys.setdefault(_norm(name), None if body else _norm(entry["name"]))
    return keys


def _speaker(name: str | None, keys: dict[str, str | None] | None) -> str | None:
    if not name:
        return None
    return keys.get(_norm(name), _norm(name)) if keys is not None else _norm(name)


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(x0 < y1 and y0 < x1 for x0, x1 in a for y0, y1 in b)


def stated_in(gold: list[dict], evidence: str, article: str) -> list[dict]:
    """The gold statements whose evidence overlaps `evidence` (passages of the article) in the article."""
    where = _located(evidence, article)
    return [g for g in gold if _overlap(where, _located(g["evidence"], article))]


def same_date(candidate: str, gold: str) -> bool:
    """The candidate's date read at the gold's precision: 2025-09-10 is 2025-09, but 2025-09 is not 2025-09-10."""
    return len(candidate) >= len(gold) and candidate[:len(gold)] == gold


def _norm(name: str | None) -> str:
    return re.sub(r"\s+", " ", (name or "")).strip().casefold()


def _fits(candidate: dict, gold: dict, level: str, keys: dict[str, str | None] | None = None) -> bool:
    if (_speaker(candidate.get("speaker"), keys) != _speaker(gold.get("speaker"), keys)
            or candidate["party"] != gold["party"]):
        return False
    if level in ("issue", "whole") and candidate["issue"] != gold["issue"]:
        return False
    if level in ("stance", "whole") and candidate["stance"] != gold["stance"]:
        return False
    return level != "whole" or same_date(candidate["stated_on"], gold["stated_on"])


def _maximum_matching(edges: list[list[int]], n_gold: int) -> int:
    """Size of a maximum bipartite matching (Kuhn's augmenting paths); edges[c] lists the gold c may match."""
    owner = [-1] * n_gold

    def augment(c: int, seen: set[int]) -> bool:
        for g in edges[c]:
            if g not in seen:
                seen.add(g)
                if owner[g] < 0 or augment(owner[g], seen):
                    owner[g] = c
                    return True
        return False

    return sum(augment(c, set()) for c in range(len(edges)))


def score(candidates: list[dict], gold: list[dict], article: str,
          keys: dict[str, str | None] | None = None) -> dict[str, Score]:
    """One Score per level for one article (speakers compared through `keys`, from `speaker_keys`, when given)."""
    where_c = [_located(c.get("evidence", ""), article) for c in candidates]
    where_g = [_located(g["evidence"], article) for g in gold]
    result = {}
    for level in LEVELS:
        edges = [[j for j, g in enumerate(gold) if _overlap(where_c[i], where_g[j]) and _fits(c, g, level, keys)]
                 for i, c in enumerate(candidates)]
        result[level] = Score(_maximum_matching(edges, len(gold)), len(candidates), len(gold))
    return result


def misses(candidates: list[dict], gold: list[dict], article: str,
           keys: dict[str, str | None] | None = None, level: str = "whole") -> tuple[list[dict], list[dict]]:
    """Candidates that match no gold statement at `level` (as a whole by default), and gold statements no
    candidate matches at it."""
    where_c = [_located(c.get("evidence", ""), article) for c in candidates]
    where_g = [_located(g["evidence"], article) for g in gold]
    fits = [[_overlap(where_c[i], where_g[j]) and _fits(c, g, level, keys) for j, g in enumerate(gold)]
            for i, c in enumerate(candidates)]
    wrong = [c for i, c in enumerate(candidates) if not any(fits[i])]
    missed = [g for j, g in enumerate(gold) if not any(row[j] for row in fits)]
    return wrong, missed
