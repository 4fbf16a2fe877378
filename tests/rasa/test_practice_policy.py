"""PracticeModePolicy's routing on real Rasa trackers."""

import pytest
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa.practice_commands import PracticeCommand, practice_command
from bot.rasa.practice_policy import choose_action


def _slots():
    from rasa.shared.core.slots import BooleanSlot

    return [BooleanSlot("practice_active", mappings=[{"type": "custom"}])]


def make(active, *events):
    return DialogueStateTracker.from_events("t", [SlotSet("practice_active", active), *events], slots=_slots())


@pytest.mark.parametrize(
    "text, intent, action",
    [
        ("næste trin", "next_step", "action_practice_turn"),
        ("hvordan gik det med ansøgningerne?", "end_practice", "action_practice_turn"),
        ("feedback", "end_practice", "action_end_practice"),
        ("Stop øvelsen!", "greet", "action_end_practice"),
        ("hjælp", "help", "action_practice_hint"),
        ("coaching til", "greet", "action_practice_coaching"),
        ("Skjul koder.", "out_of_scope", "action_practice_coaching"),
        ("hvordan har du det med coaching til jobsamtaler?", "greet", "action_practice_turn"),
        ("010190-1234", "bad_input", "action_handle_bad_input"),
    ],
)
def test_in_practice_every_line_goes_to_the_citizen_except_commands(text, intent, action):
    assert choose_action(make(True, UserUttered(text, {"name": intent}))) == action


def test_after_a_practice_action_the_bot_listens():
    assert (
        choose_action(make(True, UserUttered("hej", {"name": "greet"}), ActionExecuted("action_practice_turn")))
        == "action_listen"
    )


def test_outside_practice_the_policy_stays_silent():
    assert choose_action(make(False, UserUttered("næste trin", {"name": "next_step"}))) is None


@pytest.mark.parametrize(
    "text, command",
    [
        ("feedback", PracticeCommand.END),
        ("  Hjælp ", PracticeCommand.HINT),
        ("hjælp mig med cv", None),
        ("Coaching til!", PracticeCommand.COACHING_ON),
        ("vis koder", PracticeCommand.COACHING_ON),
        ("COACHING FRA", PracticeCommand.COACHING_OFF),
        ("skjul koderne", PracticeCommand.COACHING_OFF),
        ("coaching til i morgen", None),
        ("", None),
        (None, None),
    ],
)
def test_practice_commands(text, command):
    assert practice_command(text) is command
