"""Candidate statements of an article, in the import format, one per position found, in the article's order.

A passage with a stance and no issue, followed by the same speaker's quotation with issues and no stance, states
one position ("Zelensky outlined his main terms." + "“Restoration of …,” he said"). A passage on several issues
gives one candidate per issue. The same position found twice is one candidate with both passages as evidence, and
so is a position stated by a party's institution ("Moscow") and by a named person of that party.
"""

import re
from dataclasses import dataclass, field, replace
from typing import Any

from events.extract import dates, issues, learned
from events.extract.attribution import Attributor
from events.extract.cleaning import paragraphs
from events.extract.cues import POINTS_BACK, VERB_STANCE
from events.extract.model import Model
from events.extract.reading import Reading, confidence, read
from events.extract.sentences import EVIDENCE_JOIN, split
from events.extract.speakers import Registry


@dataclass
class Draft:
    reading: Reading
    issue: str
    issue_words: str
    sentences: list = field(default_factory=list)
    merged: int = 0

    @property
    def key(self) -> tuple:
        r = self.reading
        return r.speaker_name, r.party, self.issue, r.stance, r.stated_on

    @property
    def institutional(self) -> bool:
        speaker = self.reading.unit.speaker
        return speaker is None or speaker.institutional

    def absorb(self, other: "Draft") -> None:
        known = {s.index for s in self.sentences}
        self.sentences += [s for s in other.sentences if s.index not in known]
        self.sentences.sort(key=lambda s: s.index)
        self.merged += 1 + other.merged
        r = self.reading
        if r.quote is None and other.reading.quote is not None:
            self.reading = replace(r, quote=other.reading.quote)
        if r.conditions is None and other.reading.conditions is not None:
            self.reading = replace(self.reading, conditions=other.reading.conditions)


def _join_lead_ins(readings: list[Reading]) -> list[Reading]:
    joined: list[Reading] = []
    for reading in readings:
        last = joined[-1] if joined else None
        # Only an announcement ("outlined his main terms", "said:") is spelled out by the quotation after it.
        announces = last is not None and (last.cue_nominal or last.unit.scope.rstrip().endswith(":")
                                          or re.search(r"\b(?:conditions|demands|terms)$", last.cue) is not None)
        if (announces and last.stance and not last.issues and reading.issues and not reading.stance
                and reading.unit.speaker is last.unit.speaker and reading.unit.speaker is not None
                and reading.unit.sentence.index == last.unit.sentence.index + 1):
            dated = last if last.dated or not reading.dated else reading
            joined[-1] = replace(reading, stance=last.stance, cue=last.cue, party=last.party, party_why=last.party_why,
                                 stated_on=dated.stated_on, date_why=dated.date_why, dated=dated.dated,
                                 sentences=last.sentences + reading.sentences)
        else:
            joined.append(reading)
    return joined


def _carry_issues(readings: list[Reading]) -> list[Reading]:
    """A stance with no issue of its own, in words that point back, takes the issues of the sentence before."""
    by_sentence: dict[int, list[tuple[str, str]]] = {}
    for r in readings:
        by_sentence.setdefault(r.unit.sentence.index, []).extend(i for i in r.issues if i not in
                                                                  by_sentence.get(r.unit.sentence.index, []))
    carried = []
    for r in readings:
        before = by_sentence.get(r.unit.sentence.index - 1)
        back = POINTS_BACK.search(r.unit.scope)
        if r.stance and r.party and not r.issues and before and back:
            r = replace(r, issues=list(before), issue_why=f"from the sentence before ('{back.group()}' points back)")
        carried.append(r)
    return carried


def _conditions_asked(readings: list[Reading], patterns: dict, registry: Registry) -> list[Reading]:
    """An offer or acceptance held by what another party must do asks for it: "offered a ceasefire if Kyiv
    withdraws its troops" is also a demand on territory. One more reading per such condition that names other
    issues; a condition with no party in it ("if guarantees are provided") asks no one in particular."""
    more = []
    for r in readings:
        more.append(r)
        if r.stance not in ("propose", "accept", "consider") or not r.conditions or not r.party:
            continue
        if not any(registry.party_of(m, r.stated_on) not in (None, r.party) for m in registry.mentions(r.conditions)):
            continue
        own = {issue for issue, _ in r.issues}
        asked = [(issue, words) for issue, words in issues.find(r.conditions, patterns) if issue not in own
                 and issue not in issues.CATCH_ALL]
        if asked:
            more.append(replace(r, stance="demand", cue=" ".join(r.conditions.split()[:2]), issues=asked,
                                issue_why="in the condition"))
    return more


# The speaker's own plan and, in a relative clause, what it asks: "asked the Vatican to back his own peace plan,
# which calls for the withdrawal of all Russian troops".
_OWN_PLAN_TERMS = re.compile(
    r"\b(?:his|her|its|their|our)(?: own)? (?:[\w-]+ ){0,3}?(?:formula|plan|proposal|initiative|framework|memorandum)"
    r",? (?:which|that) (?:calls|called|provides|provided|includes|included|envisages|envisaged|demands|demanded)"
    r"(?: for)?\b", re.IGNORECASE)


