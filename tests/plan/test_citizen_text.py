"""The citizen's "Min plan" in the second person: verbs, pronouns and possessives (issue 14)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.plan.citizen import action_phrase, agreement_sentence, to_second_person
from bot.plan.views import AgreementView

TODAY = date(2025, 11, 26)


def agreement(action, owner="borger", status="open", deadline=date(2025, 11, 28), text=None):
    return AgreementView(
        number=1,
        text=text or f"x {action}",
        owner=owner,
        action=action,
        quantity=None,
        deadline=deadline,
        status=status,
        status_note="han var syg",
        smart={},
        missing=("realistic",),
        created_at=datetime(2025, 11, 19, 9, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    "action, phrase",
    [
        ("sender tre uopfordrede ansøgninger", "sende tre uopfordrede ansøgninger"),
        ("ringer til 2 vikarbureauer", "ringe til 2 vikarbureauer"),
        ("opdaterer sit cv", "opdatere dit cv"),
        ("skriver til sin gamle chef", "skrive til din gamle chef"),
        ("sender sine ansøgninger til mig", "sende dine ansøgninger til mig"),
        ("går til jobmesse på onsdag", "gå til jobmesse på onsdag"),
        ("er med til et møde", "være med til et møde"),
        ("kigger på tre jobopslag", "kigge på tre jobopslag"),
        ("tager på virksomhedsbesøg hos Netto", "tage på virksomhedsbesøg hos Netto"),
    ],
)
def test_the_citizens_own_agreements_become_infinitives(action, phrase):
    assert action_phrase(action) == phrase


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("sende ham praktikopslag", "sende dig praktikopslag"),
        ("finde praktiksteder til hende", "finde praktiksteder til dig"),
        ("kigge på hans cv", "kigge på dit cv"),
        ("læse hendes ansøgninger", "læse dine ansøgninger"),
        ("ringe til hendes sagsbehandler", "ringe til din sagsbehandler"),
        ("hjælpe borgeren med linkedin", "hjælpe dig med linkedin"),
        ("Hanne ringer til Hansen", "Hanne ringer til Hansen"),  # names are not pronouns
    ],
)
def test_pronouns_that_point_at_the_citizen_become_du_dig_din(phrase, expected):
    assert to_second_person(phrase) == expected


def test_sentences_per_owner_and_status():
    assert agreement_sentence(agreement("sender tre ansøgninger"), "Du har aftalt at", TODAY) == (
        "Du har aftalt at sende tre ansøgninger senest fredag d. 28. november."
    )
    konsulent = agreement("sender ham praktikopslag", owner="konsulent", status="done", deadline=None)
    assert agreement_sentence(konsulent, "Din jobkonsulent har lovet at", TODAY) == (
        "Din jobkonsulent har lovet at sende dig praktikopslag. Det er gjort."
    )
    not_done = agreement("ringer til Netto", status="not_done")
    assert agreement_sentence(not_done, "Du har aftalt at", TODAY).endswith("Det blev ikke til noget.")
    assert "syg" not in agreement_sentence(not_done, "Du har aftalt at", TODAY)  # the consultant's note stays out


def test_an_overdue_agreement_says_so_kindly():
    late = agreement("sender tre ansøgninger", deadline=date(2025, 11, 21))
    assert agreement_sentence(late, "Du har aftalt at", TODAY).endswith(
        "Fristen er overskredet – tal med din jobkonsulent om den."
    )


def test_an_action_without_a_verb_is_quoted_rather_than_guessed():
    odd = agreement("Netto og Føtex", deadline=None)
    assert agreement_sentence(odd, "Du har aftalt at", TODAY) == "Aftale: »Netto og Føtex«."
