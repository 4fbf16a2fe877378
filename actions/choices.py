""" "1"/"2"/"3": the consultant picks one of the choices the guide offered; the pick is logged.

The offer lives in the ``choice_offer`` slot (the message and the intents offered, best first).
The chosen request is answered at once by the action that answers that intent, with the
original message as its text. The pick itself is kept in the ``choice_made`` slot – like every
event it is redacted before it is written to the conversation log – so that real messages and
the request they meant can later become training data (``python -m bot review choices``).
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import OFFER_SLOT, GuideAction, Request, message_time
from actions.guide import ActionEndConversation, ActionGotoStep, ActionNextStep, ActionShowTool, ActionStatus
from actions.plan import (
    ActionMarkDone,
    ActionMarkNotDone,
    ActionRecordAgreement,
    ActionRecordContract,
    ActionRecordJob,
    ActionRecordNote,
    ActionRecordScaling,
    ActionShowPlan,
    PlanAction,
)
from bot.core.personal_data import redact_text
from bot.guide.choices import TOOL_PREFIX, picked

log = logging.getLogger(__name__)

CHOICE_MADE_SLOT = "choice_made"
NOTHING_TO_PICK = (
    "Der er ingen valgmuligheder åbne lige nu. Skriv, hvad du har brug for – fx »næste trin« eller »hun græder«."
)
_ANSWERS: dict[str, type[GuideAction] | type[PlanAction]] = {
    "next_step": ActionNextStep,
    "goto_step": ActionGotoStep,
    "status": ActionStatus,
    "end_conversation": ActionEndConversation,
    "record_contract": ActionRecordContract,
    "record_agreement": ActionRecordAgreement,
    "record_scaling": ActionRecordScaling,
    "record_job": ActionRecordJob,
    "record_note": ActionRecordNote,
    "show_plan": ActionShowPlan,
    "mark_done": ActionMarkDone,
    "mark_not_done": ActionMarkNotDone,
}


def answering_action(intent: str) -> GuideAction | PlanAction | None:
    if intent.startswith(TOOL_PREFIX):
        return ActionShowTool()
    action = _ANSWERS.get(intent)
    return action() if action else None


def choice_record(offer: dict[str, Any], number: int, intent: str, at: float) -> dict[str, Any]:
    """What is logged about a pick: the message (redacted), what was offered, what was chosen."""
    return {
        "text": redact_text(str(offer.get("text") or "")),
        "offered": list(offer.get("options") or []),
        "confidences": list(offer.get("confidences") or []),
        "chosen": intent,
        "position": number,
        "at": at,
    }


class ActionPickChoice(Action):
    def name(self) -> str:
        return "action_pick_choice"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        offer = tracker.get_slot(OFFER_SLOT)
        number = (tracker.latest_message or {}).get("choice")
        intent = picked(offer, number if isinstance(number, int) else None)
        action = answering_action(intent) if intent else None
        if action is None:
            dispatcher.utter_message(text=NOTHING_TO_PICK)
            return [SlotSet("agreement_pending", False)]
        record = choice_record(offer, number, intent, message_time(tracker))
        log.info("choice picked: %s", record)
        request = Request(text=str(offer.get("text") or ""), intent=intent, picked=True)
        events = action.answer(dispatcher, tracker, request)
        pending = next(
            (
                e.get("value")
                for e in reversed(events)
                if e.get("event") == "slot" and e.get("name") == "agreement_pending"
            ),
            False,
        )
        return [*events, SlotSet(CHOICE_MADE_SLOT, record), SlotSet("agreement_pending", bool(pending))]
