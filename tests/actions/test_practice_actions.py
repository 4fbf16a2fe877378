"""Practice actions: start, talk to the simulated citizen, hint, feedback; and the mode policy."""

import pytest

from actions.practice import (
    STALE_STATE,
    ActionEndPractice,
    ActionPracticeCoaching,
    ActionPracticeHint,
    ActionPracticeTurn,
    ActionStartPractice,
    coaching_text,
)
from bot.practice.case import load_case
from tests.actions.helpers import Dialogue


def practising(domain, case_text="øv med Stine") -> Dialogue:
    dialogue = Dialogue(domain)
    dialogue.say(ActionStartPractice(), case_text, "start_practice", 0)
    return dialogue


def test_practice_actions_are_in_the_domain(domain):
    actions = (ActionStartPractice, ActionPracticeTurn, ActionPracticeHint, ActionPracticeCoaching, ActionEndPractice)
    names = {a().name() for a in actions}
    assert names <= set(domain["actions"])


@pytest.mark.parametrize(
    "text, case", [("øv med Stine", "stine"), ("rollespil med erling", "erling"), ("øv med malou", "malou")]
)
def test_start_names_the_case_and_sets_the_mode(domain, text, case):
    dialogue = Dialogue(domain)
    texts, payloads = dialogue.say(ActionStartPractice(), text, "start_practice", 0)
    (payload,) = payloads
    practice = payload["practice"]
    assert {k: practice[k] for k in ("case", "active", "speaker", "coaching")} == {
        "case": case,
        "active": True,
        "speaker": "briefing",
        "coaching": False,
    }
    card = practice["briefing"]
    assert card["name"] == load_case(case).name and card["preparation"] == list(load_case(case).briefing.preparation)
    assert card["greeting"] in texts[0] and card["booked"] in texts[0]
    assert dialogue.slots["practice_active"] is True and dialogue.slots["practice_state"]["case"] == case


def test_a_random_citizen_is_one_of_the_five(domain):
    dialogue = practising(domain, "tilfældig borger")
    assert dialogue.slots["practice_state"]["case"] in {"stine", "fatima", "anders", "erling", "malou"}


def test_without_a_case_the_trainee_is_asked_to_choose(domain):
    texts, payloads = Dialogue(domain).say(ActionStartPractice(), "start en øvelse", "start_practice", 0)
    assert "Hvem vil du øve med?" in texts[0] and "Stine" in texts[0] and payloads == []


def test_the_citizen_answers_and_the_state_moves_on(domain):
    dialogue = practising(domain)
    texts, payloads = dialogue.say(ActionPracticeTurn(), "Hvad vil du gerne have ud af vores snak i dag?", "greet", 1)
    assert texts and payloads[0]["practice"]["speaker"] == "borger"
    assert dialogue.slots["practice_state"]["turn"] >= 1


def test_the_same_lines_give_the_same_replies(domain):
    lines = ["Hvad vil du gerne tale om i dag?", "Du er usikker på, hvad du vil.", "Du skal bare søge flere job."]
    transcripts = []
    for _ in range(2):
        dialogue = practising(domain)
        transcripts.append(
            [dialogue.say(ActionPracticeTurn(), line, "greet", i + 1)[0] for i, line in enumerate(lines)]
        )
    assert transcripts[0] == transcripts[1]


def test_hint_keeps_the_practice_going(domain):
    dialogue = practising(domain)
    texts, payloads = dialogue.say(ActionPracticeHint(), "hjælp", "help", 1)
    assert texts and payloads[0]["practice"] == {"case": "stine", "active": True, "speaker": "guide"}
    assert dialogue.slots.get("practice_active") is True


def test_feedback_ends_the_practice(domain):
    dialogue = practising(domain)
    dialogue.say(ActionPracticeTurn(), "Har du søgt nogen job?", "greet", 1)
    texts, payloads = dialogue.say(ActionEndPractice(), "feedback", "end_practice", 2)
    feedback = next(p["feedback"] for p in payloads if "feedback" in p)
    assert feedback["source"] == "practice" and feedback["case"] == "stine" and feedback["suggestions"]
    assert {"practice": {"case": "stine", "active": False, "speaker": "guide"}} in payloads
    assert dialogue.slots["practice_active"] is False and dialogue.slots["practice_state"]["ended"]


def test_feedback_without_a_practice_explains_how_to_start(domain):
    texts, _ = Dialogue(domain).say(ActionEndPractice(), "feedback", "end_practice", 0)
    assert texts[0].startswith("Der er ingen øvelse i gang.")


def test_coaching_shows_the_code_of_each_line_until_it_is_switched_off(domain):
    dialogue = practising(domain)
    texts, payloads = dialogue.say(ActionPracticeCoaching(), "coaching til", "greet", 1)
    assert texts[0].startswith("Coaching er slået til") and payloads[0]["practice"]["coaching"] is True
    assert dialogue.slots["practice_state"]["coaching"] is True
    texts, payloads = dialogue.say(ActionPracticeTurn(), "Hvad vil du gerne have ud af i dag?", "greet", 2)
    assert [p["practice"]["speaker"] for p in payloads] == ["borger", "coach"]
    coding = payloads[1]["practice"]["coding"]
    assert coding["code"] == dialogue.slots["practice_state"]["history"][-2]["code"]
    assert texts[1] == coaching_text(coding) and texts[1].startswith("Din replik: ")
    dialogue.say(ActionPracticeCoaching(), "coaching fra", "greet", 3)
    texts, payloads = dialogue.say(ActionPracticeTurn(), "Fortæl om din hverdag.", "greet", 4)
    assert [p["practice"]["speaker"] for p in payloads] == ["borger"] and len(texts) == 1


def test_coaching_text_names_every_technique_in_the_line():
    assert (
        coaching_text({"code": "refleksion", "label": "refleksion", "labels": ["refleksion"]})
        == "Din replik: refleksion."
    )
    two = {"code": "aabent_spoergsmaal", "label": "åbent spørgsmål", "labels": ["refleksion", "åbent spørgsmål"]}
    assert coaching_text(two) == "Din replik: refleksion og åbent spørgsmål."


@pytest.mark.parametrize("damage", [{"version": 1}, {"case": "nobody"}, {"resistance": "høj"}])
def test_an_old_or_damaged_practice_state_ends_calmly(domain, damage):
    dialogue = practising(domain)
    dialogue.slots["practice_state"] = {**dialogue.slots["practice_state"], **damage}
    texts, payloads = dialogue.say(ActionPracticeTurn(), "Hvad vil du gerne tale om?", "greet", 1)
    assert texts == [STALE_STATE] and payloads == []
    assert dialogue.slots["practice_active"] is False
