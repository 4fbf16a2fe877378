"""The guide's two one-word commands, matched exactly: a choice by number, and "mere".

When the guide is unsure it offers numbered choices ("Mente du 1) … 2) … 3) …"); "1", "2" or
"3" (also "nr. 2", "valg 3", "2)") picks one. "mere" shows the rest of the last reply. They are
matched exactly, not by the model: a sentence that merely contains a number ("hun sagde 3") or
the word "mere" ("han skal søge mere") is never taken for them.
"""

from __future__ import annotations

import re

from bot.core.folding import fold

CHOOSE_INTENT = "choose_option"
MORE_INTENT = "show_more"
MAX_CHOICES = 3

_CHOICE = re.compile(r"^(?:(?:nr\.?|nummer|valg|mulighed|svar)\s*)?(?P<n>[1-9])\s*[).:]?$")
_CHOICE_WORDS = {"to": 2, "tre": 3, "nummer et": 1, "nummer to": 2, "nummer tre": 3}
_MORE = {
    "mere",
    "vis mere",
    "mere tekst",
    "fortael mere",
    "resten",
    "vis resten",
    "hele teksten",
    "vis det hele",
    "mere om det",
    "mere tak",
    "uddyb",
}


def _normalised(text: str | None) -> str:
    return re.sub(r"[!?.\s]+$", "", fold(text or ""))


def choice_number(text: str | None) -> int | None:
    """The number of the choice picked ("2", "nr. 2", "valg 2", "2)"), or None."""
    normalised = _normalised(text)
    if normalised in _CHOICE_WORDS:
        return _CHOICE_WORDS[normalised]
    match = _CHOICE.match(normalised)
    return int(match.group("n")) if match else None


def is_more(text: str | None) -> bool:
    return _normalised(text) in _MORE


def guide_command(text: str | None) -> tuple[str, int | None] | None:
    """(intent, choice number) for the exact commands, else None."""
    number = choice_number(text)
    if number is not None:
        return CHOOSE_INTENT, number
    if is_more(text):
        return MORE_INTENT, None
    return None
