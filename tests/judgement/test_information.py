"""Information blocks and UGU – explore, give information, explore (trin 5, s. 14)."""

from __future__ import annotations

import pytest

from bot.judgement.detection import detect
from bot.judgement.information import MIN_INFO_WORDS, MINIMAL_REPLY_WORDS, informs, reflects

from .conftest import conversation, turns_of


@pytest.mark.parametrize(
    "text",
    [
        "Mange institutioner ansætter også faste medhjælpere på 25 til 30 timer, og stillingerne bliver ikke slået op.",
        "Det er en realkompetencevurdering. Fordi du er over 30, har du ret til at få vurderet, hvad du kan.",
        "Her kan jobcentret hjælpe. Vi kan lave en virksomhedspraktik på nogle uger eller et løntilskudsjob.",
        "Når du får dagpenge, skal du stå til rådighed for arbejdsmarkedet og søge job løbende.",
    ],
)
def test_information(text):
    assert informs(turns_of(f"K: {text}")[0])


@pytest.mark.parametrize(
    "text",
    [
        "Så der er en mulighed, du ikke havde regnet med.",
        "Du har gjort det, vi aftalte, og det føles som at råbe ud i et tomt rum.",
        "Jeg skriver det ind i Min Plan, så kan du se det på jobnet.dk. Hvad synes du om samtalen?",
        "Vi har et kvarter. Jeg foreslår, at vi først taler om dine erfaringer. Hvordan lyder det?",
        "Der er mange job.",  # too short to be a block of information
    ],
)
def test_not_information(text):
    assert not informs(turns_of(f"K: {text}")[0])


def test_the_word_minimum_is_exact():
    words = "Der er job i kundeservice hos busselskaberne lige nu her".split()
    at = " ".join(words[:MIN_INFO_WORDS]) + "."
    below = " ".join(words[: MIN_INFO_WORDS - 1]) + "."
    assert informs(turns_of(f"K: {at}")[0]) and not informs(turns_of(f"K: {below}")[0])


def test_reflections_by_opener_or_by_the_citizens_own_words():
    turns = turns_of(
        "B: Jeg savner at snakke med folk og hjælpe dem på vej.\nK: At snakke med folk og hjælpe dem på vej."
    )
    assert reflects(turns[1], turns[0])
    assert reflects(turns_of("K: Det lyder, som om det er svært.")[0], None)
    assert not reflects(turns_of("K: Godt.")[0], None)


OPENING = "K: Hvad vil du gerne have ud af i dag?\nB: Vide mere om job.\n"
INFO = "K: Mange virksomheder i kundeservice ansætter folk uden uddannelse, og de fleste lærer det hele på jobbet."


def ugu(text: str):
    return detect(conversation(OPENING + text)).ugu


def test_a_block_explored_before_and_after_is_kept():
    result = ugu(
        f"K: Hvad kender du selv til kundeservice?\nB: Lidt.\n{INFO}\nB: Hm.\nK: Hvad tænker du om det?\nB: Godt."
    )
    assert result.status == "kept" and [b.kept for b in result.blocks] == [True]


def test_contract_questions_are_not_exploring_before_and_a_new_subject_is_not_after():
    result = ugu(f"{INFO}\nB: Okay.\nK: Så er der dit CV. Hvordan ser det ud?\nB: Gammelt.")
    block = result.blocks[0]
    assert result.status == "broken" and not block.explored_before and not block.explored_after


def test_minimal_replies_keep_one_block_and_a_real_reply_splits_it():
    base = "K: Hvad kender du selv til det?\nB: Lidt.\n"
    short = " ".join(["Nå"] * MINIMAL_REPLY_WORDS)
    merged = ugu(base + f"{INFO}\nB: {short}.\n{INFO}\nB: Ja.\nK: Hvad tænker du om det?\nB: Fint.")
    assert len(merged.blocks) == 1 and merged.status == "kept"
    longer = " ".join(["Nå"] * (MINIMAL_REPLY_WORDS + 1))
    split = ugu(base + f"{INFO}\nB: {longer}.\n{INFO}\nB: Ja.\nK: Hvad tænker du om det?\nB: Fint.")
    assert len(split.blocks) == 2


