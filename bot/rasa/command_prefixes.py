"""NLU component: a message starting with a documented plan command gets that command's intent."""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.rasa.plan_commands import command_intent
from bot.rasa.rule_component import RuleBasedIntentComponent


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CommandPrefixes(RuleBasedIntentComponent):
    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent_name = command_intent(message.get(TEXT))
            if intent_name is None:
                continue
            intent = {"name": intent_name, "confidence": 1.0}
            others = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != intent_name]
            message.data[INTENT] = intent
            message.data[INTENT_RANKING_KEY] = [intent, *others]
        return messages
