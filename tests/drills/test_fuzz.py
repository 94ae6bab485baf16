"""Fuzz drill: generated import files, dates and read options thrown at `stance`.

An import file is accepted whole or refused whole with `line N:` messages, never with a traceback, never leaving
part of itself in the log. A date, WHEN, --from/--to or --known-at is read or refused as a usage error (exit 2,
one line). Examples are derandomized, so a run here and in CI try the same cases.

Inputs that hit a bug already known (KNOWN_BUGS) are counted, not failed, so that the rest of the search goes on;
each bug found has its own test in test_fuzz_findings.py.
"""

import json
import re
from collections import Counter
from datetime import date

import pytest
from conftest import fresh_location
from drill_helpers import REPO, assert_verifies, backend_label, head_seq, invoke
from figures import Stopwatch, record
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from events.model import REQUIRED_STATEMENT_FIELDS, STATEMENT_FIELDS
from events.periods import NotADate, parse_known_at, parse_period
from events.vocabulary import STANCES

SAMPLE = REPO / "tests" / "data" / "sample.jsonl"
SAMPLE_IDS = [event["id"] for event in map(json.loads, SAMPLE.read_text().splitlines())
              if "type" not in event and "id" in event]
IMPORT_EXAMPLES = {"sqlite": 200, "postgres": 100}
DATE_EXAMPLES = 2000
OPTION_EXAMPLES = {"sqlite": 200, "postgres": 100}

PROVES_IMPORT = (
    "Generated import files — random bytes, broken UTF-8, deep and huge JSON, wrong types, unknown and missing "
    "fields, edge dates, blank lines, BOM and CRLF, valid and invalid lines mixed — are accepted whole (every "
    "event in the log, the log longer by what was reported) or refused whole (the log unchanged, every message "
    "`line N: …`, each line known to be wrong named), never with a traceback."
)
PROVES_DATES = (
    "events.periods.parse_period and parse_known_at return a period (start before end, precision of the form "
    "given) or raise NotADate for any text; nothing else escapes."
)
PROVES_OPTIONS = (
    "Every WHEN, --from/--to and --known-at given to as-of, timeline, diff, shifts and log either answers (exit 0, "
    "no error) or is a usage error (exit 2, one line on stderr), never a traceback."
)


def _names(e: BaseException, *needles: str) -> bool:
    return any(needle in str(e) for needle in needles)


# What the drill found; test_fuzz_findings.py shows each with plain examples. Remove an entry when it is fixed.
# Bugs the drill found are fixed (test_fuzz_findings.py keeps each as a plain test); a new one fails the drill.
KNOWN_BUGS: dict = {}


def known_bug(e: BaseException | None) -> str | None:
    if e is None or isinstance(e, SystemExit):
        return None
    return next((name for name, matches in KNOWN_BUGS.items() if matches(e)), None)


# No shrinking: it can take minutes here, and the drill must stay bounded; a failure shows the example as found.
_FUZZ = settings(derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck),
                 phases=(Phase.explicit, Phase.generate))


def fuzz(examples: int) -> settings:
    return settings(_FUZZ, max_examples=examples)


# --- dates ---------------------------------------------------------------------------------------------------------

digits = st.text("0123456789", min_size=1, max_size=5)
offsets = st.one_of(st.just("Z"), st.just(""), st.builds(
    lambda sign, h, m, colon: f"{sign}{h:02d}{':' if colon else ''}{m:02d}",
    st.sampled_from("+-"), st.integers(0, 30), st.integers(0, 99), st.booleans()))
