"""Choices when the guide is unsure, "1"/"2"/"3", »mere«, and the honest step model in the actions (issue 14)."""

from __future__ import annotations

import pytest

from actions.choices import NOTHING_TO_PICK, ActionPickChoice
from actions.guide import (
    ActionEndConversation,
    ActionGuideFallback,
    ActionShowMore,
    ActionShowTool,
    ActionStartConversation,
    ActionStatus,
    ActionYesNoOutsideQuestion,
)
from actions.plan import ActionRecordAgreement, ActionRecordContract, ActionSaveAgreementAnyway
from bot.guide.choices import SURE_CONFIDENCE
from tests.actions.helpers import Dialogue

RANKING = [
    {"name": "nlu_fallback", "confidence": 0.4},
    {"name": "tool_udfordrende_samtale", "confidence": 0.31},
    {"name": "greet", "confidence": 0.2},  # not a request the consultant can pick
    {"name": "tool_aabne_spoergsmaal", "confidence": 0.19},
    {"name": "tool_motiverende_sprog", "confidence": 0.12},
    {"name": "tool_ugu", "confidence": 0.05},
]


def started(domain) -> Dialogue:
    dialogue = Dialogue(domain)
    dialogue.say(ActionStartConversation(), "ny samtale med B-31 om brancheskift 30 min", "start_conversation", 0)
    return dialogue


def guide_of(payloads):
    return next(p["guide"] for p in payloads if "guide" in p)


def test_unsure_the_guide_offers_three_numbered_choices(domain):
    dialogue = started(domain)
    texts, payloads = dialogue.say(ActionGuideFallback(), "hun græder", "nlu_fallback", 3, intent_ranking=RANKING)
    assert texts[0].splitlines() == [
        "Jeg er ikke sikker på, hvad du mener. Mente du:",
        "1) Den udfordrende samtale (trin 8)",
        "2) Åbne spørgsmål (trin 4)",
        "3) Motiverende sprog (trin 7)",
        "Skriv 1, 2 eller 3 – eller skriv det med andre ord.",
    ]
    guide = guide_of(payloads)
    assert guide["tool"] is None
    assert guide["candidates"] == ["udfordrende_samtale", "aabne_spoergsmaal", "motiverende_sprog"]
    assert [c["n"] for c in guide["choices"]] == [1, 2, 3]
    assert dialogue.slots["choice_offer"]["options"] == [
        "tool_udfordrende_samtale",
        "tool_aabne_spoergsmaal",
        "tool_motiverende_sprog",
    ]
    assert guide["current_step"] == 2  # nothing moved


def test_two_choices_read_one_or_two(domain):
    dialogue = started(domain)
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.4},
        RANKING[1],
        RANKING[3],
        {"name": "thanks", "confidence": 0.1},
    ]
    texts, _ = dialogue.say(ActionGuideFallback(), "hmm", "nlu_fallback", 1, intent_ranking=ranking)
    assert texts[0].splitlines()[-1] == "Skriv 1 eller 2 – eller skriv det med andre ord."


def test_picking_a_choice_answers_it_and_logs_the_choice_redacted(domain):
    dialogue = started(domain)
    dialogue.say(ActionGuideFallback(), "hun græder, ring 22334455", "nlu_fallback", 3, intent_ranking=RANKING)
    texts, payloads = dialogue.say(ActionPickChoice(), "2", "choose_option", 4, choice=2)
    assert texts[0].startswith("Åbne spørgsmål – trin 4")
    guide = guide_of(payloads)
    assert guide["tool"] == "aabne_spoergsmaal" and guide["candidates"] == ["aabne_spoergsmaal"]
    made = dialogue.slots["choice_made"]
    assert made["chosen"] == "tool_aabne_spoergsmaal" and made["position"] == 2
    assert "22334455" not in made["text"] and made["text"].startswith("hun græder")
    assert dialogue.slots["choice_offer"] is None and dialogue.slots["agreement_pending"] is False


@pytest.mark.parametrize("number", [4, None])
def test_a_number_without_a_matching_choice_changes_nothing(domain, number):
    dialogue = started(domain)
    dialogue.say(ActionGuideFallback(), "hmm", "nlu_fallback", 1, intent_ranking=RANKING)
    extra = {"choice": number} if number else {}
    texts, payloads = dialogue.say(ActionPickChoice(), str(number), "choose_option", 2, **extra)
    assert texts == [NOTHING_TO_PICK] and payloads == []


