"""Helpers for the judgement engine's tests: conversations written as "K: …" / "B: …" lines."""

from __future__ import annotations

import pytest

from bot.judgement.turns import as_turns


def conversation(text: str) -> list[dict]:
    """Turns from lines "K: …", "A: …", "B: …" (blank lines ignored)."""
    turns = []
    for line in text.strip().splitlines():
        line = line.strip()
        if line:
            speaker, _, said = line.partition(":")
            turns.append({"speaker": speaker.strip(), "text": said.strip()})
    return turns


def turns_of(text: str):
    return as_turns(conversation(text))


@pytest.fixture(scope="session")
def judged():
    """judge() over a conversation text, cached per text (the coder is deterministic)."""
    from bot.judgement.engine import judge

    cache: dict[str, dict] = {}

    def run(text: str) -> dict:
        if text not in cache:
            cache[text] = judge(conversation(text))
        return cache[text]

    return run
