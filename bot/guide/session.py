"""Where a conversation stands in the nine steps, and what to do next.

The state travels in Rasa slots between turns; times are the conversation's own event
timestamps (seconds since the epoch), so the guide can be replayed and tested exactly.

Three ways a step is touched, and only two move the conversation:

* ``jump`` ("trin 7", "næste trin") makes the step the current one;
* ``visit`` (a step's tool was shown) does so for the main line (steps 1-5 and 9);
* ``record`` (something was saved: a contract, a scaling reading, an agreement) only marks the
  step visited – agreeing on homework at minute 5 does not make the closure current.

``suggest_next`` is the one rule for "what now" that the replies, ``hvor er vi?`` and the
cockpit's step list share; the payload carries its inputs so the cockpit can follow the clock.
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
# Sub-goals and SMART goals belong to step 9 in the handbook (s. 19, s. 30), but they are what
# any agreement is shaped with, so showing them mid-conversation does not start the closure.
ALONGSIDE_TOOLS = frozenset({"delmaal", "smart_maal"})


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
    ended_at: float | None = None  # "afslut samtalen": the clock stops here

    # --- time -------------------------------------------------------------------------
    def _clock(self, now: float) -> float:
        """The clock's "now": it stands still once the conversation has ended."""
        return min(now, self.ended_at) if self.ended_at is not None else now

    def elapsed_min(self, now: float) -> int:
        if self.started_at is None:
            return 0
        return max(0, int((self._clock(now) - self.started_at) // 60))

    def remaining_min(self, now: float) -> int:
        return self.booked_min - self.elapsed_min(now)

    def minutes_since_timeout(self, now: float) -> int:
        reference = self.last_timeout_at if self.last_timeout_at is not None else self.started_at
        if reference is None:
            return 0
        return max(0, int((self._clock(now) - reference) // 60))

    @property
    def running(self) -> bool:
        return self.started_at is not None and self.ended_at is None

    @property
    def unvisited(self) -> tuple[int, ...]:
        return tuple(n for n in range(FIRST_STEP, LAST_STEP + 1) if n not in self.visited)

    # --- moves ------------------------------------------------------------------------
    def record(self, step: int, now: float) -> GuideState:
        """Something belonging to ``step`` was saved or used: visited, but the current step stays."""
        return replace(
            self,
            visited=tuple(sorted(set(self.visited) | {step})),
            last_timeout_at=now if step == TIMEOUT_STEP else self.last_timeout_at,
        )

    def visit(self, step: int, now: float) -> GuideState:
        """Show ``step``: it counts as visited, and a main-line step becomes the current one."""
        recorded = self.record(step, now)
        if step in ALONGSIDE_STEPS and self.current_step is not None:
            return recorded
        return replace(recorded, current_step=step)

    def show_tool(self, tool_id: str, step: int, now: float) -> GuideState:
        """A tool was shown: its step is visited; tools used alongside do not move the conversation."""
        if tool_id in ALONGSIDE_TOOLS and self.current_step is not None:
            return self.record(step, now)
        return self.visit(step, now)

    def jump(self, step: int, now: float) -> GuideState:
        """An explicit jump ("trin 7", "næste trin") always moves the main line."""
        return replace(self.record(step, now), current_step=step)

    def payload(
        self, now: float, step: int | None, tool: str | None, candidates: list[str] | None = None
    ) -> dict[str, Any]:
        """The cockpit's view: ``step`` is the step shown in this reply, ``current_step`` where the
        conversation is (the same as ``hvor er vi?``), ``candidates`` the tools offered, best first."""
        suggestion = suggest_next(self, now)
        return {
            "guide": {
                "step": step if step is not None else self.current_step,
                "current_step": self.current_step,
                "tool": tool,
                "candidates": list(candidates) if candidates is not None else ([tool] if tool else []),
                "visited": list(self.visited),
                "unvisited": list(self.unvisited) if self.started_at is not None else [],
                "next_step": next_in_order(self),
                "suggested_step": suggestion.step,
                "suggestion": suggestion.reason.value,
                "started": self.started_at is not None,
                "elapsed_min": self.elapsed_min(now),
                "booked_min": self.booked_min,
                "since_timeout_min": self.minutes_since_timeout(now),
                "timeout_taken": self.last_timeout_at is not None,
                "ended": self.ended_at is not None,
            }
        }


def next_in_order(state: GuideState) -> int | None:
    """The next step by the model alone (no clock): the first step after the current one that
    was not visited yet, else the closure; None once the closure is the current step."""
    current = state.current_step
    if current is None:
        return state.unvisited[0] if state.unvisited else FIRST_STEP
    if current >= LAST_STEP:
        return None
    ahead = [n for n in state.unvisited if n > current]
    return ahead[0] if ahead else LAST_STEP


def suggest_next(state: GuideState, now: float) -> Suggestion:
    """What "næste trin" / "hvad nu?" should show.

    Closure comes first when the booked time is nearly used up; then a timeout when none
    has been taken for a while (counted from the start if there was none); otherwise the
    next step in order (``next_in_order``). Once the conversation has ended, nothing is due.
    """
    settings = get_settings()
    current = state.current_step
    if state.running and current != CLOSURE_STEP and state.remaining_min(now) <= settings.closure_margin_min:
        return Suggestion(CLOSURE_STEP, "afslutning", Reason.CLOSURE_DUE)
    if (
        state.running
        and current is not None
        and current not in (TIMEOUT_STEP, CLOSURE_STEP)
        and state.minutes_since_timeout(now) >= settings.timeout_interval_min
    ):
        return Suggestion(TIMEOUT_STEP, "timeout", Reason.TIMEOUT_DUE)
    step = next_in_order(state)
    if step is None:
        return Suggestion(LAST_STEP, None, Reason.FINISHED)
    return Suggestion(step, None, Reason.IN_ORDER)


# --- slots ----------------------------------------------------------------------------
SLOT_NAMES = (
    "guide_started_at",
    "booked_min",
    "current_step",
    "visited_steps",
    "last_timeout_at",
    "citizen_ref",
    "topic",
    "guide_ended_at",
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
        ended_at=_as_float(slots.get("guide_ended_at")),
    )


def state_to_slots(state: GuideState) -> dict[str, Any]:
    """The slots; a conversation not started keeps no booked length (the log keeps the one set)."""
    return {
        "guide_started_at": state.started_at,
        "booked_min": float(state.booked_min) if state.started_at is not None else None,
        "current_step": float(state.current_step) if state.current_step is not None else None,
        "visited_steps": [str(v) for v in state.visited],
        "last_timeout_at": state.last_timeout_at,
        "citizen_ref": state.citizen_ref,
        "topic": state.topic,
        "guide_ended_at": state.ended_at,
    }
