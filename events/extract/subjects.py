"""Who the subject of a verb is: a registry name with its titles and apposition, an official the title names, a
pronoun for the last person named, "the document" for its author, a media report, or someone unknown.
"""

import re
from dataclasses import dataclass, replace

from events.extract.officials import Officials
from events.extract.speakers import Mention, Registry, Speaker, fold

_DOCUMENT_BY = re.compile(r"\b(?:document|report|paper|draft|letter|memo|plan|proposal)\b[^.]{0,80}?\bby\s+", re.I)
_DOCUMENT = re.compile(
    r"^(?:the|this|that)\s+(?:[\w-]+\s+)?(?:document|paper|draft|letter|memo|plan|proposal|formula)\b", re.I)
_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Mme)\.?\s+(?=[A-Z])")
# A media report, by kind or by the names of agencies and papers that report the talks most: what it reports is read
_MEDIA = re.compile(r"\b(?:reports?|media|outlets?|newspapers?|news agency|sources?|reportedly)\b|"
                    r"^(?:\w+\s+)?(?:Bloomberg|Reuters|Axios|Politico|CNN|the BBC|BBC|the Financial Times|"
                    r"the Wall Street Journal|the New York Times|the Washington Post|The Economist)\b"
                    r"(?:\s+(?:also|later|earlier|first|has|had))*\s*$", re.IGNORECASE)
_PRONOUN = re.compile(r"^(?P<pronoun>he|she|it|they|him|her|them)\b", re.IGNORECASE)
_OBJECT_FORMS = {"him": "he", "her": "she", "them": "they"}  # "According to him, …"
_DETERMINERS = re.compile(r"^(?:(?:that|the|these|this|those|a|an|and|but|as|while|so|then|also|,)\s*)*$", re.I)
_ROLE_WORDS = frozenset("""spokesperson spokeswoman spokesman minister deputy foreign president vice prime secretary
    chief head adviser advisor envoy ambassador official officials representative press defence defense state senior
    top former acting first of the to for and on at de von van al interior finance national security council
    commander general permanent""".split())
# Between a subject and its verb: ", the foreign minister,", "(…)", or dashes: "Ukraine – who was invited – has said"
_APPOSITION = re.compile(r"^\s*(?:,[^,]{1,150},|\([^()]{1,80}\)|\s[–—]\s[^–—]{1,150}?\s[–—](?=\s|$))")
# A person named again by office: "the foreign minister", "the top diplomat", "the Russian official".
_THE_ROLE = re.compile(r"the\s+(?:[\w.-]+\s+){0,4}?(?P<office>minister|diplomat|official|spokes(?:man|woman|person)|"
                       r"president|"
                       r"envoy|leader|chief|negotiator|manager|adviser|advisor|ambassador|secretary|head|"
                       r"representative)", re.I)
# The same with the party as owner: "Northland's foreign minister", "Russia's top diplomat"
_OWNED_ROLE = re.compile(r"(?P<owner>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?['’]s)\s+(?P<title>(?:[\w.-]+\s+){0,3}?"
                         r"(?P<office>minister|diplomat|spokes(?:man|woman|person)|president|envoy|leader|negotiator|"
                         r"adviser|advisor|ambassador|secretary|representative))", re.I)
# Words of a title that its holder's registered role need not repeat
_TITLE_EXTRA = re.compile(r"\b(?:top|chief|senior|main|lead|current|then)\s+", re.I)
_OCCASION = re.compile(r"^\s*(?:at|in|during|after|before|on)\s+(?:a|an|the|his|her|its|their)\s+[^,]{1,60}$")
_AUXILIARY_END = re.compile(
    r"(?:\s+(?:has|have|had|is|was|will|would|also|again|now|then|previously|already|repeatedly|\w+ly))+\s*$", re.I)
_OFFICE_WORDS = {"leader": "president|prime minister|chancellor", "head": "president|head",  # "the Russian leader"
                 "diplomat": "foreign minister|secretary of state"}  # "Ukraine's top diplomat"
