"""Plan-store actions: contract, agreements (with the SMART follow-up form), scaling, ABC jobs, notes, plan."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import (
    OFFER_SLOT,
    Request,
    conversation_key,
    guide_state,
    local_today,
    message_time,
    send_plan,
)
from bot.guide.content import load_guide
from bot.guide.parsing import parse_citizen_ref, parse_plan_ref
from bot.guide.session import GuideState, state_to_slots
from bot.plan.agreements import AgreementAnswers, SmartPart
from bot.plan.errors import PlanError
from bot.plan.followup import agreement_reference, status_reason
from bot.plan.render import (
    render_agreement_outcome,
    render_contract,
    render_jobs,
    render_marked,
    render_plan,
    render_scaling,
)
from bot.plan.service import get_plan_service

ANSWER_FIELD = {
    SmartPart.SPECIFIC: "action",
    SmartPart.MEASURABLE: "measure",
    SmartPart.TIME_BOUND: "deadline",
    SmartPart.ACCEPTED: "accepted",
    SmartPart.REALISTIC: "realistic",
}
CANCEL_WORDS = {"annuller", "annullér", "glem den", "glem aftalen", "drop den", "drop aftalen", "fortryd"}
AGREEMENT_SLOTS = ("agreement_text", "agreement_answers", "agreement_part", "agreement_question", "agreement_answer")
NO_CITIZEN = (
    "Jeg ved ikke, hvilken borger det gælder. Start samtalen med en reference, "
    "fx »ny samtale med B-12 om brancheskift«."
)


@dataclass
class PlanReply:
    text: str
    citizen_ref: str | None = None  # send the plan payload for this citizen
    visit_step: int | None = None  # the guide step this entry belongs to
    events: list[EventType] = field(default_factory=list)


class PlanAction(Action, ABC):
    """Runs one plan-store operation (one transaction) for the running conversation.

    Saving something marks its guide step visited (``GuideState.record``) without moving the
    conversation: a contract saved during step 2 does not make step 3 the current one.
    """

    needs_citizen = True

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        return self.answer(dispatcher, tracker, Request.of(tracker))

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, request: Request) -> list[dict[str, Any]]:
        state, now = guide_state(tracker), message_time(tracker)
        cleared = [SlotSet(OFFER_SLOT, None)]
        if self.needs_citizen and not state.citizen_ref:
            dispatcher.utter_message(text=NO_CITIZEN)
            return cleared
        try:
            reply = self.apply(tracker, state, now, request.text)
        except PlanError as error:
            dispatcher.utter_message(text=error.message)
            return cleared
        dispatcher.utter_message(text=reply.text)
        events = cleared + list(reply.events)
        if reply.visit_step is not None:
            recorded = state.record(reply.visit_step, now)
            dispatcher.utter_message(json_message=recorded.payload(now, reply.visit_step, None))
            events += [SlotSet(k, v) for k, v in state_to_slots(recorded).items()]
        send_plan(dispatcher, reply.citizen_ref, tracker)
        return events

    @abstractmethod
    def apply(self, tracker: Tracker, state: GuideState, now: float, text: str) -> PlanReply: ...


class ActionRecordContract(PlanAction):
    def name(self) -> str:
        return "action_record_contract"

    def apply(self, tracker, state, now, text):
        outcome = get_plan_service().record_contract(conversation_key(tracker, state), text)
        return PlanReply(render_contract(outcome), state.citizen_ref, visit_step=3)


class ActionRecordScaling(PlanAction):
    def name(self) -> str:
        return "action_record_scaling"

    def apply(self, tracker, state, now, text):
        readings = get_plan_service().record_scaling(conversation_key(tracker, state), text)
        return PlanReply(render_scaling(readings), state.citizen_ref, visit_step=4)


class ActionRecordJob(PlanAction):
    def name(self) -> str:
        return "action_record_job"

    def apply(self, tracker, state, now, text):
        outcome = get_plan_service().record_job(conversation_key(tracker, state), text)
        return PlanReply(render_jobs(outcome), state.citizen_ref, visit_step=5)


class ActionRecordNote(PlanAction):
    def name(self) -> str:
        return "action_record_note"

    def apply(self, tracker, state, now, text):
        get_plan_service().add_note(conversation_key(tracker, state), text)
        return PlanReply("Noteret. Noter står kun i jeres interne plan – de kommer ikke med i borgerens eksport.")


class ActionShowPlan(PlanAction):
    needs_citizen = False

    def name(self) -> str:
        return "action_show_plan"

    def apply(self, tracker, state, now, text):
        ref = parse_plan_ref(text, load_guide()) or state.citizen_ref
        if not ref:
            return PlanReply("Hvilken borger? Skriv fx »vis plan for B-12«.")
        plan = get_plan_service().show_plan(ref, tracker.sender_id)
        return PlanReply(render_plan(plan, local_today(now)), plan.citizen_ref)


class _MarkAgreement(PlanAction, ABC):
    @property
    @abstractmethod
    def done(self) -> bool:
        """True marks the agreement done, False not done."""

    def apply(self, tracker, state, now, text):
        ref = state.citizen_ref or parse_citizen_ref(text, load_guide())
        note = None if self.done else status_reason(text)
        agreement = get_plan_service().mark_agreement(
            ref, agreement_reference(text), self.done, note=note, username=tracker.sender_id
        )
        return PlanReply(render_marked(agreement, local_today(now), ref), ref)


class ActionMarkDone(_MarkAgreement):
    done = True

    def name(self) -> str:
        return "action_mark_done"


class ActionMarkNotDone(_MarkAgreement):
    done = False

    def name(self) -> str:
        return "action_mark_not_done"


# --- agreements and their SMART follow-up ---------------------------------------------------


def _answers(tracker: Tracker) -> dict[str, Any]:
    value = tracker.get_slot("agreement_answers")
    return dict(value) if isinstance(value, dict) else {}


def _as_answers(answers: dict[str, Any]) -> AgreementAnswers | None:
    return AgreementAnswers(**answers) if answers else None


def _record(tracker: Tracker, text: str, answers: dict[str, Any], save_anyway: bool = False):
    key = conversation_key(tracker, guide_state(tracker))
    return get_plan_service().record_agreement(key, text, answers=_as_answers(answers), save_anyway=save_anyway)


def _check(tracker: Tracker, text: str, answers: dict[str, Any]):
    key = conversation_key(tracker, guide_state(tracker))
    return get_plan_service().check_agreement(key, text, answers=_as_answers(answers))


def _cleared_agreement() -> list[EventType]:
    return [SlotSet(name, None) for name in AGREEMENT_SLOTS] + [SlotSet("agreement_pending", False)]


class ActionRecordAgreement(PlanAction):
    """Saves a SMART agreement at once; otherwise asks for what is missing in ``agreement_form``."""

    def name(self) -> str:
        return "action_record_agreement"

    def apply(self, tracker, state, now, text):
        outcome = _record(tracker, text, {})
        rendered = render_agreement_outcome(outcome, local_today(now), state.citizen_ref)
        if outcome.saved:
            return PlanReply(rendered, state.citizen_ref, visit_step=9, events=_cleared_agreement())
        pending = [
            SlotSet("agreement_text", text),
            SlotSet("agreement_answers", {}),
            SlotSet("agreement_part", outcome.next_part.value if outcome.next_part else None),
            SlotSet("agreement_question", outcome.question),
            SlotSet("agreement_pending", outcome.question is not None),
        ]
        # The question itself is asked by the form; here only what was understood.
        understood = rendered.split("\nFør jeg gemmer:")[0]
        return PlanReply(understood, events=pending)


class ActionAskAgreementAnswer(Action):
    def name(self) -> str:
        return "action_ask_agreement_answer"

    def run(self, dispatcher, tracker, domain):
        question = tracker.get_slot("agreement_question") or "Hvad mangler aftalen?"
        dispatcher.utter_message(text=f"{question}\n(Eller skriv »gem alligevel« – eller »glem aftalen«.)")
        return []


class ValidateAgreementForm(FormValidationAction):
    def name(self) -> str:
        return "validate_agreement_form"

    def validate_agreement_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        answer = str(value or "").strip()
        if answer.lower().rstrip(".!") in CANCEL_WORDS:
            return {"agreement_answer": answer, "agreement_part": "cancelled"}
        answers = _answers(tracker)
        part = tracker.get_slot("agreement_part")
        if part in {p.value for p in SmartPart}:
            answers[ANSWER_FIELD[SmartPart(part)]] = answer
        try:
            draft = _check(tracker, tracker.get_slot("agreement_text") or "", answers)
        except PlanError as error:
            dispatcher.utter_message(text=error.message)
            return {"agreement_answer": None}
        if draft.is_complete:
            return {"agreement_answer": answer, "agreement_answers": answers, "agreement_part": "complete"}
        if draft.next_question:
            return {
                "agreement_answer": None,
                "agreement_answers": answers,
                "agreement_part": draft.next_part.value if draft.next_part else None,
                "agreement_question": draft.next_question,
            }
        # The citizen is not (yet) behind it: show the hints and end the form; "gem alligevel" still works.
        dispatcher.utter_message(text="\n".join(draft.hints) or "Aftalen er ikke gemt.")
        return {"agreement_answer": answer, "agreement_answers": answers, "agreement_part": "declined"}


class ActionAgreementDone(Action):
    """After the form: save the completed agreement (one transaction) or say why not."""

    def name(self) -> str:
        return "action_agreement_done"

    def run(self, dispatcher, tracker, domain):
        outcome_kind = tracker.get_slot("agreement_part")
        state = guide_state(tracker)
        if outcome_kind == "cancelled":
            dispatcher.utter_message(text="Aftalen er ikke gemt.")
            return _cleared_agreement()
        if outcome_kind == "declined":
            dispatcher.utter_message(text="Skriv aftalen igen i en ny form – eller »gem alligevel«.")
            return [SlotSet("agreement_pending", False), SlotSet("agreement_answer", None)]
        return ActionSaveAgreementAnyway.save(dispatcher, tracker, state, save_anyway=False)


class ActionSaveAgreementAnyway(Action):
    def name(self) -> str:
        return "action_save_agreement_anyway"

    def run(self, dispatcher, tracker, domain):
        events = self.save(dispatcher, tracker, guide_state(tracker), save_anyway=True)
        return events + [ActiveLoop(None), SlotSet("requested_slot", None)]

    @staticmethod
    def save(dispatcher, tracker, state: GuideState, save_anyway: bool) -> list[EventType]:
        text = tracker.get_slot("agreement_text")
        if not text:
            dispatcher.utter_message(
                text="Der er ingen aftale at gemme. Skriv fx »aftale: Stine sender tre ansøgninger inden fredag«."
            )
            return []
        try:
            outcome = _record(tracker, text, _answers(tracker), save_anyway=save_anyway)
        except PlanError as error:
            dispatcher.utter_message(text=error.message)
            return []
        now = message_time(tracker)
        dispatcher.utter_message(text=render_agreement_outcome(outcome, local_today(now), state.citizen_ref))
        if not outcome.saved:
            return []
        recorded = state.record(9, now)
        dispatcher.utter_message(json_message=recorded.payload(now, 9, None))
        send_plan(dispatcher, state.citizen_ref, tracker)
        return [SlotSet(k, v) for k, v in state_to_slots(recorded).items()] + _cleared_agreement()
