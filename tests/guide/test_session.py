import pytest

from bot.guide.session import GuideState, Reason, state_from_slots, state_to_slots, suggest_next

T0 = 1_700_000_000.0


def at(minutes: float) -> float:
    return T0 + minutes * 60


@pytest.mark.parametrize(
    "current, minute, expected",
    [
        (None, 0, (1, None, Reason.IN_ORDER)),
        (3, 5, (4, None, Reason.IN_ORDER)),
        (5, 10, (6, None, Reason.IN_ORDER)),
        (4, 15, (6, "timeout", Reason.TIMEOUT_DUE)),
        (4, 36, (9, "afslutning", Reason.CLOSURE_DUE)),
        (9, 40, (9, None, Reason.FINISHED)),
        (8, 5, (9, None, Reason.IN_ORDER)),
    ],
)
def test_suggest_next(current, minute, expected):
    state = GuideState(started_at=T0, booked_min=45, current_step=current)
    suggestion = suggest_next(state, at(minute))
    assert (suggestion.step, suggestion.tool, suggestion.reason) == expected


def test_no_timeout_suggested_within_fifteen_minutes_of_the_last():
    state = GuideState(started_at=T0, booked_min=60, current_step=4, last_timeout_at=at(20))
    assert suggest_next(state, at(34)).reason is Reason.IN_ORDER
    assert suggest_next(state, at(35)).reason is Reason.TIMEOUT_DUE


def test_closure_wins_over_timeout_when_time_is_short():
    state = GuideState(started_at=T0, booked_min=30, current_step=4)
    assert suggest_next(state, at(21)).reason is Reason.CLOSURE_DUE


def test_alongside_steps_do_not_move_the_main_line():
    state = GuideState(started_at=T0, current_step=4).visit(7, at(5))
    assert state.current_step == 4 and state.visited == (7,)
    assert suggest_next(state, at(6)).step == 5


def test_timeout_visit_records_its_time():
    state = GuideState(started_at=T0, current_step=4).visit(6, at(12))
    assert state.last_timeout_at == at(12) and state.current_step == 4


def test_jump_moves_the_main_line_even_to_an_alongside_step():
    state = GuideState(started_at=T0, current_step=3).jump(7, at(2))
    assert state.current_step == 7 and 7 in state.visited


def test_elapsed_and_remaining():
    state = GuideState(started_at=T0, booked_min=45)
    assert state.elapsed_min(at(12.9)) == 12 and state.remaining_min(at(12.9)) == 33


def test_payload_shape():
    state = GuideState(started_at=T0, booked_min=30, current_step=3, visited=(2, 3))
    assert state.payload(at(4), 3, "kontrakt") == {
        "guide": {
            "step": 3,
            "current_step": 3,
            "tool": "kontrakt",
            "candidates": ["kontrakt"],
            "visited": [2, 3],
            "unvisited": [1, 4, 5, 6, 7, 8, 9],
            "next_step": 4,
            "suggested_step": 4,
            "suggestion": "in_order",
            "started": True,
            "elapsed_min": 4,
            "booked_min": 30,
            "since_timeout_min": 4,
            "timeout_taken": False,
            "ended": False,
        }
    }


def test_payload_carries_the_candidates_best_first():
    state = GuideState(started_at=T0, current_step=4)
    guide = state.payload(at(1), 4, "skalaspoergsmaal", ["skalaspoergsmaal", "plus_minus"])["guide"]
    assert guide["tool"] == "skalaspoergsmaal" and guide["candidates"] == ["skalaspoergsmaal", "plus_minus"]
    assert GuideState().payload(at(0), None, None)["guide"]["candidates"] == []


def test_slots_round_trip():
    state = GuideState(T0, 30, 4, (2, 3, 4), at(10), "B-12", "brancheskift")
    assert state_from_slots(state_to_slots(state)) == state
    ended = GuideState(T0, 30, 9, (2, 3, 9), None, "B-12", None, ended_at=at(31))
    assert state_from_slots(state_to_slots(ended)) == ended


def test_a_state_not_started_keeps_no_booked_length_in_the_slots():
    """The conversation log keeps the length that was booked, not the default of an empty state."""
    assert state_to_slots(GuideState())["booked_min"] is None
    assert state_to_slots(GuideState(started_at=T0, booked_min=30))["booked_min"] == 30.0


@pytest.mark.parametrize("garbage", [{"visited_steps": ["x", 42, None]}, {"booked_min": "lots"}, {"current_step": 99}])
def test_slots_with_garbage_fall_back_to_defaults(garbage):
    state = state_from_slots(garbage)
    assert state.visited == () and state.booked_min == 45 and state.current_step is None