edge_dates = st.one_of(
    st.sampled_from([
        "0000", "0001", "9999", "10000", "2024-02-29", "2025-02-29", "1900-02-29", "2000-02-29", "2025-00",
        "2025-13", "2025-12-32", "2025-04-31", "0001-01-01", "9999-12-31", "9999-12", "0001-01", "2025-W01",
        "2025-001", "20251127", " 2025", "2025 ", "２０２５", "٢٠٢٥", "2025-1-1", "2025-11-27T24:00:00Z",
        "2025-11-27T23:59:60Z", "2025-11-27T10:00", "2025-11-27 10:00:00+00:00", "2025-11-27T10:00:00.1234567Z",
        "9999-12-31T23:59:59.999999Z", "0001-01-01T00:00:00Z", "9999-12-31T23:00:00-05:00",
        "0001-01-01T00:00:00+05:00", "2025-11-27T10:00+24:00", "2025-11-27T10:00:00+00:99", "-2025", "+2025",
        "2025-11-27T10:00:00z", "2025-11-27t10:00:00Z", "", "seq:", "seq:-1", "seq:1.5", "seq:٣",
    ]),
    st.builds(lambda y, m, d: f"{y}-{m}-{d}", digits, digits, digits),
    st.builds(lambda y, m: f"{y}-{m}", digits, digits),
    st.builds(lambda y, mo, d, h, mi, s, frac, off: f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}{s}{frac}{off}",
              st.integers(0, 10000), st.integers(0, 13), st.integers(0, 32), st.integers(0, 25),
              st.integers(0, 61), st.sampled_from(["", ":00", ":59", ":60"]),
              st.sampled_from(["", ".5", ".123456", ".1234567"]), offsets),
)
valid_dates = st.one_of(
    st.integers(1, 9999).map(lambda y: f"{y:04d}"),
    st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(1, 9999), st.integers(1, 12)),
    st.dates().map(lambda d: d.isoformat()),
    st.builds(lambda d, h, m, off: f"{d.isoformat()}T{h:02d}:{m:02d}:00{off}",
              st.dates(min_value=date(1000, 1, 1), max_value=date(9000, 12, 31)),
              st.integers(0, 23), st.integers(0, 59), st.sampled_from(["Z", "+03:00", "-05:30", "+14:00"])),
)
any_text = st.text(st.characters(exclude_characters="\x00"), max_size=40)
seqs = st.builds(lambda n: f"seq:{n}", st.one_of(st.integers(0, 10**6), st.integers(2**62, 2**70),
                                                 st.integers(10**25, 10**30)))
date_inputs = st.one_of(edge_dates, valid_dates, any_text, seqs)


def test_the_date_parsers_read_or_refuse_every_text():
    watch = Stopwatch()
    tally: Counter[str] = Counter()

    @fuzz(DATE_EXAMPLES)
    @given(date_inputs)
    def check(text: str) -> None:
        tally["cases"] += 1
        for parse in (parse_period, parse_known_at):
            try:
                result = parse(text)
            except NotADate:
                tally["refused"] += 1
                continue
            except Exception as e:  # noqa: BLE001 - sorted into known bugs, or failed
                bug = known_bug(e)
                assert bug, f"{parse.__name__}({text!r}) raised {e!r}"
                tally[f"known bug: {bug}"] += 1
                continue
            tally["read"] += 1
            if parse is parse_period:
                assert result.start < result.end and result.text == text
                assert result.precision == {4: "year", 7: "month", 10: "day"}.get(len(text), "instant")
            else:
                assert result[0] == ("seq" if text.startswith("seq:") else "time")

    check()
    record("fuzz-dates", "none", PROVES_DATES, watch.seconds, cases=tally.pop("cases"),
           outcomes=dict(sorted(tally.items())))


# --- import files --------------------------------------------------------------------------------------------------

slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
words = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30).filter(str.strip)


def in_the_past(text: str) -> str:
    """The same date moved back by whole 400-year cycles (leap days stay valid) to 2025 at the latest: a stated date
    after the moment of recording is refused, and a statement line here must be one the store may accept."""
    year = int(text[:4])
    if year > 2025:
        year -= 400 * -(-(year - 2025) // 400)
    return f"{year:04d}{text[4:]}"


@st.composite
def statements(draw) -> dict:
    event = {"stated_on": draw(valid_dates.map(in_the_past)), "party": draw(slugs),
             "issue": "/".join(draw(st.lists(slugs, min_size=1, max_size=3))),
             "stance": draw(st.sampled_from(STANCES)), "position": draw(words),
             "source": draw(st.sampled_from([{"outlet": "TASS"}, {"url": "https://example.org/a"},
                                             {"outlet": "Reuters", "published_on": "2025-11-28"}]))}
    for name in ("speaker", "role", "conditions", "quote", "note", "evidence"):
        if draw(st.booleans()):
            event[name] = draw(words)
    if draw(st.booleans()):
        event["tags"] = draw(st.lists(slugs, max_size=3))
    return event


def dumps(event) -> bytes:
    return json.dumps(event, ensure_ascii=False).encode("utf-8", "surrogatepass")


wrong_values = st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(),
                         st.lists(st.integers(), max_size=2), st.dictionaries(slugs, st.integers(), max_size=2))
