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