def _plan_terms(readings: list[Reading], patterns: dict) -> list[Reading]:
    """A position on one's own plan that says what the plan asks is also a demand of those terms: one more reading,
    on the issues of the relative clause; the position itself keeps the issues named before it."""
    more = []
    for r in readings:
        m = _OWN_PLAN_TERMS.search(r.unit.scope)
        if not m or r.stance in (None, "demand", "reject") or not r.party:
            more.append(r)
            continue
        terms = [(issue, words) for issue, words in issues.find(r.unit.scope[m.end():], patterns)
                 if issue not in issues.CATCH_ALL]
        if not terms:
            more.append(r)
            continue
        before = issues.find(f"{r.unit.topic} {r.unit.scope[:m.end()]}", patterns) or [("talks", m.group())]
        more.append(replace(r, issues=before))
        more.append(replace(r, stance="demand", cue=m.group().rsplit(" ", 2)[-2] if m.group().endswith(" for")
                            else m.group().rsplit(" ", 1)[-1], issues=terms, issue_why="what the plan asks"))
    return more


# A second position in a participle after the first: "condemned the summit, demanding Kyiv's surrender first".
_PARTICIPLE = re.compile(r",\s+(?:while\s+)?(?P<verb>demanding|insisting|calling for|calling on|urging|proposing|"
                         r"offering|rejecting|refusing|ruling out|threatening|warning)\b", re.IGNORECASE)


def _participles(readings: list[Reading], patterns: dict) -> list[Reading]:
    """One more reading for a participle that states a stance of its own, on the issues it names; the first
    position keeps the issues named before it."""
    more = []
    for r in readings:
        m = _PARTICIPLE.search(r.unit.scope)
        if not m or not r.stance or not r.party or VERB_STANCE[m["verb"].lower()] == r.stance:
            more.append(r)
            continue
        tail = [(issue, words) for issue, words in issues.find(r.unit.scope[m.end():], patterns)]
        head = issues.find(f"{r.unit.topic} {r.unit.scope[:m.start()]}", patterns)
        if not tail or not head:
            more.append(r)
            continue
        more.append(replace(r, issues=head))
        more.append(replace(r, stance=VERB_STANCE[m["verb"].lower()], cue=m["verb"], issues=tail,
                            issue_why=f"in the participle '{m['verb']}'"))
    return more


def _merge(drafts: list[Draft]) -> list[Draft]:
    kept: list[Draft] = []
    for draft in drafts:
        same = next((k for k in kept if k.key == draft.key), None)
        if same is None:
            kept.append(draft)
        else:
            same.absorb(draft)
    result = []
    for draft in kept:
        person = None
        if draft.institutional:
            person = next((k for k in kept if not k.institutional and k.key[1:] == draft.key[1:]), None)
        if person is None:
            result.append(draft)
        else:
            person.absorb(draft)
    return sorted(result, key=lambda d: d.sentences[0].index)


def _evidence(sentences: list) -> str:
    text = sentences[0].evidence
    for before, sentence in zip(sentences, sentences[1:], strict=False):
        same_paragraph = sentence.paragraph == before.paragraph + len(before.pieces) - 1
        adjacent = sentence.index == before.index + 1 and same_paragraph and not sentence.opens_paragraph
        text += (" " if adjacent else EVIDENCE_JOIN) + sentence.evidence
    return text


_LIST_HEAD = re.compile(r"^(?P<head>.*?\b(?:include[sd]?|including|are|were|such as|namely|consists? of|provides? for)"
                        r"\b:?)\s+(?P<items>.+?)\.?$", re.IGNORECASE)
_ITEM = re.compile(r",\s+(?:and\s+|as well as\s+)?|\s+and\s+|\s+as well as\s+")


def _item_position(position: str, issue_words: str, issues: int) -> str:
    """For a list of several issues ("demands included X, Y and Z"), the position of the item that names this one."""
    m = _LIST_HEAD.match(position) if issues > 1 else None
    if m is None:
        return position
    items = [item for item in _ITEM.split(m["items"]) if item.strip()]
    item = next((item for item in items if issue_words.lower() in item.lower()), None)
    if item is None or len(items) < 2:
        return position
    return f"{m['head']} {item.strip().rstrip('.,;')}."


def _candidate(draft: Draft, source: dict[str, Any], published_on: str, event_on: str | None) -> dict[str, Any]:
    r = draft.reading
    score, why = confidence(r, draft.issue_words, draft.merged)
    issue_why = f"issue from '{draft.issue_words}'" + (f" {r.issue_why}" if r.issue_why else "")
    why += [f"party {r.party} ({r.party_why})", issue_why, f"stance from '{r.cue}'",
            f"stated_on {r.stated_on} {r.date_why}"]
    if draft.merged:
        why.append(f"found in {len(draft.sentences)} passages")
    problem = dates.implausible(r.stated_on, published_on, event_on)
    if problem:
        score = round(max(0.1, score - 0.2), 2)
        why.append(f"CHECK THE DATE: {problem}")
    fields = {
        "stated_on": r.stated_on, "party": r.party, "speaker": r.speaker_name, "role": r.role,
        "issue": draft.issue, "stance": r.stance,
        "position": _item_position(r.position, draft.issue_words, len(r.issues)) or _evidence(draft.sentences)[:2000],
        "conditions": r.conditions, "quote": r.quote, "source": dict(source),
        "note": f"confidence {score:.2f}: " + "; ".join(why), "evidence": _evidence(draft.sentences),
    }
    return {name: value for name, value in fields.items() if value}


