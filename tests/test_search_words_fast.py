"""`words`, `spans` and `index_words` give exactly the words of the implementation kept below as the reference, for
any text: the index of a store made before holds these words, and `verify` compares it with them.
"""

import re
import sys
import unicodedata

import orjson
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from benchmarks.synthetic import write_history
from events import search
from events.search import index_words, spans, words

# The reference: events/search.py as it was before a text was folded whole (only its words, joined by NUL, were).
MAX_WORD = 64
SEARCHED_FIELDS = ("position", "quote", "conditions", "speaker", "role", "note", "evidence", "source.title")
_ACCENTS = "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed" \
           "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_SCRIPTS = "\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff"
_DROP = re.compile(f"[{_ACCENTS}]+")
_RUN = re.compile(f"[\\w{_ACCENTS}{_SCRIPTS}]+")
_WORD = re.compile(f"[\\w{_SCRIPTS}]+")
_ASCII_WORD = re.compile(r"[a-z0-9]+")
_ASCII_RUN = re.compile(r"[A-Za-z0-9]+")


def ref_fold(text):
    return _DROP.sub("", unicodedata.normalize("NFKD", text)).casefold().replace("_", " ")


def ref_spans(text):
    if text.isascii():
        for m in _ASCII_RUN.finditer(text):
            yield m.start(), m.end(), [m.group().lower()[:MAX_WORD]]
        return
    for m in _RUN.finditer(text.replace("_", " ")):
        yield m.start(), m.end(), [w[:MAX_WORD] for w in _WORD.findall(ref_fold(m.group()))]


def ref_words(text):
    if text.isascii():
        return [w[:MAX_WORD] for w in _ASCII_WORD.findall(text.lower())]
    return [w[:MAX_WORD] for w in _WORD.findall(ref_fold("\0".join(_RUN.findall(text.replace("_", " ")))))]


def ref_field_texts(fields):
    texts = {}
    for name in SEARCHED_FIELDS:
        if name == "source.title":
            value = (fields.get("source") or {}).get("title")
        else:
            value = fields.get(name)
        if value:
            texts[name] = value
    return texts


def ref_index_words(fields):
    return " ".join(sorted({w for text in ref_field_texts(fields).values() for w in ref_words(text)}))


def test_the_reference_is_the_module_s_own_definition():
    assert (search.MAX_WORD, search.SEARCHED_FIELDS) == (MAX_WORD, SEARCHED_FIELDS)
    assert (search._RUN.pattern, search._WORD.pattern, search._DROP.pattern) == \
        (_RUN.pattern, _WORD.pattern, _DROP.pattern)
    assert (search._ASCII_WORD.pattern, search._ASCII_RUN.pattern) == (_ASCII_WORD.pattern, _ASCII_RUN.pattern)


def same(text: str) -> None:
    """Every function on `text` against the reference."""
    assert words(text) == ref_words(text)
    assert list(spans(text)) == list(ref_spans(text))
    assert index_words({"position": text}) == ref_index_words({"position": text})


# Characters where folding is not one character to one: compatibility forms, marks dropped or kept (and the
# canonical reordering of a run of marks), case folding that changes length, word characters that are not letters,
# separators, NUL.
TRICKY = (
    "_\0 \t\n\u00a0\u2028\x1c\x1f.,-'\"«»—…"  # separators (\x1c-\x1f: whitespace to str.split, not to \s in text)
    "™℠㎏Ⓐⓐ⒜①⑴½¼⅓⁄²³¹ﬁﬂﬀﬃſt\u2126\u212a\u212bÅ"  # compatibility and singleton decompositions
    "ＡＺａｚ０９＿ｶﾞ"  # fullwidth, halfwidth
    "\u0300\u0301\u0308\u0323\u0327\u0345\u0483\u0488\u0489\u0591\u05b0\u05bc\u05c7\u0610\u064b\u0651\u0670"
    "\u06d6\u08e4\u08f0\u1ab0\u1dc0\u20d0\u20e3\ufe20\u302a\u302f"  # marks, dropped and not
    "\u093c\u094d\u0941\u0902\u0e31\u0e38\u0e48\u0e4c\u0f71\u0f72\u0f80\u1039\u17d2"  # vowel signs kept in words
    "āéèêëïîöüçñøåæœßẞİıIiΣσςΐΰᾳᾼῼǅǈǋ"  # Latin and Greek: accents, case folding
    "йЙёЁїЇіІґҐщЪ"  # Cyrillic, Ukrainian
    "中文新华社가각힣\u1100\u1161\u11a8ㄱㅏ"  # Chinese, Hangul syllables and jamo
    "शक्तिक़ไทยที่นี่ສະບາຍ"  # Devanagari, Thai, Lao
    "שָׁלוֹםسَلام"  # Hebrew and Arabic with points
    "𝐀𝐳𝟘𝟗𐐀𐐨🙂\U000e0100\U0001d165\U0001d16e"  # astral: math letters, Deseret, emoji, marks
    "aZ09"
)


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=st.sampled_from(TRICKY), max_size=40))
@example("")
@example("Sécurité_garanties, ПЕРЕГОВОРЫ — Їжак ½™ﬁx")
@example("a\u0308\u0323 a\u0323\u0308 ก\u0e48\u0e38 ก\u0e38\u0e48 क\u094d\u093c")  # marks reordered by NFKD
@example("x\u08e4\u0e48y ก\u0488\u0e48\u0e38")  # a kept mark after a mark that is no word character
@example("ß" * 40 + " " + "é" * 70 + " " + "ǅ" * 65 + "½" * 40 + " " + "a" * 64 + "½")  # words cut to MAX_WORD
@example("\u0301\u0308 \u0301x \u05b0\u05bc")  # runs of dropped marks only: no word
def test_tricky_characters(text):
    same(text)


