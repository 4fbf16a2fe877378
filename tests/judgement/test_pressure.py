"""Pressure (trin 7, s. 16; Udfordrende samtaler, s. 18): counted once per pushing turn."""

from __future__ import annotations

import pytest

from bot.judgement.pressure import ARGUE, CRITICISE, ORDER, PERSUADE, THREATEN, detect_pressure, pressure_kinds
from bot.judgement.process import detect_role_switch

from .conftest import turns_of


def kinds(consultant: str, citizen: str | None = None, role_switch: bool = False) -> tuple[str, ...]:
    text = (f"B: {citizen}\n" if citizen else "") + f"K: {consultant}"
    turns = turns_of(text)
    return pressure_kinds(turns[-1], turns[0] if citizen else None, role_switch)


@pytest.mark.parametrize(
    ("consultant", "citizen", "kind"),
    [
        ("Det forstår jeg, men du bliver nødt til at søge mere.", None, ORDER),
        ("Du skal altså søge de stillinger, jeg har fundet.", None, ORDER),
        ("Og næste gang vil jeg se mindst otte ansøgninger i loggen.", None, ORDER),
        ("Det må du finde ud af. Det er dit ansvar.", None, ORDER),
        ("Du burde søge i ældreplejen.", None, PERSUADE),
        ("49 er da ikke gammelt.", None, PERSUADE),
        ("Det vil også være godt for din datter, at du kommer ud.", None, PERSUADE),
        ("Jamen det er der, jobbene er.", "Jeg vil ikke tilbage til de gamle.", ARGUE),
        ("Alle er trætte, når de kommer hjem.", "Jeg var færdig, når jeg kom hjem.", ARGUE),
        ("Der er bare ikke så mange af dem.", "Måske en mindre butik.", ARGUE),
        ("Det er altså ikke godt nok.", None, CRITICISE),
        ("Det kan jeg ikke se i din joblog.", None, CRITICISE),
        ("Hvis du ikke søger, kan det få konsekvenser for din kontanthjælp.", None, THREATEN),
        ("Så kan a-kassen stoppe dine dagpenge.", None, THREATEN),
    ],
)
def test_each_kind_of_pressure(consultant, citizen, kind):
    assert kind in kinds(consultant, citizen)


@pytest.mark.parametrize(
    ("consultant", "citizen"),
    [
        ("Du er bange for at blive set som for langsom. Og samtidig har du lige fortalt, at kunderne ventede på dig.",
         "Hvem vil have mig?"),
        ("Det lyder, som om den plan ikke fungerer for dig.", "I presser mig."),
        ("Så siger vi, at du søger de tre stillinger inden fredag.", None),
        ("Kunne det også være en fordel, at du har så meget erfaring?", "Jeg er 32."),
        ("Det er naturligvis dit frie valg. Vælger du ikke at følge reglerne, får det konsekvenser.", None),
        ("Du skal registrere dine ansøgninger i jobloggen hver uge.", None),
        ("Du kan skrive, du har bare ikke gjort det om dig selv.", "Jeg har aldrig skrevet om mig selv."),
        ("Det er dig, der bestemmer.", None),
    ],
)  # fmt: skip
def test_no_pressure(consultant, citizen):
    assert kinds(consultant, citizen) == ()


def test_argument_markers_need_an_objection_before_them():
    assert ARGUE not in kinds("Du har jo gjort det i flere år.", "Det var fint.")
    assert ARGUE in kinds("Du har jo gjort det i flere år.", "Jeg kan ikke følge med.")


def test_rules_inside_an_announced_role_switch_are_information():
    text = """
    K: Jeg tager lige myndighedskasketten på. Hvad ved du om reglerne?
    B: Ikke meget.
    K: Du skal søge job løbende. Hvis du ikke gør det, kan det få konsekvenser for dine dagpenge.
    B: Okay.
    K: Nu tager jeg kasketten af igen. Hvordan har du det med det?
    B: Fint.
    K: Hvis du ikke søger, kan det få konsekvenser.
    """
    turns = turns_of(text)
    switch = detect_role_switch([t for t in turns if t.consultant])
    hits = detect_pressure(turns, switch.covered)
    assert switch.announced and [h.turn for h in hits] == [4]  # only the warning after the hat came off


def test_one_count_per_turn_however_many_pushes_in_it():
    turns = turns_of("K: Du bliver nødt til at søge. Det er altså ikke godt nok. Ellers mister du din ydelse.")
    hits = detect_pressure(turns, frozenset())
    assert len(hits) == 1 and set(hits[0].kinds) == {ORDER, CRITICISE, THREATEN}


@pytest.mark.parametrize(
    ("consultant", "citizen", "kind"),
    [
        # yes-but after the citizen's view, in several openings
        ("Ja, men sådan er arbejdsmarkedet i dag.", "Jeg vil ikke arbejde om natten.", ARGUE),
        ("Nej, nej. Men lageret er stadig den bedste vej ind.", "Jeg er ikke doven, bare træt.", ARGUE),
        ("Det er fint nok, men kurset er gratis for dig.", "Jeg har ikke lyst til skolebænken.", ARGUE),
        # orders with the object first and "du skal" with any verb
        ("Dem skal du ringe til i dag.", None, ORDER),
        ("Det må du altså lære at leve med.", None, ORDER),
        ("Du skal vælge det, der giver arbejde.", None, ORDER),
        # warnings without sanction words, and consequences in other verbs
        ("Du skal passe på, at du ikke bliver hængende derhjemme.", None, THREATEN),
        ("Hvis du ikke søger nok, kan kommunen standse din hjælp.", None, THREATEN),
        # disapproval and asking the citizen to reconsider their own priority
        ("Det går ikke, at du ikke har søgt noget i en måned.", None, CRITICISE),
        ("Og tænk lige over, om bilen virkelig er vigtigere end et job.", None, PERSUADE),
    ],
)
def test_pressure_in_other_words(consultant, citizen, kind):
    assert kind in kinds(consultant, citizen)


@pytest.mark.parametrize(
    ("consultant", "citizen"),
    [
        ("Ja, men hvad tænker du selv om det?", "Hm."),  # "yes-but" with nothing said to argue against
        ("Du vil gerne flytte, hvis det er det, der skal til.", "Jeg flytter gerne for et job."),
        ("Så du skal bruge en idé til, hvad du kan nu.", "Jeg har brug for en idé."),
        ("Du skal nok finde noget, der passer til dig.", None),  # reassurance, not an order
        ("Det må du gerne tage med næste gang.", None),
        ("Det må du selv bestemme.", None),
        ("Det skal du ikke være bange for at sige.", None),
        ("Så siger vi, at du melder dig til jobmessen på torsdag.", None),  # signing up, not reporting
        ("Pas godt på dig selv i weekenden.", None),
    ],
)
def test_near_misses_are_no_pressure(consultant, citizen):
    assert kinds(consultant, citizen) == ()


def test_dismissing_the_citizens_reason_anywhere_in_the_turn():
    citizen = "Jeg kan ikke leve af en elevløn, og jeg har et lån."
    turn = "Som voksenlærling får du løn. Så lånet er faktisk ikke en grund til at lade være."
    assert ARGUE in kinds(turn, citizen)
    assert kinds("Så lånet er ikke et problem for dig at tale om her.", "Hm.") == ()  # nothing said to dismiss
    assert kinds("Det er ikke din skyld, at lånet fylder.", citizen) == ()  # appreciation, not dismissal
