"""Actions outside the nine steps: greeting, help, fallback, out of scope and bad input."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import latest_text
from bot.core.input_guard import InputProblem, classify_input, explain
from bot.guide.render import CAPABILITIES

NOT_UNDERSTOOD = "Den er jeg ikke helt sikker på, at jeg forstod. "


class _TextAction(Action, ABC):
    """Sends one Danish text and changes nothing in the conversation."""

    @abstractmethod
    def text(self, tracker: Tracker) -> str: ...

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=self.text(tracker))
        return []


class ActionGreet(_TextAction):
    def name(self) -> str:
        return "action_greet"

    def text(self, tracker: Tracker) -> str:
        return "Hej! " + CAPABILITIES


class ActionHelp(_TextAction):
    def name(self) -> str:
        return "action_help"

    def text(self, tracker: Tracker) -> str:
        return CAPABILITIES


class ActionOutOfScope(_TextAction):
    def name(self) -> str:
        return "action_out_of_scope"

    def text(self, tracker: Tracker) -> str:
        return "Det kan jeg desværre ikke hjælpe med – jeg kender kun den jobrettede samtale. " + CAPABILITIES


class ActionHandleBadInput(_TextAction):
    def name(self) -> str:
        return "action_handle_bad_input"

    def text(self, tracker: Tracker) -> str:
        problem = (tracker.latest_message or {}).get("input_problem")
        try:
            kind = InputProblem(problem)
        except ValueError:
            kind = classify_input(latest_text(tracker))
        return explain(kind) if kind else NOT_UNDERSTOOD + CAPABILITIES
