"""Two review facts the issue found wrong (issue 14): the booked length and the consultant's lines."""

from __future__ import annotations

from bot.review.conversation_review import review, split_conversations

T0 = 1_700_000_000.0


def user(text, intent, minute):
    return {"event": "user", "timestamp": T0 + minute * 60, "text": text, "parse_data": {"intent": {"name": intent}}}


def slot(name, value, minute):
    return {"event": "slot", "timestamp": T0 + minute * 60, "name": name, "value": value}


def action(name, minute):
    return {"event": "action", "timestamp": T0 + minute * 60, "name": name}


def test_the_booked_length_is_the_one_set_at_the_start():
    """The issue: "Booket tid 45 min" for a conversation booked at 30 (the end reset the slot to the default)."""
    events = [
        user("ny samtale med B-31 30 min", "start_conversation", 0),
        action("action_start_conversation", 0),
        slot("guide_started_at", T0, 0),
        slot("booked_min", 30.0, 0),
        user("afslut samtalen", "end_conversation", 28),
        action("action_end_conversation", 28),
        slot("guide_started_at", None, 28),
        slot("booked_min", 45.0, 28),  # what the guide wrote before issue 14
    ]
    [log] = split_conversations("mette:abc", events)
    result = review(log)
    assert result.booked_min == 30
    assert {m.id: m for m in result.metrics}["time"].value == "28 af 30 min"


def test_practice_commands_are_not_counted_as_the_consultants_lines():
    """The issue: "Replikker fra konsulenten" counted »øv med Erling« and »feedback«."""
    events = [
        user("øv med Erling", "start_practice", 0),
        action("action_start_practice", 0),
        slot("practice_active", True, 0),
        user("hvad vil du gerne tale om i dag?", "tool_kontrakt", 1),
        user("det lyder svært", "greet", 2),
        user("hjælp", "help", 3),
        user("feedback", "end_practice", 4),
        action("action_end_practice", 4),
    ]
    [log] = split_conversations("elev:1", events)
    assert log.mode == "practice"
    assert review(log).user_turns == 2


def test_a_guide_conversation_counts_every_message():
    events = [
        user("ny samtale 30 min", "start_conversation", 0),
        slot("guide_started_at", T0, 0),
        slot("booked_min", 30.0, 0),
        user("feedback", "end_practice", 1),  # outside a practice, even this is a message to the guide
        user("næste trin", "next_step", 2),
    ]
    [log] = split_conversations("mette:abc", events)
    assert review(log).user_turns == 3
