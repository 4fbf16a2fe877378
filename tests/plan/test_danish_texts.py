"""Danish details the issue found (issue 14): each with the sentence it must become."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import yaml

from bot.plan.followup import status_reason
from bot.plan.render import contract_text, goal_phrase
from bot.plan.views import ContractView
from bot.settings import PROJECT_ROOT


def contract(about="jobsøgning", goal="finde to mulige brancher", how=None):
    return ContractView(1, datetime(2025, 11, 19, 9, tzinfo=UTC), about, goal, how)


@pytest.mark.parametrize(
    "goal, phrase",
    [
        ("finde to mulige brancher", "at finde to mulige brancher"),
        ("få et nyt cv", "at få et nyt cv"),
        ("hun har tre nye brancher", "at hun har tre nye brancher"),
        ("en ugeplan", "en ugeplan"),
        ("tre nye brancher", "tre nye brancher"),
        ("liste med fem virksomheder", "liste med fem virksomheder"),
        ("at afklare om en rkv giver mening", "at afklare om en rkv giver mening"),
    ],
)
def test_a_goal_that_is_a_verb_or_a_clause_gets_at(goal, phrase):
    assert goal_phrase(goal) == phrase


def test_the_contract_is_echoed_with_at():
    assert contract_text(contract()) == "I taler om jobsøgning, målet er at finde to mulige brancher."


def test_last_times_contract_is_in_the_past_tense():
    assert contract_text(contract(how="vi bruger ABC-planen"), past=True) == (
        "I talte om jobsøgning, målet var at finde to mulige brancher, sådan: vi bruger ABC-planen."
    )


def test_the_guide_never_says_velbekomme_for_thanks():
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    texts = [r["text"] for r in domain["responses"]["utter_thanks"]]
    assert texts and not any("elbekomme" in t for t in texts)


@pytest.mark.parametrize(
    "text, reason",
    [
        ("aftale 1 blev ikke til noget, han var syg", "han var syg"),
        ("aftale 3 er ikke gjort – hun var syg", "hun var syg"),
        ("aftale et ikke gennemført pga sygdom", "sygdom"),
        ("aftale 2 ikke gjort", None),
        ("ikke gjort: aftale 2, han var på ferie", "han var på ferie"),
        ("aftale 4 droppet (han fik job)", "han fik job"),
        ("", None),
    ],
)
def test_only_the_reason_is_kept_as_the_note(text, reason):
    """The issue: »aftale 1 blev ikke til noget, han var syg« stored the whole sentence."""
    assert status_reason(text) == reason


def test_the_brief_opening_is_short_and_in_the_past(service):
    from bot.plan.render import render_opening

    from .conftest import START

    service.start_conversation("s1", "k", "B-31", "brancheskift", 30, START)
    service.record_contract("s1", "kontrakt: vi taler om brancher, målet er at finde to mulige brancher")
    service.record_agreement("s1", "aftale: B-31 sender tre ansøgninger inden fredag", save_anyway=True)
    service.end_conversation("s1", ended_at=START)
    opening = service.start_conversation("s2", "k", "B-31", None, 30, datetime(2025, 11, 26, 9, tzinfo=UTC))
    text = render_opening(opening, date(2025, 11, 26), brief=True)
    assert text.splitlines()[0] == "Fra sidst (samtale nr. 2):"
    assert "• Målet sidst: at finde to mulige brancher" in text
    assert "Forslag fra forløbsmodellen" not in text and len(text.splitlines()) <= 6


def test_what_was_understood_has_one_colon(service):
    """The issue: "Jeg har forstået: B-31: kigger …" (double colon)."""
    from bot.plan.render import render_agreement_outcome

    from .conftest import START

    service.start_conversation("s1", "k", "B-31", None, 30, START)
    outcome = service.record_agreement("s1", "aftale: B-31 kigger lidt på nogle jobs")
    text = render_agreement_outcome(outcome, date(2025, 11, 19), "B-31")
    assert text.splitlines()[0] == "Jeg har forstået: B-31 kigger lidt på nogle jobs."
    konsulent = service.record_agreement("s1", "jeg finder praktiksteder til hende")
    assert render_agreement_outcome(konsulent, date(2025, 11, 19), "B-31").startswith(
        "Jeg har forstået: konsulenten finder praktiksteder til hende."
    )
