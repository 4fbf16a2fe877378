"""The conversation as the judgement engine reads it: turns, speakers, sentences, words.

A turn comes in as a dict ``{"speaker": "K"|"A"|"B", "text": ..., "time": seconds or None}``
(a parsed transcript, a practice history entry). ``K`` is the consultant (in a joint
conversation the jobcentre's), ``A`` the a-kasse's consultant in a joint conversation, ``B``
the citizen. Both ``K`` and ``A`` count as consultant for every consultant-side measure.
Anything else (a missing text, an unknown speaker, a non-string) is dropped, never fatal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from bot.coder.coder import split_sentences
from bot.coder.cues import normalize

CONSULTANTS = frozenset({"K", "A"})
CITIZEN = "B"
MAX_TURN_CHARS = 5000  # a longer "turn" is cut: nobody says more in one breath, and rules stay linear
WORD_RE = re.compile(r"[a-zæøåéü0-9]+(?:'[a-zæøå]+)?", re.IGNORECASE)
SECOND_PERSON_RE = re.compile(r"\b(?:du|dig|din|dit|dine)\b", re.IGNORECASE)
THIRD_PERSON_RE = re.compile(r"\b(?:han|hun|ham|hende|hans|hendes)\b", re.IGNORECASE)


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD_RE.findall(text or "")]


@dataclass(frozen=True)
class Turn:
    """One turn. ``position`` counts all turns from 0; ``number`` counts consultant turns from 1
    (0 for the citizen), the number the feedback payload calls ``turn``."""

    position: int
    speaker: str
    text: str
    time: int | None = None
    number: int = 0

    @property
    def consultant(self) -> bool:
        return self.speaker in CONSULTANTS

    @cached_property
    def low(self) -> str:
        return self.text.lower()

    @cached_property
    def sentences(self) -> tuple[str, ...]:
        return tuple(split_sentences(self.text))

    @cached_property
    def words(self) -> list[str]:
        return words(self.text)


def _speaker(value: object) -> str | None:
    speaker = str(value or "").strip().upper()[:1]
    return speaker if speaker in CONSULTANTS or speaker == CITIZEN else None


def _time(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def as_turns(raw: Iterable[Mapping]) -> list[Turn]:
    """The usable turns of ``raw``, numbered; malformed entries are skipped."""
    turns: list[Turn] = []
    number = 0
    for item in raw or ():
        if not isinstance(item, Mapping):
            continue
        speaker, text = _speaker(item.get("speaker")), item.get("text")
        if speaker is None or not isinstance(text, str):
            continue
        text = normalize(text[:MAX_TURN_CHARS])
        if not text:
            continue
        if speaker in CONSULTANTS:
            number += 1
        turns.append(Turn(len(turns), speaker, text, _time(item.get("time")), number if speaker in CONSULTANTS else 0))
    return turns


def next_citizen(turns: list[Turn], turn: Turn) -> Turn | None:
    """The citizen's first turn after ``turn`` (before the next consultant turn or not)."""
    return next((t for t in turns[turn.position + 1 :] if t.speaker == CITIZEN), None)


def citizen_reply(turns: list[Turn], turn: Turn) -> Turn | None:
    """The citizen's turn right after ``turn``, if the next turn is the citizen's."""
    following = turns[turn.position + 1] if turn.position + 1 < len(turns) else None
    return following if following is not None and following.speaker == CITIZEN else None


def previous_citizen(turns: list[Turn], turn: Turn) -> Turn | None:
    """The citizen's turn just before ``turn`` (None if a consultant spoke in between)."""
    for t in reversed(turns[: turn.position]):
        if t.speaker == CITIZEN:
            return t
        if t.consultant:
            return None
    return None


def is_joint(turns: list[Turn]) -> bool:
    """Two consultants (K and A) take part: a joint conversation (fællessamtale)."""
    return {"K", "A"} <= {t.speaker for t in turns}


def colleague_turns(turns: list[Turn]) -> frozenset[int]:
    """Positions of consultant turns addressed to the other consultant in a joint conversation.

    Such a turn talks about the citizen in the third person and not to them ("Skal vi ikke se på,
    om han kan …?"); it counts in no measure.
    """
    if not is_joint(turns):
        return frozenset()
    return frozenset(
        t.position
        for t in turns
        if t.consultant and THIRD_PERSON_RE.search(t.text) and not SECOND_PERSON_RE.search(t.text)
    )
