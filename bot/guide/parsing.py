"""Reads step references and conversation details out of what a consultant typed.

Consultants write fast: lower case, typos, and æ/ø/å as ae/oe/aa. Matching therefore runs
on the folded form (``bot.core.folding``) of both the text and the guide's aliases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.citizen_ref import citizen_ref_problem, normalise_citizen_ref
from bot.core.folding import fold
from bot.core.numbers import CARDINALS, ORDINALS
from bot.guide.content import Guide
from bot.plan.course_phrases import CourseChoice, parse_course_choice, without_course_phrases

# "trin fem", "den fjerde": 1-9 only, and not "en"/"et"/"ti" ("en samtale" names no step).
_STEP_NUMBER_WORDS = {
    word: value for word, value in {**CARDINALS, **ORDINALS}.items() if value <= 9 and word not in {"en", "et"}
}

_STEP_DIGIT = re.compile(r"(?<![\d/.,:])([1-9])(?:\s*'?\s*(?:eren|er|ern))?(?![\d/.,:])")
# Where a citizen reference is written: "med B-12", "borger 4711", "ref: K-7", "sag 2024-17".
_REF_MARKER = re.compile(
    r"(?<![\w-])(?:med|m\.|borger(?:en)?|ref(?:erence)?\.?|medlem(?:met)?|sag(?:snr\.?|snummer)?)(?=[\s:=])\s*[:=]?\s*",
    re.IGNORECASE,
)
# Words between the marker and the reference: "med borger B-12", "med en ny borger 4711".
_REF_FILLERS = {"borger", "borgeren", "medlem", "medlemmet", "ref", "reference", "sag", "sagsnr", "sagsnummer"}
_REF_FILLERS |= {"nr", "nummer", "en", "ny", "nye", "vores", "min"}
# After a lower-case word, these show it sits where the reference goes ("med jens om cv", "med jens, 30 min").
_REF_FOLLOWERS = {
    "om",
    "kl",
    "klokken",
    "nu",
    "i",
    "emne",
    "emnet",
    "ang",
    "angaaende",
    "vedr",
    "vedroerende",
    "-",
    "–",
}
_UNITS = re.compile(r"^(?:min(?:ut(?:ter)?)?|m|t|timer?|kvarter|uger?|ledighedsuge)\b")
_CLOCK = re.compile(r"^\d{1,2}[:.]\d{2}$|^\d{1,3}(?:min|m|t)$")
_EDGE_PUNCTUATION = "«»\"'()[]"
_TRAILING = ",.;:!?" + _EDGE_PUNCTUATION
# "vis plan for B-12", "planen for B-12": only in a plan request ("en plan for ugen" is no reference).
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
    "paa",
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
    "os",
    "samtale",
    "samtalen",
    "hvem",
    "ledige",
    "ledig",
    "a-kassen",
    "akassen",
    "a-kasse",
    "jobcentret",
    "jobcenteret",
    "jobcenter",
    "jobkonsulenten",
    "konsulenten",
    "virksomheden",
    "arbejdsgiveren",
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


def find_citizen_ref(text: str, guide: Guide) -> str | None:
    """What sits where a citizen reference goes, usable or not ("B-12", "4711", "Jens", "B12/34").

    A word counts when it has a digit, starts with a capital, or is a lower-case word right
    where the reference goes (at the end, or before "om", "kl", a comma ...); words that are no
    reference ("med hende", "med a-kassen", "med fokus på") and durations ("med 30 min") are
    skipped. With several candidates, one with a digit wins: "med Jens, borger B-12" is B-12.
    """
    blocked = {fold(a) for t in guide.topics.values() for a in (*t.aliases, t.title)} | _NOT_A_REF
    candidates = [c for c in (_candidate(text[m.end() :], blocked) for m in _REF_MARKER.finditer(text)) if c]
    with_digit = [c for c in candidates if any(ch.isdecimal() for ch in c)]
    return (with_digit or candidates or [None])[0]


def _candidate(rest: str, blocked: set[str]) -> str | None:
    tokens = rest.split()
    while tokens and fold(tokens[0]).strip(_TRAILING) in _REF_FILLERS:
        tokens = tokens[1:]
    if not tokens:
        return None
    raw, following = tokens[0], " ".join(tokens[1:2])
    candidate = raw.strip(_EDGE_PUNCTUATION).rstrip(_TRAILING).strip(_EDGE_PUNCTUATION)
    folded = fold(candidate)
    if not candidate or folded in blocked or folded.isdecimal() and _UNITS.match(fold(following)):
        return None
    if _CLOCK.match(folded):
        return None
    if any(ch.isdecimal() for ch in candidate) or candidate[0].isupper():
        return candidate
    at_the_reference = not following or raw[-1] in ",;:" or fold(following) in _REF_FOLLOWERS
    return candidate if at_the_reference and candidate.isalpha() else None


def parse_citizen_ref(text: str, guide: Guide) -> str | None:
    """A reference that can be looked up: the one ``find_citizen_ref`` sees, if the rule allows it."""
    candidate = find_citizen_ref(text, guide)
    return candidate if candidate and citizen_ref_problem(candidate, new=False) is None else None


def parse_plan_ref(text: str, guide: Guide) -> str | None:
    """The citizen of a plan request: "vis plan for B-12", or any way ``parse_citizen_ref`` knows."""
    for match in _PLAN_REF.finditer(text):
        candidate = match.group(1).strip("-_.,:;")
        if candidate and fold(candidate) not in _NOT_A_REF and citizen_ref_problem(candidate, new=False) is None:
            return candidate
    return parse_citizen_ref(text, guide)


@dataclass(frozen=True)
class ConversationStart:
    citizen_ref: str | None  # usable as a new reference
    topic: str | None
    booked_min: int | None
    course: CourseChoice = CourseChoice()
    ref_problem: str | None = None  # something reference-like was written but cannot be used: why


def parse_conversation_start(text: str, guide: Guide) -> ConversationStart:
    course = parse_course_choice(text)
    candidate = find_citizen_ref(text, guide)
    problem = citizen_ref_problem(candidate) if candidate else None
    return ConversationStart(
        citizen_ref=normalise_citizen_ref(candidate) if candidate and not problem else None,
        topic=resolve_topic(without_course_phrases(text, course), guide),
        booked_min=parse_booked_minutes(text),
        course=course,
        ref_problem=problem,
    )
