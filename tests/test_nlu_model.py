"""The trained model, loaded as Rasa loads it: key phrasings and held-out generalisation."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MODEL = PROJECT_ROOT / "models" / "samtaleguide.tar.gz"
HOLDOUTS = sorted((PROJECT_ROOT / "tests" / "data").glob("nlu_holdout*.yml"))
# Measured on the held-out file when the data was written; a drop below this is a regression.
MIN_HOLDOUT_ACCURACY = 0.85

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def parse():
    from rasa.core.agent import load_agent

    assert MODEL.exists(), "run `make train` first (make test does it)"
    loop = asyncio.new_event_loop()
    agent = loop.run_until_complete(load_agent(model_path=str(MODEL)))

    def _parse(text: str) -> dict:
        return loop.run_until_complete(agent.parse_message(text))

    yield _parse
    loop.close()


@pytest.mark.parametrize(
    "text, intent",
    [
        ("hvordan laver jeg kontrakten?", "tool_kontrakt"),
        ("han bliver vred når jeg nævner rådighed", "tool_udfordrende_samtale"),
        ("hun tror ikke på det", "tool_skalaspoergsmaal"),
        ("næste trin", "next_step"),
        ("hvad nu?", "next_step"),
        ("jeg taler for meget", "tool_ugu"),
        ("han siger ingenting", "tool_udfordrende_samtale"),
        ("hun bliver sur når jeg nævner praktik", "tool_udfordrende_samtale"),
        ("hvor er vi?", "status"),
        ("trin 7", "goto_step"),
    ],
)
def test_key_phrasings(parse, text, intent):
    assert parse(text)["intent"]["name"] == intent


@pytest.mark.parametrize(
    "text", ["", "😀😀😀", "<script>alert(1)</script>", "a" * 10_000, "what should I do now", "010190-1234"]
)
def test_unusable_input_becomes_bad_input(parse, text):
    assert parse(text)["intent"]["name"] == "bad_input"


def _holdout():
    for path in HOLDOUTS:
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            for line in block["examples"].splitlines():
                if line.strip().startswith("- "):
                    yield line.strip()[2:], block["intent"]


def test_held_out_examples_generalise(parse):
    examples = list(_holdout())
    wrong = [(text, want, parse(text)["intent"]["name"]) for text, want in examples]
    wrong = [w for w in wrong if w[1] != w[2]]
    accuracy = 1 - len(wrong) / len(examples)
    assert accuracy >= MIN_HOLDOUT_ACCURACY, f"accuracy {accuracy:.2f}; misses: {wrong}"


# --- the course and the knowledge for preparation and step 5 (issue 15) ----------------------------
# Two held-out sets of their own, kept apart from the glob above: set A was written before the
# first training, set B after the first measurement and before the training data were broadened.
# Measured with the model trained on all data on 2026-12-07 (see the README): A 34/53, B 21/36.
KNOWLEDGE_HOLDOUTS = {"nlu_knowledge_holdout_a.yml": 0.60, "nlu_knowledge_holdout_b.yml": 0.55}


@pytest.mark.parametrize(
    "text, intent",
    [
        ("fællessamtale", "tool_faellessamtale"),
        ("tværfaglighed", "tool_tvaerfaglighed"),
        ("tænk virksomhederne med", "tool_virksomheder"),
        ("tænk ud af boksen", "tool_ud_af_boksen"),
        ("via uddannelse i job", "tool_uddannelse"),
        ("digitale værktøjer", "tool_digitale_vaerktoejer"),
        ("det er en fælles samtale med a-kassen og jobcentret", "tool_faellessamtale"),
        ("det er 3. samtale", "set_course"),  # the exact matcher, whatever the model says
        ("det er en fællessamtale", "set_course"),
        ("cv-samtale med B-12", "start_conversation"),
        ("3. samtale med B-12", "start_conversation"),
        ("ny samtale med borger B-12 om cv", "start_conversation"),
    ],
)
def test_the_knowledge_by_name_and_the_course_commands(parse, text, intent):
    assert parse(text)["intent"]["name"] == intent


@pytest.mark.parametrize("name, minimum", sorted(KNOWLEDGE_HOLDOUTS.items()))
def test_the_knowledge_intents_on_held_out_situations(parse, name, minimum):
    path = PROJECT_ROOT / "tests" / "data" / name
    examples = [
        (line.strip()[2:], block["intent"])
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]
        for line in block["examples"].splitlines()
        if line.strip().startswith("- ")
    ]
    wrong = [(text, want, got) for text, want in examples if (got := parse(text)["intent"]["name"]) != want]
    accuracy = 1 - len(wrong) / len(examples)
    assert accuracy >= minimum, f"{name}: accuracy {accuracy:.2f}; misses: {wrong}"
