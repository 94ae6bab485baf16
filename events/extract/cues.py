"""Stance from cue words, the conditions a stance depends on, and the reporter's commentary to leave out.

The first cue in a passage decides: "we agree that the plan could be used" accepts, "Ukraine may agree" considers.
Modal verbs are matched in lower case only, so the month of May is never a "may".
"""

import functools
import re
from dataclasses import dataclass

_NOT = (r"(?:(?:am|is|are|was|were)\s+not\s+(?:going|about)\s+to|has\s+no\s+intention\s+(?:of|to)|"
        r"(?:will|would|shall|can|could|does|do|did|is|are)\s+(?:not|never)|never|cannot|"
        r"(?:won|wouldn|can|couldn|doesn|don|didn|isn|aren)['’]t)")
_REFUSED_ACT = (r"(?:surrender|hold|accept|agree|negotiate|recogni[sz]e|cede|give up|allow|tolerate|sign|withdraw|"
                r"talk|join|compromise|trade|abandon|renounce|discuss|giv(?:e|ing) up)")
_NO_STANDING = r"(?:cannot|can ?not|can['’]t|can in no way|not in a position to|(?:has|have) no right to)"
_MODAL = r"(?-i:will|would|could|can|may|might|should)"
NO_POSITION = "none"
# The stance of a verb form that the attribution's fixed forms name: "proposed by X", "…, which Moscow rejected",
# "…, who offered …", "…, demanding …". One table, so that a form reads the same in each.
VERB_STANCE = {
    **dict.fromkeys(("proposed", "proposing", "offered", "offering", "put forward", "suggested"), "propose"),
    **dict.fromkeys(("demanded", "demanding", "insisted", "insisting"), "demand"),
    **dict.fromkeys(("rejected", "rejecting", "refused", "refusing", "dismissed", "opposed", "ruled out",
                     "ruling out"), "reject"),
    **dict.fromkeys(("accepted", "agreed", "welcomed", "endorsed", "embraced", "backed", "supported"), "accept"),
    **dict.fromkeys(("considering", "considered", "weighing", "studying"), "consider"),
    **dict.fromkeys(("called for", "calling for", "calling on", "urged", "urging"), "appeal"),
    **dict.fromkeys(("warned", "warning", "threatened", "threatening"), "threaten"),
}
# Words that point back to what the sentence before was about: "The Kremlin said it was studying the proposal".
POINTS_BACK = re.compile(
    r"\b(?:this|these|them|the (?:proposal|plan|idea|offer|initiative|deal|document|agreement|framework|"
    r"draft|terms|conditions|demands?|list))\b|"
    # a bare "it" as what a stance verb takes: "Zelensky dismissed it as an ultimatum"
    r"\b(?:reject|dismiss|accept|welcom|endors|back|support|criticis|criticiz|denounc|condemn)\w* it\b",
    re.IGNORECASE)
