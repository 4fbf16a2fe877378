import pytest

from actions.guide import (
    ActionEndConversation,
    ActionGotoStep,
    ActionNextStep,
    ActionShowTool,
    ActionStartConversation,
    ActionStatus,
)
from bot.guide.content import TOOL_IDS, load_guide
from bot.guide.session import GuideState, state_to_slots
from tests.actions.helpers import run_action
from tests.conftest import T0, make_tracker


def slots_for(**kwargs):
    return state_to_slots(GuideState(**kwargs))


def test_all_guide_actions_are_in_the_domain(domain):
    names = {
        a().name()
        for a in (
            ActionStartConversation,
            ActionNextStep,
            ActionGotoStep,
            ActionShowTool,
            ActionStatus,
            ActionEndConversation,
        )
    }
    assert names <= set(domain["actions"])


@pytest.mark.parametrize("tool_id", TOOL_IDS)
def test_each_tool_intent_shows_its_tool_with_payload(tool_id, domain):
    assert f"tool_{tool_id}" in domain["intents"]
    tracker = make_tracker([("hjælp mig", f"tool_{tool_id}", 3)])
    texts, payloads, slots = run_action(ActionShowTool(), tracker, domain)
    tool = load_guide().tool(tool_id)
    assert texts[0].startswith(tool.title)
    assert payloads[0]["guide"]["step"] == tool.step and payloads[0]["guide"]["tool"] == tool_id
    assert tool.step in payloads[0]["guide"]["visited"]


def test_contract_question_answers_with_step_three(domain):
    tracker = make_tracker([("hvordan laver jeg kontrakten?", "tool_kontrakt", 0)])
    texts, payloads, _ = run_action(ActionShowTool(), tracker, domain)
    assert "trin 3" in texts[0]
    guide = payloads[0]["guide"]
    assert (guide["step"], guide["current_step"], guide["tool"], guide["candidates"]) == (
        3,
        3,
        "kontrakt",
        ["kontrakt"],
    )
    assert (guide["visited"], guide["elapsed_min"], guide["booked_min"]) == ([3], 0, 45)


def test_start_conversation_reads_citizen_topic_and_length(domain):
    tracker = make_tracker([("ny samtale med b-7 om brancheskift 30 min", "start_conversation", 0)])
    texts, payloads, slots = run_action(ActionStartConversation(), tracker, domain)
    assert "Ny samtale med b-7 om Brancheskift – 30 min" in texts[0]
    assert "Skriv »mere«" in texts[0] and slots["last_shown"] == {"kind": "start"}
    guide = payloads[0]["guide"]
    assert (guide["step"], guide["current_step"], guide["tool"]) == (2, 2, "forberedelse")
    assert (guide["visited"], guide["elapsed_min"], guide["booked_min"]) == ([2], 0, 30)
    assert slots["citizen_ref"] == "b-7" and slots["topic"] == "brancheskift" and slots["guide_started_at"] == T0


def test_start_without_details_uses_45_minutes_and_asks_for_topic(domain):
    tracker = make_tracker([("ny samtale", "start_conversation", 0)])
    texts, payloads, _ = run_action(ActionStartConversation(), tracker, domain)
    assert payloads[0]["guide"]["booked_min"] == 45 and "skriv emnet med" in texts[0]


@pytest.mark.parametrize(
    "state, minute, step, tool, lead",
    [
        (dict(current_step=3), 5, 4, None, None),
        (dict(current_step=4), 16, 6, "timeout", "Tag en kort timeout"),
        (dict(current_step=5, last_timeout_at=T0 + 20 * 60), 37, 9, "afslutning", "tid til at runde af"),
        (dict(current_step=9, visited=(9,)), 40, 9, None, "ved afslutningen"),
    ],
)
def test_next_step(state, minute, step, tool, lead, domain):
    tracker = make_tracker(
        [("næste trin", "next_step", minute)], slots=slots_for(started_at=T0, booked_min=45, **state)
    )
    texts, payloads, _ = run_action(ActionNextStep(), tracker, domain)
    guide = payloads[0]["guide"]
    assert (guide["step"], guide["tool"], guide["elapsed_min"]) == (step, tool, minute)
    if lead:
        assert lead in texts[0]


