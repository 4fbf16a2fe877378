"""Recognises input the guide cannot use, and says so calmly in Danish.

Runs on every message before the dialogue acts on it (as the last NLU component), so that
an empty message, a wall of text, emoji, markup, English or a CPR number never reaches
an action as if it were a normal request.
"""

from __future__ import annotations

import re
from enum import Enum

from bot.core.personal_data import contains_cpr
from bot.settings import get_settings


class InputProblem(str, Enum):
    EMPTY = "empty"
    TOO_LONG = "too_long"
    NO_WORDS = "no_words"
    MARKUP = "markup"
    CPR = "cpr"
    ENGLISH = "english"


_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|javascript:|\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_LETTER_OR_DIGIT = re.compile(r"[0-9A-Za-zÆØÅæøåÉéÜüÖöÄä]")
_WORD = re.compile(r"[a-zæøåéüöä']+")

# Function words that are common in English and rare or absent in Danish consultant talk.
_ENGLISH = frozenset(
    "the a an is are was were be been what how why who which should would could can do does "
    "did i you he she it we they my your his her our their this that these those with about "
    "from to of in on and or but not please help me hello hi thanks thank make get want need "
    "there here when where will just angry citizen".split()
)
_DANISH = frozenset(
    "og i jeg du han hun den det de er at på til med om hvad hvordan hvorfor ikke en et har "
    "skal vil kan nu så vi der sig som for af trin samtale borger næste hvor".split()
)


def looks_english(text: str) -> bool:
    words = _WORD.findall(text.lower())
    if len(words) < 2:
        return False
    english = sum(w in _ENGLISH for w in words)
    danish = sum(w in _DANISH for w in words) + len(re.findall(r"[æøå]", text.lower()))
    return english >= 2 and english > 2 * danish and english / len(words) >= 0.4


def classify_input(text: str | None) -> InputProblem | None:
    """The first problem that makes ``text`` unusable as a request, or None."""
    text = text or ""
    if not text.strip():
        return InputProblem.EMPTY
    if len(text) > get_settings().max_message_chars:
        return InputProblem.TOO_LONG
    if contains_cpr(text):
        return InputProblem.CPR
    if _MARKUP.search(text):
        return InputProblem.MARKUP
    if not _LETTER_OR_DIGIT.search(text):
        return InputProblem.NO_WORDS
    if looks_english(text):
        return InputProblem.ENGLISH
    return None


def explain(problem: InputProblem) -> str:
    """A calm Danish answer for the consultant; the conversation state is left as it was."""
    limit = get_settings().max_message_chars
    return {
        InputProblem.EMPTY: "Jeg fik ikke noget med – beskeden var tom. Skriv et par ord, fx »næste trin« eller »hvor er vi?«.",
        InputProblem.TOO_LONG: (
            f"Den besked er for lang til mig (over {limit} tegn). Skriv kort, hvad du står i, "
            "fx »hun tror ikke på det« eller »hvordan laver jeg kontrakten?«. Intet er ændret i samtalen."
        ),
        InputProblem.NO_WORDS: "Jeg kan ikke læse noget ud af den besked. Skriv med ord, hvad du har brug for – fx »næste trin«.",
        InputProblem.MARKUP: (
            "Beskeden ligner kode eller HTML, og den slags bruger jeg ikke. Skriv som almindelig tekst, fx »næste trin«."
        ),
        InputProblem.CPR: (
            "Det ligner et CPR-nummer. Skriv aldrig CPR-numre her – brug jeres egen sagsreference "
            "med mindst ét tal, fx »borger B-12«. Jeg har ikke brugt beskeden til noget."
        ),
        InputProblem.ENGLISH: (
            "Jeg forstår kun dansk. Skriv gerne på dansk, fx »hvordan laver jeg kontrakten?« eller »næste trin«."
        ),
    }[problem]
