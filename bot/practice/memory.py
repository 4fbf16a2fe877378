"""What the citizen has said: no line twice, and "som jeg sagde" for a question asked before.

Lines are chosen deterministically: the candidates are ordered by a SHA-256 of (seed, turn, key)
and the first one not yet said in this practice wins. When every line of the wanted mood has
been used, the neighbouring moods' lines come next, and as a last resort a short interjection is
put before a line ("Tja. …") so that no reply is ever a verbatim repeat.
"""

from __future__ import annotations

import hashlib
import re

from bot.practice.case import MOODS
from bot.practice.state import stable_hash

# The nearest moods, for a bank that has no lines at all in the wanted mood.
NEIGHBOURS = {"open": ("guarded", "resistant"), "guarded": ("open", "resistant"), "resistant": ("guarded", "open")}
INTERJECTIONS = ("Tja.", "Hm.", "Altså.", "Ja.", "Nå.", "Mm.", "Tjo.")


def said(state: dict) -> set[str]:
    return {t["text"] for t in state["history"] if t.get("speaker") == "B"}


def line_id(line: str) -> str:
    return hashlib.sha1(line.encode("utf-8")).hexdigest()[:10]


def choose(state: dict, key: str, options) -> str | None:
    """A line of ``options`` not used yet in this practice (also not inside a longer reply),
    chosen by the seed and remembered as used; None if all were used."""
    spoken = said(state)
    used = set(state["memory"].setdefault("lines", []))
    fresh = [o for o in dict.fromkeys(options) if o not in spoken and line_id(o) not in used]
    if not fresh:
        return None
    chosen = min(fresh, key=lambda o: stable_hash(state["seed"], state["turn"], key, o))
    state["memory"]["lines"].append(line_id(chosen))
    return chosen


def choose_by_mood(state: dict, key: str, bank: dict, wanted: str, prefixes=()) -> str:
    """A fresh line in the ``wanted`` mood from ``bank`` (mood -> lines). When that mood has no
    lines at all (a hidden topic that may not come out yet), the nearest mood that has. When
    they are all used, the citizen repeats themselves the way people do ("Som jeg sagde: …",
    from ``prefixes``), and as a last resort with an interjection in front."""
    moods = [m for m in (wanted, *NEIGHBOURS[wanted]) if bank.get(m)]
    own = bank.get(moods[0]) if moods else ()
    line = choose(state, f"{key}:{moods[0]}", own) if moods else None
    if line:
        return line
    spoken = said(state)
    for prefix in sorted(dict.fromkeys(prefixes), key=lambda p: stable_hash(state["seed"], state["turn"], p)):
        for used in sorted(own, key=lambda u: stable_hash(state["seed"], state["turn"], u)):
            candidate = f"{prefix} {used}"
            if candidate not in spoken:
                return candidate
    return vary(state, key, list(own) or ["…"])


def vary(state: dict, key: str, lines) -> str:
    """A used line made new with an interjection in front (never a verbatim repeat)."""
    spoken = said(state)
    lines = list(dict.fromkeys(lines)) or ["…"]
    for interjection in sorted(INTERJECTIONS, key=lambda i: stable_hash(state["seed"], state["turn"], key, i)):
        for line in lines:
            candidate = f"{interjection} {line}"
            if candidate not in spoken and not line.startswith(interjection):
                return candidate
    # Practically unreachable (seven interjections for every line); a numbered aside keeps it new.
    return f"{lines[0]} ({state['turn']})"


def asked_before(state: dict, topic: str) -> dict | None:
    """The record of an earlier answer about ``topic`` ({"count", "mood"}), if any."""
    return state["memory"]["topics"].get(topic)


def remember(state: dict, topic: str, mood: str, words: list[str] | None = None) -> None:
    record = state["memory"]["topics"].setdefault(topic, {"count": 0, "mood": mood, "words": []})
    record["count"] += 1
    record["mood"] = mood
    record["words"] = sorted(set(record.get("words") or []) | set(words or []))[:40]
    state["memory"]["last_topic"] = topic


REPEAT_SHARE = 0.5  # a question sharing half its content words with an earlier one asks it again


def content_words(text: str) -> list[str]:
    """The folded words of four letters or more, without the question frame."""
    from bot.core.folding import fold

    frame = {"hvad", "hvordan", "hvorfor", "hvorn", "hvilke", "hvilken", "hvem", "kunne", "skulle", "egentlig", "lige"}
    return sorted({w for w in re.findall(r"[a-z0-9]{4,}", fold(text)) if w not in frame})


def similar(words: list[str], earlier: list[str]) -> bool:
    """Is a question with ``words`` the same question as one with ``earlier`` content words?"""
    if not words or not earlier:
        return False
    return len(set(words) & set(earlier)) / len(set(words)) >= REPEAT_SHARE


def mood_rank(mood: str) -> int:
    return {"resistant": 0, "guarded": 1, "open": 2}[mood]


assert set(NEIGHBOURS) == set(MOODS)
