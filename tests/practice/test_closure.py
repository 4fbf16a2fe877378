"""The closure the trainee leads: proposals negotiated with the plan store's SMART check."""

from __future__ import annotations

from datetime import date

import pytest

from bot.practice import closure
from bot.practice.case import load_case
from bot.practice.closure import GRUDGING_FROM, MAX_ROUNDS, OFFER_MAX_RESISTANCE, OFFER_MIN_OPENNESS, limit
from bot.practice.simulator import respond, start_practice

TODAY = date(2026, 12, 7)  # a Monday


def practice(case_id="stine", **values):
    state = start_practice(case_id, seed=3, today=TODAY)
    state.update({"openness": 7, "resistance": 2, **values})
    return state


def say(state, *lines):
    for line in lines:
        state, _ = respond(state, line)
    return state


def last(state):
    return state["history"][-1]


def agreements(state):
    return state["flags"]["agreements"]


def test_a_smart_proposal_is_accepted_and_said_back_in_the_first_person():
    state = say(practice(), "Skal vi aftale, at du ringer til lederen i børnehaven inden fredag?")
    assert last(state)["situation"] == "accept_agreement"
    assert "Jeg ringer til lederen i børnehaven inden fredag" in last(state)["text"]
    (agreement,) = agreements(state)
    assert agreement["smart"]["smart"] and agreement["by"] == "konsulent"
    assert state["flags"]["agreement"] == agreement["text"] and state["flags"]["agreement_smart"]["smart"]


def test_a_vague_proposal_is_negotiated_until_it_is_smart():
    state = say(practice(), "Så aftaler vi, at du søger noget mere.")
    assert last(state)["situation"] == "negotiate_specific" and not agreements(state)
    state = say(practice(), "Skal vi aftale, at du sender ansøgninger til børnehaver?")
    assert last(state)["situation"] == "negotiate_measure"
    state = say(state, "Hvad med to?")
    assert last(state)["situation"] == "negotiate_time"
    state = say(state, "Kan du nå det inden fredag?")
    assert last(state)["situation"] == "accept_agreement"
    assert agreements(state)[-1]["smart"]["smart"]


def test_asked_how_many_or_when_the_citizen_decides():
    state = say(practice(), "Skal vi aftale, at du sender ansøgninger til børnehaver?", "Hvor mange kan du overskue?")
    assert last(state)["situation"] == "negotiate_time"
    state = say(state, "Hvornår passer det dig?")
    assert last(state)["situation"] == "accept_agreement" and agreements(state)[-1]["smart"]["smart"]


def test_moving_on_leaves_the_negotiation_behind():
    state = say(
        practice(), "Skal vi aftale, at du sender ansøgninger til børnehaver?", "Hvordan har Alma det i skolen?"
    )
    assert state["flags"]["negotiation"] is not None  # kept, but no longer pending
    state = say(state, "inden fredag")
    assert not agreements(state)


@pytest.mark.parametrize("confidence, allowed", [(2, 2), (3, 3), (6, 3), (7, 4)])
def test_the_citizens_sense_of_what_is_realistic_at_its_edges(confidence, allowed):
    """Stine's limit is 3; very low confidence (<= 2) takes one off, high (>= 7) adds one."""
    assert load_case("stine").closure.limit == 3
    state = practice(confidence=confidence)
    assert limit(state, load_case("stine")) == allowed
    ok = say(state, f"Skal vi aftale, at du sender {allowed} ansøgninger til SFO'er inden fredag?")
    assert last(ok)["situation"] == "accept_agreement"
    too_many = say(state, f"Skal vi aftale, at du sender {allowed + 1} ansøgninger til SFO'er inden fredag?")
    assert last(too_many)["situation"] == "too_much" and not agreements(too_many)


def test_what_is_not_theirs_is_refused():
    state = practice()
    state = say(state, "Skal vi aftale, at du søger to job i ældreplejen inden fredag?")
    refusals = load_case("stine").closure.rejects[0].replies
    assert last(state)["text"] in refusals and not agreements(state)
    assert state["resistance"] == 3


def test_what_they_cannot_do_is_pushed_back():
    state = say(practice(), "Skal vi aftale, at du søger to job med aftenvagter inden fredag?")
    assert last(state)["text"] in load_case("stine").closure.unrealistic[0].replies and not agreements(state)


