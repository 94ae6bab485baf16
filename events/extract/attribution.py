"""Who says what: for each sentence, the speakers it attributes words to and the words that carry the position.

Forms read: a quotation and its attribution ("“…,” Vance said", "“…,” said Vance", a quote paragraph continuing
the last one); "According to X, …"; a subject and a reporting verb ("X said/told Fox Business/wrote on Telegram
that …", with titles before names and appositions between commas); a subject and a stance verb ("Moscow insists
that …", "Kyiv has firmly rejected …"); an owner and a stance noun ("Moscow's demands include …"); a stance verb
and its agent ("a ceasefire proposed by Washington"). A report of another party's position keeps the reporter as
speaker ("Vance said that Moscow wants …"). "He"/"she" is the last person named; "the document" and "it" are the
author of a document just named. A media report ("reports indicate that …") names no speaker: the party that
acts in it speaks.
"""

import re
from collections import Counter
from dataclasses import dataclass, replace

from events.extract.cues import PLAN, PLAN_START, POINTS_BACK, VERB_STANCE, cues, used_as_noun
from events.extract.sentences import CLOSING, OPENING, SINGLE_OPENING, STRAIGHT, Sentence
from events.extract.speakers import Registry, Speaker
from events.extract.subjects import Subjects, Who

_REPORTING_WORDS = "(?:" + "|".join("""
    said says say saying stated stating told tells telling added adds noted wrote writes posted
    announced announces confirmed confirms declared declares stressed stresses emphasi[sz]ed emphasi[sz]es argued
    argues argue claimed explained explains reiterated reiterates repeated suggested suggests described
    describes acknowledged acknowledges admitted admits asserted asserts maintained maintains indicated indicates
    indicate underscored underscores underlined highlighted reported responded replied quipped remarked
    commented outlined outlines expressed insisted insists insist warned warns warn cautioned cautions urged urges
    believes believe thinks think hinted signaled signalled made\\s+(?:it\\s+)?clear makes\\s+(?:it\\s+)?clear
    pointed\\s+out points\\s+out revealed reveals recalled recalls observed mentioned assured assures
    """.split()) + ")"
REPORTING = re.compile(rf"\b{_REPORTING_WORDS}\b", re.IGNORECASE)
_LEAD = re.compile(r"(?:" + "|".join("""
    According Asked Speaking Following Responding Commenting Writing Addressing Citing Referring Answering Pressed
    Reacting Echoing Despite Meanwhile Additionally However Also Moreover Furthermore Earlier Later Separately
    Similarly Still Instead Yet Nevertheless Nonetheless Indeed Today Yesterday Previously Recently Last This Next
    In On At After Before During Amid For With Without Under Then Now Ultimately Finally Notably
    """.split()) + r"|[A-Z][a-z]+ly\s+(?:after|before|following|during|ahead\s+of|since|upon)"  # "Shortly before …,"
    r")\b[^,]{0,160}?,\s+")
# The rest of a list of names that a lead-in began: "… with A, B, and C, "
_LISTED = re.compile(r"(?:[^,]{1,80},\s+)*?and\s+[^,]{1,80},\s+")
_SUBORDINATE = re.compile(r"(?:While|Although|Though|Whereas|As|Because|Since|When|Once|If|Unless)\b[^,]{0,200}?,\s+")
_SPLIT = re.compile(
    r",?\s+while\s+|;\s+|,\s+(?:but|whereas|although|though)\s+(?!only\b|also\b)"
    r"|\s+but\s+(?=(?:would|will|could|did|does|is|was|has|had|said|refused|rejected)\b)"
    r"|,\s+as\s+(?!well\b|part\b|long\b|soon\b|much\b|many\b|a\b|an\b|the\b|of\b|if\b|though\b)"
    rf"|,?\s+and\s+(?=(?:[\w’'.-]+\s+){{0,4}}?{_REPORTING_WORDS}\b)", re.IGNORECASE)
_AGENT = re.compile(r"\b(?P<verb>proposed|offered|put forward|rejected|demanded|endorsed|accepted|welcomed)"
                    r"\s+by\s+", re.IGNORECASE)
# Another party's answer in a relative clause: "Kyiv has requested a meeting, which Moscow is considering."
_WHICH = re.compile(r",\s+which\s+(?P<who>(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)\s+"
                    r"(?:(?:is|was|has|had|have)\s+)?(?:\w+ly\s+)?(?P<verb>considering|considered|weighing|studying|rejected|refused|dismissed|"
                    r"opposed|accepted|welcomed|endorsed|backed|supported)\b", re.IGNORECASE)
