"""What an attributed passage states: its stance, whose position it is, its issues, date, conditions and quote.

Each reading keeps the reasons for its values, which become the candidate's note with a confidence.
"""

import re
from dataclasses import dataclass, field

from events.extract import dates, issues
from events.extract.attribution import Unit
from events.extract.cues import HINGES_ON, NO_POSITION, PROMISED_TALKS, Cue, cut_commentary, first_cue, split_conditions
from events.extract.sentences import CLOSING, OPENING, STRAIGHT
from events.extract.speakers import Registry

# Between an actor and its stance verb: auxiliaries and adverbs ("Kyiv has firmly rejected").
_AUXILIARIES = re.compile(r"(?:\s+(?:has|have|had|is|are|was|were|been|be|will|would|also|now|still|again|not|"
                          r"already|reportedly|\w+ly))*\s*$", re.IGNORECASE)
BASE_CONFIDENCE = {"quote": 0.9, "reported": 0.85, "statement": 0.8, "continued": 0.75, "institutional": 0.7,
                   "nominal": 0.6, "agent": 0.6}
MAX_POSITION = 600


@dataclass
class Reading:
    unit: Unit
    stance: str | None
    cue: str  # the words that gave the stance
    issues: list[tuple[str, str]]  # (issue, the words that named it)
    party: str | None
    party_why: str
    role: str | None
    stated_on: str
    date_why: str
    dated: bool  # from date words in the text, not from the publication date
    conditions: str | None
    position: str
    quote: str | None
    modal: bool = False
    sentences: list = field(default_factory=list)
    cue_nominal: bool = False  # the stance came from a noun ("his main terms")
    no_position: bool = False  # the words say there is no position ("refused to elaborate")
    issue_why: str = ""  # how the issue was found when not from the passage's own words

    @property
    def speaker_name(self) -> str | None:
        return self.unit.speaker.name if self.unit.speaker else None


def _actor_party(text: str, cue: Cue, registry: Registry, stated_on: str) -> str | None:
    """The party of the actor right before the stance cue: "Moscow wants", "Ukraine may agree", "Russia's rejection".

    Not for an obligation: in "Ukraine must recognize …" Ukraine is told, and the position is the speaker's.
    """
    if cue.obligation:
        return None
    before = text[:cue.start]
    if cue.nominal and (cue.owner or "").lower() in ("its", "their"):
        # "the regime in Kiev has shown its rejection of …": the party named before the pronoun owns it
        named = [m for m in registry.mentions(before) if not m.possessive]
        return registry.party_of(named[-1], stated_on) if named else None
    for m in reversed(registry.mentions(before)):
        gap = before[m.end:]
        if cue.nominal and m.possessive and len(gap.split()) <= 3:
            return registry.party_of(m, stated_on)
        if not m.possessive and _AUXILIARIES.fullmatch(gap):
            return registry.party_of(m, stated_on)
        break
    return None


_THIRD_PERSON = re.compile(r"(?:^|[.!?]\s+)(?:he|she|they|the enemy)\s+(?:\w+\s+)?$", re.IGNORECASE)
_US = re.compile(r"^\W*(?:\w+\W+){0,3}?(?:us|our|we|me|my)\b", re.IGNORECASE)


def _demand_on_us(unit: Unit, scope: str, cue: Cue | None) -> bool:
    """In a quotation, "He wants us to give up our territories": the other side's demand, which the speaker rejects.

    The pronoun is not the speaker, and the speaker's position is a rejection of what is asked.
    """
    return (unit.how in ("quote", "continued") and cue is not None and cue.stance == "demand" and not cue.obligation
            and _THIRD_PERSON.search(scope[:cue.start]) is not None and _US.match(scope[cue.end:]) is not None)


def _clean(text: str) -> str:
    text = re.sub(rf"[{OPENING}{CLOSING}{STRAIGHT}]", "", text)
    return " ".join(text.split()).strip(" ,;:—–-")


def _position(subject: str, scope: str, cue: Cue | None) -> str:
    """A draft of the position: the sentence of the passage that holds the cue, with its subject."""
    start, end = 0, len(scope)
    if cue is not None:
        for m in re.finditer(r"[.!?][”\"’]?\s+", scope):
            if m.end() <= cue.start:
                start = m.end()
            elif m.start() >= cue.start:
                end = m.start() + 1
                break
    text = _clean((subject if start == 0 else "") + scope[start:end])
    if len(text) > MAX_POSITION:
        text = text[:MAX_POSITION].rsplit(" ", 1)[0] + " …"
    if not text:
        return text
    return text[0].upper() + text[1:] + ("" if text[-1] in ".!?…" else ".")


def _quote(unit: Unit) -> str | None:
    if unit.how in ("quote", "continued"):
        words = unit.scope
    else:
        spans = [unit.sentence.text[a:b] for a, b in unit.sentence.quotes]
        words = next((q for q in spans if q in unit.scope), None)
    return _clean(words) if words and _clean(words) else None


