"""The rules of `events.extract` on the failure kinds of unseen articles, each in sentences written for the test."""

import pytest

from events.extract import Registry, extract
from events.extract.cleaning import paragraphs

PARTIES = [{"slug": "northland", "name": "Northland"}, {"slug": "southland", "name": "Southland"},
           {"slug": "westland", "name": "Westland"}]
ISSUES = [{"slug": s, "title": s.title()} for s in ("territory", "ceasefire", "sanctions", "talks",
                                                    "security-guarantees", "alliances/nato", "peace-plan")]
SPEAKERS = [
    {"name": "Anna Berg", "aliases": ["Berg", "Northland Foreign Minister Anna Berg"],
     "affiliations": [{"party": "northland", "role": "Foreign Minister", "from": "2020"}]},
    {"name": "Omar Lind", "aliases": ["Lind", "President Omar Lind"],
     "affiliations": [{"party": "southland", "role": "President", "from": "2019"}]},
    {"name": "Northland government", "aliases": ["Northland", "Nordby"], "affiliations": [{"party": "northland"}]},
    {"name": "Southland government", "aliases": ["Southland", "Sudby"], "affiliations": [{"party": "southland"}]},
    {"name": "Westland government", "aliases": ["Westland", "the Palace"], "affiliations": [{"party": "westland"}]},
]
REGISTRY = Registry.from_entries(PARTIES, ISSUES, SPEAKERS)
SOURCE = {"outlet": "Example Wire"}


def found(text: str, published_on: str = "2024-06-07") -> list[tuple]:
    return [(c.get("speaker"), c["party"], c["issue"], c["stance"])
            for c in extract(text, REGISTRY, published_on, SOURCE)]


# --- the text ---------------------------------------------------------------------------------------------------

WRAPPED = """Talks Resume in the Capital

CAPITAL (Example Wire) - Northland Foreign Minister Anna Berg said on
Tuesday that her country would not cede any territory to Southland, and
that a ceasefire could only follow a withdrawal.

Berg added that sanctions must stay in place until the talks end. She
spoke after a meeting with the envoy.

Read more
"""


def test_hard_wrapped_paragraphs_are_joined():
    assert paragraphs(WRAPPED) == [
        "Northland Foreign Minister Anna Berg said on Tuesday that her country would not cede any territory to "
        "Southland, and that a ceasefire could only follow a withdrawal.",
        "Berg added that sanctions must stay in place until the talks end. She spoke after a meeting with the envoy."]


def test_a_line_break_inside_a_sentence_is_joined_in_unwrapped_text():
    assert found("Berg said that Northland would never accept\nany ceasefire along the front line.") == [
        ("Anna Berg", "northland", "ceasefire", "reject")]


def test_a_heading_stays_apart_from_its_paragraph():
    assert paragraphs("Berg Rejects Truce\nBerg said Northland rejects a truce.\n") == [
        "Berg said Northland rejects a truce."]


@pytest.mark.parametrize("tag", ["(Example Wire) ", "(EW) — ", "(EW) - "])
def test_a_leading_source_tag_is_cut(tag):
    assert paragraphs(f"{tag}Berg said Northland rejects a truce.") == ["Berg said Northland rejects a truce."]
    assert found(f"Some words first.\n\n{tag}Berg said Northland rejects a truce.") == [
        ("Anna Berg", "northland", "ceasefire", "reject")]


# --- attribution after the clause -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("All sanctions on Northland must be lifted before any deal, Berg said.",
     [("Anna Berg", "northland", "sanctions", "demand")]),
    ("Northland will never accept a truce along the current line, said Berg on Friday.",
     [("Anna Berg", "northland", "ceasefire", "reject")]),
    ("Northland is willing to discuss a ceasefire, the source said.",
     [("Northland government", "northland", "ceasefire", "consider")]),
    ("Nordby wants Sudby to give up the territory it holds, an official briefed on the talks told Example Wire.",
     [("Northland government", "northland", "territory", "demand")]),
    ("Nordby will not give up any territory, according to Berg.",
     [("Anna Berg", "northland", "territory", "reject")]),
    ("After a long night of talks in the capital, Berg said Southland wants sanctions lifted.",
     [("Anna Berg", "southland", "sanctions", "demand")]),
    # A verb with a position of its own is not an attribution after the clause.
    ("Berg said Northland rejects a truce, while Southland insists on security guarantees.",
     [("Anna Berg", "northland", "ceasefire", "reject"), ("Anna Berg", "southland", "security-guarantees", "demand")]),
])
def test_attribution_after_the_clause(text, expected):
    assert found(text) == expected


def test_an_obligation_on_the_other_side_is_the_speakers_demand():
    assert found("Northland is ready to hold talks, but Sudby must first agree to a ceasefire, according to Berg.") == [
        ("Anna Berg", "northland", "talks", "consider"), ("Anna Berg", "northland", "ceasefire", "demand")]
