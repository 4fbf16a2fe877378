"""The classes of moves the engine must see in any wording, by what the move does.

Each test pairs new wordings (written for these tests, not taken from a gold transcript) with a
near miss that must not count: contract goal (trin 3, s. 12), recap and evaluation in the closing
phase (trin 9, s. 19), timeouts (trin 6, s. 15), scaling explored downward (trin 4, s. 13-14).
"""

from __future__ import annotations

import pytest

from bot.judgement.process import asks_outcome, detect_closure, detect_contract, is_evaluation_question
from bot.judgement.questions import is_scale_question
from bot.judgement.scaling import exploration_move

from .conftest import turns_of


@pytest.mark.parametrize(
    "question",
    [
        "Hvornår vil du sige, at det her kvarter var godt givet ud?",
        "Hvad skal der være sket i dag, før du er tilfreds?",
        "Hvad ville være et brugbart udbytte af mødet for dig?",
        "Hvis du går herfra om tyve minutter og synes, det var umagen værd, hvad har vi så nået?",
        "Hvad skal der til, for at du går glad herfra?",
        "Hvad vil du gerne have, at vi kommer frem til i dag?",
        "Hvad er målet for dig med i dag?",
    ],
)
def test_the_goal_of_the_meeting_asked_in_other_words(question):
    assert asks_outcome(question)


@pytest.mark.parametrize(
    "question",
    [
        "Hvad var godt ved dit sidste job?",  # good, but not about this meeting
        "Har du haft en god dag i dag?",  # about the meeting's day, but not an hv-question about its outcome
        "Hvordan har din uge været?",
        "Hvad vil du gerne tale om i dag?",  # the topic, not the goal
        "Hvordan gik det med målet fra sidst?",  # a goal, but not this meeting's
    ],
)
def test_questions_about_something_else_are_not_the_goal(question):
    assert not asks_outcome(question)


def test_a_goal_in_other_words_makes_the_contract():
    consultant = [t for t in turns_of("""
    K: Velkommen. Hvad vil du gerne tale om i dag?
    B: Mit CV.
    K: Hvad skal der være sket, når vi slutter, før det har været en god halv time?
    B: At jeg har et CV, jeg kan sende.
    K: Fortæl om dit sidste job.
    """) if t.consultant]  # fmt: skip
    contract = detect_contract(consultant)
    assert contract.present and contract.elements["goal"] and contract.turns == [1, 2]


CLOSING = """
K: Hvad vil du gerne tale om i dag?
B: Mine ansøgninger.
K: Hvad skal du have med herfra?
B: En idé til, hvad jeg skriver forkert.
K: Fortæl om den sidste ansøgning.
B: Den var lang.
K: Hvad skrev du først?
B: Min uddannelse.
K: Du starter med papiret.
B: Ja.
K: Hvad kunne komme før?
B: Det, jeg kan.
K: {recap}
B: {answer}
K: {evaluation}
B: Fint nok.
"""


def _closure(recap: str, answer: str = "Ja, det passer.", evaluation: str = "Tak for i dag."):
    turns = turns_of(CLOSING.format(recap=recap, answer=answer, evaluation=evaluation))
    consultant = [t for t in turns if t.consultant]
    return detect_closure(turns, consultant, detect_contract(consultant))


def test_a_recap_in_one_sentence_checked_with_the_citizen():
    recap = (
        "Vi er ved at være færdige. Så du kom for at finde ud af, hvad der går galt, og det viste sig at være, "
        "at du gemmer det bedste til sidst i hver eneste ansøgning. Har jeg forstået det rigtigt?"
    )
    assert _closure(recap).summary


def test_the_citizen_asked_to_relate_the_outcome_to_the_goal():
    recap = "Vi nærmer os tiden. Du ville gerne vide, hvad du skriver forkert. Hvordan ser det ud for dig nu?"
    assert _closure(recap, answer="Nu ved jeg, at jeg skal starte med det, jeg kan.").summary


