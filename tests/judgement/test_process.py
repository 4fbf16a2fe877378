"""Contract (trin 3), timeouts (trin 6), closing phase and its elements (trin 9), role switch (trin 8)."""

from __future__ import annotations

from bot.judgement.process import (
    CONTRACT_WINDOW,
    ROLE_WINDOW,
    closing_start,
    detect_closure,
    detect_contract,
    detect_role_switch,
    detect_timeouts,
)

from .conftest import turns_of


def contract_of(text: str):
    return detect_contract([t for t in turns_of(text) if t.consultant])


def test_a_contract_asks_what_the_conversation_should_lead_to():
    c = contract_of("""
    K: Du har booket en samtale om brancheskift. Hvad tænker du, vi skal tale om i dag?
    B: Noget nyt.
    K: Hvad vil du gerne have med dig herfra?
    B: Et par idéer.
    K: Vi har et kvarter. Jeg foreslår, at vi først ser på dine erfaringer. Hvordan lyder det?
    B: Fint.
    K: Fortæl om dine år bag rattet.
    """)
    assert c.present and c.at_start and c.turns == [1, 2, 3]
    assert c.elements == {"topic": True, "goal": True, "how": True}


def test_the_booked_topic_or_an_announced_agenda_is_no_contract():
    assert not contract_of("K: Du har booket en samtale om CV. Fortæl om dit CV.\nB: Det er gammelt.").present
    assert not contract_of("K: I dag skal vi se på din jobsøgning. Jeg har kigget i din joblog.\nB: Ja.").present
    only_topic = contract_of("K: Hvad vil du gerne tale om i dag?\nB: Mit CV.\nK: Fortæl om det.")
    assert not only_topic.present and only_topic.elements["topic"]


def test_a_contract_late_in_the_opening_is_present_but_not_at_the_start():
    small_talk = "\n".join("K: Godt vejr i dag.\nB: Ja." for _ in range(CONTRACT_WINDOW))
    late = contract_of(small_talk + "\nK: Hvad vil du gerne have ud af i dag?\nB: Et job.")
    assert late.present and not late.at_start and late.turns == [CONTRACT_WINDOW + 1]
    edge = "\n".join("K: Godt vejr i dag.\nB: Ja." for _ in range(CONTRACT_WINDOW - 1))
    assert contract_of(edge + "\nK: Hvad vil du gerne have ud af i dag?\nB: Et job.").at_start


CONVERSATION = """
K: Hvad vil du gerne have ud af i dag?
B: Et job.
K: Er vi på rette vej i forhold til det, du gerne ville have ud af i dag?
B: Ja.
K: Fortæl om dit sidste job.
B: Jeg var chauffør.
K: Skal vi blive ved det her, eller skal vi tage fat på noget andet?
B: Blive ved.
K: Hvad lærte du der?
B: At tale med folk.
K: Vi nærmer os tiden. Du ville gerne finde et job, og vi er kommet frem til, at kundeservice kan passe. Passer det med det, du gerne ville have ud af i dag?
B: Ja.
K: Hvad synes du om samtalen?
B: God.
"""


def test_timeouts_lie_between_the_contract_and_the_closing_phase():
    turns = turns_of(CONVERSATION)
    consultant = [t for t in turns if t.consultant]
    contract = detect_contract(consultant)
    closure = detect_closure(turns, consultant, contract)
    assert contract.turns == [1] and closure.turn == 6
    assert detect_timeouts(consultant, contract.end_position, closure.start) == [2, 4]
    assert closure.summary and closure.summary_turns == [6] and closure.evaluation and closure.evaluation_turns == [7]


def test_a_timeout_inside_the_contract_or_closure_is_not_counted():
    consultant = [t for t in turns_of(CONVERSATION) if t.consultant]
    assert detect_timeouts(consultant, consultant[1].position, consultant[3].position) == []


def test_no_contract_means_no_recap_against_it_and_an_unanswered_evaluation_is_none():
    turns = turns_of("""
    K: Fortæl om dit sidste job.
    B: Chauffør.
    K: Hvad var godt ved det?
    B: Folkene.
    K: Vi nærmer os tiden. Du ville gerne tale om dit job, og vi er kommet frem til, at folkene betyder meget.
    B: Ja.
    K: Hvad synes du om samtalen?
    """)
    consultant = [t for t in turns if t.consultant]
    closure = detect_closure(turns, consultant, detect_contract(consultant))
    assert closure.start is not None and not closure.summary and not closure.evaluation


def test_the_closing_phase_is_not_found_in_the_first_half():
    consultant = [t for t in turns_of("K: Hvad synes du om samtalen?\nB: God.\nK: Fortæl.\nK: Mere.") if t.consultant]
    assert closing_start(consultant, -1) is None


def test_a_role_switch_covers_until_the_hat_is_taken_off_or_the_window_ends():
    consultant = [
        t
        for t in turns_of("""
    K: Jeg tager lige myndighedskasketten på.
    K: Reglerne er sådan.
    K: Nu tager jeg kasketten af igen.
    K: Hvad tænker du?
    """)
        if t.consultant
    ]
    switch = detect_role_switch(consultant)
    assert switch.announced and switch.turns == [1]
    assert switch.covered == {consultant[0].position, consultant[1].position, consultant[2].position}
    lines = "\n".join(["K: Jeg taler lige som myndighed."] + ["K: Regel."] * (ROLE_WINDOW + 1))
    long = detect_role_switch([t for t in turns_of(lines) if t.consultant])
    assert len(long.covered) == ROLE_WINDOW + 1
    assert not detect_role_switch([t for t in turns_of("K: Du skal søge job.") if t.consultant]).announced
