"""The one agreement detector and its SMART check (trin 9, s. 19; SMART-mål, s. 30)."""

from __future__ import annotations

import pytest

from bot.judgement import detect_agreements
from bot.judgement.agreements import Agreement, same_action, smart_flags

from .conftest import conversation

OPEN = """
K: Hvad vil du gerne have ud af i dag?
B: Et job.
K: Fortæl om dit sidste job.
B: Chauffør.
K: Vi nærmer os tiden. Du ville gerne finde et job, og vi er kommet frem til, at kundeservice passer.
B: Ja.
"""


def agreements(closing: str) -> list[Agreement]:
    return detect_agreements(conversation(OPEN + closing))


def test_the_citizens_agreement_with_details_given_afterwards_is_one_smart_agreement():
    found = agreements("""
    K: Hvad vil du gøre, inden vi ses igen?
    B: Jeg går ind til bageren og købmanden og spørger, om de mangler nogen.
    K: Hvornår vil du gøre det?
    B: På tirsdag.
    K: Så du går ind til bageren og købmanden tirsdag. Tror du selv på, at du når det?
    B: Ja. Det kan jeg godt.
    """)
    assert len(found) == 1 and found[0].by == "citizen" and found[0].is_smart
    assert found[0].deadline == "På tirsdag."


def test_restating_and_confirming_is_the_same_agreement_and_own_tasks_are_none():
    found = agreements("""
    K: Hvad er dit næste skridt?
    B: Jeg søger to stillinger i kundeservice inden om to uger.
    K: Godt. Og du søger to stillinger i kundeservice inden om to uger.
    B: Ja. To kan jeg godt nå.
    K: Og jeg sender dig navnet på en kontaktperson. Det skriver jeg i Min Plan.
    B: Tak.
    """)
    assert [a.by for a in found] == ["citizen"] and found[0].is_smart


def test_another_step_asked_for_is_a_second_agreement():
    found = agreements("""
    K: Hvad bliver dit næste skridt?
    B: Jeg booker en RKV hos erhvervsskolen inden onsdag.
    K: Er der andet?
    B: Ja, jeg søger to vikariater på bosteder inden fredag.
    """)
    assert len(found) == 2 and all(a.is_smart for a in found)


def test_vague_steps_are_agreements_but_not_smart():
    found = agreements("""
    K: Hvad vil du gøre frem til næste gang?
    B: Jeg kigger lidt på nogle jobs.
    K: Er der mere?
    B: Og så prøver jeg at søge mere.
    """)
    assert len(found) == 2 and not any(a.is_smart for a in found)
    assert not any(a.smart["specific"] or a.smart["time_bound"] for a in found)


def test_an_answer_that_does_not_know_the_measure_is_no_measure():
    found = agreements("""
    K: Hvad er dit næste skridt?
    B: Jeg søger nogle job inden fredag.
    K: Hvor mange?
    B: Det ved jeg ikke helt.
    """)
    assert len(found) == 1 and found[0].measure == "Det ved jeg ikke helt." and not found[0].smart["measurable"]


def test_a_dictated_agreement_met_with_a_reserved_yes_is_not_accepted():
    found = agreements("""
    K: Så siger vi, at du søger de tre stillinger på plejecentrene inden fredag, og så ses vi om en måned.
    B: Ja, okay. Hvis jeg skal.
    """)
    assert len(found) == 1 and found[0].by == "consultant"
    assert found[0].smart["specific"] and found[0].smart["measurable"] and found[0].smart["time_bound"]
    assert not found[0].accepted and not found[0].is_smart


def test_a_demand_the_citizen_does_not_agree_to_is_no_agreement():
    assert agreements("K: Og næste gang vil jeg se mindst otte ansøgninger.\nB: Otte? Hvordan skal jeg nå det?") == []
    assert agreements("K: Så siger vi, at du søger otte job inden fredag.\nB: Det vil jeg ikke.") == []


def test_a_yes_after_objecting_and_being_pushed_is_not_acceptance():
    found = agreements("""
    K: Så siger vi, at du søger fem stillinger i supermarkeder i denne uge.
    B: Fem? Det er for mange.
    K: Det er det, der skal til.
    B: Ja ja.
    """)
    assert len(found) == 1 and not found[0].accepted and not found[0].realistic


def test_no_closing_phase_means_no_agreements():
    assert detect_agreements(conversation("K: Fortæl.\nB: Jeg ringer til dem i morgen.")) == []


def test_smart_flags_and_same_action():
    assert smart_flags("Jeg sender tre ansøgninger inden fredag.", accepted=True, realistic=True)["smart"]
    two_dates = smart_flags(
        "Jeg laver mit CV færdig på søndag og sender det inden mandag.", accepted=True, realistic=True
    )
    assert two_dates["time_bound"]
    assert not smart_flags("", accepted=True, realistic=True)["smart"]
    assert same_action("Jeg søger to stillinger i kundeservice", "du søger to stillinger i kundeservice inden fredag")
    assert not same_action("Jeg booker en RKV", "Jeg søger to vikariater")


@pytest.mark.parametrize("turns", [None, [], [None, 1, "x"], [{"speaker": "K"}], [{"speaker": "B", "text": "Ja."}]])
def test_broken_input_gives_no_agreements(turns):
    assert detect_agreements(turns) == []


def test_answers_to_the_recap_or_the_evaluation_are_no_agreements():
    found = detect_agreements(
        conversation("""
    K: Hvad skal du have med herfra i dag?
    B: En plan for ansøgningerne.
    K: Fortæl om den sidste ansøgning.
    B: Den var lang.
    K: Du skriver meget om skolen.
    B: Ja.
    K: Vi er ved at være færdige. Du ville gerne have en plan, og nu har du tre firmaer, du vil skrive til. Hvad mangler der, før det er en plan?
    B: Jeg skal bare have skrevet det ned.
    K: Hvad bliver dit første skridt?
    B: Jeg skriver til de tre firmaer inden fredag.
    K: Hvordan har du oplevet den her halve time?
    B: God. Jeg fik ikke sagt det med skolen, men det tager jeg næste gang.
    """)
    )
    assert [a.text for a in found] == ["Jeg skriver til de tre firmaer inden fredag."]


@pytest.mark.parametrize("when", ["inden næste onsdag", "inden næste samtale", "i aften"])
def test_a_deadline_the_plan_store_would_ask_about_is_still_a_deadline(when):
    assert smart_flags(f"Jeg ringer til to vognmænd {when}.", accepted=True, realistic=True)["time_bound"]
    assert not smart_flags("Jeg ringer til to vognmænd en dag.", accepted=True, realistic=True)["time_bound"]
