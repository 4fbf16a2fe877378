"""Bad input at scale for every custom action, with the real domain and a migrated SQLite plan store.

Each action gets random text as the consultant's latest message, in a conversation started
with a citizen (or without one), the way Rasa would call it. No exception escapes, every text
sent is a clear Danish message (never empty, never English or an exception), every message and
event can be sent as JSON, and no random input makes the plan service fall back to its "something
went wrong" answer, which would mean a bug was swallowed. Actions that do not write give the same
answer twice.

In production the input guard answers a CPR number before any action runs; the plan-store and
guide actions still must neither repeat nor keep one (the plan store promises never to accept one).
"""

from __future__ import annotations

import asyncio
import inspect
import json

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.utils import all_subclasses

from actions.choices import ActionPickChoice
from actions.conversation import ActionGreet, ActionHandleBadInput, ActionHelp, ActionOutOfScope
from actions.guide import (
    ActionEndConversation,
    ActionGotoStep,
    ActionGuideFallback,
    ActionNextStep,
    ActionSetCourse,
    ActionShowMore,
    ActionShowTool,
    ActionStartConversation,
    ActionStatus,
    ActionYesNoOutsideQuestion,
)
from actions.plan import (
    ActionAgreementDone,
    ActionAskAgreementAnswer,
    ActionMarkDone,
    ActionMarkNotDone,
    ActionRecordAgreement,
    ActionRecordContract,
    ActionRecordJob,
    ActionRecordNote,
    ActionRecordScaling,
    ActionSaveAgreementAnyway,
    ActionShowPlan,
    ValidateAgreementForm,
)
from actions.practice import (
    ActionEndPractice,
    ActionPracticeCoaching,
    ActionPracticeHint,
    ActionPracticeTurn,
    ActionStartPractice,
)
from bot.core.input_guard import InputProblem
from bot.core.personal_data import find_cpr_numbers
from bot.practice.case import CASE_IDS
from tests.actions.conftest import migrated_store, plan_store  # noqa: F401  (the actions' own migrated store, per test)
from tests.actions.helpers import Dialogue
from tests.conftest import user_event
from tests.properties.strategies import (
    any_text,
    assert_clean_text,
    assert_danish_reply,
    budget,
    command_text,
    date_phrases,
    text_with_cpr,
)

CITIZEN = "B-12"  # a case key; "Stine" in the agreement texts below is a name inside a text
START = f"ny samtale med {CITIZEN} om jobsøgningsstrategi 45 min"
SWALLOWED_BUG = "Der gik noget galt"  # the plan service's answer to an unexpected exception
# The plan store is shared by the examples of one test (a function-scoped fixture): that is what a
# long day of conversations looks like, and it keeps the suite fast.
ACTION_SETTINGS = dict(
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]
)

# action, the intent Rasa would have predicted for it
GUIDE = [
    (ActionStartConversation, "start_conversation"),
    (ActionNextStep, "next_step"),
    (ActionGotoStep, "goto_step"),
    (ActionShowTool, "tool_skalaspoergsmaal"),
    (ActionStatus, "status"),
    (ActionEndConversation, "end_conversation"),
    (ActionGuideFallback, "nlu_fallback"),
    (ActionShowMore, "show_more"),
    (ActionPickChoice, "choose_option"),
    (ActionSetCourse, "set_course"),
    (ActionYesNoOutsideQuestion, "deny"),
]
TEXT_ONLY = [
    (ActionGreet, "greet"),
    (ActionHelp, "help"),
    (ActionOutOfScope, "out_of_scope"),
    (ActionHandleBadInput, "bad_input"),
]
PLAN = [
    (ActionRecordContract, "record_contract"),
    (ActionRecordScaling, "record_scaling"),
    (ActionRecordJob, "record_job"),
    (ActionRecordNote, "record_note"),
    (ActionShowPlan, "show_plan"),
    (ActionMarkDone, "mark_done"),
    (ActionMarkNotDone, "mark_not_done"),
    (ActionRecordAgreement, "record_agreement"),
    (ActionAskAgreementAnswer, "record_agreement"),
    (ActionAgreementDone, "affirm"),
    (ActionSaveAgreementAnyway, "save_anyway"),
]
PRACTICE = [
    (ActionStartPractice, "start_practice"),
    (ActionPracticeTurn, "practice_turn"),
    (ActionPracticeHint, "practice_hint"),
    (ActionPracticeCoaching, "practice_coaching"),
    (ActionEndPractice, "end_practice"),
]
ALL = GUIDE + TEXT_ONLY + PLAN + PRACTICE
# Actions that write nothing: the same tracker must give the same answer.
READ_ONLY = TEXT_ONLY + [
    (ActionGuideFallback, "nlu_fallback"),
    (ActionYesNoOutsideQuestion, "affirm"),
    (ActionShowMore, "show_more"),
    (ActionGotoStep, "goto_step"),
    (ActionShowTool, "tool_ugu"),
    (ActionStatus, "status"),
    (ActionNextStep, "next_step"),
    (ActionShowPlan, "show_plan"),
    (ActionAskAgreementAnswer, "record_agreement"),
    (ActionPracticeHint, "practice_hint"),
    (ActionPracticeTurn, "practice_turn"),
    (ActionStartPractice, "start_practice"),
]


