"""Candidate statements from the text of a news article: who stated which position, on what issue, and when.

Pure and deterministic: rules over the text and the registry entries passed in as dicts; no I/O, no model.
One step per module: `cleaning` (the prose), `sentences` (quote-aware), `speakers` (registry names),
`attribution` (who says what), `cues` (stance, conditions), `issues`, `dates`, `reading` and `candidates`;
`scoring` measures candidates against a hand-labelled gold set.
"""

from events.extract.candidates import extract
from events.extract.speakers import Registry

__all__ = ["Registry", "extract"]
