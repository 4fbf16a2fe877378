"""Text helpers of the plan parsers: typo tolerance, yes/no, and what may be stored.

Folding and number words come from ``bot.core`` (one definition for the whole product).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.core.folding import Folded, fold
from bot.core.personal_data import find_cpr_numbers, redact_text
from bot.plan.errors import PlanError
from bot.settings import get_settings

_WORD = re.compile(r"[a-z]+")


# --- light typo tolerance ------------------------------------------------------------------
def _within_one_edit(word: str, target: str) -> bool:
    """Damerau-Levenshtein distance <= 1 (one insertion, deletion, substitution or swap)."""
    if word == target:
        return True
    if abs(len(word) - len(target)) > 1:
        return False
    if len(word) == len(target):
        diffs = [i for i, (a, b) in enumerate(zip(word, target)) if a != b]
        if len(diffs) == 1:
            return True
        first, second = (diffs + [None, None])[:2]
        return (
            len(diffs) == 2 and second == first + 1 and word[first] == target[second] and word[second] == target[first]
        )
    shorter, longer = sorted((word, target), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def correct_typos(folded: Folded, vocabulary: Iterable[str], min_length: int = 5) -> Folded:
    """Replace lower-case words one edit away from exactly one vocabulary word (length >= 5).

    Capitalised words are names ("Morten" is not "morgen") and are never touched.
    """
    vocabulary = {w for w in vocabulary if len(w) >= min_length}
    chars: list[str] = []
    origin: list[int] = []
    cursor = 0
    for match in _WORD.finditer(folded.text):
        start, end = match.span()
        chars.extend(folded.text[cursor:start])
        origin.extend(folded.origin[cursor:start])
        word = match.group()
        replacement = _typo_replacement(word, folded.source_text(start, end), vocabulary, min_length)
        for i, char in enumerate(replacement):
            chars.append(char)
            origin.append(folded.origin[start + min(i, len(word) - 1)])
        cursor = end
    chars.extend(folded.text[cursor:])
    origin.extend(folded.origin[cursor:])
    return Folded(folded.source, "".join(chars), tuple(origin))


def _typo_replacement(word: str, source_word: str, vocabulary: set[str], min_length: int) -> str:
    if word in vocabulary or len(word) < min_length - 1 or source_word[:1].isupper():
        return word
    candidates = [target for target in vocabulary if _within_one_edit(word, target)]
    return candidates[0] if len(candidates) == 1 else word


# --- yes / no ---------------------------------------------------------------------------------
_NO = re.compile(r"\b(?:nej|nix|naeh|nope|ikke|aldrig|naa nej)\b")
_YES = re.compile(
    r"\b(?:ja|jo|jep|jeps|jada|jaja|yes|ok|okay|klart|sikkert|selvfoelgelig|absolut|bestemt|"
    r"enig|med paa den|med paa det|det er (?:hun|han|de)|det goer (?:hun|han|de)|det tror (?:hun|han|de))\b"
)


def parse_yes_no(text: str | bool | None) -> bool | None:
    """The consultant's yes/no about the citizen ("ja", "nej, ikke rigtig", "det tror hun")."""
    if isinstance(text, bool) or text is None:
        return text
    folded = fold(text)
    if _NO.search(folded):
        return False
    if _YES.search(folded):
        return True
    return None


# --- what may be stored -----------------------------------------------------------------------
def clean_input(text: str | None, what: str) -> str:
    """The stripped text, or a PlanError in Danish when it is empty, too long or holds a CPR number.

    ``what`` names the thing in Danish for the message, e.g. "aftalen". Phone numbers and
    e-mail addresses are replaced by placeholders: the plan never stores them.
    """
    text = re.sub(r"\s+", " ", text or "").strip()
    limit = get_settings().max_message_chars
    if not text:
        raise PlanError(f"Jeg fik ikke noget med til {what}. Skriv det med et par ord.")
    if len(text) > limit:
        raise PlanError(
            f"Teksten til {what} er for lang ({len(text)} tegn, højst {limit}). Skriv den kortere – intet er gemt."
        )
    if find_cpr_numbers(text):
        raise PlanError(
            f"Det ligner et CPR-nummer i {what}. CPR-numre gemmer jeg aldrig – skriv det uden, så gemmer jeg det."
        )
    return redact_text(text)
