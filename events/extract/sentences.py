"""Sentences of an article, never split inside a quotation, with the spans of the quoted words.

Curly and straight double quotes both count. Single quotes count only for a quotation that opens a paragraph and
closes after its last stop ("'We are ready,' Berg said."), as some outlets print every quotation: elsewhere they are
apostrophes too often. A quotation
may run over several paragraphs when each new paragraph opens with a quote mark, as newspapers print it. A quote mark
that never closes, and is not continued in the next paragraph, is stray and ignored.
"""

import re
from dataclasses import dataclass

OPENING = "“«„"
CLOSING = "”»"
STRAIGHT = '"'
EVIDENCE_JOIN = " […] "  # between passages that are not adjacent, as the dataset writes evidence
# After a closing mark with no opening one: only an attribution ("he declared."), so the quotation began the paragraph
_LOST_OPENING = re.compile(r"\s*[,-]*\s*(?:(?:he|she|they|it|[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)?)\s+\w+(?: \w+)?|"
                           r"[^.“”\"]{1,50}?\b(?:said|says|told|added|declared|stated|wrote|noted)\b[^.“”\"]{0,60})"
                           r"\s*[.]?\s*$")

_ABBREVIATIONS = frozenset("""
    mr mrs ms dr prof gen lt col maj capt sgt adm gov sen rep amb pres st jr sr no vs etc approx est dept
    jan feb mar apr jun jul aug sep sept oct nov dec
""".split())
# What may follow a stop that ends a sentence: closing marks, a space, and a capital or an opening quote.
_AFTER_STOP = re.compile(r"([\"”’»)\]]*)\s+(?=[A-Z“\"«À-ÖØ-ÞА-Я])")


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str  # the sentence, paragraphs joined by single spaces
    pieces: tuple[str, ...]  # its verbatim text in each paragraph it spans
    quotes: tuple[tuple[int, int], ...]  # spans of quoted words in `text` (inside the marks)
    paragraph: int  # index of the paragraph it starts in
    index: int  # position among the article's sentences
    opens_paragraph: bool

    @property
    def evidence(self) -> str:
        return EVIDENCE_JOIN.join(self.pieces)

    def quoted(self) -> list[str]:
        return [self.text[a:b] for a, b in self.quotes]

    def masked(self) -> str:
        """The sentence with quoted words blanked out (same length), to read its structure."""
        chars = list(self.text)
        for a, b in self.quotes:
            chars[a:b] = "_" * (b - a)
        return "".join(chars)

    def is_all_quote(self) -> bool:
        outside = self.masked().replace("_", "")
        return bool(self.quotes) and not re.sub(rf"[\s{OPENING}{CLOSING}{STRAIGHT}.,;:!?—–-]", "", outside)


SINGLE_OPENING = "'‘"
# A paragraph opening with a single-quoted quotation: the mark, a capital, and the first close after a stop
_SINGLE_QUOTED = re.compile(r"['‘](?=[A-Z])[^\n\"“”]*?[.,!?…](['’])(?=\s+[A-Za-z])")


def _mark_kind(text: str, i: int, inside: bool) -> str:
    ch = text[i]
    if ch in OPENING:
        return "open"
    if ch in CLOSING:
        return "close"
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() or before in "([{—–-/":
        return "open"
    if after.isspace() or after in ".,;:!?)]}—–-":
        return "close"
    return "close" if inside else "open"


def quote_spans(text: str, continued: bool = False) -> tuple[list[tuple[int, int]], bool]:
    """Quoted spans of a paragraph block (paragraphs joined by newlines), and whether a quote is left open.

    Inside a quotation, a mark that opens a new paragraph continues it; any other opening mark means the earlier
    one was stray.
    """
    spans: list[tuple[int, int]] = []
    start: int | None = 0 if continued else None
    single = None if continued else _SINGLE_QUOTED.match(text)
    if single:
        spans.append((1, single.start(1)))
    for i, ch in enumerate(text):
        if ch not in OPENING + CLOSING + STRAIGHT or (single and i < single.end()):
            continue
        kind = _mark_kind(text, i, start is not None)
        if kind == "open":
            if start is not None and i > 0 and text[i - 1] == "\n":
                continue
            start = i + 1
        elif start is not None:
            spans.append((start, i))
            start = None
        elif ch in CLOSING and not spans and not continued and _LOST_OPENING.match(text, i + 1):
            # The page lost the opening mark: "… and presupposes determination,” he declared."
            spans.append((0, i))
    if start is not None:
        spans.append((start, len(text)))
    return spans, start is not None


def _is_stop(text: str, i: int) -> bool:
    """Whether the full stop at i ends a sentence (not 'U.S.', 'Jan.', 'Dr.', or an initial)."""
    if text[i] != ".":
        return True
    word = re.search(r"([\w.]*)$", text[:i])[1]
    if not word:
        return True
    if "." in word or len(word) == 1 and word.isupper():
        return False  # U.S, J (an initial)
    return word.lower() not in _ABBREVIATIONS


def _inside(spans: list[tuple[int, int]], i: int) -> bool:
    return any(a <= i < b for a, b in spans)


def _boundaries(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """Where sentences end in a block: after a stop outside quotes, or after a quote that ends with one."""
    ends = []
    for i, ch in enumerate(text):
        if ch == "\n" and not _inside(spans, i):
            ends.append(i)
        elif ch in ".!?…" and not _inside(spans, i) and _is_stop(text, i):
            after = _AFTER_STOP.match(text, i + 1)
            if after:
                ends.append(after.end(1))
        elif any(b == i for _, b in spans) and i > 0 and text[i - 1] in ".!?":
            after = _AFTER_STOP.match(text, i + 1)
            if after and "\n" not in text[i:after.end()]:
                ends.append(after.end(1))
    return ends


def _blocks(paragraphs: list[str]) -> list[tuple[int, str, list[tuple[int, int]]]]:
    """Paragraphs joined where a quotation runs on into the next one; stray quote marks dropped."""
    blocks = []
    k = 0
    while k < len(paragraphs):
        first, text = k, paragraphs[k]
        spans, open_ = quote_spans(text)
        while open_ and k + 1 < len(paragraphs) and paragraphs[k + 1][:1] in OPENING + STRAIGHT:
            k += 1
            text = text + "\n" + paragraphs[k]
            spans, open_ = quote_spans(text)
        if open_:
            spans = spans[:-1]  # a stray mark: its "quotation" would swallow the rest of the paragraph
        blocks.append((first, text, spans))
        k += 1
    return blocks


def split(paragraphs: list[str]) -> list[Sentence]:
    sentences: list[Sentence] = []
    for first, block, spans in _blocks(paragraphs):
        start = 0
        for end in [*_boundaries(block, spans), len(block)]:
            raw = block[start:end]
            lead = len(raw) - len(raw.lstrip())
            raw = raw.strip()
            if raw:
                offset = start + lead
                inner = tuple((max(a, offset) - offset, min(b, offset + len(raw)) - offset)
                              for a, b in spans if a < offset + len(raw) and b > offset)
                paragraph = first + block.count("\n", 0, offset)
                opens = offset == 0 or block[offset - 1] == "\n"
                pieces = tuple(p.strip() for p in raw.split("\n") if p.strip())
                sentences.append(Sentence(raw.replace("\n", " "), pieces, tuple(s for s in inner if s[1] > s[0]),
                                          paragraph, len(sentences), opens))
            start = end
    return sentences
