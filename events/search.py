"""Full-text search without a database: how text becomes words, what a query means, which statements match it,
how well, and the snippet that shows why.

Both backends index the words `index_words` makes and are asked only for statements holding every word of the
query; the match itself (phrases included), the rank and the snippet are decided here, so SQLite and PostgreSQL
answer a query with the same rows. A word is a run of letters and digits; it is matched without regard to case
or accents (`É` finds `e`, `Ё` finds `е`), and without stemming (`guarantee` does not find `guarantees`).
"""

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

MAX_QUERY = 1000  # characters
MAX_WORD = 64  # characters of a folded word that count; longer words are cut to it on both sides
MAX_TERMS = 32
SEARCHED_FIELDS = ("position", "quote", "conditions", "speaker", "role", "note", "evidence", "source.title")
WEIGHTS = {"position": 3.0, "quote": 2.0, "conditions": 1.5}  # every other field weighs 1
MARK = "**"  # around each matched word in a snippet
SNIPPET_WORDS = 24


# Accents and vowel points, dropped when words are compared: the combining diacritics (Latin, Greek, Cyrillic
# accents after decomposition), Cyrillic, Hebrew and Arabic marks.
_ACCENTS = "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed" \
           "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# The scripts whose vowel signs are marks inside words (Indic, Thai, Lao, Tibetan, Myanmar, Khmer): kept in them.
_SCRIPTS = "\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff"
_DROP = re.compile(f"[{_ACCENTS}]+")
_RUN = re.compile(f"[\\w{_ACCENTS}{_SCRIPTS}]+")  # a word in the text as written
_WORD = re.compile(f"[\\w{_SCRIPTS}]+")  # a word once folded
_ASCII_WORD = re.compile(r"[a-z0-9]+")
_ASCII_RUN = re.compile(r"[A-Za-z0-9]+")


class BadQuery(ValueError):
    """A query that cannot be searched for: the message says why, in one line."""


def _fold(text: str) -> str:
    """Text as words are compared: compatibility forms decomposed (ﬁ → fi, ½ → 1⁄2), accents dropped, case folded.
    Each character folds on its own, so folding a text is folding its words one by one."""
    return _DROP.sub("", unicodedata.normalize("NFKD", text)).casefold().replace("_", " ")


# A text is folded whole when what stands between its words keeps them apart as the NUL between words folded on
# their own does: ASCII, or these (spaces, dashes, quotes and other punctuation): no word character, folding to
# something and to no word character (not ™, №), and holding no mark that canonical reordering could move past
# it (not ´). Anything else between words, and only the words as written are folded, joined by NUL.
_GAP_CANDIDATES = ((0x80, 0x100), (0x2000, 0x2070), (0x3000, 0x3040), (0xFF00, 0xFF66))  # Latin-1, punctuation
_SAFE_GAPS = "".join(
    c for c in (chr(code) for low, high in _GAP_CANDIDATES for code in range(low, high))
    if not _RUN.match(c) and not any(unicodedata.combining(d) for d in unicodedata.normalize("NFKD", c))
    and _fold(c) and not _WORD.search(_fold(c)))
_UNSAFE_GAP = re.compile(f"[^\\x00-\\x7f\\w{_ACCENTS}{_SCRIPTS}{re.escape(_SAFE_GAPS)}]")


def spans(text: str) -> Iterator[tuple[int, int, list[str]]]:
    """Each word of `text` as written: its start, its end and the folded words it stands for (usually one)."""
    if text.isascii():  # the same words, found by the simpler expression
        for m in _ASCII_RUN.finditer(text):
            yield m.start(), m.end(), [m.group().lower()[:MAX_WORD]]
        return
    for m in _RUN.finditer(text.replace("_", " ")):  # an underscore separates words (\w counts it)
        yield m.start(), m.end(), [w[:MAX_WORD] for w in _WORD.findall(_fold(m.group()))]


def _words(text: str) -> list[str]:
    """The folded words of a text not all in ASCII, before they are cut to MAX_WORD."""
    text = text.replace("_", " ")  # an underscore separates words (\w counts it)
    if _UNSAFE_GAP.search(text):
        # NUL is no word character and folds to itself, so no word runs across it.
        text = "\0".join(_RUN.findall(text))
    return _WORD.findall(_fold(text))


def words(text: str) -> list[str]:
    """The folded words of `text`, in order: those `spans` gives, found in one pass over the whole text."""
    if text.isascii():
        return [w[:MAX_WORD] for w in _ASCII_WORD.findall(text.lower())]
    return [w[:MAX_WORD] for w in _words(text)]


def field_texts(fields: Mapping[str, Any]) -> dict[str, str]:
    """The searched text of a statement, field by field (absent fields left out)."""
    texts = {}
    for name in SEARCHED_FIELDS:
        if name == "source.title":
            value = (fields.get("source") or {}).get("title")
        else:
            value = fields.get(name)
        if value:
            texts[name] = value
    return texts


_TOP_FIELDS = tuple(name for name in SEARCHED_FIELDS if name != "source.title")


