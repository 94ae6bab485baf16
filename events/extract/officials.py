"""Speakers the registry does not know, recognised by an official title that names a party.

"Russian Foreign Minister Sergei Lavrov", "Ukraine's foreign minister, Andrii Sybiha", "Sergei Lavrov, Russia's
foreign minister": the title gives the party, the name the speaker. Once named, the surname alone finds them again
in the same article. Titles that name no party ("presidential spokesperson X") and people who hold no office
("head of the Ukrainian Center for Security") are not recognised.
"""

import re

from events.extract.speakers import Speaker, fold

# Adjectives of the parties as titles use them ("Russian Foreign Minister", "U.S. envoy").
ADJECTIVES = {"russia": ("Russian", "Kremlin"), "ukraine": ("Ukrainian",),
              # a US department names its party in a title too: "State Department spokesperson X"
              "united-states": ("U.S.", "US", "American", "State Department", "White House", "Pentagon"),
              "china": ("Chinese",), "france": ("French",), "turkey": ("Turkish",), "south-africa": ("South African",),
              "united-nations": ("UN", "U.N."), "united-kingdom": ("British", "UK", "U.K."), "germany": ("German",),
              "nato": ("NATO",), "hungary": ("Hungarian",), "belarus": ("Belarusian",), "holy-see": ("Vatican",),
              # parties a registry may add, used only when it has them
              "brazil": ("Brazilian",), "poland": ("Polish",), "switzerland": ("Swiss",), "india": ("Indian",),
              "italy": ("Italian",), "japan": ("Japanese",), "saudi-arabia": ("Saudi",), "israel": ("Israeli",),
              "indonesia": ("Indonesian",), "european-union": ("EU", "E.U.", "European Union")}
_OFFICE = (r"(?:minister|ministry spokes(?:person|woman|man)|president|prime minister|spokes(?:person|woman|man)|"
           r"ambassador|envoy|official|secretary|chancellor|diplomat|negotiator|chief of staff|charg[eé] d['’]affaires|"
           r"(?:presidential |national security )?advis[eo]r|aide|commander|permanent representative)")
# Where an official is posted: "Ukraine's ambassador to the United Nations, …", "charge d'affaires in Beijing"
_POSTING = r"(?:\s+(?:in|to|at)\s+(?:the\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2}?)?"
_GROUP = (r"(?:officials|official|diplomats|negotiators|lawmakers|senators|sources|representatives|members|authorities|"
          r"delegation|side|government|leadership|ministry|parliament)")
_UPPER = "".join(ch for ch in map(chr, range(0x41, 0x530)) if ch.isupper())
_WORD = rf"[{re.escape(_UPPER)}][\w’'.-]*"
_NAME = rf"(?P<name>{_WORD}(?:\s+{_WORD}){{1,2}})"  # two or three capitalised words: a person's name


def _party_words(parties: dict[str, str]) -> dict[str, str]:
    words = {fold(f"{name}'s"): slug for slug, name in parties.items()}
    for slug, adjectives in ADJECTIVES.items():
        if slug in parties or not parties:
            words.update({fold(a): slug for a in adjectives})
    return words


class Officials:
    """The officials named so far in one article."""

    def __init__(self, parties: dict[str, str]):
        self.party_words = _party_words(parties)
        alternatives = sorted(self.party_words, key=len, reverse=True)
        party = "|".join(re.escape(w).replace("'", "['’]") for w in alternatives) or "(?!)"
        title = rf"(?P<title>(?i:(?:the\s+)?(?P<party>{party})\s+(?:[\w-]+\s+){{0,3}}?{_OFFICE}))"
        self._forms = [re.compile(p) for p in (
            rf"{title}{_POSTING}\s+{_NAME}(?=\s|,|$)",  # Russian Foreign Minister Sergei Lavrov
            rf"{title}{_POSTING},\s+{_NAME},",  # Ukraine's foreign minister, Andrii Sybiha,
            rf"{_NAME},\s+{title},",  # Sergei Lavrov, Russia's foreign minister,
        )]
        self.known: dict[str, Speaker] = {}  # folded name or surname -> speaker
        # A body of a party named by its adjective: "Russian officials", "Representatives for the Russian
        # Federation Council", "the Ukrainian side". It speaks for the party, like "Moscow".
        self._group = re.compile(
            rf"(?i:(?:the\s+|an?\s+(?:(?:senior|top|high-ranking|former)\s+)?)?(?P<party>{party})\s+"
            rf"(?:[\w-]+\s+){{0,3}}?{_GROUP}"
            rf"|(?:{_GROUP})\s+(?:of|for|from)\s+the\s+(?P<party2>{party})\b[^,]{{0,40}})")

    def group(self, text: str) -> str | None:
        """The party of a body named by its adjective, when `text` is nothing but that body."""
        m = self._group.fullmatch(text.strip())
        return self.party_words[fold(m["party"] or m["party2"])] if m else None

    def find(self, text: str) -> tuple[Speaker, str, int] | None:
        """The official that `text` opens with, the words naming them, and where those words end."""
        offset = len(text) - len(text.lstrip())
        for form in self._forms:
            m = form.match(text, offset)
            if not m:
                continue
            name, title = m.group("name"), m.group("title")
            role = title.split(" ", 1)[1] if title.lower().startswith("the ") else title
            party = self.party_words[fold(m.group("party"))]
            speaker = Speaker(name, ({"party": party, "role": role},), registered=False)
            self.known[fold(name)] = self.known[fold(name.split()[-1])] = speaker
            return speaker, m.group().rstrip(","), m.end()
        folded = fold(text[offset:])
        for name, speaker in self.known.items():
            if re.match(rf"{re.escape(name)}(?![\w-])", folded):
                return speaker, text[offset:offset + len(name)], offset + len(name)
        return None
