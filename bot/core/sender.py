"""The Rasa sender id: who is talking, and in which cockpit conversation.

The web cockpit forwards every message as ``<username>:<conversation id>``; the plan store
keys a guide conversation as ``<sender id>:<start time>``. Everything that needs the user
behind a sender id reads it here, so the format has one definition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.personal_data import contains_cpr

SEPARATOR = ":"
MAX_USERNAME_CHARS = 64


@dataclass(frozen=True)
class Sender:
    username: str  # lower case; a sender id without a separator is all username
    conversation: str  # the part after the first separator ("" when there is none)


def format_sender(username: str, conversation_id: str) -> str:
    return f"{username}{SEPARATOR}{conversation_id}"


def parse_sender(sender_id: str | None) -> Sender:
    """``"Mette:abc"`` → ``Sender("mette", "abc")``; ``"konsulent-1"`` → ``Sender("konsulent-1", "")``."""
    username, _, conversation = (sender_id or "").partition(SEPARATOR)
    return Sender((username.strip() or (sender_id or "").strip()).lower()[:MAX_USERNAME_CHARS], conversation)


def username_of(sender_id: str | None) -> str:
    return parse_sender(sender_id).username


# Letters, digits and a few separators; the cockpit sends "<username>:<32 hex digits>".
SENDER_PATTERN = re.compile(r"^\w[\w.@:-]{0,127}$")


def sender_problem(sender_id: str | None) -> str | None:
    """A Danish reason why ``sender_id`` cannot be used (and must never be stored), or None."""
    if not sender_id or not SENDER_PATTERN.match(sender_id):
        return "Afsender-id'et (»sender«) skal være 1-128 tegn: bogstaver, tal, punktum, bindestreg, understreg, @ eller kolon."
    if contains_cpr(sender_id):
        return "Afsender-id'et ligner et CPR-nummer. Brug aldrig CPR-numre som id."
    return None
