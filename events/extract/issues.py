"""Which issues a passage is about, from keywords of the issue taxonomy (docs/dataset.md).

A sub-issue found hides its parent (`territory/cities` over `territory`), and `talks`, which almost every passage
touches, counts only when nothing else does. Issues registered without keywords here are found by their title.
"""

import re

# slug -> keyword patterns (case-insensitive); the registry's issues decide which of these may be proposed.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "territory": (r"territor(?:y|ies|ial)", r"\bland\b", r"square kilomet(?:er|re)s", r"km²", r"\bborders?\b",
                  r"occupied (?:regions|areas|land)", r"withdraw(?:al)? (?:of )?(?:all )?(?:\w+ )?(?:forces|troops)",
                  r"\bced(?:e|es|ed|ing)\b", r"\bannex", r"\bDonbas", r"\bCrimea\b"),
    "territory/cities": (r"\bcit(?:y|ies)\b",),
    "territory/recognition": (r"\brecogni(?:[sz]e|[sz]es|[sz]ed|[sz]ing|tion)\b", r"sovereignty over",
                              r"\bde (?:facto|jure)\b", r"territorial realities"),
    "alliances/nato": (r"\bjoin(?:s|ed|ing)? (?:the )?NATO\b", r"\bNATO (?:membership|ambitions?|aspirations?|"
                       r"accession|bid|expansion|enlargement|integration)", r"\bneutral(?:ity)?\b", r"non-aligned"),
    "alliances/eu": (r"\bjoin(?:s|ed|ing)? (?:NATO (?:and|or) )?(?:the )?(?:EU|European Union)\b",
                     r"\b(?:EU|European Union) (?:membership|accession|integration|bid)"),
    "nato-posture": (r"\bNATO(?:['’]s)? (?:forces|troops|presence|infrastructure|deployments?|bases)",
                     r"\bEastern (?:Europe|flank)\b"),
    "security-guarantees": (r"security guarantee", r"security assurance",
                            r"guarantees? (?:of|for) (?:\w+['’]s )?security",
                            r"guarantees? that (?:this|it|russia|the war|aggression)\b[^.]{0,40}?\b(?:not|never)\b"),
    "sanctions": (r"\bsanction", r"\bpressure on\b", r"\bembargo", r"frozen (?:\w+ )?assets", r"\btariffs?\b"),
    "ceasefire": (r"\bcease-?fire", r"\btruce\b", r"\barmistice\b", r"\bhalt(?:ing)? (?:to )?(?:the )?(?:hostilities|"
                  r"fighting)", r"\bstop(?:ping)? (?:the )?fighting", r"\bfront ?lines?\b", r"\bfreez(?:e|ing) the "
                  r"(?:conflict|front)"),
    "peacekeepers": (r"\bpeacekeep", r"\b(?:European|Western|foreign|international) (?:troops|forces|soldiers|"
                     r"contingent|involvement in peacekeeping)", r"\btroops\b[^.]{0,30}\bstationed\b",
                     r"boots on the ground", r"reassurance force",
                     r"\b(?:deploy|send|station)\w*\s+(?:\w+\s+){0,2}(?:troops|forces|soldiers|peacekeepers)\b"),
    "reparations": (r"\breparation", r"\bcompensat(?:e|es|ed|ion)\b", r"\bwar damages?\b"),
    "accountability": (r"\bwar crim", r"\btribunal\b", r"\bpunish", r"\baccountab", r"\bjustice for\b"),
    "talks": (r"\bnegotiat", r"\btalks\b", r"\bdialogue\b", r"\bconcessions?\b", r"\bcompromis", r"\bmediat"),
    "government": (r"(?:Ukraine['’]s|Ukrainian|Kyiv['’]s) (?:current )?(?:government|regime|leadership)",
                   r"regime change", r"\b(?:new|early|fresh) elections\b", r"\blegitimacy\b",
                   r"\billegitimate (?:government|regime|president)"),
    "peace-plan": (r"\bpeace plan\b", r"\b\d+[- ]point", r"\b\d+ points\b", r"peace framework"),
    "minorities": (r"Russian[- ]speak", r"Orthodox church", r"\bminorit(?:y|ies)\b", r"language rights",
                   r"Russian language"),
    "war-aims": (r"\bvictory\b", r"\bwar aims?\b", r"\bdenazif", r"\bdemilitari[sz]"),
    "military-aid": (r"military (?:aid|support|assistance)", r"weapons? (?:deliveries|supplies|shipments)",
                     r"arms (?:supplies|deliveries)"),
}
CATCH_ALL = frozenset({"talks"})


def _compile(patterns: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


_COMPILED = {slug: _compile(patterns) for slug, patterns in KEYWORDS.items()}


def keyword_patterns(issues: dict[str, dict]) -> dict[str, re.Pattern]:
    """Patterns for the registered issues (all of KEYWORDS when none are registered)."""
    if not issues:
        return dict(_COMPILED)
    patterns = {}
    for slug, entry in issues.items():
        if slug in _COMPILED:
            patterns[slug] = _COMPILED[slug]
        elif entry.get("title"):
            patterns[slug] = re.compile(rf"\b{re.escape(entry['title'])}\b", re.IGNORECASE)
    return patterns


def find(text: str, patterns: dict[str, re.Pattern]) -> list[tuple[str, str]]:
    """(issue, the words that named it), in the order they appear; sub-issues hide parents, talks is a last resort."""
    found: dict[str, tuple[int, str]] = {}
    for slug, pattern in patterns.items():
        m = pattern.search(text)
        if m:
            word_end = re.match(r"[\w-]*", text[m.end():]).end()  # the whole word: 'negotiations', not 'negotiat'
            found[slug] = (m.start(), text[m.start():m.end() + word_end])
    for slug in list(found):
        parent = slug.rsplit("/", 1)[0]
        if "/" in slug and parent in found:
            del found[parent]
    if len(found) > len(CATCH_ALL & found.keys()):
        for slug in CATCH_ALL:
            found.pop(slug, None)
    return [(slug, words) for slug, (_, words) in sorted(found.items(), key=lambda item: item[1][0])]
