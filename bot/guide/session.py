"""Where a conversation stands in the nine steps, and what to do next.

The state travels in Rasa slots between turns; times are the conversation's own event
timestamps (seconds since the epoch), so the guide can be replayed and tested exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from bot.settings import get_settings

FIRST_STEP = 1
LAST_STEP = 9
TIMEOUT_STEP = 6
CLOSURE_STEP = 9
# Steps 6-8 (timeouts, motivating language, the double role) run alongside the others;
# showing them on the consultant's request does not move the conversation forward.
ALONGSIDE_STEPS = frozenset({6, 7, 8})


class Reason(str, Enum):
    IN_ORDER = "in_order"
    TIMEOUT_DUE = "timeout_due"
    CLOSURE_DUE = "closure_due"
    FINISHED = "finished"


@dataclass(frozen=True)
class Suggestion:
    step: int
    tool: str | None
    reason: Reason


@dataclass(frozen=True)
class GuideState:
    started_at: float | None = None
    booked_min: int = field(default_factory=lambda: get_settings().default_booked_min)
    current_step: int | None = None
    visited: tuple[int, ...] = ()
    last_timeout_at: float | None = None
    citizen_ref: str | None = None
    topic: str | None = None

    # --- time -------------------------------------------------------------------------
    def elapsed_min(self, now: float) -> int:
        if self.started_at is None:
            return 0
        return max(0, int((now - self.started_at) // 60))

    def remaining_min(self, now: float) -> int:
        return self.booked_min - self.elapsed_min(now)

    def minutes_since_timeout(self, now: float) -> int:
        reference = self.last_timeout_at if self.last_timeout_at is not None else self.started_at
        if reference is None:
            return 0
        return max(0, int((now - reference) // 60))

    # --- moves ------------------------------------------------------------------------
    def visit(self, step: int, now: float) -> GuideState:
        """Show ``step``: it counts as visited, and a main-line step becomes the current one."""
        visited = tuple(sorted(set(self.visited) | {step}))
        moves_main_line = step not in ALONGSIDE_STEPS or self.current_step is None
        return replace(
            self,
            visited=visited,
            current_step=step if moves_main_line else self.current_step,
            last_timeout_at=now if step == TIMEOUT_STEP else self.last_timeout_at,
            started_at=self.started_at if self.started_at is not None else now,
        )

    def jump(self, step: int, now: float) -> GuideState:
        """An explicit jump ("trin 7", "næste trin") always moves the main line."""
        moved = self.visit(step, now)
        return replace(moved, current_step=step)

    def payload(self, now: float, step: int | None, tool: str | None) -> dict[str, Any]:
        return {
            "guide": {
                "step": step if step is not None else self.current_step,
                "tool": tool,
                "visited": list(self.visited),
                "elapsed_min": self.elapsed_min(now),
                "booked_min": self.booked_min,
            }
        }


def suggest_next(state: GuideState, now: float) -> Suggestion:
    """What "næste trin" / "hvad nu?" should show.

    Closure comes first when the booked time is nearly used up; then a timeout when none
    has been taken for a while (counted from the start if there was none); otherwise the
    step after the current one.
    """
    settings = get_settings()
    current = state.current_step
    if (
        current != CLOSURE_STEP
        and state.started_at is not None
        and state.remaining_min(now) <= settings.closure_margin_min
    ):
        return Suggestion(CLOSURE_STEP, "afslutning", Reason.CLOSURE_DUE)
    if (
        current is not None
        and current not in (TIMEOUT_STEP, CLOSURE_STEP)
        and state.minutes_since_timeout(now) >= settings.timeout_interval_min
    ):
        return Suggestion(TIMEOUT_STEP, "timeout", Reason.TIMEOUT_DUE)
    if current is None:
        return Suggestion(FIRST_STEP, None, Reason.IN_ORDER)
    if current >= LAST_STEP:
        return Suggestion(LAST_STEP, None, Reason.FINISHED)
    return Suggestion(current + 1, None, Reason.IN_ORDER)


# --- slots ----------------------------------------------------------------------------
SLOT_NAMES = (
    "guide_started_at",
    "booked_min",
    "current_step",
    "visited_steps",
    "last_timeout_at",
    "citizen_ref",
    "topic",
)


def _as_int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _as_float(value: Any) -> float | None:
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def state_from_slots(slots: Mapping[str, Any]) -> GuideState:
    visited = tuple(sorted({v for v in (_as_int(x) for x in slots.get("visited_steps") or []) if v and 1 <= v <= 9}))
    booked = _as_int(slots.get("booked_min"))
    current = _as_int(slots.get("current_step"))
    return GuideState(
        started_at=_as_float(slots.get("guide_started_at")),
        booked_min=booked if booked and booked > 0 else get_settings().default_booked_min,
        current_step=current if current and 1 <= current <= 9 else None,
        visited=visited,
        last_timeout_at=_as_float(slots.get("last_timeout_at")),
        citizen_ref=slots.get("citizen_ref") or None,
        topic=slots.get("topic") or None,
    )


def state_to_slots(state: GuideState) -> dict[str, Any]:
    return {
        "guide_started_at": state.started_at,
        "booked_min": float(state.booked_min),
        "current_step": float(state.current_step) if state.current_step is not None else None,
        "visited_steps": [str(v) for v in state.visited],
        "last_timeout_at": state.last_timeout_at,
        "citizen_ref": state.citizen_ref,
        "topic": state.topic,
    }
