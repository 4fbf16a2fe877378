"""Practice actions: start, talk to the simulated citizen, hint, feedback; and the mode policy."""

import pytest

from actions.practice import ActionEndPractice, ActionPracticeHint, ActionPracticeTurn, ActionStartPractice
from tests.actions.helpers import Dialogue


def practising(domain, case_text="øv med Stine") -> Dialogue:
    dialogue = Dialogue(domain)
    dialogue.say(ActionStartPractice(), case_text, "start_practice", 0)
    return dialogue


def test_practice_actions_are_in_the_domain(domain):
    names = {a().name() for a in (ActionStartPractice, ActionPracticeTurn, ActionPracticeHint, ActionEndPractice)}
    assert names <= set(domain["actions"])


@pytest.mark.parametrize(
    "text, case", [("øv med Stine", "stine"), ("rollespil med erling", "erling"), ("øv med malou", "malou")]
)
def test_start_names_the_case_and_sets_the_mode(domain, text, case):
    dialogue = Dialogue(domain)
    texts, payloads = dialogue.say(ActionStartPractice(), text, "start_practice", 0)
    assert payloads == [{"practice": {"case": case, "active": True, "speaker": "briefing"}}]
    assert dialogue.slots["practice_active"] is True and dialogue.slots["practice_state"]["case"] == case
    assert len(texts[0]) > 100


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
