"""The words of the domain: stances, slugs, issue paths, and the size limits of each text field."""

import re

# After CAMEO and PLOVER verbal event codes; order is the documentation order.
STANCES = ("demand", "appeal", "propose", "accept", "concede", "consider", "reject", "threaten")
STANCE_SET = frozenset(STANCES)

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
ISSUE_PATH = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*\Z")

MAX_SLUG = 100
MAX_ISSUE_PATH = 200
MAX_TAGS = 50

# Characters, not bytes: what a reader sees. The position limit is the contract's; the others keep one
# event well under a megabyte so that a single line can never exhaust memory.
MAX_TEXT = {
    "position": 2_000,
    "conditions": 2_000,
    "speaker": 200,
    "role": 200,
    "quote": 10_000,
    "note": 10_000,
    "evidence": 10_000,
    "reason": 2_000,
    "url": 2_000,
    "outlet": 200,
    "title": 1_000,
}


def is_slug(text: str) -> bool:
    return len(text) <= MAX_SLUG and SLUG.match(text) is not None


def is_issue_path(text: str) -> bool:
    return len(text) <= MAX_ISSUE_PATH and ISSUE_PATH.match(text) is not None


def is_unicode(text: str) -> bool:
    """False for lone surrogates: what Python makes of invalid UTF-8 (in argv, say); they cannot be stored."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True