HINGES_ON = re.compile(r"(?:hing(?:e|es|ed|ing)|contingent|conditional|conditioned) (?:up)?on", re.IGNORECASE)
PLAN = r"(?:formula|plan|proposal|point|initiative|framework|memorandum)"
PLAN_START = re.compile(PLAN, re.IGNORECASE)  # a cue that says the words state no position
# (stance, pattern); order only breaks ties between cues that start at the same word (longest wins anyway).
_VERBAL = [
    ("consider", r"\b(?:not|never) rul(?:e|ed|es|ing) out\b"),
    # No position at all: "refused to elaborate", "declined to comment".
    (NO_POSITION, r"\b(?:refus|declin)(?:e|es|ed|ing) to (?:elaborate|comment|say|specify|disclose|confirm|discuss|"
                  r"give details|go into details|be drawn)\b|\b(?:would|did|could) not (?:elaborate|comment)\b"),
    ("consider", r"\b(?:never|not) (?:\w+ )?(?:refus|deni|deny|reject)\w* (?:[^.,;]{0,60}?)?in principle\b|"
                 r"\bin principle,? (?:\S+ ){0,4}?never (?:refus|deni|reject)\w*|\bserious about\b|"
                 r"\bopen(?:ness)? (?:to|for)\b"),
    # Readiness denied is a refusal: "Kyiv is not currently ready to hold talks"; "not what we want" too.
    ("reject", r"\b(?:not|never) (?:\w+ly |yet |now )?(?:ready|prepared|willing) (?:to|for)\b|"
               r"\bnot what (?:we|they|he|she|it|[A-Z]\w+) (?:want|wants|wanted|need|needs|seek|seeks)\b|"
               r"\b(?:do|does|did) not want\b|\b(?:don|doesn|didn)['’]t want\b"),
    # A refusal denied is openness: "Kyiv does not reject negotiations", "is not afraid to negotiate"
    ("consider", r"\b(?:(?:does|do|did) not|doesn['’]t|don['’]t|didn['’]t|no one|nobody) (?:\w+ )?"
                 r"(?:reject|refus)\w*|\bnot afraid (?:of|to)\b"),
    # Willingness and commitment to talks or peace are openness: "reaffirmed his willingness to speak with Kyiv",
    # "Putin was committed to a peaceful settlement" (committed to anything else insists on it: see below)
    ("consider", r"\b(?:express|reaffirm|confirm|signal|declar|stat|show)\w* (?:his |her |its |their |our )?"
                 r"(?:\w+ )?willingness to\b|"
                 r"\b(?:committed|commitment) to (?:a |the )?(?:peaceful|diplomatic|negotiated|political) "
                 r"(?:settlement|solution|resolution|path)\b|"
                 r"\bcommitted to (?:peace|diplomacy|dialogue|negotiations|talks)\b"),
    # Wanting new talks proposes them: "Russia said it wanted new talks in Istanbul next Monday"
    ("propose", r"\bwant(?:s|ed)? (?:to (?:hold|have|resume|start) )?(?:new|direct|further|fresh|another round of) "
                r"(?:talks|negotiations|round|meeting)\b"),
    # Wanting talks to go on accepts them: "Russia wanted to continue negotiations"
    ("accept", r"\bwant(?:s|ed)? to (?:continue|keep|pursue) (?:the |direct |peace )?(?:talks|negotiations|dialogue|"
               r"contacts)\b"),
    # "What we need is not a dictated peace, but …" states what is asked
    ("demand", r"\bwhat (?:we|they|[A-Z]\w+) (?:need|needs|want|wants|demand|demands) is\b"),
    # An old refusal denied is openness: "Moscow has never refused talks"
    ("consider", r"\b(?:has|have|had) never (?:refus|reject|turn)\w*\b|"
                 r"\b(?:show|shown|showed|shows|express|expressed|expresses) (?:\w+ )?interest in\b"),
    ("accept", r"\bnot (?:\w+ )?opposed to\b|\b(?:has|have|had) (?:the |every )?right to\b"),
    ("reject", r"\b(?:a )?(?:completely |entirely |totally |very )?different position\b|\bunacceptable\b|"
               r"\b(?:absolutely |completely |totally )?unrealistic\b|"
               r"\bout of (?:the )?question\b"),
    # What a plan asks for: "the peace formula provides for …", "the plan includes …".
    ("demand", rf"\b{PLAN}\b[^.;]{{0,80}}?\b(?:provides? for|presuppos(?:es|ed)|envisag(?:es|ed)|consists? of|"
               r"comprises?|includes?|included|including)\b"),
    ("demand", r"\b(?:set|sets|laid|lays|spelled|spells|listed|lists|outlined|outlines|named|names) (?:out )?"
               r"(?:the )?(?:[\w’']+['’]s |his |her |its |their )?(?:\w+ )?(?:conditions|demands|terms)\b"),
    ("demand", r"\b(?:impossible|cannot happen|not possible) without\b|\b(?:only )?possible only\b|"
               r"\bpossible (?:only )?(?:if|when|after|once)\b|\bonly possible\b"),
    # An acceptance held back until a condition is met is a demand: "will only agree if troops withdraw".
    ("demand", r"\b(?:(?:will|would|can|could)\s+)?only (?:agree|accept|consider|sign|negotiate|talk|resume|return|"
               r"hold|meet|stop|halt|end|attend|take part|participate|join|take place|happen|begin|start|succeed|"
               r"be (?:held|invited|possible|achieved|reached|signed))\b"),
    # What an agreement hangs on is asked for: "any ceasefire hinges on Kyiv's allies ceasing military support"
    ("demand", rf"\b(?:{HINGES_ON.pattern})\b"),
    # Talks promised once a condition is met: "will engage in peace talks tomorrow if Moscow withdraws" (reading
    # takes the condition as the demand)
    ("demand", r"\b(?-i:will|would)\s+(?:\w+\s+){0,3}?(?:talks|negotiat\w*)\b[^.;,]{0,60}?\b(?:if|once|when|after)\b"),
    ("accept", rf"\b{_MODAL} (?:sign|back|support|take part|participate|attend)\b|"
               r"\b(?:ready|willing|prepared) to (?:accept|agree|sign|back|support|take part|participate|attend|"
               r"join|resume|continue)\b|"
               # readiness stated as a noun: "Kyiv has expressed its readiness for a 30-day truce"
               r"\b(?:express|confirm|reaffirm|signal|declar|stat)(?:es|ed|ing|e)? (?:its |his |her |their |our )?"
               r"(?:full )?readiness (?:for|to (?:accept|agree|sign|join|resume|continue))\b|"
               # readiness for talks themselves: "Moscow is ready for talks", "ready for a new round"
               r"\b(?:ready|willing|prepared) for (?:an? )?(?:(?:direct|new|further|peace|serious) )?(?:talks|"
               r"negotiations|dialogue|(?:new )?(?:meeting|round)|contacts)\b"),
    # Readiness to host or mediate offers it: "Turkey is ready to host a peace summit"
    ("propose", r"\b(?:ready|willing|prepared) to (?:do (?:everything|all|whatever)[^.;,]{0,30}? to )?"
                r"(?:host|mediate|facilitate|organi[sz]e)\b"),
    ("consider", r"\bprepared to\b"),
    ("accept", rf"\b{_MODAL} (?:be|serve as|become|form|provide) (?:a |the )?(?:good |solid |sound |possible |"
               r"reasonable |workable |useful )?(?:basis|starting point|foundation)\b"),
    ("consider", rf"\b{_MODAL} (?:study|review|examine|assess|evaluate|analy[sz]e|look (?:at|into)|think about)\b|"
                 r"\b(?:studying|reviewing|examining|assessing|evaluating)\b"),
    ("concede", r"\b(?:dropp(?:ed|ing)|drops?|abandon(?:s|ed|ing)?|withdr(?:ew|aw|awn|aws)|eas(?:ed|es|ing)) "
                r"(?:its|their|the|his|her|a|an|our|my) (?:[\w-]+ ){0,2}?(?:demands?|push|calls?|insistence|bid|"
                r"opposition|objections?|conditions?|precondition)\b|\bback(?:s|ed)? away from\b"),
    ("accept", r"\b(?:express|voic|affirm|reaffirm|signal|declar|confirm|offer|pledg)(?:es|ed|ing|e)? "
               r"(?:[\w’'-]+ ){0,3}?support (?:for|of)\b|\bsupport(?:s|ed)? (?:for )?(?:the|a|an)\b|"
               r"\bback(?:s|ed)? (?:the|a|an)\b"),
    # Denying another party the standing to set terms rejects them: "Putin cannot dictate to Ukraine what it must do",
    # "is not in a position to set conditions" (the speaker's judgement, whoever stands before it)
    ("reject", rf"\b{_NO_STANDING}\s+(?:\w+\s+)?(?:dictat(?:e|ing)|impos(?:e|ing)|"
               r"set (?:any )?(?:conditions|terms))\b"),
    # "an ultimatum that cannot be accepted"
    ("reject", r"\b(?:cannot|can ?not|can['’]t|will not|won['’]t|would not|could not) be (?:accepted|tolerated|"
               r"allowed|recogni[sz]ed|agreed)\b"),
    # "will never, under any circumstances, recognise"
    ("reject", rf"\b(?:{_NOT})(?:\s*,[^,.]{{1,40}},\s*|\s+)(?:\w+ly\s+)?{_REFUSED_ACT}\b"),
    ("reject", r"\b(?:reject(?:s|ed|ing)?|refus(?:e|es|ed|ing)|dismiss(?:es|ed|ing)?|rul(?:e|es|ed|ing) out|"
               r"critici[sz](?:e|es|ed|ing)|mock(?:s|ed|ing)?|refut(?:e|es|ed|ing)|slam(?:s|med|ming)?|pann(?:ed|ing)|"
               r"lambast(?:s|ed|ing)?|decr(?:y|ies|ied|ying)|"
               r"condemn(?:s|ed|ing)?|denounc(?:e|es|ed|ing)|"
               r"oppos(?:e|es|ed|ing)|turn(?:s|ed)? down)\b"),
    ("demand", r"\b(?:demand(?:s|ed|ing)?|insist(?:s|ed|ing)?|want(?:s|ed)?|seek(?:s|ing)?|sought|"
               r"push(?:es|ed|ing)? for|press(?:es|ed|ing)? for|the need for|committed to|"
               # what a party needs it asks for: "Ukraine needs security guarantees" (not "needs to": an obligation)
               r"(?<!no )need(?:s|ed)?\b(?!\s+(?:to|for)\b)|"
               r"requir(?:e|es|ed|ing) that)\b"),
    # A condition named as such: "… to be a necessary condition", "should be a prerequisite"
    ("demand", r"\b(?:be|are|is|as) (?:an? |the |two |three )?(?:(?:necessary|indispensable|essential|key) )?"
               r"(?:pre)?(?:conditions?|requisites?)\b|\bpreconditions?\b"),
    ("demand", r"\b(?-i:must|should|ought to|(?:has|have|had|needs?|needed|need) to)\b"),
    # Agreeing to weigh something is openness, not acceptance: "has agreed to consider the proposal"
    ("consider", r"\bagree(?:s|d|ing)? to (?:consider|study|review|examine|look at|think about)\b|"
                 r"\b(?:tak(?:e|es|en|ing)|took) (?:[\w’'.-]+ ){0,8}?into account\b"),
    # Openness to what is not yet on the table: "would welcome any credible proposal", "can be discussed"
    ("consider", r"\b(?:would [“\"]?(?:welcome|support|back)[”\"]?|welcom(?:e|es|ed|ing)) any\b|"
                 # waiting for details of a proposal weighs it: "the Kremlin said it was waiting for details"
                 r"\b(?:await(?:s|ed|ing)?|wait(?:s|ed|ing)? for) (?:more |further |the )?(?:details|clarification|"
                 r"specifics)\b|"
                 r"\b(?:(?:this|that|it|these|those|which|they) )?can (?:and should )?be "
                 r"(?:discussed|negotiated|considered|talked about)\b"),
    # An invitation to talks proposes them: "invited Kyiv to hold direct negotiations"
    ("propose", r"\binvit(?:e|es|ed|ing) (?:[\w’'.-]+ ){1,3}?to\b"),
    # Pressing another party to act insists on it: "is pressing Kyiv to accept the plan"
    ("demand", r"\b(?:press|pressur(?=e|i))(?:es|ed|ing|e)? (?:[\w’'.-]+ ){1,3}?to\b"),
    # Asking another to back a plan urges it: "Kyiv has asked the Vatican to back its peace formula"
    ("appeal", r"\bask(?:s|ed|ing)? (?:[\w’'.-]+ ){1,3}?to "
               r"(?:back|support|endorse|join|help|mediate|use|press|push)\b"),
    # A hope stated for an outcome urges it: "Moscow expressed hope for a new round of talks"
    ("appeal", r"\b(?:express|voic)(?:es|ed|ing|e)? (?:the |its |his |her |their )?hopes? (?:for|that)\b|"
               r"\bhop(?:e|es|ed|ing) (?:for|that)\b|"
               # "we hope they'll say yes", "he hoped partners would not cut aid"; not one's own aim ("hopes to")
               r"(?<!is )(?<!no )\bhop(?:e|es|ed)\b(?! to\b)"),
    # "called for a ceasefire" urges without insisting; a document's "calls for" states its terms (see reading)
    ("appeal", r"\b(?:call(?:s|ed|ing)? (?:on|for)|urg(?:e|es|ed|ing)|appeal(?:s|ed|ing)? (?:to|for)|"
               r"encourag(?:e|es|ed|ing))\b"),
    # A plan presented is proposed: "presented an alternative proposal", "has put forth a 10-point plan"
    ("propose", rf"\b(?:present(?:s|ed|ing)?|unveil(?:s|ed|ing)?|outlin(?:e|es|ed|ing)|submit(?:s|ted|ting)?|"
                rf"hand(?:s|ed|ing)? over|put(?:s|ting)? forth|lay(?:s|ing)? out|laid out|introduc(?:e|es|ed|ing)) "
                rf"(?:[\w’'“”\"-]+ ){{0,4}}?(?:peace )?{PLAN}s?\b"),
    ("propose", r"\b(?:propos(?:e|es|ed|ing)|offer(?:s|ed|ing)?|put(?:s|ting)? (?:forward|forth)|tabl(?:ed|es) a|"
                r"advocat(?:e|es|ed|ing) (?:for )?|"
                # asking for a meeting offers one: "Kyiv has requested a meeting between the presidents"
                r"request(?:s|ed|ing)? (?:a |an |the )?(?:new |direct |personal )?(?:meeting|talks|negotiations|"
                r"summit)|"
                # "suggested that a truce be used" proposes; "suggested that it will only …" reports, as "said" does
                r"suggest(?:s|ed|ing)?\b(?! that [^.;]{0,60}?\b(?:will|would|is|was|are|were|has|had)\b)"
                r"(?![^.;]{0,80}?\b(?-i:might|may|could)\b))\b"),
    ("accept", r"\b(?:agree(?:s|d|ing)?|accept(?:s|ed|ing)?|endors(?:e|es|ed|ing)|welcom(?:e|es|ed|ing)|"
               r"embrac(?:e|es|ed|ing))\b"),
    ("concede", r"\b(?:conced(?:e|es|ed|ing)|soften(?:s|ed|ing)?|back(?:s|ed)? down|drop(?:s|ped)? (?:its|their|the|"
                r"his|her) demand)\b"),
    # "may be preparing to …" is the reporter's guess, not a position
    ("consider", r"\b(?-i:may|might|could)\b(?! be \w+ing\b)|\b(?:a )?(?:good|positive|encouraging) (?:sign|signal)\b|"
                 r"\b(?:open to|under discussion|consider(?:s|ed|ing)?(?! that)(?![^.;]{0,120}?\bto be\b)|"
                 r"weigh(?:s|ing)|"
                 r"willing to|ready to|discussing)\b"),
    # A truce declared or ordered is offered: "declaring an Easter truce"; keeping one accepts it
    ("propose", r"\b(?:declar|order)(?:e|es|ed|ing|s)? (?:a |an |the )?(?:[“”\"\w-]+ ){0,2}?"
                r"(?:truce|cease-?fire|moratorium)\b"),
    ("accept", r"\b(?:abid(?:e|es|ed|ing)|abode) by\b|\b(?:adher|compl)(?:e|es|ed|ing|y|ies|ied|ying) (?:to|with) "
               r"(?:a|an|the|any|this|that)\b"),
    ("threaten", r"\b(?:warn(?:s|ed|ing)?|threat(?:en|ens|ened|ening)|caution(?:s|ed)?)\b"),
]
# Judgements that are the speaker's whoever stands before them: "the presence of troops in Ukraine is unacceptable"
_SPEAKERS_OWN = re.compile(r"right to$|unacceptable|unrealistic|different position|out of (?:the )?question|"
                           rf"sign(?:al)?$|basis|starting point|foundation|without$|possible|^{_NO_STANDING}",
                           re.IGNORECASE)