def test_naming_the_goal_and_asking_for_the_next_step_is_no_recap():
    recap = "Vi nærmer os tiden. Du ville gerne vide, hvad du skriver forkert. Hvad vil du gøre nu?"
    assert not _closure(recap, answer="Jeg skriver den om.").summary
    short = "Vi nærmer os tiden. Du kom for ansøgningerne. Passer det?"  # a reference, nothing concluded
    assert not _closure(short).summary


@pytest.mark.parametrize(
    "question",
    [
        "Hvordan var den her halve time for dig?",
        "Hvad har været rart og mindre rart ved at sidde her i dag?",
        "Er der noget, vi kunne have gjort anderledes i dag?",
        "Hvad synes du om den måde, vi har talt sammen på?",
        "Hvordan har du oplevet det her i dag?",
        "Er der noget, du gerne ville have, at jeg havde gjort anderledes?",
        "Hvordan synes du, det er gået i dag?",
    ],
)
def test_the_evaluation_asked_in_other_words(question):
    assert is_evaluation_question(question)


@pytest.mark.parametrize(
    "question",
    [
        "Hvordan synes du, det går indtil videre i dag?",  # the course now: a timeout (trin 6)
        "Hvordan var det at ringe til dem?",  # looks back, but not at the conversation
        "Hvad synes du om den plan?",
        "Hvad vil du gøre i dag, når du kommer hjem?",
    ],
)
def test_questions_that_are_not_the_evaluation(question):
    assert not is_evaluation_question(question)


def test_the_evaluation_counts_only_in_the_closing_phase_and_answered():
    recap = "Vi nærmer os tiden. Du ville gerne vide, hvad du skriver forkert. Hvordan ser det ud for dig nu?"
    closure = _closure(recap, evaluation="Hvordan var de her tyve minutter for dig?")
    assert closure.evaluation


@pytest.mark.parametrize(
    ("sentence", "is_scale"),
    [
        ("Hvis 1 er, at det er ligegyldigt, og 10 er, at det er det vigtigste, hvor vigtigt er det så?", True),
        ("Hvis nul er slet ikke, og ti er helt sikkert, hvor meget tror du på det?", True),
        ("Hvis en er syg, hvor meget kan du så arbejde?", False),  # "en" is a person here, no scale
    ],
)
def test_a_scale_defined_by_its_two_ends(sentence, is_scale):
    assert is_scale_question(sentence, False) is is_scale


@pytest.mark.parametrize(
    ("question", "number", "move"),
    [
        ("Hvorfor ikke lavere?", 6, "down"),
        ("Hvorfor ikke en to?", 6, "down"),  # a smaller number: downward
        ("Hvorfor ikke en ni?", 6, "up"),
        ("Hvad er det, der gør, at du ikke svarer en et?", 3, "down"),
        ("Hvad gør, at det ikke bare er et total?", 4, "down"),
        ("Hvad gør, at du ikke sætter den lavere?", 7, "down"),
        ("Hvad gør, at du ikke siger en lavere?", 7, "down"),
        ("Hvad gør, at du ikke siger en højere?", 7, "up"),
        ("Hvad er det, der gør, at du er oppe på fem og ikke nede på en et?", 5, "down"),
        ("Hvorfor ikke lave en ansøgning mere?", 6, None),  # "lave" is a verb, not "lavere"
        ("Hvad har du allerede, som gør, at du er på fire?", 4, "down"),  # what she has that puts her there
        ("Hvad skal der til, for at du er på fem?", 4, None),  # a higher target: building, neither way
        ("Hvad gør, at du er på kontanthjælp?", 4, None),
    ],
)
def test_downward_and_upward_in_other_words(question, number, move):
    assert exploration_move(question, number) == move


@pytest.mark.parametrize(
    ("question", "timeout"),
    [
        ("Giver det her mening for dig indtil videre?", True),
        ("Hvordan går det med samtalen indtil nu?", True),
        ("Giver det mening for dig at søge i Kolding?", False),  # about the job search, not the conversation
        ("Hvordan går det med din ryg?", False),
    ],
)
def test_timeouts_in_other_words(question, timeout):
    from bot.judgement.process import _timeout_question

    assert _timeout_question(question.lower()) is timeout
