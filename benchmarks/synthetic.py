"""Synthetic statement histories: a seeded, endless stream of import lines, written to a file in constant memory.

The stream does not depend on how many events are asked for, so the first 20,000 lines of a 100,000-event file
are the 20,000-event file: sizes compare like with like. Statements carry explicit ids (so corrections and
retractions can name their targets); corrections and retractions have none and get content ids on import.
"""

import random
import uuid
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import orjson

from events.vocabulary import STANCES

PARTIES = (
    "russia", "ukraine", "united-states", "china", "european-union", "united-kingdom", "france", "germany",
    "poland", "turkey", "india", "brazil", "south-africa", "hungary", "slovakia", "belarus", "moldova", "georgia",
    "kazakhstan", "iran", "north-korea", "japan", "south-korea", "canada", "italy", "spain", "netherlands",
    "sweden", "finland", "norway", "denmark", "estonia", "latvia", "lithuania", "romania", "bulgaria", "greece",
    "czechia", "austria", "switzerland", "vatican", "saudi-arabia", "qatar", "united-arab-emirates", "israel",
    "egypt", "nato", "united-nations", "osce", "iaea",
)
ISSUES = tuple(
    path
    for top, subs in (
        ("territory", ("donbas", "crimea", "zaporizhzhia")),
        ("alliances", ("nato", "eu-membership", "csto")),
        ("security", ("guarantees", "peacekeepers", "air-defence")),
        ("ceasefire", ("monitoring", "energy-infrastructure", "black-sea")),
        ("sanctions", ("energy", "banking", "frozen-assets")),
        ("military", ("troop-caps", "arms-supplies", "long-range-weapons")),
        ("humanitarian", ("prisoner-exchange", "children", "grain-corridor")),
        ("nuclear", ("zaporizhzhia-plant", "doctrine", "testing")),
        ("justice", ("tribunal", "amnesty", "reparations")),
        ("governance", ("elections", "language", "minorities")),
    )
    for path in (top, *(f"{top}/{sub}" for sub in subs))
)
assert len(PARTIES) == 50 and len(ISSUES) == 40

OUTLETS = (
    ("Reuters", "reuters.com"), ("Associated Press", "apnews.com"), ("ТАСС", "tass.ru"),
    ("Українська правда", "pravda.com.ua"), ("Le Monde", "lemonde.fr"), ("Süddeutsche Zeitung", "sueddeutsche.de"),
    ("Financial Times", "ft.com"), ("新华社", "news.cn"), ("Kyiv Independent", "kyivindependent.com"),
    ("Meduza", "meduza.io"), ("Gazeta Wyborcza", "wyborcza.pl"), ("Al Jazeera", "aljazeera.com"),
)
SPEAKERS = (
    ("Сергей Лавров", "foreign minister"), ("Володимир Зеленський", "president"), ("JD Vance", "vice president"),
    ("Wang Yi", "foreign minister"), ("Kaja Kallas", "high representative"), ("Emmanuel Macron", "president"),
    ("Friedrich Merz", "chancellor"), ("Radosław Sikorski", "foreign minister"), ("Recep Tayyip Erdoğan", "president"),
    ("Mark Rutte", "secretary general"), ("António Guterres", "secretary-general"), ("Péter Szijjártó", None),
    ("a spokesperson", "spokesperson"), ("Дмитрий Песков", "press secretary"), ("Andrii Sybiha", None),
)
WORDS = (
    "the", "parties", "must", "agree", "to", "a", "full", "ceasefire", "along", "current", "line", "of", "contact",
    "before", "any", "talks", "on", "status", "security", "guarantees", "should", "be", "binding", "and",
    "ratified", "by", "parliament", "withdrawal", "forces", "from", "region", "is", "precondition", "for",
    "lifting", "sanctions", "in", "phases", "monitored", "international", "observers", "no", "recognition",
    "annexed", "territories", "will", "ever", "accepted", "neutral", "without", "foreign", "troops", "exchange",
    "all", "prisoners", "return", "deported", "children", "frozen", "assets", "reconstruction", "fund",
    "referendum", "under", "supervision", "energy", "infrastructure", "strikes", "halted", "immediately",
    "перемирие", "гарантии", "безопасности", "территория", "нейтралитет", "переговоры", "санкции",
    "припинення", "вогню", "обмін", "полоненими", "garanties", "sécurité", "Waffenstillstand", "Gebietsfragen",
)
REASONS = (
    "date corrected from the original broadcast", "misattributed speaker", "stance read too strongly",
    "position paraphrase tightened", "the outlet retracted its report", "duplicate of an earlier statement",
    "уточнено по стенограмме", "source was a parody account",
)
TAGS = ("summit", "interview", "press-conference", "un-general-assembly", "leak", "communique", "op-ed", "tv")
OFFSETS = ("Z", "+00:00", "+01:00", "+02:00", "+03:00", "-04:00", "-05:00", "+05:30", "+08:00")

CORRECTION_SHARE = 0.10
RETRACTION_SHARE = 0.03
TARGET_POOL = 20_000  # statements that may still be corrected or retracted; bounded, so memory stays constant