# A person's own position in a relative clause: "… at the initiative of President Putin, who offered to restart
# negotiations without preconditions."
_WHO = re.compile(r",\s+who\s+(?:(?:has|had|have)\s+)?(?:\w+ly\s+)?(?P<verb>offered|proposed|demanded|insisted|"
                  r"rejected|refused|ruled out|called for|urged|suggested|agreed|accepted|welcomed|warned|threatened)"
                  r"\b(?P<rest>[^;]*)", re.IGNORECASE)
# An actor's step told as the time or place of something else: "… after Kyiv accepted the plan", "talks where
# Ukraine backed the truce proposal". Done steps only: "if Russia accepts" is a condition, not a position.
# Or as what the words before it name: "… an unconditional ceasefire, something Kyiv has embraced".
_EMBEDDED = re.compile(r"(?:(?i:\b(?:after|when|since|where|as|because))|(?P<thing>,\s+something(?:\s+that)?))\s+"
                       r"(?P<who>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}?)\s+"
                       r"(?:(?:(?(thing)ha(?:s|ve|d)|had)|also|already|\w+ly)\s+)*"
                       r"(?P<verb>accepted|agreed|backed|endorsed|embraced|welcomed|supported|rejected|refused|dismissed|"
                       r"ruled out|proposed|offered|put forward|demanded|insisted|called for|urged)\b(?P<rest>[^,;]*)")
# Three or more subjects: "A, B and C", each item a few words ("the UK's prime minister Keir Starmer")
_LIST_SUBJECT = re.compile(r"[^,;]{1,50}?(?:,\s+[^,;]{1,50}?){1,4},?\s+and\s+[^,;]{1,50}")
_NAMED_PLAN = re.compile(rf"(?:[\w’'-]+\s+){{0,4}}{PLAN}s?\b", re.IGNORECASE)  # "a US-proposed 30-day ceasefire plan"
_QUOTED_SENTENCE = re.compile(r"(?<=[.!?])[”\"’]?\s+(?=[A-Z“\"])")
_ADDING = re.compile(r",\s+(?P<verb>adding|saying|stating|noting|insisting|warning|arguing|stressing)\s+(?:that\s+)?",
                     re.IGNORECASE)
# "…, according to Vladimir Medinsky, Russia's chief negotiator.": a short apposition may follow the name
_TRAILING_ACCORDING = re.compile(r"(?:,|(?<=_)[”\"’])\s+according to\s+(?P<who>[^,]{1,80}?)(?:,\s+[^,]{1,60}?)?"
                                 r"\s*[.!?]?$", re.IGNORECASE)
# An attribution set inside the sentence: "Ukraine, according to President Zelensky, has expressed …"
_INSERTED_ACCORDING = re.compile(r",\s+according to\s+(?P<who>[^,]{1,80}?),\s+(?=\S)", re.IGNORECASE)
# The attribution after the clause: "…, Putin said.", "…, said Putin on Friday.", "…, an official told AFP."
_AFTER_VERBS = ("said", "says", "told", "tells", "added", "adds", "wrote", "writes", "stated", "noted", "explained",
                "confirmed", "reported", "announced", "according to", "stressed", "stresses", "emphasized",
                "emphasised", "remarked", "declared", "reiterated", "commented", "mentioned", "pointed out",
                "underlined", "asserted")  # an attribution after the clause
# Only plain reporting verbs: in "…, while Kyiv insists on guarantees" the verb carries a position of its own.
_PLAIN = (r"(?:said|says|told|tells|added|adds|wrote|writes|stated|noted|explained|confirmed|reported|announced|"
          r"stressed|stresses|emphasi[sz]ed|remarked|declared|reiterated|commented|mentioned|pointed out|underlined|"
          r"asserted)")
# After the verb only a date or place, or whom it was told: "said on Friday", "told AFP", "told reporters in Rome".
_TAIL = (r"(?:\s+(?:on|in|at|during|after|before|late|early|earlier|last|this|from|via|when|ahead|while|"
         r"yesterday|today|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b[^,]{0,80})?")
_TRAILING_SAID = re.compile(  # the comma may be inside the quotation before it: '… is "out of question," X said'
    rf"(?:,|(?<=_)[”\"’])\s+(?:(?P<who>[^,]{{1,80}}?)\s+(?:(?P<verb>{_PLAIN})|(?P<told>told|tells)(?:\s+[^,\s]+){{1,3}}?)"
    rf"|(?P<verb2>said|says|told|added|wrote)\s+(?P<who2>[^,]{{1,60}}?)){_TAIL}"
    r"(?:,\s+(?:urging|adding|saying|calling|warning|noting|stressing)\b[^.]{0,200})?\s*[.!?]?$", re.IGNORECASE)
