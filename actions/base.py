"""Shared plumbing for the guide actions: state in and out of slots, the request, and the reply payload."""

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
from bot.guide.choices import (
    Choice,
    choices_from_ranking,
    is_guide_request,
    is_sure,
    offer,
    render_alternatives,
    render_choices,
)
from bot.guide.content import load_guide
from bot.guide.session import GuideState, state_from_slots, state_to_slots

END_ACTION = "action_end_conversation"
OFFER_SLOT = "choice_offer"
SHOWN_SLOT = "last_shown"


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


@dataclass(frozen=True)
class Request:
    """What the consultant asked for: the latest message, or – after "2" – the choice picked.

    ``confidence`` is the model's for ``intent`` (None when sure by construction: a typed command,
    a picked choice); ``ranking`` is the model's intent ranking, best first.
    """

    text: str
    intent: str
    confidence: float | None = None
    ranking: tuple[dict[str, Any], ...] = ()
    picked: bool = False

    @classmethod
    def of(cls, tracker: Tracker) -> Request:
        latest = tracker.latest_message or {}
        intent = latest.get("intent") or {}
        ranking = tuple(r for r in latest.get("intent_ranking") or () if isinstance(r, dict))
        ranked = next((r.get("confidence") for r in ranking if r.get("name") == intent.get("name")), None)
        confidence = ranked if isinstance(ranked, (int, float)) else intent.get("confidence")
        return cls(
            text=latest.get("text") or "",
            intent=intent.get("name") or "",
            confidence=float(confidence) if isinstance(confidence, (int, float)) else None,
            ranking=ranking,
        )

    @property
    def sure(self) -> bool:
        return self.picked or is_sure(self.confidence)

    def choices(self) -> list[Choice]:
        return choices_from_ranking(self.ranking, self.text, load_guide())

    def confidences(self, choices: list[Choice]) -> list[float | None]:
        by_intent = {r.get("name"): r.get("confidence") for r in self.ranking}
        return [by_intent.get(c.intent) for c in choices]


@dataclass
class Reply:
    text: str
    state: GuideState
    step: int | None = None
    tool: str | None = None
    events: list[EventType] = field(default_factory=list)
    clear_state: bool = False  # the conversation ended: the payload shows it, the slots forget it
    plan_ref: str | None = None  # also send this citizen's plan payload
    shown: dict[str, Any] | None = None  # what »mere« expands (kind and id), when the reply is brief
    choices: list[Choice] | None = None  # numbered choices offered with (or instead of) the answer
    payloads: list[dict[str, Any]] = field(default_factory=list)  # more custom payloads, e.g. the course


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
    """The state from the slots; the first message starts the clock, unless a conversation just ended."""
    state = state_from_slots(tracker.current_slot_values())
    if state.started_at is None and state.ended_at is None:
        state = replace(state, started_at=conversation_start_time(tracker))
    return state


def choice_events(choices: list[Choice] | None, request: Request) -> list[EventType]:
    """Keep an offer of choices for "1"/"2"/"3" – or clear an old one, so a late "2" picks nothing stale."""
    if not choices:
        return [SlotSet(OFFER_SLOT, None)]
    return [SlotSet(OFFER_SLOT, offer(request.text, choices, request.confidences(choices)))]


class GuideAction(Action, ABC):
    """Reads the guide state, lets the subclass answer, then sends text + payload and saves state."""

    @abstractmethod
    def respond(self, state: GuideState, now: float, tracker: Tracker, request: Request) -> Reply: ...

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        return self.answer(dispatcher, tracker, Request.of(tracker))

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, request: Request) -> list[dict[str, Any]]:
        state, now = guide_state(tracker), message_time(tracker)
        reply = self.respond(state, now, tracker, request)
        text, choices = _offered(reply, request)
        dispatcher.utter_message(text=text)
        payload = reply.state.payload(now, reply.step, reply.tool, [c.id for c in choices] if choices else None)
        dispatcher.utter_message(json_message=_with_choices(payload, choices))
        for extra in reply.payloads:
            dispatcher.utter_message(json_message=extra)
        send_plan(dispatcher, reply.plan_ref, tracker)
        saved = replace(GuideState(), ended_at=reply.state.ended_at) if reply.clear_state else reply.state
        events = [SlotSet(name, value) for name, value in state_to_slots(saved).items()]
        events += choice_events(choices, request) + [SlotSet(SHOWN_SLOT, reply.shown)]
        return events + reply.events


def _offered(reply: Reply, request: Request) -> tuple[str, list[Choice] | None]:
    """The reply's text and the choices offered with it.

    A reply made of choices keeps them. A step or tool shown on a reading the model was not sure
    of gets one more line naming the runners-up ("Var det ikke det? 2) … 3) …").
    """
    if reply.choices is not None:
        return reply.text, reply.choices
    if request.sure or not is_guide_request(request.intent):
        return reply.text, None
    choices = request.choices()
    alternatives = render_alternatives(choices) if choices and choices[0].intent == request.intent else None
    if not alternatives:
        return reply.text, None
    return f"{reply.text}\n{alternatives}", choices


def _with_choices(payload: dict[str, Any], choices: list[Choice] | None) -> dict[str, Any]:
    if choices:
        payload["guide"]["choices"] = [c.as_dict(n) for n, c in enumerate(choices, start=1)]
    return payload


def choices_reply(state: GuideState, choices: list[Choice]) -> Reply:
    """The answer when the guide is unsure: only the numbered choices, nothing moves."""
    return Reply(render_choices(choices), state, choices=choices)


__all__ = ["GuideAction", "Reply", "Request", "choices_reply", "render_choices"]
