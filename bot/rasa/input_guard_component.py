"""Rasa NLU component that overrides the intent with ``bad_input`` for unusable messages.

It sits last in the pipeline, so whatever DIET predicted for an empty message, 10,000
characters, emoji or markup, the dialogue sees ``bad_input`` and answers calmly.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.core.input_guard import classify_input
from bot.rasa.rule_component import RuleBasedIntentComponent

BAD_INPUT_INTENT = "bad_input"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class InputGuard(RuleBasedIntentComponent):
    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            problem = classify_input(message.get(TEXT))
            if problem is not None:
                intent = {"name": BAD_INPUT_INTENT, "confidence": 1.0}
                message.data[INTENT] = intent
                message.data[INTENT_RANKING_KEY] = [intent]
                message.set("input_problem", problem.value, add_to_output=True)
            elif (message.get(INTENT) or {}).get("name") == BAD_INPUT_INTENT:
                _use_runner_up(message)
        return messages


def _use_runner_up(message: Message) -> None:
    """The classifier called usable text unusable: take its best real intent instead."""
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != BAD_INPUT_INTENT]
    message.data[INTENT_RANKING_KEY] = ranking
    message.data[INTENT] = ranking[0] if ranking else {"name": "nlu_fallback", "confidence": 1.0}