class History:
    """An endless, deterministic stream of import-format events (dicts in the order a user would write them)."""

    def __init__(self, seed: int = 20_251_127, corrections: float = CORRECTION_SHARE,
                 retractions: float = RETRACTION_SHARE):
        self.rng = random.Random(seed)
        self.random = self.rng.random
        # Texts are slices of one seeded word stream: one draw per text instead of one per word.
        self.corpus = " ".join(self._pick(WORDS) for _ in range(20_000))
        self.corrections = corrections
        self.retractions = retractions
        # [id, stance] of statements that can still be corrected or retracted
        self.pool: list[list[str]] = []

    def __iter__(self) -> Iterator[dict]:
        while True:
            roll = self.random()
            if self.pool and roll < self.retractions:
                yield self._retraction()
            elif self.pool and roll < self.retractions + self.corrections:
                yield self._correction()
            else:
                yield self._statement()

    def _below(self, n: int) -> int:
        # random.randrange is pure Python and dominated generation time; a float draw is enough here
        return int(self.random() * n)

    def _pick(self, items):
        return items[int(self.random() * len(items))]

    def _between(self, low: int, high: int) -> int:
        return low + int(self.random() * (high - low + 1))

    def _id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def _date(self) -> str:
        # Up to 2025: a stated or published date after the moment of recording is refused.
        year, month, day = self._between(2014, 2025), self._between(1, 12), self._between(1, 28)
        roll = self.random()
        if roll < 0.08:
            return f"{year}"
        if roll < 0.25:
            return f"{year}-{month:02d}"
        if roll < 0.95:
            return f"{year}-{month:02d}-{day:02d}"
        hour, minute, second = self._below(24), self._below(60), self._below(60)
        return f"{year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}{self._pick(OFFSETS)}"

    def _text(self, low: int, high: int) -> str:
        size = self._between(low, high)
        start = self.corpus.find(" ", self._below(len(self.corpus) - high - 50)) + 1
        text = self.corpus[start:start + size].rstrip()
        return text[0].upper() + text[1:] + "."

    def _statement(self) -> dict:
        event_id = self._id()
        stance = self._pick(STANCES)
        event: dict = {"id": event_id, "stated_on": self._date(), "party": self._pick(PARTIES)}
        if self.random() < 0.7:
            speaker, role = self._pick(SPEAKERS)
            event["speaker"] = speaker
            if role:
                event["role"] = role
        event["issue"] = self._pick(ISSUES)
        event["stance"] = stance
        event["position"] = self._text(50, 299)
        if self.random() < 0.15:
            event["conditions"] = "if " + self._text(20, 80)
        if self.random() < 0.3:
            event["quote"] = self._text(30, 200)
        outlet, domain = self._pick(OUTLETS)
        source = {"outlet": outlet}
        if self.random() < 0.9:
            source["url"] = f"https://{domain}/{self._between(2014, 2026)}/{self._below(1 << 30):x}"
        if self.random() < 0.7:
            source["title"] = self._text(20, 90)
        if self.random() < 0.5:
            source["published_on"] = self._date()
        event["source"] = source
        if self.random() < 0.4:
            event["tags"] = sorted({self._pick(TAGS) for _ in range(self._between(1, 3))})
        if self.random() < 0.05:
            event["note"] = "date inferred: " + self._text(20, 120)
        if self.random() < 0.1:
            event["evidence"] = self._text(50, 400)
        self._remember(event_id, stance)
        return event

    def _remember(self, event_id: str, stance: str) -> None:
        if len(self.pool) < TARGET_POOL:
            self.pool.append([event_id, stance])
        else:
            self.pool[self._below(TARGET_POOL)] = [event_id, stance]

    def _correction(self) -> dict:
        entry = self._pick(self.pool)
        roll = self.random()
        if roll < 0.4:
            # a different stance always changes something
            stance = self._pick([s for s in STANCES if s != entry[1]])
            entry[1] = stance
            changes: dict = {"stance": stance}
        elif roll < 0.7:
            changes = {"position": self._text(50, 299)}
        elif roll < 0.85:
            changes = {"stated_on": self._date(), "note": "re-dated: " + self._text(20, 80)}
        else:
            changes = {"conditions": "if " + self._text(20, 80), "quote": None}
        reason = self._pick(REASONS)
        if "stance" in changes:
            reason = self._distinct_reason(entry, changes["stance"], reason)
        return {"type": "correction", "target": entry[0], "changes": changes, "reason": reason}

    def _distinct_reason(self, entry: list, stance: str, reason: str) -> str:
        """The same target, stance and reason a second time (A→B, B→A, A→B) would be the same line, so the same
        content id, and the store would skip it as already recorded: another reason keeps every event distinct.
        Draws only on such a repeat, so the stream up to it is unchanged."""
        used = entry[2] if len(entry) > 2 else set()
        if (stance, reason) in used:
            unused = [r for r in REASONS if (stance, r) not in used]
            reason = self._pick(unused) if unused else f"{reason} ({len(used)})"
        used.add((stance, reason))
        entry[2:] = [used]
        return reason

    def _retraction(self) -> dict:
        index = self._below(len(self.pool))
        entry = self.pool[index]
        self.pool[index] = self.pool[-1]
        self.pool.pop()
        return {"type": "retraction", "target": entry[0], "reason": self._pick(REASONS)}


def write_history(path: Path, events: int, seed: int = 20_251_127) -> dict[str, int]:
    """Write the first `events` events of the history to `path` as JSON Lines; return the count of each type."""
    counts = {"statement": 0, "correction": 0, "retraction": 0}
    with open(path, "wb", buffering=1 << 20) as out:
        for event in islice(History(seed), events):
            counts[event.get("type", "statement")] += 1
            out.write(orjson.dumps(event) + b"\n")
    return counts
