"""The run-time coder: one code per utterance, and turns split into coded segments."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from bot.coder import CODES
from bot.coder.cues import normalize, question_form, words

# Which code stands for a whole turn when its segments differ (the simulator reacts to it).
PRIMARY_ORDER: tuple[str, ...] = (
    "konfrontation",
    "overtalelse",
    "skalaspoergsmaal",
    "kontrakt",
    "timeout",
    "afslutning",
    "information_med_tilladelse",
    "aabent_spoergsmaal",
    "lukket_spoergsmaal",
    "opsummering",
    "refleksion",
    "information",
    "autonomi",
    "bekraeftelse",
    "andet",
)
assert set(PRIMARY_ORDER) == set(CODES)

# A short closed check question after these is part of them ("..., er det rigtigt?").
ABSORBING = frozenset(
    {
        "opsummering",
        "refleksion",
        "kontrakt",
        "information_med_tilladelse",
        "afslutning",
        "timeout",
        "information",
        "skalaspoergsmaal",
    }
)
SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+(?=[\"'A-ZÆØÅ0-9])")


@dataclass
class Segment:
    text: str
    code: str

    def to_dict(self) -> dict:
        return {"text": self.text, "code": self.code}


@dataclass
class TurnCoding:
    text: str
    primary: str
    segments: list[Segment] = field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        return [s.code for s in self.segments]

    def to_dict(self) -> dict:
        return {"text": self.text, "code": self.primary, "segments": [s.to_dict() for s in self.segments]}


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_SPLIT_RE.split(normalize(text)) if s.strip()]


class Coder:
    def __init__(self, model=None):
        if model is None:
            from bot.coder.classifier import trained_model

            model = trained_model("all")
        self.model = model
        self._cache: dict[str, str] = {}

    def code_many(self, texts: list[str]) -> list[str]:
        keys = [normalize(t) for t in texts]
        missing = [k for k in dict.fromkeys(keys) if k not in self._cache and k]
        if missing:
            for k, code in zip(missing, self.model.predict(missing)):
                self._cache[k] = code
        return [self._cache.get(k, "andet") if k else "andet" for k in keys]

    def code(self, text: str) -> str:
        return self.code_many([text])[0]

    def code_turn(self, text: str) -> TurnCoding:
        text = normalize(text)
        sentences = split_sentences(text)
        if len(sentences) <= 1:
            code = self.code(text)
            return TurnCoding(text, code, [Segment(text, code)] if text else [])
        whole = self.code(text)
        codes = self.code_many(sentences)
        segments: list[Segment] = []
        for sent, code in zip(sentences, codes):
            if (
                segments
                and code == "lukket_spoergsmaal"
                and len(words(sent)) <= 6
                and segments[-1].code in ABSORBING
                and question_form(sent) in {"closed", "tag"}
            ):
                segments[-1] = Segment(f"{segments[-1].text} {sent}", segments[-1].code)
            elif segments and segments[-1].code == code:
                segments[-1] = Segment(f"{segments[-1].text} {sent}", code)
            else:
                segments.append(Segment(sent, code))
        # Fillers ("Okay.", "Mm.") next to real content carry no technique.
        if any(s.code != "andet" for s in segments):
            segments = [s for s in segments if s.code != "andet" or len(words(s.text)) > 3]
        # A structural code for the whole turn wins over its pieces (a contract that ends
        # "Hvordan lyder det?" is one contract, not a contract and a question).
        if whole in {"kontrakt", "timeout", "afslutning", "skalaspoergsmaal", "opsummering"} and whole in {
            s.code for s in segments
        } | {whole}:
            if all(
                s.code in {whole, "aabent_spoergsmaal", "lukket_spoergsmaal", "andet", "information", "refleksion"}
                for s in segments
            ):
                segments = [Segment(text, whole)]
        present = {s.code for s in segments}
        primary = next(c for c in PRIMARY_ORDER if c in present) if present else whole
        return TurnCoding(text, primary, segments)


@lru_cache(maxsize=1)
def get_coder() -> Coder:
    return Coder()