# Date words right after a verb: "warned on March 3 that", "said last week".
_DATE_AFTER = re.compile(r"\s+(?:(?:on|in|last|this|earlier|late|early)\s+[\w.]+(?:\s+\d{1,2}\b)?(?:,?\s+\d{4})?|"
                         r"yesterday|today|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b", re.IGNORECASE)
# Words that only mention someone's stance: "was responding to Putin's proposal", "in reply to Kyiv's demands".
_PASSING = re.compile(r"\b(?:respond(?:s|ed|ing)?|response|repl(?:y|ies|ied|ying)|react(?:s|ed|ing|ion)?|"
                      r"refer(?:s|red|ring)?|reference|comment(?:s|ed|ing)? on|answer(?:s|ed|ing)?|"
                      r"follow(?:s|ed|ing)?|after|despite|amid)\s+(?:to\s+)?(?:the\s+)?$", re.IGNORECASE)
_BOTH = re.compile(r"\s*(?:both|the two) (?:sides|parties|countries|governments|delegations)\b", re.IGNORECASE)
# A name with up to three words of title before it: "Russian President Vladimir Putin and President Zelensky"
_NAME_WORDS = r"(?:the\s+)?[\w.’'-]+(?:\s+[\w.’'-]+){0,3}?"
_PAIR = re.compile(rf"\s*{_NAME_WORDS}\s+and\s+{_NAME_WORDS}(?=\s+(?:(?:also|both|separately|jointly|reportedly|"
                   r"since|now|then|finally|later|already|each)\s+)?(?:have|has|had|\w+ed|agree|will|would|are|were)\b)",
                   re.IGNORECASE)
# A sentence that lists what the one before announced: "… set out his conditions. Among them are …"
_ANNOUNCED = re.compile(r"\b(?:conditions|demands|terms|steps|points)\b", re.IGNORECASE)
_LIST_OPENER = re.compile(r"(?:Among (?:them|these|those|the \w+)\s+(?:are|were|is|was)|(?:These|They|Those) "
                          r"(?:include|included|are|were)|The (?:conditions|demands|terms|steps|points) (?:include|"
                          r"included|are|were))\b")
# What a reporting verb expresses, when it is a stance of the speaker's own: a hope for what another party will do
# urges it ("Kyiv expressed hope that Beijing will attend"), a readiness accepts ("expressed its readiness for a truce")
_EXPRESSED = [("appeal", re.compile(r"\s+(?:the |its |his |her |their |some )?hopes?\s+(?:that|for)\b", re.IGNORECASE)),
              ("accept", re.compile(r"\s+(?:its |his |her |their |our )?(?:full )?readiness\s+(?:for|to)\b",
                                    re.IGNORECASE))]
MAX_WORDS_TO_THAT = 14  # "said in an interview with the Russian state-controlled TASS news agency that"


@dataclass(frozen=True)
class Unit:
    """Words attributed to a speaker in one sentence: `scope` holds the position, `when` the date words."""

    sentence: Sentence
    speaker: Speaker | None
    party: str | None  # set when the form fixes whose position it is (an actor reported by someone else)
    how: str  # quote | reported | statement | institutional | nominal | agent | continued
    verb: str
    alias: str
    via: str | None
    scope: str  # the words that state the position; its first stance cue decides the stance
    topic: str = ""  # more words for the issue only ("Asked whether …")
    when: str = ""  # the words around the attribution, where the date is
    stance: str | None = None  # fixed by the form (agent)
    subject: str = ""  # the words before `scope` that a position sentence needs ("Kyiv has firmly ")


def _decides(words: str, step: str) -> bool:
    """Whether the step's verb is the first cue of the words, and so gave their stance already."""
    at = words.find(step)
    found = cues(words) if at >= 0 else []
    return bool(found) and found[0].start == at


def _own_body(reporter: Who, actor: Who) -> bool:
    """A body reporting a named person of its own party ("X agreed to …, his office announced"): the person speaks,
    as the dataset gives one statement its named voice."""
    return (reporter.speaker is not None and reporter.speaker.institutional and actor.speaker is not None
            and not actor.speaker.institutional and reporter.party is not None and reporter.party == actor.party)


