"""Who a name in the text is: registry speakers by name and alias, parties by name and people's name.

The registry comes in as plain dicts (as `store.registry.entries` returns them). A speaker whose affiliations carry
no dates speaks for a party as a body: "Moscow", "the Kremlin", "Kyiv" are aliases of such institutional speakers.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from events.periods import NotADate, parse_period
from events.registry import affiliations_on, names_of

# The people of a party, as reporters write them ("The Russians want …"): they name the party, not a speaker.
PEOPLE = {
    "russia": ("the Russians", "Russians", "the Russian side"),
    "ukraine": ("the Ukrainians", "Ukrainians", "the Ukrainian side"),
    "united-states": ("the Americans", "Americans", "the American side", "the U.S.", "the US"),
}
_APOSTROPHES = str.maketrans("’‘`´", "''''")


# Transliterations of the same name, as outlets spell them: Zelensky, Zelenskyy, Zelenskiy; Kyiv, Kiev.
_WORD_SPELLINGS = {"kyiv": ("Kiev",), "kiev": ("Kyiv",), "sergei": ("Sergey",), "sergey": ("Sergei",),
                   "dmitry": ("Dmitri", "Dmitriy"), "andriy": ("Andrii", "Andriy", "Andrei"), "andrii": ("Andriy",),
                   "volodymyr": ("Volodimir",), "zelensky": ("Zelenskyy", "Zelenskiy", "Zelenskyi", "Zelenskii")}
_ENDING = re.compile(r"(?<=[bcdfghjklmnpqrstvwxz])(?:y|iy|yy|ii|yi)$")


def spellings(name: str) -> set[str]:
    """Other spellings of a name: each word's known transliterations, and -y/-iy/-yy/-ii at a word's end."""
    variants = {name}
    for i, word in enumerate(name.split()):
        others = set(_WORD_SPELLINGS.get(word.lower(), ()))
        if len(word) > 4 and _ENDING.search(word):
            stem = _ENDING.sub("", word)
            others |= {stem + end for end in ("y", "iy", "yy", "ii", "yi")}
        variants |= {" ".join([*w.split()[:i], other, *w.split()[i + 1:]]) for w in variants for other in others}
    return variants - {name}


def fold(text: str) -> str:
    """Text for matching names: apostrophes made straight, case folded (same length, so offsets hold)."""
    return text.translate(_APOSTROPHES).lower()


@dataclass(frozen=True)
class Speaker:
    name: str
    affiliations: tuple[dict[str, Any], ...]
    registered: bool = True  # False for an official recognised by a title in the text (events.extract.officials)

    @property
    def institutional(self) -> bool:
        """Speaks for a party as a body ("Moscow", "Ukrainian officials"), not as a person in an office."""
        return self.registered and all("from" not in a and "to" not in a for a in self.affiliations)

    def affiliation_on(self, stated_on: str) -> tuple[dict[str, Any] | None, str]:
        """The affiliation that makes this speaker's party on a date, and how it was chosen."""
        try:
            covering = affiliations_on({"affiliations": list(self.affiliations)}, stated_on)
        except NotADate:
            covering = []
        parties = {a["party"] for a in covering}
        if len(parties) == 1:
            return covering[-1], f"{self.name}: {_span(covering[-1])}"
        every = {a["party"] for a in self.affiliations}
        if not covering and len(every) == 1:
            return self.affiliations[-1], f"{self.name}: no affiliation covers {stated_on}; the only party is used"
        return None, f"{self.name}: {len(parties) or 'no'} parties on {stated_on}"


def _span(affiliation: dict[str, Any]) -> str:
    role = f"{affiliation['role']}, " if affiliation.get("role") else ""
    if "from" not in affiliation and "to" not in affiliation:
        return role.rstrip(", ") or f"speaks for {affiliation['party']}"
    return f"{role}{affiliation.get('from', '…')}–{affiliation.get('to', '')}"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    words: str  # as written in the text
    speaker: Speaker | None  # None for a party's people ("the Russians")
    party: str | None  # the party a people-word names
    possessive: bool  # "Moscow's demands": the name qualifies a noun and is not a subject


@dataclass
class Registry:
    speakers: list[Speaker]
    parties: dict[str, str]  # slug -> display name
    issues: dict[str, dict[str, Any]]  # slug -> entry
    _aliases: dict[str, Speaker | str] = field(default_factory=dict, repr=False)
    _pattern: re.Pattern | None = field(default=None, repr=False)

    @classmethod
    def from_entries(cls, parties: list[dict], issues: list[dict], speakers: list[dict]) -> "Registry":
        made = [Speaker(s["name"], tuple(_dated(a) for a in s.get("affiliations", []))) for s in speakers]
        registry = cls(made, {p["slug"]: p.get("name", p["slug"]) for p in parties}, {i["slug"]: i for i in issues})
        registry._index({s["name"]: s for s in speakers})
        return registry

    def _index(self, raw: dict[str, dict]) -> None:
        for speaker in self.speakers:
            for name in names_of(raw[speaker.name]):
                self._aliases.setdefault(fold(name.strip()), speaker)
        for speaker in self.speakers:  # other spellings after every registered one, which they never displace
            for name in names_of(raw[speaker.name]):
                for variant in spellings(name.strip()):
                    self._aliases.setdefault(fold(variant), speaker)
        for slug, name in self.parties.items():
            self._aliases.setdefault(fold(name), self.institution(slug) or slug)
        for slug, words in PEOPLE.items():
            for word in words:
                self._aliases.setdefault(fold(word), slug)
        names = sorted(self._aliases, key=len, reverse=True)
        if names:
            alternatives = "|".join(re.escape(n) for n in names)
            self._pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")

    def institution(self, party: str) -> Speaker | None:
        """The speaker that stands for a party as a body: undated, of that party alone, and called by its name
        ("the United States" names United States)."""
        name = fold(self.parties.get(party, party))
        for speaker in self.speakers:
            if speaker.institutional and {a["party"] for a in speaker.affiliations} == {party}:
                if any(fold(n).removeprefix("the ") == name for n in self._names(speaker)):
                    return speaker
        return None

    def _names(self, speaker: Speaker) -> list[str]:
        return [alias for alias, who in self._aliases.items() if who is speaker]

    def mentions(self, text: str) -> list[Mention]:
        """Every registry name in the text, longest first where names overlap, in order."""
        if self._pattern is None:
            return []
        found = []
        folded = fold(text)
        for m in self._pattern.finditer(folded):
            who = self._aliases[m.group()]
            possessive = folded.startswith("'s", m.end()) or (folded.startswith("'", m.end()) and
                                                               m.group().endswith("s"))
            speaker, party = (None, who) if isinstance(who, str) else (who, None)
            found.append(Mention(m.start(), m.end(), text[m.start():m.end()], speaker, party, possessive))
        return found

    def party_of(self, mention: Mention, stated_on: str) -> str | None:
        if mention.speaker is None:
            return mention.party
        affiliation, _ = mention.speaker.affiliation_on(stated_on)
        return affiliation["party"] if affiliation else None

    def speaker_for(self, mention: Mention) -> Speaker | None:
        """The speaker a mention stands for: itself, or for a party's people the party's institution."""
        return mention.speaker or (self.institution(mention.party) if mention.party else None)


def _dated(affiliation: dict[str, Any]) -> dict[str, Any]:
    """An affiliation with its empty ends left out, as validation normalizes it (the raw file has nulls)."""
    kept = {k: v for k, v in affiliation.items() if v not in (None, "")}
    for end in ("from", "to"):
        if end in kept:
            try:
                parse_period(kept[end])
            except NotADate:
                del kept[end]
    return kept
