"""The practice state: a JSON-serialisable dict that travels in the ``practice_state`` slot.

Scales: ``openness`` (the citizen's trust in the consultant) and ``resistance`` 0-10;
``importance`` and ``confidence`` 1-10 (the handbook's two scaling questions, p. 13);
``depth`` counts how much exploring has happened (hidden facts need some).
"""

from __future__ import annotations

import hashlib
from datetime import date

from bot.practice.case import CASE_IDS, Case

STATE_VERSION = 2
# The citizen's mood decides which lines of the answer bank they use.
RESISTANT_FROM = 6  # resistance >= 6: resistant
OPEN_FROM = 6  # openness >= 6 and resistance <= OPEN_MAX_RESISTANCE: open
OPEN_MAX_RESISTANCE = 4
LIMITS = {"openness": (0, 10), "resistance": (0, 10), "importance": (1, 10), "confidence": (1, 10)}


class PracticeError(ValueError):
    pass


def stable_hash(*parts) -> int:
    return int(hashlib.sha256("|".join(str(p) for p in parts).encode("utf-8")).hexdigest(), 16)


def mood(state: dict) -> str:
    """open, guarded or resistant, from trust and resistance."""
    if state["resistance"] >= RESISTANT_FROM:
        return "resistant"
    if state["openness"] >= OPEN_FROM and state["resistance"] <= OPEN_MAX_RESISTANCE:
        return "open"
    return "guarded"


def shift(state: dict, key: str, delta: int, floor: int | None = None, ceiling: int | None = None) -> None:
    """Moves one scale by ``delta`` inside its limits (and an optional tighter floor/ceiling)."""
    low, high = LIMITS[key]
    if floor is not None:
        low = max(low, min(floor, state[key]))
    if ceiling is not None:
        high = min(high, max(ceiling, state[key]))
    state[key] = max(low, min(high, state[key] + delta))


def _scale_flags() -> dict:
    return {"asked": False, "value": None, "explored_down": False, "explored_up_first": False}


def new_state(case: Case, seed: int, today: date) -> dict:
    return {
        "version": STATE_VERSION,
        "case": case.id,
        "seed": seed,
        "today": today.isoformat(),
        "turn": 0,
        **{k: case.start[k] for k in ("openness", "resistance", "importance", "confidence")},
        "depth": 0,
        "closed_streak": 0,
        "revealed": [],
        "coaching": False,
        "flags": {
            "contract": False,
            "contract_turn": None,
            "contract_at_start": False,
            "scaling": {"importance": _scale_flags(), "confidence": _scale_flags()},
            "last_scale_kind": None,
            "permission_pending": False,
            "permission_asked": 0,
            "information_given": 0,
            "information_with_permission": 0,
            "lectures": 0,
            "information_turn": None,
            "openers_used": [],
            "authority_turn": None,
            "timeouts": 0,
            "summaries": 0,
            "closure": {"summary": False, "agreement": False, "evaluation": False},
            "negotiation": None,
            "agreements": [],
            "agreement_reached": False,
            "agreement": None,
            "agreement_smart": None,
            "pushbacks": 0,
        },
        "memory": {"topics": {}, "last_topic": None, "lines": []},
        "history": [],
        "ended": False,
    }


def check_state(state) -> None:
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION or state.get("case") not in CASE_IDS:
        raise PracticeError("not a practice state")
    for key, (low, high) in LIMITS.items():
        value = state.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise PracticeError(f"practice state has a bad {key}")
    if not isinstance(state.get("history"), list) or not isinstance(state.get("flags"), dict):
        raise PracticeError("practice state without history or flags")
