"""The simulated citizen: answers what was asked, reacts to technique, remembers, and is deterministic."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.coder.cues import words
from bot.practice.case import CASE_IDS, load_case
from bot.practice.reactions import EFFECTS, HANDLERS
from bot.practice.simulator import (
    PracticeError,
    briefing,
    briefing_payload,
    end_practice,
    last_coding,
    practice_hint,
    respond,
    set_coaching,
    start_practice,
    transcript_of,
)
from bot.practice.state import OPEN_FROM, OPEN_MAX_RESISTANCE, RESISTANT_FROM, mood

from .scripts import GOOD, GOOD_STINE, POOR

TODAY = date(2026, 12, 7)


def play(case_id, script, seed=1, state=None):
    state = state or start_practice(case_id, seed=seed, today=TODAY)
    replies = []
    for line in script:
        state, reply = respond(state, line)
        replies.append(reply)
    return state, replies


def last(state):
    return state["history"][-1]


def with_values(case_id, **values):
    state = start_practice(case_id, seed=3, today=TODAY)
    state.update(values)
    return state


# --- determinism and state ------------------------------------------------------------------------
def test_same_seed_and_lines_give_the_same_practice():
    a, ra = play("stine", GOOD_STINE, seed=42)
    b, rb = play("stine", GOOD_STINE, seed=42)
    assert ra == rb
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def test_the_seed_gives_variety():
    transcripts = {json.dumps(transcript_of(play("stine", GOOD_STINE[:6], seed=s)[0])) for s in range(6)}
    assert len(transcripts) > 1


def test_state_is_json_and_not_mutated():
    state = start_practice("fatima", seed=3, today=TODAY)
    frozen = json.dumps(state, sort_keys=True)
    new, _ = respond(state, "Hvad vil du gerne tale om i dag?")
    assert json.dumps(state, sort_keys=True) == frozen
    restored = json.loads(json.dumps(new))
    assert respond(restored, "Fortæl lidt om tiden på hotellet.") == respond(new, "Fortæl lidt om tiden på hotellet.")


def test_a_random_case_comes_from_the_seed():
    state = start_practice(None, seed=11, today=TODAY)
    assert state["case"] in CASE_IDS
    assert start_practice("random", seed=11, today=TODAY)["case"] == state["case"]


@pytest.mark.parametrize(
    "broken",
    [
        {"foo": 1},
        None,
        "state",
        {**start_practice("stine", seed=1, today=TODAY), "version": 1},
        {**start_practice("stine", seed=1, today=TODAY), "case": "nobody"},
        {**start_practice("stine", seed=1, today=TODAY), "resistance": 11},
        {**start_practice("stine", seed=1, today=TODAY), "openness": "høj"},
        {**start_practice("stine", seed=1, today=TODAY), "history": None},
    ],
)
def test_a_broken_or_old_state_is_refused(broken):
    with pytest.raises(PracticeError):
        respond(broken, "Hej")


def test_an_ended_practice_refuses_more_lines():
    ended = end_practice(start_practice("erling", seed=1, today=TODAY))
    with pytest.raises(PracticeError):
        respond(ended, "Hej")


# --- answering what was asked ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "case_id, question, topics",
    [
        ("anders", "Hvordan har du det med din nakke?", {"health", "hidden_nakkesmerter"}),
        ("fatima", "Hvordan var det at arbejde i supermarkedet?", {"job_supermarket", "hidden_foeler_sig_gammel"}),
        ("stine", "Hvordan er det at være alene med din datter?", {"family", "motherhood", "hidden_god_mor"}),
        ("erling", "Hvordan var det at køre bus?", {"job_bus_driver", "job_identity"}),
        ("malou", "Hvor har du boet henne?", {"suitcase_life", "mobility"}),
    ],
)
def test_a_question_in_the_second_turn_is_answered_about_its_topic(case_id, question, topics):
    state, _ = play(case_id, ["Hvad vil du gerne have ud af samtalen i dag?", question])
    reply = last(state)
    assert reply["topic"] in topics
    assert reply["text"] in {line for t in topics for lines in load_case(case_id).answers[t].values() for line in lines}


def test_a_line_about_nothing_gets_a_reaction_to_the_technique_not_a_topic():
    state, replies = play("erling", ["Hvad ved jeg?", "Det lyder svært.", "Mm."])
    case = load_case("erling")
    # An open question about nothing: the citizen asks what is meant.
    assert state["history"][2]["situation"] == "clarify"
    # A reflection about nothing is confirmed; "Mm" with no thread gets a filler.
    assert state["history"][4]["situation"] == "reflection" and replies[1] in case.lines("reflection", "guarded")
    assert state["history"][6]["topic"] is None
    assert all(t.get("topic") is None for t in state["history"] if t["speaker"] == "B")


def test_the_old_non_sequitur_is_gone():
    """ "hvorfor har du ikke søgt noget?" used to get "nu skal vi ikke snakke skole"."""
    state, replies = play("erling", ["hvorfor har du ikke søgt noget?"])
    assert "skole" not in replies[0].lower()
    assert last(state)["situation"] in {"pushback", "pushback_hard"}


def test_a_minimal_encourager_continues_the_thread():
    state, replies = play("stine", ["Fortæl om dine år i børnehaven.", "Mm."])
    assert state["history"][-1]["topic"] == state["history"][-3]["topic"]
    assert replies[0] != replies[1]


def test_closed_questions_get_short_answers_and_open_ones_long():
    opening = ["Hvad vil du gerne have ud af samtalen i dag?"]
    _, closed = play("fatima", [*opening, "Har du bil?", "Har du en uddannelse?", "Er du gift?"])
    _, open_ = play(
        "fatima", [*opening, "Hvordan kommer du rundt?", "Fortæl om din skolegang.", "Fortæl om din familie."]
    )
    assert max(len(words(r)) for r in closed[1:]) <= 12
    assert sum(len(words(r)) for r in open_[1:]) > 2 * sum(len(words(r)) for r in closed[1:])


def test_a_reflection_is_confirmed_and_a_wrong_one_corrected():
    state, replies = play("stine", ["Du vil gerne tilbage til ældreplejen."])
    assert last(state)["situation"] == "correction"
    assert replies[0] in load_case("stine").corrections[0].replies
    state, replies = play("erling", ["Hvordan var det at køre bus?", "Passagererne betød meget for dig."])
    assert last(state)["topic"] == "job_bus_driver" or last(state)["situation"] == "reflection"


# --- memory: no verbatim repeats, "som jeg sagde" ---------------------------------------------------
TWENTY = [
    "Hvad vil du gerne have ud af i dag?",
    "Fortæl lidt om dig selv.",
    "Mm.",
    "Hvordan er din hverdag?",
    "Hvordan er din hverdag?",
    "Okay.",
    "Hvad har du arbejdet med?",
    "Mm.",
    "Hvad har du arbejdet med?",
    "Har du bil?",
    "Har du bil?",
    "Hvad drømmer du om?",
    "Hvad drømmer du om?",
    "Ja.",
    "Hvad er du bange for?",
    "Mm.",
    "Hvad tænker du om det?",
    "Hvad tænker du om det?",
    "Okay.",
    "Hvad synes du om samtalen?",
]


@pytest.mark.parametrize("case_id", CASE_IDS)
@pytest.mark.parametrize("seed", [1, 2])
def test_no_verbatim_repeat_in_twenty_turns(case_id, seed):
    _, replies = play(case_id, TWENTY, seed=seed)
    assert len(replies) == 20 and len(set(replies)) == 20


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_no_verbatim_repeat_even_when_the_same_line_comes_twenty_times(case_id):
    _, replies = play(case_id, ["Mm."] * 20)
    assert len(set(replies)) == 20
    _, replies = play(case_id, ["Hvordan har du det med at søge job?"] * 20)
    assert len(set(replies)) == 20


def test_a_repeated_question_gets_som_jeg_sagde():
    state, replies = play("erling", ["Hvordan har ryggen det?", "Hvordan har ryggen det nu?"])
    prefixes = load_case("erling").lines("repeat_prefix", mood(state))
    assert any(replies[1].startswith(p) for p in prefixes)
    # A different question on the same topic is not a repeat.
    state, replies = play("erling", ["Hvordan har ryggen det?", "Hvad sagde lægen om diskusprolapserne?"])
    assert not any(
        replies[1].startswith(p)
        for m in ("open", "guarded", "resistant")
        for p in load_case("erling").lines("repeat_prefix", m)
    )


# --- mood, trust and resistance -------------------------------------------------------------------
def test_mood_thresholds_at_their_edges():
    s = {"openness": OPEN_FROM, "resistance": OPEN_MAX_RESISTANCE}
    assert mood(s) == "open"
    assert mood({**s, "openness": OPEN_FROM - 1}) == "guarded"
    assert mood({**s, "resistance": OPEN_MAX_RESISTANCE + 1}) == "guarded"
    assert mood({"openness": 10, "resistance": RESISTANT_FROM}) == "resistant"
    assert mood({"openness": 10, "resistance": RESISTANT_FROM - 1}) == "guarded"


def test_every_code_has_an_effect_and_a_handler():
    from bot.coder import CODES

    assert set(EFFECTS) == set(HANDLERS) == set(CODES)


def test_open_questions_build_trust_but_not_with_a_resistant_citizen():
    question = "Hvordan har du det med at søge job?"
    calm, _ = respond(with_values("stine", openness=3, resistance=5), question)
    assert calm["openness"] == 4
    resistant, _ = respond(with_values("stine", openness=3, resistance=6), question)
    assert resistant["openness"] == 3


def test_a_run_of_closed_questions_costs_trust_from_the_third():
    state, _ = play("malou", ["Har du bil?", "Er du single?"])
    assert state["openness"] == load_case("malou").start["openness"]
    state, _ = respond(state, "Har du et kørekort?")
    assert state["openness"] == load_case("malou").start["openness"] - 1


def test_reflections_build_trust_and_lower_resistance():
    state, _ = respond(with_values("anders", openness=2, resistance=4), "Det lyder, som om nakken satte grænsen.")
    assert state["openness"] >= 3 and state["resistance"] == 3


def test_pressure_raises_resistance_and_brings_pushback():
    state, _ = respond(start_practice("malou", seed=2, today=TODAY), "Du bliver nødt til at søge flere job.")
    assert state["resistance"] >= load_case("malou").start["resistance"] + 3
    assert last(state)["situation"] in {"pushback", "pushback_hard", "trigger"}


def test_a_resistance_trigger_brings_the_citizens_own_words():
    state, reply = respond(start_practice("erling", seed=2, today=TODAY), "Du burde tage et AMU-kursus.")
    trigger = next(t for t in load_case("erling").triggers if "uddannelse" in t.label)
    assert reply in trigger.replies and last(state)["situation"] == "trigger"
    # A question about the same subject is no pressure.
    state, _ = respond(start_practice("erling", seed=2, today=TODAY), "Hvad tænker du om kurser?")
    assert last(state)["situation"] != "trigger"


INFO = "Mange børnehaver ansætter faste medhjælpere uden pædagoguddannelse."


def test_ugu_information_after_exploring_is_not_punished():
    """Handbook p. 14: explore – give – explore. Permission is not required."""
    base = start_practice("stine", seed=5, today=TODAY)
    lecture, _ = respond(base, INFO)
    assert lecture["resistance"] == base["resistance"] + 1
    explored, _ = respond(base, "Hvad ved du om, hvordan børnehaverne ansætter?")
    after, _ = respond(explored, INFO)
    assert after["resistance"] == explored["resistance"]
    permitted, _ = respond(base, "Må jeg fortælle dig lidt om, hvordan børnehaverne ansætter?")
    after, _ = respond(permitted, INFO)
    assert after["resistance"] == permitted["resistance"] - 1
    assert last(after)["situation"] == "info_after_permission"


def test_a_second_lecture_costs_more_than_the_first():
    state, _ = play("stine", [INFO, "Der er også mange SFO'er, der søger medhjælpere lige nu."])
    assert state["resistance"] == load_case("stine").start["resistance"] + 3


def test_an_announced_authority_role_is_not_punished():
    """Handbook step 8 (p. 17): say that you put the authority hat on, then give the rules."""
    rules = "Du skal søge mindst to job om ugen og skrive dem i jobloggen, det er din pligt."
    base = start_practice("erling", seed=5, today=TODAY)
    unannounced, _ = respond(base, rules)
    assert unannounced["resistance"] > base["resistance"]
    announced, reply = respond(base, "Jeg tager lige myndighedskasketten på og fortæller om reglerne.")
    after, reply = respond(announced, rules)
    assert after["resistance"] == announced["resistance"] <= base["resistance"]
    assert last(after)["situation"] == "authority_info"


def test_hidden_facts_come_out_only_with_trust_and_exploring():
    closed = ["Har du en datter?", "Er det svært med SFO'en?", "Var ældreplejen hård?", "Kunne du lide børnehaven?"]
    state, _ = play("stine", closed, seed=8)
    assert state["revealed"] == []
    lecture = [
        "Du burde tænke mere på din datters fremtid.",
        "Der er mange job i ældreplejen.",
        "Hvordan har du det med at være mor?",
    ]
    state, _ = play("stine", lecture, seed=8)
    assert state["revealed"] == []
    state, replies = play("stine", GOOD_STINE[:9], seed=8)
    assert len(state["revealed"]) >= 2
    reveal_lines = {
        line for f in load_case("stine").hidden_facts for line in load_case("stine").answers[f.topic]["open"]
    }
    assert any(r in reveal_lines for r in replies)


# --- scaling --------------------------------------------------------------------------------------
@pytest.mark.parametrize("case_id", CASE_IDS)
def test_scaling_numbers_match_the_state_and_exploring_down_brings_change_talk(case_id):
    case = load_case(case_id)
    state, reply = respond(
        start_practice(case_id, seed=4, today=TODAY),
        "På en skala fra 1 til 10, hvor vigtigt er det for dig at komme videre?",
    )
    n = case.start["importance"]
    assert str(n) in reply and state["flags"]["scaling"]["importance"]["value"] == n
    state, reply = respond(state, f"Hvad gør, at det er en {n} og ikke en 1?")
    assert reply in case.lines("down_importance", mood(state)) or reply in case.replies["down_importance"]["open"]
    assert state["importance"] == min(10, n + 1)
    state, reply = respond(state, "Hvor meget tror du på, at det lykkes, fra 1 til 10?")
    assert str(case.start["confidence"]) in reply and last(state)["situation"] == "scale_confidence"


def test_asking_upward_first_brings_sustain_talk():
    state, _ = respond(
        start_practice("anders", seed=4, today=TODAY),
        "På en skala fra 1 til 10, hvor vigtigt er det for dig at komme i job?",
    )
    before = state["resistance"]
    state, reply = respond(state, "Hvorfor er det ikke en 8?")
    assert last(state)["situation"] == "explore_up" and state["resistance"] == before + 1


# --- the "Done when" contrast ----------------------------------------------------------------------
@pytest.mark.parametrize("case_id", CASE_IDS)
def test_a_good_and_a_poor_practice_lead_to_different_citizens_and_endings(case_id):
    good, good_replies = play(case_id, GOOD[case_id], seed=7)
    poor, poor_replies = play(case_id, POOR[case_id], seed=7)
    # Different citizens: open and trusting vs resistant.
    assert mood(good) == "open" and mood(poor) == "resistant"
    assert good["openness"] - poor["openness"] >= 5 and poor["resistance"] - good["resistance"] >= 5
    assert len(good["revealed"]) >= 2 and poor["revealed"] == []
    # Different endings: a SMART agreement the citizen stands behind vs none (or one given for show).
    assert any(a["smart"]["smart"] for a in good["flags"]["agreements"])
    assert not any(a["smart"]["smart"] for a in poor["flags"]["agreements"])
    assert last(good)["situation"] == "evaluation_good" and last(poor)["situation"] == "evaluation_poor"
    for replies in (good_replies, poor_replies):
        assert len(set(replies)) == len(replies)


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_the_feedback_engine_sees_the_same_contrast(case_id):
    """The judgement engine (bot.judgement, via practice_feedback) reads the same two practices:
    the good one green with a SMART agreement the citizen stands behind, the poor one red."""
    from bot.practice.feedback import practice_feedback

    good = practice_feedback(play(case_id, GOOD[case_id], seed=7)[0])["feedback"]
    poor = practice_feedback(play(case_id, POOR[case_id], seed=7)[0])["feedback"]
    assert good["overall"] == "green" and poor["overall"] == "red"
    assert good["metrics"]["agreements"]["smart_count"] >= 1 and poor["metrics"]["agreements"]["smart_count"] == 0
    assert good["score"] - poor["score"] >= 30


# --- briefing, hints, coaching --------------------------------------------------------------------
@pytest.mark.parametrize("case_id", CASE_IDS)
def test_the_briefing_shows_the_case_and_the_preparation_points(case_id):
    state = start_practice(case_id, seed=1, today=TODAY)
    case = load_case(case_id)
    text = briefing(state)
    assert text.startswith(f"Du øver nu med {case.name} ({case.age} år).")
    assert case.briefing.booked in text and all(p in text for p in case.briefing.preparation)
    assert "feedback" in text and "coaching til" in text and "\n\n" not in text
    assert text.endswith(state["history"][0]["text"])
    card = briefing_payload(state)
    assert card["preparation"] == list(case.briefing.preparation) and card["greeting"] == state["history"][0]["text"]
    assert json.loads(json.dumps(card)) == card


def test_hints_follow_the_practice():
    state = start_practice("erling", seed=1, today=TODAY)
    assert "kontrakt" in practice_hint(state).lower()
    state, _ = play(
        "erling", ["Du bliver nødt til at tage dig sammen.", "Nu skal du høre efter, hvad jeg siger."], state=state
    )
    assert "modstand" in practice_hint(state)


def test_coaching_names_the_code_of_the_last_line():
    state = set_coaching(start_practice("malou", seed=1, today=TODAY), True)
    assert state["coaching"] is True and last_coding(state) is None
    state, _ = respond(state, "Hvad vil du gerne have ud af i dag?")
    coding = last_coding(state)
    assert coding["code"] == state["history"][-2]["code"] and coding["label"]
    assert set_coaching(state, False)["coaching"] is False


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå ?.,0123456789-", max_size=60), max_size=6),
    seed=st.integers(min_value=0, max_value=10_000),
    case_id=st.sampled_from(CASE_IDS),
)
def test_any_input_keeps_the_state_in_bounds_deterministic_and_new(lines, seed, case_id):
    a, ra = play(case_id, lines, seed=seed)
    b, rb = play(case_id, lines, seed=seed)
    assert ra == rb
    for key in ("openness", "resistance"):
        assert 0 <= a[key] <= 10
    for key in ("importance", "confidence"):
        assert 1 <= a[key] <= 10
    assert all(isinstance(r, str) and r and "{" not in r for r in ra)
    assert len(set(ra)) == len(ra)


def test_hostile_input_is_stored_without_personal_data():
    state, reply = respond(
        start_practice("stine", seed=1, today=TODAY), "Mit CPR er 010190-1234, ring på 12345678. " + "x" * 5000
    )
    stored = state["history"][-2]["text"]
    assert "010190" not in stored and "[CPR-nummer]" in stored and len(stored) <= 2100
    assert reply


def test_copying_a_state_between_turns_is_safe():
    state, _ = play("fatima", GOOD["fatima"][:5])
    twin = copy.deepcopy(state)
    assert respond(state, "Mm.") == respond(twin, "Mm.")


def test_a_question_about_something_unknown_is_not_answered_with_the_last_topic():
    """An open question the citizen cannot place gets "what do you mean?", not more of the last thread."""
    state, _ = play(
        "erling", ["Fortæl om dit arbejde som chauffør.", "Hvordan har du det med din alder på arbejdsmarkedet?"]
    )
    assert last(state)["situation"] == "clarify"


@pytest.mark.parametrize(
    "text, back",
    [
        ("Mm.", True),
        ("Fortæl lidt mere.", True),
        ("Hvad tænker du om det?", True),
        ("Hvad tænker du om det, du sagde der?", True),  # 8 words: the longest prompt that still points back
        ("Hvad tænker du om det, du lige sagde der?", False),  # 9 words
        ("Hvem er vigtige for dig?", False),
    ],
)
def test_what_counts_as_going_on_with_the_thread(text, back):
    from bot.practice.reactions import refers_back

    assert refers_back(text) is back