@pytest.mark.parametrize("resistance, accepted", [(GRUDGING_FROM - 1, True), (GRUDGING_FROM, False)])
def test_a_resistant_citizen_only_agrees_for_show(resistance, accepted):
    state = say(practice(resistance=resistance, openness=3), "Så aftaler vi, at du sender to ansøgninger inden fredag.")
    (agreement,) = agreements(state)
    assert agreement["smart"]["accepteret"] is accepted and agreement["smart"]["smart"] is accepted
    assert last(state)["situation"] == ("accept_agreement" if accepted else "agreement_grudging")


@pytest.mark.parametrize(
    "openness, resistance, offers",
    [
        (OFFER_MIN_OPENNESS, OFFER_MAX_RESISTANCE, True),
        (OFFER_MIN_OPENNESS - 1, OFFER_MAX_RESISTANCE, False),
        (OFFER_MIN_OPENNESS, OFFER_MAX_RESISTANCE + 1, False),
    ],
)
def test_asked_for_the_next_step_the_citizen_offers_an_idea_only_with_good_rapport(openness, resistance, offers):
    state = say(practice(openness=openness, resistance=resistance), "Hvad er dit næste skridt?")
    ideas = {i.offer for i in load_case("stine").closure.own_ideas}
    assert (last(state)["text"] in ideas) is offers
    assert (last(state)["situation"] == "closure_vague") is not offers


def test_the_citizens_idea_becomes_smart_when_the_trainee_asks_when():
    state = say(practice(), "Hvad er dit næste skridt?", "Hvornår vil du gøre det?")
    (agreement,) = agreements(state)
    assert agreement["by"] == "borger" and agreement["smart"]["smart"]
    assert agreement["text"] in {i.full for i in load_case("stine").closure.own_ideas}


def test_an_idea_merely_approved_stays_without_a_day():
    state = say(practice(), "Hvad er dit næste skridt?", "Det lyder som en god idé.")
    (agreement,) = agreements(state)
    assert not agreement["smart"]["tidsbestemt"] and not agreement["smart"]["smart"]


def test_after_enough_rounds_the_citizen_gives_up():
    state = say(practice(), "Skal vi aftale, at du søger noget?")
    for answer in ("inden fredag", "to stykker", "på mandag")[: MAX_ROUNDS - 1]:
        assert last(state)["situation"] == "negotiate_specific"
        state = say(state, answer)
    assert last(state)["situation"] == "closure_vague" and not agreements(state)


@pytest.mark.parametrize(
    "text",
    [
        "Aftale: du ringer til 010190-1234 inden fredag",
        "Skal vi aftale, at du " + "søger " * 500 + "inden fredag?",
        "aftale:",
        "Skal vi aftale, at du 😀😀😀?",
    ],
)
def test_a_broken_proposal_is_handled_calmly(text):
    state = say(practice(), text)
    assert isinstance(last(state)["text"], str) and last(state)["text"]
    assert "010190" not in str(state)


def test_the_proposal_reading():
    assert closure.proposal_body("Okay, så aftaler vi, at du ringer til Netto inden fredag – er det en aftale?") == (
        "du ringer til Netto inden fredag"
    )
    assert closure.plan_sentence("du ringer til din leder") == "borgeren ringer til sin leder"
    state = practice()
    assert closure.is_proposal(state, "Aftale: du ringer til Netto inden fredag")
    assert closure.is_proposal(state, "Skal vi sige, at du sender to ansøgninger?")
    assert not closure.is_proposal(state, "Jeg foreslår, at vi starter med det, du har lyst til.")
    assert not closure.is_proposal(state, "Skal vi aftale, hvordan vi bruger tiden?")


def test_the_closure_elements_and_the_evaluation():
    good = say(practice(openness=8, resistance=1), "Hvad synes du om samtalen?")
    assert last(good)["situation"] == "evaluation_good"
    poor = say(practice(openness=3, resistance=5), "Hvad synes du om samtalen?")
    assert last(poor)["situation"] == "evaluation_poor"
    assert poor["flags"]["closure"]["evaluation"]