@dataclass(frozen=True)
class Skipped:
    """An attributed sentence that gave no candidate, and why."""

    index: int  # the sentence's position in the article
    sentence: str
    speaker: str | None
    reason: str


@dataclass(frozen=True)
class Extraction:
    candidates: list[dict[str, Any]]
    skipped: list[Skipped]
    # For each candidate, in the same order: the model's probability of its stance, or None for the rules' own
    probabilities: list[float | None] = field(default_factory=list)


def _why_not(reading: Reading) -> str:
    if reading.no_position:
        return f"says it states no position ('{reading.cue}')"
    if not reading.stance:
        return "no stance word"
    if not reading.issues:
        return f"no registered issue ({reading.stance} from '{reading.cue}')"
    return f"no party for the speaker on {reading.stated_on}"


def _skipped(readings: list[Reading], attributor: Attributor, candidates: list[Draft],
             modelled: set[int] = frozenset()) -> list[Skipped]:
    used = {s.index for draft in candidates for s in draft.sentences} | modelled
    found: dict[int, Skipped] = {}
    for reading in readings:
        sentence = reading.unit.sentence
        if sentence.index not in used and sentence.index not in found:
            found[sentence.index] = Skipped(sentence.index, sentence.evidence, reading.speaker_name, _why_not(reading))
    for sentence, why in attributor.unknown:
        if sentence.index not in used:
            found.setdefault(sentence.index, Skipped(sentence.index, sentence.evidence, None, why))
    return [found[i] for i in sorted(found)]


def read_article(text: str, registry: Registry, patterns: dict, published_on: str,
                 title: str | None = None) -> tuple[Attributor, list, list[Reading]]:
    """The article's sentences and the rules' readings of them, before any candidate is made."""
    attributor = Attributor(registry, published_on)
    sentences = split(paragraphs(text, title))
    return attributor, sentences, [read(unit, registry, patterns, published_on)
                                   for sentence in sentences for unit in attributor.units(sentence)]


def by_sentence(readings: list[Reading]) -> dict[int, list[Reading]]:
    grouped: dict[int, list[Reading]] = {}
    for r in readings:
        grouped.setdefault(r.unit.sentence.index, []).append(r)
    return grouped


def extract_all(text: str, registry: Registry, published_on: str, source: dict[str, Any],
                title: str | None = None, event_on: str | None = None, model: Model | None = None) -> Extraction:
    """The candidates of an article, and the attributed sentences that gave none.

    `published_on` (a stated-date form) dates what the text does not; `event_on`, when given, is the day of the
    event the article reports: a candidate dated before it, or after publication, is flagged in its note. With a
    `model`, the sentences the rules gave no candidate from are read by it too (events.extract.learned).
    """
    patterns = issues.keyword_patterns(registry.issues)
    attributor, sentences, readings = read_article(text, registry, patterns, published_on, title)
    stated = _conditions_asked(_carry_issues(_join_lead_ins(readings)), patterns, registry)
    stated = _participles(_plan_terms(stated, patterns), patterns)
    drafts = [Draft(r, issue, words, list(r.sentences)) for r in stated if r.stance and r.party
              for issue, words in r.issues]
    kept = _merge(drafts)
    found = [(draft.sentences[0].index, _candidate(draft, source, published_on, event_on), None) for draft in kept]
    modelled: set[int] = set()
    if model is not None:
        covered = {s.index for d in kept for s in d.sentences}
        known = {d.key for d in kept}
        read_by_model = learned.candidates(sentences, by_sentence(readings), covered, registry, patterns, model,
                                           published_on, source, event_on)
        new = [item for item in read_by_model
               if (item[1].get("speaker"), item[1]["party"], item[1]["issue"], item[1]["stance"],
                   item[1]["stated_on"]) not in known]
        modelled = {index for index, _, _ in new}
        found += new
        found.sort(key=lambda item: item[0])  # stable: the rules' candidates first within a sentence
    return Extraction([c for _, c, _ in found], _skipped(readings, attributor, kept, modelled),
                      [p for _, _, p in found])


def extract(text: str, registry: Registry, published_on: str, source: dict[str, Any],
            title: str | None = None, event_on: str | None = None, model: Model | None = None) -> list[dict[str, Any]]:
    """The candidate statements of an article published on `published_on` (a stated-date form), by `source`."""
    return extract_all(text, registry, published_on, source, title, event_on, model).candidates
