"""Reads a conversation type and a week of unemployment out of what a consultant typed.

"ny fællessamtale med B-12", "cv-samtale med B-12", "3. samtale med B-12", "det er anden
rådighedssamtale", "hun er i 12. ledighedsuge", "ledig i tolv uger". Matching runs on the
folded text (``bot.core.folding``); numbers are read with ``bot.core.numbers``.

``course_command`` recognises a whole message that only corrects the type or the week
("det er 3. samtale"); it is matched exactly (``bot.rasa.plan_commands``), never left to the
NLU model. A situation such as "det er en fælles samtale med a-kassen" is not a command: it
asks for the fællessamtale guidance, and the correction is the one-word "det er en
fællessamtale".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.folding import fold
from bot.core.numbers import CARDINAL_PATTERN, ORDINALS, number_value

_ORDINAL_WORDS = "|".join(sorted(ORDINALS, key=len, reverse=True))
_JOINT = r"faelles[\s-]?(?:job)?samtale(?:n|r)?|faellesmoede(?:t)?|rundbordssamtale(?:n)?"
_PATTERNS = (
    ("late", re.compile(r"16\.?\s*(?:ledigheds)?maaned|intensiveret\w*\s+(?:indsats|forloeb|faellessamtale)")),
    ("cv", re.compile(r"(?<![\w-])cv[\s-]?samtale(?:n)?(?![\w-])")),
    (
        "availability",
        re.compile(
            rf"(?<![\w-])(?:(?P<ord>{_ORDINAL_WORDS}|\d{{1,2}}\.)\s+)?raadighedssamtale(?:n)?(?![\w-])"
            rf"(?:\s+(?:nr\.?|nummer)\s*(?P<nr>\d{{1,2}}))?"
        ),
    ),
    (
        "number",
        re.compile(
            rf"(?<![\w.,/-])(?<!\ben )(?<!\bet )(?P<ord>{_ORDINAL_WORDS}|\d{{1,2}}\.)\s+(?:(?:{_JOINT})|(?:job)?samtale(?:n)?)(?![\w-])"
            r"|(?<![\w-])(?:job)?samtale(?:n)?\s+(?:nr\.?|nummer)\s*(?P<nr>\d{1,2})(?!\d)"
        ),
    ),
    ("joint", re.compile(rf"(?<![\w-])(?:{_JOINT})(?![\w-])")),
)
_WEEK = (
    re.compile(rf"(?P<n>{CARDINAL_PATTERN})\.?\s*ledighedsuge"),
    re.compile(r"ledighedsuge\s*(?:nr\.?\s*)?(?P<n>\d{1,3})"),
    re.compile(rf"ledig(?:hed)?\s+i\s+(?P<n>{CARDINAL_PATTERN})\s+uger"),
    re.compile(rf"(?P<n>{CARDINAL_PATTERN})\s+ugers?\s+ledighed"),
    re.compile(r"uge\s+(?P<n>\d{1,3})\s+(?:af|i)\s+ledigheden"),
)


@dataclass(frozen=True)
class CourseChoice:
    """What a message says about the conversation's place in the course (all optional).

    ``type_id``: a model conversation ("jobcenter_3", "cv_samtale", "raadighed_2");
    ``jobcentre_number``: "7. samtale" is kept as 7, so the guide can say the model has six;
    ``availability``: "rådighedssamtale" without saying which; ``joint``: a fællessamtale.
    """

    type_id: str | None = None
    jobcentre_number: int | None = None
    availability: bool = False
    joint: bool = False
    week: int | None = None
    spans: tuple[tuple[int, int], ...] = ()  # where in the folded text the type was said

    @property
    def says_anything(self) -> bool:
        return bool(self.type_id or self.jobcentre_number or self.availability or self.joint or self.week)


def _ordinal(token: str | None) -> int | None:
    if not token:
        return None
    token = token.rstrip(".")
    return int(token) if token.isdigit() else ORDINALS.get(token)


def parse_course_choice(text: str) -> CourseChoice:
    folded = fold(text)
    found: dict[str, object] = {}
    spans: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        match = pattern.search(folded)
        if not match or any(s <= match.start() < e for s, e in spans):
            continue
        spans.append(match.span())
        if kind == "late":
            found.update(type_id="faellessamtale_16", joint=True)
        elif kind == "cv":
            found["type_id"] = "cv_samtale"
        elif kind == "availability":
            which = _ordinal(match.group("ord")) or (int(match.group("nr")) if match.group("nr") else None)
            if which in (1, 2):
                found["type_id"] = f"raadighed_{which}"
            else:
                found["availability"] = True
        elif kind == "number":
            number = _ordinal(match.group("ord")) or int(match.group("nr"))
            found.setdefault("jobcentre_number", number)
            if re.search(_JOINT, match.group(0)):
                found["joint"] = True
        else:
            found["joint"] = True
    number = found.get("jobcentre_number")
    if isinstance(number, int) and "type_id" not in found and 1 <= number <= 6:
        found["type_id"] = f"jobcenter_{number}"
    return CourseChoice(week=parse_unemployment_week(text), spans=tuple(spans), **found)


def parse_unemployment_week(text: str) -> int | None:
    folded = fold(text)
    for pattern in _WEEK:
        match = pattern.search(folded)
        if match:
            return number_value(match.group("n"))
    return None


def without_course_phrases(text: str, choice: CourseChoice) -> str:
    """The folded text with the type words blanked (so "cv-samtale" is not read as the topic CV)."""
    folded = fold(text)
    for start, end in sorted(choice.spans, reverse=True):
        folded = folded[:start] + " " * (end - start) + folded[end:]
    return folded


_LEAD = r"(?:det\s+er|det\s+var|dette\s+er|i\s+dag\s+er\s+det|samtalen\s+er|vi\s+holder|rettelse\s*:)"
_TYPE_WORDS = (
    rf"(?:(?:{_ORDINAL_WORDS}|\d{{1,2}}\.)\s+(?:job)?samtale(?:n)?(?:\s+i\s+jobcent(?:ret|eret))?"
    r"|(?:job)?samtale\s+(?:nr\.?|nummer)\s*\d{1,2}"
    r"|cv[\s-]?samtale(?:n)?"
    rf"|(?:(?:{_ORDINAL_WORDS}|\d\.)\s+)?raadighedssamtale(?:n)?"
    r"|faellessamtale(?:n)?"
    rf"|(?:{_ORDINAL_WORDS}|\d\.)\s+faellessamtale(?:n)?)"
)
_WEEK_WORDS = rf"{CARDINAL_PATTERN}\.?\s*ledighedsuge|ledighedsuge\s*(?:nr\.?\s*)?\d{{1,3}}"
_WHO = r"(?:vi|hun|han|borgeren|medlemmet)"
_COURSE_COMMAND = re.compile(
    rf"(?:{_LEAD}\s+(?:den\s+|en\s+(?!anden\b)|vores\s+)?{_TYPE_WORDS}"
    rf"|(?:{_WHO}\s+er\s+i\s+|det\s+er\s+)?(?:den\s+)?(?:{_WEEK_WORDS})"
    rf"|(?:{_WHO}\s+(?:har\s+vaeret|er)\s+)?ledig\s+i\s+{CARDINAL_PATTERN}\s+uger)"
    r"\s*[.!]?"
)


def course_command(text: str | None) -> bool:
    """A whole message that corrects the type or the week: "det er 3. samtale", "12. ledighedsuge"."""
    return _COURSE_COMMAND.fullmatch(fold(text or "")) is not None


_START_VERB = r"(?:(?:ny|nyt|start(?:er)?|opret|begynd)\s+(?:en\s+)?(?:ny\s+)?)"
_SPECIFIC_TYPE = (
    rf"(?:(?:{_ORDINAL_WORDS}|\d{{1,2}}\.)\s+(?:(?:job)?samtale|faelles\s*samtale)"
    rf"|cv[\s-]?samtale|(?:(?:{_ORDINAL_WORDS}|\d\.)\s+)?raadighedssamtale|faelles[\s-]?(?:job)?samtale)"
    r"(?:\s+(?:foer|efter)\s+16\.?\s*(?:ledigheds)?maaned(?:er)?)?"
)
_REF_LEAD = r"(?:med\s+(?:borger(?:en)?\s+|medlem(?:met)?\s+)?|m\.\s*|borger\s+|medlem\s+)"
_NOT_A_CITIZEN = r"(?!(?:a[\s-]?kassen|akassen|jobcent\w*|hende|ham|borgeren|dem|os|mig|en|et|den)\b)"
_COURSE_START = re.compile(
    rf"^(?:{_START_VERB}?{_SPECIFIC_TYPE}\s+{_REF_LEAD}{_NOT_A_CITIZEN}\S"
    rf"|{_START_VERB}?samtale\s+{_REF_LEAD}{_NOT_A_CITIZEN}\S*\d)"
)


def course_start(text: str | None) -> bool:
    """A start message with a conversation type or a case number: "cv-samtale med B-12", "samtale med 4711".

    Plain "samtale med ..." counts only with a digit in the reference, so a sentence such as
    "samtale med en borger, der græder" never starts a new conversation.
    """
    return _COURSE_START.match(fold(text or "")) is not None
