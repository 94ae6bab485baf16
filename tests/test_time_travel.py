"""Every query of the store agrees with the reference fold, on generated histories, at random (WHEN, known-at).

Histories mix statements, corrections that move a statement between party, issue and date, retractions,
year-, month- and day-precision dates, date-times with offsets, and ties on the same day.
"""

import uuid
from dataclasses import dataclass
from unittest import mock

import pytest
from conftest import fresh_location
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.canonical import canonical_json
from events.fold import Entry, covers, in_force, positions, replay, shifts
from events.lines import decode_jsonl
from events.model import STATEMENT_FIELDS, apply_changes
from events.periods import format_instant, parse_period
from events.search import match, parse_query
from events.validation import parse_event
from store import Ledger
from store import positions as store_positions
from store import statements as store_statements
from store.search import search as store_search

PARTIES = ["russia", "ukraine", "united-states"]
ISSUES = ["territory", "territory/donbas", "ceasefire"]
STANCES = ["demand", "reject", "accept", "concede", "propose", "consider"]
POSITIONS = ["Keep the line.", "Withdraw first.", "Talk now."]
DATES = ["2024", "2025", "2025-01", "2025-01-01", "2025-03", "2025-03-11", "2025-03-11T09:00:00+02:00",
         "2025-03-11T23:30:00-05:00", "2025-11", "2025-11-27", "2025-12-31"]
WHENS = ["2023", "2024-06", "2025", "2025-01-01", "2025-03-10", "2025-03-11", "2025-03-11T07:00:00Z",
         "2025-03", "2025-11-26", "2025-11", "2026"]


@st.composite
def histories(draw) -> list[dict]:
    """A valid sequence of import objects: every correction changes something, no target is unknown."""
    events: list[dict] = []
    current: dict[str, dict] = {}  # statement id -> fields, while not retracted
    counter = 0
    for _ in range(draw(st.integers(1, 28))):
        counter += 1
        event_id = str(uuid.UUID(int=counter))
        action = draw(st.sampled_from(["statement"] * 5 + ["correction"] * 3 + ["retraction"]))
        if action == "statement" or not current:
            fields = {
                "stated_on": draw(st.sampled_from(DATES)), "party": draw(st.sampled_from(PARTIES)),
                "issue": draw(st.sampled_from(ISSUES)), "stance": draw(st.sampled_from(STANCES)),
                "position": draw(st.sampled_from(POSITIONS)), "source": {"outlet": "Wire"},
            }
            if draw(st.booleans()):
                fields["conditions"] = "If guarantees hold."
            events.append({"id": event_id, **fields})
            current[event_id] = parse_event(fields).fields
            continue
        target = draw(st.sampled_from(sorted(current)))
        if action == "retraction":
            events.append({"type": "retraction", "id": event_id, "target": target, "reason": "Misattributed."})
            del current[target]
            continue
        names = draw(st.lists(st.sampled_from(["stated_on", "party", "issue", "stance", "position", "conditions"]),
                              min_size=1, max_size=3, unique=True))
        choices = {"stated_on": DATES, "party": PARTIES, "issue": ISSUES, "stance": STANCES,
                   "position": POSITIONS, "conditions": [None, "Only after elections."]}
        changes = {name: draw(st.sampled_from(choices[name])) for name in names}
        corrected = apply_changes(current[target], changes)
        if corrected == current[target]:
            continue
        events.append({"type": "correction", "id": event_id, "target": target, "changes": changes,
                       "reason": "Checked the source."})
        current[target] = corrected
    return events


@dataclass
class Recorded:
    ledger: Ledger
    entries: list[Entry]

    def known_seq(self, known: int | str | None) -> int | None:
        """The fold's own reading of --known-at: a seq, or a recorded_at instant."""
        if known is None or isinstance(known, int):
            return known
        end = format_instant(parse_period(known).end)
        return max((e.seq for e in self.entries if e.recorded_at < end), default=0)