def test_permission_neither_breaks_nor_repairs_a_block():
    with_permission = ugu(f"K: Må jeg fortælle lidt om kundeservice?\nB: Ja.\n{INFO}\nB: Okay.\nK: Så er der dit CV.")
    assert with_permission.status == "broken"
    without = ugu(f"K: Hvad ved du om det?\nB: Intet.\n{INFO}\nB: Okay.\nK: Hvordan kunne du bruge det?\nB: Godt.")
    assert without.status == "kept"


def test_no_information_is_none():
    assert ugu("K: Fortæl om dit job.\nB: Chauffør.").status == "none"


def test_a_statement_made_of_the_citizens_own_words_is_no_information():
    result = ugu(
        "K: Hvem kender du, der arbejder på et lager?\n"
        "B: Min fætter er formand på et stort lager i Kolding, og de mangler altid folk om natten.\n"
        "K: Der er en fætter, der er formand på et lager, hvor de mangler folk om natten.\nB: Ja."
    )
    assert result.blocks == []
    # the same opening with news the citizen did not bring is information
    news = ugu(
        "K: Hvem kender du, der arbejder på et lager?\nB: Min fætter i Kolding.\n"
        "K: Der er mange lagre omkring motorvejen, som ansætter truckførere med certifikat til weekendhold.\nB: Nå."
    )
    assert len(news.blocks) == 1


def test_getting_people_to_do_something_is_a_reflection_and_a_conditional_question_explores_after():
    reflection = "K: Du kan få selv de sure kunder til at grine, og du bliver aldrig selv sur.\nB: Ja."
    assert ugu(f"K: Hvad er du god til?\nB: Folk. Også de sure.\n{reflection}").blocks == []
    after = ugu(
        f"K: Hvad kender du selv til kundeservice?\nB: Lidt.\n{INFO}\nB: Okay.\nK: Hvad kunne du sige til dem?\nB: Noget."
    )
    assert after.status == "kept"
    other = ugu(
        f"K: Hvad kender du selv til kundeservice?\nB: Lidt.\n{INFO}\nB: Okay.\nK: Hvad laver din kone?\nB: Hun er lærer."
    )
    assert other.status == "broken"  # an open question about something else does not explore after


def test_a_question_the_other_consultant_answers_was_addressed_to_the_colleague():
    from bot.judgement.turns import colleague_turns

    turns = turns_of(
        "K: Hvad vil du gerne have ud af i dag?\nB: Et job.\n"
        "K: Jonas, du kender reglerne for ferie bedst. Vil du sige noget om dem?\nA: Ja, gerne.\n"
        "A: Hvad ved du om feriedagpenge, Mette?\nB: Ikke meget."
    )
    assert colleague_turns(turns) == frozenset({2, 3})  # the hand-over and the colleague's bare yes
    solo = turns_of("K: Hvad vil du gerne have ud af i dag?\nA: Hvad med reglerne?\nB: Dem vil jeg gerne høre.")
    assert 0 not in colleague_turns(solo)  # the a-kasse consultant speaking next is no answer to a statement-free turn


@pytest.mark.parametrize(
    ("sentence", "informative"),
    [
        ("Man kan ikke altid få det job, man drømmer om, bare fordi man gerne vil.", False),  # a norm
        ("Nogle gange må man tage det første job og se, hvor det fører hen i længden.", False),
        ("Man skal have været medlem af a-kassen i et år, før man kan få dagpenge.", True),  # a rule
        ("Som nyuddannet lagermedarbejder kan du få et truckcertifikat betalt af jobcentret.", True),
        ("Nu argumenterer jeg vist for meget med dig om det her med alderen.", False),  # about the speakers
        ("Nu ansætter de fleste kommuner ufaglærte i sommerferien som afløsere i køkkenerne.", True),
    ],
)
def test_norms_and_the_speakers_are_not_information_facts_and_rules_are(sentence, informative):
    from bot.judgement.information import _informative

    assert _informative(sentence, set()) is informative
