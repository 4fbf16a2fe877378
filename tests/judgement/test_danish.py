"""The engine's Danish: every curated "prøv i stedet" text, every fill, and every card text."""

from __future__ import annotations

import pytest

from bot.judgement.danish import count, decimal, join, percent, quote
from bot.judgement.render import SCORING, THRESHOLDS
from bot.judgement.suggestions import (
    ALTERNATIVES,
    CONTRACT_PLAIN,
    PRESSURE_ALTERNATIVES,
    UGU_AFTER,
    UGU_BEFORE,
    contract_alternative,
    open_alternative,
    scale_alternative,
)
from bot.practice.case import CASE_IDS, load_case

from .danish_rules import problems, sentence_problems
from .test_conversations import (
    CONTROL_MODE,
    JOINT_WITH_WARNING,
    PRESSURE_ABOUT_EDUCATION,
    PUSHED_AGREEMENT,
    ROLE_SWITCH_HAT,
    SCALE_NOT_EXPLORED,
)


def test_the_checker_catches_the_mistakes_the_issue_found():
    bad = [
        "Hvad skal der til, for at du kan ikke bare søge flere job?",
        "Hvad ville det betyde for dig at ikke prøve en praktik?",
        "Det lyder, som om du er ikke træt af det.",
        "Belærende stil: 1 gang(e) information.",
        "Refleksioner:spørgsmål 2.0:1",
        "Du gav information 1 gange.",
        "I 3 replik pressede du.",
    ]
    for text in bad:
        assert problems(text), text
    assert not problems("Refleksioner pr. spørgsmål 2,0. I 1 replik og 2 replikker, 1 gang og 3 gange.")


@pytest.mark.parametrize("text", [*ALTERNATIVES, *(why for _, why in PRESSURE_ALTERNATIVES.values()),
                                  UGU_BEFORE[1], UGU_AFTER[1], *SCORING])  # fmt: skip
def test_every_curated_text_is_a_correct_sentence(text):
    assert sentence_problems(text) == []


@pytest.mark.parametrize("number", [None, 0, 1, 2, 5, 9, 10, 11])
def test_the_scale_suggestion_uses_the_citizens_number(number):
    text = scale_alternative(number)
    assert sentence_problems(text) == []
    if number is not None and 2 <= number <= 10:
        assert text == f"Hvad gør, at det er en {number} og ikke en 1?"


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_the_contract_suggestion_with_each_cases_booked_topic(case_id):
    topic = load_case(case_id).booked_topic
    text = contract_alternative(topic)
    assert sentence_problems(text) == []
    # a topic that is no plain noun phrase ("Fællessamtale … (indkaldt)") is left out rather than bent
    assert topic.lower() in text or (text == CONTRACT_PLAIN and "(" in topic)


@pytest.mark.parametrize("topic", [None, "", "x", "<script>alert(1)</script>", "Jobsøgning. Og mere!", "a" * 200])
def test_an_unsafe_topic_is_not_filled_in(topic):
    assert contract_alternative(topic) == "Hvad vil du gerne tale om i dag, og hvad vil du gerne have med dig herfra?"


def test_open_alternatives_are_curated_not_built_from_the_question():
    assert open_alternative("Kan du ikke bare søge flere job?") in ALTERNATIVES
    assert open_alternative("Vil du ikke prøve en praktik?") in ALTERNATIVES
    assert open_alternative("Er du ikke træt af at vente?") in ALTERNATIVES


def test_small_helpers():
    assert count(1, "gang", "gange") == "1 gang" and count(2, "gang", "gange") == "2 gange"
    assert decimal(2.0) == "2,0" and percent(0.705) == "70 %" and percent(None) == "–"
    assert join(["a"]) == "a" and join(["a", "b", "c"], "eller") == "a, b eller c"
    assert quote("ord " * 100).endswith(" …") and quote("kort") == "kort"


@pytest.mark.parametrize(
    "text", [CONTROL_MODE, JOINT_WITH_WARNING, PRESSURE_ABOUT_EDUCATION, PUSHED_AGREEMENT, ROLE_SWITCH_HAT,
             SCALE_NOT_EXPLORED]
)  # fmt: skip
def test_every_text_on_a_card_reads_as_correct_danish(judged, text):
    assert_card_is_danish(judged(text))


def assert_card_is_danish(feedback: dict) -> None:
    for s in feedback["suggestions"]:
        assert s["instead"] in ALTERNATIVES or s["instead"].startswith(("Hvad gør, at det er en ", "Du har booket")), s
        assert sentence_problems(s["instead"]) == [] and sentence_problems(s["why"]) == [], s
    for text in [*feedback["strengths"], *(g["text"] for g in feedback["gaps"])]:
        assert sentence_problems(text) == [], text
    for metric_id, m in feedback["metrics"].items():
        assert problems(m["shown"]) == [] and problems(m["threshold"]) == [], metric_id
        assert m["threshold"] == THRESHOLDS[metric_id]
