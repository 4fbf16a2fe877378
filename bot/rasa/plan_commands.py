"""The plan store's typed commands ("aftale: ...", "vigtighed 4 ...", "A-job: ...").

The README documents these prefixes; a message that starts with one is that command,
whatever the NLU model makes of the rest of the sentence. The course's corrections ("det er
3. samtale", "12. ledighedsuge") and typed starts ("cv-samtale med B-12") are matched the
same way (``bot.plan.course_phrases``). Free phrasings without a prefix
("hun ringer til to vikarbureauer i næste uge") are still left to the model.
"""

from __future__ import annotations

import re

from bot.core.folding import fold
from bot.plan.course_phrases import course_command, course_start

# A reading, not a range ("vigtighed 1-10" asks about the scale) and not an article ("en skala").
_NUMBER = r"(?:\d{1,2}(?![\d\s]*-\s*\d)|to|tre|fire|fem|seks|syv|otte|ni|ti)\b"
_COMMANDS = (
    ("record_contract", re.compile(r"^kontrakt(?:en)?\s*[:\-–]")),
    ("record_agreement", re.compile(r"^(?:ny\s+)?aftal(?:e|t)\s*[:\-–]")),
    ("record_note", re.compile(r"^(?:note|noter|noter at|husk)\s*[:\-–]")),
    # A job title must follow: "plan b job" alone asks about the tool.
    ("record_job", re.compile(r"^(?:plan\s*)?[abc]\s*:|^(?:plan\s*)?[abc][\s-]*job(?:bet)?(?:\s*[:\-–]\s*|\s+)\w")),
    (
        "record_scaling",
        re.compile(rf"^(?:vigtighed|vigtigt|tro|tror paa det|selvtillid|motivation)\s*(?:paa|[:=])?\s*{_NUMBER}"),
    ),
)


def command_intent(text: str | None) -> str | None:
    folded = fold(text or "")
    for intent, pattern in _COMMANDS:
        if pattern.search(folded):
            return intent
    # The course: "det er 3. samtale" corrects the type; "cv-samtale med B-12" starts one.
    if course_command(folded):
        return "set_course"
    if course_start(folded):
        return "start_conversation"
    return None


# --- is a message the model called a plan command really one? --------------------------------
# The model learns plan commands from their wording, and a situation such as "jeg har ikke kigget i
# hans joblog endnu" can look like "a-kassen har ikke kigget på cv'et endnu" (mark_not_done). A plan
# command changes the citizen's plan, so it only counts when the message carries the command's own
# vocabulary; otherwise it is ranked last and the guide answers with the next best reading.
PLAN_INTENTS = frozenset(
    {
        "record_contract",
        "record_agreement",
        "record_scaling",
        "record_job",
        "record_note",
        "show_plan",
        "mark_done",
        "mark_not_done",
    }
)
_FOLLOW_UP = (
    r"\baftal|\bgjort\b|\bklaret\b|\bgennemfoer|\bdone\b|\bopfyldt\b|\bi hus\b|\bafkryds|\bmarker"
    r"|\btjek\w*\b.{0,30}\baf\b|\bsaet\b.{0,30}\btil\b|\bdroppe|\bikke til noget|\bnaa(?:ede|et)\b"
    r"|\bfik (?:ikke|kun)\b|\bglemte\b|\bturde ikke\b|\bfaerdig\b|\bok\b"
)
_CUES = {
    "record_contract": re.compile(
        r"\bkontrakt|\bmaal(?:et)?\s*(?::|for samtalen|med samtalen|i dag)|\bemne(?:t)?\s*(?::|er\b|i dag)"
        r"|\bsamtalen handler om|\baftalt at (?:tale|samtalen|maalet)|\benige om (?:at tale|emnet)"
        r"|\b(?:tale|taler|snakke)\s+om\b.*\bmaal(?:et)?\b"
    ),
    "record_agreement": re.compile(r"\baftal|\bdelmaal\s*[:\-–]|\bhjemmeopgave"),
    "record_scaling": re.compile(
        rf"\b(?:vigtig\w*|tro\w*|tiltro|selvtillid|motivation|skala\w*)\b\D{{0,30}}(?:{_NUMBER}|\d{{1,2}}'er)"
    ),
    "record_job": re.compile(r"(?<![a-z0-9-])(?:plan\s*)?[abc](?:[\s-]*job\w*|\s*[:=])|\bplan\s*[abc]\b"),
    "record_note": re.compile(
        r"^(?:note|notat|noter|husk|skriv|tilfoej)\b|\bnote\b|\bnotat\b|\bskriv (?:ned|i noterne)"
    ),
    "show_plan": re.compile(
        r"\bplan(?:en)?\b|\baftal|\bkontrakt|\bnote|\blove(?:t|de)\b|\bgemt\b|\bskrevet ned|\boversigt|\bstatus paa"
        r"|\bsidst|\bsidste (?:gang|samtale)|\btal(?:lene)?\b|\bvis\b|\bhent\b|\bhvad staar der\b|\bhave gjort\b"
    ),
    "mark_done": re.compile(_FOLLOW_UP),
    "mark_not_done": re.compile(_FOLLOW_UP),
}


_QUESTION = re.compile(r"\?\s*$|^(?:hvordan|hvad|hvorfor|hvornaar|hvilke|hvilken|hvor|skal jeg|kan jeg|maa jeg)\b")


def is_command_like(intent: str, text: str | None) -> bool:
    """Whether a message the model read as ``intent`` looks like that plan command.

    Intents outside the plan store are always accepted. A question never records anything
    ("hvordan laver jeg kontrakten?"). An agreement may also be stated freely with a deadline
    ("hun ringer til to vikarbureauer i næste uge"): who does what, and when.
    """
    if intent not in PLAN_INTENTS:
        return True
    folded = fold(text or "")
    if command_intent(text) == intent:
        return True
    if intent.startswith("record_") and _QUESTION.search(folded):
        return False
    if _CUES[intent].search(folded):
        return True
    if intent == "record_agreement":
        return _has_deadline(text or "")
    return False


def _has_deadline(text: str) -> bool:
    from datetime import date

    from bot.plan.deadlines import parse_deadline

    return parse_deadline(text, date.today()).found
