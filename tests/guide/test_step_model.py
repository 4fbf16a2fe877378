"""The honest step model (issue 14): recording does not move the step, "all done" only when true,
one suggestion for replies, ``hvor er vi?`` and the cockpit, and a clock that stops at the end."""

from __future__ import annotations

import pytest

from bot.guide.content import load_guide
from bot.guide.render import describe_steps, render_status
from bot.guide.session import GuideState, Reason, next_in_order, suggest_next

T0 = 1_700_000_000.0


def at(minutes: float) -> float:
    return T0 + minutes * 60


def test_recording_marks_the_step_visited_without_moving_the_current_step():
    """The issue: an agreement at minute 5 of 30 made step 9 current."""
    state = GuideState(started_at=T0, booked_min=30, current_step=2, visited=(2,)).record(9, at(5))
    assert state.current_step == 2 and state.visited == (2, 9)
    suggestion = suggest_next(state, at(5))
    assert (suggestion.step, suggestion.reason) == (3, Reason.IN_ORDER)


def test_showing_a_main_line_tool_moves_the_step_but_an_alongside_tool_does_not():
    state = GuideState(started_at=T0, current_step=2, visited=(2,))
    assert state.show_tool("skalaspoergsmaal", 4, at(3)).current_step == 4
    for tool_id, step in (("smart_maal", 9), ("delmaal", 9), ("timeout", 6), ("motiverende_sprog", 7)):
        shown = state.show_tool(tool_id, step, at(3))
        assert shown.current_step == 2 and step in shown.visited
    assert state.show_tool("afslutning", 9, at(3)).current_step == 9


def test_the_first_tool_of_a_conversation_sets_the_current_step_even_alongside():
    assert GuideState(started_at=T0).show_tool("smart_maal", 9, at(1)).current_step == 9


@pytest.mark.parametrize(
    "current, visited, expected",
    [
        (2, (2,), 3),
        (2, (2, 3, 4), 5),  # contract and scaling recorded: the next step not yet visited
        (5, (2, 3, 4, 5, 6, 7, 8), 9),
        (5, (2, 3, 5, 9), 6),  # an agreement recorded early is no closure
        (8, (1, 2, 3, 4, 5, 6, 7, 8, 9), 9),  # step 9 visited by a recording but not current: still the closure
        (9, (2, 9), None),
        (None, (), 1),
        (None, (1, 2), 3),
    ],
)
def test_next_in_order(current, visited, expected):
    assert next_in_order(GuideState(started_at=T0, current_step=current, visited=visited)) == expected


def test_all_steps_are_only_called_done_when_all_nine_were_visited():
    some = GuideState(started_at=T0, current_step=9, visited=(2, 3, 5, 9))
    assert describe_steps(some) == "Besøgte trin: 2, 3, 5 og 9. Ikke besøgt: 1, 4, 6, 7 og 8."
    everything = GuideState(started_at=T0, current_step=9, visited=tuple(range(1, 10)))
    assert "alle ni trin er gennemgået" in describe_steps(everything)
    assert "alle" not in describe_steps(GuideState(started_at=T0, current_step=8, visited=tuple(range(1, 9))))


def test_status_at_the_closure_suggests_ending_and_names_what_was_missed():
    state = GuideState(started_at=T0, booked_min=30, current_step=9, visited=(2, 3, 9))
    text = render_status(state, at(25), suggest_next(state, at(25)), load_guide())
    assert "I er på trin 9" in text and "Ikke besøgt: 1, 4, 5, 6, 7 og 8." in text
    assert "Forslag: afslut samtalen" in text and "Forslag: trin 9" not in text


def test_the_clock_stops_when_the_conversation_ends():
    ended = GuideState(started_at=T0, booked_min=30, current_step=9, ended_at=at(22))
    assert ended.elapsed_min(at(40)) == 22 and ended.remaining_min(at(40)) == 8
    assert ended.payload(at(40), None, None)["guide"]["ended"] is True
    assert ended.payload(at(40), None, None)["guide"]["elapsed_min"] == 22


def test_nothing_is_due_after_the_end():
    ended = GuideState(started_at=T0, booked_min=30, current_step=4, ended_at=at(29))
    assert suggest_next(ended, at(60)).reason is Reason.IN_ORDER  # no timeout, no closure after the end


@pytest.mark.parametrize("minute, reason", [(19, Reason.IN_ORDER), (20, Reason.CLOSURE_DUE)])
def test_closure_is_due_at_exactly_the_margin(minute, reason):
    state = GuideState(started_at=T0, booked_min=30, current_step=5, last_timeout_at=at(10))
    assert suggest_next(state, at(minute)).reason is reason


@pytest.mark.parametrize("minute, reason", [(14.9, Reason.IN_ORDER), (15, Reason.TIMEOUT_DUE)])
def test_timeout_is_due_at_exactly_the_interval(minute, reason):
    state = GuideState(started_at=T0, booked_min=60, current_step=4)
    assert suggest_next(state, at(minute)).reason is reason


def test_payload_and_status_agree_on_the_current_step_after_a_timeout():
    """The issue: after a timeout the panel said "Nu: Trin 6" while ``hvor er vi?`` said trin 5."""
    state = GuideState(started_at=T0, booked_min=45, current_step=5, visited=(2, 3, 4, 5)).show_tool(
        "timeout", 6, at(16)
    )
    guide = state.payload(at(16), 6, "timeout")["guide"]
    assert guide["step"] == 6 and guide["current_step"] == 5
    assert "I er på trin 5" in render_status(state, at(16), suggest_next(state, at(16)), load_guide())
    assert guide["suggested_step"] == suggest_next(state, at(16)).step == 7
