"""Scaling questions (trin 4, s. 13-14): asked, explored downward first, with digits or number words."""

from __future__ import annotations

import pytest

from bot.judgement.scaling import EXPLORE_WINDOW, citizen_number, detect_scaling, exploration_move, scale_kind

from .conftest import turns_of


@pytest.mark.parametrize(
    ("reply", "number"),
    [("Ni. Mindst.", 9), ("Tja... en fire, måske.", 4), ("En fem, vil jeg sige.", 5), ("Seks, vil jeg sige.", 6),
     ("Fire.", 4), ("Jeg har to børn, så nok en 5'er.", 5), ("Et par stykker, en tre måske", 3),
     ("10", 10), ("Det ved jeg ikke.", None), ("En god idé.", None), ("", None)],
)  # fmt: skip
def test_the_citizens_number_in_digits_or_words(reply, number):
    assert citizen_number(reply) == number


@pytest.mark.parametrize(
    ("question", "number", "move"),
    [
        ("Hvad gør, at det er en fire og ikke en et?", 4, "down"),
        ("Ni. Hvad gør, at det er så højt som en ni og ikke for eksempel en fem?", 9, "down"),
        ("Hvad gør, at du er helt oppe på en fem?", 5, "down"),
        ("Hvad gør, at du er på 5 og ikke på 2?", 5, "down"),
        ("Hvad er det, der gør, at du alligevel er på en 6'er?", 6, "down"),
        ("Så du siger 2. Hvad gør, at det ikke er et 1-tal?", 2, "down"),
        ("Hvorfor så højt som en 7?", 7, "down"),
        ("Hvorfor ikke en 8?", 6, "up"),
        ("Hvorfor er det ikke en 8?", 4, "up"),
        ("Hvad gør, at det er en fire og ikke en otte?", 4, "up"),
        ("Hvad kunne få den fire op på en fem?", 4, None),  # building: neither down nor up
        ("Hvad skulle der til for at komme fra 3 til 4?", 3, None),
        ("Hvorfor ikke en praktik?", 5, None),
        ("Du vil hellere have fast arbejde og ikke en uddannelse?", 5, None),
    ],
)
def test_exploring_the_number(question, number, move):
    assert exploration_move(question, number) == move


def test_kinds():
    assert scale_kind("Hvor meget tror du på, at det lykkes, fra 1 til 10?") == "confidence"
    assert scale_kind("Hvor vigtigt er det for dig at komme i arbejde, fra 1 til 10?") == "importance"
    assert scale_kind("Hvilket tal vil du sætte på?") is None


def test_both_scales_in_number_words_explored_down():
    result = detect_scaling(
        turns_of("""
        K: Hvis du skal give det et tal fra 1 til 10, hvor vigtigt er det så for dig at komme i arbejde?
        B: Ni.
        K: Hvad gør, at det er en ni og ikke en fem?
        B: Jeg vil ikke sidde derhjemme.
        K: Og hvor meget tror du på, at du finder noget? Igen fra 1 til 10.
        B: Tja, en fire.
        K: Hvad gør, at det er en fire og ikke en et?
        B: Mit netværk.
        K: Hvad kunne få den fire op på en fem?
        """)
    )
    imp, conf = result["importance"], result["confidence"]
    assert (imp.asked, imp.value, imp.explored_down, imp.explored_up) == (True, 9, True, False)
    assert (conf.asked, conf.value, conf.explored_down, conf.explored_up) == (True, 4, True, False)


def _asked_then(n_between: int) -> str:
    between = "\n".join("K: Fortæl mere.\nB: Ja." for _ in range(n_between))
    return f"""
    K: På en skala fra 1 til 10, hvor meget tror du på det?
    B: Seks.
    {between}
    K: Hvorfor ikke en 8?
    B: Fordi.
    """


def test_an_upward_question_counts_only_within_the_window_after_the_number():
    inside = detect_scaling(turns_of(_asked_then(EXPLORE_WINDOW - 1)))["confidence"]
    assert inside.explored_up and inside.up_first and not inside.explored_down
    outside = detect_scaling(turns_of(_asked_then(EXPLORE_WINDOW)))["confidence"]
    assert outside.asked and not outside.explored_up


def test_no_scaling_is_no_error():
    result = detect_scaling(turns_of("K: Hvad vil du gerne tale om?\nB: Job."))
    assert not result["importance"].asked and not result["confidence"].asked
