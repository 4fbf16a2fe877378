"""Text helpers shared by the plan parsers.

Consultants type fast: lower case, typos, and æ/ø/å written as ae/oe/aa. Parsers therefore
match on a *folded* copy of the input (lower case, æ→ae, ø→oe, å→aa) that remembers, for
every character, where it came from, so a match can be cut out of the original text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from bot.input_guard import find_cpr_numbers
from bot.plan.errors import PlanError
from bot.privacy import redact_text
from bot.settings import get_settings

_FOLD = {"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "á": "a", "ü": "u", "ö": "oe", "ä": "ae"}

NUMBER_WORDS = {
    "en": 1, "et": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8,
    "ni": 9, "ti": 10, "elleve": 11, "tolv": 12, "tretten": 13, "fjorten": 14, "femten": 15,
    "seksten": 16, "sytten": 17, "atten": 18, "nitten": 19, "tyve": 20, "tredive": 30,
    "fyrre": 40, "halvtreds": 50,
}
# Longest first, so "tretten" is not read as "tre".
NUMBER_PATTERN = r"(?:\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"

_WORD = re.compile(r"[a-z]+")


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
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for folded in _FOLD.get(char.lower(), char.lower()):
            chars.append(folded)
            origin.append(index)
    return Folded(text, "".join(chars), tuple(origin))


def fold(text: str) -> str:
    """Lower case, æ→ae, ø→oe, å→aa, single spaces."""
    return re.sub(r"\s+", " ", fold_with_origin(text).text).strip()


def number_value(token: str) -> int | None:
    """3 → 3, "tre" → 3; None for anything else (also "²" or "½", which are digits but not numbers)."""
    token = fold(token)
    if token.isdecimal():
        return int(token)
    return NUMBER_WORDS.get(token)


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
        return len(diffs) == 2 and second == first + 1 and word[first] == target[second] and word[second] == target[first]
    shorter, longer = sorted((word, target), key=len)
    return any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


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
