"""Technique coder: codes a consultant's utterance with one MI/job-conversation code.

Public API (nothing heavy happens at import; the spaCy pipeline and the classifier are
built on first use and cached for the process):

    code_utterance(text) -> str            one code for one utterance
    code_turn(text) -> TurnCoding           a whole consultant turn, split into segments
    CODES                                   the fifteen codes, in a fixed order
    scaling_info(text), closure_elements(text)  finer cues (bot.coder.cues)

The SMART check of agreements is the plan store's (bot.plan.agreements.parse_agreement).
"""

from __future__ import annotations

CODES: tuple[str, ...] = (
    "aabent_spoergsmaal",
    "lukket_spoergsmaal",
    "refleksion",
    "opsummering",
    "information",
    "information_med_tilladelse",
    "bekraeftelse",
    "autonomi",
    "overtalelse",
    "konfrontation",
    "kontrakt",
    "timeout",
    "skalaspoergsmaal",
    "afslutning",
    "andet",
)

QUESTION_CODES = frozenset({"aabent_spoergsmaal", "lukket_spoergsmaal"})

# Danish labels for texts shown to people.
CODE_LABELS: dict[str, str] = {
    "aabent_spoergsmaal": "åbent spørgsmål",
    "lukket_spoergsmaal": "lukket spørgsmål",
    "refleksion": "refleksion",
    "opsummering": "opsummering",
    "information": "information",
    "information_med_tilladelse": "information med tilladelse",
    "bekraeftelse": "bekræftelse",
    "autonomi": "autonomi",
    "overtalelse": "overtalelse",
    "konfrontation": "konfrontation",
    "kontrakt": "kontrakt",
    "timeout": "timeout",
    "skalaspoergsmaal": "skalaspørgsmål",
    "afslutning": "afslutning",
    "andet": "andet",
}


def code_utterance(text: str) -> str:
    from bot.coder.coder import get_coder

    return get_coder().code(text)


def code_turn(text: str):
    from bot.coder.coder import get_coder

    return get_coder().code_turn(text)


def scaling_info(text: str) -> dict:
    from bot.coder.cues import scaling_info as _scaling_info

    return _scaling_info(text)


def closure_elements(text: str) -> set[str]:
    from bot.coder.cues import closure_elements as _closure_elements

    return _closure_elements(text)
