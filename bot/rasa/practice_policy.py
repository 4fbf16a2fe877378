"""Dialogue policy for practice mode: while the trainee practises, the citizen answers everything.

Why a policy and not rules: rules need one step per intent, but in practice mode the intent
does not matter — every line the trainee types is a line to the simulated citizen, whatever
the NLU model thinks it resembles ("næste trin" said to the citizen is still a line to the
citizen). This policy looks only at the ``practice_active`` slot and outranks the rules while
it is set; outside practice mode it predicts nothing.
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction, SupportedData
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa.practice_commands import PracticeCommand, practice_command

MODE_SLOT = "practice_active"
TURN_ACTION = "action_practice_turn"
END_ACTION = "action_end_practice"
HINT_ACTION = "action_practice_hint"
COACHING_ACTION = "action_practice_coaching"
BAD_INPUT_ACTION = "action_handle_bad_input"
PRACTICE_ACTIONS = frozenset({TURN_ACTION, END_ACTION, HINT_ACTION, COACHING_ACTION, BAD_INPUT_ACTION})
COMMAND_ACTIONS = {
    PracticeCommand.END: END_ACTION,
    PracticeCommand.HINT: HINT_ACTION,
    PracticeCommand.COACHING_ON: COACHING_ACTION,
    PracticeCommand.COACHING_OFF: COACHING_ACTION,
}


def choose_action(tracker: DialogueStateTracker) -> str | None:
    """The action to run now in practice mode, or None to let the other policies decide."""
    if not tracker.get_slot(MODE_SLOT):
        return None
    latest = tracker.events[-1] if tracker.events else None
    if isinstance(latest, UserUttered):
        if (latest.intent or {}).get("name") == "bad_input":
            return BAD_INPUT_ACTION
        command = practice_command(latest.text)
        return COMMAND_ACTIONS.get(command, TURN_ACTION)
    if isinstance(latest, ActionExecuted) and latest.action_name in PRACTICE_ACTIONS:
        return ACTION_LISTEN_NAME
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False)
class PracticeModePolicy(Policy):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Above RulePolicy (4), so a confident rule cannot pull a practice line out of the role-play.
        return {"priority": 6}

    @staticmethod
    def supported_data() -> SupportedData:
        return SupportedData.ML_AND_RULE_DATA

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> None:
        super().__init__(config, model_storage, resource, execution_context, **kwargs)

    def train(self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        action = choose_action(tracker)
        if action is not None and action in domain.action_names_or_texts:
            probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities)