def test_an_old_offer_is_gone_once_the_guide_answered_something_else(domain):
    dialogue = started(domain)
    dialogue.say(ActionGuideFallback(), "hmm", "nlu_fallback", 1, intent_ranking=RANKING)
    dialogue.say(ActionStatus(), "hvor er vi?", "status", 2)
    texts, _ = dialogue.say(ActionPickChoice(), "2", "choose_option", 3, choice=2)
    assert texts == [NOTHING_TO_PICK]


def test_a_picked_agreement_goes_through_the_smart_check(domain):
    dialogue = started(domain)
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.4},
        {"name": "tool_smart_maal", "confidence": 0.3},
        {"name": "record_agreement", "confidence": 0.29},
    ]
    dialogue.say(ActionGuideFallback(), "han kigger lidt på nogle jobs", "nlu_fallback", 5, intent_ranking=ranking)
    texts, _ = dialogue.say(ActionPickChoice(), "2", "choose_option", 6, choice=2)
    assert texts[0].startswith("Jeg har forstået: B-31 kigger lidt på nogle jobs.")
    assert dialogue.slots["agreement_pending"] is True and dialogue.slots["agreement_text"].startswith("han kigger")


@pytest.mark.parametrize("confidence, offered", [(SURE_CONFIDENCE, False), (SURE_CONFIDENCE - 0.0001, True)])
def test_a_tool_shown_without_certainty_names_the_runners_up(domain, confidence, offered):
    dialogue = started(domain)
    ranking = [
        {"name": "tool_skalaspoergsmaal", "confidence": confidence},
        {"name": "tool_plus_minus", "confidence": 0.1},
        {"name": "tool_motiverende_sprog", "confidence": 0.05},
    ]
    texts, payloads = dialogue.say(
        ActionShowTool(), "hun tror ikke på det", "tool_skalaspoergsmaal", 4, intent_ranking=ranking
    )
    guide = guide_of(payloads)
    assert texts[0].startswith("Skalaspørgsmål – trin 4")
    if offered:
        assert texts[0].splitlines()[-1] == (
            "Var det ikke det? Skriv 2) Plus- og minuslisten (trin 4) eller 3) Motiverende sprog (trin 7)."
        )
        assert guide["candidates"] == ["skalaspoergsmaal", "plus_minus", "motiverende_sprog"]
        texts, payloads = dialogue.say(ActionPickChoice(), "3", "choose_option", 5, choice=3)
        assert texts[0].startswith("Motiverende sprog – trin 7")
    else:
        assert "Var det ikke det?" not in texts[0] and guide["candidates"] == ["skalaspoergsmaal"]


def test_an_unsure_end_is_not_carried_out(domain):
    dialogue = started(domain)
    ranking = [
        {"name": "end_conversation", "confidence": 0.5},
        {"name": "tool_afslutning", "confidence": 0.45},
    ]
    texts, payloads = dialogue.say(
        ActionEndConversation(), "vi er ved at være færdige", "end_conversation", 20, intent_ranking=ranking
    )
    assert texts[0].startswith("Jeg er ikke sikker på, hvad du mener.")
    assert dialogue.slots["guide_started_at"] is not None and guide_of(payloads)["ended"] is False


def test_tool_replies_are_brief_and_mere_shows_the_rest_with_the_source(domain):
    dialogue = started(domain)
    texts, _ = dialogue.say(ActionShowTool(), "hun tror ikke på det", "tool_skalaspoergsmaal", 3)
    brief = texts[0]
    assert "Skriv »mere« for hele vejledningen." in brief and "Kilde:" not in brief
    assert len(brief.splitlines()) <= 9
    texts, _ = dialogue.say(ActionShowMore(), "mere", "show_more", 4)
    assert texts[0].startswith("Skalaspørgsmål (trin 4 – Begynd med at være undersøgende)")
    assert "Kilde: Ni-trinsguiden, trin 4" in texts[0] and "Pas på:" in texts[0]


