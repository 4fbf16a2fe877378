"""The simulated citizen: determinism, serialisable state, and reactions to technique."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.coder.cues import words
from bot.practice.case import CASE_IDS, load_case
from bot.practice.simulator import (
    PracticeError,
    briefing,
    end_practice,
    practice_hint,
    respond,
    start_practice,
    transcript_of,
)

from .scripts import GOOD_STINE, POOR_STINE


def play(case_id, script, seed=1):
    state = start_practice(case_id, seed=seed)
    replies = []
    for line in script:
        state, reply = respond(state, line)
        replies.append(reply)
    return state, replies


def test_same_seed_and_script_give_the_same_transcript():
    a, _ = play("stine", GOOD_STINE, seed=42)
    b, _ = play("stine", GOOD_STINE, seed=42)
    assert transcript_of(a) == transcript_of(b)
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def test_the_seed_gives_variety():
    transcripts = {json.dumps(transcript_of(play("stine", GOOD_STINE[:6], seed=s)[0])) for s in range(6)}
    assert len(transcripts) > 1


def test_state_is_json_and_not_mutated():
    state = start_practice("fatima", seed=3)
    frozen = json.dumps(state, sort_keys=True)
    new, reply = respond(state, "Hvad vil du gerne tale om i dag?")
    assert json.dumps(state, sort_keys=True) == frozen
    restored = json.loads(json.dumps(new))
    again, reply2 = respond(restored, "Fortæl lidt om tiden på hotellet.")
    again2, reply3 = respond(new, "Fortæl lidt om tiden på hotellet.")
    assert reply2 == reply3 and again == again2


def test_random_case_and_briefing():
    state = start_practice(None, seed=11)
    assert state["case"] in CASE_IDS
    assert start_practice("random", seed=11)["case"] == state["case"]
    text = briefing(state)
    assert load_case(state["case"]).name in text and "feedback" in text


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_closed_questions_get_short_answers_and_open_ones_long(case_id):
    opening = ["Hvad vil du gerne have ud af samtalen i dag?", "Det lyder som noget, der fylder meget for dig."]
    closed = ["Har du kørekort?", "Bor du i byen?", "Har du en computer?"]
    open_ = [
        "Hvad var det bedste ved dit sidste job?",
        "Hvordan ser en god arbejdsdag ud for dig?",
        "Hvad drømmer du om at lave?",
    ]
    s_closed, r_closed = play(case_id, opening + closed, seed=5)
    s_open, r_open = play(case_id, opening + open_, seed=5)
    closed_len = sum(len(words(r)) for r in r_closed[2:]) / 3
    open_len = sum(len(words(r)) for r in r_open[2:]) / 3
    assert closed_len <= 6
    assert open_len > 3 * closed_len
    assert s_open["openness"] > s_closed["openness"]


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_confrontation_raises_resistance_and_the_citizen_pushes_back(case_id):
    state = start_practice(case_id, seed=2)
    new, reply = respond(state, "Du bliver nødt til at søge flere job, ellers går det ikke.")
    assert new["resistance"] >= state["resistance"] + 3
    assert new["history"][-1]["situation"] in {"pushback", "pushback_hard"}
    assert reply in load_case(case_id).replies["pushback"] + load_case(case_id).replies["pushback_hard"]
    newer, _ = respond(new, "Du burde virkelig tage det første og bedste job.")
    assert newer["resistance"] > new["resistance"]
    assert newer["history"][-1]["situation"] in {"pushback", "pushback_hard"}


def test_permission_before_information_lowers_resistance():
    base = start_practice("malou", seed=9)
    info = "PAU-uddannelsen kan tages som voksenlærling med løn, og din erfaring kan give merit."
    unasked, _ = respond(base, info)
    asked, yes = respond(base, "Må jeg fortælle dig lidt om, hvordan PAU kan tages som voksenlærling?")
    assert yes in load_case("malou").replies["permission_yes"]
    asked, reaction = respond(asked, info)
    assert unasked["resistance"] > base["resistance"]
    assert asked["resistance"] < base["resistance"]
    assert asked["history"][-1]["situation"] == "info_after_permission"
    assert asked["flags"]["information_with_permission"] == 1


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_scaling_numbers_match_the_state_and_downward_exploring_brings_change_talk(case_id):
    case = load_case(case_id)
    state = start_practice(case_id, seed=4)
    state, reply = respond(state, "På en skala fra 1 til 10, hvor vigtigt er det for dig at komme videre?")
    n = case.start["importance"]
    assert str(n) in reply
    assert state["flags"]["scaling"]["importance"]["value"] == n
    state, reply = respond(state, f"Hvad gør, at det er en {n} og ikke en 1?")
    assert reply in case.replies["down_importance"]
    assert state["importance"] == n + 1
    state, reply = respond(state, "Hvor meget tror du på, at det lykkes, på en skala fra 1 til 10?")
    c = case.start["confidence"]
    assert str(c) in reply
    state, reply = respond(state, f"Hvad gør, at det er en {c} og ikke lavere?")
    assert reply in case.replies["down_confidence"]
    assert state["confidence"] == c + 1
    # Asked again, the number has moved with the conversation.
    state, reply = respond(state, "Hvis du skal sætte tal på igen, hvor vigtigt er det så nu, fra 1 til 10?")
    assert str(n + 1) in reply


def test_asking_upward_first_brings_sustain_talk():
    state = start_practice("anders", seed=4)
    state, _ = respond(state, "På en skala fra 1 til 10, hvor vigtigt er det for dig at komme i job?")
    before = state["resistance"]
    state, reply = respond(state, "Hvorfor er det ikke en 8?")
    assert reply in load_case("anders").replies["explore_up"]
    assert state["resistance"] == before + 1
    assert state["flags"]["scaling"]["importance"]["explored_up_first"]


def test_hidden_facts_come_out_only_with_good_exploring():
    closed = [
        "Har du en datter?",
        "Er det svært med SFO'en?",
        "Var ældreplejen hård?",
        "Kunne du lide børnehaven?",
        "Har du det godt som mor?",
        "Er Alma glad for skolen?",
    ]
    state, _ = play("stine", closed, seed=8)
    assert state["revealed"] == []
    lecture = [
        "Du burde tænke mere på din datters fremtid.",
        "Der er mange job i ældreplejen, og du har jo uddannelsen.",
        "Hvordan har du det med at være mor?",
    ]
    state, _ = play("stine", lecture, seed=8)
    assert state["revealed"] == []
    exploring = [
        "Hvad vil du gerne have ud af samtalen i dag?",
        "Fortæl lidt om din hverdag med din datter.",
        "Det lyder som om, Alma fylder allermest for dig.",
        "Hvad var du glad for i børnehaven?",
        "Du fik noget ud af at være sammen med børnene.",
        "Hvordan var det at arbejde i ældreplejen?",
        "Det lyder, som om det var hårdt for dig.",
    ]
    state, replies = play("stine", exploring, seed=8)
    assert len(state["revealed"]) >= 2
    case = load_case("stine")
    revealed_texts = {t for f in case.hidden_facts for t in f.reveal}
    assert any(r in revealed_texts for r in replies)


def test_contract_and_full_closure_get_a_concrete_agreement():
    state, replies = play("stine", GOOD_STINE, seed=7)
    flags = state["flags"]
    assert flags["contract_at_start"]
    assert flags["closure"] == {"summary": True, "agreement": True, "evaluation": True}
    assert flags["agreement_reached"] and flags["agreement_smart"]["smart"]
    assert flags["agreement"] in replies[-2]


def test_no_contract_gives_a_vague_agreement():
    script = [
        "Fortæl lidt om, hvad du har lavet.",
        "Du vil gerne have noget fast.",
        "Så du har prøvet meget og vil gerne videre. Er det rigtigt?",
        "Hvad er dit næste skridt?",
    ]
    state, replies = play("stine", script, seed=7)
    assert not state["flags"]["agreement_reached"]
    assert replies[-1] in load_case("stine").replies["closure_vague"]


def test_poor_script_leaves_the_citizen_closed_and_resistant():
    state, _ = play("stine", POOR_STINE, seed=7)
    start = load_case("stine").start
    assert state["resistance"] > start["resistance"] + 2
    assert state["openness"] <= start["openness"]
    assert state["flags"]["pushbacks"] >= 2


def test_end_and_hint():
    state = start_practice("erling", seed=1)
    assert "kontrakt" in practice_hint(state).lower()
    state, _ = respond(state, "Du bliver nødt til at tage dig sammen.")
    state, _ = respond(state, "Nu skal du høre efter, hvad jeg siger.")
    assert "modstand" in practice_hint(state)
    ended = end_practice(state)
    with pytest.raises(PracticeError):
        respond(ended, "Hej")
    with pytest.raises(PracticeError):
        respond({"foo": 1}, "Hej")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå ?.,0123456789", max_size=60), max_size=6),
    seed=st.integers(min_value=0, max_value=10_000),
    case_id=st.sampled_from(CASE_IDS),
)
def test_any_input_keeps_the_state_in_bounds_and_deterministic(lines, seed, case_id):
    a, ra = play(case_id, lines, seed=seed)
    b, rb = play(case_id, lines, seed=seed)
    assert ra == rb
    for key in ("openness", "resistance"):
        assert 0 <= a[key] <= 10
    for key in ("importance", "confidence"):
        assert 1 <= a[key] <= 10
    assert all(isinstance(r, str) and r and "{" not in r for r in ra)
