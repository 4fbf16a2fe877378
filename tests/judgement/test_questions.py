"""Question form (trin 4, s. 13; the gold set's definitions): open, closed, the scaling question."""

from __future__ import annotations

import pytest

from bot.coder.coder import split_sentences
from bot.judgement.questions import CLOSED, OPEN, SCALE, sentence_form, sentence_forms, turn_form


@pytest.mark.parametrize(
    "sentence",
    [
        "Hvad vil du gerne tale om i dag?",
        "Og hvordan var det?",
        "Hvorfor ikke en 8?",
        "Hvilket job kunne du se dig selv i?",
        "Hvem kan hjælpe dig?",
        "Hvor kunne du tænke dig at starte?",
        "Hvad mere?",
        "Hvad med præsentationen?",
        "Fortæl lidt om dine år på hotellet.",
        "Prøv at beskrive en god dag.",
        "Kan du fortælle lidt om, hvad du lavede?",
        "Når du ser på listen, hvad springer så i øjnene?",
        "Lad mig høre: hvad tænker du?",
        "Hvornår var du sidst glad for et job, og hvad gjorde det godt?",
        "Hvad tænker du om det",
    ],
)
def test_open(sentence):
    assert sentence_form(sentence) == OPEN


@pytest.mark.parametrize(
    "sentence",
    [
        "Har du søgt noget?",
        "Er det her nyttigt for dig, eller skal vi hellere bruge tiden på noget andet?",
        "Skal vi lige stoppe op?",
        "Kan det lade sig gøre?",
        "Hvor mange?",
        "Hvor sikker er du på, at du får det gjort?",
        "Hvornår vil du gøre det?",
        "Du har søgt tre job, ikke?",
        "Tre opkald inden onsdag?",
        "Lad mig lige høre: er vi på rette spor?",
        "Set i forhold til vores aftale, hvor tæt er vi så på det, du ønskede?",
        "Har du et CV liggende på Jobnet",
    ],
)
def test_closed(sentence):
    assert sentence_form(sentence) == CLOSED


@pytest.mark.parametrize(
    "sentence",
    [
        "Du var en del af noget.",
        "Så må du finde en til at passe din datter.",
        "Når du får dagpenge, skal du stå til rådighed.",
        "Hvad du gør med det, er op til dig.",
        "Så du har mange års erfaring.",
        "Nu skal du høre her.",
        "",
    ],
)
def test_statements_are_no_questions(sentence):
    assert sentence_form(sentence) is None


def test_the_scaling_question_itself_is_neither():
    ask = "Hvis du skal give det et tal fra 1 til 10, hvor vigtigt er det så for dig at komme i arbejde?"
    assert sentence_forms((ask,)) == [SCALE]
    two = tuple(split_sentences("Og hvor meget tror du på, at det lykkes? Igen fra 1 til 10."))
    assert sentence_forms(two) == [SCALE, None] and turn_form(two) is None
    # without a scale in the turn "hvor meget" is an ordinary closed question
    assert turn_form(("Hvor meget tror du på det?",)) == CLOSED
    # exploring the number is an open question
    assert turn_form(("Hvad gør, at det er en fire og ikke en et?",)) == OPEN


def test_a_turn_counts_once_open_before_closed():
    assert turn_form(tuple(split_sentences("Har du søgt noget? Hvad har du søgt?"))) == OPEN
    assert turn_form(tuple(split_sentences("Har du søgt noget? Er det svært?"))) == CLOSED
    assert turn_form(tuple(split_sentences("Du har søgt meget."))) is None


@pytest.mark.parametrize("text", ["?", "???", "Hvad", "hv", ":?", "\u200b?", "Hvor?", "1 til 10?"])
def test_odd_input_does_not_crash(text):
    assert sentence_form(text) in (OPEN, CLOSED, None)


@pytest.mark.parametrize(
    ("sentence", "form"),
    [
        ("Er du over 30 og ufaglært, kan du få løn under uddannelsen.", None),  # condition, verb first both ways
        ("Har man et handicap, der giver fravær, kan arbejdsgiveren søge refusion.", None),
        ("Har du et CV liggende på Jobnet", CLOSED),  # a question without its mark stays closed
        ("Har du tid, og vil du med?", CLOSED),
    ],
)
def test_a_condition_said_verb_first_is_a_statement(sentence, form):
    assert sentence_form(sentence) == form
