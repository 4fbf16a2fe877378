"""Scaling questions (handbook trin 4, "Skalaspørgsmål", s. 13-14).

The handbook's two aspects: how *important* it is to get a job, and how much the citizen
*believes* it can succeed, each put on a scale from 1 to 10. Then explore what lies behind the
number, and ask downward first: what brings the citizen up to a 4 rather than why it is not a 7.

* asked: a consultant question that asks for the number (``questions.is_scale_question``).
* the citizen's number: the first scale number in the citizen's reply ("Tja … en fire, måske.").
* explored down: what makes it N and not lower, or what brings the citizen up to N ("Hvad gør,
  at det er en fire og ikke en et?", "Hvad gør, at du er helt oppe på en fem?").
* explored up: why it is not higher ("Hvorfor ikke en 8?").
* a *building* question after that, what could raise the number ("Hvad kunne få den fire op
  på en fem?"), follows the handbook's advice and is neither down nor up.

Numbers may be digits or Danish number words (``bot.core.numbers``). A scaling question is
not required; the handbook offers it as one way to work concretely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.core.numbers import number_value
from bot.judgement.questions import SCALE_CUE_RE, is_scale_question
from bot.judgement.turns import CITIZEN, Turn

KINDS = ("importance", "confidence")
_WORD = r"(?:10|[0-9]|nul|en|et|én|ét|to|tre|fire|fem|seks|syv|otte|ni|ti)"
_SUFFIX = r"(?:'?er(?:en)?|-?tal(?:let)?)?"  # "5'er", "femmeren", "et ettal", "5-tallet"
# A scale number: a word or digit that ends its phrase ("en fire og ikke en et?", "5'er").
NUMBER_RE = re.compile(
    rf"(?<![\w'])(?:(?:en|et|én|ét)\s+)?(?P<n>{_WORD}){_SUFFIX}"
    r"(?=\s*(?:[?.,!;:…]|$|og\b|eller\b|op\b|ned\b|siger\b|vil\b|måske\b|mindst\b|tror\b|eller så\b))",
    re.IGNORECASE,
)
LOOSE_NUMBER_RE = re.compile(rf"(?<![\w'])(?P<n>10|[0-9]|to|tre|fire|fem|seks|syv|otte|ni|ti){_SUFFIX}(?![\w'])")
CONFIDENCE_RE = re.compile(
    r"\btro(?:r|en)?\b[^?.]{0,30}\bpå\b|\bsikker\b|\btiltro\b|\blykkes\b|lade sig gøre|\bi stand til\b|\bkan klare\b"
)
IMPORTANCE_RE = re.compile(r"\bvigtig|\bbetyd|\blyst\b|\bmotiveret\b|\bhvor meget vil du\b")
_END = r"(?=\s*(?:[?.,!;:…]|$|og\b|eller\b))"
_N = r"(?:for eksempel |fx |bare |på |ned på |nede på |oppe på |en |et )*(?P<m>" + _WORD + r")" + _SUFFIX + _END
NOT_LOWER_RE = re.compile(r"\b(?:og|men) ikke " + _N)
NOT_THAT_RE = re.compile(r"\bat det ikke er " + _N)
WHY_NOT_RE = re.compile(
    r"\bhvorfor (?:er (?:det|du) |sagde du |valgte du |blev det )?ikke (?:(?:en |et |på )?"
    + _WORD
    + _SUFFIX
    + _END
    + r"|højere|mere end)"
)
# The number denied in other words: "… at du ikke siger en et?", "… ikke bare er et ettal?", "… at
# du ikke siger en lavere?" – a verb of answering or being, then a number or a comparative.
NEGATED_RE = re.compile(
    r"\bikke (?:bare |kun |helt )?(?:er|siger|sagde|svarer|svarede|giver|gav|sætter|satte|vælger|valgte|ligger|lå) "
    r"(?:(?:en|et|den|det|på|nede på|oppe på) )*(?:(?P<cmp>lavere|mindre|højere|større)\b|(?P<m>"
    + _WORD
    + r")"
    + _SUFFIX
    + _END
    + r")"
)
WHY_NOT_COMPARATIVE_RE = re.compile(
    r"\bhvorfor (?:er (?:det|du) )?ikke (?:(?:en|et|på) )?(?P<cmp>lavere|mindre|længere nede)\b"
)
EXPLORE_WINDOW = 3  # consultant turns after the number in which its exploring question is looked for
DOWN_WHY_RE = re.compile(r"\bhvorfor (?:så|helt) (?:højt|langt oppe)\b")
# What brings the citizen to the number, or what they already have that puts them there ("Hvad har
# du allerede, som gør, at du er på fire?") – asked downward; a higher target is a building question.
UP_TO_RE = re.compile(
    r"\b(?:gør|gjort|gjorde|får|fik|bringer|trækker|holder|løfter|giver|er det, der|har du allerede|"
    r"har du i forvejen)\b[^?]{0,60}?"
    r"(?:\b(?:(?:helt )?op(?:pe)?|(?:du|det|den) (?:er|ligger|står)) på " + _N + r"|\bderop\b|\balligevel\b|"
    r"\bså højt\b|\bså langt oppe\b)"
)


def _value(token: str) -> int | None:
    value = number_value(token)
    return value if value is not None and 0 <= value <= 10 else None


def scale_numbers(text: str) -> list[int]:
    """Scale numbers (0-10) in ``text`` in order, digits or words."""
    return [v for v in (_value(m.group("n")) for m in NUMBER_RE.finditer(text.lower())) if v is not None]


def citizen_number(text: str) -> int | None:
    """The number a citizen answers a scaling question with."""
    found = scale_numbers(text)
    if found:
        return found[0]
    loose = [v for v in (_value(m.group("n")) for m in LOOSE_NUMBER_RE.finditer(text.lower())) if v is not None]
    return loose[0] if loose else None


def scale_kind(text: str) -> str | None:
    low = text.lower()
    if CONFIDENCE_RE.search(low):
        return "confidence"
    return "importance" if IMPORTANCE_RE.search(low) else None


def _compare(m: int | None, n: int | None) -> str | None:
    if m is None or n is None or m == n:
        return None
    return "down" if m < n else "up"


def exploration_move(text: str, number: int | None) -> str | None:
    """down / up / build / None for a consultant's question about the citizen's number."""
    low = text.lower()
    named = scale_numbers(low)
    ref = number if number is not None else (named[0] if named else None)
    for pattern in (NOT_LOWER_RE, NOT_THAT_RE):
        found = pattern.search(low)
        if found:
            return _compare(_value(found.group("m")), ref) or "down"
    found = NEGATED_RE.search(low)
    if found:
        if found.group("cmp"):
            return "down" if found.group("cmp") in ("lavere", "mindre") else "up"
        return _compare(_value(found.group("m")), ref) or "down"
    if DOWN_WHY_RE.search(low) or WHY_NOT_COMPARATIVE_RE.search(low):
        return "down"
    found = WHY_NOT_RE.search(low)
    if found:
        # "Hvorfor ikke en to?" to a six asks downward; "Hvorfor ikke en otte?" upward.
        named_after = scale_numbers(low[found.start() :])
        return _compare(named_after[0] if named_after else None, ref) or "up"
    found = UP_TO_RE.search(low)
    if found:
        target = _value(found.group("m")) if found.group("m") else None
        return "build" if target is not None and ref is not None and target > ref else "down"
    return None


@dataclass
class ScaleResult:
    asked: bool = False
    explored_down: bool = False
    explored_up: bool = False
    up_first: bool = False
    value: int | None = None
    turns: dict[str, list[int]] = field(default_factory=lambda: {"asked": [], "down": [], "up": []})

    def to_dict(self) -> dict:
        data = {"asked": self.asked, "value": self.value, "turns": self.turns}
        if self.asked:
            data.update(explored_down=self.explored_down, explored_up=self.explored_up, up_first=self.up_first)
        else:
            data.update(explored_down=False, explored_up=False, up_first=False)
        return data


def _ask_kind(turn: Turn, results: dict[str, ScaleResult]) -> str:
    kind = scale_kind(turn.text)
    if kind is not None:
        return kind
    return next((k for k in KINDS if not results[k].asked), "importance")


def _record(result: ScaleResult, move: str, turn: Turn) -> None:
    if move == "down":
        result.explored_down = True
        result.turns["down"].append(turn.number)
    elif move == "up":
        result.up_first = result.up_first or not result.explored_down
        result.explored_up = True
        result.turns["up"].append(turn.number)


def detect_scaling(turns: list[Turn], skip: frozenset[int] = frozenset()) -> dict[str, ScaleResult]:
    """Asked / explored down / explored up per kind. ``skip``: positions that count in no measure."""
    results = {k: ScaleResult() for k in KINDS}
    current: str | None = None
    for turn in turns:
        if turn.position in skip:
            continue
        if turn.speaker == CITIZEN:
            if current is not None and results[current].value is None:
                results[current].value = citizen_number(turn.text)
            continue
        has_cue = bool(SCALE_CUE_RE.search(turn.text))
        asks = any(is_scale_question(s, has_cue) for s in turn.sentences)
        if asks:
            current = _ask_kind(turn, results)
            result = results[current]
            result.asked, result.value = True, None
            result.turns["asked"].append(turn.number)
        elif current is not None and turn.number - results[current].turns["asked"][-1] <= EXPLORE_WINDOW:
            questions = [s for s in turn.sentences if "?" in s or s.lower().startswith("hvad")]
            move = next((m for m in (exploration_move(s, results[current].value) for s in questions) if m), None)
            if move:
                _record(results[current], move, turn)
    return results
