"""The NLU components around the classifier: the plan-command gate and the guide's exact commands."""

from __future__ import annotations

from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.rasa.command_prefixes import CommandPrefixes, GuideCommands, PlanCommandGate


def message(text, ranking):
    msg = Message(data={TEXT: text})
    msg.data[INTENT_RANKING_KEY] = [{"name": n, "confidence": c} for n, c in ranking]
    msg.data[INTENT] = dict(msg.data[INTENT_RANKING_KEY][0]) if ranking else {"name": None, "confidence": 0.0}
    return msg


def test_the_gate_ranks_a_plan_intent_for_a_situation_last():
    msg = message(
        "jeg har ikke kigget i hans joblog endnu",
        [("mark_not_done", 0.6), ("tool_forberedelse", 0.3), ("tool_dobbeltrolle", 0.1)],
    )
    [out] = PlanCommandGate().process([msg])
    assert out.get(INTENT) == {"name": "tool_forberedelse", "confidence": 0.3}
    assert [r["name"] for r in out.get(INTENT_RANKING_KEY)] == [
        "tool_forberedelse",
        "tool_dobbeltrolle",
        "mark_not_done",
    ]


def test_the_gate_keeps_a_command_like_plan_intent():
    msg = message("aftale 2 er gjort", [("mark_done", 0.9), ("tool_smart_maal", 0.1)])
    [out] = PlanCommandGate().process([msg])
    assert out.get(INTENT)["name"] == "mark_done"


def test_the_gate_leaves_a_ranking_of_only_plan_intents_alone():
    msg = message("noget helt andet", [("mark_done", 0.9), ("show_plan", 0.1)])
    [out] = PlanCommandGate().process([msg])
    assert out.get(INTENT)["name"] == "mark_done"


def test_the_gate_takes_a_message_without_a_ranking():
    msg = Message(data={TEXT: "hej"})
    assert PlanCommandGate().process([msg]) == [msg]


def test_a_number_picks_a_choice_whatever_the_model_said():
    msg = message("2", [("goto_step", 0.7), ("tool_timeout", 0.3)])
    [out] = GuideCommands().process([msg])
    assert out.get(INTENT) == {"name": "choose_option", "confidence": 1.0} and out.get("choice") == 2


def test_mere_asks_for_the_rest():
    [out] = GuideCommands().process([message("mere", [("tool_ugu", 0.5)])])
    assert out.get(INTENT)["name"] == "show_more" and out.get("choice") is None


def test_prefixed_plan_commands_still_win():
    [out] = CommandPrefixes().process([message("aftale: hun ringer i morgen", [("tool_smart_maal", 0.8)])])
    assert out.get(INTENT)["name"] == "record_agreement"
