"""Candidates the model reads in sentences the rules left: in each sentence no rule candidate came from, the party
whose most probable stance is the most probable of the sentence, when it reaches the model's threshold; one
candidate per issue the sentence names.

Who speaks: the person the rules attributed the sentence to, when of that party; else a registered person of the
party named in it; else, for a sentence opening with "he" or "she", the last person of the party named before;
else nobody (the party as a body). The issue is the one the sentence names; a sentence naming none gets `talks`,
and its note says to check it. The note always says the model read it, with the features that weighed most, so a
reviewer knows which candidates no rule vouches for.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from events.extract import dates, issues
from events.extract.model import Model, features
from events.extract.sentences import Sentence
from events.extract.speakers import Mention, Registry, Speaker

_PRONOUN = re.compile(r"\s*[“\"‘']?(?:He|She)\b")
_PLURAL = re.compile(r"\s*[“\"‘']?They\b")
DEFAULT_ISSUE = "talks"


def _parties(sentence, named: list[tuple[Mention, str | None]], readings: list, last_party: str | None) -> dict:
    """The parties a sentence may state a position of, each with its registry mentions in the sentence."""
    found: dict[str, list] = {}
    for m, party in named:
        if party:
            found.setdefault(party, []).append(m)
    for reading in readings:
        if reading.party:
            found.setdefault(reading.party, [])
    if last_party and (_PRONOUN.match(sentence.text) or _PLURAL.match(sentence.text)):
        found.setdefault(last_party, [])
    return found


def _speaker(party: str, mentions: list, readings: list, sentence,
             last_person: dict[str, Speaker]) -> tuple[Speaker | None, str]:
    for reading in readings:
        speaker = reading.unit.speaker
        if reading.party == party and speaker is not None:
            return speaker, f"the rules' attribution '{reading.unit.verb or reading.unit.how}'"
    for m in mentions:
        if m.speaker is not None and not m.speaker.institutional:
            return m.speaker, f"named in the sentence as '{m.words}'"
    if _PRONOUN.match(sentence.text) and party in last_person:
        return last_person[party], f"'{sentence.text.split()[0]}' after {last_person[party].name}"
    return None, "no person of the party named"


@dataclass(frozen=True)
class Pair:
    """A sentence and a party it may state a position of, as the model sees them."""

    sentence: Sentence
    party: str
    speaker: Speaker | None
    speaker_why: str
    named: list[tuple[str, str]]  # the registry issues the sentence names, with their words
    features: list[str]


def pairs(sentences: list[Sentence], readings: dict[int, list], registry: Registry, patterns: dict,
          published_on: str) -> Iterator[Pair]:
    """Every (sentence, party) pair of an article in order: what the model is trained on and reads."""
    last_party: str | None = None
    last_person: dict[str, Speaker] = {}
    for sentence in sentences:
        read = readings.get(sentence.index, [])
        # Parties by the publication date: a sentence's own date is read only for the candidates it gives
        named = [(m, registry.party_of(m, published_on)) for m in registry.mentions(sentence.text)]
        parties = _parties(sentence, named, read, last_party)
        issues_named = issues.find(sentence.text, patterns)
        for party, mentions in parties.items():
            speaker, why = _speaker(party, mentions, read, sentence, last_person)
            yield Pair(sentence, party, speaker, why, issues_named,
                       features(sentence, party, mentions, read, len(parties), bool(issues_named)))
        for m, party in named:
            if party and m.speaker is not None and not m.speaker.institutional:
                last_person[party] = m.speaker
                last_party = party
        with_party = [r for r in read if r.party]
        if with_party:  # whom the rules read as speaking outranks whoever else the sentence names
            last_party = with_party[-1].party
        for reading in read:
            if reading.party and reading.unit.speaker is not None and not reading.unit.speaker.institutional:
                last_person[reading.party] = reading.unit.speaker


def candidates(sentences: list[Sentence], readings: dict[int, list], covered: set[int],
               registry: Registry, patterns: dict, model: Model, published_on: str, source: dict[str, Any],
               event_on: str | None = None) -> list[tuple[int, dict[str, Any], float]]:
    """(sentence index, candidate, the model's probability of its stance) for each position the model reads.
    `covered` holds the indices of the sentences a rule candidate came from, which the model leaves alone: a
    sentence the rules read for one party is most often a report of that party's position by someone of another,
    whose own position it is not."""
    read = [(pair, model.best(pair.features)) for pair in pairs(sentences, readings, registry, patterns, published_on)
            if pair.sentence.index not in covered]
    # One party per sentence: where the model reads positions of two, the less probable is most often the party the
    # other one speaks of (cross-validation, docs/extract.md), so only the most probable is kept.
    top: dict[int, float] = {}
    for pair, best in read:
        if best is not None:
            top[pair.sentence.index] = max(best[1], top.get(pair.sentence.index, 0.0))
    found: dict[tuple, tuple[int, dict[str, Any], float]] = {}
    for pair, best in read:
        if best is None or best[1] < top[pair.sentence.index]:
            continue
        sentence, party, speaker = pair.sentence, pair.party, pair.speaker
        stance, probability = best
        resolved = dates.resolve(sentence.text, published_on)
        stated_on, date_why = (resolved[0], f"from {resolved[1]}") if resolved else (
            published_on, "from --published-on (no date words in the sentence)")
        role = None
        if speaker is not None:
            affiliation, _ = speaker.affiliation_on(stated_on)
            role = affiliation.get("role") if affiliation else None
        why = [f"read by the model: {stance}, probability {probability:.2f} (weighing most: "
               f"{', '.join(model.reasons(pair.features, stance)) or 'the words together'})",
               "no rule gave a candidate from this sentence", f"party {party}", f"speaker: {pair.speaker_why}"]
        problem = dates.implausible(stated_on, published_on, event_on)
        for issue, words in pair.named or [(DEFAULT_ISSUE, "")]:
            issue_why = f"issue from '{words}'" if words else \
                f"CHECK THE ISSUE: the sentence names none; {DEFAULT_ISSUE} by default"
            notes = why + [issue_why, f"stated_on {stated_on} {date_why}"]
            if problem:
                notes.append(f"CHECK THE DATE: {problem}")
            key = (party, speaker.name if speaker else None, issue, stance, stated_on)
            if key in found:
                continue  # the same position read again: the first sentence stands for it
            fields = {"stated_on": stated_on, "party": party, "speaker": speaker.name if speaker else None,
                      "role": role, "issue": issue, "stance": stance, "position": sentence.text[:2000],
                      "source": dict(source),
                      "note": f"confidence {model.confidence(probability):.2f}: " + "; ".join(notes),
                      "evidence": sentence.evidence}
            found[key] = (sentence.index, {k: v for k, v in fields.items() if v}, probability)
    return list(found.values())
