"""The prose of an article: its paragraphs, with the page around it (headings, bylines, story lists) left out.

Whitespace inside a paragraph is collapsed to single spaces, so evidence is verbatim up to whitespace.
"""

import re
import unicodedata

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# A line of prose ends like a sentence; a heading, a title, a caption or a menu item does not.
_TERMINAL = re.compile(r"[.!?:;…][\"”’»)\]]*$|[\"”»]$")
_BOILERPLATE = re.compile(
    r"(?:read (?:more|also|next)|see also|related(?: stories| articles| news)?|recommended(?: stories)?|"
    r"(?:most )?popular|trending(?: now)?|more (?:stories|from|news)|share(?: this)?(?: article| story)?|"
    r"advertisement|sponsored|subscribe|sign up|follow us|show more|see more|watch|video|avatar|photo|image|"
    r"estimated reading time|copyright|all rights reserved|\(?updated|\d+\s+min(?:ute)?s?\s+read|©)\b",
    re.IGNORECASE)
_LIST_HEADING = re.compile(r"(?:related|recommended|popular|trending|more|latest|read)\b.*:?$", re.IGNORECASE)
_BYLINE = re.compile(r"(?:by|written by|reporting by|edited by|words by)\s+\S.{0,80}$", re.IGNORECASE)
_BULLET = re.compile(r"(?:[-–—•*·▪►]|\d{1,2}[.)])\s+")
# "Moscow -NC — ", "KYIV (Reuters) - ", "WASHINGTON — ": the place and agency before the first sentence.
_DATELINE = re.compile(
    r"(?:[A-Z][\w.’'/ ]{1,30}?\s*(?:\([^()]{1,30}\)|-\s?[A-Z]{2,10})|[A-Z][A-Z.’'/ ]{2,30})\s*[—–-]{1,2}\s+(?=[A-Z“\"])"
    # "KYIV, March 12 (Wire) - "
    r"|[A-Z][A-Z.’' ]{2,30},\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*(?:\([^()]{1,30}\))?\s*[—–-]{1,2}\s+(?=[A-Z“\"])"
    # "MOSCOW | TASS | ", after a date the page put first
    r"|(?:date \d{4}-\d{2}-\d{2}\s+)?[A-Z][A-Z.’' ]{2,30}\s*\|\s*[\w.’' ]{2,30}\s*\|\s*(?=[A-Z“\"])")
# "date 2025-02-14 ": the day some pages print before the story, ahead of its dateline
_DATE_STAMP = re.compile(r"\Adate \d{4}-\d{2}-\d{2}\s+(?=\S)")
# "(BBC) Foreign Minister …", "(AP) — …": an agency tag before the first words of a paragraph.
_SOURCE_TAG = re.compile(r"\((?:[A-Z][\w&.’' -]{0,24})\)\s*(?:[—–-]{1,2}\s*)?(?=[A-Z“\"])")
MIN_PROSE_WORDS = 25  # a longer line without a final stop is prose that lost its full stop, not a heading
# "he declared." on a line of its own after a quotation: the attribution, printed apart by the page
_ATTRIBUTION_LINE = re.compile(r"[„“”\"-]*\s*(?:he|she|they)\s+\w+(?:\s+\w+)?\.")
WRAPPED_SHARE = 0.5  # of lines followed by another line: more than this end mid-sentence in hard-wrapped text


def normalize(text: str) -> str:
    """NFC, no invisible characters, one kind of line break."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    return text.replace("\r\n", "\n").replace("\r", "\n")


_SMALL_WORDS = frozenset("a an the of in on at to for from by with and or but as vs is are".split())


def _is_heading(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        return True
    words = [w for w in line.split() if w[0].isalpha()]
    if 2 <= len(words) <= 12 and all(w[0].isupper() for w in words if w.lower() not in _SMALL_WORDS):
        return True  # Title Case, even with a question mark: "A Deal Nearing Completion?"
    return not _TERMINAL.search(line) and len(line.split()) < MIN_PROSE_WORDS


def _is_boilerplate(line: str) -> bool:
    return (_BOILERPLATE.match(line) is not None and len(line.split()) <= 8) or _BYLINE.fullmatch(line) is not None


def _lines(text: str) -> list[str]:
    """The article's lines, with the line breaks inside a sentence removed.

    In hard-wrapped text (most lines that have a next line end mid-sentence) a paragraph is a block between blank
    lines, and its lines are joined. Elsewhere a line is joined to the next only when it ends mid-sentence and
    the next starts in lower case: a heading and its first paragraph stay apart.
    """
    lines = [_SPACES.sub(" ", raw).strip() for raw in normalize(text).split("\n")]
    widths = sorted(len(line) for line in lines if line)
    full = 0.6 * widths[int(0.9 * (len(widths) - 1))] if widths else 0  # a line of a wrapped paragraph but its last
    followed = [a for a, b in zip(lines, lines[1:], strict=False) if len(a) >= full and b]
    open_ended = sum(1 for line in followed if not _TERMINAL.search(line) and not _BULLET.match(line))
    wrapped = len(followed) >= 3 and open_ended > WRAPPED_SHARE * len(followed) and "" in lines
    joined: list[str] = []
    previous = ""  # the line before, as it was before joining
    for line in lines:
        if _ATTRIBUTION_LINE.fullmatch(line):
            while len(joined) > 1 and not joined[-1]:
                joined.pop()  # a blank line between the quotation and its attribution
            if joined and joined[-1].endswith(("”", '"')):
                joined[-1] = f"{joined[-1]} {line}"
                previous = line
                continue
        last = joined[-1] if joined else ""
        if line and last and not _BULLET.match(line) and (
                (wrapped and len(previous) >= full) or (not _TERMINAL.search(previous) and line[0].islower())):
            joined[-1] = f"{last} {line}"
        else:
            joined.append(line)
        previous = line
    return joined


def paragraphs(text: str, title: str | None = None) -> list[str]:
    """The article's prose paragraphs, in order; `title` (the headline) is left out where the text repeats it."""
    skip = " ".join(title.split()).casefold() if title else None
    kept: list[str] = []
    in_list = False
    for line in _lines(text):
        if not line:
            continue
        bullet = _BULLET.match(line)
        if in_list and bullet:
            continue  # an item of a "Recommended stories:" list, even one that ends with a full stop
        in_list = (len(line.split()) <= 5 and _LIST_HEADING.match(line) is not None
                   and (line.endswith(":") or _is_heading(line)))
        if in_list or line.casefold() == skip or _is_heading(line) or _is_boilerplate(line):
            continue
        if bullet:
            line = line[bullet.end():]
        if len(kept) < 3:  # a dateline opens the story, which may follow a headline and a standfirst
            line = _DATELINE.sub("", _DATE_STAMP.sub("", line, count=1), count=1)
        line = _SOURCE_TAG.sub("", line, count=1) if _SOURCE_TAG.match(line) else line
        kept.append(line)
    return kept
