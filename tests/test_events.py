"""Pure event handling: content ids, nesting limits, periods at the edges of the calendar."""

import uuid

import orjson
import pytest

from events.canonical import CONTENT_NAMESPACE, content_id
from events.lines import decode_jsonl
from events.periods import NotADate, parse_known_at, parse_period


@pytest.mark.parametrize("body", [b"{}", '{"position":"привет 🌍"}'.encode(), b'{"a":"' + b"x" * 5000 + b'"}'])
def test_content_id_is_uuid5_of_the_canonical_json(body):
    assert content_id(body) == str(uuid.uuid5(CONTENT_NAMESPACE, body.decode()))


def test_deep_json_is_refused_with_its_line():
    deep = b"[" * 2000 + b"]" * 2000
    [(number, event, problems)] = list(decode_jsonl([deep]))
    assert (number, event) == (1, None)
    assert problems[0].startswith("malformed JSON (depth limit exceeded")


def test_deep_changes_are_refused_before_reencoding():
    line = orjson.dumps({"type": "correction", "target": str(uuid.uuid4()), "reason": "r",
                         "changes": {"quote": [[[["too deep"]]]]}})
    [(_, event, problems)] = list(decode_jsonl([line]))
    assert event is None
    assert problems == ["changes: 'quote' is nested deeper than any field can be"]


@pytest.mark.parametrize("text, precision", [
    ("0001", "year"), ("9999", "year"), ("9999-12", "month"), ("9999-12-31", "day"), ("2024-02-29", "day"),
    ("2025-11-27T10:00:00.123456+03:00", "instant"), ("2025-11-27T23:30-05:00", "instant"),
])
def test_calendar_edges(text, precision):
    period = parse_period(text)
    assert period.precision == precision and period.start < period.end


@pytest.mark.parametrize("text", ["0000", "2025-02-29", "2025-00", "2025-1", "25", "2025-11-27T25:00Z",
                                  "2025-11-27 10:00", "２０２５", "2025-11-27T10:00:00+25:00"])
def test_not_dates(text):
    with pytest.raises(NotADate):
        parse_period(text)


def test_known_at_forms():
    assert parse_known_at("seq:0") == ("seq", 0)
    assert parse_known_at("2025") == ("time", parse_period("2026").start)
    for text in ("seq:", "seq:-1", "seq:１", "seq:1.5"):
        with pytest.raises(NotADate):
            parse_known_at(text)