def read(unit: Unit, registry: Registry, patterns: dict, published_on: str) -> Reading:
    scope, conditions = split_conditions(cut_commentary(unit.scope))
    cue = first_cue(scope)
    stance = unit.stance or (cue.stance if cue else None)
    cue_words = unit.verb if unit.stance else (cue.words if cue else "")
    no_position = stance == NO_POSITION
    if no_position:  # "refused to elaborate"
        stance = None
    only = conditions is not None and (conditions.lower().startswith("only") or (
        cue is not None and cue.words.lower().split()[-2:-1] == ["only"]))  # "would only resume talks once …"
    if only and stance in (None, "accept"):
        # "will agree only if troops withdraw", "a settlement is possible only if …": the condition is what is asked
        stance, cue_words = "demand", " ".join(conditions.split()[:2])
    # "will not enter into talks unless Moscow returns the territories": the refusal holds until what it asks
    refused_until = stance == "reject" and conditions is not None and conditions.lower().startswith(("unless", "until"))
    if refused_until:
        stance, cue_words = "demand", conditions.split()[0]
    promised = conditions is not None and stance is None and PROMISED_TALKS.search(scope)
    if promised:
        # "Kyiv will engage in talks if Moscow withdraws": the condition is the demand, and what it is about
        stance, cue_words = "demand", f"{promised.group()} {conditions.split()[0]}"
    if stance == "appeal" and cue is not None and cue.words.lower().endswith(" for") and (
            unit.via and "document" in unit.via):
        stance = "demand"  # "It also calls for dismantling …": a document's terms
    against = _demand_on_us(unit, scope, cue)
    if against:
        stance = "reject"
    found = issues.find(f"{unit.topic} {scope}", patterns)
    if cue is not None and HINGES_ON.fullmatch(cue.words):
        # "any ceasefire hinges on Kyiv's allies ceasing military support": what it hangs on is what is asked
        found = issues.find(scope[cue.end:], patterns) or found
    if promised or refused_until:
        found = issues.find(conditions, patterns) or found
    elif conditions and (only or not found):
        # A warning is about what it is conditional on ("… if European troops were deployed"), and a demand put as
        # a condition ("possible only if Kyiv abandons its plans to join NATO") is about what it asks.
        found = issues.find(f"{unit.topic} {scope} {conditions}" if only else conditions, patterns)
    resolved = dates.resolve(unit.when, published_on)
    if resolved:
        stated_on, date_why, dated = resolved[0], f"from {resolved[1]}", True
    else:
        stated_on, date_why, dated = published_on, "from --published-on (no date words in the passage)", False
    party, party_why, role = unit.party, "the actor whose position is reported", None
    if cue is not None and cue.obligation and unit.how == "reported" or against:
        party = None  # "…, but Moscow must first …, according to Zelensky": Moscow is told; the demand is Zelensky's
    if party is None and cue is not None and not unit.stance:
        party = _actor_party(scope, cue, registry, stated_on)
        party_why = "the actor whose position is reported"
    if unit.speaker is not None:
        affiliation, why = unit.speaker.affiliation_on(stated_on)
        if affiliation is not None:
            role = affiliation.get("role")
            if party is None or party == affiliation["party"]:
                party, party_why = affiliation["party"], why
    modal = cue is not None and cue.words.lower() in ("may", "might", "could", "should", "must")
    conditions = _clean(conditions) if conditions else None
    return Reading(unit, stance, cue_words, found, party, party_why, role, stated_on, date_why, dated, conditions,
                   _position(unit.subject, scope, cue), _quote(unit), modal, [unit.sentence],
                   unit.how == "nominal" or (cue is not None and cue.nominal and not unit.stance), no_position)


def confidence(reading: Reading, issue_words: str, merged: int) -> tuple[float, list[str]]:
    """A score in [0.1, 0.95] from the form of the attribution and the strength of each cue, with the reasons."""
    unit = reading.unit
    score = BASE_CONFIDENCE[unit.how]
    why = [f"attribution '{unit.verb}'" if unit.verb else f"attribution by {unit.how}"]
    if unit.via:
        why.append(f"speaker {unit.via}")
    elif unit.speaker is not None and not unit.speaker.registered:
        why.append(f"speaker not in the registry: party from the title '{unit.alias}'")
        score -= 0.15
    elif unit.speaker is not None:
        why.append(f"speaker from registry alias '{unit.alias}'")
    if unit.via:
        score -= 0.1
    if unit.speaker is not None and unit.speaker.institutional and unit.how == "reported":
        score -= 0.1
    affiliation, _ = unit.speaker.affiliation_on(reading.stated_on) if unit.speaker else (None, "")
    if affiliation is None or affiliation["party"] != reading.party:
        score -= 0.05
    if reading.modal:
        score -= 0.05
    if issue_words and any(slug in issues.CATCH_ALL for slug, words in reading.issues if words == issue_words):
        score -= 0.1
    if len(reading.issues) > 1:
        score -= 0.05
    if merged:
        score += 0.05
    return round(min(0.95, max(0.1, score)), 2), why