OBLIGATION = re.compile(r"(?-i:must|should|ought to|(?:has|have|had|needs?|needed|need) to)\b", re.IGNORECASE)
# A stance named by a noun counts only with its owner and what it is about: "Moscow's demands include …",
# "his conditions for ending the war", "Russia's rejection of a ceasefire"; not "between Russia's demands and …".
_NOMINAL_STANCE = {"demands": "demand", "demand": "demand", "conditions": "demand", "terms": "demand",
                   "insistence": "demand", "commitment": "demand", "rejection": "reject", "refusal": "reject",
                   "offer": "propose", "proposal": "propose", "warning": "threaten", "threat": "threaten",
                   "acceptance": "accept"}
NOMINAL = re.compile(
    r"(?P<owner>\b[\w.-]+['’]s|\b(?:his|her|its|their))\s+(?:[\w-]+\s+){0,2}?"
    rf"(?P<noun>{'|'.join(_NOMINAL_STANCE)})\b"
    r"(?=,?\s+(?:(?:from|of|in)\s+(?:\d{4}|[A-Z]\w+)\s*,?\s*(?:which\s+)?)?"
    r"(?:include[sd]?|including|for|on|of|that|to|cover(?:s|ed)?|are|were|is|was)\b|\s*[:.]?\s*$)",
    re.IGNORECASE)