@settings(max_examples=600, deadline=None)
@given(st.text(max_size=60))
def test_any_text(text):
    same(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(categories=("L", "M", "N", "Pc", "Zs")), max_size=60))
def test_letters_marks_and_numbers(text):
    same(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["", "a", "É", "x½", "Лавров", "_", "中文", "™", "\0", "ﬁ" * 33, " "]), max_size=12)
       .map("".join))
def test_joined_pieces(text):
    same(text)


def test_every_character():
    """Every code point but the surrogates run together with others and alone; every one assigned (and every one
    that could stand between words in a text folded whole) between letters and between marks: dropped, kept, in
    canonical order and not."""
    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    assigned = [c for c in chars if unicodedata.category(c) != "Cn" or "\x80" <= c < "\uff66"]
    for group, contexts in ((chars, ("", " ")), (assigned, ("é", "\u0301", "\u0e48", "\u0323a\u0301"))):
        for i in range(0, len(group), 2048):
            block = group[i:i + 2048]
            for text in map(str.join, contexts, [block] * len(contexts)):
                assert words(text) == ref_words(text)
                assert index_words({"quote": text}) == ref_index_words({"quote": text})
    for i in range(0, len(assigned), 2048):
        text = "a".join(assigned[i:i + 2048])
        assert list(spans(text)) == list(ref_spans(text))


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries({}, optional={
    name: st.text(alphabet=st.sampled_from(TRICKY), max_size=20) | st.sampled_from(["", "Ukraine", "Україна"])
    for name in ("position", "quote", "conditions", "speaker", "role", "note", "evidence", "outlet")}),
    st.none() | st.fixed_dictionaries({}, optional={"title": st.text(alphabet=st.sampled_from(TRICKY), max_size=20),
                                                     "outlet": st.text(max_size=5)}))
def test_index_words_of_every_field(fields, source):
    if source is not None:
        fields["source"] = source
    assert index_words(fields) == ref_index_words(fields)


@pytest.mark.parametrize("fields", [
    {"position": 5}, {"position": ["a"]}, {"position": "a", "quote": {"x": 1}}, {"position": b"abc"},
    {"position": "é", "evidence": b"\xc3\xa9"}, {"source": "title"}, {"source": ["title"]},
    {"position": 7, "source": "x"}, {"source": {"title": 3}},
])
def test_a_field_that_is_not_text_fails_as_before(fields):
    with pytest.raises(Exception) as want:
        ref_index_words(fields)
    with pytest.raises(want.type, match=re.escape(str(want.value))):
        index_words(fields)


def test_fields_that_are_empty_or_absent():
    for fields in ({}, {"position": ""}, {"position": None, "source": None}, {"source": {}}, {"note": "_ _"},
                   {"source": {"title": "Le Monde"}}, {"position": "A", "quote": "a", "tags": ["b"]}):
        assert index_words(fields) == ref_index_words(fields)


def test_the_characters_kept_between_words_when_a_text_is_folded_whole():
    """Those outside ASCII: no word character, folding to something and to no word character, without a mark."""
    assert "«" in search._SAFE_GAPS and "—" in search._SAFE_GAPS and "\u00a0" in search._SAFE_GAPS
    for c in "™№´¨\u0301ﬁ½é\u0e48":
        assert c not in search._SAFE_GAPS
    for c in search._SAFE_GAPS:
        assert not _RUN.match(c) and ref_fold(c) and not _WORD.search(ref_fold(c))
        assert all(unicodedata.combining(d) == 0 for d in unicodedata.normalize("NFKD", c))


def test_every_statement_of_a_history(tmp_path):
    path = tmp_path / "history.jsonl"
    write_history(path, 2_000)
    checked = 0
    for line in path.read_bytes().splitlines():
        event = orjson.loads(line)
        fields = event.get("changes", event)
        assert index_words(fields) == ref_index_words(fields)
        for text in ref_field_texts(fields).values():
            assert words(text) == ref_words(text)
            assert list(spans(text)) == list(ref_spans(text))
        checked += 1
    assert checked == 2_000


def ref_rank(query, fields):
    """The rank as it was made from the words' positions (`spans`), before `rank` counted words alone."""
    from events.search import WEIGHTS, field_texts

    found_terms, score = set(), 0.0
    for name, text in field_texts(fields).items():
        folded = [w for _, _, ws in spans(text) for w in ws]
        field_score = 0.0
        for term in query.terms:
            tf = len([i for i in range(len(folded) - len(term) + 1) if tuple(folded[i:i + len(term)]) == term])
            if tf:
                found_terms.add(term)
                field_score += tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * len(folded) / 20))
        score += field_score * WEIGHTS.get(name, 1.0)
    return round(score, 6) if len(found_terms) == len(query.terms) else None


PIECES = ["talks", "Talks", "ceasefire", "ПЕРЕГОВОРЫ", "переговоры", "Élysée", "elysee", "½", "ﬁre", "_", " ", ", ",
          "security guarantees", "\u0301", "中文"]


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(["position", "quote", "note", "speaker"]),
                       st.lists(st.sampled_from(PIECES), min_size=1, max_size=10).map(" ".join), min_size=1),
       st.lists(st.sampled_from(['talks', 'ceasefire', 'переговоры', 'elysee', '"security guarantees"', 'fire',
                                 '"talks ceasefire"']), min_size=1, max_size=3).map(" ".join))
def test_the_rank_from_words_alone_is_the_rank_from_their_positions(fields, query):
    from events.search import match, parse_query, rank

    parsed = parse_query(query)
    expected = ref_rank(parsed, fields)
    assert rank(parsed, fields) == expected
    found = match(parsed, fields)
    assert (found.rank if found else None) == expected
