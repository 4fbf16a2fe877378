"""Shared plumbing for the guide actions: state in and out of slots, and the reply payload."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.core.danish_time import local_day
from bot.core.sender import format_sender, username_of
from bot.guide.session import GuideState, state_from_slots, state_to_slots

END_ACTION = "action_end_conversation"


def local_today(now: float) -> date:
    return local_day(now)


def conversation_key(tracker: Tracker, state: GuideState) -> str:
    """One Rasa sender can hold several conversations in a row; the start time tells them apart."""
    return format_sender(tracker.sender_id, str(int(state.started_at or 0)))


def consultant_id(tracker: Tracker) -> str:
    return username_of(tracker.sender_id)


def send_plan(dispatcher: CollectingDispatcher, citizen_ref: str | None, tracker: Tracker) -> None:
    """The ``plan`` payload for the cockpit's panels, read as the sender's user (and audited)."""
    if citizen_ref:
        from bot.plan.errors import PlanError
        from bot.plan.payload import plan_payload
        from bot.plan.service import get_plan_service

        try:
            plan = get_plan_service().show_plan(citizen_ref, tracker.sender_id)
        except PlanError:  # the text reply already said why; the panels stay as they are
            return
        dispatcher.utter_message(json_message=plan_payload(plan))


@dataclass
class Reply:
    text: str
    state: GuideState
    step: int | None = None
    tool: str | None = None
    events: list[EventType] = field(default_factory=list)
    clear_state: bool = False  # the conversation ended: the payload shows it, the slots forget it
    plan_ref: str | None = None  # also send this citizen's plan payload


def message_time(tracker: Tracker) -> float:
    """Timestamp of the latest user message: the conversation's own clock."""
    for event in reversed(tracker.events):
        if event.get("event") == "user" and event.get("timestamp") is not None:
            return float(event["timestamp"])
    import time

    return time.time()


def conversation_start_time(tracker: Tracker) -> float | None:
    """Timestamp of the first user message since the session (re)started."""
    first = None
    for event in tracker.events:
        kind = event.get("event")
        ended = kind == "action" and event.get("name") == END_ACTION
        if kind in ("session_started", "restart") or ended:
            first = None
        elif kind == "user" and first is None and event.get("timestamp") is not None:
            first = float(event["timestamp"])
    return first


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def latest_intent(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""


def guide_state(tracker: Tracker) -> GuideState:
    state = state_from_slots(tracker.current_slot_values())
    if state.started_at is None:
        state = replace(state, started_at=conversation_start_time(tracker))
    return state


class GuideAction(Action, ABC):
    """Reads the guide state, lets the subclass answer, then sends text + payload and saves state."""

    @abstractmethod
    def respond(self, state: GuideState, now: float, tracker: Tracker) -> Reply: ...

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        state, now = guide_state(tracker), message_time(tracker)
        reply = self.respond(state, now, tracker)
        dispatcher.utter_message(text=reply.text)
        dispatcher.utter_message(json_message=reply.state.payload(now, reply.step, reply.tool))
        send_plan(dispatcher, reply.plan_ref, tracker)
        saved = GuideState() if reply.clear_state else reply.state
        return [SlotSet(name, value) for name, value in state_to_slots(saved).items()] + reply.events