def _ids(pairs):
    return [action.__name__ for action, _ in pairs]


def test_every_registered_action_is_covered():
    import actions.conversation  # noqa: E401,F401

    concrete = {a for a in all_subclasses(Action) if a.__module__.startswith("actions.") and not inspect.isabstract(a)}
    assert concrete == {action for action, _ in ALL} | {ValidateAgreementForm}


# --- running an action the way Rasa does ----------------------------------------------------------------------
def _dialogue(domain, with_citizen: bool, slots: dict) -> Dialogue:
    dialogue = Dialogue(domain)
    if with_citizen:
        dialogue.say(ActionStartConversation(), START, "start_conversation", 0)
    dialogue.slots.update(slots)
    return dialogue


def _say(dialogue: Dialogue, action, text: str, intent: str, minute: float = 5, **parse_extra):
    """Like ``Dialogue.say``, but returns every message as sent (empty texts included) and the events."""
    event = user_event(text, intent, dialogue.t0 + minute * 60, **parse_extra)
    tracker = Tracker(
        dialogue.sender,
        dict(dialogue.slots),
        dict(event["parse_data"]),
        [*dialogue.events, event],
        False,
        None,
        {},
        "action_listen",
    )
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, dialogue.domain)
    if inspect.isawaitable(events):
        events = asyncio.run(events)
    return dispatcher.messages, events


def _validate(dialogue: Dialogue, answer: str, minute: float = 6):
    """One answer inside ``agreement_form``, as ``Dialogue.validate``, returning every message and slot."""
    event = user_event(answer, "affirm", dialogue.t0 + minute * 60)
    events = [*dialogue.events, event, {"event": "slot", "name": "agreement_answer", "value": answer}]
    slots = {**dialogue.slots, "agreement_answer": answer, "requested_slot": "agreement_answer"}
    form = ValidateAgreementForm()
    tracker = Tracker(
        dialogue.sender,
        slots,
        dict(event["parse_data"]),
        events,
        False,
        None,
        {"name": form.form_name()},
        form.form_name(),
    )
    dispatcher = CollectingDispatcher()
    result = asyncio.run(form.run(dispatcher, tracker, dialogue.domain))
    return dispatcher.messages, result


def _check(messages, events, *typed: str) -> None:
    assert messages, "the action sent nothing"
    for message in messages:
        json.dumps(message, ensure_ascii=False)
        assert message["text"] is not None or message["custom"], f"an empty message: {message!r}"
        if message["text"] is None:
            continue
        if message["custom"].get("practice", {}).get("speaker") == "borger":
            assert_clean_text(message["text"], *typed)  # the simulated citizen may just say "Okay." or "Ja..."
        else:
            assert_danish_reply(message["text"], *typed)
        assert SWALLOWED_BUG not in message["text"], f"a bug was swallowed for {typed!r}"
    json.dumps(events, ensure_ascii=False)