class Attributor:
    def __init__(self, registry: Registry, stated_on: str):
        self.registry = registry
        self.stated_on = stated_on
        self.subjects = Subjects(registry, stated_on)
        self.context = self.subjects.context
        # Sentences with an attribution whose speaker could not be told, and why: reported, never dropped silently
        self.unknown: list[tuple[Sentence, str]] = []
        self.named = Counter()  # how often the article has named each party so far: "both sides" are the top two

    def units(self, sentence: Sentence) -> list[Unit]:
        announcer, self.context.announcer = self.context.announcer, None
        if announcer is not None and _LIST_OPENER.match(sentence.text):
            # "Putin set out his conditions. Among them are …": the items are the announcer's demands
            return [replace(announcer, sentence=sentence, how="continued", scope=sentence.text, stance="demand",
                            subject="", via=f"{announcer.speaker.name}, whose {announcer.verb} these list")]
        self.named.update(p for p in (self.registry.party_of(m, self.stated_on)
                                      for m in self.registry.mentions(sentence.text)) if p)
        masked = sentence.masked()
        opens_quoted = bool(sentence.quotes) and sentence.quotes[0][0] == 0  # the page lost the opening mark
        opens_quoted = opens_quoted or self._single_quoted(sentence)
        if sentence.text[:1] in OPENING + STRAIGHT or opens_quoted or re.search(r":\s*[“\"«]?_", masked):
            found = self._quotation(sentence, masked)
        else:
            self.context.quote_speaker = None
            found = self._prose(sentence, masked)
        self.subjects.note_document(sentence.text)
        for unit in found:
            if unit.speaker is not None and _ANNOUNCED.search(unit.scope):
                self.context.announcer = unit
        return [side for unit in found for side in self._sides(unit)]

    def _two_sides(self, own: set[str]) -> list[str] | None:
        """The two parties the article has named most, when two clearly lead (and neither is the speaker's)."""
        ranked = [(n, p) for p, n in self.named.most_common() if p not in own]
        if len(ranked) < 2 or (len(ranked) > 2 and ranked[2][0] == ranked[1][0]):
            return None
        return sorted(p for _, p in ranked[:2])

    @staticmethod
    def _single_quoted(sentence: Sentence) -> bool:
        return sentence.text[:1] in SINGLE_OPENING and bool(sentence.quotes) and sentence.quotes[0][0] == 1

    def _sides(self, unit: Unit) -> list[Unit]:
        """'both sides had agreed to …', 'Moscow and Kyiv agreed …': one unit per side, each its own party."""
        head = (unit.subject + unit.scope)[:80]
        if _BOTH.match(head):
            own = {a["party"] for a in unit.speaker.affiliations} if unit.speaker else set()
            others = sorted(set(self.registry.parties) - own)
            if len(others) != 2:
                others = self._two_sides(own)
            if others is None:
                return [unit]
            return [replace(unit, party=party) for party in others]
        pair = _PAIR.match(head)
        mentions = self.registry.mentions(pair.group()) if pair else []
        if len(mentions) == 2 and not any(m.possessive for m in mentions):
            parties = [self.registry.party_of(m, self.stated_on) for m in mentions]
            if None not in parties and parties[0] != parties[1]:
                if unit.how in ("statement", "institutional"):  # the pair is the subject: each side speaks
                    return [replace(unit, speaker=self.registry.speaker_for(m), party=party, alias=m.words,
                                    how="institutional" if self.registry.speaker_for(m).institutional else unit.how)
                            for m, party in zip(mentions, parties, strict=True)]
                return [replace(unit, party=party) for party in parties]
        return [unit]

    # --- quotations -------------------------------------------------------------------------------------------

    def _quotation(self, sentence: Sentence, masked: str) -> list[Unit]:
        quoted = " ".join(q.strip() for q in sentence.quoted())
        verb = REPORTING.search(masked)
        who = None
        if verb:
            # the closing mark of a single-quoted quotation is blanked too: "'…,' Berg said"
            head = re.sub(r"^['‘](_+)['’]", lambda m: " " * len(m.group()), masked[:verb.start()])
            pieces = re.split(rf"[{CLOSING}{OPENING}{STRAIGHT},:]", head)
            before = pieces[-1]
            if not before.strip() and len(pieces) > 2 and re.match(r"\s*(?:who|which)\b", pieces[-2]):
                before = pieces[-3]  # "…,” Rustem Umerov, who negotiated for Kyiv, said"
            who = self.subjects.who(before, allow_verb=False)
            if who is None:  # "…,” said Vance."
                who = self.subjects.who(re.split(r"[,.;:!?“”\"]", masked[verb.end():])[0], allow_verb=False)
        how, verb_words = "quote", verb.group() if verb else ""
        if who is None and not verb and sentence.is_all_quote() and self.context.quote_speaker:
            who, how = self.context.quote_speaker, "continued"
        self.subjects.note_person(who)
        if who is None or who.kind != "speaker":
            self.context.quote_speaker = None
            if verb:
                self.unknown.append((sentence, f"a quotation whose speaker is not known ('{verb.group()}')"))
            return []
        self.context.quote_speaker = who
        outside = re.sub(r"_+", " ", masked)
        via = who.via or (f"{who.speaker.name}, whose quotation this continues" if how == "continued" else None)
        # Each sentence of a quotation is read on its own: "We are open to a ceasefire. But we will not …"
        units = [Unit(sentence, who.speaker, None, how, verb_words, who.alias, via, part, when=outside)
                 for part in _QUOTED_SENTENCE.split(quoted) if part.strip()]
        adding = _ADDING.search(masked, verb.end()) if verb else None
        if adding:  # "“…,” Peskov told journalists, adding that Russia was open to talks"
            units.append(Unit(sentence, who.speaker, None, "reported", adding["verb"], who.alias, who.via,
                              sentence.text[adding.end():], when=outside))
        return units

    # --- prose ------------------------------------------------------------------------------------------------

    def _prose(self, sentence: Sentence, masked: str) -> list[Unit]:
        text = sentence.text
        start, carry, leads, topic = 0, None, "", ""
        inserted = _INSERTED_ACCORDING.search(masked)
        who = self.subjects.who(inserted["who"], allow_verb=False) if inserted else None
        if who is not None and who.kind == "speaker":
            # the reporter of what the rest says; blanked, so that the words around it read as one clause
            carry = replace(who, verb="according to")
            masked = masked[:inserted.start()] + " " * (inserted.end() - inserted.start()) + masked[inserted.end():]
        while m := _LEAD.match(masked, start):
            lead = text[m.start():m.end()]
            if lead.lower().startswith("according to"):
                who = self.subjects.who(lead[len("according to"):].strip(" ,"), allow_verb=False) or Who("unknown")
                carry = replace(who, verb="according to")
            elif lead.lower().startswith("asked"):
                topic = lead
            leads += lead
            start = m.end()
            listed = _LISTED.match(masked, start) if re.search(r"\bwith\s+[^,]+,\s*$", lead) else None
            if listed:  # "Speaking after a meeting with A, B, and C, Zelensky said": the list is the lead-in's
                leads, start = leads + text[start:listed.end()], listed.end()
        end = len(text)
        trailing = self._trailing(masked, start) if carry is None else None
        if trailing:
            at, who, verb = trailing
            end, leads = at, leads + text[at:]
            # An unnamed reporter ("…, the source said") is left out; the clause is read as a media report.
            carry = replace(who, verb=verb) if who.kind == "speaker" else None
        clauses: list[tuple[int, int, bool]] = []
        sub = _SUBORDINATE.match(masked, start)
        if sub:
            clauses.append((start, sub.end(), True))
            start = sub.end()
        cut = start
        for m in _SPLIT.finditer(masked, start, end):
            clauses.append((cut, m.start(), False))
            cut = m.end()
        clauses.append((cut, end, False))
        units: list[Unit] = []
        party_before = None
        for a, b, subordinate in clauses:
            # "… Moscow's insistence on X while rejecting Y": a participle goes on with the same actor.
            inherited = party_before if re.match(r"\s*(?:while\s+)?\w+ing\b", text[a:b]) else None
            found, who = self._clause(sentence, masked, a, b, carry, leads, topic, inherited)
            if subordinate and re.match(r"\s*(?:If|Unless)\b", text[a:b]):
                found = []  # "If Kyiv wants talks, it must …": the condition states no position of its own
            units.extend(found)
            party_before = found[-1].party if found else None
            if who is not None and not subordinate:
                carry = who
            units.extend(self._agents(sentence, masked, a, b, carry))
        units += self._answer(sentence, masked, units) + self._who_clause(sentence, masked, units)
        return units + self._embedded(sentence, masked, units)

    def _who_clause(self, sentence, masked, units: list[Unit]) -> list[Unit]:
        """'…, President Putin, who offered to restart negotiations': the person named before 'who' states it."""
        m = _WHO.search(masked)
        if not m:
            return []
        before = masked[:m.start()].rstrip()
        mentions = [x for x in self.registry.mentions(before) if x.end == len(before) and not x.possessive]
        if not mentions or mentions[-1].speaker is None:
            return []
        mention = mentions[-1]
        speaker = self.registry.speaker_for(mention)
        if any(u.speaker is speaker and u.stance is None for u in units):
            return []  # the clause goes on with the sentence's own speaker, read already
        text = sentence.text
        end = m.start("rest") + len(m["rest"])
        return [Unit(sentence, speaker, self.registry.party_of(mention, self.stated_on), "agent", m["verb"],
                     mention.words, None, text[m.start("rest"):end], when=text,
                     stance=VERB_STANCE[m["verb"].lower()])]

    def _embedded(self, sentence, masked, units: list[Unit]) -> list[Unit]:
        """'… after Ukraine backed the proposal': the actor's own step, told as a time or place, is its position.

        Not when the sentence has already read those words: "Berg said talks resumed after Nordby accepted the
        truce" is read by the report. A plan the step points back to takes the sentence's issues.
        """
        found = []
        for m in _EMBEDDED.finditer(masked):
            mentions = self.registry.mentions(m["who"])
            if len(mentions) != 1 or mentions[0].start != 0 or mentions[0].possessive:
                continue
            mention = mentions[0]
            party = self.registry.party_of(mention, self.stated_on)
            text = sentence.text
            scope = text[m.start("verb"):m.end("rest")]
            if party is None or any(_decides(u.scope, scope) for u in units):
                continue  # read already, by a report around it
            named = list(_NAMED_PLAN.finditer(text, 0, m.start())) if POINTS_BACK.search(scope) else []
            topic = named[-1].group() if named else ""  # "… the ceasefire plan, after Ukraine backed the proposal"
            if m["thing"]:  # what "something" stands for: the words before it, back to the last comma
                topic = text[:m.start()].rsplit(",", 1)[-1]
            found.append(Unit(sentence, self.registry.speaker_for(mention), party, "agent", m["verb"], mention.words,
                              None, scope, topic, when=text, stance=VERB_STANCE[m["verb"].lower()]))
        return found

    def _answer(self, sentence, masked, units: list[Unit]) -> list[Unit]:
        """'…, which Moscow is considering': the party named answers what the clause before it put forward."""
        m = _WHICH.search(masked)
        mentions = self.registry.mentions(m["who"]) if m else []
        if not mentions or mentions[0].start != 0 or mentions[0].possessive:
            return []
        party = self.registry.party_of(mentions[0], self.stated_on)
        if party is None or any(u.party == party or (u.speaker and party in {a["party"] for a in
                                                                          u.speaker.affiliations}) for u in units):
            return []  # the speaker's own afterthought ("which it rejected") is not another side's answer
        text = sentence.text
        return [Unit(sentence, self.registry.speaker_for(mentions[0]), party, "agent", m["verb"], mentions[0].words,
                     None, text[:m.start()], when=text, stance=VERB_STANCE[m["verb"].lower()])]

    def _trailing(self, masked: str, start: int) -> tuple[int, Who, str] | None:
        """The attribution after a clause of its own: where it starts, who, and the verb.

        "…, according to Zelensky."; "…, Putin said."; "…, an official told AFP."; "…, said Peskov on Friday."
        In the last form the words after the verb must name a speaker: "…, said Northland wants …" is no attribution.
        """
        m = _TRAILING_ACCORDING.search(masked, start)
        if m:
            return m.start(), self.subjects.who(m["who"], allow_verb=False) or Who("unknown"), "according to"
        m = _TRAILING_SAID.search(masked, start)
        if m is None or len(masked[start:m.start()].split()) < 4:
            return None
        words = m["who"] or m["who2"]
        conjunction = re.search(r"\b(?:that|and|but|while|as|whereas|although|which|who)\b", words, re.IGNORECASE)
        if len(words.split()) > 8 or conjunction:
            return None
        who = self.subjects.who(words, allow_verb=False) or Who("unknown")
        if m["who2"] and who.kind != "speaker":
            return None
        return m.start(), who, m["verb"] or m["told"] or m["verb2"]

    def _clause(self, sentence, masked, a, b, carry, leads, topic, party_before):
        """Units of one clause, and the reporter it sets for the clauses after it."""
        text = sentence.text
        clause = masked[a:b]
        lead = re.match(r"\s*(?:(?:that|and|but|as|while|whereas|although|though)\s+)*", clause)
        a += lead.end()
        clause = masked[a:b]
        verb = next((v for v in REPORTING.finditer(clause) if not used_as_noun(clause, v.start())), None)
        found = cues(clause)
        anchors = [(verb.start(), verb.end(), verb.group(), True)] if verb else []
        # A stance noun anchors only with a pronoun owner ("Putin has escalated his conditions"); an owner named
        # in the text ("Moscow's demands") is read by the nominal form.
        # A participle with its agent ("a ceasefire proposed by Washington") is read by `_agents`.
        anchors += [(c.start, c.end, c.words, False) for c in found
                    if (not c.nominal or c.owner.lower() in ("his", "her", "its", "their"))
                    and not re.match(r"\s+by\b", clause[c.end:])]
        if not anchors and carry is not None and carry.kind == "speaker" and carry.verb in _AFTER_VERBS \
                and cues(text[a:b]):
            # The position is all in a quotation, the attribution after it: 'A pullout is "out of question," X said'
            return [Unit(sentence, carry.speaker, party_before, "reported", carry.verb, carry.alias, carry.via,
                         text[a:b], topic, leads)], None
        if not anchors:
            official = self.subjects.note_subject(text[a:b])
            return self._nominal(sentence, masked, a, b, carry, leads), official
        # The first anchor; at the same word the longer wins: "outlined a plan" proposes, where "outlined" reports
        at, to, words, reporting = min(anchors, key=lambda anchor: (anchor[0], -anchor[1], anchor[3]))
        listed = self._listed(clause[:at])
        if listed:  # "Macron, Scholz and Starmer welcomed …": each speaks
            dated = _DATE_AFTER.match(text, a + to, b)
            when = leads + text[a:dated.end() if dated else a + to]
            return [self._reported(sentence, replace(who, verb=words), a + to, b, when, topic) if reporting else
                    Unit(sentence, who.speaker, None, "institutional" if who.speaker.institutional else "statement",
                         words, who.alias, None, text[a + at:b], topic, when) for who in listed], None
        who = self.subjects.who(clause[:at])
        self.subjects.note_person(who)
        dated = _DATE_AFTER.match(text, a + to, b)
        when = leads + text[a:dated.end() if dated else a + to]
        if who is not None and who.kind == "media" and reporting:  # "reports indicate that …": read what is reported
            return self._clause(sentence, masked, a + to, b, None, when, topic, None)[0], None
        if who is None and carry is None and PLAN_START.match(words):
            # "The formula includes …" after its author was named: the plan states its author's demands
            author = self.context.document or self.context.last_person
            if author is not None:
                carry = replace(author, verb=words, via=f"'{words.split()[0]}' read as that of {author.speaker.name}, "
                                                         "the last person named")
        if who is None:  # no subject of its own: the clause goes on with the reporter before it, if any
            if carry is None or carry.kind != "speaker":
                return self._nominal(sentence, masked, a, b, carry, leads), None
            if reporting:  # "Whitaker added that … and noted that …"
                return [self._reported(sentence, replace(carry, verb=words), a + to, b, when, topic)], carry
            return [Unit(sentence, carry.speaker, party_before, "reported", carry.verb, carry.alias, carry.via,
                         text[a:b], topic, when)], None
        if who.kind == "unknown" and carry is None and not reporting and _BOTH.match(clause[:at]):
            # "Both parties have agreed to …" with no one reporting it: each side speaks as its institution
            return self._each_side(sentence, text[a + at:b], words, topic, when), None
        if (who.kind == "unknown" and carry is not None and carry.kind == "speaker"
                and not REPORTING.match(clause, at)):
            # A subject that is a thing, not a reporter: "…, sanctions must be lifted, Putin said."
            return [Unit(sentence, carry.speaker, None, "reported", carry.verb, carry.alias, carry.via, text[a:b],
                         topic, when)], None
        if who.kind != "speaker":
            # An unknown reporter ("Experts warn that …") is skipped with what it reports; narration around an
            # owner's stance ("talks were complicated by Russia's rejection of …") is read by the nominal form.
            if reporting:
                alias = who.alias if len(who.alias) <= 60 else "…" + who.alias[-60:].split(" ", 1)[-1]
                self.unknown.append((sentence, f"a reporter not in the registry ('{alias} {words}')"))
                return [], Who("unknown")
            return self._nominal(sentence, masked, a, b, None, leads), Who("unknown")
        who = replace(who, verb=words)
        if reporting:
            unit = self._reported(sentence, who, a + to, b, when, topic)
            if carry is not None and carry.kind == "speaker" and carry.verb == "according to":
                # "Ukraine, according to Zelensky, has expressed …": Ukraine's position, Zelensky its speaker
                unit = replace(unit, speaker=carry.speaker, party=who.party, alias=carry.alias, via=carry.via)
            for stance, expressed in _EXPRESSED:  # the speaker's own, whoever the hope is about
                if m := expressed.match(text, a + to):
                    unit = replace(unit, stance=stance, verb=f"{words}{m.group()}")
            return [unit], who
        scope, subject = text[a + at:b], text[a:a + at]
        if carry is not None and carry.kind == "speaker" and (carry.verb == "according to" or
                                                              REPORTING.fullmatch(carry.verb or "")) \
                and not _own_body(carry, who):
            return [Unit(sentence, carry.speaker, who.party, "reported", carry.verb, carry.alias, carry.via, scope,
                         topic, when, subject=subject)], carry
        how = "institutional" if who.speaker and who.speaker.institutional else "statement"
        # The words between subject and cue may name the issue: "Zelensky called the truce plan a good sign"
        between = subject[len(who.alias):] if subject.startswith(who.alias) else ""
        return [Unit(sentence, who.speaker, None if who.speaker else who.party, how, words, who.alias, who.via,
                     scope, f"{topic} {between}".strip(), when, subject=subject)], who

    def _listed(self, subject: str) -> list[Who]:
        """The speakers of a subject that lists three or more of them: "Macron, Scholz and the UK's prime minister
        Keir Starmer". Each item must name one registry speaker, and no two the same."""
        if not _LIST_SUBJECT.fullmatch(subject.strip()):
            return []
        items = re.split(r",\s+(?:and\s+)?|\s+and\s+", subject.strip())
        found = []
        for item in items:
            mentions = [m for m in self.registry.mentions(item) if not m.possessive]
            official = self.subjects.officials.find(item) if not mentions else None
            if official is not None:  # "Westland's foreign minister Ola Nyman"
                found.append(Who("speaker", official[0], official[0].affiliations[0]["party"], official[1]))
                continue
            if len(mentions) != 1 or mentions[0].speaker is None:
                return []
            m = mentions[0]
            found.append(Who("speaker", m.speaker, self.registry.party_of(m, self.stated_on), m.words))
        return found if len({w.speaker.name for w in found}) == len(found) else []

    def _each_side(self, sentence, scope: str, words: str, topic: str, when: str) -> list[Unit]:
        """One unit per side, each spoken by its party's institution (none when the sides cannot be told)."""
        sides = sorted(self.registry.parties) if len(self.registry.parties) == 2 else self._two_sides(set())
        units = []
        for party in sides or []:
            body = self.registry.institution(party)
            if body is not None:
                units.append(Unit(sentence, body, party, "institutional", words, body.name,
                                  f"'both sides' read as {', '.join(sides)}, the parties the article names most",
                                  scope, topic, when))
        return units

    def _reported(self, sentence, who: Who, start: int, end: int, when: str, topic: str) -> Unit:
        """The words after a reporting verb: from its 'that' when one follows closely, else right after it."""
        text = sentence.text
        rest = text[start:end].lstrip()
        that = re.match(r"((?:[^,“”\"]+?\s+)??)that\s+", rest)
        if that and len(that.group(1).split()) <= MAX_WORDS_TO_THAT:
            when, rest = f"{when} {that.group()}", rest[that.end():]
        return Unit(sentence, who.speaker, None, "reported", who.verb, who.alias, who.via, rest.strip(), topic, when)

    def _nominal(self, sentence, masked, a, b, carry, leads) -> list[Unit]:
        """'Moscow's demands include …': the owner speaks as its institution, or the reporter after the clause does
        ("Russia's conditions include …, Peskov said"). Inside another clause's report the noun is not read."""
        reporter = carry if carry is not None and carry.kind == "speaker" and carry.verb in _AFTER_VERBS else None
        if carry is not None and carry.kind != "media" and reporter is None:
            return []
        for cue in cues(masked[a:b]):
            if not cue.nominal:
                continue
            owners = [m for m in self.registry.mentions(sentence.text[a:a + cue.start]) if m.possessive]
            if owners and len(sentence.text[a + owners[-1].end:a + cue.start].split()) <= 3:
                m = owners[-1]
                if _PASSING.search(sentence.text[a:a + m.start]):
                    continue  # "was responding to Putin's proposal": a mention, not a statement
                # The owner's words, the noun and a date right after it ("Moscow's conditions from 2021").
                dated = re.match(r"\s+(?:from|of|in)\s+\S+", sentence.text[a + cue.end:b])
                when = leads + sentence.text[a + m.start:a + cue.end + (dated.end() if dated else 0)]
                speaker, how, alias = self.registry.speaker_for(m), "nominal", m.words
                if reporter is not None:
                    speaker, how, alias = reporter.speaker, "reported", reporter.alias
                return [Unit(sentence, speaker, self.registry.party_of(m, self.stated_on), how, cue.words, alias,
                             None, sentence.text[a + cue.start:b], when=when, stance=cue.stance,
                             subject=sentence.text[a + m.start:a + cue.start])]
        return []

    def _agents(self, sentence, masked, a, b, carry) -> list[Unit]:
        """'a ceasefire proposed by Washington': the agent takes the stance of the verb on the words before it."""
        if carry is not None and carry.kind == "unknown":
            return []
        units = []
        for m in _AGENT.finditer(masked, a, b):
            after = self.registry.mentions(sentence.text[m.end():b])
            if not after or after[0].start != 0:
                continue
            before = re.split(r"\b(?:of|for|on|by|with|to|from|in)\b|[,;:—]", sentence.text[a:m.start()])[-1]
            agent = after[0]
            scope = f"{before.strip()} {m.group()}{sentence.text[m.end():m.end() + agent.end]}"
            units.append(Unit(sentence, self.registry.speaker_for(agent), self.registry.party_of(agent, self.stated_on),
                              "agent", m["verb"] + " by", agent.words, None, scope,
                              stance=VERB_STANCE[m["verb"].lower()]))
        return units
