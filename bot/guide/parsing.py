"""Reads step references and conversation details out of what a consultant typed.

Consultants write fast: lower case, typos, and æ/ø/å as ae/oe/aa. Matching therefore runs
on the folded form (``bot.core.folding``) of both the text and the guide's aliases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.folding import fold
from bot.core.numbers import CARDINALS, ORDINALS
from bot.guide.content import Guide

# "trin fem", "den fjerde": 1-9 only, and not "en"/"et"/"ti" ("en samtale" names no step).
_STEP_NUMBER_WORDS = {
    word: value for word, value in {**CARDINALS, **ORDINALS}.items() if value <= 9 and word not in {"en", "et"}
}

_STEP_DIGIT = re.compile(r"(?<![\d/.,:])([1-9])(?:\s*'?\s*(?:eren|er|ern))?(?![\d/.,:])")
_REF_AFTER = re.compile(
    r"(?:\bmed|\bborger(?:en)?|\bref(?:erence)?\.?|\bmedlem(?:met)?)\s*[:=]?\s*([A-Za-zÆØÅæøå][\wÆØÅæøå-]{0,39}|\d[\w-]{0,39})",
    re.IGNORECASE,
)
# "vis plan for B-12", "planen for Stine": only in a plan request ("en plan for ugen" is no reference).
_PLAN_REF = re.compile(r"\bplan(?:en)?\s+(?:for|til|over)\s+([A-Za-zÆØÅæøå0-9][\wÆØÅæøå-]{0,39})", re.IGNORECASE)
_NOT_A_REF = {
    "en",
    "et",
    "den",
    "det",
    "de",
    "borgeren",
    "borger",
    "om",
    "i",
    "på",
    "til",
    "kl",
    "min",
    "minutter",
    "nu",
    "ny",
    "ham",
    "hende",
    "dem",
    "mig",
    "samtale",
    "samtalen",
    "hvem",
}
_MINUTES = re.compile(r"(\d{1,3})\s*(?:min(?:ut(?:ter|ters)?)?\b|m\b)")
_HOURS = re.compile(r"(\d)\s*(?:timer?|t)\b")


def _contains(folded_text: str, phrase: str) -> bool:
    """Whole-word match; a long single word may also start a compound ("informationsdelen")."""
    folded = fold(phrase)
    end = "" if " " not in folded and len(folded) >= 6 else r"(?![a-z0-9])"
    return re.search(rf"(?<![a-z0-9]){re.escape(folded)}{end}", folded_text) is not None


def resolve_step(text: str, guide: Guide) -> int | None:
    """A step number from "trin 4", "gå til trin fem", "6'eren", "kontrakten" ..."""
    folded = fold(text)
    digit = _STEP_DIGIT.search(folded)
    if digit:
        return int(digit.group(1))
    for word in re.findall(r"[a-z]+", folded):
        if word in _STEP_NUMBER_WORDS:
            return _STEP_NUMBER_WORDS[word]
    return _longest_alias_match(folded, {s.number: (*s.aliases, s.title) for s in guide.steps.values()})


def resolve_topic(text: str, guide: Guide) -> str | None:
    return _longest_alias_match(fold(text), {t.id: (*t.aliases, t.title) for t in guide.topics.values()})


def _longest_alias_match(folded: str, aliases_by_key: dict):
    """The key whose alias found in ``folded`` is longest (the most specific mention)."""
    matches = [
        (len(alias), key) for key, aliases in aliases_by_key.items() for alias in aliases if _contains(folded, alias)
    ]
    return max(matches)[1] if matches else None


def parse_booked_minutes(text: str) -> int | None:
    folded = fold(text)
    if "halvanden time" in folded:
        return 90
    if "halv time" in folded:
        return 30
    if re.search(r"\b(?:et|1) kvarter\b", folded):
        return 15
    if re.search(r"\b(?:en|1) time\b", folded):
        return 60
    minutes = _MINUTES.search(folded)
    if minutes:
        value = int(minutes.group(1))
    else:
        hours = _HOURS.search(folded)
        value = int(hours.group(1)) * 60 if hours else None
    return value if value is not None and 5 <= value <= 240 else None


def parse_citizen_ref(text: str, guide: Guide) -> str | None:
    return _first_ref(_REF_AFTER.finditer(text), guide)


def parse_plan_ref(text: str, guide: Guide) -> str | None:
    """The citizen of a plan request: "vis plan for B-12", or any way ``parse_citizen_ref`` knows."""
    return _first_ref(_PLAN_REF.finditer(text), guide) or parse_citizen_ref(text, guide)


def _first_ref(matches, guide: Guide) -> str | None:
    topic_words = {fold(a) for t in guide.topics.values() for a in (*t.aliases, t.title)}
    for match in matches:
        candidate = match.group(1).strip("-_.,:;")
        folded = fold(candidate)
        if candidate and folded not in _NOT_A_REF and folded not in topic_words and not folded.isdigit():
            return candidate
    return None


@dataclass(frozen=True)
class ConversationStart:
    citizen_ref: str | None
    topic: str | None
    booked_min: int | None


def parse_conversation_start(text: str, guide: Guide) -> ConversationStart:
    return ConversationStart(
        citizen_ref=parse_citizen_ref(text, guide),
        topic=resolve_topic(text, guide),
        booked_min=parse_booked_minutes(text),
    )
