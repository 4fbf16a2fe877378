"""NLU components for the commands the model must not guess: plan commands and the guide's own.

* ``PlanCommandGate`` (after the classifier, before the fallback): a plan intent the model
  predicted for a message without the command's vocabulary is ranked last (``is_command_like``).
* ``CommandPrefixes``: a message starting with a documented plan command gets that intent.
* ``GuideCommands``: "1"/"2"/"3" pick a choice (``choose_option``, the number in ``choice``),
  "mere" asks for the rest of the last reply (``show_more``).
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.rasa.guide_commands import guide_command
from bot.rasa.plan_commands import command_intent, is_command_like
from bot.rasa.rule_component import RuleBasedIntentComponent


def _set_intent(message: Message, intent_name: str) -> None:
    intent = {"name": intent_name, "confidence": 1.0}
    others = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != intent_name]
    message.data[INTENT] = intent
    message.data[INTENT_RANKING_KEY] = [intent, *others]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class PlanCommandGate(RuleBasedIntentComponent):
    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            ranking = list(message.get(INTENT_RANKING_KEY) or [])
            text = message.get(TEXT)
            kept = [r for r in ranking if is_command_like(r.get("name") or "", text)]
            if not ranking or len(kept) == len(ranking) or not kept:
                continue
            demoted = [r for r in ranking if r not in kept]
            message.data[INTENT_RANKING_KEY] = kept + demoted
            message.data[INTENT] = dict(kept[0])
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CommandPrefixes(RuleBasedIntentComponent):
    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent_name = command_intent(message.get(TEXT))
            if intent_name is not None:
                _set_intent(message, intent_name)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class GuideCommands(RuleBasedIntentComponent):
    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            found = guide_command(message.get(TEXT))
            if found is None:
                continue
            intent_name, number = found
            _set_intent(message, intent_name)
            if number is not None:
                message.set("choice", number, add_to_output=True)
        return messages
