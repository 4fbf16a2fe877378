"""Recognises the few commands that steer a practice conversation instead of being said to the citizen
(end with feedback, a hint, live coaching on/off).

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
    COACHING_ON = "coaching_on"
    COACHING_OFF = "coaching_off"


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

# Live coaching: the code of each of the trainee's lines is shown as it is said.
_COACHING_ON = {"coaching til", "coaching", "start coaching", "vis koder", "vis koderne", "vis kode", "koder til"}
_COACHING_OFF = {"coaching fra", "stop coaching", "slå coaching fra", "skjul koder", "skjul koderne", "koder fra"}

_COMMANDS = {
    **{fold(x): PracticeCommand.END for x in _END},
    **{fold(x): PracticeCommand.HINT for x in _HINT},
    **{fold(x): PracticeCommand.COACHING_ON for x in _COACHING_ON},
    **{fold(x): PracticeCommand.COACHING_OFF for x in _COACHING_OFF},
}


def practice_command(text: str | None) -> PracticeCommand | None:
    normalised = fold(re.sub(r"[.!?\s]+$", "", (text or "").strip()))
    return _COMMANDS.get(normalised)
