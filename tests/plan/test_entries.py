"""Scaling readings, ABC jobs and the contract as consultants type them."""

from __future__ import annotations

import pytest

from bot.plan.entries import JobLevel, ScalingKind, parse_contract, parse_jobs, parse_scaling
from bot.plan.errors import PlanError

IMPORTANCE, CONFIDENCE = ScalingKind.IMPORTANCE, ScalingKind.CONFIDENCE


@pytest.mark.parametrize(
    "text, kind, value, reason",
    [
        ("vigtighed 4 fordi hun savner kollegaer", IMPORTANCE, 4, "hun savner kollegaer"),
        ("tro 6", CONFIDENCE, 6, None),
        ("vigtigt: 7", IMPORTANCE, 7, None),
        ("tror på det: 3/10", CONFIDENCE, 3, None),
        ("Tro paa det 5 ud af 10 (kender branchen)", CONFIDENCE, 5, "kender branchen"),
        ("vigtighed: syv fordi hun vil have kollegaer", IMPORTANCE, 7, "hun vil have kollegaer"),
        ("tror hun på det: 6 - hun har gjort det før", CONFIDENCE, 6, "hun har gjort det før"),
        ("selvtillid 2", CONFIDENCE, 2, None),
        ("vigtighed 10", IMPORTANCE, 10, None),
        ("vigtighed 8 fordi hun tror på at det giver kollegaer", IMPORTANCE, 8, "hun tror på at det giver kollegaer"),
    ],
)
def test_scaling(text, kind, value, reason):
    (reading,) = parse_scaling(text)
    assert (reading.kind, reading.value, reading.reason) == (kind, value, reason)


def test_two_readings_in_one_message():
    readings = parse_scaling("vigtighed 8, tro 4 – hun har prøvet det før")
    assert [(r.kind, r.value, r.reason) for r in readings] == [
        (IMPORTANCE, 8, None),
        (CONFIDENCE, 4, "hun har prøvet det før"),
    ]


@pytest.mark.parametrize(
    "text, words",
    [
        ("vigtighed 11", "1 til 10"),
        ("tro 0", "1 til 10"),
        ("tro 4,5", "hele tal"),
        ("vigtighed", "mangler tallet"),
        ("skala 7", "vigtighed eller tro"),
        ("", "Jeg fik ikke noget med"),
        ("tro 6 " + "bla " * 400, "for lang"),
        ("tro 6 fordi 010190-1234", "CPR-nummer"),
    ],
)
def test_bad_scaling(text, words):
    with pytest.raises(PlanError) as error:
        parse_scaling(text)
    assert words in error.value.message


@pytest.mark.parametrize(
    "text, expected",
    [
        ("A-job: pædagogmedhjælper", [("A", "pædagogmedhjælper")]),
        ("b job lagerarbejder", [("B", "lagerarbejder")]),
        ("C: rengøring", [("C", "rengøring")]),
        ("Ajob kok", [("A", "kok")]),
        (
            "A-jobbet er pædagogmedhjælper, B-job: lager og C: rengøring",
            [("A", "pædagogmedhjælper"), ("B", "lager"), ("C", "rengøring")],
        ),
        ("A: smed | B: lager", [("A", "smed"), ("B", "lager")]),
        ("B-job: butik, gerne i Horsens", [("B", "butik, gerne i Horsens")]),
    ],
)
def test_jobs(text, expected):
    assert [(j.level.value, j.title) for j in parse_jobs(text)] == expected
    assert all(isinstance(j.level, JobLevel) for j in parse_jobs(text))


@pytest.mark.parametrize(
    "text, words",
    [
        ("a-kassen vurderer cv'et", "hvilket niveau"),
        ("A-job:", "Hvilket job er A-jobbet"),
        ("A: " + "x" * 200, "for lang"),
    ],
)
def test_bad_jobs(text, words):
    with pytest.raises(PlanError) as error:
        parse_jobs(text)
    assert words in error.value.message


def test_full_contract():
    contract = parse_contract(
        "kontrakt: vi taler om jobsøgning, målet er at hun har tre nye brancher, vi gør det ved at bruge ABC-planen"
    )
    assert (contract.about, contract.goal, contract.how) == (
        "jobsøgning",
        "hun har tre nye brancher",
        "bruge ABC-planen",
    )
    assert contract.missing_questions == ()


def test_contract_without_markers_is_the_topic():
    contract = parse_contract("kontrakt: jobsøgning bredt")
    assert contract.about == "jobsøgning bredt"
    assert contract.missing_questions == ("Hvad skal samtalen føre til?", "Hvordan griber I det an?")


def test_contract_with_only_a_goal():
    contract = parse_contract("Kontrakten: målet er et nyt cv")
    assert (contract.about, contract.goal) == (None, "et nyt cv")


def test_contract_in_ae_spelling():
    contract = parse_contract("kontrakt: vi taler om cv, maalet er et faerdigt cv")
    assert (contract.about, contract.goal) == ("cv", "et faerdigt cv")


@pytest.mark.parametrize("text, words", [("kontrakt:", "tom"), ("kontrakt: 010190-1234", "CPR-nummer")])
def test_bad_contract(text, words):
    with pytest.raises(PlanError) as error:
        parse_contract(text)
    assert words in error.value.message
