"""Reads which agreement a follow-up message is about ("aftale 2 er gjort", "hun har sendt ansøgningerne")."""

from __future__ import annotations

import re

from bot.core.folding import fold
from bot.core.numbers import ordinal_value

_NUMBERED = re.compile(r"\b(?:aftale(?:n)?|nr\.?|nummer)\s*#?(\d{1,3})\b")
_ORDINAL = re.compile(r"\b(første|anden|andet|tredje|fjerde|femte|sjette|syvende|ottende|niende)\s+aftale")
_STATUS_WORDS = re.compile(
    r"\b(?:er|blev|var|ikke|gjort|klaret|klar|done|gennemført|færdig|marker|markér|som|til|noget|den|det|aftale[n]?)\b"
)


def agreement_reference(text: str) -> int | str:
    """An agreement number when the message names one, else the words to match against the texts."""
    lowered = (text or "").lower()
    numbered = _NUMBERED.search(lowered)
    if numbered:
        return int(numbered.group(1))
    ordinal = _ORDINAL.search(lowered)
    if ordinal:
        return ordinal_value(ordinal.group(1))
    words = _STATUS_WORDS.sub(" ", lowered)
    return " ".join(words.split()) or fold(text)
