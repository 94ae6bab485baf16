"""Which issues a passage is about, from keywords of the issue taxonomy (docs/dataset.md).

A sub-issue found hides its parent (`territory/cities` over `territory`), and `talks`, which almost every passage
touches, counts only when nothing else does. Issues registered without keywords here are found by their title.
"""

import functools
import re

# Whose plan it is, when it is not the United States': one lookbehind each, since a lookbehind has a fixed width.
_PLAN_OWNERS = ("Chinese", "China's", "Beijing's", "African", "Brazilian", "Ukrainian", "Ukraine's", "Kyiv's",
                "Kiev's", "Zelensky's", "Zelenskyy's", "Zelenskiy's", "Russian", "Russia's", "Vatican's", "Turkish",
                "European", "his own", "its own", "their own")
_NOT_THE_US_PLAN = "".join(f"(?<!{o} )(?<!{o.replace(chr(39), '’')} )" for o in _PLAN_OWNERS)
_OTHERS_PLAN = "(?:" + "|".join(o.replace("'", "['’]") for o in _PLAN_OWNERS) + ")"
# slug -> keyword patterns (case-insensitive); the registry's issues decide which of these may be proposed.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "territory": (r"territor(?:y|ies|ial)", r"\bland\b", r"square kilomet(?:er|re)s", r"km²", r"\bborders?\b",
                  r"occupied (?:regions|areas|land|territor)", r"\boccupation\b",
                  r"withdraw(?:al)? (?:of )?(?:all )?(?:[\w’']+ )?(?:forces|troops)",
                  r"\bced(?:e|es|ed|ing)\b", r"\bannex", r"\bpull(?:s|ed|ing)? (?:\w+ )?(?:troops|forces|army) out\b",
                  r"\bpull(?:s|ed|ing)? out of\b", r"\bretreat from\b"),
    "territory/cities": (r"\bcit(?:y|ies)\b",),
    "territory/recognition": (r"\brecogni(?:[sz]e|[sz]es|[sz]ed|[sz]ing|tion)\b", r"sovereignty over",
                              r"\bde (?:facto|jure)\b", r"territorial realities",
                              r"realities on the ground", r"part of (?:the )?Russia(?:n Federation)?\b"),
    "alliances/nato": (r"\bjoin(?:s|ed|ing)? (?:the )?NATO\b",
                       # NATO by its other names: "would never join the Atlantic Alliance"
                       r"\bjoin(?:s|ed|ing)? the (?:North )?Atlantic (?:Alliance|alliance)\b",
                       r"\bNATO\b[^.]{0,80}?\bmembership\b",
                       r"\balliances?,? (?:such as|like|including) NATO\b",
                       r"\bmembership\b[^.]{0,30}?\bNATO\b", r"\bNATO (?:membership|ambitions?|aspirations?|"
                       r"accession|bid|expansion|enlargement|integration)", r"\bneutral(?:ity)?\b", r"non-aligned"),
    "alliances/eu": (r"\bjoin(?:s|ed|ing)? (?:NATO (?:and|or) )?(?:the )?(?:EU|European Union)\b",
                     r"\b(?:EU|European Union) (?:membership|accession|integration|bid)"),
    "nato-posture": (r"\bNATO(?:['’]s)? (?:forces|troops|presence|infrastructure|deployments?|bases)",
                     r"\b(?:Western|foreign|NATO|American|US) (?:military )?(?:bases|exercises)", r"military exercises",
                     r"\bEastern (?:Europe|flank)\b"),
    "security-guarantees": (r"security guarantee", r"security assurance",
                            r"guarantees? (?:of|for) (?:\w+['’]s )?security",
                            r"guarantees? that (?:this|it|russia|the war|aggression)\b[^.]{0,40}?\b(?:not|never)\b"),
    "sanctions": (r"\bsanction", r"\bpric(?:e|es|ing) caps?\b", r"\bcapping (?:the )?prices?\b",
                   r"\bpressure on\b", r"\bembargo", r"frozen (?:\w+ )?assets", r"\btariffs?\b"),
    "ceasefire": (r"\bcease-?fire", r"\btruce\b", r"\b(?:halt|stop|pause|suspend)\w* (?:\w+ ){0,2}(?:attacks|strikes)",
                  r"\b(?:attacks|strikes) (?:on|against) (?:\w+ )?energy", r"\barmistice\b",
                  r"\bcessation of (?:the )?hostilities", r"\b(?:a|the) pause\b(?! in (?:the )?(?:talks|negotiations))",
                  r"\bhalt(?:ing)? (?:to )?(?:the )?(?:hostilities|fighting)", r"\bstop(?:ping)? (?:the )?fighting",
                  r"\bfront ?lines?\b", r"\bfreez(?:e|ing) the (?:conflict|front)", r"\bline of contact\b",
                  r"\bhalt(?:ing)? (?:the )?war\b"),
    "peacekeepers": (r"\bpeacekeep", r"\btroops (?:from|of) (?:NATO|European|Western|foreign)\b",
                     r"\b(?:European|Western|foreign|international) (?:troops|forces|soldiers|"
                     r"contingent|involvement in peacekeeping)", r"\btroops\b[^.]{0,30}\bstationed\b",
                     r"boots on the ground", r"reassurance force",
                     r"\b(?:deploy|send|station)\w*\s+(?:\w+\s+){0,2}(?:troops|forces|soldiers|peacekeepers)\b"),
    "reparations": (r"\breparation", r"\bcompensat(?:e|es|ed|ion)\b", r"\bwar damages?\b"),
    "accountability": (r"\bwar crim", r"\btribunal\b", r"\bpunish", r"\baccountab", r"\bjustice for\b"),
    "talks": (r"\bnegotiat", rf"{_OTHERS_PLAN}\s+peace plan\b",
              r"\btalks\b", r"\bspeak(?:s|ing)? (?:directly )?with\b",
              r"\b(?:phone|telephone) (?:call|conversation)s?\b",
              r"\bmeet(?:s|ing|ings)?\b", r"\bsummit\b", r"\bdelegations?\b",
              r"\bconversations?\b", r"\bpeace formula\b",
              r"\bpeace (?:initiatives?|proposals?|mission|process)\b", r"\bpeaceful (?:resolution|settlement)\b",
               r"\bdialogue\b", r"\bconcessions?\b", r"\bcompromis", r"\bmediat",
              # a conference on peace, not the one a statement was made at; going to one ("refused to attend")
              r"(?<!news )(?<!press )(?<!video )\bconference\b", r"\battend(?:s|ed|ing)?\b",
              r"\b(?:resum|continu|restor|maintain)\w* (?:direct |the |their |its )?contacts?\b"),
    "government": (r"(?:Ukraine['’]s|Ukrainian|Kyiv['’]s) (?:current )?(?:government|regime|leadership)",
                   r"regime change", r"\b(?:new|early|fresh) elections\b", r"\blegitimacy\b",
                   r"\billegitimate (?:government|regime|president)"),
    # the US plan of 2025; another party's plan ("the Chinese peace plan", "his own peace plan") is `talks`
    "peace-plan": (rf"{_NOT_THE_US_PLAN}\bpeace plan\b(?<!\d-point peace plan)",
                   r"\b(?:US|U\.S\.|American|Washington)[- ](?:drafted|backed|brokered|authored) (?:document|plan|"
                   r"draft|framework|proposal)", r"\b(?:28|27|20|19)[- ]point", r"\b28 points\b",
                   r"\b(?:American|US|U\.S\.) (?:peace )?(?:proposals|plan)\b", r"\bTrump['’]s peace plan\b",
                   r"peace framework"),
    "minorities": (r"Russian[- ]speak", r"Orthodox church", r"\bminorit(?:y|ies)\b", r"language rights",
                   r"Russian language"),
    "war-aims": (r"\bvictory\b", r"\bwar aims?\b", r"\bdenazif", r"\bdemilitari[sz]", r"\bcapitulat",
                 r"(?:Kyiv['’]s|Kiev['’]s|Ukraine['’]s|unconditional|military) surrender\b"),
    "military-aid": (r"military (?:aid|support|assistance)", r"weapons? (?:deliveries|supplies|shipments)",
                     r"arms (?:supplies|deliveries)"),
}
CATCH_ALL = frozenset({"talks"})
_AS_A_TIME = re.compile(r"\b(?:after|before|following|during|until)\s+(?:a|an|the|any)\s+(?:[\w-]+\s+)?$", re.I)
# Places, in the spellings news uses, by the issue they belong to. A place whose issue is not registered counts for
# the nearest registered parent: "Donetsk" is `territory/donbas` where that is registered, else `territory`.
PLACES: dict[str, tuple[str, ...]] = {
    "territory/donbas": (r"\bDonbass?\b", r"\bDonetsk", r"\bLuhansk", r"\bLugansk", r"\bKramatorsk",
                         r"\bSloviansk", r"\bSlavyansk", r"\bPokrovsk"),
    "territory/crimea": (r"\bCrimea", r"\bSevastopol"),
    "territory": (r"\bZaporizh(?:zh)?ia\b", r"\bZaporozh(?:y|i)e\b", r"\bKherson", r"\bKharkiv", r"\bKharkov",
                  r"\bMykolaiv", r"\bNikolaev", r"\bOdesa\b", r"\bOdessa\b", r"\bKursk\b", r"\bBelgorod",
                  r"\bNovorossiya", r"\b(?:four|five|new|annexed|occupied) regions\b", r"\bbuffer zone"),
}


