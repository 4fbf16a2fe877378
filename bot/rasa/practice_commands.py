"""Recognises the few commands that steer a practice conversation instead of being said to the citizen.

While a trainee practises, everything typed goes to the simulated citizen, except these
commands. They are matched exactly (after light normalisation) rather than by the NLU model,
because a trainee's line to the citizen such as "hvordan gik det med ansøgningerne?" must never
end the exercise by accident.
"""

from __future__ import annotations

import re
from enum import Enum

from bot.core.folding import fold


class PracticeCommand(str, Enum):
    END = "end"
    HINT = "hint"


_END = {
    "feedback",
    "giv mig feedback",
    "feedback tak",
    "stop",
    "stop øvelsen",
    "stop øvelse",
    "afslut øvelsen",
    "afslut øvelse",
    "slut øvelse",
    "slut på øvelsen",
    "stop rollespillet",
    "afslut rollespillet",
    "færdig med øvelsen",
    "jeg er færdig med øvelsen",
    "stop simulationen",
}
_HINT = {
    "hjælp",
    "hjælp mig",
    "hint",
    "tip",
    "et tip",
    "giv mig et tip",
    "giv mig et hint",
    "hvad gør jeg nu",
    "hjælp!",
}

_END_FOLDED = {fold(x) for x in _END}
_HINT_FOLDED = {fold(x) for x in _HINT}


def practice_command(text: str | None) -> PracticeCommand | None:
    normalised = fold(re.sub(r"[.!?\s]+$", "", (text or "").strip()))
    if normalised in _END_FOLDED:
        return PracticeCommand.END
    if normalised in _HINT_FOLDED:
        return PracticeCommand.HINT
    return None