def _strings(value) -> list[str]:
    """Every string in a slot value: what was typed earlier (an agreement, a trainee's lines) may be quoted back."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, (list, tuple)):
        return [s for item in value for s in _strings(item)]
    return []


def _slots_for(action) -> st.SearchStrategy[dict]:
    """What the slots could hold when Rasa calls ``action``: a pending agreement, a practice, or nothing."""
    if action in (ActionAgreementDone, ActionSaveAgreementAnyway, ActionAskAgreementAnswer):
        return st.fixed_dictionaries(
            {
                "agreement_text": st.one_of(
                    st.none(), any_text, st.sampled_from(["aftale: Stine sender tre ansøgninger"])
                ),
                "agreement_part": st.sampled_from(
                    [
                        None,
                        "specific",
                        "measurable",
                        "time_bound",
                        "accepted",
                        "realistic",
                        "complete",
                        "cancelled",
                        "declined",
                    ]
                ),
                "agreement_answers": st.one_of(
                    st.just({}),
                    st.fixed_dictionaries({"deadline": date_phrases}),
                    st.fixed_dictionaries({"accepted": any_text, "realistic": st.booleans()}),
                ),
                "agreement_question": st.one_of(st.none(), st.just("Hvornår skal det være gjort?")),
            }
        )
    if action in (ActionPracticeTurn, ActionPracticeHint, ActionPracticeCoaching, ActionEndPractice):
        return st.one_of(
            st.just({}), st.builds(_practice_slots, st.sampled_from(CASE_IDS), st.lists(any_text, max_size=3))
        )
    return st.just({})


def _practice_slots(case_id: str, lines: list[str]) -> dict:
    from bot.practice.simulator import respond, start_practice

    state = start_practice(case_id, seed="properties")
    for line in lines:
        state, _ = respond(state, line)
    return {"practice_state": state, "practice_active": True}


def _extra_parse(action) -> st.SearchStrategy[dict]:
    if action is ActionHandleBadInput:  # the component's verdict, or none (then the action classifies itself)
        return st.one_of(
            st.just({}),
            st.builds(lambda p: {"input_problem": p}, st.sampled_from([p.value for p in InputProblem] + ["x"])),
        )
    return st.just({})


# --- the properties --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("action, intent", ALL, ids=_ids(ALL))
@budget(12, **ACTION_SETTINGS)
@given(data=st.data(), text=command_text, with_citizen=st.booleans())
def test_every_action_answers_any_text_in_danish(domain, action, intent, data, text, with_citizen):
    slots = data.draw(_slots_for(action), label="slots")
    extra = data.draw(_extra_parse(action), label="parse")
    if action is ActionShowTool:
        intent = data.draw(st.sampled_from(["tool_ugu", "tool_timeout", "tool_", "tool_nonsense", "tool_" + text[:20]]))
    dialogue = _dialogue(domain, with_citizen, slots)
    messages, events = _say(dialogue, action(), text, intent, **extra)
    _check(messages, events, text, START, *_strings(slots))


@budget(60, **ACTION_SETTINGS)
@given(
    agreement=st.one_of(st.just("aftale: Stine sender tre ansøgninger"), command_text),
    answers=st.lists(
        st.one_of(any_text, date_phrases, st.sampled_from(["ja", "nej", "glem aftalen", "gem alligevel"])),
        min_size=1,
        max_size=5,
    ),
)
def test_the_agreement_form_takes_any_answers(domain, agreement, answers):
    dialogue = _dialogue(domain, True, {})
    messages, events = _say(dialogue, ActionRecordAgreement(), agreement, "record_agreement")
    _check(messages, events, agreement, START)
    dialogue.slots.update({e["name"]: e["value"] for e in events if e.get("event") == "slot"})
    for minute, answer in enumerate(answers, start=6):
        if not dialogue.slots.get("agreement_pending"):
            break
        messages, result = _validate(dialogue, answer, minute)
        json.dumps(result, ensure_ascii=False)
        for message in messages:
            assert_danish_reply(message["text"], agreement, answer)
            assert SWALLOWED_BUG not in message["text"]
        dialogue.slots.update({e["name"]: e["value"] for e in result if e.get("event") == "slot"})
    messages, events = _say(dialogue, ActionAgreementDone(), answers[-1], "affirm", 20)
    _check(messages, events, agreement, START, *answers)


@pytest.mark.parametrize("action, intent", READ_ONLY, ids=_ids(READ_ONLY))
@budget(8, **ACTION_SETTINGS)
@given(data=st.data(), text=command_text, with_citizen=st.booleans())
def test_actions_that_write_nothing_answer_the_same_twice(domain, action, intent, data, text, with_citizen):
    slots = data.draw(_slots_for(action), label="slots")
    dialogue = _dialogue(domain, with_citizen, slots)
    first = _say(dialogue, action(), text, intent)
    assert _say(dialogue, action(), text, intent) == first


CPR_GUARDED = GUIDE + PLAN


@pytest.mark.parametrize("action, intent", CPR_GUARDED, ids=_ids(CPR_GUARDED))
@budget(10, **ACTION_SETTINGS)
@given(
    prefix=st.sampled_from(
        [
            "",
            "aftale: Stine ",
            "kontrakt: vi taler om ",
            "vigtighed 4 fordi ",
            "A-job: ",
            "note: ",
            "ny samtale med ",
            "vis plan for ",
            "vis plan for borger ",
            "aftale 1 er ikke gjort – ",
        ]
    ),
    text=text_with_cpr(),
    with_citizen=st.booleans(),
)
def test_a_cpr_number_is_neither_repeated_nor_kept(domain, action, intent, prefix, text, with_citizen):
    dialogue = _dialogue(domain, with_citizen, {})
    messages, events = _say(dialogue, action(), prefix + text, intent)
    _check(messages, events, prefix + text, START)
    sent = json.dumps([messages, events], ensure_ascii=False)
    assert not find_cpr_numbers(sent), f"a CPR number came back: {sent[:500]}"
    if with_citizen:  # and nothing of it reached the plan store
        from bot.plan.service import get_plan_service

        stored = json.dumps(repr(get_plan_service().show_plan(CITIZEN, "kons-7")), ensure_ascii=False)
        assert not find_cpr_numbers(stored)