def test_elapsed_time_comes_from_the_conversations_own_timestamps(domain):
    turns = [("hej", "greet", 0), ("trin 3", "goto_step", 2), ("næste trin", "next_step", 7)]
    _, payloads, slots = run_action(ActionNextStep(), make_tracker(turns), domain)
    assert payloads[0]["guide"]["elapsed_min"] == 7 and slots["guide_started_at"] == T0


def test_a_timeout_resets_the_timeout_clock(domain):
    slots = slots_for(started_at=T0, booked_min=60, current_step=4)
    _, _, after_timeout = run_action(
        ActionShowTool(), make_tracker([("timeout", "tool_timeout", 16)], slots=slots), domain
    )
    _, payloads, _ = run_action(
        ActionNextStep(), make_tracker([("næste trin", "next_step", 20)], slots=after_timeout), domain
    )
    assert payloads[0]["guide"]["step"] == 5


@pytest.mark.parametrize("text, step", [("trin 5", 5), ("gå til trin ni", 9), ("spring til kontrakten", 3)])
def test_goto_step(text, step, domain):
    texts, payloads, slots = run_action(ActionGotoStep(), make_tracker([(text, "goto_step", 1)]), domain)
    assert (
        texts[0].startswith(f"Trin {step} – ")
        and payloads[0]["guide"]["step"] == step
        and slots["current_step"] == step
    )


def test_goto_unknown_step_asks_and_keeps_state(domain):
    slots = slots_for(started_at=T0, current_step=4, visited=(3, 4))
    texts, payloads, new_slots = run_action(
        ActionGotoStep(), make_tracker([("gå til trin", "goto_step", 1)], slots=slots), domain
    )
    assert "Hvilket trin?" in texts[0]
    assert payloads[0]["guide"]["step"] == 4 and new_slots["visited_steps"] == ["3", "4"]


def test_status_reports_step_time_and_suggestion(domain):
    slots = slots_for(
        started_at=T0, booked_min=45, current_step=4, visited=(2, 3, 4), citizen_ref="B-12", topic="brancheskift"
    )
    texts, payloads, _ = run_action(ActionStatus(), make_tracker([("hvor er vi?", "status", 12)], slots=slots), domain)
    assert "Samtale med B-12 om Brancheskift." in texts[0]
    assert "trin 4" in texts[0] and "12 af 45 min (33 min tilbage)" in texts[0] and "Forslag: trin 5" in texts[0]
    assert payloads[0]["guide"]["tool"] is None and payloads[0]["guide"]["visited"] == [2, 3, 4]


def test_tool_reply_reminds_of_closure_when_time_is_nearly_up(domain):
    slots = slots_for(started_at=T0, booked_min=45, current_step=5)
    texts, _, _ = run_action(ActionShowTool(), make_tracker([("abc", "tool_abc_jobplan", 38)], slots=slots), domain)
    assert "7 min tilbage" in texts[0]


def test_end_summarises_and_clears_the_state(domain):
    slots = slots_for(started_at=T0, booked_min=45, current_step=5, visited=(2, 3, 4, 5))
    texts, payloads, new_slots = run_action(
        ActionEndConversation(), make_tracker([("slut", "end_conversation", 40)], slots=slots), domain
    )
    assert "Varighed: 40 min af 45" in texts[0] and "timeout" in texts[0] and "afslutning" in texts[0]
    assert payloads[0]["guide"]["visited"] == [2, 3, 4, 5]
    assert new_slots["guide_started_at"] is None and new_slots["visited_steps"] == []


def test_after_the_end_the_next_conversation_starts_its_own_clock(domain):
    end = {"event": "action", "name": "action_end_conversation", "timestamp": T0 + 41 * 60}
    turns = [("trin 3", "goto_step", 0), ("slut", "end_conversation", 40)]
    tracker = make_tracker(turns + [("næste trin", "next_step", 50)], extra_events=[])
    tracker.events.insert(-1, end)
    _, payloads, _ = run_action(ActionNextStep(), tracker, domain)
    assert payloads[0]["guide"]["elapsed_min"] == 0