_CUES = [(stance, re.compile(pattern, re.IGNORECASE)) for stance, pattern in _VERBAL]
# A verb form used as a noun ("Russia's demands", "these demands") states no stance by itself.
_NOUN_BEFORE = re.compile(r"(?:['’]s|\b(?:the|a|an|these|those|this|that|his|her|its|their|our|my|your|such|any|"
                          r"new|expanded|main|key|initial|latest|western|international|repeated|renewed|growing|recent|"
                          r"earlier|fresh|european|american|global|public))\s+$", re.IGNORECASE)

_CONDITION = re.compile(
    r"\b(?:as long as|so long as|provided(?: that)?|on condition that|only if|only after|only when|but only|"
    r"unless|until|if|once|(?<=start )after|(?<=begin )after|(?<=resume )after)\b", re.IGNORECASE)
# Talks promised once a condition (cut off by split_conditions) is met: "will engage in peace talks tomorrow"
PROMISED_TALKS = re.compile(r"\b(?-i:will|would)\s+(?:\w+\s+){0,3}?(?:talks|negotiat\w*)\b", re.IGNORECASE)
_COMMENTARY = re.compile(
    r"[,;][”\"’]?\s+(?:signal+ing|suggesting|indicating|meaning|underscoring|highlighting|referencing|reflecting|marking|"
    r"prompting|sparking|raising)\b.*$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Cue:
    stance: str
    start: int
    end: int
    words: str
    nominal: bool = False
    owner: str | None = None  # for a noun: who owns it ("Moscow's", "his")

    @property
    def obligation(self) -> bool:
        """'must', 'should': the speaker demands that someone do something; that someone is not the demander."""
        return OBLIGATION.fullmatch(self.words) is not None or _SPEAKERS_OWN.search(self.words) is not None


def cues(text: str) -> list[Cue]:
    return list(_cues(text))


@functools.lru_cache(maxsize=4096)  # a clause is read for cues by attribution, then again by reading
def _cues(text: str) -> tuple[Cue, ...]:
    found = []
    for stance, pattern in _CUES:
        found.extend(Cue(stance, m.start(), m.end(), m.group()) for m in pattern.finditer(text)
                     if m.group().lower().startswith("the ") or PLAN_START.match(m.group())
                     or not used_as_noun(text, m.start()))
    for m in NOMINAL.finditer(text):
        noun = m.group("noun").lower()
        if noun == "terms" and text[:m.start()].rstrip().lower().endswith(" on"):
            continue  # "talks on Kyiv's terms": how talks would go, not a statement of Kyiv's terms
        found.append(Cue(_NOMINAL_STANCE[noun], m.start("noun"), m.end("noun"), m.group("noun"), True,
                         m.group("owner")))
    # "Ukraine's core demands, including …": the noun with its owner, not the verb "demands"
    nouns = {(c.start, c.end) for c in found if c.nominal}
    found = [c for c in found if c.nominal or (c.start, c.end) not in nouns]
    return tuple(sorted(found, key=lambda c: (c.start, -(c.end - c.start))))


def used_as_noun(text: str, start: int) -> bool:
    """Whether the verb form at `start` is a noun here: "Russia's demands", "these claims", or the second half of
    a compound adjective: "a U.S.-proposed framework" names the plan's author, it states no stance."""
    return _NOUN_BEFORE.search(text[:start]) is not None or text[max(0, start - 1):start] == "-"


def first_cue(text: str) -> Cue | None:
    found = cues(text)
    return found[0] if found else None


def cut_commentary(text: str) -> str:
    """The passage without the reporter's gloss: ', signaling that …', ', meaning …'."""
    return _COMMENTARY.sub("", text)


def split_conditions(text: str) -> tuple[str, str | None]:
    """The passage without its condition, and the condition ("if credible security guarantees are provided")."""
    m = _CONDITION.search(text)
    if not m:
        return text, None
    if m.start() == 0 or text[:m.start()].rstrip().endswith(("“", '"')):
        comma = text.find(",", m.end())  # "As long as he cannot achieve this, victory is on our side"
        end = comma if comma > 0 else len(text)
        return (text[:m.start()] + text[end + 1:]).strip(), text[m.start():end].strip()
    end = len(text)
    for stop in ("”", '"', ";", " — "):
        at = text.find(stop, m.end())
        if at > 0:
            end = min(end, at)
    condition = text[m.start():end].strip().rstrip(".,")
    if condition.lower().startswith("but "):
        condition = condition[4:]
    return (text[:m.start()] + text[end:]).strip().rstrip(","), condition