TEXT_FIELDS = [f for f in STATEMENT_FIELDS if f not in ("source", "tags")]
BAD_UTF8 = [b"\xff", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf8\x88\x80\x80\x80", b"\x80"]

# Each line: (its bytes, True when it is wrong for certain and must be named in a refusal).
good_lines = st.one_of(
    statements().map(lambda e: (dumps(e), False)),
    st.tuples(st.sampled_from(SAMPLE_IDS), words, st.sampled_from(["correction", "retraction"])).map(
        lambda t: (dumps({"type": t[2], "target": t[0], "reason": t[1]} | (
            {"changes": {"note": t[1]}} if t[2] == "correction" else {})), False)),
    st.sampled_from([b"", b"   ", b"\t"]).map(lambda b: (b, False)),
)
line_kinds = st.one_of(
    good_lines,
    st.tuples(statements(), st.sampled_from(TEXT_FIELDS), wrong_values).map(
        lambda t: (dumps({**t[0], t[1]: t[2]}), True)),
    st.tuples(statements(), slugs.filter(lambda k: k not in STATEMENT_FIELDS and k not in ("id", "type"))).map(
        lambda t: (dumps({**t[0], t[1]: "x"}), True)),
    st.tuples(statements(), st.sampled_from(sorted(REQUIRED_STATEMENT_FIELDS))).map(
        lambda t: (dumps({k: v for k, v in t[0].items() if k != t[1]}), True)),
    st.tuples(statements(), edge_dates).map(lambda t: (dumps({**t[0], "stated_on": t[1]}), False)),
    st.tuples(statements(), st.sampled_from(BAD_UTF8)).map(
        lambda t: (dumps({**t[0], "position": "MARK"}).replace(b"MARK", b"ab" + t[1] + b"cd"), True)),
    st.binary(max_size=120).map(lambda b: (b.replace(b"\n", b""), False)),
    st.integers(1, 3000).map(lambda d: (b'{"source": ' + b"[" * d + b"]" * d + b"}", True)),
    st.integers(1, 3000).map(lambda d: (b'{"source": ' + b'{"a": ' * d + b"1" + b"}" * d + b"}", True)),
    st.tuples(statements(), st.integers(1_990, 2_010)).map(lambda t: (dumps({**t[0], "position": "p" * t[1]}), False)),
    st.tuples(statements(), st.integers(1 << 20, (1 << 20) + 64)).map(
        lambda t: (dumps({**t[0], "note": "n" * t[1]}), True)),
    st.one_of(st.lists(st.integers(), max_size=3), st.integers(), st.text(max_size=10), st.none()).map(
        lambda v: (json.dumps(v).encode(), True)),
    st.tuples(st.uuids(), st.sampled_from(["correction", "retraction"])).map(
        lambda t: (dumps({"type": t[1], "target": str(t[0]), "reason": "r", "changes": {"note": "n"}}), True)),
)


@st.composite
def import_files(draw) -> tuple[bytes, list[bool]]:
    kinds = good_lines if draw(st.integers(0, 2)) == 0 else line_kinds  # a third of the files could go in whole
    lines = draw(st.lists(kinds, min_size=0, max_size=12))
    ending = draw(st.sampled_from([b"\n", b"\r\n"]))
    data = ending.join(raw for raw, _ in lines)
    if lines and draw(st.booleans()):
        data += ending
    if draw(st.integers(0, 9)) == 0:
        data = b"\xef\xbb\xbf" + data
    return data, [bad for _, bad in lines]


IMPORTED = re.compile(r"imported (\d+) events? \(.*\) · seq (\d+)–(\d+)(?: · (\d+) already in the log, skipped)?")
NOTHING_NEW = re.compile(r"nothing new: all (\d+) events of stdin are already in the log")
LINE = re.compile(r"line (\d+): ")


def check_import(url: str, data: bytes, bad: list[bool], tally: Counter) -> None:
    before = head_seq(url)
    result = invoke(url, "import", "-", input=data)
    after = head_seq(url)
    bug = known_bug(result.exception)
    if bug:
        tally[f"known bug: {bug}"] += 1
        assert after == before
        return
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    events = sum(1 for i, raw in enumerate(data.split(b"\n")) if (raw[3:] if i == 0 and raw.startswith(
        b"\xef\xbb\xbf") else raw).strip())
    if result.exit_code == 0:
        assert not any(bad), f"accepted a file with a wrong line: {bad}"
        assert result.stderr == ""
        out = result.stdout.strip()
        if m := IMPORTED.fullmatch(out):
            added, first, last, skipped = int(m[1]), int(m[2]), int(m[3]), int(m[4] or 0)
            assert (first, last, after - before) == (before + 1, before + added, added)
        elif m := NOTHING_NEW.fullmatch(out):
            added, skipped = 0, int(m[1])
        else:
            assert out == "nothing to import: stdin holds no events", out
            added = skipped = 0
        assert added + skipped == events and after == before + added
        tally["accepted"] += 1
        return
    assert result.exit_code == 1, (result.exit_code, result.stderr)
    assert after == before, "a refused file left events in the log"
    lines = result.stderr.splitlines()
    assert lines[-1] == "error: nothing was written", lines
    named = set()
    for line in lines[:-1]:
        if line.startswith("… and "):
            continue
        m = LINE.match(line)
        assert m, f"a refusal without its line: {line!r}"
        named.add(int(m[1]))
    assert named and max(named) <= len(bad)
    wrong = [n for n, b in enumerate(bad, 1) if b]
    if wrong and not lines[-2].startswith("… and "):
        assert set(wrong) <= named, f"lines {wrong} are wrong, the refusal names {sorted(named)}"
    tally["refused"] += 1


@pytest.mark.slow
def test_fuzzed_imports_are_accepted_or_refused_whole(backend, tmp_path):
    watch = Stopwatch()
    tally: Counter[str] = Counter()
    with fresh_location(backend, tmp_path, migrated=True) as url:
        assert invoke(url, "import", str(SAMPLE)).exit_code == 0

        @fuzz(IMPORT_EXAMPLES[backend])
        @given(import_files())
        def check(file: tuple[bytes, list[bool]]) -> None:
            tally["cases"] += 1
            tally["lines"] += len(file[1])
            check_import(url, *file, tally)

        check()
        assert_verifies(url)
        record("fuzz-import", backend, PROVES_IMPORT, watch.seconds, server=backend_label(backend, url),
               cases=tally.pop("cases"), lines=tally.pop("lines"), events_in_the_log_after=head_seq(url),
               outcomes=dict(sorted(tally.items())))


# --- read options --------------------------------------------------------------------------------------------------

option_inputs = st.one_of(edge_dates, valid_dates, any_text, seqs)
read_commands = st.one_of(
    st.builds(lambda w: ["as-of", w], option_inputs),
    st.builds(lambda w, k: ["as-of", w, "--known-at", k], valid_dates, option_inputs),
    st.builds(lambda a, b: ["timeline", "--from", a, "--to", b, "-f", "json"], option_inputs, option_inputs),
    st.builds(lambda a, b: ["diff", a, b], option_inputs, option_inputs),
    st.builds(lambda k: ["log", "--known-at", k, "-f", "jsonl"], option_inputs),
    st.builds(lambda k: ["shifts", "--known-at", k, "-f", "csv"], option_inputs),
)


@pytest.mark.slow
def test_every_when_and_known_at_is_read_or_refused_as_usage(backend, tmp_path):
    watch = Stopwatch()
    tally: Counter[str] = Counter()
    with fresh_location(backend, tmp_path, migrated=True) as url:
        assert invoke(url, "import", str(SAMPLE)).exit_code == 0

        @fuzz(OPTION_EXAMPLES[backend])
        @given(read_commands)
        def check(args: list[str]) -> None:
            tally["cases"] += 1
            result = invoke(url, *args)
            bug = known_bug(result.exception)
            if bug:
                tally[f"known bug: {bug}"] += 1
                return
            assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
            assert result.exit_code in (0, 2), (args, result.exit_code, result.stderr)
            if result.exit_code == 2:
                assert result.stderr.startswith("error: ") and result.stderr.endswith("\n"), result.stderr
                assert result.stderr.count("\n") == 1, result.stderr
                tally["usage error"] += 1
            else:  # an answer; an empty one may say so on stderr ("no positions as of …")
                assert "error" not in result.stderr and result.stderr.count("\n") <= 1, result.stderr
                tally["answered"] += 1

        check()
        record("fuzz-options", backend, PROVES_OPTIONS, watch.seconds, server=backend_label(backend, url),
               cases=tally.pop("cases"), outcomes=dict(sorted(tally.items())))
