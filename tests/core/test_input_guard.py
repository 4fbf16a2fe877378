import re
from pathlib import Path

import pytest
import yaml

from bot.core.citizen_ref import citizen_ref_problem
from bot.core.input_guard import InputProblem, classify_input, explain
from bot.core.personal_data import find_cpr_numbers

NLU_DIR = Path(__file__).resolve().parent.parent / "data" / "nlu"


@pytest.mark.parametrize(
    "text, problem",
    [
        ("", InputProblem.EMPTY),
        ("   \n ", InputProblem.EMPTY),
        (None, InputProblem.EMPTY),
        ("a" * 10_000, InputProblem.TOO_LONG),
        ("😀😀😀", InputProblem.NO_WORDS),
        ("???", InputProblem.NO_WORDS),
        ("🙈 🙉", InputProblem.NO_WORDS),
        ("<script>alert(1)</script>", InputProblem.MARKUP),
        ("hej <b>dig</b>", InputProblem.MARKUP),
        ("what should I do now", InputProblem.ENGLISH),
        ("how do I make a contract?", InputProblem.ENGLISH),
        ("010190-1234", InputProblem.CPR),
        ("borgeren har cpr 0101901234", InputProblem.CPR),
        ("cpr 010190 1234 til sagen", InputProblem.CPR),
        # typographic dashes and spaces around the dash (found by tests/properties)
        ("cpr 010190–1234", InputProblem.CPR),
        ("010190 - 1234", InputProblem.CPR),
        ("010190‑1234", InputProblem.CPR),
        ("010190 – 1234 til sagen", InputProblem.CPR),
    ],
)
def test_unusable_input_is_recognised(text, problem):
    assert classify_input(text) is problem


@pytest.mark.parametrize(
    "text",
    [
        "næste trin",
        "hvad nu?",
        "trin 4",
        "ok",
        "han siger ingenting",
        "hun tror ikke på det",
        "timeout",
        "samtale med B-1042 kl 10",
        "tlf 12345678",
        "339901-1234 er ikke en dato",
        "CV og ansøgning",
    ],
)
def test_normal_danish_passes(text):
    assert classify_input(text) is None


def _training_examples():
    for path in sorted(NLU_DIR.glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            if block["intent"] in ("bad_input", "out_of_scope"):
                continue
            for line in block["examples"].splitlines():
                if line.strip().startswith("- "):
                    yield block["intent"], line.strip()[2:]


def test_no_training_example_of_a_real_request_is_refused():
    refused = [(intent, text) for intent, text in _training_examples() if classify_input(text) is not None]
    assert refused == []


def test_cpr_needs_a_valid_date():
    assert find_cpr_numbers("321390-1234") == []
    assert len(find_cpr_numbers("a 311299-1234 b 010101 4321")) == 2


@pytest.mark.parametrize("problem", list(InputProblem))
def test_every_problem_has_a_danish_explanation(problem):
    text = explain(problem)
    assert len(text) > 30 and any(ch in text for ch in "æøå»")


def test_the_cpr_refusal_suggests_a_reference_the_plan_store_takes():
    """It once suggested "et fornavn", which the citizen-reference rule refuses as a name."""
    message = explain(InputProblem.CPR)
    examples = [m.removeprefix("borger ") for m in re.findall(r"»([^«]+)«", message)]
    assert examples and all(citizen_ref_problem(e) is None for e in examples)
    assert "fornavn" not in message