def record(location: str, events: list[dict]) -> Recorded:
    import orjson

    ledger = Ledger(location)
    cut = max(1, len(events) // 3)  # three imports, so that recorded_at takes several values
    for start in range(0, len(events), cut):
        ledger.append(decode_jsonl([orjson.dumps(e) for e in events[start:start + cut]]), "prop")
    log = {row["seq"]: row for row in ledger.log()}
    entries = [Entry(seq, log[seq]["id"], parse_event(event).content(), log[seq]["recorded_at"])
               for seq, event in enumerate(events, 1)]
    assert len(log) == len(entries)
    return Recorded(ledger, entries)


def fold_matrix(known, when: str, parties=(), issues=()) -> list[tuple]:
    matrix = positions(known, parse_period(when).end)
    return sorted((p, i, s.id, canonical_json(s.fields)) for (p, i), s in matrix.items()
                  if (not parties or p in parties) and covers(issues, i))


def store_matrix(rows) -> list[tuple]:
    return sorted((r["party"], r["issue"], r["statement_id"], canonical_json(_fields(r))) for r in rows)


def _fields(row: dict) -> dict:
    return {k: row[k] for k in STATEMENT_FIELDS if row.get(k) is not None}


def check_everything(rec: Recorded, data) -> None:
    n = len(rec.entries)
    for _ in range(6):
        known = data.draw(st.one_of(st.none(), st.integers(0, n),
                                    st.sampled_from([e.recorded_at for e in rec.entries])), label="known")
        seq = rec.known_seq(known)
        known_text = known if isinstance(known, str) else None
        store_seq = rec.ledger.last_seq_recorded_before(parse_period(known_text).end) if known_text else seq
        assert store_seq == seq
        folded = replay(rec.entries, seq)
        when = data.draw(st.sampled_from(WHENS), label="when")
        parties = data.draw(st.sampled_from([(), ("russia",), ("ukraine", "united-states")]), label="parties")
        issues = data.draw(st.sampled_from([(), ("territory",), ("ceasefire", "territory/donbas")]), label="issues")

        got = store_positions.as_of(rec.ledger, parse_period(when).end, seq, parties, issues)
        assert store_matrix(got) == fold_matrix(folded, when, parties, issues)

        start, end = parse_period("2025-01").start, parse_period("2025-03").end
        expected_timeline = [s.id for s in in_force(folded)
                             if start <= s.sort_key[0] < end and covers(issues, s.fields["issue"])]
        got_timeline = [r["statement_id"] for r in store_positions.timeline(rec.ledger, seq, start, end, (), issues)]
        assert got_timeline == expected_timeline
        with mock.patch.object(store_positions, "CHUNK", 2):  # the order read by pages, each page's texts after it
            paged = [(r["statement_id"], r["position"]) for r in store_positions.timeline(rec.ledger, seq)]
        assert paged == [(s.id, s.fields["position"]) for s in in_force(folded)]

        expected_shifts = sorted((t.fields["party"], t.fields["issue"], t.fields["stated_on"], kind,
                                  f.id if f else "", t.id) for f, t, kind in shifts(folded))
        got_shifts = sorted((r["party"], r["issue"], r["stated_on"], r["kind"],
                             r["from"]["statement_id"] if r["from"] else "", r["to"]["statement_id"])
                            for r in store_positions.shifts(rec.ledger, seq))
        assert got_shifts == expected_shifts

        party = data.draw(st.sampled_from(PARTIES), label="history party")
        expected_history = [(s.id, s.retraction is not None, len(s.corrections))
                            for s in sorted(folded.values(), key=lambda s: s.sort_key) if s.fields["party"] == party]
        got_history = [(r["statement_id"], r["status"] == "retracted", len(r["corrections"]))
                       for r in store_statements.history(rec.ledger, party, (), seq)]
        assert got_history == expected_history

        query = parse_query(data.draw(st.sampled_from(["line", "WITHDRAW", "talk now", '"keep the"', "guarantees",
                                                        '"only after" elections', '"now talk"']), label="query"))
        as_of = data.draw(st.sampled_from([None, *WHENS]), label="search as of")
        end = parse_period(as_of).end if as_of else None
        expected_found = sorted(s.id for s in in_force(folded) if match(query, s.fields) is not None
                                and (end is None or s.sort_key[0] < end))
        assert sorted(r["statement_id"] for r in store_search(rec.ledger, query, seq, end)) == expected_found

        # parties and issues with their statements in force: at the head read from `topic`, earlier from versions
        for by, other, others in (("party", "issue", "issues"), ("issue", "party", "parties")):
            counted: dict[str, list] = {}
            for s in in_force(folded):
                counted.setdefault(s.fields[by], []).append(s.fields[other])
            expected_counts = [{by: key, "statements": len(found), others: len(set(found))}
                               for key, found in sorted(counted.items())]
            assert store_positions.counts(rec.ledger, by, seq) == expected_counts

        for statement in list(folded.values())[:3]:
            story = store_statements.show(rec.ledger, statement.id, seq)
            assert [v["content"] for v in story["versions"]] == [fields for _, fields in statement.versions]
            assert (story["retraction"] is None) == (statement.retraction is None)


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(events=histories(), data=st.data())
def test_store_agrees_with_the_reference_fold(backend, tmp_path, events, data):
    with fresh_location(backend, tmp_path) as location:
        rec = record(location, events)
        try:
            check_everything(rec, data)
        finally:
            rec.ledger.close()