_OFFICE_OF = re.compile(
    r"['’]s?\s+(?:(?:foreign|defen[cs]e|presidential|interior|justice)\s+)?(?:office|administration|government|"
    r"cabinet|ministry|press service|spokes(?:man|woman|person))\s*$",
    re.I)
_NAME_AFTER = re.compile(r"\s+[A-Z][\w’'-]+\s+[A-Z][\w’'-]+")
_APPOSITION_END = re.compile(r",[^,]{1,80},?\s*$")
MAX_VERB_WORDS = 6  # between a subject and its verb: "has sharply escalated his"


@dataclass(frozen=True)
class Who:
    kind: str  # speaker | media | unknown
    speaker: Speaker | None = None
    party: str | None = None  # the party the subject names, when it is an actor
    alias: str = ""  # the words that named it
    via: str | None = None  # how a pronoun or "the document" was resolved
    verb: str = ""  # the words that attribute ("said", "according to")


@dataclass
class Context:
    """What the sentences before tell about the next one."""

    last_person: Who | None = None
    last_body: Who | None = None  # the last party speaking as a body ("Russia", "Moscow"), for "it"
    document: Who | None = None
    quote_speaker: Who | None = None
    announcer: object = None  # the unit that announced conditions a list may follow (attribution.Unit)


def _title_before_another(text: str, m: Mention) -> bool:
    """A registry alias that is only a title, followed by a name that is not its holder's."""
    if m.speaker is None or m.speaker.institutional:
        return False
    surname = m.speaker.name.split()[-1].lower()
    return surname not in m.words.lower() and _NAME_AFTER.match(text, m.end) is not None


def _party_in_a_title(text: str, m: Mention, mentions: list[Mention]) -> bool:
    """A party named inside a title right before a registered person's name: "President of Ukraine X", or
    "Ukraine President X" (the party, then only words of a title)."""
    if m.speaker is not None and not m.speaker.institutional:
        return False
    of = re.search(r"\bof\s+(?:the\s+)?$", text[:m.start]) is not None
    return any(n.start > m.end and n.speaker is not None and not n.speaker.institutional
               and _only_title(text[m.end:n.start], n.words, of) for n in mentions)


def _only_title(between: str, name: str, of: bool) -> bool:
    """After "of Ukraine" nothing may stand before the name; after "Ukraine" a title must, which the registered name
    may itself begin with ("President Omar Lind")."""
    words = between.split()
    if of or not words:
        return not words and (of or name.split()[0].lower() in _ROLE_WORDS)
    return all(w[0].isupper() and w.lower() in _ROLE_WORDS for w in words)