def test_the_start_message_is_brief_and_mere_brings_the_topic_preparation(domain):
    dialogue = Dialogue(domain)
    texts, _ = dialogue.say(
        ActionStartConversation(), "ny samtale med B-31 om brancheskift 30 min", "start_conversation", 0
    )
    assert len(texts[0].splitlines()) <= 12 and "Forbered emnet" not in texts[0]
    texts, _ = dialogue.say(ActionShowMore(), "mere", "show_more", 1)
    assert "Forbered emnet »Brancheskift«:" in texts[0] and "Kilde:" in texts[0]


def test_mere_without_anything_brief_says_so(domain):
    texts, _ = Dialogue(domain).say(ActionShowMore(), "mere", "show_more", 1)
    assert texts[0].startswith("Der er ikke mere at vise lige nu.")


def test_saving_a_contract_and_an_agreement_does_not_move_the_current_step(domain):
    """The issue: an agreement at minute 5 of 30 made step 9 current and "all steps done"."""
    dialogue = started(domain)
    _, payloads = dialogue.say(
        ActionRecordContract(), "kontrakt: vi taler om brancher, målet er at finde to", "record_contract", 2
    )
    assert guide_of(payloads)["current_step"] == 2 and 3 in guide_of(payloads)["visited"]
    dialogue.say(ActionRecordAgreement(), "aftale: B-31 sender tre ansøgninger inden fredag", "record_agreement", 5)
    _, payloads = dialogue.say(ActionSaveAgreementAnyway(), "gem alligevel", "save_anyway", 5)
    guide = guide_of(payloads)
    assert guide["current_step"] == 2 and 9 in guide["visited"] and 3 in guide["visited"]
    texts, payloads = dialogue.say(ActionStatus(), "hvor er vi?", "status", 5)
    assert "I er på trin 2" in texts[0] and "Ikke besøgt: 1, 4, 5, 6, 7 og 8." in texts[0]
    assert "Forslag: trin 4" in texts[0] and guide_of(payloads)["suggested_step"] == 4
    assert "alle ni trin" not in texts[0]


def test_the_clock_stops_at_the_end_and_does_not_restart_by_itself(domain):
    dialogue = started(domain)
    texts, payloads = dialogue.say(ActionEndConversation(), "afslut samtalen", "end_conversation", 22)
    guide = guide_of(payloads)
    assert guide["ended"] is True and guide["elapsed_min"] == 22 and "Uret er stoppet." in texts[0]
    assert dialogue.slots["guide_ended_at"] is not None and dialogue.slots["booked_min"] is None
    texts, payloads = dialogue.say(ActionShowTool(), "hun græder", "tool_udfordrende_samtale", 30)
    assert guide_of(payloads)["elapsed_min"] == 0 and dialogue.slots["guide_started_at"] is None
    texts, _ = dialogue.say(ActionStatus(), "hvor er vi?", "status", 31)
    assert texts[0].startswith("Der er ingen samtale i gang")
    texts, payloads = dialogue.say(ActionStartConversation(), "ny samtale 30 min", "start_conversation", 40)
    assert guide_of(payloads)["ended"] is False and dialogue.slots["guide_ended_at"] is None


@pytest.mark.parametrize("intent", ["deny", "affirm"])
@pytest.mark.parametrize("confidence, offered", [(SURE_CONFIDENCE, False), (SURE_CONFIDENCE - 0.0001, True)])
def test_a_yes_or_no_outside_a_question_offers_the_situation_when_unsure(domain, intent, confidence, offered):
    """ "hun tror ikke på det" read as a plain no (0,62 in the trained model) must not be waved through."""
    dialogue = started(domain)
    ranking = [
        {"name": intent, "confidence": confidence},
        {"name": "tool_skalaspoergsmaal", "confidence": 0.3},
        {"name": "tool_plus_minus", "confidence": 0.01},
    ]
    texts, payloads = dialogue.say(
        ActionYesNoOutsideQuestion(),
        "hun tror ikke på det",
        intent,
        4,
        intent_ranking=ranking,
    )
    if offered:
        assert texts[0].splitlines()[1:3] == ["1) Skalaspørgsmål (trin 4)", "2) Plus- og minuslisten (trin 4)"]
        assert guide_of(payloads)["candidates"] == ["skalaspoergsmaal", "plus_minus"]
    else:
        assert texts[0] == "Okay. Skriv »næste trin«, når I er klar til at gå videre."