def index_words(fields: Mapping[str, Any]) -> str:
    """What the index holds for one version of a statement: its distinct words, space-separated, sorted."""
    title = (fields.get("source") or {}).get("title")
    found: set[str] = set()
    for text in filter(None, (*map(fields.get, _TOP_FIELDS), title)):  # the texts `field_texts` gives
        found.update(_ASCII_WORD.findall(text.lower()) if text.isascii() else _words(text))
    if found and len(max(found, key=len)) > MAX_WORD:
        found = {w[:MAX_WORD] for w in found}
    return " ".join(sorted(found))


@dataclass(frozen=True)
class Query:
    """A parsed query: terms, each a tuple of words (one word, or a phrase in double quotes)."""

    terms: tuple[tuple[str, ...], ...]

    @property
    def all_words(self) -> list[str]:
        """Every word a matching statement must hold, each once: what the index is asked for."""
        return sorted({w for term in self.terms for w in term})


def parse_query(text: str) -> Query:
    """Words and "phrases"; an unbalanced quote runs to the end of the query. BadQuery when nothing is left."""
    if len(text) > MAX_QUERY:
        raise BadQuery(f"the query is {len(text):,} characters long; at most {MAX_QUERY:,} are searched")
    terms: list[tuple[str, ...]] = []
    for i, part in enumerate(text.split('"')):
        found = words(part)
        if i % 2 == 1 and len(found) > 1:
            terms.append(tuple(found))
        else:
            terms.extend((w,) for w in found)
    unique = tuple(dict.fromkeys(terms))
    if not unique:
        raise BadQuery("the query has no words to search for (letters or digits)")
    if len(unique) > MAX_TERMS:
        raise BadQuery(f"the query has {len(unique)} words and phrases; at most {MAX_TERMS} are searched")
    return Query(unique)


@dataclass(frozen=True)
class Match:
    rank: float
    snippet: str


def _occurrences(folded: list[str], term: tuple[str, ...]) -> list[int]:
    n = len(term)
    return [i for i in range(len(folded) - n + 1) if tuple(folded[i:i + n]) == term]


def _scored(query: Query, texts: Mapping[str, str]) -> tuple[float, str] | None:
    """The rank of a statement's texts and the field of its snippet (None: it does not hold every term).

    The rank is a BM25-like sum over terms and fields: repeated words count less and less, short fields more than
    long ones, and the position, the quote and the conditions more than the rest. Higher is better. The snippet's
    field is the one that scores most (the first of them on a tie)."""
    found_terms = set()
    score, best, best_score = 0.0, None, -1.0
    for name, text in texts.items():
        folded = words(text)  # the words `spans` gives, in one pass: no positions are needed to rank
        field_score, hit = 0.0, False
        for term in query.terms:
            tf = folded.count(term[0]) if len(term) == 1 else len(_occurrences(folded, term))
            if tf:
                found_terms.add(term)
                hit = True
                field_score += tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * len(folded) / 20))
        field_score *= WEIGHTS.get(name, 1.0)
        score += field_score
        if hit and field_score > best_score:
            best, best_score = name, field_score
    if len(found_terms) < len(query.terms):
        return None
    return round(score, 6), best


def rank(query: Query, fields: Mapping[str, Any]) -> float | None:
    """How well a statement matches, as `match` gives it, without making its snippet (None: no match)."""
    scored = _scored(query, field_texts(fields))
    return None if scored is None else scored[0]


def match(query: Query, fields: Mapping[str, Any]) -> Match | None:
    """How well a statement matches (None: it does not hold every term, see `_scored`), and the snippet of the
    field that scores most."""
    texts = field_texts(fields)
    scored = _scored(query, texts)
    if scored is None:
        return None
    score, name = scored
    toks = [(s, e, w) for s, e, folded in spans(texts[name]) for w in folded]
    folded = [w for _, _, w in toks]
    hits = {i + k for term in query.terms for i in _occurrences(folded, term) for k in range(len(term))}
    return Match(score, _snippet(texts[name], toks, hits))


def _snippet(text: str, toks: list[tuple[int, int, str]], hits: set[int]) -> str:
    """Up to SNIPPET_WORDS words of `text` around its first hit, each matched word between MARKs."""
    first = min(hits)
    low = max(0, first - SNIPPET_WORDS // 4)
    high = min(len(toks), low + SNIPPET_WORDS)
    low = max(0, high - SNIPPET_WORDS)
    start = 0 if low == 0 else toks[low][0]
    end = len(text) if high == len(toks) else toks[high - 1][1]
    out, at = [], start
    marked = sorted({(toks[i][0], toks[i][1]) for i in hits if low <= i < high})
    for s, e in marked:
        out.append(_plain(text[at:s]))
        out.append(MARK + _plain(text[s:e]) + MARK)
        at = e
    out.append(_plain(text[at:end]))
    body = "".join(out)
    return ("…" if start > 0 else "") + " ".join(body.split()) + ("…" if end < len(text) else "")


def _plain(text: str) -> str:
    """Text between marks: a MARK in the statement itself would read as one, so it is broken up."""
    return text.replace(MARK, "* *")


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """A snippet as (text, matched) pieces, for a page that highlights the matched words."""
    return [(piece, i % 2 == 1) for i, piece in enumerate(snippet.split(MARK)) if piece]