class Subjects:
    def __init__(self, registry: Registry, stated_on: str):
        self.registry = registry
        self.stated_on = stated_on
        self.context = Context()
        self.officials = Officials(registry.parties)

    def who(self, words: str, allow_verb: bool = True) -> Who | None:
        """The subject named by the words before a verb; None when there is no subject at all."""
        text = _HONORIFIC.sub("", words.strip())
        if _DETERMINERS.match(text):
            return None
        by = _DOCUMENT_BY.search(text)
        if by and _DOCUMENT.match(text):  # "The 12-point plan issued on Friday by China's Foreign Ministry"
            after = self.registry.mentions(text[by.end():])
            if after and after[0].start == 0:
                speaker = self.registry.speaker_for(after[0])
                return Who("speaker", speaker, self.registry.party_of(after[0], self.stated_on), after[0].words,
                           via=f"the author of {' '.join(text.split()[:3])}")
        pronoun = _PRONOUN.match(text)
        if pronoun:
            p = pronoun["pronoun"].lower()
            p = _OBJECT_FORMS.get(p, p) if len(text.split()) == 1 else p  # "her" alone; "her demands" is no subject
            found = self.context.last_person if p in ("he", "she") else self.context.document if p == "it" else None
            whom = "the last person named" if p in ("he", "she") else "the author of the document just named"
            if found is None and p == "it" and self.context.last_body:
                found, whom = self.context.last_body, "the last party named as a subject"
            if found is None:
                return Who("unknown", alias=p)
            return replace(found, alias=p, via=f"'{p}' read as {found.speaker.name}, {whom}")
        core = _AUXILIARY_END.sub("", text)  # "The Russian leader has demanded": the subject without "has"
        office = self._by_office(core)
        if office is not None:
            return office
        if re.fullmatch(r"the (?:country|nation)(?:\s+(?:did|does))?", core, re.I) and self.context.last_body:
            # "However, the country did say it would be open to …": the last party named as a subject
            found = self.context.last_body
            return replace(found, alias=text, via=f"'{text}' read as {found.speaker.name}, the last party named")
        if _THE_ROLE.fullmatch(_APPOSITION_END.sub("", core)) and self.context.last_person:
            # "The foreign minister emphasized …", "The representative, according to TASS, pointed out …"
            found = self.context.last_person
            return replace(found, alias=text, via=f"'{text}' read as {found.speaker.name}, the last person named")
        mentions = self.registry.mentions(text)
        titled = self.officials.find(text)
        for m in mentions:
            if _party_in_a_title(text, m, mentions):
                continue  # "President of Ukraine Volodymyr Zelenskyy": the party names the office, the person speaks
            if _title_before_another(text, m):
                continue  # "Russian deputy foreign minister Sergei Ryabkov": the alias is a title, the name another's
            if titled and m.end <= titled[2] and (m.speaker is None or m.speaker.institutional):
                continue  # "Ukraine's ambassador to the United Nations, X,": a posting, not the speaker
            if not m.possessive and self._is_subject(text, m, allow_verb):
                speaker = self.registry.speaker_for(m)
                return Who("speaker", speaker, self.registry.party_of(m, self.stated_on), m.words)
        official = self.officials.find(text)
        if official is not None:
            speaker, named, end = official
            rest = _APPOSITION.sub("", text[end:]).split()
            if not rest or (allow_verb and len(rest) <= MAX_VERB_WORDS):
                # "Ukraine's president, Volodymyr Zelenskyy,": a name the registry knows is its speaker
                known = [m for m in mentions if m.speaker is not None and not m.speaker.institutional
                         and not m.possessive and m.end <= end]
                if known:
                    party = self.registry.party_of(known[-1], self.stated_on) or speaker.affiliations[0]["party"]
                    return Who("speaker", known[-1].speaker, party, known[-1].words)
                return Who("speaker", speaker, speaker.affiliations[0]["party"], named)
        office_of = _OFFICE_OF.search(core)  # "Russia's foreign ministry has": without "has"
        owners = [m for m in mentions if m.possessive and m.end <= (office_of.start() if office_of else 0)]
        if office_of and owners and len(core[owners[-1].end:].split()) <= 3:
            # "Zelensky's office said": the body speaks, for the owner's party
            party = self.registry.party_of(owners[-1], self.stated_on)
            if party is not None:
                return Who("speaker", self.registry.institution(party), party, text)
        party = self.officials.group(text)
        if party is not None:
            return Who("speaker", self.registry.institution(party), party, text)
        if _DOCUMENT.match(text) and self.context.document:
            return replace(self.context.document, alias=text.split()[1],
                           via=f"'{text}' read as its author, {self.context.document.speaker.name}")
        if _MEDIA.search(text):
            return Who("media", alias=text)
        if all(m.possessive for m in mentions) and mentions and len(text.split()) <= len(mentions) + 3:
            return None  # "Moscow's" before a stance noun: the owner, read by the nominal form
        return Who("unknown", alias=text)

    def _by_office(self, text: str) -> Who | None:
        """'the Russian president': the one registered speaker of that party whose role on the date has that word.

        With the party as owner ("Northland's foreign minister") the whole title counts ("deputy foreign minister"
        is not the foreign minister); when no registered speaker holds it, the party speaks through its official.
        """
        owned = _OWNED_ROLE.fullmatch(text)
        if owned:
            party = self.officials.party_words.get(fold(owned["owner"]))
            if party is None:
                return None
            title = _TITLE_EXTRA.sub("", owned["title"]).lower()
            office = _OFFICE_WORDS.get(title, re.escape(title).replace(r"\ ", r"\s+"))
            return self._holder(party, office, text) or self._official_of(party, text)
        m = _THE_ROLE.fullmatch(text)
        party = self.officials.party_words.get(fold(text.split()[1])) if m and len(text.split()) > 2 else None
        if party is None:
            return None
        return self._holder(party, _OFFICE_WORDS.get(m.group("office").lower(), m.group("office").lower()), text)

    def _official_of(self, party: str, text: str) -> Who | None:
        body = self.registry.institution(party)
        if body is None:
            return None
        return Who("speaker", body, party, text, via=f"'{text}' is an official of {party} the registry does not name")

    def _holder(self, party: str, office: str, text: str) -> Who | None:
        holders = []
        for speaker in self.registry.speakers:
            affiliation, _ = speaker.affiliation_on(self.stated_on)
            if (not speaker.institutional and affiliation and affiliation["party"] == party
                    and re.search(rf"\b(?:{office})\b", affiliation.get("role", ""), re.I)):
                holders.append(speaker)
        if len(holders) != 1:
            return None
        return Who("speaker", holders[0], party, text, via=f"'{text}' read as {holders[0].name}, who holds that office")

    @staticmethod
    def _is_subject(text: str, m: Mention, allow_verb: bool) -> bool:
        before = text[:m.start].split()
        # "The head of the Russian delegation at the talks, Vladimir Medinsky, says": a description, then the name
        described = (text[:m.start].rstrip().endswith(",") and len(before) <= 12
                     and before[0].lower() in ("the", "a", "an") and text[m.end:].lstrip().startswith(","))
        if not described and any(not (w[0].isupper() or w.lower() in _ROLE_WORDS) for w in before):
            return False
        # "Putin, at a meeting with the Foreign Ministry, set out": a place or occasion between subject and verb
        after = _OCCASION.sub("", _APPOSITION.sub("", text[m.end:].lstrip()[1:] if described else text[m.end:]))
        words = after.split()
        return not words or (allow_verb and len(words) <= MAX_VERB_WORDS and "," not in after)

    def note_subject(self, clause: str) -> Who | None:
        """A person who is the subject of a clause without a reporting or stance verb ("Berg spoke first").

        An official the registry does not know is remembered too, and returned: the next clause may go on with them
        ("… Leshchynska also called it a good sign and said …").
        """
        official = self.officials.find(clause)
        if official is not None:
            speaker, named, _ = official
            who = Who("speaker", speaker, speaker.affiliations[0]["party"], named)
            self.note_person(who)
            return who
        for m in self.registry.mentions(clause):
            if not m.possessive and m.speaker and not m.speaker.institutional and self._is_subject(
                    clause[:m.end], m, False):
                self.note_person(Who("speaker", m.speaker, alias=m.words))
            if not re.match(r"\s+[A-Z]", clause[m.end:]):  # "President of Ukraine Volodymyr Zelensky": a title
                return None
        return None

    def note_person(self, who: Who | None) -> None:
        if who and who.speaker and not who.speaker.institutional:
            self.context.last_person = Who("speaker", who.speaker, alias=who.alias)
        elif who and who.speaker and who.via is None:
            self.context.last_body = Who("speaker", who.speaker, who.party, alias=who.alias)
        document = self.context.document
        if who and who.kind == "speaker" and document and who.speaker is not document.speaker:
            self.context.document = None

    def note_document(self, text: str) -> None:
        m = _DOCUMENT_BY.search(text)
        if m:
            after = self.registry.mentions(text[m.end():])
            if after and after[0].start == 0:
                speaker = self.registry.speaker_for(after[0])
                self.context.document = Who("speaker", speaker, alias=after[0].words)

