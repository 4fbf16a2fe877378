import pytest

from actions.conversation import ActionGreet, ActionHandleBadInput, ActionHelp, ActionOutOfScope
from actions.guide import ActionGuideFallback
from bot.core.input_guard import InputProblem, explain
from tests.actions.helpers import run_action
from tests.conftest import make_tracker


@pytest.mark.parametrize(
    "action, start",
    [
        (ActionGreet, "Hej!"),
        (ActionHelp, "Jeg er din guide"),
        (ActionOutOfScope, "Det kan jeg desværre ikke"),
    ],
)
def test_texts_offer_what_the_guide_can_do(action, start, domain):
    assert action().name() in domain["actions"]
    texts, payloads, slots = run_action(action(), make_tracker([("hmm", "greet", 0)]), domain)
    assert texts[0].startswith(start) and "næste trin" in texts[0]
    assert payloads == [] and slots == {}


def test_the_fallback_without_two_readings_to_offer_says_what_the_guide_can_do(domain):
    tracker = make_tracker([("hmm", "nlu_fallback", 0)], intent_ranking=[{"name": "nlu_fallback", "confidence": 0.4}])
    texts, payloads, slots = run_action(ActionGuideFallback(), tracker, domain)
    assert texts[0].startswith("Den er jeg ikke helt sikker") and "næste trin" in texts[0]
    assert payloads[0]["guide"]["candidates"] == [] and slots["choice_offer"] is None


@pytest.mark.parametrize("problem", list(InputProblem))
def test_bad_input_is_explained_and_changes_nothing(problem, domain):
    tracker = make_tracker([("x", "bad_input", 0)], input_problem=problem.value)
    texts, _, slots = run_action(ActionHandleBadInput(), tracker, domain)
    assert texts == [explain(problem)] and slots == {}


def test_bad_input_without_the_components_verdict_is_classified_from_the_text(domain):
    texts, _, _ = run_action(ActionHandleBadInput(), make_tracker([("", "bad_input", 0)]), domain)
    assert texts == [explain(InputProblem.EMPTY)]


def test_usable_text_wrongly_called_bad_input_gets_the_fallback(domain):
    texts, _, _ = run_action(ActionHandleBadInput(), make_tracker([("hvad så nu med hende", "bad_input", 0)]), domain)
    assert texts[0].startswith("Den er jeg ikke helt sikker")
