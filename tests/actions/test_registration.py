"""The action server registers every concrete Action subclass: each must have a name in the domain."""

import inspect

from rasa_sdk import Action
from rasa_sdk.utils import all_subclasses

import actions.conversation  # noqa: F401
import actions.guide  # noqa: F401
import actions.plan  # noqa: F401
import actions.practice  # noqa: F401


def test_every_concrete_action_has_a_name_in_the_domain(domain):
    concrete = [a for a in all_subclasses(Action) if a.__module__.startswith("actions.") and not inspect.isabstract(a)]
    names = [a().name() for a in concrete]
    assert len(names) == len(set(names))
    assert set(names) <= set(domain["actions"])
