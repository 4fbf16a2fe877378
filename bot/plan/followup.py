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


# "aftale 1 blev ikke til noget, han var syg": the reason is what follows a comma, a dash or "fordi".
_REASON_SPLIT = re.compile(
    r"\s*(?:[,;:–—]|\s-\s|\((?=[^)]*\)\s*$))\s*|\s+(?:fordi|da|pga\.?|på grund af|idet)\s+", re.IGNORECASE
)
_STATUS_PART = re.compile(
    r"\b(?:aftale[n]?\s*(?:nr\.?\s*)?\d+|(?:første|anden|andet|tredje|fjerde|femte)\s+aftale|gjort|klaret|"
    r"gennemført|gennemfoert|done|ikke til noget|droppet|ikke holdt|ikke lavet|ikke nået|nåede ikke|marker|markér)\b",
    re.IGNORECASE,
)


def status_reason(text: str) -> str | None:
    """Why an agreement was not done, without the reference and the status words; None if none is given."""
    parts = [p.strip(" .!)(") for p in _REASON_SPLIT.split(text or "") if p and p.strip(" .!)(")]
    reasons = [p for p in parts[1:] if not _STATUS_PART.search(p)]
    if not reasons:
        return None
    reason = ", ".join(reasons)
    return reason[0].lower() + reason[1:] if reason[:1].isupper() and not reason[1:2].isupper() else reason
