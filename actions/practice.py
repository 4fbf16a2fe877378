"""Practice mode: the trainee talks to a simulated citizen and gets feedback at the end.

While ``practice_active`` is set, ``PracticeModePolicy`` sends every message here; the
simulator's whole state travels in the ``practice_state`` slot.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import latest_text, message_time
from bot.practice import load_cases, resolve_case
from bot.practice.feedback import practice_feedback, render_feedback
from bot.practice.simulator import briefing, end_practice, practice_hint, respond, start_practice

STATE_SLOT = "practice_state"
MODE_SLOT = "practice_active"


def _practice_payload(state: dict, speaker: str, active: bool = True) -> dict[str, Any]:
    return {"practice": {"case": state.get("case"), "active": active, "speaker": speaker}}


def _case_menu() -> str:
    names = ", ".join(case.name for case in load_cases().values())
    return f"Hvem vil du øve med? Vælg en af borgerne: {names} – eller »tilfældig borger«. Skriv fx »øv med Stine«."


class ActionStartPractice(Action):
    def name(self) -> str:
        return "action_start_practice"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        case_id = resolve_case(latest_text(tracker))
        if case_id is None:
            dispatcher.utter_message(text=_case_menu())
            return []
        # The seed ties the citizen's variety to this conversation, so a replay gives the same replies.
        state = start_practice(
            None if case_id == "random" else case_id, seed=f"{tracker.sender_id}:{message_time(tracker)}"
        )
        dispatcher.utter_message(text=briefing(state), json_message=_practice_payload(state, "briefing"))
        return [SlotSet(STATE_SLOT, state), SlotSet(MODE_SLOT, True)]


class _PracticeAction(Action, ABC):
    """Runs only with a practice in progress; otherwise explains how to start one."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        state: dict | None = tracker.get_slot(STATE_SLOT)
        if not tracker.get_slot(MODE_SLOT) or not isinstance(state, dict):
            dispatcher.utter_message(text="Der er ingen øvelse i gang. " + _case_menu())
            return [SlotSet(MODE_SLOT, False)]
        return self.practise(dispatcher, tracker, state)

    @abstractmethod
    def practise(self, dispatcher: CollectingDispatcher, tracker: Tracker, state: dict) -> list[dict[str, Any]]: ...


class ActionPracticeTurn(_PracticeAction):
    def name(self) -> str:
        return "action_practice_turn"

    def practise(self, dispatcher, tracker, state):
        state, reply = respond(state, latest_text(tracker))
        dispatcher.utter_message(text=reply, json_message=_practice_payload(state, "borger"))
        return [SlotSet(STATE_SLOT, state)]


class ActionPracticeHint(_PracticeAction):
    def name(self) -> str:
        return "action_practice_hint"

    def practise(self, dispatcher, tracker, state):
        dispatcher.utter_message(text=practice_hint(state), json_message=_practice_payload(state, "guide"))
        return []


class ActionEndPractice(_PracticeAction):
    def name(self) -> str:
        return "action_end_practice"

    def practise(self, dispatcher, tracker, state):
        feedback = practice_feedback(state)
        ended = end_practice(state)
        dispatcher.utter_message(text=render_feedback(feedback), json_message=feedback)
        dispatcher.utter_message(json_message=_practice_payload(ended, "guide", active=False))
        return [SlotSet(STATE_SLOT, ended), SlotSet(MODE_SLOT, False)]
