"""Practice mode: the trainee talks to a simulated citizen and gets feedback at the end.

While ``practice_active`` is set, ``PracticeModePolicy`` sends every message here; the
simulator's whole state travels in the ``practice_state`` slot. The practice payload
``{"practice": {"case", "active", "speaker", ...}}`` tells the cockpit who speaks: "briefing"
(with the case card under ``briefing``), "borger" (the citizen), "coach" (live coaching, with
the trainee's line's ``coding``) or "guide".
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
from bot.practice.simulator import (
    PracticeError,
    briefing,
    briefing_payload,
    check_state,
    end_practice,
    last_coding,
    practice_hint,
    respond,
    set_coaching,
    start_practice,
)
from bot.rasa.practice_commands import PracticeCommand, practice_command

STATE_SLOT = "practice_state"
MODE_SLOT = "practice_active"
STALE_STATE = (
    "Øvelsen kan ikke fortsætte – den blev startet i en ældre version af Samtaleguide. "
    "Start en ny øvelse, fx »øv med Stine«."
)


def _practice_payload(state: dict, speaker: str, active: bool = True, **extra: Any) -> dict[str, Any]:
    return {"practice": {"case": state.get("case"), "active": active, "speaker": speaker, **extra}}


def _case_menu() -> str:
    names = ", ".join(case.name for case in load_cases().values())
    return f"Hvem vil du øve med? Vælg en af borgerne: {names} – eller »tilfældig borger«. Skriv fx »øv med Stine«."


def _danish_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


def coaching_text(coding: dict) -> str:
    """The live-coaching line for the trainee's last line, e.g. "Din replik: refleksion og åbent spørgsmål."."""
    labels = list(dict.fromkeys(coding.get("labels") or [coding["label"]]))
    return f"Din replik: {_danish_list(labels)}."


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
        payload = _practice_payload(state, "briefing", briefing=briefing_payload(state), coaching=False)
        dispatcher.utter_message(text=briefing(state), json_message=payload)
        return [SlotSet(STATE_SLOT, state), SlotSet(MODE_SLOT, True)]


class _PracticeAction(Action, ABC):
    """Runs only with a practice in progress; otherwise explains how to start one."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        state = tracker.get_slot(STATE_SLOT)
        if not tracker.get_slot(MODE_SLOT) or not isinstance(state, dict):
            dispatcher.utter_message(text="Der er ingen øvelse i gang. " + _case_menu())
            return [SlotSet(MODE_SLOT, False)]
        try:
            check_state(state)
        except PracticeError:  # a state from an older simulator, or damaged: start afresh, calmly
            dispatcher.utter_message(text=STALE_STATE)
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
        if state.get("coaching"):
            coding = last_coding(state)
            if coding:
                dispatcher.utter_message(
                    text=coaching_text(coding), json_message=_practice_payload(state, "coach", coding=coding)
                )
        return [SlotSet(STATE_SLOT, state)]


class ActionPracticeHint(_PracticeAction):
    def name(self) -> str:
        return "action_practice_hint"

    def practise(self, dispatcher, tracker, state):
        dispatcher.utter_message(text=practice_hint(state), json_message=_practice_payload(state, "guide"))
        return []


class ActionPracticeCoaching(_PracticeAction):
    """Live coaching on or off: the code of each of the trainee's lines, shown as it is said."""

    def name(self) -> str:
        return "action_practice_coaching"

    def practise(self, dispatcher, tracker, state):
        on = practice_command(latest_text(tracker)) is not PracticeCommand.COACHING_OFF
        state = set_coaching(state, on)
        text = (
            "Coaching er slået til: Efter hver replik ser du, hvordan den blev kodet. »coaching fra« slår det fra."
            if on
            else "Coaching er slået fra. »coaching til« slår det til igen."
        )
        dispatcher.utter_message(text=text, json_message=_practice_payload(state, "guide", coaching=on))
        return [SlotSet(STATE_SLOT, state)]


class ActionEndPractice(_PracticeAction):
    def name(self) -> str:
        return "action_end_practice"

    def practise(self, dispatcher, tracker, state):
        feedback = practice_feedback(state)
        ended = end_practice(state)
        dispatcher.utter_message(text=render_feedback(feedback), json_message=feedback)
        dispatcher.utter_message(json_message=_practice_payload(ended, "guide", active=False))
        return [SlotSet(STATE_SLOT, ended), SlotSet(MODE_SLOT, False)]