def _compile(patterns: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _registered(slug: str, issues: dict[str, dict]) -> str | None:
    """The slug, or its nearest registered parent."""
    while slug not in issues:
        if "/" not in slug:
            return None
        slug = slug.rsplit("/", 1)[0]
    return slug


def keyword_patterns(issues: dict[str, dict]) -> dict[str, re.Pattern]:
    """Patterns for the registered issues (all of KEYWORDS when none are registered), places included."""
    return _patterns(tuple((slug, entry.get("title")) for slug, entry in issues.items()))


@functools.lru_cache(maxsize=8)  # compiling them is a tenth of a second; a review or an evaluation asks again
def _patterns(registered: tuple[tuple[str, str | None], ...]) -> dict[str, re.Pattern]:
    known = {slug: {"title": title} if title else {} for slug, title in registered} or {
        slug: {} for slug in (*KEYWORDS, *PLACES)}
    words: dict[str, list[str]] = {}
    for slug, entry in known.items():
        if slug in KEYWORDS:
            words[slug] = list(KEYWORDS[slug])
        elif slug not in PLACES and entry.get("title"):
            words[slug] = [rf"\b{re.escape(entry['title'])}\b"]
    for slug, places in PLACES.items():
        target = _registered(slug, known)
        if target is not None:
            # "the Zaporizhzhia nuclear power plant" is a plant, not the land
            words.setdefault(target, []).extend(rf"(?:{p})(?![\w-]*\s+(?:nuclear|NPP|power plant|atomic))"
                                                for p in places)
    return {slug: _compile(tuple(patterns)) for slug, patterns in words.items()}


def find(text: str, patterns: dict[str, re.Pattern]) -> list[tuple[str, str]]:
    """(issue, the words that named it), in the order they appear; sub-issues hide parents, talks is a last resort."""
    found: dict[str, tuple[int, str]] = {}
    for slug, pattern in patterns.items():
        m = pattern.search(text)
        if m:
            word_end = re.match(r"[\w-]*", text[m.end():]).end()  # the whole word: 'negotiations', not 'negotiat'
            found[slug] = (m.start(), text[m.start():m.end() + word_end])
    if len(found) > 1:  # "troops … after a ceasefire": an issue named only as a time is not what is said
        for slug, (start, _) in list(found.items()):
            if _AS_A_TIME.search(text[:start]) and len(found) > 1:
                del found[slug]
    for slug in list(found):
        parent = slug.rsplit("/", 1)[0]
        if "/" in slug and parent in found:
            del found[parent]
    if len(found) > len(CATCH_ALL & found.keys()):
        for slug in CATCH_ALL:
            found.pop(slug, None)
    return [(slug, words) for slug, (_, words) in sorted(found.items(), key=lambda item: item[1][0])]
