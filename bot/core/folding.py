"""Folding: the one way the product compares Danish text typed in a hurry.

Consultants type lower case, with typos, and write æ/ø/å as ae/oe/aa. Every matcher runs on
a *folded* copy (lower case, æ→ae, ø→oe, å→aa, a few foreign vowels, single spaces) of both
the input and whatever it is compared with. ``fold_with_origin`` also remembers where each
folded character came from, so a match can be cut out of the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FOLD_TABLE = {"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "á": "a", "ü": "u", "ö": "oe", "ä": "ae"}
_TRANSLATION = str.maketrans(FOLD_TABLE)
_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower case, æ→ae, ø→oe, å→aa (and é, á, ü, ö, ä), runs of white space as one space, stripped."""
    return _SPACES.sub(" ", (text or "").lower().translate(_TRANSLATION)).strip()


@dataclass(frozen=True)
class Folded:
    """A folded copy of ``source``; ``origin[i]`` is the source index of ``text[i]``."""

    source: str
    text: str
    origin: tuple[int, ...]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            position = self.origin[start] if start < len(self.origin) else len(self.source)
            return position, position
        return self.origin[start], self.origin[end - 1] + 1

    def source_text(self, start: int, end: int) -> str:
        begin, finish = self.source_span(start, end)
        return self.source[begin:finish]


def fold_with_origin(text: str) -> Folded:
    """Like ``fold`` without collapsing spaces, keeping each character's source index."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for folded in FOLD_TABLE.get(char.lower(), char.lower()):
            chars.append(folded)
            origin.append(index)
    return Folded(text, "".join(chars), tuple(origin))
