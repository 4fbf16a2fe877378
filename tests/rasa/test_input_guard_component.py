"""The Rasa NLU component on real Message objects (no trained model needed)."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.rasa.input_guard_component import InputGuard


def _message(text, intent, ranking):
    message = Message({"text": text})
    message.data["intent"] = {"name": intent, "confidence": 0.9}
    message.data["intent_ranking"] = [{"name": n, "confidence": c} for n, c in ranking]
    return message


@pytest.mark.parametrize("text", ["", "😀", "<b>x</b>", "010190-1234", "what should I do now", "x" * 2000])
def test_unusable_text_becomes_bad_input(text):
    (message,) = InputGuard().process([_message(text, "next_step", [("next_step", 0.9)])])
    assert message.get("intent")["name"] == "bad_input" and message.get("input_problem")


def test_usable_text_keeps_its_intent():
    (message,) = InputGuard().process([_message("næste trin", "next_step", [("next_step", 0.9)])])
    assert message.get("intent")["name"] == "next_step" and message.get("input_problem") is None


def test_usable_text_the_classifier_called_bad_input_gets_the_runner_up():
    ranking = [("bad_input", 0.6), ("tool_ugu", 0.3), ("status", 0.1)]
    (message,) = InputGuard().process([_message("jeg fylder for meget", "bad_input", ranking)])
    assert message.get("intent")["name"] == "tool_ugu"
    assert [r["name"] for r in message.get("intent_ranking")] == ["tool_ugu", "status"]


def test_a_typed_plan_command_gets_its_intent():
    from bot.rasa.command_prefixes import CommandPrefixes

    (message,) = CommandPrefixes().process(
        [_message("tro 6 hun har gjort det før", "nlu_fallback", [("nlu_fallback", 0.4), ("record_scaling", 0.4)])]
    )
    assert message.get("intent") == {"name": "record_scaling", "confidence": 1.0}
    assert [r["name"] for r in message.get("intent_ranking")] == ["record_scaling", "nlu_fallback"]
